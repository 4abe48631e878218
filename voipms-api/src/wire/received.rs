//! What a decoded response object received beyond its typed fields: which fields VoIP.ms sent
//! at all, and the raw JSON of fields the spec lacks or whose value did not fit its type.

use std::fmt;

use serde_json::{Map, Value};

use super::drift::Drift;

/// Fields of a response object that its typed fields do not hold, as VoIP.ms sent them: fields
/// the spec does not describe, and values that did not parse as their field's type (kept under
/// the field's own name while the typed field reads as absent).
///
/// Every generated response object has an `extra()` method returning this. Empty, it costs no
/// allocation.
///
/// (It also carries a top-level response's drift, in the same allocation: what was out of the
/// ordinary costs one allocation, and an ordinary record none.)
///
/// ```
/// # let extra = voipms_api::Extra::default();
/// if let Some(hook) = extra.get("webhook").and_then(|v| v.as_str()) {
///     println!("webhook: {hook}");
/// }
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct Extra(Option<Box<Kept>>);

/// What an [`Extra`] holds once something is kept.
#[derive(Clone, Default, PartialEq)]
struct Kept {
    fields: Map<String, Value>,
    /// The drift of a whole response (see [`Received::keep_drift`]).
    drift: Vec<Drift>,
}

impl Extra {
    /// The raw JSON value of field `name`, if it was kept.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.as_ref().and_then(|m| m.fields.get(name))
    }

    /// Whether nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|m| m.fields.is_empty())
    }

    /// How many fields were kept.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |m| m.fields.len())
    }

    /// The kept fields: in the order VoIP.ms sent them when serde_json's `preserve_order`
    /// feature is on in the build (the `voipms` tool turns it on), else by name (a kept field
    /// is a `serde_json::Map` entry, and the crate does not impose the feature on its users).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0
            .iter()
            .flat_map(|m| m.fields.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// Keeps `value` under `name` (a later value of the same name replaces it).
    pub(crate) fn insert(&mut self, name: &str, value: Value) {
        self.0
            .get_or_insert_with(Default::default)
            .fields
            .insert(name.to_string(), value);
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The number in [`Received`] of typed field `index` (spec order): objects have at most 64
/// fields (the generator checks), so this never saturates in practice.
pub(super) fn field_number(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// The decoding state a generated object carries beside its typed fields: which of them were
/// present in the response (a bit per field, in spec order) and the [`Extra`] fields.
#[derive(Clone, Default, PartialEq)]
pub struct Received {
    seen: u64,
    extra: Extra,
}

impl Received {
    /// Marks field `index` (spec order) as present.
    #[inline]
    pub fn saw(&mut self, index: u32) {
        if let Some(bit) = 1u64.checked_shl(index) {
            self.seen |= bit;
        }
    }

    /// Whether field `index` was present in the response. Objects have at most 64 fields
    /// (the generator checks); past that every field counts as present.
    #[inline]
    pub fn was_sent(&self, index: u32) -> bool {
        1u64.checked_shl(index)
            .is_none_or(|bit| self.seen & bit != 0)
    }

    /// The fields kept as JSON.
    pub fn extra(&self) -> &Extra {
        &self.extra
    }

    /// The fields kept as JSON, to add to.
    pub(crate) fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }

    /// Keeps the drift recorded while a whole response was decoded, for its `drift()`.
    pub(crate) fn keep_drift(&mut self, drift: Vec<Drift>) {
        // No drift and nothing kept: nothing to allocate.
        if drift.is_empty() && self.extra.0.is_none() {
            return;
        }
        self.extra.0.get_or_insert_with(Default::default).drift = drift;
    }

    /// Where the response differed from the spec (see [`Received::keep_drift`]); empty for
    /// objects nested in a response.
    pub fn drift(&self) -> &[Drift] {
        self.extra.0.as_ref().map_or(&[], |m| &m.drift)
    }

    /// What field `name` (number `index`) shows: its typed value when VoIP.ms sent it
    /// (`Some(None)`), the raw value when it did not fit its type (`Some(Some(raw))`), nothing
    /// when VoIP.ms did not send it (`None`). The one rule of a record's JSON and
    /// serde forms (wire/record.rs).
    pub(super) fn shown(&self, index: u32, name: &str) -> Option<Option<&Value>> {
        if self.was_sent(index) {
            Some(None)
        } else {
            self.extra.get(name).map(Some)
        }
    }

    /// The fields the spec lacks, in [`Extra::iter`]'s order: the kept values `typed` does not
    /// name (the object's typed fields, whose leftovers `shown` gives).
    pub(super) fn untyped<'a>(
        &'a self,
        typed: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = (&'a str, &'a Value)> {
        self.extra.iter().filter(move |(name, _)| !typed(name))
    }
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.extra.fmt(f)
    }
}
