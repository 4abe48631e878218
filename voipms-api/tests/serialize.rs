//! Responses serialize as the command-line tool prints them: flat records in spec order, the
//! fields the spec lacks included, so `serde_json` and `csv::Writer::serialize` give the same
//! fields as `ToJson` (what `voipms` prints).
#![cfg(feature = "cdr")]

use voipms_api::cdr::GetCdrResponse;
use voipms_api::wire::{ToJson, decode_response};

#[test]
fn serialize_gives_spec_order_and_what_to_json_gives() {
    let body = br#"{"status":"success","cdr":[{"zzz":1,"total":"0.01","seconds":"x","callerid":"a","date":"2024-01-02 03:04:05"}]}"#;
    let env = decode_response::<GetCdrResponse>(body).unwrap_or_else(|e| panic!("decodes: {e}"));
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
    let env = decode_response::<GetCdrResponse>(body).unwrap_or_else(|e| panic!("decodes: {e}"));
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
