//! Events as JSON objects (what `voipms listen` prints): each value in its wire spelling.

use serde_json::{Map, Value};

use crate::wire::WireValue;

fn wire<T: WireValue>(v: &T) -> Value {
    let mut s = String::new();
    v.write_wire(&mut s);
    Value::String(s)
}

/// Puts a value under `key`.
pub fn put_one<T: WireValue>(m: &mut Map<String, Value>, key: &str, v: &T) {
    m.insert(key.to_string(), wire(v));
}

/// Puts a value under `key` when present.
pub fn put_opt<T: WireValue>(m: &mut Map<String, Value>, key: &str, v: &Option<T>) {
    if let Some(v) = v {
        put_one(m, key, v);
    }
}

/// Puts a list under `key`.
pub fn put_many<T: WireValue>(m: &mut Map<String, Value>, key: &str, v: &[T]) {
    m.insert(key.to_string(), Value::Array(v.iter().map(wire).collect()));
}

/// Puts name/value pairs as an object under `key`, when there are any.
pub fn put_pairs(m: &mut Map<String, Value>, key: &str, pairs: &[(String, String)]) {
    if pairs.is_empty() {
        return;
    }
    let obj = pairs
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    m.insert(key.to_string(), Value::Object(obj));
}
