//! How one field of a response object is read: tolerantly.
//!
//! Generated response types give each typed field by number as a [`Slot`] (one `match` in
//! [`RecordMut::slot`]); [`read_field`] finds the number from the wire name in the type's
//! [`Layout`](super::Layout) and reads the value with the reader of the slot's kind, so the
//! decoding is compiled once, not once per response type. A reader never fails the call
//! for a value it cannot type: the field reads as absent (or keeps what it could read), the
//! raw JSON is kept in the object's [`Extra`](super::Extra) under the field's name, and the
//! deviation is recorded as [drift](super::drift). Only malformed JSON is an error.
//!
//! Tolerated without drift, because VoIP.ms does it by design: numbers and booleans as strings
//! and the reverse, `""`/`null`/`false`/`[]` for "no value", `0000-00-00` dates, lists sent as
//! objects keyed by index (PHP arrays). Tolerated with drift: a list of records answered as one
//! bare record, an object answered as a list, anything else that does not fit.
//!
//! Every reader is a [`Sink`] over the format-independent [`Entries`]/[`Elements`] of
//! `source.rs`, so each is compiled once per value type, whatever the body's format.

use std::collections::BTreeMap;

use serde_json::Value;

use super::decode::{Fields, input_range};
use super::drift::{self, Drift, DriftKind, JsonShape, Step};
use super::received::{Received, field_number};
use super::source::{
    Elements, Entries, Key, ReadError, Scalar, Sink, ValueEntries, feed, raw_elements, raw_map,
    raw_value,
};
use super::to_json::Record;
use super::value::WireValue;

/// What a field's value did not fit: the raw JSON to keep (if any) and what differed.
#[doc(hidden)]
pub struct Misfit {
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
    misfit: Option<Box<Misfit>>,
}

impl<V: Default> Default for Got<V> {
    fn default() -> Self {
        Got::ok(V::default())
    }
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
            misfit: Some(Box::new(Misfit {
                raw: Some(raw),
                kind: DriftKind::InvalidValue { expected, found },
                partial: false,
                within: "",
            })),
        }
    }
}

/// Files a field's misfit (drift and extra) under its name, or marks the field present.
fn settle(misfit: Option<Box<Misfit>>, rx: &mut Received, index: u32, name: &'static str) {
    let Some(m) = misfit else {
        rx.saw(index);
        return;
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
}

/// A container's answer to a scalar: `""`, `false` and `null` are PHP's "nothing"; any other
/// scalar does not fit and is kept.
fn scalar_in_container<V: Default>(v: Scalar<'_>, expected: &'static str) -> Got<V> {
    match v {
        Scalar::Str("") | Scalar::Bool(false) | Scalar::Null => Got::ok(V::default()),
        other => Got::raw(V::default(), other.to_json(), expected),
    }
}

/// Reads the value of the entry whose key was just read into `sink`.
fn next<'de, S: Sink<'de>>(map: &mut dyn Entries<'de>, mut sink: S) -> Result<S, ReadError> {
    map.next_value(&mut sink)?;
    Ok(sink)
}

// ---------------------------------------------------------------------------------------------
// Scalars

/// One scalar read as `T`: `None` for its empty spellings; the raw value when it does not
/// parse; drift for a value outside the type's set. Generic only in the conversions: the
/// drift is built by [`misfit`], once for every type.
fn scalar_of<T: WireValue>(v: Scalar<'_>) -> Got<Option<T>> {
    let x = match v {
        Scalar::Str(s) if s.is_empty() || T::is_null_spelling(s) => return Got::ok(None),
        Scalar::Str(s) => T::from_wire(s),
        Scalar::I64(i) => T::from_i64(i),
        Scalar::U64(u) => T::from_wire(&u.to_string()),
        Scalar::F64(f) => T::from_f64(f),
        Scalar::Bool(b) => match T::from_bool(b) {
            Some(x) => return Got::ok(Some(x)),
            // PHP's `false` stands for "not set yet" (e.g. a port's foc_date).
            None if !b => return Got::ok(None),
            None => None,
        },
        Scalar::Null => return Got::ok(None),
    };
    match x {
        Some(x) if !x.is_unknown_value() => Got::ok(Some(x)),
        known => Got {
            misfit: Some(misfit(&v, known.is_some(), T::EXPECTED)),
            value: known,
        },
    }
}

/// The drift of scalar `v` read as a type described as `expected`: a value outside the type's
/// set (`typed`: kept as the type's unknown value), or one that does not parse (kept raw).
fn misfit(v: &Scalar<'_>, typed: bool, expected: &'static str) -> Box<Misfit> {
    let raw = v.to_json();
    let found = JsonShape::of(&raw);
    Box::new(if typed {
        Misfit {
            raw: None,
            kind: DriftKind::OutsideValueSet { expected, found },
            partial: false,
            within: "",
        }
    } else {
        Misfit {
            raw: Some(raw),
            kind: DriftKind::InvalidValue { expected, found },
            partial: false,
            within: "",
        }
    })
}

/// Reads one scalar.
struct ScalarSink<T>(Got<Option<T>>);

impl<T> Default for ScalarSink<T> {
    fn default() -> Self {
        ScalarSink(Got::ok(None))
    }
}

impl<'de, T: WireValue> Sink<'de> for ScalarSink<T> {
    fn scalar(&mut self, v: Scalar<'_>) {
        self.0 = scalar_of(v);
    }
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError> {
        // `[]` is PHP's empty value; anything else is not a scalar.
        let items = raw_elements(seq)?;
        if !items.is_empty() {
            self.0 = Got::raw(None, Value::Array(items), T::EXPECTED);
        }
        Ok(())
    }
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError> {
        self.0 = Got::raw(None, raw_map(map)?, T::EXPECTED);
        Ok(())
    }
}

/// A scalar field being read.
#[doc(hidden)]
pub trait ScalarSlot {
    /// Reads the entry's value into the field, giving back what did not fit.
    fn read_scalar<'de>(
        &mut self,
        map: &mut dyn Entries<'de>,
    ) -> Result<Option<Box<Misfit>>, ReadError>;
}

