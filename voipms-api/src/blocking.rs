//! The blocking client (cargo feature `blocking`): the same methods, validation, retries, rate
//! limit, tracing and results as the async [`crate::Client`], for programs without an async
//! runtime.
//!
//! ```no_run
//! # fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use voipms_api::blocking::Client;
//! use voipms_api::general::GetBalance;
//!
//! let client = Client::new("me@example.com", "api-password")?;
//! let balance = client.get_balance(GetBalance::new().advanced(true))?;
//! println!("{:?}", balance.balance);
//! # Ok(()) }
//! ```
//!
//! Like `reqwest::blocking`, on which it is built, it must not be used from inside an async
//! runtime (it runs its own); use the async client there.

use std::fmt;
use std::sync::Arc;

use crate::Error;
use crate::client::{
    Call, ConfigError, Core, Decoded, Payload, Plan, Step, multipart_form, own_http_client, take,
};
use crate::request::Request;

/// A blocking client for the VoIP.ms API (REST/JSON by default, or SOAP: see
/// [`crate::Transport`]). Cheap to clone (clones share connections and the rate limit) and
/// usable from many threads.
///
/// `Debug` shows the user name, never the password.
#[derive(Clone)]
pub struct Client {
    http: reqwest::blocking::Client,
    core: Arc<Core>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.core, f)
    }
}

/// Builds a blocking [`Client`]: the same builder and settings as [`crate::ClientBuilder`],
/// with a `reqwest::blocking::Client` for [`crate::ClientBuilder::http_client`].
pub type ClientBuilder = crate::ClientBuilder<reqwest::blocking::Client>;

impl crate::ClientBuilder<reqwest::blocking::Client> {
    /// Builds the blocking client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let (http, core) =
            self.into_parts(|s| own_http_client!(reqwest::blocking::Client::builder(), s))?;
        Ok(Client {
            http,
            core: Arc::new(core),
        })
    }
}

impl Client {
    /// A client for the production endpoint.
    pub fn new(
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Result<Client, ConfigError> {
        Client::builder(username, password).build()
    }

    /// A client configured from the environment, as the `voipms` tool is: see
    /// [`crate::ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, ConfigError> {
        ClientBuilder::from_env()?.build()
    }

    /// A builder, for a different base URL, transport, timeout, user agent, HTTP client,
    /// retries or rate limit.
    pub fn builder(username: impl Into<String>, password: impl Into<String>) -> ClientBuilder {
        ClientBuilder::with_credentials(username.into(), password.into())
    }

    /// Sends a typed request and decodes its typed response; see [`crate::Client::call`].
    pub fn call<R: Request>(&self, request: R) -> Result<R::Response, Error> {
        self.execute(Plan::typed(&request)).map(take::<R::Response>)
    }

    /// Runs a call's attempts; not generic, so compiled once for every function.
    pub(crate) fn execute(&self, plan: Plan<'_>) -> Result<Decoded, Error> {
        let mut call = Call::new(&self.core, plan);
        let span = call.span();
        let _entered = span.enter();
        let body = match call.prepare() {
            Ok(body) => body,
            Err(e) => return call.done(Err(e)),
        };
        loop {
            let wait = call.rate_wait();
            if !wait.is_zero() {
                tracing::debug!(
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "waiting for the rate limit"
                );
                std::thread::sleep(wait);
            }
            let sent = self.send(&body);
            match call.outcome(sent) {
                Step::Retry(delay) => std::thread::sleep(delay),
                Step::Done(result) => return call.done(result),
            }
        }
    }

    fn send(&self, payload: &Payload) -> Result<(u16, bytes::Bytes), reqwest::Error> {
        let core = &self.core;
        let http = &self.http;
        let mut req = match payload {
            Payload::Multipart(fields) => http.post(&core.endpoint).multipart(multipart_form!(
                reqwest::blocking::multipart::Form,
                fields.iter().cloned()
            )),
            Payload::Query(url) => http.get(url),
            Payload::Text(body) => http.post(&core.endpoint).body(body.clone()),
        }
        .headers(core.headers.clone());
        if let Some(t) = self.core.request_timeout {
            req = req.timeout(t);
        }
        let resp = req.send()?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes()?;
        Ok((status, bytes))
    }
}

impl Client {
    /// Reads the record of setter `S` with `key`, applies `change` and sends the whole record
    /// back (the generated `update_<x>` helpers call this).
    ///
    /// # Errors
    /// As [`crate::Client::update`].
    pub fn update<S: crate::update::Updatable>(
        &self,
        key: &str,
        change: impl FnOnce(S) -> S,
    ) -> Result<S::Response, Error> {
        let read = self.call(S::read_request(key))?;
        let request = crate::update::prepare(S::records(read), key, change)?;
        self.call(request)
    }
}
