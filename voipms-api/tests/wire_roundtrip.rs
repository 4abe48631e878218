//! What VoIP.ms answers, the client accepts back: every typed value decoded from a response
//! (phone numbers, routing targets, value-set values, dates, date-times, booleans, decimals,
//! integers, lists) can be sent in a request unchanged, for every parameter of every function;
//! and the spellings people write (`advanced=1`, `did=+15551230001`) are sent in the
//! parameter's wire form.
#![cfg(all(feature = "mock", feature = "all-categories"))]

mod common;

use common::{Reply, Server};
use voipms_api::catalog::FUNCTIONS;
use voipms_api::meta::{BoolForm, FunctionMeta, ParamMeta, WireType};
use voipms_api::mock::example_params;
use voipms_api::types::Phone;
use voipms_api::validate::{self, Rule, Subject};
use voipms_api::value_sets::{DtmfMode, MessageType};
use voipms_api::wire::{Form, WireValue};
use voipms_api::{Date, DateTime, Decimal, Error, Routing};

/// Values as VoIP.ms writes them in responses, per type.
const PHONES: &[&str] = &["+15551230001", "5551230001", "15551230001", "+442079460000"];
const ROUTINGS: &[&str] = &[
    "account:100001_gateway",
    "fwd:1026",
    "vm:101",
    "sys:echo",
    "none:",
];
const DATES: &[&str] = &["2024-03-02", "2024-03-02 11:12:13"];
const DATETIMES: &[&str] = &["2024-03-02 11:12:13", "2024-03-02"];
const BOOLS: &[&str] = &["1", "0", "true", "false", "yes", "no", "Yes", "TRUE", "on"];
const NUMBERS: &[&str] = &["112.192790", "0.1205", "40", "5", "0"];

/// Decodes a response value as its type and encodes it again the way a request does;
/// `None` when the type does not read it.
fn decode_encode(ty: &WireType, response: &str) -> Option<String> {
    fn again<T: WireValue>(s: &str) -> Option<String> {
        let v = T::from_wire(s)?;
        let mut form = Form::new();
        form.put("x", &v);
        form.get("x").map(str::to_string)
    }
    match ty {
        // Phone fields decode as text: the text itself goes back.
        WireType::String | WireType::Id | WireType::Phone => again::<String>(response),
        WireType::Integer => again::<i64>(response),
        WireType::Decimal => again::<Decimal>(response),
        WireType::Date => again::<Date>(response),
        WireType::DateTime => again::<DateTime>(response),
        // Outside a record listing's decode, the wall clock goes back as it came.
        WireType::Timestamp => again::<voipms_api::Timestamp>(response),
        WireType::Routing => again::<Routing>(response),
        WireType::Bool(form) => {
            let b = bool::from_wire(response)?;
            let mut f = Form::new();
            f.put_bool("x", b, *form);
            f.get("x").map(str::to_string)
        }
        WireType::Enum { values, .. } => values.contains(&response).then(|| response.to_string()),
        WireType::Count { values, .. } if values.contains(&response) => Some(response.to_string()),
        WireType::Count { .. } => again::<i64>(response),
        WireType::List { item, sep } => {
            let parts: Option<Vec<String>> = response
                .split(sep)
                .map(|part| decode_encode(item, part))
                .collect();
            parts.map(|p| p.join(sep))
        }
    }
}

/// The same value, read as its type: what must survive the round trip.
fn same(ty: &WireType, a: &str, b: &str) -> bool {
    fn eq<T: WireValue + PartialEq>(a: &str, b: &str) -> bool {
        T::from_wire(a).is_some() && T::from_wire(a) == T::from_wire(b)
    }
    match ty {
        WireType::String | WireType::Id => a == b,
        WireType::Phone => eq::<Phone>(a, b),
        WireType::Integer => eq::<i64>(a, b),
        WireType::Decimal => eq::<Decimal>(a, b),
        WireType::Date => eq::<Date>(a, b),
        WireType::DateTime => eq::<DateTime>(a, b),
        WireType::Timestamp => eq::<voipms_api::Timestamp>(a, b),
        WireType::Routing => eq::<Routing>(a, b),
        WireType::Bool(_) => eq::<bool>(a, b),
        WireType::Enum { .. } => a == b,
        WireType::Count { .. } => a == b || eq::<i64>(a, b),
        WireType::List { item, sep } => {
            let (xs, ys): (Vec<&str>, Vec<&str>) = (a.split(sep).collect(), b.split(sep).collect());
            xs.len() == ys.len() && xs.iter().zip(&ys).all(|(x, y)| same(item, x, y))
        }
    }
}