impl<T: WireValue> ScalarSlot for Option<T> {
    fn read_scalar<'de>(
        &mut self,
        map: &mut dyn Entries<'de>,
    ) -> Result<Option<Box<Misfit>>, ReadError> {
        let got = next(map, ScalarSink::<T>::default())?.0;
        *self = got.value;
        Ok(got.misfit)
    }
}

// ---------------------------------------------------------------------------------------------
// Lists of scalars

/// Collects the scalars of a JSON array or of an object keyed by index; elements that do not
/// fit are left out and kept (as an array) for the extra fields.
fn collect_scalars<T>(
    items: impl Iterator<Item = Got<Option<T>>>,
    out: &mut Vec<T>,
) -> Option<Box<Misfit>> {
    let mut bad = Vec::new();
    let mut kind = None;
    for got in items {
        if let Some(m) = got.misfit {
            kind.get_or_insert(m.kind);
            bad.extend(m.raw);
        }
        out.extend(got.value);
    }
    kind.map(|kind| {
        Box::new(Misfit {
            raw: (!bad.is_empty()).then_some(Value::Array(bad)),
            kind,
            partial: true,
            within: "[]",
        })
    })
}

/// A list of scalars: a separated string (`"ulaw;g729"`, when `sep` is given), a JSON array or
/// an object keyed by index.
struct ScalarListSink<T> {
    sep: Option<&'static str>,
    got: Got<Vec<T>>,
}

