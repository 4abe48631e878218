//! A webhook's JSON body, read by dotted paths.

use serde_json::Value;

use crate::wire::WireValue;

use super::reply::CallbackError;

/// A parsed JSON body. Generated event types read their fields from it by path
/// (`data.payload.from.phone_number`; `[]` after a segment reads every item of a list).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonBody(Value);

impl JsonBody {
    /// Parses `body`, which must be a JSON object.
    pub fn parse(body: &[u8]) -> Result<JsonBody, CallbackError> {
        match serde_json::from_slice::<Value>(body) {
            Ok(v @ Value::Object(_)) => Ok(JsonBody(v)),
            Ok(_) => Err(CallbackError::NotJson("not an object".into())),
            Err(e) => Err(CallbackError::NotJson(e.to_string())),
        }
    }

    /// Whether `body` opens like a JSON object (its first non-blank byte is `{`).
    pub fn looks_like_json(body: &[u8]) -> bool {
        body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
    }

    /// The values at `path` (one for a path without `[]`).
    fn values<'a>(&'a self, path: &str) -> Vec<&'a Value> {
        let mut here = vec![&self.0];
        for seg in path.split('.') {
            let (name, each) = match seg.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (seg, false),
            };
            let mut next = Vec::new();
            for v in here {
                match v.get(name) {
                    // A single object where a list was expected is a list of one.
                    Some(Value::Array(items)) if each => next.extend(items),
                    Some(Value::Array(_)) | None => {}
                    Some(v) => next.push(v),
                }
            }
            here = next;
        }
        here
    }

    /// The value at `path`, when present and a `T`.
    pub fn optional<T: WireValue>(&self, path: &str) -> Option<T> {
        self.values(path).first().and_then(|v| scalar(v))
    }

    /// The value at `path`.
    pub fn required<T: WireValue>(&self, path: &'static str) -> Result<T, CallbackError> {
        match self.values(path).first() {
            None | Some(Value::Null) => Err(CallbackError::MissingField(path)),
            Some(v) => scalar(v).ok_or(CallbackError::InvalidField {
                name: path,
                expected: T::EXPECTED,
            }),
        }
    }

    /// Every value at `path` that is a `T`.
    pub fn many<T: WireValue>(&self, path: &str) -> Vec<T> {
        self.values(path).into_iter().filter_map(scalar).collect()
    }

    /// The whole body.
    pub fn into_value(self) -> Value {
        self.0
    }
}

fn scalar<T: WireValue>(v: &Value) -> Option<T> {
    match v {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => T::from_wire(s),
        Value::Number(n) => n
            .as_i64()
            .and_then(T::from_i64)
            .or_else(|| n.as_f64().and_then(T::from_f64)),
        Value::Bool(b) => T::from_bool(*b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let j = JsonBody::parse(br#"{"a":{"b":[{"c":"1"},{"c":2},{"d":3}],"e":{"c":"x"}}}"#)
            .expect("object");
        assert_eq!(j.many::<String>("a.b[].c"), vec!["1", "2"]);
        assert_eq!(j.many::<String>("a.e[].c"), vec!["x"]);
        assert_eq!(j.optional::<i64>("a.b[].c"), Some(1));
        assert_eq!(j.optional::<String>("a.b.c"), None);
        assert!(j.required::<String>("a.x").is_err());
        assert!(JsonBody::parse(b"[1]").is_err());
        assert!(JsonBody::looks_like_json(b"  {"));
    }
}
