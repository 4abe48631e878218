//! The wire format: how typed values become form parameters and how JSON responses become typed
//! values. Generated code calls into this module; users rarely need it.

mod decode;
mod form;
mod value;

pub use decode::{
    Envelope, Key, List, Many, Nested, Object, ObjectMap, RawResponse, Scalar, ScalarMap,
    SeparatedList, decode_response,
};
pub use form::Form;
pub(crate) use form::encode_component;
pub use value::{BoolForm, WireValue};
