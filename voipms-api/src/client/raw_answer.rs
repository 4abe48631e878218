//! Calls whose body is wanted as VoIP.ms sent it (`voipms call --raw` and `--save`, or a
//! program that keeps real answers to check the spec against).

use serde_json::{Map, Value};
use tracing::Instrument as _;

use super::{Call, Client, Plan, Step, take};
use crate::error::Error;
use crate::redact::mask;
use crate::wire::RawResponse;

/// What VoIP.ms answered to one call, before any decoding, with the outcome
/// [`Client::call_raw`] would have returned.
#[derive(Debug)]
pub struct RawAnswer {
    /// The HTTP status of the answer.
    pub http_status: u16,
    /// The body as received (invalid UTF-8 replaced), the API password replaced by
    /// `<redacted>` wherever it is echoed.
    pub body: String,
    /// The fields of the response without `status`, or the error the answer means.
    pub fields: Result<Map<String, Value>, Error>,
}

impl Client {
    /// Runs `plan` like [`Client::call_raw`] does and also hands back the body of the last
    /// answer as received (see `Client::call_received`, which builds the plan).
    pub(crate) async fn received(&self, plan: Plan<'_>) -> Result<RawAnswer, Error> {
        let core = &self.inner.core;
        let mut call = Call::new(core, plan);
        let span = call.span();
        async move {
            let body = match call.prepare() {
                Ok(body) => body,
                Err(e) => return call.done::<RawAnswer>(Err(e)),
            };
            loop {
                let wait = call.rate_wait();
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                let sent = self.send(&body).await;
                let got = sent.as_ref().ok().map(|(s, b)| (*s, b.clone()));
                match call.outcome(sent) {
                    Step::Retry(delay) => tokio::time::sleep(delay).await,
                    Step::Done(result) => {
                        let fields = call.done(result).map(|body| take::<RawResponse>(body).0);
                        let Some((http_status, bytes)) = got else {
                            // Without an answer the attempt ended in a transport error, which
                            // `fields` is.
                            return fields.map(|fields| RawAnswer {
                                http_status: 0,
                                body: String::new(),
                                fields: Ok(fields),
                            });
                        };
                        let body = String::from_utf8_lossy(&bytes).into_owned();
                        return Ok(RawAnswer {
                            http_status,
                            body: mask(body, &core.creds.password),
                            fields,
                        });
                    }
                }
            }
        }
        .instrument(span)
        .await
    }
}
