//! Responses serialize as the command-line tool prints them: flat records in spec order, the
//! fields the spec lacks included, so `serde_json` and `csv::Writer::serialize` give the
//! fields of `ToJson` (what `voipms` prints), with every typed field present (`null`, an empty
//! cell, when VoIP.ms did not send it) so CSV rows share their columns.
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
    // The same fields as the JSON form, and the typed fields VoIP.ms did not send as `null`.
    let mut via_serde: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let records = via_serde["cdr"]
        .as_array_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let record = records
        .first()
        .and_then(|r| r.as_object())
        .cloned()
        .unwrap_or_default();
    assert_eq!(record.get("rate"), Some(&serde_json::Value::Null), "{text}");
    let sent: serde_json::Map<String, serde_json::Value> =
        record.into_iter().filter(|(_, v)| !v.is_null()).collect();
    assert_eq!(
        serde_json::json!({"cdr": [sent]}),
        env.body.to_json(),
        "{text}"
    );
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
    // Every typed field is a column, in spec order, empty when VoIP.ms did not send it; typed
    // values in their Rust form (the timestamp with the offset VoIP.ms reports in), a misfit
    // as VoIP.ms sent it, the field the spec lacks last under its own name.
    assert_eq!(
        text,
        "date,callerid,destination,description,account,disposition,duration,seconds,rate,\
         total,uniqueid,destination_type,ip,useragent,call_logs,carrier_hint\n\
         2024-01-02 03:04:05-05:00,a,,,,,,12,,,,,,,,x\n\
         2024-01-03 04:05:06-05:00,b,,,,,,n/a,,,,,,,,y\n"
    );
}

/// Records that carry different fields still give rows of the same columns: a CSV of a call
/// list where one call has no rate and another no total (a user found `csv::Writer` refusing
/// the second row when absent fields were left out).
#[test]
fn records_with_different_fields_give_the_same_columns() {
    let body = br#"{"status":"success","cdr":[
        {"date":"2024-01-02 03:04:05","callerid":"a","rate":"0.01"},
        {"date":"2024-01-03 04:05:06","total":"0.02"}]}"#;
    let env = decode_response::<GetCdrResponse>(body).unwrap_or_else(|e| panic!("decodes: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    for record in &env.body.cdr {
        w.serialize(record).unwrap_or_else(|e| panic!("csv: {e}"));
    }
    let text = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert_eq!(rows[1], "2024-01-02 03:04:05-05:00,a,,,,,,,0.01,,,,,,");
    assert_eq!(rows[2], "2024-01-03 04:05:06-05:00,,,,,,,,,0.02,,,,,");
}