impl<'de, T: WireValue> Sink<'de> for ScalarListSink<T> {
    fn scalar(&mut self, v: Scalar<'_>) {
        self.got = match v {
            Scalar::Str(s) => match self.sep {
                Some(sep) => {
                    let mut out = Vec::new();
                    let parts = s.split(sep).map(str::trim).filter(|p| !p.is_empty());
                    let misfit =
                        collect_scalars(parts.map(|p| scalar_of::<T>(Scalar::Str(p))), &mut out);
                    // A part that did not parse: keep the whole string as sent.
                    let misfit = misfit.map(|m| {
                        Box::new(Misfit {
                            raw: m.raw.map(|_| Value::String(s.to_string())),
                            kind: m.kind,
                            partial: true,
                            within: "[]",
                        })
                    });
                    Got { value: out, misfit }
                }
                None if s.is_empty() => Got::ok(Vec::new()),
                None => Got::raw(Vec::new(), v.to_json(), T::EXPECTED),
            },
            Scalar::I64(_) | Scalar::U64(_) => {
                let got = scalar_of::<T>(v);
                Got {
                    value: got.value.into_iter().collect(),
                    misfit: got.misfit,
                }
            }
            other => scalar_in_container(other, T::EXPECTED),
        };
    }
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError> {
        let mut items = Vec::new();
        loop {
            let mut item = ScalarSink::<T>::default();
            if !seq.next(&mut item)? {
                break;
            }
            items.push(item.0);
        }
        let mut out = Vec::with_capacity(items.len());
        let misfit = collect_scalars(items.into_iter(), &mut out);
        self.got = Got { value: out, misfit };
        Ok(())
    }
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError> {
        // A PHP list keyed by index has scalars for values; an object of anything else is not
        // a list at all, and is kept whole.
        let raw = raw_map(map)?;
        let Value::Object(entries) = &raw else {
            self.got = Got::raw(Vec::new(), raw, T::EXPECTED);
            return Ok(());
        };
        if entries.values().any(|v| v.is_array() || v.is_object()) {
            self.got = Got::raw(Vec::new(), raw, T::EXPECTED);
            return Ok(());
        }
        let mut items = Vec::with_capacity(entries.len());
        for v in entries.values() {
            let mut item = ScalarSink::<T>::default();
            feed(v, &mut item)?;
            items.push(item.0);
        }
        let mut out = Vec::with_capacity(entries.len());
        let misfit = collect_scalars(items.into_iter(), &mut out);
        self.got = Got { value: out, misfit };
        Ok(())
    }
}

/// A list of scalars being read.
#[doc(hidden)]
pub trait ScalarListSlot {
    /// Reads the entry's value into the field: text separated by `sep` when given (also
    /// accepted as a JSON array), else a JSON list (or an object keyed by index).
    fn read_list<'de>(
        &mut self,
        map: &mut dyn Entries<'de>,
        sep: Option<&'static str>,
    ) -> Result<Option<Box<Misfit>>, ReadError>;
}

impl<T: WireValue> ScalarListSlot for Vec<T> {
    fn read_list<'de>(
        &mut self,
        map: &mut dyn Entries<'de>,
        sep: Option<&'static str>,
    ) -> Result<Option<Box<Misfit>>, ReadError> {
        let sink = ScalarListSink::<T> {
            sep,
            got: Got::ok(Vec::new()),
        };
        let got = next(map, sink)?.got;
        *self = got.value;
        Ok(got.misfit)
    }
}

// ---------------------------------------------------------------------------------------------
// Records (objects)
//
// The readers of records see the record type only through the slot traits below, so they are
// compiled once; each record type adds a few one-line methods.

/// Fills `rec` with the entries of an object, giving back the address of its last key borrowed
/// from the body (0 if none), which sizes long lists (see `reserve_estimate`).
fn fill<'de>(rec: &mut dyn RecordMut, map: &mut dyn Entries<'de>) -> Result<usize, ReadError> {
    let mut at = 0;
    let mut cursor = 0;
    while let Some(key) = map.next_key()? {
        if let Key::Borrowed(k) = &key {
            at = k.as_ptr() as usize;
        }
        read_field(rec, key.as_str(), map, &mut cursor)?;
    }
    Ok(at)
}

/// A list of records being read: new records are pushed at the end and filled in place.
#[doc(hidden)]
pub trait RecordSlots {
    /// Pushes a new (default) record and hands it out to be filled.
    fn push_slot(&mut self) -> &mut dyn RecordMut;
    /// Takes back the last record pushed (its value was not an object).
    fn pop_slot(&mut self);
    /// Removes every record.
    fn clear_slots(&mut self);
    /// How many records there are.
    fn slots(&self) -> usize;
    /// Reserves room for `more` records.
    fn reserve_slots(&mut self, more: usize);
    /// Gives back room reserved beyond an eighth more than needed.
    fn trim_slots(&mut self);
}

