//! Calls and decoding by wire name, for tools that learn the function at run time (the
//! command-line tool, the mock's self-checks): the body goes through the function's typed
//! response once and comes back as JSON. The calls by wire name of both clients
//! ([`Client::call_raw`], [`Client::call_typed`]) are here too, since they look the function up
//! in [`crate::catalog`], which the clients themselves do not know of.

pub use crate::body::TypedJson;

use crate::body::{BodyError, Decoder, Format, typed};
use crate::client::{Client, Decode, Plan, decode_erased, take};
use crate::wire::RawResponse;

/// The decoder of `function`'s typed response; `None` when the function is unknown or its
/// category feature is off.
fn typed_decoder(function: &str) -> Option<Decoder> {
    crate::catalog::CATEGORIES
        .iter()
        .find_map(|c| (c.decoder)(function))
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

/// A call by wire name answering the fields as JSON ([`Client::call_raw`]): taken out as a
/// [`RawResponse`].
fn raw_plan<'a, I, K, V>(function: &'a str, params: I) -> Plan<'a>
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    let meta = crate::catalog::function(function);
    Plan::by_name(
        function,
        meta,
        params,
        Decode::Typed(decode_erased::<RawResponse>),
    )
}

/// A call by wire name decoded through its typed response ([`Client::call_typed`]): taken out
/// as a [`TypedJson`].
fn typed_plan<'a, I, K, V>(function: &'a str, params: I) -> Plan<'a>
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    let meta = crate::catalog::function(function);
    Plan::by_name(function, meta, params, Decode::Json(decoder(function)))
}

impl Client {
    /// Calls any function by wire name with string parameters, returning the JSON fields of
    /// the response (without `status`). Parameters of functions in the metadata table are
    /// validated like typed calls (and names they do not document are refused); unknown
    /// functions are sent as they are and never retried.
    pub async fn call_raw<I, K, V>(
        &self,
        function: &str,
        params: I,
    ) -> Result<serde_json::Map<String, serde_json::Value>, crate::Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.execute(raw_plan(function, params))
            .await
            .map(|body| take::<RawResponse>(body).0)
    }

    /// Calls like [`Client::call_raw`] (same validation, same retries of read-only calls) and
    /// also hands back the body of the last answer as received. An error is returned only when
    /// no answer came (invalid parameters, transport failure); an answer that is an error is
    /// in [`RawAnswer::fields`](crate::RawAnswer::fields).
    pub async fn call_received<I, K, V>(
        &self,
        function: &str,
        params: I,
    ) -> Result<crate::client::raw_answer::RawAnswer, crate::Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.received(raw_plan(function, params)).await
    }

    /// Calls any function by wire name with string parameters, like [`Client::call_raw`], and
    /// decodes the answer once, through the function's typed response: what `voipms call`
    /// prints. Functions the spec lacks (or whose category feature is off) come back as
    /// received.
    pub async fn call_typed<I, K, V>(
        &self,
        function: &str,
        params: I,
    ) -> Result<TypedJson, crate::Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.execute(typed_plan(function, params))
            .await
            .map(take::<TypedJson>)
    }
}

#[cfg(feature = "blocking")]
impl crate::blocking::Client {
    /// Calls any function by wire name with string parameters; see [`Client::call_raw`].
    pub fn call_raw<I, K, V>(
        &self,
        function: &str,
        params: I,
    ) -> Result<serde_json::Map<String, serde_json::Value>, crate::Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.execute(raw_plan(function, params))
            .map(|body| take::<RawResponse>(body).0)
    }

    /// Calls any function by wire name, decoding the answer once through its typed response;
    /// see [`Client::call_typed`].
    pub fn call_typed<I, K, V>(&self, function: &str, params: I) -> Result<TypedJson, crate::Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.execute(typed_plan(function, params))
            .map(take::<TypedJson>)
    }
}
