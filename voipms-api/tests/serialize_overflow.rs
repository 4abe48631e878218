//! Serializing keeps each distinct name of a field the spec lacks once for the life of the
//! process (serde's record fields are `&'static str`); past 4,096 names the rest go together,
//! as JSON text, in `_extra_json`, so a server sending ever new names cannot grow memory
//! without bound. Its own test binary: the names it uses up are the whole process's.
#![cfg(feature = "cdr")]

use voipms_api::cdr::GetCdrResponse;
use voipms_api::wire::{OVERFLOW, ToJson, decode_response};

#[test]
fn names_past_the_bound_go_together_as_json_text() {
    let names: Vec<String> = (0..5000).map(|i| format!("undocumented_{i}")).collect();
    let fields: Vec<String> = names.iter().map(|n| format!("\"{n}\":1")).collect();
    let body = format!(
        r#"{{"status":"success","cdr":[{{"callerid":"a",{}}}]}}"#,
        fields.join(",")
    );
    let env = decode_response::<GetCdrResponse>(body.as_bytes())
        .unwrap_or_else(|e| panic!("decodes: {e}"));
    let record = &env.body.cdr[0];
    assert_eq!(record.extra().len(), 5000);

    let text = serde_json::to_string(record).unwrap_or_default();
    let got: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let got = got.as_object().cloned().unwrap_or_default();
    // The 15 typed fields (one sent, the others `null`), 4,096 names as fields of their own,
    // the rest as one text.
    assert_eq!(got.get("callerid"), Some(&serde_json::json!("a")));
    assert_eq!(got.get("rate"), Some(&serde_json::Value::Null));
    assert_eq!(got.len(), 15 + 4096 + 1, "{}", &text[..200.min(text.len())]);
    let rest: serde_json::Value = got
        .get(OVERFLOW)
        .and_then(|v| v.as_str())
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let rest = rest.as_object().cloned().unwrap_or_default();
    assert_eq!(rest.len(), 5000 - 4096);
    // Each name once, in one place or the other, with its value.
    for name in &names {
        let own = got.get(name.as_str());
        let kept = rest.get(name.as_str());
        assert!(own.is_some() != kept.is_some(), "{name}");
        assert_eq!(own.or(kept), Some(&serde_json::json!(1)), "{name}");
    }

    // The JSON form has no such bound: every name is its own field.
    let json = record.to_json();
    assert_eq!(json.as_object().map(|m| m.len()), Some(1 + 5000));

    // A name already kept is reused, not kept again: serializing again gives the same.
    assert_eq!(serde_json::to_string(record).unwrap_or_default(), text);
}
