//! Value types of the VoIP.ms wire that the standard library lacks: dates, date-times, phone
//! numbers and routing targets.

mod date;
mod phone;
mod routing;

pub use date::{Date, DateTime, ParseDateError};
pub use phone::{ParsePhoneError, Phone};
pub use routing::Routing;
