//! Value types of the VoIP.ms wire that the standard library lacks: dates, date-times and
//! routing targets.

mod date;
mod routing;

pub use date::{Date, DateTime, ParseDateError};
pub use routing::Routing;
