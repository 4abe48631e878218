//! Value types of the VoIP.ms wire that the standard library lacks: dates, date-times, routing
//! targets, and the undocumented values kept by `Unknown` variants.

mod date;
mod routing;
mod unknown;

pub use date::{Date, DateTime, ParseDateError};
pub use routing::Routing;
pub use unknown::UnknownValue;
