//! The whole handling of one inbound request, for any HTTP server: secret check, parse, reply.

use super::reply::{CallbackError, Reply};
use super::secret::{Secret, SecretCheck};
use crate::generated::callback_events::Inbound;

/// Checks and parses inbound requests with one secret. Hand it what your HTTP server received;
/// answer with the [`Handled`] status and body.
#[derive(Debug, Clone)]
pub struct Receiver {
    secret: Secret,
}

/// What became of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A well-formed callback with the right secret.
    Event(Box<Inbound>),
    /// The secret is missing or wrong ([`SecretCheck::Missing`] or [`SecretCheck::Wrong`]).
    Forbidden(SecretCheck),
    /// Not a well-formed callback.
    Malformed(CallbackError),
}

/// The answer to give and what the request was.
#[derive(Debug, Clone, PartialEq)]
pub struct Handled {
    /// HTTP status: 200, 403 (secret) or 400 (malformed).
    pub status: u16,
    /// The response body: `ok` for an event (so VoIP.ms does not resend it).
    pub body: String,
    /// The event, or why there is none.
    pub outcome: Outcome,
}

impl Receiver {
    /// A receiver accepting requests that carry `secret` (query parameter or bearer token).
    pub fn new(secret: Secret) -> Receiver {
        Receiver { secret }
    }

    /// Handles one request: `method` (`GET`, `POST`), the query string (without `?`), the
    /// `Authorization` header's value if any, and the body.
    pub fn handle(
        &self,
        method: &str,
        query: &str,
        authorization: Option<&str>,
        body: &[u8],
    ) -> Handled {
        let check = self.secret.check(query, authorization);
        if !check.is_accepted() {
            return Handled {
                status: 403,
                body: "forbidden\n".into(),
                outcome: Outcome::Forbidden(check),
            };
        }
        match Inbound::parse(method, query, body) {
            Ok(event) => {
                let reply: Reply = event.reply();
                Handled {
                    status: reply.status(),
                    body: reply.body().to_string(),
                    outcome: Outcome::Event(Box::new(event)),
                }
            }
            Err(e) => Handled {
                status: 400,
                body: format!("{e}\n"),
                outcome: Outcome::Malformed(e),
            },
        }
    }
}
