//! A decoded response back to JSON, as the command-line tool prints it ([`ToJson`]), and as a
//! serde record (`Serialize`): the fields VoIP.ms sent in spec order (typed), the values that
//! did not fit as they came, then the fields the spec lacks (in the order of
//! [`Extra::iter`](super::Extra::iter)). Typed fields VoIP.ms did not send are left out of the
//! JSON form, and `None` in the serde form, so that every CSV row written with
//! `csv::Writer::serialize` has the same typed columns.
//!
//! Each generated response type states its typed fields once, in spec order: their wire names
//! in its [`Layout`] and their values by number in [`Record::field`]. Both forms are walks over
//! that table, compiled once
//! (the serde one once per serializer), not once per response type; scalars, options, lists and
//! maps are here.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::{Map, Value};

use super::received::{Received, field_number as number};

/// A value as JSON.
pub trait ToJson {
    /// The value as JSON.
    fn to_json(&self) -> Value;

    /// How a serializer walks the value: its JSON form, except that response records are
    /// serialized as records (in spec order) wherever they are nested.
    #[doc(hidden)]
    fn shape(&self) -> Shape<'_> {
        Shape::Json(self.to_json())
    }
}

/// What [`ToJson::shape`] gives: serializing it serializes the value.
#[doc(hidden)]
pub enum Shape<'a> {
    /// A value with no records in it, as JSON.
    Json(Value),
    /// A response record.
    Record(&'a dyn Record),
    /// A list.
    Seq(&'a dyn Items),
    /// A map.
    Map(Vec<(&'a str, &'a dyn ToJson)>),
}

impl Serialize for Shape<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Shape::Json(v) => v.serialize(serializer),
            Shape::Record(r) => serialize_record(*r, serializer),
            Shape::Seq(items) => serializer.collect_seq(
                (0..items.count())
                    .filter_map(|i| items.item(i))
                    .map(|v| v.shape()),
            ),
            Shape::Map(entries) => {
                serializer.collect_map(entries.iter().map(|(k, v)| (*k, v.shape())))
            }
        }
    }
}

/// A scalar's JSON form: its `Serialize` form (dates as `yyyy-mm-dd`, decimals as text...).
pub fn scalar_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `ToJson` for scalar types, as [`scalar_json`]; each value type states it beside its
/// [`WireValue`](super::WireValue) impl. (Records have theirs from [`Record`], below: the two
/// cannot both be blanket impls.)
macro_rules! scalar_to_json {
    ($($ty:ty),* $(,)?) => {
        $(
            impl $crate::wire::ToJson for $ty {
                fn to_json(&self) -> serde_json::Value {
                    $crate::wire::scalar_json(self)
                }
            }
        )*
    };
}
pub(crate) use scalar_to_json;

scalar_to_json!(String, i64, bool, rust_decimal::Decimal);

/// Records: their fields in spec order, then those the spec lacks ([`record_json`]); nested,
/// they serialize as records ([`Shape::Record`]).
impl<T: Record> ToJson for T {
    fn to_json(&self) -> Value {
        record_json(self)
    }
    fn shape(&self) -> Shape<'_> {
        Shape::Record(self)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
    fn shape(&self) -> Shape<'_> {
        self.as_ref()
            .map_or(Shape::Json(Value::Null), ToJson::shape)
    }
}

/// The elements of a list, one by one, for the walks below: generic code per element type
/// is these two lines, not a loop.
#[doc(hidden)]
pub trait Items {
    /// How many elements.
    fn count(&self) -> usize;
    /// Element `i` (`None` past the last).
    fn item(&self, i: usize) -> Option<&dyn ToJson>;
}

impl<T: ToJson> Items for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }
    fn item(&self, i: usize) -> Option<&dyn ToJson> {
        // A `match`, not `.map(..)`: no closure to compile per element type.
        match self.get(i) {
            Some(x) => Some(x),
            None => None,
        }
    }
}

