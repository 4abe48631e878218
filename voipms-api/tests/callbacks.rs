//! Inbound callbacks: parsing the forms VoIP.ms and integrations use, the secret check, the
//! reply, and that no input panics the parser.
#![cfg(feature = "callbacks")]

use proptest::prelude::*;
use voipms_api::DateTime;
use voipms_api::callbacks::{
    CallbackError, FaxCallback, Inbound, InboundSms, Secret, SecretCheck, SmsWebhook, callback_url,
};

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn documented_template_with_plus_for_spaces() {
    // http://mysite.com/sms.php?to={TO}&from={FROM}&message={MESSAGE}
    let sms = InboundSms::from_query("to=5551234567&from=5557654321&message=hello+John+Smith")
        .expect("parses");
    assert_eq!(sms.to, "5551234567");
    assert_eq!(sms.from, "5557654321");
    assert_eq!(sms.message.as_deref(), Some("hello John Smith"));
    assert_eq!(sms.id, None);
    assert_eq!(sms.timestamp, None);
    assert!(sms.extra.is_empty());
}

#[test]
fn widely_used_template_with_id_and_date_and_percent_twenty() {
    let q = "to=5551234567&from=5557654321&message=hello%20there&id=111120&date=2014-03-30+10%3A24%3A16";
    let sms = InboundSms::from_query(q).expect("parses");
    assert_eq!(sms.message.as_deref(), Some("hello there"));
    assert_eq!(sms.id.as_deref(), Some("111120"));
    let want: DateTime = "2014-03-30 10:24:16".parse().expect("datetime");
    assert_eq!(sms.timestamp, Some(want));
}

#[test]
fn semicolon_separators() {
    let sms =
        InboundSms::from_query("to=5551234567;from=5557654321;message=a%3Bb").expect("parses");
    assert_eq!(sms.to, "5551234567");
    assert_eq!(sms.message.as_deref(), Some("a;b"));
}

#[test]
fn utf8_and_emoji() {
    let q = "from=5557654321&to=5551234567&message=%C3%A7a+va+%F0%9F%98%80+%E4%BD%A0%E5%A5%BD";
    let sms = InboundSms::from_query(q).expect("parses");
    assert_eq!(sms.message.as_deref(), Some("ça va 😀 你好"));
    // Raw UTF-8 in the query (not percent-encoded) is taken as is.
    let sms = InboundSms::from_query("from=1&to=2&message=héllo 😀").expect("parses");
    assert_eq!(sms.message.as_deref(), Some("héllo 😀"));
}

#[test]
fn mms_with_media_and_unknown_params_kept_secret_left_out() {
    let q = "from=5557654321&to=5551234567&message=&media=https%3A%2F%2Fvoip.ms%2Fmedia.php%3Fmap%3DMTU5&carrier=x&secret=s3";
    let sms = InboundSms::from_query(q).expect("parses");
    assert_eq!(
        sms.media.as_deref(),
        Some("https://voip.ms/media.php?map=MTU5")
    );
    assert_eq!(sms.message, None, "an empty message is absent");
    assert_eq!(sms.extra, pairs(&[("carrier", "x")]));
}

#[test]
fn unsubstituted_or_missing_optional_placeholders_are_absent() {
    let sms =
        InboundSms::from_query("from=1&to=2&message=hi&id={ID}&date={TIMESTAMP}").expect("parses");
    assert_eq!((sms.id, sms.timestamp), (None, None));
    let sms = InboundSms::from_query("from=1&to=2").expect("parses");
    assert_eq!(sms.message, None);
}

#[test]
fn a_date_that_does_not_parse_is_kept_in_extra() {
    let sms = InboundSms::from_query("from=1&to=2&date=yesterday").expect("parses");
    assert_eq!(sms.timestamp, None);
    assert_eq!(sms.extra, pairs(&[("date", "yesterday")]));
}