impl<T: RecordMut + Default> RecordSlots for Vec<T> {
    fn push_slot(&mut self) -> &mut dyn RecordMut {
        let i = self.len();
        self.push(T::default());
        &mut self[i]
    }
    fn pop_slot(&mut self) {
        self.pop();
    }
    fn clear_slots(&mut self) {
        self.clear();
    }
    fn slots(&self) -> usize {
        self.len()
    }
    fn reserve_slots(&mut self, more: usize) {
        self.reserve_exact(more);
    }
    fn trim_slots(&mut self) {
        if self.capacity() - self.len() > self.len() / 8 {
            self.shrink_to_fit();
        }
    }
}

/// An optional nested record being read.
#[doc(hidden)]
pub trait RecordSlot {
    /// Sets a new (default) record and hands it out to be filled.
    fn set_slot(&mut self) -> &mut dyn RecordMut;
    /// Leaves it absent.
    fn clear_slot(&mut self);
}

impl<T: RecordMut + Default> RecordSlot for Option<T> {
    fn set_slot(&mut self) -> &mut dyn RecordMut {
        self.insert(T::default())
    }
    fn clear_slot(&mut self) {
        *self = None;
    }
}

/// Records by key being read.
#[doc(hidden)]
pub trait RecordMapSlots {
    /// Sets a new (default) record under `key` and hands it out to be filled.
    fn insert_slot(&mut self, key: String) -> &mut dyn RecordMut;
    /// Removes the record under `key` (its value was not an object).
    fn remove_slot(&mut self, key: &str);
    /// Removes every record.
    fn clear_slots(&mut self);
}

impl<T: RecordMut + Default> RecordMapSlots for BTreeMap<String, T> {
    fn insert_slot(&mut self, key: String) -> &mut dyn RecordMut {
        match self.entry(key) {
            std::collections::btree_map::Entry::Occupied(mut e) => {
                e.insert(T::default());
                e.into_mut()
            }
            std::collections::btree_map::Entry::Vacant(e) => e.insert(T::default()),
        }
    }
    fn remove_slot(&mut self, key: &str) {
        self.remove(key);
    }
    fn clear_slots(&mut self) {
        self.clear();
    }
}

/// Elements decoded before the list's length is estimated.
const SAMPLE: usize = 32;

/// The fewest bytes a record takes in any body format (for believing a stated length).
const MIN_RECORD_BYTES: usize = 16;

/// Decodes one object into `rec` in place (no moves of a possibly large struct) and notes the
/// address of its last borrowed key (0 if none), or the raw value when it is not an object.
struct FillSink<'a> {
    rec: &'a mut dyn RecordMut,
    got: Result<usize, serde_json::Value>,
}

impl<'a> FillSink<'a> {
    fn new(rec: &'a mut dyn RecordMut) -> Self {
        FillSink { rec, got: Ok(0) }
    }
}

impl<'de> Sink<'de> for FillSink<'_> {
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError> {
        self.got = Ok(fill(self.rec, map)?);
        Ok(())
    }
    // Not a record: handed back whole, to be kept.
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError> {
        self.got = Err(serde_json::Value::Array(raw_elements(seq)?));
        Ok(())
    }
    fn scalar(&mut self, v: Scalar<'_>) {
        self.got = Err(v.to_json());
    }
}

/// Reserves room for the rest of a list whose first `out.slots()` elements spanned the body
/// from address `first` to `last` (the last keys of the first and the latest element).
fn reserve_estimate(out: &mut dyn RecordSlots, first: usize, last: usize) {
    let (start, end) = input_range();
    if out.slots() < 2 || first < start || last <= first || last >= end {
        return;
    }
    let per_element = (last - first) / (out.slots() - 1);
    if per_element == 0 {
        return;
    }
    let rest = (end - last) / per_element;
    out.reserve_slots(rest + rest / 16 + 1);
}

