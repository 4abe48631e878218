//! Facts about the live API that the documentation gets wrong or leaves out, learnt by others
//! against the real VoIP.ms and carried into the spec (each with a `note:` naming its source;
//! `spec/README.md` counts them). One test per fact: a body as VoIP.ms answers it decodes
//! without drift into the right value, or a request goes out in the form VoIP.ms reads.
//!
//! Source of every fact here unless a test says otherwise: the voip-ms crate's CHANGELOG
//! (0.13.0 to 0.21.0, MIT), whose entries were confirmed against the live API.

#![cfg(feature = "all-categories")]

mod common;

use common::{Reply, Server};
use serde_json::{Value, json};
use voipms_api::ErrorCode;
use voipms_api::accounts::GetSubAccounts;
use voipms_api::dispatch::decode_typed_json;
use voipms_api::lnp::{GetLnpDetails, GetLnpList};

/// The typed value of `body` for `function`, which must decode without drift.
fn typed(function: &str, body: Value) -> Value {
    let text = body.to_string();
    let t = decode_typed_json(function, text.as_bytes())
        .expect("a function of the spec")
        .expect("decodes");
    assert!(t.drift.is_empty(), "{function}: drift {:?}", t.drift);
    t.value
}

/// 0.21.0: getSubAccounts with an account that matches nothing answers `no_subaccount`, an
/// empty list the error table leaves out.
#[tokio::test]
async fn no_subaccount_is_an_empty_list() {
    let server = Server::always(Reply::status("no_subaccount"));
    let client = server.client("pw").build().unwrap();
    let r = client
        .get_sub_accounts(GetSubAccounts::new().account("100000_nobody"))
        .await
        .unwrap();
    assert!(r.accounts.is_empty());
    assert!(ErrorCode::from_code("no_subaccount").is_empty_list());
}

/// 0.20.0: the port-request functions answer every failure as `status: invalid` with the one
/// real code nested under `error`; getLNPList's port id is optional, and no port is `no_ports`.
#[tokio::test]
async fn port_requests_nest_their_code_under_invalid() {
    let nested = |code: &str| {
        Reply::json(
            json!({"status": "invalid", "error": [{"code": code, "description": "..."}], "message": "invalid"})
                .to_string(),
        )
    };
    let server = Server::always(nested("no_ports"));
    let client = server.client("pw").strict_decoding(false).build().unwrap();
    let r = client.get_lnp_list(GetLnpList::new()).await.unwrap();
    assert!(r.list.is_empty());
    assert_eq!(server.only().param("portid"), None, "no port id needed");

    let server = Server::always(nested("invalid_portingid"));
    let client = server.client("pw").build().unwrap();
    let e = client
        .get_lnp_details(GetLnpDetails::new("1"))
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(&ErrorCode::InvalidPortingid), "{e}");

    // Two codes name no single failure: `invalid` stays the code.
    let server = Server::always(Reply::json(
        json!({"status": "invalid", "error": [{"code": "no_ports"}, {"code": "invalid_portingid"}]})
            .to_string(),
    ));
    let client = server.client("pw").build().unwrap();
    let e = client
        .get_lnp_details(GetLnpDetails::new("1"))
        .await
        .unwrap_err();
    assert!(
        matches!(e.api_code(), Some(ErrorCode::Unknown(u)) if u.as_str() == "invalid"),
        "{e}"
    );
}

/// 0.17.0: a call made with `test` is answered `success_test` (checked, nothing saved).
#[tokio::test]
async fn success_test_is_a_success() {
    let server = Server::always(Reply::status("success_test"));
    let client = server.client("pw").build().unwrap();
    let r = client
        .call_raw(
            "addCharge",
            [("client", "561115"), ("charge", "1.50"), ("test", "1")],
        )
        .await;
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(server.only().param("test").as_deref(), Some("1"));
}

/// 0.19.0: setSMS and setDIDInfo answer two codes the error table lacks.
#[test]
fn undocumented_dialing_mode_codes_are_typed() {
    for code in ["invalid_dialmode", "invalid_inbound_dialing_mode"] {
        assert!(
            !matches!(ErrorCode::from_code(code), ErrorCode::Unknown(_)),
            "{code}"
        );
    }
}

/// 0.20.0: fax numbers carry `max_attempts` (neither documented nor in the WSDL), and
/// setFaxNumberInfo resets it to 10 unless sent: an update sends it back.
#[test]
fn fax_numbers_carry_max_attempts() {
    let v = typed(
        "getFaxNumbersInfo",
        json!({"status": "success", "numbers": [{"id": "12", "did": "5551234567", "retry": "1",
            "attach_file": "0", "max_attempts": "5"}]}),
    );
    assert_eq!(v["numbers"][0]["max_attempts"], 5);
    assert_eq!(v["numbers"][0]["retry"], true);
    assert_eq!(v["numbers"][0]["attach_file"], false);
    let meta = voipms_api::catalog::function("setFaxNumberInfo").unwrap();
    assert!(meta.param("max_attempts").is_some());
}

