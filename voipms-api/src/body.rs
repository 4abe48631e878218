//! A response body in the transport's format, JSON or SOAP, decoded through the same readers.
//!
//! The one place that knows both formats: [`crate::wire`] reads JSON and [`crate::soap`] reads
//! SOAP envelopes, each through `wire::decode_text`, and neither imports the other.

use crate::wire::drift::Drift;
use crate::wire::{Envelope, Fields, Object, ToJson, decode_text, read_json};

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
/// Generic only in building the `T`: the decoding is [`decode_into`], one copy per format.
pub(crate) fn decode_body<T: Object>(
    format: Format,
    body: &[u8],
) -> Result<Envelope<T>, BodyError> {
    let mut out = T::default();
    let (status, drift) = decode_into(format, body, &mut out)?;
    Ok(Envelope {
        status,
        body: out,
        drift,
    })
}

/// Decodes a body of either format into `into`: its status and drift.
fn decode_into(
    format: Format,
    body: &[u8],
    into: &mut dyn Fields,
) -> Result<(Option<String>, Vec<Drift>), BodyError> {
    Ok(match format {
        Format::Json => decode_text(body, into, read_json)?,
        #[cfg(feature = "soap")]
        Format::Soap => decode_text(body, into, crate::soap::decode_envelope)?,
    })
}

/// A response decoded through its typed response and given back as JSON: numbers and flags in
/// their Rust types, dates as `yyyy-mm-dd`, separated lists as arrays, fields VoIP.ms did not
/// send left out, and the fields the spec lacks kept after the typed ones.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct TypedJson {
    /// The response without `status`.
    pub value: serde_json::Value,
    /// Where the body differed from the spec.
    pub drift: Vec<Drift>,
}

impl From<serde_json::Value> for TypedJson {
    /// Fields shown as they came, with no drift (nothing to compare them with).
    fn from(value: serde_json::Value) -> Self {
        TypedJson {
            value,
            drift: Vec::new(),
        }
    }
}

/// Decodes a whole body of either format into [`TypedJson`] (drift in the envelope).
pub(crate) type Decoder = fn(Format, &[u8]) -> Result<Envelope<TypedJson>, BodyError>;

/// The decoder of `T`, for the generated tables.
pub(crate) fn typed<T: Object + ToJson>(
    format: Format,
    body: &[u8],
) -> Result<Envelope<TypedJson>, BodyError> {
    let mut out = T::default();
    let decoded = decode_into(format, body, &mut out);
    as_json(decoded, &out)
}

/// A decoded response as [`TypedJson`]: not generic, so compiled once for every function.
fn as_json(
    decoded: Result<(Option<String>, Vec<Drift>), BodyError>,
    out: &dyn ToJson,
) -> Result<Envelope<TypedJson>, BodyError> {
    let (status, drift) = decoded?;
    Ok(Envelope {
        status,
        body: TypedJson {
            value: out.to_json(),
            drift: Vec::new(),
        },
        drift,
    })
}
