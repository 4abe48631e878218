//! A typed client for the [VoIP.ms](https://voip.ms) REST/JSON API, generated from a reviewed
//! spec of all its functions.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use voipms_api::Client;
//! use voipms_api::general::GetBalance;
//!
//! let client = Client::new("me@example.com", "api-password")?;
//! let balance = client.get_balance(GetBalance::new().advanced(true)).await?;
//! println!("{:?}", balance.balance);
//! # Ok(()) }
//! ```
//!
//! **Where to start**
//!
//! - [`function_index`]: every VoIP.ms function by wire name (`sendSMS`, `getCDR`...) with its
//!   method, request type, module and kind (with every category feature on, the default).
//! - [`guide`]: common tasks with programs: send and read SMS, export CDRs, change routing,
//!   manage sub-accounts, handle errors, test with the mock.
//! - [`Client`]: one method per function (`client.send_sms(SendSms::new(..))`), and the helpers
//!   [`Client::records`] (date ranges longer than the API allows, window by window),
//!   [`Client::call_raw`] (any function by wire name, parameters as strings) and
//!   [`Client::builder`] (timeout, retries, rate limit, base URL).
//! - [`Error`]: what went wrong, with [`ErrorCode`] for VoIP.ms's status codes.
//! - `blocking::Client` (feature `blocking`): the same without async; `mock::MockServer`
//!   (feature `mock`): a local fake of VoIP.ms for tests.
//!
//! Every function has a request type whose required parameters are constructor arguments and
//! whose optional ones are chainable setters, a typed response, and a method on [`Client`]
//! (and on `blocking::Client` with the `blocking` feature). Each documentation category is a
//! cargo feature (all on by default).
//!
//! - Parameters are checked against the documented rules before anything is sent
//!   ([`Error::Validation`]).
//! - Read-only functions can be retried on transient failures ([`RetryPolicy`]); functions
//!   that change state or spend money never are.
//! - [`RateLimit`] keeps a program under the API's per-minute limit.
//! - Each call runs in a `voipms.call` tracing span (function, kind, outcome, attempts, HTTP
//!   status, duration); credentials never appear in spans, events or errors.
//! - Real answers never break a typed call: a value that does not fit its type reads as absent
//!   and is kept in the object's `extra()`, fields the spec lacks are kept there too, and every
//!   deviation is on the response's `drift()` ([`Drift`]) and logged once on target
//!   `voipms_api::drift`; [`ClientBuilder::strict_decoding`] makes drift an error.
//!
//! # Crate map
//!
//! | where | what |
//! | --- | --- |
//! | [`Client`], [`ClientBuilder`], `blocking` | the clients: one method per function, [`Client::call`] for any request, [`Client::call_raw`] / [`Client::call_typed`] by wire name |
//! | `accounts`, `cdr`, `dids`, ... (one module per documentation category and cargo feature) | request types (`GetCdr`), typed responses (`GetCdrResponse`) and their nested types (`get_cdr::Cdr`) |
//! | [`Acknowledgement`], [`RawResponse`] | the responses shared by functions: of those documented as answering `status` alone (`CancelDidResponse` is an alias), and of those whose answer is undocumented |
//! | [`value_sets`] | the documented value sets as enums, each compiled with the categories that use it |
//! | [`types`] | value types: [`Date`], [`DateTime`], [`Routing`], [`Phone`], [`types::Count`] |
//! | [`Error`], [`ErrorCode`] | what a call can fail with; every documented status code |
//! | [`Extra`], [`Drift`] | what VoIP.ms sent beyond the spec, and how it differed |
//! | [`ranges`] | long date ranges fetched window by window ([`Client::records`]) |
//! | [`meta`] | what the metadata says of a function (wire name, kind, parameters, rules) |
//! | [`catalog`] | the tables of the enabled categories: [`catalog::FUNCTIONS`], [`catalog::UPDATES`], [`catalog::function`] |
//! | [`dispatch`] | calls and decoding by wire name for tools ([`Client::call_raw`], [`Client::call_typed`]) |
//! | `mock` (feature `mock`) | a local fake of VoIP.ms built from the spec, for tests |
//! | `callbacks` (feature `callbacks`) | typed inbound SMS/MMS callbacks and webhooks |
//! | [`wire`] | form encoding and JSON decoding, used by the generated code |
//! | [`Transport`], `soap` (feature `soap`) | REST/JSON (default) or VoIP.ms's SOAP interface: the request envelope, and a serde `Deserializer` over SOAP answers feeding the same typed decoders |

// Feature badges on docs.rs (built there with `--cfg docsrs` on nightly); stable builds ignore it.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "blocking")]
pub mod blocking;
mod body;
#[cfg(feature = "callbacks")]
pub mod callbacks;
pub mod catalog;
mod category;
mod client;
pub mod dispatch;
mod error;
#[cfg(all(
    feature = "accounts",
    feature = "cdr",
    feature = "dids",
    feature = "general"
))]
pub mod guide;
#[rustfmt::skip]
mod generated;
pub mod meta;
#[cfg(feature = "mock")]
pub mod mock;
mod outcome;
pub mod ranges;
mod rate_limit;
mod redact;
mod request;
mod retry;
#[cfg(feature = "soap")]
pub mod soap;
mod transport;
pub mod types;
pub mod update;
pub mod validate;
pub mod wire;

pub use client::raw_answer::RawAnswer;
pub use client::{
    BASE_URL_VAR, Client, ClientBuilder, ConfigError, DEFAULT_BASE_URL, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT, MAX_REQUEST_LINE, PASSWORD_VAR, ResponseFuture, Transport, USERNAME_VAR,
    check_base_url, credentials_from_env,
};
pub use error::Error;
pub use generated::errors::ErrorCode;
pub use generated::*;
pub use ranges::{DateRanged, RecordStream};
pub use rate_limit::RateLimit;
pub use request::Request;
pub use retry::RetryPolicy;
pub use rust_decimal::Decimal;
pub use types::{Date, DateTime, Phone, Routing, Timestamp, UnknownValue};
pub use wire::drift::{Drift, DriftKind, JsonShape};
pub use wire::{Acknowledgement, Extra, RawResponse};

/// The README's Rust examples, compiled as doctests so they cannot rot (they use every
/// feature, as the project's test suite does).
#[cfg(all(
    doctest,
    feature = "all-categories",
    feature = "blocking",
    feature = "mock",
    feature = "soap"
))]
#[doc = include_str!("../../README.md")]
mod readme {}