/// 0.19.0: getSubAccounts reports fields its sample lacks.
#[test]
fn sub_accounts_carry_undocumented_fields() {
    let v = typed(
        "getSubAccounts",
        json!({"status": "success", "accounts": [{"id": "1", "account": "100000_a",
            "allow225": "1", "dialing_mode": "2", "internal_extension_location": "3",
            "transcription_start_delay": "4"}]}),
    );
    let a = &v["accounts"][0];
    assert_eq!(a["allow225"], true);
    assert_eq!(a["dialing_mode"], "2");
    assert_eq!(a["transcription_start_delay"], 4);
}

/// 0.19.0: lists VoIP.ms names otherwise than the documentation's samples.
#[test]
fn lists_under_their_wire_names() {
    let v = typed(
        "getConferenceMembers",
        json!({"status": "success", "member": [{"member": "1599", "name": "a"}]}),
    );
    assert_eq!(v["member"][0]["member"], "1599");
    let v = typed(
        "getPhonebookGroups",
        json!({"status": "success", "phonebook_groups": [{"phonebook_group": "7", "name": "Work"}]}),
    );
    assert_eq!(v["phonebook_groups"][0]["name"], "Work");
}

/// 0.19.0: getLocations answers a list of names while only location 0 exists, and an object
/// keyed by location id once another does.
#[test]
fn locations_are_a_map_from_id_to_name() {
    let v = typed(
        "getLocations",
        json!({"status": "success", "locations": {"0": "Reachable by everyone", "5": "Office"}}),
    );
    assert_eq!(v["locations"]["5"], "Office");
    let text = json!({"status": "success", "locations": ["Reachable by everyone"]}).to_string();
    let t = decode_typed_json("getLocations", text.as_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(
        t.value["locations"]["0"], "Reachable by everyone",
        "the list form is keyed by position"
    );
}

/// 0.19.0 / 0.13.0 / 0.17.0: fields the samples lack, and fees in fractions of a cent.
#[test]
fn undocumented_response_fields() {
    let v = typed(
        "getCDR",
        json!({"status": "success", "cdr": [{"date": "2026-09-23 12:28:34", "uniqueid": "1",
            "ip": "203.0.113.7", "useragent": "Zoiper rv2.10"}]}),
    );
    assert_eq!(v["cdr"][0]["useragent"], "Zoiper rv2.10");
    let v = typed(
        "getDIDsInternationalNational",
        json!({"status": "success", "locations": [{"location_id": "a1", "setup": "4.50",
            "minute": "0.009000"}]}),
    );
    assert_eq!(v["locations"][0]["minute"], "0.009000");
    let v = typed(
        "searchTollFreeUSA",
        json!({"status": "success", "dids": [{"did": "8885550100", "sms": "1"}]}),
    );
    assert_eq!(v["dids"][0]["sms"], true);
    let v = typed(
        "getVoicemails",
        json!({"status": "success", "voicemails": [{"mailbox": "1001", "client": "561115"}]}),
    );
    assert_eq!(v["voicemails"][0]["client"], "561115");
    let v = typed("setEmailToFax", json!({"status": "success", "id": "1234"}));
    assert_eq!(v["id"], "1234");
}

/// 0.20.0: getLNPList's port id is optional (the documentation's `(required)` came with
/// getLNPDetails' text); 0.20.0: getResellerSMS/MMS need `client`.
#[test]
fn required_flags_as_the_live_api_has_them() {
    let required = |f: &str, p: &str| {
        voipms_api::catalog::function(f)
            .and_then(|m| m.param(p))
            .map(|p| p.required)
    };
    assert_eq!(required("getLNPList", "portid"), Some(false));
    assert_eq!(required("getResellerSMS", "client"), Some(true));
    assert_eq!(required("getResellerMMS", "client"), Some(true));
}

/// The documentation's `test` flags are sent as `1`, the only form VoIP.ms takes as a dry run
/// (0.17.0): every function's `test` parameter.
#[test]
fn every_test_flag_is_sent_as_one() {
    let mut n = 0;
    for f in voipms_api::catalog::FUNCTIONS.iter() {
        if let Some(p) = f.param("test") {
            assert_eq!(
                p.ty.to_string(),
                "bool(1/0)",
                "{}: test is sent as {}",
                f.name,
                p.ty
            );
            n += 1;
        }
    }
    assert_eq!(n, 24);
}

/// What a changed `test` would cost if it went out as `true`: a real order. The client never
/// sends it so, whatever spelling the caller used.
#[tokio::test]
async fn a_test_order_says_test_1_whatever_the_spelling() {
    let server = Server::always(Reply::status("success_test"));
    let client = server.client("pw").build().unwrap();
    for spelling in ["true", "1", "yes"] {
        let _ = client
            .call_raw("cancelDID", [("did", "5551234567"), ("test", spelling)])
            .await;
    }
    let sent: Vec<_> = server
        .seen()
        .iter()
        .map(|s| s.param("test").unwrap_or_default())
        .collect();
    assert_eq!(sent, ["1", "1", "1"]);
}

/// 0.14.0: the record listings report Eastern wall clocks shifted by `timezone + 5` hours. The
/// measured call was placed at 16:28:34 UTC on 2026-09-23 and listed with `timezone=0` as
/// 17:28:34; the client undoes the shift and gives the instant, at Eastern's offset.
#[tokio::test]
async fn record_listing_times_are_resolved_from_the_timezone_sent() {
    use voipms_api::cdr::{GetCdr, GetCdrArgs};
    use voipms_api::dids::GetSms;
    let body = |date: &str| {
        Reply::json(
            json!({"status": "success", "cdr": [{"date": date, "uniqueid": "1"}],
                "sms": [{"id": "1", "date": date}]})
            .to_string(),
        )
    };
    let utc = 1_790_180_914; // 2026-09-23 16:28:34 UTC
    for (tz, reported) in [
        ("0", "2026-09-23 17:28:34"),
        ("-5", "2026-09-23 12:28:34"),
        ("5.5", "2026-09-23 22:58:34"),
        ("-12", "2026-09-23 05:28:34"),
    ] {
        let server = Server::always(body(reported));
        let client = server.client("pw").strict_decoding(false).build().unwrap();
        let day = voipms_api::Date::new(2026, 9, 23).unwrap();
        let r = client
            .get_cdr(GetCdr::new(GetCdrArgs {
                date_from: day,
                date_to: day,
                timezone: tz.parse::<voipms_api::Decimal>().unwrap(),
            }))
            .await
            .unwrap();
        let t = r.cdr[0].date.unwrap();
        assert_eq!(t.unix_seconds(), Some(utc), "timezone {tz}: {t}");
        assert_eq!(t.to_string(), "2026-09-23 12:28:34-04:00");
    }
    // getSMS takes an omitted timezone as -5: no shift.
    let server = Server::always(body("2026-09-23 12:28:34"));
    let client = server.client("pw").strict_decoding(false).build().unwrap();
    let r = client.get_sms(GetSms::new()).await.unwrap();
    assert_eq!(r.sms[0].date.unwrap().unix_seconds(), Some(utc));
    // The hour Eastern repeats when clocks fall back keeps its wall clock, unresolved.
    let server = Server::always(body("2026-11-01 01:30:00"));
    let client = server.client("pw").strict_decoding(false).build().unwrap();
    let r = client.get_sms(GetSms::new()).await.unwrap();
    let t = r.sms[0].date.unwrap();
    assert_eq!(
        (t.offset_minutes(), t.to_string().as_str()),
        (None, "2026-11-01 01:30:00")
    );
}

/// 0.14.0: six other timestamps are Eastern wall clocks (no shift), resolved to their offset.
#[test]
fn server_zone_times_carry_their_offset() {
    let v = typed(
        "getFaxMessages",
        json!({"status": "success", "faxes": [{"id": "1", "date": "2026-01-15 08:00:00"}]}),
    );
    assert_eq!(v["faxes"][0]["date"], "2026-01-15 08:00:00-05:00");
    let v = typed(
        "getDIDsInfo",
        json!({"status": "success", "dids": [{"did": "5551234567", "order_date": "2026-07-01 09:00:00"}]}),
    );
    assert_eq!(v["dids"][0]["order_date"], "2026-07-01 09:00:00-04:00");
    let mut shifted: Vec<_> = voipms_api::catalog::FUNCTIONS
        .iter()
        .filter(|f| f.timezone_shift.is_some())
        .map(|f| f.name)
        .collect();
    shifted.sort_unstable();
    assert_eq!(
        shifted,
        [
            "getCDR",
            "getMMS",
            "getResellerCDR",
            "getResellerMMS",
            "getResellerSMS",
            "getSMS"
        ]
    );
}

/// The instant converts into chrono's type (and time's and jiff's) when resolved.
#[cfg(feature = "chrono")]
#[test]
fn resolved_times_convert_to_chrono() {
    let v = voipms_api::types::timestamp::decode_with_shift(Some(0.into()), || {
        <voipms_api::Timestamp as voipms_api::wire::WireValue>::from_wire("2026-09-23 17:28:34")
    })
    .unwrap();
    let c = chrono::DateTime::<chrono::FixedOffset>::try_from(v).unwrap();
    assert_eq!(c.to_rfc3339(), "2026-09-23T12:28:34-04:00");
    let unresolved =
        <voipms_api::Timestamp as voipms_api::wire::WireValue>::from_wire("2026-11-01 01:30:00")
            .unwrap();
    assert!(chrono::DateTime::<chrono::FixedOffset>::try_from(unresolved).is_err());
}