/// Decodes a JSON array of records into `out`, each in its final place, sized by estimate (see
/// above). Elements that are not records are handed back as raw JSON, in order.
fn fill_list<'de>(
    seq: &mut dyn Elements<'de>,
    out: &mut dyn RecordSlots,
) -> Result<Vec<serde_json::Value>, ReadError> {
    // A format that states the length (a SOAP array's `arrayType`) is believed up to what the
    // body could hold, so a false length cannot make us allocate much.
    let (start, end) = input_range();
    let hinted = seq
        .size_hint()
        .map(|n| out.reserve_slots(n.min((end - start) / MIN_RECORD_BYTES)))
        .is_some();
    let mut bad = Vec::new();
    let mut first = 0;
    loop {
        let (more, got) = {
            let mut sink = FillSink::new(out.push_slot());
            let more = seq.next(&mut sink)?;
            (more, sink.got)
        };
        if !more {
            out.pop_slot();
            break;
        }
        match got {
            Err(raw) => {
                out.pop_slot();
                bad.push(raw);
            }
            Ok(at) => {
                let i = out.slots() - 1;
                if i == 0 {
                    first = at;
                } else if i + 1 == SAMPLE && !hinted {
                    reserve_estimate(out, first, at);
                }
            }
        }
    }
    out.trim_slots();
    Ok(bad)
}

/// Fills `rec` from one value: `Ok` when it was an object, else the raw value.
fn fill_from(rec: &mut dyn RecordMut, v: &Value) -> Result<Result<usize, Value>, ReadError> {
    let mut sink = FillSink::new(rec);
    feed(v, &mut sink)?;
    Ok(sink.got)
}

const LIST_OF_RECORDS: &str = "a list of records";

/// A list of records: a JSON array; an object keyed by index whose values are records (PHP);
/// one bare record (drift: read as a one-element list); `""`/`false`/`null` for none.
struct RecordListSink<'a> {
    out: &'a mut dyn RecordSlots,
    misfit: Option<Box<Misfit>>,
}

impl<'de> Sink<'de> for RecordListSink<'_> {
    fn scalar(&mut self, v: Scalar<'_>) {
        self.misfit = scalar_in_container::<()>(v, LIST_OF_RECORDS).misfit;
    }
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError> {
        let bad = fill_list(seq, self.out)?;
        self.misfit = records_misfit(bad);
        Ok(())
    }
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError> {
        // A PHP collection keyed by index has records for values; anything else is one bare
        // record. The entries are kept as values until that is known (this shape is rare), in
        // the order received.
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key()? {
            let v = raw_value(map)?;
            entries.push((key.as_str().to_string(), v));
        }
        let len = entries.len();
        if entries.iter().all(|(_, v)| v.is_object()) {
            let mut bad = Vec::new();
            for (_, v) in &entries {
                if let Err(raw) = fill_from(self.out.push_slot(), v)? {
                    self.out.pop_slot();
                    bad.push(raw);
                }
            }
            self.misfit = records_misfit(bad);
            return Ok(());
        }
        let mut bare = ValueEntries {
            entries: entries.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            at: 0,
        };
        fill(self.out.push_slot(), &mut bare)?;
        self.misfit = Some(Box::new(Misfit {
            raw: None,
            partial: false,
            within: "",
            kind: DriftKind::ShapeFallback {
                expected: LIST_OF_RECORDS,
                found: JsonShape::Object { len },
            },
        }));
        Ok(())
    }
}

/// The elements that were not records, kept as an array.
fn records_misfit(bad: Vec<Value>) -> Option<Box<Misfit>> {
    if bad.is_empty() {
        return None;
    }
    let raw = Value::Array(bad);
    let found = JsonShape::of(&raw);
    Some(Box::new(Misfit {
        raw: Some(raw),
        kind: DriftKind::InvalidValue {
            expected: LIST_OF_RECORDS,
            found,
        },
        partial: true,
        within: "[]",
    }))
}

/// Reads a list of records into `out`.
fn read_records<'de>(
    map: &mut dyn Entries<'de>,
    out: &mut dyn RecordSlots,
) -> Result<Option<Box<Misfit>>, ReadError> {
    let mut sink = RecordListSink { out, misfit: None };
    map.next_value(&mut sink).map(|()| sink.misfit)
}

const AN_OBJECT: &str = "an object";

/// A nested object: an object; `[]`, `""`, `false`, `null` for none; a list (drift: its first
/// element, the others kept).
struct NestedSink<'a> {
    out: &'a mut dyn RecordSlot,
    misfit: Option<Box<Misfit>>,
}

