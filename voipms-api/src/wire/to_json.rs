//! A decoded response back to JSON, as the command-line tool prints it and `Serialize` gives it:
//! the fields VoIP.ms sent in spec order (typed), the values that did not fit as they came, then
//! the fields the spec lacks.
//!
//! Generated response types implement [`ToJson`] with one non-generic method, and their
//! `Serialize` impl serializes that JSON: the crate compiles one walk per type instead of one
//! per type and serde serializer.

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

#[cfg(all(test, feature = "cdr"))]
mod tests {
    use super::ToJson;
    use crate::generated::cdr::GetCdrResponse;

    #[test]
    fn serialize_gives_spec_order_and_what_to_json_gives() {
        let body = br#"{"status":"success","cdr":[{"zzz":1,"total":"0.01","seconds":"x","callerid":"a","date":"2024-01-02 03:04:05"}]}"#;
        let env = crate::wire::decode_response::<GetCdrResponse>(body)
            .unwrap_or_else(|e| panic!("decodes: {e}"));
        let text = serde_json::to_string(&env.body).unwrap_or_default();
        // Straight to the serializer: spec order whatever serde_json's `preserve_order`, then
        // the value that did not fit (kept under its field's name), then the unknown field.
        let at = |k: &str| text.find(&format!("\"{k}\"")).unwrap_or(usize::MAX);
        assert!(at("date") < at("callerid"), "{text}");
        assert!(at("callerid") < at("seconds"), "{text}");
        assert!(at("seconds") < at("total"), "{text}");
        assert!(at("total") < at("zzz") && at("zzz") < usize::MAX, "{text}");
        let via_serde: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(via_serde, env.body.to_json());
    }

    #[test]
    fn a_record_is_flat_for_csv_with_its_unknown_fields() {
        let body = br#"{"status":"success","cdr":[
            {"date":"2024-01-02 03:04:05","callerid":"a","seconds":"12","carrier_hint":"x"},
            {"date":"2024-01-03 04:05:06","callerid":"b","seconds":"n/a","carrier_hint":"y"}]}"#;
        let env = crate::wire::decode_response::<GetCdrResponse>(body)
            .unwrap_or_else(|e| panic!("decodes: {e}"));
        let mut w = csv::Writer::from_writer(Vec::new());
        for record in &env.body.cdr {
            w.serialize(record).unwrap_or_else(|e| panic!("csv: {e}"));
        }
        let text = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
        // The CLI's columns: typed values in their Rust form (the timestamp with the offset
        // VoIP.ms reports in), a misfit as VoIP.ms sent it,
        // the field the spec lacks under its own name.
        assert_eq!(
            text,
            "date,callerid,seconds,carrier_hint\n\
             2024-01-02 03:04:05-05:00,a,12,x\n\
             2024-01-03 04:05:06-05:00,b,n/a,y\n"
        );
    }
}
