//! Value types of the VoIP.ms wire that the standard library lacks: dates, date-times, phone
//! numbers, routing targets and counts that may be words.

mod count;
mod date;
mod phone;
mod routing;

pub use count::Count;
pub use date::{Date, DateTime, ParseDateError};
pub use phone::{ParsePhoneError, Phone};
pub use routing::Routing;
