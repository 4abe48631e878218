//! A decoded response back to JSON, as the command-line tool prints it and `Serialize` gives it:
//! the fields VoIP.ms sent in spec order (typed), the values that did not fit as they came, then
//! the fields the spec lacks.
//!
//! Generated response types implement [`ToJson`] and `Serialize` through their field table
//! (`record.rs`); scalars, options, lists and maps here.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

/// A value as JSON.
pub trait ToJson {
    /// The value as JSON.
    fn to_json(&self) -> Value;
}

/// Scalars: their `Serialize` form (dates as `yyyy-mm-dd`, decimals as text...).
impl<T: super::WireValue + Serialize> ToJson for T {
    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}

// Plain loops: an iterator chain here would be compiled again for every element type.

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        let mut out = Vec::with_capacity(self.len());
        for item in self {
            out.push(item.to_json());
        }
        Value::Array(out)
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
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}
