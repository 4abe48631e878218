//! Typed decoding by wire name, for tools that learn the function at run time.

/// Decodes a response `body` of `function` (wire name) through its typed response and returns
/// that value as normalized JSON: numbers and flags in their Rust types, dates as
/// `yyyy-mm-dd`, separated lists as arrays, unknown fields dropped.
///
/// `None` when the function is not in the spec or its category feature is disabled. The
/// `status` field is not interpreted here: check it first (see [`crate::Client::call_raw`]).
pub fn decode_typed_json(
    function: &str,
    body: &[u8],
) -> Option<Result<serde_json::Value, serde_json::Error>> {
    crate::generated::dispatch::decode_json(function, body)
}