impl<'de> Sink<'de> for NestedSink<'_> {
    fn scalar(&mut self, v: Scalar<'_>) {
        self.misfit = scalar_in_container::<()>(v, AN_OBJECT).misfit;
    }
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError> {
        fill(self.out.set_slot(), map).map(|_| ())
    }
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError> {
        let (more, first) = {
            let mut sink = FillSink::new(self.out.set_slot());
            let more = seq.next(&mut sink)?;
            (more, sink.got)
        };
        if !more {
            // `[]` is how PHP encodes an empty object.
            self.out.clear_slot();
            return Ok(());
        }
        let rest = raw_elements(seq)?;
        let more = rest.len();
        self.misfit = match first {
            Ok(_) => Some(Box::new(Misfit {
                raw: (more > 0).then_some(Value::Array(rest)),
                partial: true,
                within: "",
                kind: DriftKind::ShapeFallback {
                    expected: AN_OBJECT,
                    found: JsonShape::Array { len: more + 1 },
                },
            })),
            Err(raw) => {
                self.out.clear_slot();
                let mut all = vec![raw];
                all.extend(rest);
                Got::raw((), Value::Array(all), AN_OBJECT).misfit
            }
        };
        Ok(())
    }
}

/// Reads a nested object into `out`.
fn read_object<'de>(
    map: &mut dyn Entries<'de>,
    out: &mut dyn RecordSlot,
) -> Result<Option<Box<Misfit>>, ReadError> {
    let mut sink = NestedSink { out, misfit: None };
    map.next_value(&mut sink).map(|()| sink.misfit)
}

// ---------------------------------------------------------------------------------------------
// Maps

/// Reads one map value: the typed value if any, and the misfit if it did not fit.
trait ItemSink: Default {
    type Item;
    fn split(self) -> (Option<Self::Item>, Option<Box<Misfit>>);
}

impl<T: WireValue> ItemSink for ScalarSink<T> {
    type Item = T;
    fn split(self) -> (Option<T>, Option<Box<Misfit>>) {
        (self.0.value, self.0.misfit)
    }
}

/// An object keyed by arbitrary strings (an array is keyed by position: `0`, `1`, ...).
struct MapSink<S: ItemSink> {
    out: BTreeMap<String, S::Item>,
    bad: serde_json::Map<String, Value>,
    kind: Option<DriftKind>,
    /// A scalar in place of the map.
    instead: Option<Got<()>>,
}

impl<S: ItemSink> MapSink<S> {
    fn new() -> Self {
        MapSink {
            out: BTreeMap::new(),
            bad: serde_json::Map::new(),
            kind: None,
            instead: None,
        }
    }

    fn add(&mut self, key: String, item: S) {
        let (value, misfit) = item.split();
        if let Some(m) = misfit {
            self.kind.get_or_insert(m.kind);
            if let Some(raw) = m.raw {
                self.bad.insert(key.clone(), raw);
            }
        }
        if let Some(v) = value {
            self.out.insert(key, v);
        }
    }

    fn got(self) -> Got<BTreeMap<String, S::Item>> {
        if let Some(got) = self.instead {
            return Got {
                value: BTreeMap::new(),
                misfit: got.misfit,
            };
        }
        Got {
            value: self.out,
            misfit: self.kind.map(|kind| {
                Box::new(Misfit {
                    raw: (!self.bad.is_empty()).then_some(Value::Object(self.bad)),
                    kind,
                    partial: true,
                    within: "{}",
                })
            }),
        }
    }
}

impl<'de, S: ItemSink + Sink<'de>> Sink<'de> for MapSink<S> {
    fn scalar(&mut self, v: Scalar<'_>) {
        self.instead = Some(scalar_in_container(v, AN_OBJECT));
    }
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError> {
        while let Some(k) = map.next_key()? {
            let item = next(map, S::default())?;
            self.add(k.as_str().to_string(), item);
        }
        Ok(())
    }
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError> {
        let mut i = 0usize;
        loop {
            let mut item = S::default();
            if !seq.next(&mut item)? {
                return Ok(());
            }
            self.add(i.to_string(), item);
            i += 1;
        }
    }
}

/// A map of scalars being read.
#[doc(hidden)]
pub trait ScalarMapSlot {
    /// Reads the entry's value into the field, giving back what did not fit.
    fn read_map<'de>(
        &mut self,
        map: &mut dyn Entries<'de>,
    ) -> Result<Option<Box<Misfit>>, ReadError>;
}

