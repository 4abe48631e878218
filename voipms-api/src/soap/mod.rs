//! VoIP.ms's SOAP interface (cargo feature `soap`): the request envelope, and a serde
//! `Deserializer` over the answer's XML that feeds the same typed decoders as JSON.
//!
//! Most programs only choose it with [`crate::ClientBuilder::transport`]; this module is for
//! tools and tests that handle SOAP bodies themselves.
//!
//! What is known of the interface comes from the official WSDL: SOAP 1.1, rpc/encoded, one
//! endpoint (`server.php`), `soapAction="urn:VoIPmsService"` and body namespace
//! `urn:VoIPmsService` for every operation, and one request part, `params`, of type
//! `<operation>Input` holding `api_username`, `api_password` and the parameters. The WSDL gives
//! no response schema. The response form read here is **reconstructed** from public clients and
//! from how PHP's SOAP server encodes PHP arrays (no captured answer is public):
//!
//! - an associative array is an Apache map: `xsi:type="ns2:Map"` with
//!   `<item><key>name</key><value>...</value></item>` entries;
//! - an indexed array is a `SOAP-ENC:Array` of `<item>` elements;
//! - scalars carry an `xsi:type` (`xsd:string`, `xsd:int`, `xsd:boolean`, `xsd:float`), null is
//!   `xsi:nil="true"`; a `SOAP-ENC:Struct` (an object) is read as a map of its elements.
//!
//! Errors of the API come back as a `status` entry, as in JSON; a SOAP fault reports a failure
//! of the SOAP layer itself.

mod de;
mod envelope;

#[cfg(feature = "mock")]
pub(crate) use envelope::fault_envelope;
pub(crate) use envelope::request;
pub use envelope::response_from_json;

use crate::wire::{Envelope, Object};

/// The `SOAPAction` header of every operation (the WSDL's `soapAction`).
pub const ACTION: &str = "urn:VoIPmsService";

/// The content type of SOAP 1.1 requests.
pub const CONTENT_TYPE: &str = "text/xml; charset=utf-8";

/// The namespace of the operation elements in the SOAP body.
pub const NAMESPACE: &str = "urn:VoIPmsService";

/// A SOAP fault: a failure of the SOAP layer (a malformed request, an unknown operation, a
/// server error), not an API status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// `faultcode` (`SOAP-ENV:Client`, `SOAP-ENV:Server`...).
    pub code: String,
    /// `faultstring`: the server's explanation.
    pub message: String,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SOAP fault `{}`: {}", self.code, self.message)
    }
}

/// Why a SOAP body could not be decoded. Messages name elements and positions, never values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SoapError {
    /// The XML itself is malformed (mismatched tags, a bad entity...).
    #[error("malformed XML at byte {position}: {message}")]
    Xml {
        /// Where the reader stopped, in bytes from the start of the body.
        position: u64,
        /// What the XML reader found wrong.
        message: String,
    },
    /// The body ended inside the envelope.
    #[error("the body ends before the SOAP envelope does (truncated)")]
    Truncated,
    /// The body is not a SOAP envelope (an HTML page, JSON, another XML document).
    #[error("not a SOAP envelope: {0}")]
    NotSoap(String),
    /// An element where another was expected (an unknown element in a map, a second answer).
    #[error("unexpected {found} where {expected} belongs")]
    Unexpected {
        /// What was found (an element name, text).
        found: String,
        /// What belongs there.
        expected: &'static str,
    },
    /// The server answered a SOAP fault.
    #[error("{0}")]
    Fault(Fault),
    /// A value did not fit what the decoder asked for.
    #[error("{0}")]
    Custom(String),
}

impl serde::de::Error for SoapError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SoapError::Custom(msg.to_string())
    }
}

/// Decodes a SOAP response body into typed response `T`: the same decoders, tolerance and
/// drift reporting as [`crate::wire::decode_response`] for JSON.
pub fn decode_response<T: Object>(body: &[u8]) -> Result<Envelope<T>, SoapError> {
    crate::wire::decode_new(body, decode_envelope)
}

/// The fault a SOAP body holds, if it is one.
pub fn fault(body: &[u8]) -> Option<Fault> {
    match decode_response::<crate::wire::RawResponse>(body) {
        Err(SoapError::Fault(f)) => Some(f),
        _ => None,
    }
}

pub(crate) use de::decode_envelope;
#[cfg(feature = "mock")]
pub(crate) use de::read_request;
