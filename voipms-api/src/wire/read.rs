//! How one field of a response object is read: tolerantly.
//!
//! Generated `Object::field` impls call one reader per field. A reader never fails the call
//! for a value it cannot type: the field reads as absent (or keeps what it could read), the
//! raw JSON is kept in the object's [`Extra`](super::Extra) under the field's name, and the
//! deviation is recorded as [drift](super::drift). Only malformed JSON is an error.
//!
//! Tolerated without drift, because VoIP.ms does it by design: numbers and booleans as strings
//! and the reverse, `""`/`null`/`false`/`[]` for "no value", `0000-00-00` dates, lists sent as
//! objects keyed by index (PHP arrays). Tolerated with drift: a list of records answered as one
//! bare record, an object answered as a list, anything else that does not fit.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::decode::{Key, Object, ObjectVisitor, fill_list};
use super::drift::{self, DriftKind, JsonShape, Step};
use super::received::Received;
use super::value::WireValue;

/// What a field's value did not fit: the raw JSON to keep (if any) and what differed.
struct Misfit {
    raw: Option<Value>,
    kind: DriftKind,
    /// The typed value holds what did fit (a list without its odd elements): the field counts
    /// as present, and `raw` holds only the leftovers.
    partial: bool,
    /// Where in the field the misfit is: `""` the field itself, `"[]"` list elements, `"{}"`
    /// map values.
    within: &'static str,
}

/// A field's value as read: the typed part, and the misfit if something did not fit.
struct Got<V> {
    value: V,
    misfit: Option<Misfit>,
}

impl<V> Got<V> {
    fn ok(value: V) -> Self {
        Got {
            value,
            misfit: None,
        }
    }

    fn raw(value: V, raw: Value, expected: &'static str) -> Self {
        let found = JsonShape::of(&raw);
        Got {
            value,
            misfit: Some(Misfit {
                raw: Some(raw),
                kind: DriftKind::InvalidValue { expected, found },
                partial: false,
                within: "",
            }),
        }
    }

    /// Files the misfit (drift and extra) under field `name`, or marks the field present.
    fn settle(self, rx: &mut Received, index: u32, name: &'static str) -> V {
        let Some(m) = self.misfit else {
            rx.saw(index);
            return self.value;
        };
        if m.within.is_empty() {
            drift::record(name, m.kind);
        } else {
            drift::record(&format!("{name}{}", m.within), m.kind);
        }
        // Typed anyway (an enum's unknown value, a shape read another way), or in part.
        if m.raw.is_none() || m.partial {
            rx.saw(index);
        }
        if let Some(raw) = m.raw {
            rx.extra_mut().insert(name, raw);
        }
        self.value
    }
}

/// Reads a whole value that was not of the expected kind, for keeping.
fn seq_raw<'de, A: SeqAccess<'de>>(seq: A) -> Result<Value, A::Error> {
    Value::deserialize(SeqAccessDeserializer::new(seq))
}

fn map_raw<'de, A: MapAccess<'de>>(map: A) -> Result<Value, A::Error> {
    Value::deserialize(MapAccessDeserializer::new(map))
}

fn number_raw(v: impl Into<serde_json::Number>) -> Value {
    Value::Number(v.into())
}

fn float_raw(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A container's answers to a scalar: `""`, `false` and `null` are PHP's "nothing"; any other
/// scalar does not fit and is kept.
macro_rules! scalars_are_not_containers {
    ($expected:expr) => {
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(if v.is_empty() {
                Got::ok(Default::default())
            } else {
                Got::raw(Default::default(), Value::String(v.to_string()), $expected)
            })
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(if v {
                Got::raw(Default::default(), Value::Bool(v), $expected)
            } else {
                Got::ok(Default::default())
            })
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Got::raw(Default::default(), number_raw(v), $expected))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Got::raw(Default::default(), number_raw(v), $expected))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Got::raw(Default::default(), float_raw(v), $expected))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Got::ok(Default::default()))
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Scalars

