//! The contract between generated request types and the client.

use crate::meta::FunctionMeta;
use crate::wire::{Form, Object};

/// A typed request: one call of one API function.
///
/// Generated for every function of the spec; [`crate::Client::call`] sends any of them.
pub trait Request {
    /// The typed success response.
    type Response: Object + Send + 'static;

    /// The function's metadata (wire name, kind, parameters).
    fn meta() -> &'static FunctionMeta;

    /// Writes the parameters as form pairs, in documentation order.
    fn encode(&self, form: &mut Form);
}
