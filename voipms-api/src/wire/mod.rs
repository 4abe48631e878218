//! The wire format: how typed values become form parameters and how JSON responses become typed
//! values. Generated code calls into this module; users rarely need it.

mod acknowledgement;
mod decode;
pub mod drift;
mod form;
mod read;
mod received;
mod source;
mod to_json;
mod value;

pub use acknowledgement::Acknowledgement;
#[cfg(feature = "soap")]
pub(crate) use decode::EnvelopeSeed;
#[cfg(feature = "soap")]
pub(crate) use decode::decode_new;
pub use decode::{Envelope, Fields, Object, RawResponse, decode_response};
pub(crate) use decode::{decode_text, read_json};
pub use form::Form;
pub(crate) use form::encode_component;
// The table generated response types give their decoder; not an API of their own.
#[doc(hidden)]
pub use read::{RecordMut, Slot};
pub use received::Extra;
#[doc(hidden)]
pub use received::Received;
pub use source::{Elements, Entries, Key, ReadError, Scalar, Sink};
#[doc(hidden)]
pub use to_json::scalar_json;
pub(crate) use to_json::scalar_to_json;
#[doc(hidden)]
pub use to_json::{Items, Layout, Record, Shape, record_json, serialize_record};
pub use to_json::{OVERFLOW, ToJson};
pub use value::{BoolForm, WireValue};
