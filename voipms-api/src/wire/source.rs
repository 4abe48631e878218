//! The one interface between a body format and the typed readers.
//!
//! The readers of `read.rs` (and through them every generated response type's table of
//! fields) take a value through the object-safe traits here ([`Entries`], [`Elements`], [`Sink`]) instead of being generic over
//! serde's `MapAccess`: they are compiled once, not once per format (JSON, SOAP, a kept
//! `serde_json::Value`). Each format is adapted here, in one place: any serde `Deserializer`
//! through [`Visit`], and a `serde_json::Value` already in memory through [`feed`].

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Why a body could not be read: the format's own message (serde_json's includes the line and
/// column, which survive the trip back into a `serde_json::Error`).
#[derive(Debug)]
pub struct ReadError(Box<str>);

impl ReadError {
    fn of(e: impl fmt::Display) -> ReadError {
        ReadError(e.to_string().into_boxed_str())
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

/// A JSON object key, borrowed from the input when it has no escapes.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped into a new string.
    Owned(String),
}

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// A value that is not a container, as the format gave it.
#[derive(Debug, Clone, Copy)]
pub enum Scalar<'a> {
    /// A string.
    Str(&'a str),
    /// A negative or small whole number.
    I64(i64),
    /// A whole number above `i64::MAX`.
    U64(u64),
    /// A number with a fraction or an exponent.
    F64(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null` (or a nil SOAP element).
    Null,
}

impl Scalar<'_> {
    /// The value as JSON, for keeping.
    pub fn to_json(self) -> Value {
        match self {
            Scalar::Str(s) => Value::String(s.to_string()),
            Scalar::I64(v) => Value::Number(v.into()),
            Scalar::U64(v) => Value::Number(v.into()),
            Scalar::F64(v) => serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
            Scalar::Bool(v) => Value::Bool(v),
            Scalar::Null => Value::Null,
        }
    }
}

/// Receives one value: a scalar, or a container to read through.
pub trait Sink<'de> {
    /// A scalar value.
    fn scalar(&mut self, v: Scalar<'_>);
    /// A list; the sink reads its elements.
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError>;
    /// An object; the sink reads its entries.
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError>;
}

/// The elements of a list, read one by one.
pub trait Elements<'de> {
    /// Feeds the next element to `sink`; `false` at the end of the list.
    fn next(&mut self, sink: &mut dyn Sink<'de>) -> Result<bool, ReadError>;
    /// How many elements the format says follow, if it says.
    fn size_hint(&self) -> Option<usize>;
}

/// The entries of an object, read key, value, key, value...
pub trait Entries<'de> {
    /// The next key; `None` at the end of the object.
    fn next_key(&mut self) -> Result<Option<Key<'de>>, ReadError>;
    /// Feeds the value of the key just read to `sink`.
    fn next_value(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), ReadError>;
}

// ---------------------------------------------------------------------------------------------
// Any serde format

/// Feeds what a serde `Deserializer` gives to a [`Sink`]: the only code compiled per format.
pub(crate) struct Visit<'a, 'de>(pub(crate) &'a mut dyn Sink<'de>);

impl<'de> DeserializeSeed<'de> for Visit<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Visit<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.scalar(Scalar::Str(v));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.scalar(Scalar::I64(v));
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.scalar(match i64::try_from(v) {
            Ok(i) => Scalar::I64(i),
            Err(_) => Scalar::U64(v),
        });
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.0.scalar(Scalar::F64(v));
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.scalar(Scalar::Bool(v));
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.scalar(Scalar::Null);
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.scalar(Scalar::Null);
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let mut elements = SeqOf {
            access: seq,
            error: None,
        };
        let result = self.0.seq(&mut elements);
        result.map_err(|e| elements.error.unwrap_or_else(|| de::Error::custom(e)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut entries = MapOf::new(map);
        let result = self.0.map(&mut entries);
        result.map_err(|e| entries.into_error(e))
    }
}

// The format's own error is kept in the adapter that met it and handed back unchanged where
// the adapter was made (a typed SOAP error stays typed); the readers in between only see that
// there was one.

/// A serde `SeqAccess` as [`Elements`].
struct SeqOf<A, E> {
    access: A,
    error: Option<E>,
}

impl<'de, A: SeqAccess<'de>> Elements<'de> for SeqOf<A, A::Error> {
    fn next(&mut self, sink: &mut dyn Sink<'de>) -> Result<bool, ReadError> {
        match self.access.next_element_seed(Visit(sink)) {
            Ok(v) => Ok(v.is_some()),
            Err(e) => Err(stash(&mut self.error, e)),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

/// A serde `MapAccess` as [`Entries`].
pub(crate) struct MapOf<A, E> {
    access: A,
    error: Option<E>,
}

impl<'de, A: MapAccess<'de>> MapOf<A, A::Error> {
    pub(crate) fn new(access: A) -> Self {
        MapOf {
            access,
            error: None,
        }
    }

    /// The error to hand back to the format for `e`: its own, if it met one.
    pub(crate) fn into_error(self, e: ReadError) -> A::Error {
        self.error.unwrap_or_else(|| de::Error::custom(e))
    }
}

impl<'de, A: MapAccess<'de>> Entries<'de> for MapOf<A, A::Error> {
    fn next_key(&mut self) -> Result<Option<Key<'de>>, ReadError> {
        self.access
            .next_key::<Key<'de>>()
            .map_err(|e| stash(&mut self.error, e))
    }
    fn next_value(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), ReadError> {
        self.access
            .next_value_seed(Visit(sink))
            .map_err(|e| stash(&mut self.error, e))
    }
}

/// Keeps the format's error `e` (the first one) and tells the readers there was one.
fn stash<E: fmt::Display>(slot: &mut Option<E>, e: E) -> ReadError {
    let read = ReadError::of(&e);
    slot.get_or_insert(e);
    read
}

// ---------------------------------------------------------------------------------------------
// A JSON value in memory

/// Feeds a JSON value already in memory to `sink` (for shapes that had to be kept before
/// they could be typed, such as a PHP collection keyed by index).
pub(crate) fn feed<'de>(v: &Value, sink: &mut dyn Sink<'de>) -> Result<(), ReadError> {
    match v {
        Value::Null => sink.scalar(Scalar::Null),
        Value::Bool(b) => sink.scalar(Scalar::Bool(*b)),
        Value::Number(n) => sink.scalar(if let Some(i) = n.as_i64() {
            Scalar::I64(i)
        } else if let Some(u) = n.as_u64() {
            Scalar::U64(u)
        } else {
            Scalar::F64(n.as_f64().unwrap_or(f64::NAN))
        }),
        Value::String(s) => sink.scalar(Scalar::Str(s)),
        Value::Array(items) => return sink.seq(&mut ValueElements(items.iter())),
        Value::Object(map) => {
            return sink.map(&mut ValueEntries {
                entries: map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
                at: 0,
            });
        }
    }
    Ok(())
}

struct ValueElements<'v>(std::slice::Iter<'v, Value>);

impl<'de> Elements<'de> for ValueElements<'_> {
    fn next(&mut self, sink: &mut dyn Sink<'de>) -> Result<bool, ReadError> {
        match self.0.next() {
            Some(v) => feed(v, sink).map(|()| true),
            None => Ok(false),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// Entries of a kept object (or of key-value pairs), read in order.
pub(crate) struct ValueEntries<'v> {
    pub(crate) entries: Vec<(&'v str, &'v Value)>,
    pub(crate) at: usize,
}

impl<'de> Entries<'de> for ValueEntries<'_> {
    fn next_key(&mut self) -> Result<Option<Key<'de>>, ReadError> {
        Ok(self
            .entries
            .get(self.at)
            .map(|(k, _)| Key::Owned((*k).to_string())))
    }
    fn next_value(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), ReadError> {
        let Some((_, v)) = self.entries.get(self.at) else {
            return Err(ReadError::of("a value was read before its key"));
        };
        self.at += 1;
        feed(v, sink)
    }
}

// ---------------------------------------------------------------------------------------------
// Keeping a value whole

/// Reads a whole value as JSON, for keeping.
#[derive(Default)]
pub(crate) struct Raw(pub(crate) Value);

impl<'de> Sink<'de> for Raw {
    fn scalar(&mut self, v: Scalar<'_>) {
        self.0 = v.to_json();
    }
    fn seq(&mut self, seq: &mut dyn Elements<'de>) -> Result<(), ReadError> {
        self.0 = Value::Array(raw_elements(seq)?);
        Ok(())
    }
    fn map(&mut self, map: &mut dyn Entries<'de>) -> Result<(), ReadError> {
        let mut out = serde_json::Map::new();
        while let Some(k) = map.next_key()? {
            let mut v = Raw::default();
            map.next_value(&mut v)?;
            out.insert(k.as_str().to_string(), v.0);
        }
        self.0 = Value::Object(out);
        Ok(())
    }
}

/// The remaining elements of a list, as JSON.
pub(crate) fn raw_elements<'de>(seq: &mut dyn Elements<'de>) -> Result<Vec<Value>, ReadError> {
    let mut out = Vec::new();
    loop {
        let mut v = Raw::default();
        if !seq.next(&mut v)? {
            return Ok(out);
        }
        out.push(v.0);
    }
}

/// The remaining entries of an object, as JSON.
pub(crate) fn raw_map<'de>(map: &mut dyn Entries<'de>) -> Result<Value, ReadError> {
    let mut v = Raw::default();
    v.map(map)?;
    Ok(v.0)
}

/// The value of the entry whose key was just read, as JSON.
pub(crate) fn raw_value<'de>(map: &mut dyn Entries<'de>) -> Result<Value, ReadError> {
    let mut v = Raw::default();
    map.next_value(&mut v)?;
    Ok(v.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_fed_from_memory_reads_as_it_would_from_text() {
        let text = r#"{"a":[1,-2,18446744073709551615,1.5,true,null,"x"],"b":{"c":{}}}"#;
        let v: Value = serde_json::from_str(text).unwrap_or_default();
        let mut from_memory = Raw::default();
        assert!(feed(&v, &mut from_memory).is_ok());
        let mut from_text = Raw::default();
        let mut de = serde_json::Deserializer::from_str(text);
        assert!(Visit(&mut from_text).deserialize(&mut de).is_ok());
        assert_eq!(from_memory.0, v);
        assert_eq!(from_text.0, v);
    }

    #[test]
    fn errors_keep_serde_json_positions() {
        let mut sink = Raw::default();
        let mut de = serde_json::Deserializer::from_str("{\"a\":\n[1,}");
        let err = Visit(&mut sink).deserialize(&mut de).err();
        let err = err.map(|e| (e.line(), e.column()));
        assert_eq!(err, Some((2, 4)));
    }
}
