//! Inbound messages: what VoIP.ms sends to your own server, typed (feature `callbacks`).
//!
//! VoIP.ms tells a server about each SMS/MMS a DID receives in two ways, configured with `setSMS`:
//! the **URL callback** (a `GET` whose query string holds the placeholders `{FROM}`, `{TO}`,
//! `{MESSAGE}`, ... substituted) and the **webhook** (a `POST` with a JSON body). Fax numbers have
//! their own **URL callback** (a `POST` whose body no documentation describes). The event types
//! ([`InboundSms`], [`SmsWebhook`], [`FaxCallback`], and [`Inbound`] for any of them) are
//! generated from `spec/callbacks.yaml`, which says which fields VoIP.ms documents and which are
//! only observed in integrations. They take the raw query string or body, so any HTTP framework
//! can hand them over.
//!
//! ```
//! use voipms_api::callbacks::{Inbound, Secret, SecretCheck};
//!
//! let secret = Secret::new("s3cret");
//! // What your HTTP server received: method, query string, Authorization header, body.
//! let query = "to=5551234567&from=5557654321&message=Hello+there+%F0%9F%91%8B&secret=s3cret";
//! assert_eq!(secret.check(query, None), SecretCheck::Accepted);
//! let event = Inbound::parse("GET", query, b"")?;
//! if let Inbound::InboundSms(sms) = &event {
//!     assert_eq!(sms.message.as_deref(), Some("Hello there 👋"));
//! }
//! let reply = event.reply(); // answer `ok` with status 200, or VoIP.ms sends it again
//! assert_eq!((reply.status(), reply.body()), (200, "ok"));
//! # Ok::<(), voipms_api::callbacks::CallbackError>(())
//! ```
//!
//! [`Receiver`] does all of it for one request (secret, parse, status and body to answer).
//! [`callback_url`] writes the `url_callback` value to configure (placeholders and secret);
//! `Client::enable_sms_callback` (feature `dids`, see [`enable`]) configures it without losing the DID's other SMS settings.
//! No signature protects these requests: the secret in the URL (or the webhook's bearer token)
//! is the only proof a request comes from VoIP.ms, so check it ([`Secret::check`]) first.

#[cfg(feature = "dids")]
pub mod enable;
pub mod event_json;
pub(crate) mod json_body;
pub(crate) mod query;
mod receiver;
pub(crate) mod reply;
mod secret;

pub use crate::generated::callback_events::{FaxCallback, Inbound, InboundSms, SmsWebhook};
pub use json_body::JsonBody;
pub use query::{Query, SECRET_PARAM};
pub use receiver::{Handled, Outcome, Receiver};
pub use reply::{CallbackError, Reply};
pub use secret::{Secret, SecretCheck, callback_url};
