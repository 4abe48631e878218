//! Calls and decoding by wire name, for tools that learn the function at run time (the
//! command-line tool, the mock's self-checks): the body goes through the function's typed
//! response once and comes back as JSON.

use crate::body::{BodyError, Format, decode_body};
use crate::wire::drift::Drift;
use crate::wire::{Envelope, Object, RawResponse, ToJson};

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

/// The decoder of `function`'s typed response; `None` when the function is unknown or its
/// category feature is off.
fn typed_decoder(function: &str) -> Option<Decoder> {
    crate::catalog::CATEGORIES
        .iter()
        .find_map(|c| (c.decoder)(function))
}

/// The decoder of `T`, for the generated tables.
pub(crate) fn typed<T: Object + ToJson>(
    format: Format,
    body: &[u8],
) -> Result<Envelope<TypedJson>, BodyError> {
    let env = decode_body::<T>(format, body)?;
    Ok(Envelope {
        status: env.status,
        body: TypedJson {
            value: env.body.to_json(),
            drift: Vec::new(),
        },
        drift: env.drift,
    })
}

/// The decoder for `function`: its typed response, or the fields as they came when the
/// function is not in the spec or its category feature is off.
pub(crate) fn decoder(function: &str) -> Decoder {
    typed_decoder(function).unwrap_or(typed::<RawResponse>)
}

/// Decodes a response `body` of `function` (wire name) through its typed response.
///
/// `None` when the function is not in the spec or its category feature is disabled. The
/// `status` field is not interpreted here: check it first (see [`crate::Client::call_typed`],
/// which does, and decodes only once).
pub fn decode_typed_json(
    function: &str,
    body: &[u8],
) -> Option<Result<TypedJson, serde_json::Error>> {
    decode_typed(function, Format::Json, body).map(|r| r.map_err(BodyError::into_json))
}

/// Decodes a SOAP response `body` of `function` (wire name) through its typed response, like
/// [`decode_typed_json`] does a JSON one (feature `soap`).
#[cfg(feature = "soap")]
pub fn decode_typed_soap(
    function: &str,
    body: &[u8],
) -> Option<Result<TypedJson, crate::soap::SoapError>> {
    decode_typed(function, Format::Soap, body).map(|r| {
        r.map_err(|e| match e {
            BodyError::Soap(e) => e,
            other => crate::soap::SoapError::Custom(other.to_string()),
        })
    })
}

fn decode_typed(
    function: &str,
    format: Format,
    body: &[u8],
) -> Option<Result<TypedJson, BodyError>> {
    let decode = typed_decoder(function)?;
    Some(decode(format, body).map(|env| TypedJson {
        value: env.body.value,
        drift: env.drift,
    }))
}
