//! The exact POST body of each wire type: booleans in their three forms, dates, decimals,
//! lists with their separators, value sets, routing targets, aliases sent under both names,
//! and form encoding of special characters. Credentials and `method` always come first.

// Uses requests of several categories.
#![cfg(feature = "all-categories")]

mod common;

use common::{Reply, Server};
use voipms_api::value_sets::{DtmfMode, Nat};
use voipms_api::{Date, Decimal, Request, Routing};

const PREFIX: &str = "api_username=user%40example.com&api_password=pw&method=";

/// Sends `request` to a server that answers success, and returns the body it received.
async fn body_of<R: Request>(request: R) -> String {
    let server = Server::always(Reply::success(""));
    let client = server.client("pw").build().unwrap();
    client.call(request).await.unwrap();
    server.only().form_text()
}

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

#[tokio::test]
async fn bool_forms_lists_value_sets_and_dates() {
    let req =
        voipms_api::accounts::CreateSubAccount::new(voipms_api::accounts::CreateSubAccountArgs {
            username: "VoIP",
            protocol: 1,
            auth_type: 2,
            device_type: 3,
            lock_international: 0,
            international_route: 1,
            music_on_hold: "jazz",
            allowed_codecs: ["ulaw", "g729"],
            dtmf_mode: DtmfMode::Rfc2833,
            nat: Nat::Yes,
        })
        .description("Front desk & co/2")
        .sip_traffic(true)
        .ip_restriction(["10.0.0.1", "10.0.0.2"])
        .reseller_nextbilling(d(2024, 3, 1))
        .reseller_chargesetup(false)
        .transcription_redaction(true)
        .transcription_summary(false);
    assert_eq!(
        body_of(req).await,
        format!(
            "{PREFIX}createSubAccount&username=VoIP&protocol=1&description=Front+desk+%26+co%2F2\
             &auth_type=2&device_type=3&lock_international=0&international_route=1\
             &music_on_hold=jazz&allowed_codecs=ulaw%3Bg729&dtmf_mode=rfc2833&nat=yes\
             &sip_traffic=1&ip_restriction=10.0.0.1%2C10.0.0.2&reseller_nextbilling=2024-03-01\
             &reseller_chargesetup=false&transcription_redaction=yes&transcription_summary=no"
        )
    );
}

#[tokio::test]
async fn dates_one_zero_booleans_and_negative_decimals() {
    let req = voipms_api::cdr::GetCdr::new(voipms_api::cdr::GetCdrArgs {
        date_from: d(2024, 1, 1),
        date_to: d(2024, 1, 31),
        timezone: Decimal::new(-35, 1),
    })
    .answered(true)
    .noanswer(false)
    .account("100000_VoIP");
    assert_eq!(
        body_of(req).await,
        format!(
            "{PREFIX}getCDR&date_from=2024-01-01&date_to=2024-01-31&answered=1&noanswer=0\
             &timezone=-3.5&account=100000_VoIP"
        )
    );
}

/// `test` goes out as `1`: VoIP.ms takes only `test=1` as a dry run and ignores `test=true`,
/// carrying the call out (voip-ms crate 0.17.0 CHANGELOG, measured live). The documentation's
/// other true/false flags keep their form.
#[tokio::test]
async fn money_keeps_its_scale_and_test_is_sent_as_one() {
    let req = voipms_api::clients::AddCharge::new("561115", Decimal::new(150, 2))
        .description("Setup fee")
        .test(true);
    assert_eq!(
        body_of(req).await,
        format!("{PREFIX}addCharge&client=561115&charge=1.50&description=Setup+fee&test=1")
    );
    let order = voipms_api::dids::OrderDid::new(
        "5551234567",
        "account:100001_VoIP"
            .parse::<voipms_api::Routing>()
            .unwrap(),
        "5",
        60,
        true,
        voipms_api::value_sets::DidBillingType::PerMinute,
    )
    .test(true);
    assert!(body_of(order).await.ends_with("&test=1"));
}

#[tokio::test]
async fn routing_targets() {
    let req =
        voipms_api::dids::SetDidRouting::new("5551234567", Routing::Account("100001_VoIP".into()));
    assert_eq!(
        body_of(req).await,
        format!("{PREFIX}setDIDRouting&did=5551234567&routing=account%3A100001_VoIP")
    );
    let req = voipms_api::dids::SetDidRouting::new("5551234567", Routing::None);
    assert_eq!(
        body_of(req).await,
        format!("{PREFIX}setDIDRouting&did=5551234567&routing=none%3A")
    );
}

#[tokio::test]
async fn aliases_are_sent_under_both_names() {
    let req = voipms_api::e911::E911Validate::new(voipms_api::e911::E911ValidateArgs {
        did: "5551234567",
        full_name: "Jane Doe",
        street_number: 123,
        street_name: "Main St",
        city: "Springfield",
        state: "IL",
        country: voipms_api::value_sets::E911Country::UnitedStates,
        zip_code: "62701",
        email: "jane@example.com",
    });
    let body = body_of(req).await;
    assert!(
        body.starts_with(&format!("{PREFIX}e911Validate&")),
        "{body}"
    );
    assert!(body.contains("&zip_code=62701&zip=62701"), "{body}");
}

#[tokio::test]
async fn text_is_form_encoded_like_a_browser() {
    let req = voipms_api::dids::SendSms::new(voipms_api::dids::SendSmsArgs {
        did: "5551234567",
        dst: "5557654321",
        message: "héllo & bye+1 = 100%",
    });
    assert_eq!(
        body_of(req).await,
        format!(
            "{PREFIX}sendSMS&did=5551234567&dst=5557654321\
             &message=h%C3%A9llo+%26+bye%2B1+%3D+100%25"
        )
    );
}

#[tokio::test]
async fn raw_calls_send_their_pairs_in_order_and_keep_every_field() {
    let server = Server::always(Reply::success(
        r#""balance":{"current_balance":"1.5"},"extra":[1]"#,
    ));
    let client = server.client("pw").build().unwrap();
    let out = client
        .call_raw("getBalance", [("advanced", "true")])
        .await
        .unwrap();
    assert_eq!(
        serde_json::Value::Object(out),
        serde_json::json!({"balance": {"current_balance": "1.5"}, "extra": [1]})
    );
    assert_eq!(
        server.only().form_text(),
        format!("{PREFIX}getBalance&advanced=true")
    );
}
