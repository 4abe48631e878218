//! The payload of the `Unknown` variants of value sets and `ErrorCode`.

use std::fmt;

/// A wire value the spec does not list, kept as VoIP.ms sent it.
///
/// Only decoding a response makes one (the field is private), so a request cannot send an
/// arbitrary string through an `Unknown` variant by accident.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Keeps a wire value the spec does not list (generated decoders only).
    pub(crate) fn new(wire: &str) -> Self {
        UnknownValue(wire.to_string())
    }

    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
