//! A response body in the transport's format, JSON or SOAP, decoded through the same readers.
//!
//! The one place that knows both formats: [`crate::wire`] reads JSON and [`crate::soap`] reads
//! SOAP envelopes, each through `wire::decode_new`, and neither imports the other.

use crate::wire::{Envelope, Object, decode_new, read_json};

/// The format of a response body: the transport's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// The REST API's JSON.
    Json,
    /// A SOAP envelope (feature `soap`).
    #[cfg(feature = "soap")]
    Soap,
}

/// Why a body could not be decoded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BodyError {
    /// Malformed JSON (serde_json's message, with line and column).
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Not the expected SOAP envelope, or a SOAP fault.
    #[cfg(feature = "soap")]
    #[error(transparent)]
    Soap(#[from] crate::soap::SoapError),
}

impl BodyError {
    /// The JSON error (a JSON decode has no other kind).
    pub(crate) fn into_json(self) -> serde_json::Error {
        match self {
            BodyError::Json(e) => e,
            #[cfg(feature = "soap")]
            other => <serde_json::Error as serde::de::Error>::custom(other),
        }
    }
}

/// Decodes a response body of either format into a new `T` (the SOAP reader is a serde
/// `Deserializer` feeding the readers what the JSON one does), with the status and the drift.
/// Generic only in building the `T`: the decoding is one copy per format.
pub(crate) fn decode_body<T: Object>(
    format: Format,
    body: &[u8],
) -> Result<Envelope<T>, BodyError> {
    Ok(match format {
        Format::Json => decode_new(body, read_json)?,
        #[cfg(feature = "soap")]
        Format::Soap => decode_new(body, crate::soap::decode_envelope)?,
    })
}