/// Response spellings of `p`'s type that its documented rules allow.
fn samples(p: &ParamMeta, ty: &WireType) -> Vec<String> {
    let within = |s: &&&str| {
        let Ok(x) = s.parse::<Decimal>() else {
            return false;
        };
        p.min.is_none_or(|m| x >= Decimal::from(m)) && p.max.is_none_or(|m| x <= Decimal::from(m))
    };
    let own = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
    match ty {
        WireType::Phone => own(PHONES),
        WireType::Routing => own(ROUTINGS),
        WireType::Date => own(DATES),
        WireType::DateTime | WireType::Timestamp => own(DATETIMES),
        WireType::Bool(_) => own(BOOLS),
        WireType::Enum { values, .. } => own(values),
        WireType::Count { values, .. } => values
            .iter()
            .map(|s| s.to_string())
            .chain(p.min.map(|m| m.to_string()))
            .chain(["40".to_string()])
            .collect(),
        WireType::Integer => NUMBERS
            .iter()
            .filter(within)
            .filter(|s| s.parse::<i64>().is_ok())
            .map(|s| s.to_string())
            .chain(p.min.map(|m| m.to_string()))
            .collect(),
        WireType::Decimal => NUMBERS
            .iter()
            .filter(within)
            .map(|s| s.to_string())
            .chain(p.min.map(|m| m.to_string()))
            .collect(),
        WireType::String | WireType::Id => p.example.map(str::to_string).into_iter().collect(),
        WireType::List { item, sep } => {
            let items = samples(p, item);
            vec![items.iter().take(2).cloned().collect::<Vec<_>>().join(sep)]
        }
    }
}

/// A valid form of `f` (its documented example values) with `p` set to `value`; a date
/// range gets the same value at both ends.
fn form_with(f: &FunctionMeta, p: &ParamMeta, value: &str) -> Form {
    let in_range = f.date_range.filter(|r| r.from == p.name || r.to == p.name);
    let mut form = Form::new();
    for (k, v) in example_params(f) {
        let replaced = k == p.name || in_range.is_some_and(|r| k == r.from || k == r.to);
        if !replaced {
            form.put_raw(k, v);
        }
    }
    form.put_raw(p.name, value);
    if let Some(r) = in_range {
        let other = if r.from == p.name { r.to } else { r.from };
        form.put_raw(other, value);
    }
    form
}

#[test]
fn every_value_read_from_a_response_can_be_sent_back() {
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for f in FUNCTIONS.iter().filter(|f| !f.params_undocumented) {
        for p in f.params {
            for response in samples(p, &p.ty) {
                let Some(encoded) = decode_encode(&p.ty, &response) else {
                    panic!(
                        "{}.{}: `{response}` does not decode as {}",
                        f.name, p.name, p.ty
                    );
                };
                let form = form_with(f, p, &encoded);
                let sent = match validate::prepare(f, &form, true) {
                    Ok(sent) => sent.get(p.name).unwrap_or_default().to_string(),
                    Err(e) => panic!("{}.{} = `{response}` is refused: {e}", f.name, p.name),
                };
                assert!(
                    same(&p.ty, &response, &sent),
                    "{}.{}: `{response}` went out as `{sent}`",
                    f.name,
                    p.name
                );
                let kind = p.ty.to_string();
                let kind = kind.split('(').next().unwrap_or_default().to_string();
                *kinds.entry(kind).or_default() += 1;
            }
        }
    }
    for kind in [
        // No parameter of the spec is a date-time (date parameters take one: DATES).
        "phone", "routing", "enum", "date", "bool", "decimal", "integer", "list",
    ] {
        assert!(
            kinds.get(kind).is_some_and(|n| *n > 0),
            "no {kind} parameter tried: {kinds:?}"
        );
    }
}