/// Reads one scalar: `None` for its empty spellings; the raw value when it does not parse.
struct ScalarSeed<T>(PhantomData<T>);

impl<T> Clone for ScalarSeed<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for ScalarSeed<T> {}

impl<T: WireValue> ScalarSeed<T> {
    fn parsed(x: Option<T>, raw: impl FnOnce() -> Value) -> Got<Option<T>> {
        match x {
            Some(x) if x.is_unknown_value() => Got {
                misfit: Some(Misfit {
                    raw: None,
                    kind: DriftKind::OutsideValueSet {
                        expected: T::EXPECTED,
                        found: JsonShape::of(&raw()),
                    },
                    partial: false,
                    within: "",
                }),
                value: Some(x),
            },
            Some(x) => Got::ok(Some(x)),
            None => Got::raw(None, raw(), T::EXPECTED),
        }
    }
}

impl<'de, T: WireValue> DeserializeSeed<'de> for ScalarSeed<T> {
    type Value = Got<Option<T>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: WireValue> Visitor<'de> for ScalarSeed<T> {
    type Value = Got<Option<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() || T::is_null_spelling(v) {
            return Ok(Got::ok(None));
        }
        Ok(Self::parsed(T::from_wire(v), || {
            Value::String(v.to_string())
        }))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Self::parsed(T::from_i64(v), || number_raw(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match i64::try_from(v) {
            Ok(i) => self.visit_i64(i),
            Err(_) => Ok(Self::parsed(T::from_wire(&v.to_string()), || number_raw(v))),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Self::parsed(T::from_f64(v), || float_raw(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        match T::from_bool(v) {
            Some(x) => Ok(Got::ok(Some(x))),
            // PHP's `false` stands for "not set yet" (e.g. a port's foc_date).
            None if !v => Ok(Got::ok(None)),
            None => Ok(Got::raw(None, Value::Bool(v), T::EXPECTED)),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Got::ok(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Got::ok(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        // `[]` is PHP's empty value; anything else is not a scalar.
        let raw = seq_raw(seq)?;
        if raw.as_array().is_some_and(Vec::is_empty) {
            return Ok(Got::ok(None));
        }
        Ok(Got::raw(None, raw, T::EXPECTED))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(Got::raw(None, map_raw(map)?, T::EXPECTED))
    }
}

/// Reads field `name` (number `index` in spec order) as a scalar of type `T`.
pub fn scalar<'de, T: WireValue, A: MapAccess<'de>>(
    map: &mut A,
    rx: &mut Received,
    index: u32,
    name: &'static str,
) -> Result<Option<T>, A::Error> {
    Ok(map
        .next_value_seed(ScalarSeed::<T>(PhantomData))?
        .settle(rx, index, name))
}

// ---------------------------------------------------------------------------------------------
// Lists of scalars

/// Collects the scalars of a JSON array or of an object keyed by index; elements that do not
/// fit are left out and kept (as an array) for the extra fields.
fn collect_scalars<T: WireValue>(
    items: impl Iterator<Item = Got<Option<T>>>,
    out: &mut Vec<T>,
) -> Option<Misfit> {
    let mut bad = Vec::new();
    let mut kind = None;
    for got in items {
        if let Some(m) = got.misfit {
            kind.get_or_insert(m.kind);
            bad.extend(m.raw);
        }
        out.extend(got.value);
    }
    kind.map(|kind| Misfit {
        raw: (!bad.is_empty()).then_some(Value::Array(bad)),
        kind,
        partial: true,
        within: "[]",
    })
}

/// A list of scalars: a separated string (`"ulaw;g729"`, when `sep` is given), a JSON array or
/// an object keyed by index.
struct ScalarListSeed<T> {
    sep: Option<&'static str>,
    _t: PhantomData<T>,
}

impl<'de, T: WireValue> DeserializeSeed<'de> for ScalarListSeed<T> {
    type Value = Got<Vec<T>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: WireValue> Visitor<'de> for ScalarListSeed<T> {
    type Value = Got<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {}", T::EXPECTED)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let Some(sep) = self.sep else {
            return Ok(if v.is_empty() {
                Got::ok(Vec::new())
            } else {
                Got::raw(Vec::new(), Value::String(v.to_string()), T::EXPECTED)
            });
        };
        let mut out = Vec::new();
        let parts = v.split(sep).map(str::trim).filter(|p| !p.is_empty());
        let seed = ScalarSeed::<T>(PhantomData);
        let misfit = collect_scalars(
            parts.map(|p| seed.visit_str::<E>(p).unwrap_or_else(|_| Got::ok(None))),
            &mut out,
        );
        // A part that did not parse: keep the whole string as sent.
        let misfit = misfit.map(|m| Misfit {
            raw: m.raw.map(|_| Value::String(v.to_string())),
            kind: m.kind,
            partial: true,
            within: "[]",
        });
        Ok(Got { value: out, misfit })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        let got = ScalarSeed::<T>(PhantomData).visit_i64::<E>(v)?;
        Ok(Got {
            value: got.value.into_iter().collect(),
            misfit: got.misfit,
        })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let got = ScalarSeed::<T>(PhantomData).visit_u64::<E>(v)?;
        Ok(Got {
            value: got.value.into_iter().collect(),
            misfit: got.misfit,
        })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Got::raw(Vec::new(), float_raw(v), T::EXPECTED))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(if v {
            Got::raw(Vec::new(), Value::Bool(v), T::EXPECTED)
        } else {
            Got::ok(Vec::new())
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Got::ok(Vec::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(got) = seq.next_element_seed(ScalarSeed::<T>(PhantomData))? {
            items.push(got);
        }
        let mut out = Vec::with_capacity(items.len());
        let misfit = collect_scalars(items.into_iter(), &mut out);
        Ok(Got { value: out, misfit })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        // A PHP list keyed by index has scalars for values; an object of anything else is not
        // a list at all, and is kept whole.
        let raw = map_raw(map)?;
        let Value::Object(entries) = &raw else {
            return Ok(Got::raw(Vec::new(), raw, T::EXPECTED));
        };
        if entries.values().any(|v| v.is_array() || v.is_object()) {
            return Ok(Got::raw(Vec::new(), raw, T::EXPECTED));
        }
        let seed = ScalarSeed::<T>(PhantomData);
        let items = entries.values().map(|v| {
            seed.deserialize(v)
                .unwrap_or_else(|_| Got::raw(None, v.clone(), T::EXPECTED))
        });
        let mut out = Vec::with_capacity(entries.len());
        let misfit = collect_scalars(items, &mut out);
        Ok(Got { value: out, misfit })
    }
}

/// Reads field `name` as a list of scalars separated by `sep` on the wire (also accepted as a
/// JSON array).
pub fn separated<'de, T: WireValue, A: MapAccess<'de>>(
    map: &mut A,
    rx: &mut Received,
    index: u32,
    name: &'static str,
    sep: &'static str,
) -> Result<Vec<T>, A::Error> {
    let seed = ScalarListSeed::<T> {
        sep: Some(sep),
        _t: PhantomData,
    };
    Ok(map.next_value_seed(seed)?.settle(rx, index, name))
}

/// Reads field `name` as a JSON list of scalars (or an object keyed by index).
pub fn scalars<'de, T: WireValue, A: MapAccess<'de>>(
    map: &mut A,
    rx: &mut Received,
    index: u32,
    name: &'static str,
) -> Result<Vec<T>, A::Error> {
    let seed = ScalarListSeed::<T> {
        sep: None,
        _t: PhantomData,
    };
    let got = drift::within(Step::List(name), || map.next_value_seed(seed))?;
    Ok(got.settle(rx, index, name))
}

// ---------------------------------------------------------------------------------------------
// Records (objects)

/// Reads one record, or hands back the raw value when it is not an object.
pub(super) struct RecordSeed<T>(pub(super) PhantomData<T>);

impl<T> Clone for RecordSeed<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for RecordSeed<T> {}

impl<'de, T: Object> DeserializeSeed<'de> for RecordSeed<T> {
    type Value = Result<T, Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Object> Visitor<'de> for RecordSeed<T> {
    type Value = Result<T, Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        ObjectVisitor::<T>(PhantomData).visit_map(map).map(Ok)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        seq_raw(seq).map(Err)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Err(Value::String(v.to_string())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Err(number_raw(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Err(number_raw(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Err(float_raw(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Err(Value::Bool(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err(Value::Null))
    }
}

/// Fills `rec` with the fields of an object.
struct FillFields<'a, T>(&'a mut T);

impl<'de, T: Object> DeserializeSeed<'de> for FillFields<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Object> Visitor<'de> for FillFields<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            self.0.field(key.as_str(), &mut map)?;
        }
        Ok(())
    }
}

const LIST_OF_RECORDS: &str = "a list of records";

/// A list of records: a JSON array; an object keyed by index whose values are records (PHP);
/// one bare record (drift: read as a one-element list); `""`/`false`/`null` for none.
struct RecordListSeed<T>(PhantomData<T>);

impl<'de, T: Object> DeserializeSeed<'de> for RecordListSeed<T> {
    type Value = Got<Vec<T>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Object> Visitor<'de> for RecordListSeed<T> {
    type Value = Got<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(LIST_OF_RECORDS)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let (out, bad) = fill_list::<T, A>(seq)?;
        Ok(records_got(out, bad))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // A PHP collection keyed by index has records for values; anything else is one bare
        // record. The entries are kept as values until that is known (this shape is rare), in
        // the order received.
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            entries.push((key, map.next_value()?));
        }
        let len = entries.len();
        if entries.iter().all(|(_, v)| v.is_object()) {
            let mut out = Vec::with_capacity(len);
            let mut bad = Vec::new();
            for (_, v) in entries {
                match RecordSeed::<T>(PhantomData)
                    .deserialize(v)
                    .map_err(de::Error::custom)?
                {
                    Ok(t) => out.push(t),
                    Err(raw) => bad.push(raw),
                }
            }
            return Ok(records_got(out, bad));
        }
        let fields = de::value::MapDeserializer::<_, serde_json::Error>::new(entries.into_iter());
        let mut rec = T::default();
        FillFields(&mut rec)
            .deserialize(de::value::MapAccessDeserializer::new(fields))
            .map_err(de::Error::custom)?;
        Ok(Got {
            value: vec![rec],
            misfit: Some(Misfit {
                raw: None,
                partial: false,
                within: "",
                kind: DriftKind::ShapeFallback {
                    expected: LIST_OF_RECORDS,
                    found: JsonShape::Object { len },
                },
            }),
        })
    }
    scalars_are_not_containers!(LIST_OF_RECORDS);
}

/// The records read, with the elements that were not records kept as an array.
fn records_got<T>(out: Vec<T>, bad: Vec<Value>) -> Got<Vec<T>> {
    if bad.is_empty() {
        return Got::ok(out);
    }
    let raw = Value::Array(bad);
    let found = JsonShape::of(&raw);
    Got {
        value: out,
        misfit: Some(Misfit {
            raw: Some(raw),
            kind: DriftKind::InvalidValue {
                expected: LIST_OF_RECORDS,
                found,
            },
            partial: true,
            within: "[]",
        }),
    }
}

/// Reads field `name` as a list of records.
pub fn records<'de, T: Object, A: MapAccess<'de>>(
    map: &mut A,
    rx: &mut Received,
    index: u32,
    name: &'static str,
) -> Result<Vec<T>, A::Error> {
    let got = drift::within(Step::List(name), || {
        map.next_value_seed(RecordListSeed::<T>(PhantomData))
    })?;
    Ok(got.settle(rx, index, name))
}

const AN_OBJECT: &str = "an object";

/// A nested object: an object; `[]`, `""`, `false`, `null` for none; a list (drift: its first
/// element, the others kept).
struct NestedSeed<T>(PhantomData<T>);

impl<'de, T: Object> DeserializeSeed<'de> for NestedSeed<T> {
    type Value = Got<Option<T>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Object> Visitor<'de> for NestedSeed<T> {
    type Value = Got<Option<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(AN_OBJECT)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        ObjectVisitor::<T>(PhantomData)
            .visit_map(map)
            .map(|t| Got::ok(Some(t)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Some(first) = seq.next_element_seed(RecordSeed::<T>(PhantomData))? else {
            // `[]` is how PHP encodes an empty object.
            return Ok(Got::ok(None));
        };
        let rest = seq_raw(seq)?;
        let more = rest.as_array().map_or(0, Vec::len);
        Ok(match first {
            Ok(t) => Got {
                value: Some(t),
                misfit: Some(Misfit {
                    raw: (more > 0).then_some(rest),
                    partial: true,
                    within: "",
                    kind: DriftKind::ShapeFallback {
                        expected: AN_OBJECT,
                        found: JsonShape::Array { len: more + 1 },
                    },
                }),
            },
            Err(raw) => {
                let mut all = vec![raw];
                if let Value::Array(rest) = rest {
                    all.extend(rest);
                }
                Got::raw(None, Value::Array(all), AN_OBJECT)
            }
        })
    }
    scalars_are_not_containers!(AN_OBJECT);
}

/// Reads field `name` as a nested object.
pub fn object<'de, T: Object, A: MapAccess<'de>>(
    map: &mut A,
    rx: &mut Received,
    index: u32,
    name: &'static str,
) -> Result<Option<T>, A::Error> {
    let got = drift::within(Step::Field(name), || {
        map.next_value_seed(NestedSeed::<T>(PhantomData))
    })?;
    Ok(got.settle(rx, index, name))
}

// ---------------------------------------------------------------------------------------------
// Maps

/// Reads one map value: `Ok(Some)` typed, `Ok(None)` empty, `Err(raw)` not fitting.
trait ValueSeed<'de>: DeserializeSeed<'de> + Copy {
    type Item;
    fn split(got: Self::Value) -> (Option<Self::Item>, Option<Misfit>);
}

impl<'de, T: WireValue> ValueSeed<'de> for ScalarSeed<T> {
    type Item = T;
    fn split(got: Got<Option<T>>) -> (Option<T>, Option<Misfit>) {
        (got.value, got.misfit)
    }
}

impl<'de, T: Object> ValueSeed<'de> for RecordSeed<T> {
    type Item = T;
    fn split(got: Result<T, Value>) -> (Option<T>, Option<Misfit>) {
        match got {
            Ok(t) => (Some(t), None),
            Err(raw) => {
                let found = JsonShape::of(&raw);
                (
                    None,
                    Some(Misfit {
                        raw: Some(raw),
                        kind: DriftKind::InvalidValue {
                            expected: "a record",
                            found,
                        },
                        partial: false,
                        within: "",
                    }),
                )
            }
        }
    }
}

/// An object keyed by arbitrary strings (an array is keyed by position: `0`, `1`, ...).
struct MapSeed<S>(S);

impl<'de, S: ValueSeed<'de>> DeserializeSeed<'de> for MapSeed<S> {
    type Value = Got<BTreeMap<String, S::Item>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, S: ValueSeed<'de>> MapSeed<S> {
    fn add(
        key: String,
        got: S::Value,
        out: &mut BTreeMap<String, S::Item>,
        bad: &mut serde_json::Map<String, Value>,
        kind: &mut Option<DriftKind>,
    ) {
        let (value, misfit) = S::split(got);
        if let Some(m) = misfit {
            kind.get_or_insert(m.kind);
            if let Some(raw) = m.raw {
                bad.insert(key.clone(), raw);
            }
        }
        if let Some(v) = value {
            out.insert(key, v);
        }
    }

    fn got(
        out: BTreeMap<String, S::Item>,
        bad: serde_json::Map<String, Value>,
        kind: Option<DriftKind>,
    ) -> Got<BTreeMap<String, S::Item>> {
        Got {
            value: out,
            misfit: kind.map(|kind| Misfit {
                raw: (!bad.is_empty()).then_some(Value::Object(bad)),
                kind,
                partial: true,
                within: "{}",
            }),
        }
    }
}

impl<'de, S: ValueSeed<'de>> Visitor<'de> for MapSeed<S> {
    type Value = Got<BTreeMap<String, S::Item>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(AN_OBJECT)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut out, mut bad, mut kind) = (BTreeMap::new(), serde_json::Map::new(), None);
        while let Some(k) = map.next_key::<String>()? {
            let got = map.next_value_seed(self.0)?;
            Self::add(k, got, &mut out, &mut bad, &mut kind);
        }
        Ok(Self::got(out, bad, kind))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let (mut out, mut bad, mut kind) = (BTreeMap::new(), serde_json::Map::new(), None);
        let mut i = 0usize;
        while let Some(got) = seq.next_element_seed(self.0)? {
            Self::add(i.to_string(), got, &mut out, &mut bad, &mut kind);
            i += 1;
        }
        Ok(Self::got(out, bad, kind))
    }
    scalars_are_not_containers!(AN_OBJECT);
}

/// Reads field `name` as a map of scalars.
pub fn scalar_map<'de, T: WireValue, A: MapAccess<'de>>(
    map: &mut A,
    rx: &mut Received,
    index: u32,
    name: &'static str,
) -> Result<BTreeMap<String, T>, A::Error> {
    let got = drift::within(Step::Map(name), || {
        map.next_value_seed(MapSeed(ScalarSeed::<T>(PhantomData)))
    })?;
    Ok(got.settle(rx, index, name))
}

/// Reads field `name` as a map of records.
pub fn record_map<'de, T: Object, A: MapAccess<'de>>(
    map: &mut A,
    rx: &mut Received,
    index: u32,
    name: &'static str,
) -> Result<BTreeMap<String, T>, A::Error> {
    let got = drift::within(Step::Map(name), || {
        map.next_value_seed(MapSeed(RecordSeed::<T>(PhantomData)))
    })?;
    Ok(got.settle(rx, index, name))
}

// ---------------------------------------------------------------------------------------------
// JSON kept as is

/// Reads field `name` as JSON of type `T` (`Vec<Value>`, `BTreeMap<String, Value>`: shapes the
/// spec leaves untyped, such as lists of lists).
pub fn json<'de, T, A>(
    map: &mut A,
    rx: &mut Received,
    index: u32,
    name: &'static str,
) -> Result<T, A::Error>
where
    T: serde::de::DeserializeOwned + Default,
    A: MapAccess<'de>,
{
    let raw = map.next_value::<Value>()?;
    let got = match T::deserialize(&raw) {
        Ok(v) => Got::ok(v),
        Err(_) if raw.is_null() || raw == Value::Bool(false) || raw.as_str() == Some("") => {
            Got::ok(T::default())
        }
        Err(_) => Got::raw(T::default(), raw, "nested lists or maps"),
    };
    Ok(got.settle(rx, index, name))
}

/// Keeps a field the spec does not describe, and records it as drift.
pub fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    rx: &mut Received,
    key: &str,
) -> Result<(), A::Error> {
    let v = map.next_value::<Value>()?;
    drift::record(
        key,
        DriftKind::UnknownField {
            found: JsonShape::of(&v),
        },
    );
    rx.extra_mut().insert(key, v);
    Ok(())
}