impl<T: WireValue> ScalarMapSlot for BTreeMap<String, T> {
    fn read_map<'de>(
        &mut self,
        map: &mut dyn Entries<'de>,
    ) -> Result<Option<Box<Misfit>>, ReadError> {
        let got = next(map, MapSink::<ScalarSink<T>>::new())?.got();
        *self = got.value;
        Ok(got.misfit)
    }
}

/// Records by key: an object of records (an array is keyed by position: `0`, `1`, ...).
struct RecordMapSink<'a> {
    out: &'a mut dyn RecordMapSlots,
    bad: serde_json::Map<String, Value>,
    instead: Option<Box<Misfit>>,
}

impl RecordMapSink<'_> {
    fn add(&mut self, key: String, v: &Value) -> Result<(), ReadError> {
        if let Err(raw) = fill_from(self.out.insert_slot(key.clone()), v)? {
            self.out.remove_slot(&key);
            self.bad.insert(key, raw);
        }
        Ok(())
    }

    fn misfit(self) -> Option<Box<Misfit>> {
        if self.instead.is_some() {
            return self.instead;
        }
        let first = self.bad.values().next().map(JsonShape::of)?;
        Some(Box::new(Misfit {
            raw: Some(Value::Object(self.bad)),
            kind: DriftKind::InvalidValue {
                expected: "a record",
                found: first,
            },
            partial: true,
            within: "{}",
        }))
    }
}

impl<'de> Sink<'de> for RecordMapSink<'_> {
    fn scalar(&mut self, v: Scalar<'_>) {
        self.instead = scalar_in_container::<()>(v, AN_OBJECT).misfit;
    }
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError> {
        while let Some(k) = map.next_key()? {
            let v = raw_value(map)?;
            self.add(k.as_str().to_string(), &v)?;
        }
        Ok(())
    }
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError> {
        for (i, v) in raw_elements(seq)?.iter().enumerate() {
            self.add(i.to_string(), v)?;
        }
        Ok(())
    }
}

/// Reads a map of records into `out`.
fn read_record_map<'de>(
    map: &mut dyn Entries<'de>,
    out: &mut dyn RecordMapSlots,
) -> Result<Option<Box<Misfit>>, ReadError> {
    let mut sink = RecordMapSink {
        out,
        bad: serde_json::Map::new(),
        instead: None,
    };
    map.next_value(&mut sink).map(|()| sink.misfit())
}

// ---------------------------------------------------------------------------------------------
// JSON kept as is

/// A field kept as JSON of its type (`Vec<Value>`, `BTreeMap<String, Value>`: shapes the spec
/// leaves untyped, such as lists of lists) being read.
#[doc(hidden)]
pub trait JsonSlot {
    /// Reads the entry's value into the field, giving back what did not fit.
    fn read_json<'de>(
        &mut self,
        map: &mut dyn Entries<'de>,
    ) -> Result<Option<Box<Misfit>>, ReadError>;
}

impl<T: serde::de::DeserializeOwned + Default> JsonSlot for T {
    fn read_json<'de>(
        &mut self,
        map: &mut dyn Entries<'de>,
    ) -> Result<Option<Box<Misfit>>, ReadError> {
        let raw = raw_value(map)?;
        let got = match T::deserialize(&raw) {
            Ok(v) => Got::ok(v),
            Err(_) if raw.is_null() || raw == Value::Bool(false) || raw.as_str() == Some("") => {
                Got::ok(T::default())
            }
            Err(_) => Got::raw(T::default(), raw, "nested lists or maps"),
        };
        *self = got.value;
        Ok(got.misfit)
    }
}