#[test]
fn typed_values_keep_their_wire_form() {
    // Value sets: the wire string read is the wire string written.
    for v in ["1", "0"] {
        let t = <MessageType as WireValue>::from_wire(v).expect("a message type");
        let mut form = Form::new();
        form.put("type", &t);
        assert_eq!(form.get("type"), Some(v));
    }
    let dtmf = <DtmfMode as WireValue>::from_wire("rfc2833").expect("a DTMF mode");
    let mut form = Form::new();
    form.put("dtmf_mode", &dtmf);
    assert_eq!(form.get("dtmf_mode"), Some("rfc2833"));
    // Date-times as answered are written back as read.
    for s in DATETIMES {
        let t = DateTime::from_wire(s).expect("a date-time");
        let mut form = Form::new();
        form.put("date", &t);
        assert_eq!(
            DateTime::from_wire(form.get("date").unwrap_or_default()),
            Some(t)
        );
    }
    assert_eq!(
        decode_encode(&WireType::DateTime, "2024-03-02 11:12:13").as_deref(),
        Some("2024-03-02 11:12:13")
    );
    // Phone numbers as answered go back as the documented digits.
    let phone = <Phone as WireValue>::from_wire("+15551230001").expect("a phone");
    let mut form = Form::new();
    form.put("did", &phone);
    assert_eq!(form.get("did"), Some("5551230001"));
    // Booleans: every response spelling in each parameter's own form.
    for (form, t, f) in [
        (BoolForm::OneZero, "1", "0"),
        (BoolForm::YesNo, "yes", "no"),
        (BoolForm::TrueFalse, "true", "false"),
    ] {
        for s in BOOLS {
            let b = BoolForm::read(s).expect("a boolean");
            assert_eq!(form.spell(b), if b { t } else { f });
        }
    }
    for s in ["", "2", "maybe", "enabled"] {
        assert_eq!(BoolForm::read(s), None, "{s}");
    }
}

/// The body a server received for one call.
async fn sent(call: impl AsyncFnOnce(voipms_api::Client) -> Result<(), Error>) -> String {
    let server = Server::always(Reply::success(""));
    let client = server.client("pw").build().expect("a client");
    call(client).await.expect("the call succeeds");
    server.only().form_text()
}

#[tokio::test]
async fn written_spellings_are_sent_in_wire_form() {
    let body = sent(async |c| {
        c.call(voipms_api::dids::GetMms::new().did("+15551230001"))
            .await
            .map(drop)
    })
    .await;
    assert!(body.contains("&did=5551230001"), "{body}");
    let body = sent(async |c| {
        c.call_raw("getBalance", [("advanced", "1")])
            .await
            .map(drop)
    })
    .await;
    assert!(body.ends_with("&advanced=true"), "{body}");
    let body = sent(async |c| {
        c.call_raw(
            "sendSMS",
            [
                ("did", "+1 (555) 123-0001"),
                ("dst", "1-555-987-0003"),
                ("message", "hi"),
            ],
        )
        .await
        .map(drop)
    })
    .await;
    assert!(body.contains("&did=5551230001&dst=5559870003&"), "{body}");
}

#[tokio::test]
async fn what_cannot_be_normalized_is_refused_before_sending() {
    let server = Server::always(Reply::success(""));
    let client = server.client("pw").build().expect("a client");
    let e = client
        .call(voipms_api::dids::GetMms::new().did("555-CALL-NOW"))
        .await
        .expect_err("refused");
    let Error::Validation(v) = e else {
        panic!("not a validation error: {e}");
    };
    assert_eq!(v.subject, Subject::Param("did"));
    assert!(matches!(v.rule, Rule::Phone(_)), "{:?}", v.rule);
    assert!(
        v.rule.to_string().contains("+1 (555) 123-0001"),
        "{}",
        v.rule
    );
    let e = client
        .call_raw("getBalance", [("advanced", "maybe")])
        .await
        .expect_err("refused");
    assert!(
        e.to_string().contains("1/0, true/false, yes/no or on/off"),
        "{e}"
    );
    assert_eq!(server.count(), 0, "nothing is sent");
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_sends_the_same_wire_form() {
    let server = Server::always(Reply::success(""));
    let client = server.blocking("pw").build().expect("a client");
    client
        .call_raw("getBalance", [("advanced", "Yes")])
        .expect("sent");
    assert!(server.only().form_text().ends_with("&advanced=true"));
}

#[test]
fn value_sets_display_their_meaning_and_keep_the_wire_form() {
    assert_eq!(MessageType::Sent.to_string(), "Sent");
    assert_eq!(MessageType::Sent.as_str(), "0");
    assert_eq!(MessageType::Received.meaning(), "Received");
    let mut form = String::new();
    MessageType::Received.write_wire(&mut form);
    assert_eq!(form, "1", "what is sent is the wire code");
    // A value without a documented meaning shows its name; an unknown one its wire spelling.
    assert_eq!(MessageType::from_wire("7").to_string(), "7");
}
