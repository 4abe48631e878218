//! Functions documented as answering `status` alone share one response type,
//! `Acknowledgement`: their generated names are aliases of it, and what VoIP.ms sends besides
//! `status` is kept and reported as for any other response.
#![cfg(all(feature = "dids", feature = "accounts"))]

use voipms_api::Acknowledgement;
use voipms_api::accounts::DelSubAccountResponse;
use voipms_api::dids::CancelDidResponse;
use voipms_api::wire::{ToJson, decode_response};

#[test]
fn status_only_responses_are_one_type() {
    // Both names are the same type: a value of one is a value of the other.
    let cancelled: CancelDidResponse = Acknowledgement::default();
    let deleted: DelSubAccountResponse = cancelled.clone();
    assert_eq!(cancelled, deleted);
    assert!(cancelled.extra().is_empty() && cancelled.drift().is_empty());
}

#[test]
fn fields_sent_besides_status_are_kept_and_reported() {
    let env = decode_response::<CancelDidResponse>(br#"{"status":"success"}"#)
        .unwrap_or_else(|e| panic!("decodes: {e}"));
    assert_eq!(env.status.as_deref(), Some("success"));
    assert!(env.body.extra().is_empty() && env.drift.is_empty());
    assert_eq!(serde_json::to_string(&env.body).ok().as_deref(), Some("{}"));

    let body = br#"{"status":"success","did":"5551234567","cancelled":{"at":"2026-12-08"}}"#;
    let env = decode_response::<CancelDidResponse>(body).unwrap_or_else(|e| panic!("decodes: {e}"));
    let extra = env.body.extra();
    assert_eq!(extra.len(), 2);
    assert_eq!(extra.get("did"), Some(&serde_json::json!("5551234567")));
    assert_eq!(
        extra.get("cancelled"),
        Some(&serde_json::json!({"at": "2026-12-08"}))
    );
    let mut paths: Vec<&str> = env.drift.iter().map(|d| d.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["cancelled", "did"]);
    // Its JSON and serde forms are the kept fields, flat.
    let expected = serde_json::json!({"did": "5551234567", "cancelled": {"at": "2026-12-08"}});
    assert_eq!(env.body.to_json(), expected);
    assert_eq!(serde_json::to_value(&env.body).ok(), Some(expected));
}
