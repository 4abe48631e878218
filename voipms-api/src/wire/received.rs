//! What a decoded response object received beyond its typed fields: which fields VoIP.ms sent
//! at all, and the raw JSON of fields the spec lacks or whose value did not fit its type.

use std::fmt;

use serde::Serialize;
use serde::ser::SerializeStruct;

use serde_json::{Map, Value};

use super::to_json::ToJson;

/// Fields of a response object that its typed fields do not hold, as VoIP.ms sent them: fields
/// the spec does not describe, and values that did not parse as their field's type (kept under
/// the field's own name while the typed field reads as absent).
///
/// Every generated response object has an `extra()` method returning this. Empty, it costs no
/// allocation.
///
/// ```
/// # let extra = voipms_api::Extra::default();
/// if let Some(hook) = extra.get("webhook").and_then(|v| v.as_str()) {
///     println!("webhook: {hook}");
/// }
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct Extra(Option<Box<Map<String, Value>>>);

impl Extra {
    /// The raw JSON value of field `name`, if it was kept.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.as_ref().and_then(|m| m.get(name))
    }

    /// Whether nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|m| m.is_empty())
    }

    /// How many fields were kept.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |m| m.len())
    }

    /// The kept fields, in the order VoIP.ms sent them.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0
            .iter()
            .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// Keeps `value` under `name` (a later value of the same name replaces it).
    pub(crate) fn insert(&mut self, name: &str, value: Value) {
        self.0
            .get_or_insert_with(Default::default)
            .insert(name.to_string(), value);
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
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

    /// What field `name` (number `index`) shows: its typed value when VoIP.ms sent it
    /// (`Some(None)`), the raw value when it did not fit its type (`Some(Some(raw))`), nothing
    /// when VoIP.ms did not send it (`None`). The one rule of [`Received::put`] and
    /// [`Received::serialize_field`].
    fn shown(&self, index: u32, name: &str) -> Option<Option<&Value>> {
        if self.was_sent(index) {
            Some(None)
        } else {
            self.extra.get(name).map(Some)
        }
    }

    /// The fields the spec lacks, in the order received: the kept values not named in `typed`
    /// (the object's typed fields, whose leftovers `shown` gives).
    pub(super) fn untyped<'a>(
        &'a self,
        typed: &'a [&str],
    ) -> impl Iterator<Item = (&'a str, &'a Value)> {
        self.extra
            .iter()
            .filter(move |(name, _)| !typed.contains(name))
    }

    /// Adds field `name` (number `index`) to `map`: its typed value when VoIP.ms sent it, the
    /// raw value when it did not fit its type, nothing when VoIP.ms did not send it.
    pub fn put(&self, map: &mut Map<String, Value>, index: u32, name: &str, value: &dyn ToJson) {
        match self.shown(index, name) {
            Some(None) => map.insert(name.to_string(), value.to_json()),
            Some(Some(raw)) => map.insert(name.to_string(), raw.clone()),
            None => None,
        };
    }

    /// Adds the fields the spec lacks (after the typed ones, in the order received).
    pub fn put_extra(&self, map: &mut Map<String, Value>, typed: &[&str]) {
        for (name, value) in self.untyped(typed) {
            map.insert(name.to_string(), value.clone());
        }
    }

    /// Serializes field `name` (number `index`) as [`Received::put`] adds it, as a field of a
    /// flat record: skipped ([`SerializeStruct::skip_field`]) when VoIP.ms did not send it.
    /// Straight to the serializer, so the fields keep spec order whatever serde_json's features.
    pub fn serialize_field<S: SerializeStruct, T: Serialize + ?Sized>(
        &self,
        record: &mut S,
        index: u32,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        match self.shown(index, name) {
            Some(None) => record.serialize_field(name, value),
            Some(Some(raw)) => record.serialize_field(name, raw),
            None => record.skip_field(name),
        }
    }

    /// Serializes the fields the spec lacks, as [`Received::put_extra`] adds them: fields of the
    /// same flat record, under the names VoIP.ms sent (past 4,096 distinct names in a process,
    /// together in [`OVERFLOW`] as JSON text).
    pub fn serialize_extra<S: SerializeStruct>(
        &self,
        record: &mut S,
        typed: &[&str],
    ) -> Result<(), S::Error> {
        let mut overflow = Map::new();
        for (name, value) in self.untyped(typed) {
            match field_name(name) {
                Some(name) => record.serialize_field(name, value)?,
                None => {
                    overflow.insert(name.to_string(), value.clone());
                }
            }
        }
        if !overflow.is_empty() {
            record.serialize_field(OVERFLOW, &Value::Object(overflow).to_string())?;
        }
        Ok(())
    }

    /// The field count to announce for a record with `typed` fields: an upper bound of what
    /// [`Received::serialize_field`] and [`Received::serialize_extra`] write, never 0 when
    /// something is (serde_json writes `{}` at once for a record announced empty).
    pub fn record_len(&self, typed: &[&str]) -> usize {
        typed.len() + self.untyped(typed).count()
    }
}

/// How many distinct names of fields the spec lacks a process keeps for serializing (below).
const FIELD_NAMES: usize = 4096;

/// The record field that holds, as JSON text, the fields the spec lacks once a process has
/// serialized 4,096 distinct such names (the names are kept for the life of the process).
pub const OVERFLOW: &str = "_extra_json";

/// A field name the spec lacks, made `'static` for serde's record fields
/// ([`SerializeStruct::serialize_field`] takes `&'static str`, so `csv::Writer::serialize` and
/// other formats that refuse maps can write a record with its unknown fields).
///
/// Each distinct name is kept once for the life of the process; VoIP.ms sends a handful, and
/// past [`FIELD_NAMES`] of them (`None`) the rest go together in [`OVERFLOW`], so a server
/// sending ever new names cannot grow memory without bound.
fn field_name(name: &str) -> Option<&'static str> {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, PoisonError};
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    // A panic while holding the lock leaves the set valid (insert is the only change).
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(kept) = names.get(name) {
        return Some(kept);
    }
    if names.len() >= FIELD_NAMES {
        return None;
    }
    let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(kept);
    Some(kept)
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.extra.fmt(f)
    }
}

#[cfg(test)]
mod field_name_tests {
    use super::field_name;

    #[test]
    fn a_name_is_kept_once() {
        let a = field_name("carrier_hint_test").unwrap_or_default();
        let b = field_name(&String::from("carrier_hint_test")).unwrap_or_default();
        assert_eq!(a, "carrier_hint_test");
        assert!(std::ptr::eq(a, b));
    }
}