/// The JSON array of a list's elements.
fn items_json(items: &dyn Items) -> Value {
    let mut out = Vec::with_capacity(items.count());
    for i in 0..items.count() {
        out.extend(items.item(i).map(ToJson::to_json));
    }
    Value::Array(out)
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        items_json(self)
    }
    fn shape(&self) -> Shape<'_> {
        Shape::Seq(self)
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        for (k, v) in self {
            out.insert(k.clone(), v.to_json());
        }
        Value::Object(out)
    }
    fn shape(&self) -> Shape<'_> {
        let mut out: Vec<(&str, &dyn ToJson)> = Vec::with_capacity(self.len());
        for (k, v) in self {
            out.push((k, v));
        }
        Shape::Map(out)
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

/// A generated response type's name and the wire names of its typed fields, in spec order
/// (field `i` of [`Record::field`] is named `fields[i]`).
#[doc(hidden)]
#[derive(Debug)]
pub struct Layout {
    /// The type's name, as serde's record name.
    pub name: &'static str,
    /// The typed fields' wire names.
    pub fields: &'static [&'static str],
}

/// A generated response object as a table of its typed fields. Object-safe, so the walks
/// below are compiled once (and once per serializer), not once per response type.
pub trait Record {
    /// The type's name and its typed fields' wire names.
    fn layout(&self) -> &'static Layout;

    /// The value of typed field number `index` (spec order, its number in [`Received`]);
    /// `None` past the last.
    fn field(&self, index: usize) -> Option<&dyn ToJson>;

    /// Which fields VoIP.ms sent, and those kept as JSON.
    fn received(&self) -> &Received;
}

/// `record`'s typed fields in spec order: number, wire name and value.
fn typed(record: &dyn Record) -> impl Iterator<Item = (usize, &'static str, &dyn ToJson)> {
    let names = record.layout().fields;
    names
        .iter()
        .enumerate()
        .map_while(move |(i, &name)| Some((i, name, record.field(i)?)))
}

/// The fields the spec lacks: those kept in `record` that are not typed fields.
fn untyped(record: &dyn Record) -> impl Iterator<Item = (&str, &Value)> {
    let names = record.layout().fields;
    record.received().untyped(move |name| names.contains(&name))
}

/// `record`'s JSON form: an object of the fields VoIP.ms sent, in spec order, then the fields
/// the spec lacks.
pub fn record_json(record: &dyn Record) -> Value {
    let rx = record.received();
    let mut map = Map::new();
    for (index, name, value) in typed(record) {
        match rx.shown(number(index), name) {
            Some(None) => map.insert(name.to_string(), value.to_json()),
            Some(Some(raw)) => map.insert(name.to_string(), raw.clone()),
            None => None,
        };
    }
    for (name, value) in untyped(record) {
        map.insert(name.to_string(), value.clone());
    }
    Value::Object(map)
}

/// Serializes `record` as a flat record, with the fields of its JSON form
/// ([`record_json`]), straight to the serializer so they keep spec order whatever serde_json's
/// features. Every typed field is a field of the record, `None` when VoIP.ms did not send it
/// (`null` in JSON, an empty cell in CSV), so that `csv::Writer::serialize` gives every record
/// the same columns; then the fields the spec lacks, under their own names, or past 4,096
/// distinct names in a process together as JSON text in [`OVERFLOW`]. Those vary by record:
/// when records carry different undocumented fields their rows differ in length, which
/// `csv::Writer` refuses unless `flexible`; `voipms call --output csv` writes the union of the
/// columns instead.
pub fn serialize_record<S: Serializer>(
    record: &dyn Record,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let rx = record.received();
    // The number of fields written, never 0 when something is (serde_json writes `{}` at
    // once for a record announced empty).
    let len = typed(record).count() + untyped(record).count();
    let mut out = serializer.serialize_struct(record.layout().name, len)?;
    for (index, name, value) in typed(record) {
        match rx.shown(number(index), name) {
            // Through its shape: the serializer is generic, so serializing each field's own
            // type would compile every field type's `Serialize` once per serializer.
            Some(None) => out.serialize_field(name, &value.shape())?,
            Some(Some(raw)) => out.serialize_field(name, raw)?,
            None => out.serialize_field(name, &None::<()>)?,
        }
    }
    let mut overflow = Map::new();
    for (name, value) in untyped(record) {
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