#[test]
fn missing_required_fields_are_errors() {
    assert_eq!(
        InboundSms::from_query("to=2&message=hi"),
        Err(CallbackError::MissingField("from"))
    );
    assert_eq!(
        InboundSms::from_query("from={FROM}&to=2"),
        Err(CallbackError::MissingField("from"))
    );
}

const WEBHOOK: &str = r#"{"data": {"event_type": "message.received", "record_type": "event",
  "id": "b301ed3f-1490-491f-995f-6e64e69674d4", "occurred_at": "2024-05-01T12:00:00.000+00:00",
  "payload": {"record_type": "message", "id": 272377221, "from": {"phone_number": "+15557654321"},
    "to": [{"phone_number": "+15551234567"}], "text": "Look 👀",
    "media": [{"url": "https://voip.ms/m/1.jpg", "content_type": "image/jpeg"},
              {"url": "https://voip.ms/m/2.png", "content_type": "image/png"}],
    "carrier": "unknown-field"}}, "meta": {"attempt": 1}}"#;

#[test]
fn webhook_body_with_media_and_unknown_fields() {
    let w = SmsWebhook::from_json(WEBHOOK.as_bytes()).expect("parses");
    assert_eq!(w.event_type.as_deref(), Some("message.received"));
    assert_eq!(
        w.id.as_deref(),
        Some("272377221"),
        "a numeric id is read as text"
    );
    assert_eq!(w.from, "+15557654321");
    assert_eq!(w.to, vec!["+15551234567"]);
    assert_eq!(w.text.as_deref(), Some("Look 👀"));
    assert_eq!(
        w.media,
        vec!["https://voip.ms/m/1.jpg", "https://voip.ms/m/2.png"]
    );
    assert_eq!(w.media_types, vec!["image/jpeg", "image/png"]);
    assert_eq!(w.raw["meta"]["attempt"], 1, "unknown fields are kept");
    assert_eq!(w.raw["data"]["payload"]["carrier"], "unknown-field");
    let json = w.to_json();
    assert_eq!(json["event"], "SmsWebhook");
    assert_eq!(json["raw"]["meta"]["attempt"], 1);
}