/// Keeps a field the spec does not describe, and records it as drift.
fn unknown<'de>(map: &mut dyn Entries<'de>, rx: &mut Received, key: &str) -> Result<(), ReadError> {
    let v = raw_value(map)?;
    drift::record(
        key,
        DriftKind::UnknownField {
            found: JsonShape::of(&v),
        },
    );
    rx.extra_mut().insert(key, v);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Response objects as tables of fields

/// A typed field of a response object, as the reader its kind needs.
#[doc(hidden)]
pub enum Slot<'a> {
    /// One scalar (`Option<T>`).
    Scalar(&'a mut dyn ScalarSlot),
    /// A JSON list of scalars (`Vec<T>`).
    Scalars(&'a mut dyn ScalarListSlot),
    /// Scalars in one text separated by the given separator (`Vec<T>`).
    Separated(&'a mut dyn ScalarListSlot, &'static str),
    /// Scalars by key (`BTreeMap<String, T>`).
    ScalarMap(&'a mut dyn ScalarMapSlot),
    /// A list of records (`Vec<R>`).
    Records(&'a mut dyn RecordSlots),
    /// A nested record (`Option<R>`).
    Object(&'a mut dyn RecordSlot),
    /// Records by key (`BTreeMap<String, R>`).
    RecordMap(&'a mut dyn RecordMapSlots),
    /// JSON kept as is.
    Json(&'a mut dyn JsonSlot),
}

impl Slot<'_> {
    /// Reads the entry's value into the field `name`, giving back what did not fit; nested
    /// readers record their drift under the field's path.
    fn read<'de>(
        self,
        map: &mut dyn Entries<'de>,
        name: &'static str,
    ) -> Result<Option<Box<Misfit>>, ReadError> {
        match self {
            Slot::Scalar(s) => s.read_scalar(map),
            Slot::Separated(s, sep) => s.read_list(map, Some(sep)),
            Slot::Scalars(s) => drift::within(Step::List(name), || s.read_list(map, None)),
            Slot::ScalarMap(s) => drift::within(Step::Map(name), || s.read_map(map)),
            Slot::Records(out) => {
                // A repeated key replaces the list, as it replaces any other value.
                out.clear_slots();
                drift::within(Step::List(name), || read_records(map, out))
            }
            Slot::Object(out) => drift::within(Step::Field(name), || read_object(map, out)),
            Slot::RecordMap(out) => {
                out.clear_slots();
                drift::within(Step::Map(name), || read_record_map(map, out))
            }
            Slot::Json(s) => s.read_json(map),
        }
    }
}

/// A generated response object as its decoder sees it: its typed fields by number (spec
/// order, named in its [`Layout`](super::Layout)), each as a [`Slot`]. Generated as one `match`
/// on the number; every `RecordMut` is [`Fields`] through [`read_field`], compiled once.
#[doc(hidden)]
pub trait RecordMut: Record {
    /// Typed field number `index`, to be read into; `None` past the last.
    fn slot(&mut self, index: usize) -> Option<Slot<'_>>;

    /// Which fields VoIP.ms sent, and those kept as JSON, to be filled.
    fn received_mut(&mut self) -> &mut Received;
}

impl<T: RecordMut> Fields for T {
    fn field<'de>(
        &mut self,
        key: &str,
        map: &mut dyn Entries<'de>,
        cursor: &mut usize,
    ) -> Result<(), ReadError> {
        read_field(self, key, map, cursor)
    }

    fn keep_drift(&mut self, drift: Vec<Drift>)
    where
        Self: Sized,
    {
        self.received_mut().keep_drift(drift);
    }
}

/// Whether two field names are equal: compared in line, since names are short and a call to
/// `memcmp` per field was 4% of decoding a long list.
#[inline]
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Reads the value of field `key` into `rec`: into its typed field of that wire name, else
/// kept as a field the spec lacks. VoIP.ms sends fields in one order, which is the spec's, so
/// the field after the one read last (`cursor`) is tried before the others.
fn read_field<'de>(
    rec: &mut dyn RecordMut,
    key: &str,
    map: &mut dyn Entries<'de>,
    cursor: &mut usize,
) -> Result<(), ReadError> {
    let names = rec.layout().fields;
    let found = match names.get(*cursor) {
        Some(&name) if same_name(name, key) => Some((*cursor, name)),
        _ => names
            .iter()
            .enumerate()
            .find(|&(_, &name)| same_name(name, key))
            .map(|(i, &name)| (i, name)),
    };
    let Some((index, name)) = found else {
        return unknown(map, rec.received_mut(), key);
    };
    *cursor = index + 1;
    let Some(slot) = rec.slot(index) else {
        // A layout naming more fields than the type has: keep the value rather than lose it.
        return unknown(map, rec.received_mut(), key);
    };
    let misfit = slot.read(map, name)?;
    settle(misfit, rec.received_mut(), field_number(index), name);
    Ok(())
}
