//! Response objects as tables of their fields. Each generated response type states its typed
//! fields once, in spec order, as [`Record::FIELDS`] (wire name and a getter); its JSON form
//! ([`ToJson`]) and its serde form (`Serialize`, a flat record) are these two walks over the
//! table, compiled once per type instead of once per field, type and serializer.
//!
//! Both forms hold the fields VoIP.ms sent, in spec order: a field's typed value, or its raw
//! value when it did not fit its type; fields VoIP.ms did not send are left out. Then come the
//! fields the spec lacks, in the order received.

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::{Map, Value};

use super::received::Received;
use super::to_json::ToJson;

/// The value of a typed response field, as JSON and to any serde serializer.
pub trait FieldValue: erased_serde::Serialize {
    /// The value as JSON (its [`ToJson`] form).
    fn to_json(&self) -> Value;
}

impl<T: ToJson + Serialize> FieldValue for T {
    fn to_json(&self) -> Value {
        ToJson::to_json(self)
    }
}

erased_serde::serialize_trait_object!(FieldValue);

/// One typed field of a [`Record`]: its wire name and its value.
pub type Field<R> = (&'static str, fn(&R) -> &dyn FieldValue);

/// A generated response object as a table of its typed fields.
pub trait Record: Sized + 'static {
    /// The typed fields in spec order; a field's position is its number in [`Received`].
    const FIELDS: &'static [Field<Self>];

    /// Which fields VoIP.ms sent, and those kept as JSON.
    fn received(&self) -> &Received;
}

/// Whether `name` is one of `R`'s typed fields.
fn typed<R: Record>(name: &str) -> bool {
    R::FIELDS.iter().any(|(typed, _)| *typed == name)
}

/// The number of field `index` in [`Received`]: objects have at most 64 fields (the generator
/// checks), so this never saturates in practice.
fn number(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// `record`'s JSON form: an object of the fields VoIP.ms sent, in spec order, then the fields
/// the spec lacks.
pub fn record_json<R: Record>(record: &R) -> Value {
    let rx = record.received();
    let mut map = Map::new();
    for (index, (name, value)) in R::FIELDS.iter().enumerate() {
        match rx.shown(number(index), name) {
            Some(None) => map.insert((*name).to_string(), value(record).to_json()),
            Some(Some(raw)) => map.insert((*name).to_string(), raw.clone()),
            None => None,
        };
    }
    for (name, value) in rx.untyped(typed::<R>) {
        map.insert(name.to_string(), value.clone());
    }
    Value::Object(map)
}

/// Serializes `record` as a flat record named `name`, with the fields of its JSON form
/// ([`record_json`]), straight to the serializer so they keep spec order whatever serde_json's
/// features. Fields VoIP.ms did not send are skipped ([`SerializeStruct::skip_field`]); the
/// fields the spec lacks are fields of their own name, or past [`FIELD_NAMES`] distinct names
/// in a process, together as JSON text in [`OVERFLOW`].
pub fn serialize_record<R: Record, S: Serializer>(
    record: &R,
    name: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let rx = record.received();
    // An upper bound of the fields written, never 0 when something is (serde_json writes `{}`
    // at once for a record announced empty).
    let len = R::FIELDS.len() + rx.untyped(typed::<R>).count();
    let mut out = serializer.serialize_struct(name, len)?;
    for (index, (name, value)) in R::FIELDS.iter().enumerate() {
        match rx.shown(number(index), name) {
            Some(None) => out.serialize_field(name, value(record))?,
            Some(Some(raw)) => out.serialize_field(name, raw)?,
            None => out.skip_field(name)?,
        }
    }
    let mut overflow = Map::new();
    for (name, value) in rx.untyped(typed::<R>) {
        match field_name(name) {
            Some(name) => out.serialize_field(name, value)?,
            None => {
                overflow.insert(name.to_string(), value.clone());
            }
        }
    }
    if !overflow.is_empty() {
        out.serialize_field(OVERFLOW, &Value::Object(overflow).to_string())?;
    }
    out.end()
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
