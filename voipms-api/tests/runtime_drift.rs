//! Real answers never break a typed call: the `status` decides success, a value that does not
//! fit its type is kept and reported, strict decoding turns drift into an error, and an error
//! status keeps the server's own explanation.

// Uses requests of several categories.
#![cfg(feature = "all-categories")]

mod common;

use common::{Reply, Server};
use voipms_api::dids::{SendSms, SendSmsArgs};
use voipms_api::general::{GetBalance, GetConference};
use voipms_api::types::Count;
use voipms_api::value_sets::ConferenceLimit;
use voipms_api::{Client, DriftKind, Error, ErrorCode};

fn tolerant(server: &Server) -> Client {
    server.client("pw").strict_decoding(false).build().unwrap()
}

fn strict(server: &Server) -> Client {
    server.client("pw").build().unwrap()
}

#[tokio::test]
async fn a_spend_call_that_succeeded_is_a_success_whatever_its_fields_say() {
    // `sms` should be an id; the message was sent all the same.
    let server = Server::always(Reply::success(r#""sms":{"id":[1,2]},"charged":"0.0075""#));
    let sent = tolerant(&server)
        .send_sms(SendSms::new(SendSmsArgs {
            did: "5551234567",
            dst: "5557654321",
            message: "hello",
        }))
        .await
        .unwrap();
    assert_eq!(sent.sms, None);
    assert_eq!(
        sent.extra().get("sms"),
        Some(&serde_json::json!({"id": [1, 2]}))
    );
    assert_eq!(
        sent.extra().get("charged"),
        Some(&serde_json::json!("0.0075"))
    );
    let paths: Vec<(&str, &str)> = sent
        .drift()
        .iter()
        .map(|d| (d.path.as_str(), d.kind.as_str()))
        .collect();
    assert_eq!(
        paths,
        [("sms", "invalid_value"), ("charged", "unknown_field")]
    );
    assert!(sent.drift().iter().all(|d| d.function == "sendSMS"));
}

#[tokio::test]
async fn strict_decoding_names_the_field_path() {
    let server = Server::always(Reply::success(
        r#""balance":{"current_balance":"lots","calls_total":"3"}"#,
    ));
    let err = strict(&server)
        .get_balance(GetBalance::new())
        .await
        .unwrap_err();
    let Error::Decode { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("`balance.current_balance`"), "{message}");
    assert!(
        !message.contains("lots"),
        "values are never quoted: {message}"
    );
    // The same answer read tolerantly.
    let b = tolerant(&server)
        .get_balance(GetBalance::new())
        .await
        .unwrap();
    let balance = b.balance.as_ref().unwrap();
    assert_eq!(balance.calls_total, Some(3));
    assert_eq!(balance.current_balance, None);
    assert_eq!(
        balance.extra().get("current_balance"),
        Some(&serde_json::json!("lots"))
    );
    assert!(matches!(b.drift()[0].kind, DriftKind::InvalidValue { .. }));
}

#[tokio::test]
async fn a_word_in_a_count_is_typed() {
    let server = Server::always(Reply::success(
        r#""conference":[{"conference":"7301","max_members":"Unlimited"},{"conference":"7302","max_members":"40"}]"#,
    ));
    let c = strict(&server)
        .get_conference(GetConference::new())
        .await
        .unwrap();
    assert_eq!(
        c.conference[0].max_members,
        Some(Count::Word(ConferenceLimit::Unlimited))
    );
    assert_eq!(c.conference[1].max_members, Some(Count::Number(40)));
    assert!(c.drift().is_empty());
}

#[tokio::test]
async fn an_error_status_keeps_the_server_message() {
    let server = Server::always(Reply::json(
        r#"{"status":"sms_toomany_characters","message":"Message is longer than 160 characters"}"#,
    ));
    let err = strict(&server)
        .send_sms(SendSms::new(SendSmsArgs {
            did: "5551234567",
            dst: "5557654321",
            message: "hello",
        }))
        .await
        .unwrap_err();
    let Error::Api { code, message, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(code, &ErrorCode::from_code("sms_toomany_characters"));
    assert_eq!(
        message.as_deref(),
        Some("Message is longer than 160 characters")
    );
    assert!(
        err.to_string().contains("(VoIP.ms says: Message is longer"),
        "{err}"
    );
}
