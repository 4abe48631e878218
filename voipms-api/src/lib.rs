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
//! - [`Client::records`] fetches date ranges longer than the API allows, window by window.
//! - Each call runs in a `voipms.call` tracing span (function, kind, outcome, attempts, HTTP
//!   status, duration); credentials never appear in spans, events or errors.

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
pub mod dispatch;
mod error;
#[rustfmt::skip]
mod generated;
pub mod meta;
#[cfg(feature = "mock")]
pub mod mock;
pub mod ranges;
mod rate_limit;
mod request;
mod retry;
pub mod types;
pub mod update;
pub mod validate;
pub mod wire;

pub use client::raw_answer::RawAnswer;
pub use client::{
    Client, ClientBuilder, ConfigError, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use error::Error;
pub use generated::errors::ErrorCode;
pub use generated::*;
pub use ranges::{DateRanged, RecordStream};
pub use rate_limit::RateLimit;
pub use request::Request;
pub use retry::RetryPolicy;
pub use rust_decimal::Decimal;
pub use types::{Date, DateTime, Phone, Routing, UnknownValue};
pub use wire::drift::{Drift, DriftKind, JsonShape};
pub use wire::{Extra, RawResponse};
