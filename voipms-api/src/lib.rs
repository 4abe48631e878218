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
//! whose optional ones are chainable setters, a typed response, and a method on [`Client`].
//! Each documentation category is a cargo feature (all on by default).

mod client;
mod error;
#[rustfmt::skip]
mod generated;
pub mod meta;
mod request;
pub mod types;
pub mod validate;
pub mod wire;

pub use client::{Client, ClientBuilder, ConfigError, DEFAULT_BASE_URL, DEFAULT_USER_AGENT};
pub use error::Error;
pub use generated::errors::ErrorCode;
pub use generated::*;
pub use request::Request;
pub use rust_decimal::Decimal;
pub use types::{Date, DateTime, Routing};
pub use wire::RawResponse;
