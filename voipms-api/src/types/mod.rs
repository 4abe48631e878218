//! Value types of the VoIP.ms wire that the standard library lacks: dates, date-times, phone
//! numbers, routing targets, counts that may be words, and the undocumented values kept by
//! `Unknown` variants.

mod count;
mod date;
mod into_decimal;
mod phone;
mod routing;
pub mod timestamp;
mod unknown;

pub use count::Count;
pub use date::{Date, DateOutOfRange, DateTime, ParseDateError};
pub use into_decimal::IntoDecimal;
pub use phone::{ParsePhoneError, Phone};
pub use routing::Routing;
pub use timestamp::{SERVER_ZONE, Timestamp};
pub use unknown::UnknownValue;