#[test]
fn webhook_errors() {
    assert!(matches!(
        SmsWebhook::from_json(b"not json"),
        Err(CallbackError::NotJson(_))
    ));
    assert_eq!(
        SmsWebhook::from_json(br#"{"data": {"payload": {"text": "no sender"}}}"#),
        Err(CallbackError::MissingField(
            "data.payload.from.phone_number"
        ))
    );
}

#[test]
fn inbound_dispatch_by_method_and_body() {
    let sms = Inbound::parse("GET", "from=1&to=2&message=x", b"").expect("sms");
    assert!(matches!(sms, Inbound::InboundSms(_)));
    let hook = Inbound::parse("POST", "", WEBHOOK.as_bytes()).expect("webhook");
    assert!(matches!(hook, Inbound::SmsWebhook(_)));
    let fax = Inbound::parse("POST", "secret=s&x=1", b"fax=1&pages=2").expect("fax");
    let Inbound::FaxCallback(f) = &fax else {
        panic!("{fax:?}")
    };
    assert_eq!(f, &FaxCallback::from_raw("x=1", b"fax=1&pages=2"));
    assert_eq!(f.extra, pairs(&[("x", "1")]));
    assert_eq!(fax.to_json()["body"], "fax=1&pages=2");
    assert!(matches!(
        Inbound::parse("DELETE", "", b""),
        Err(CallbackError::UnexpectedMethod(_))
    ));
}

#[test]
fn event_json_line() {
    let sms = Inbound::parse("GET", "from=1&to=2&message=a+b&zzz=9&secret=k", b"").expect("sms");
    assert_eq!(
        sms.to_json(),
        serde_json::json!({"event": "InboundSms", "from": "1", "to": "2", "message": "a b", "extra": {"zzz": "9"}})
    );
}

#[test]
fn the_reply_is_ok_with_200() {
    for e in [
        Inbound::parse("GET", "from=1&to=2", b"").expect("sms"),
        Inbound::parse("POST", "", WEBHOOK.as_bytes()).expect("webhook"),
        Inbound::parse("POST", "", b"").expect("fax"),
    ] {
        let r = e.reply();
        assert_eq!((r.status(), r.body()), (200, "ok"));
    }
}

#[test]
fn the_callback_url_round_trips_through_the_parser() {
    let url = callback_url("https://example.com/sms?app=1", "a&b c");
    assert!(url.starts_with("https://example.com/sms?app=1&from={FROM}&to={TO}"));
    assert!(url.ends_with("&secret=a%26b+c"));
    // What VoIP.ms would send: placeholders substituted, URL-encoded.
    let query = url
        .split_once('?')
        .expect("query")
        .1
        .replace("{FROM}", "5557654321")
        .replace("{TO}", "5551234567")
        .replace("{MESSAGE}", "hi+there")
        .replace("{ID}", "42")
        .replace("{TIMESTAMP}", "2026-11-30+11%3A00%3A00")
        .replace("{MEDIA}", "");
    let secret = Secret::new("a&b c");
    assert_eq!(secret.check(&query, None), SecretCheck::Accepted);
    let sms = InboundSms::from_query(&query).expect("parses");
    assert_eq!(sms.id.as_deref(), Some("42"));
    assert_eq!(sms.message.as_deref(), Some("hi there"));
    assert_eq!(sms.extra, pairs(&[("app", "1")]));
}

#[test]
fn secret_check_query_and_bearer() {
    let s = Secret::new("s3cret");
    assert_eq!(s.check("from=1&secret=s3cret", None), SecretCheck::Accepted);
    assert_eq!(s.check("from=1&secret=s3cre", None), SecretCheck::Wrong);
    assert_eq!(s.check("from=1&secret=", None), SecretCheck::Wrong);
    assert_eq!(s.check("from=1", None), SecretCheck::Missing);
    assert_eq!(s.check("", Some("Bearer s3cret")), SecretCheck::Accepted);
    assert_eq!(s.check("", Some("bearer s3cret")), SecretCheck::Accepted);
    assert_eq!(s.check("", Some("Bearer nope")), SecretCheck::Wrong);
    assert_eq!(s.check("", Some("Basic czNjcmV0")), SecretCheck::Missing);
    assert_eq!(s.check("", None), SecretCheck::Missing);
    assert!(!SecretCheck::Wrong.is_accepted());
}

proptest! {
    #[test]
    fn no_query_panics_the_parser(q in ".{0,200}", m in "(GET|POST|PUT)") {
        let _ = InboundSms::from_query(&q);
        let _ = Inbound::parse(&m, &q, q.as_bytes());
        let _ = Secret::new("x").check(&q, Some(&q));
    }

    #[test]
    fn no_body_panics_the_parser(body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = SmsWebhook::from_json(&body);
        let _ = Inbound::parse("POST", "", &body);
    }

    #[test]
    fn no_json_shape_panics_the_webhook_parser(v in arb_json()) {
        let body = serde_json::to_vec(&serde_json::json!({"data": {"payload": v.clone(), "id": v}}))
            .expect("serializes");
        let _ = SmsWebhook::from_json(&body);
    }

    #[test]
    fn any_message_text_round_trips(text in "\\PC{0,80}") {
        let enc: String = form_urlencoded_encode(&text);
        let sms = InboundSms::from_query(&format!("from=1&to=2&message={enc}")).expect("parses");
        let want = if text.trim().is_empty() { None } else { Some(text) };
        prop_assert_eq!(sms.message, want);
    }
}

fn form_urlencoded_encode(s: &str) -> String {
    // The encoding VoIP.ms is reported to use: `+` for spaces, %XX for the rest.
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b' ' => out.push('+'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,10}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                "(from|to|phone_number|media|url|text|id)",
                inner,
                0..4
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
