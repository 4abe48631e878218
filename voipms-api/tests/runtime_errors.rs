//! How answers become errors: API status codes, HTTP statuses, timeouts and dropped
//! connections, HTML pages, truncated JSON, empty bodies, a missing `status`, and `no_*`
//! "nothing to list" codes; and validation errors, for which nothing is sent.

// Uses requests of several categories.
#![cfg(feature = "all-categories")]

mod common;

use std::time::Duration;

use common::{Reply, Server};
use voipms_api::cdr::{GetCdr, GetCdrArgs};
use voipms_api::dids::{DelCallback, GetSms, SendSms, SendSmsArgs};
use voipms_api::general::{GetBalance, GetIp};
use voipms_api::{Client, Date, Error, ErrorCode};

fn client(server: &Server) -> Client {
    server.client("pw").build().unwrap()
}

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

fn cdr() -> GetCdr {
    GetCdr::new(GetCdrArgs {
        date_from: d(2024, 1, 1),
        date_to: d(2024, 1, 31),
        timezone: -5,
    })
}

#[tokio::test]
async fn api_status_codes_name_function_code_and_description() {
    let server = Server::always(Reply::status("invalid_credentials"));
    let err = client(&server).get_ip(GetIp::new()).await.unwrap_err();
    let Error::Api { function, code, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (function.as_str(), code),
        ("getIP", &ErrorCode::InvalidCredentials)
    );
    let text = err.to_string();
    assert!(
        text.starts_with(
            "getIP: VoIP.ms answered `invalid_credentials`: Username or Password is incorrect"
        ),
        "{text}"
    );
    assert!(text.contains("API password"), "tells what to do: {text}");
    assert_eq!(err.function(), "getIP");
    assert_eq!(err.api_code(), Some(&ErrorCode::InvalidCredentials));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn undocumented_codes_are_kept() {
    let server = Server::always(Reply::status("brand_new_code"));
    let err = client(&server).get_ip(GetIp::new()).await.unwrap_err();
    let Some(ErrorCode::Unknown(code)) = err.api_code() else {
        panic!("not an unknown code: {err:?}");
    };
    assert_eq!(code.as_str(), "brand_new_code");
    assert!(err.to_string().contains("`brand_new_code`"), "{err}");
}

#[tokio::test]
async fn http_statuses_4xx_and_5xx() {
    for (status, hint) in [
        (403, "User-Agent"),
        (404, "base URL"),
        (500, "try again later"),
        (503, "try again later"),
    ] {
        let server = Server::always(Reply::html(
            status,
            "<html><body><h1>Oops</h1></body></html>",
        ));
        let err = client(&server).get_ip(GetIp::new()).await.unwrap_err();
        let Error::Http {
            function,
            status: got,
            excerpt,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!((function.as_str(), *got), ("getIP", status));
        assert_eq!(excerpt, "<html><body><h1>Oops</h1></body></html>");
        assert!(err.to_string().contains(hint), "{err}");
        assert_eq!(err.is_retryable(), status >= 500);
    }
}

#[tokio::test]
async fn a_timeout_is_a_transport_error_that_says_so() {
    let server = Server::always(Reply::Delay(
        Duration::from_secs(3),
        Box::new(Reply::success("")),
    ));
    let client = server
        .client("pw")
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let err = client.get_ip(GetIp::new()).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { timeout: true, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn connection_failures_are_transport_errors() {
    let client = Client::builder("u", "pw")
        .base_url(common::closed_port_url())
        .allow_plain_http(true)
        .build()
        .unwrap();
    let err = client.get_ip(GetIp::new()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                connect: true,
                timeout: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("could not connect"), "{err}");

    let server = Server::always(Reply::Drop);
    let err = client_for(&server).get_ip(GetIp::new()).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { timeout: false, .. }),
        "{err:?}"
    );

    let server = Server::always(Reply::Cut(br#"{"status":"success","ip":"1.2"#.to_vec()));
    let err = client_for(&server).get_ip(GetIp::new()).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { .. }),
        "a body cut short: {err:?}"
    );
}

fn client_for(server: &Server) -> Client {
    client(server)
}

#[tokio::test]
async fn an_html_page_is_a_decode_error_with_an_excerpt() {
    let page = "<!DOCTYPE html>\n<html>\n<head><title>Access denied | voip.ms used Cloudflare to restrict access</title></head>\n<body>".to_string() + &"x".repeat(5000) + "</body></html>";
    let server = Server::always(Reply::html(200, &page));
    let err = client(&server).get_ip(GetIp::new()).await.unwrap_err();
    let Error::Decode { excerpt, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        excerpt.starts_with("<!DOCTYPE html> <html> <head><title>Access denied"),
        "{excerpt}"
    );
    assert!(
        excerpt.chars().count() <= 161 && excerpt.ends_with('…'),
        "{excerpt}"
    );
    assert!(
        err.to_string().contains("an HTML page, not the API"),
        "{err}"
    );
    assert!(err.to_string().len() < 600, "short: {err}");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let server = Server::always(Reply::json(
        r#"{"status":"success","balance":{"current_balance":"1.5""#,
    ));
    let err = client(&server)
        .get_balance(GetBalance::new())
        .await
        .unwrap_err();
    let Error::Decode { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("EOF"), "{message}");
}

#[tokio::test]
async fn a_missing_status_is_a_decode_error() {
    let server = Server::always(Reply::json(r#"{"ip":"10.0.0.1"}"#));
    let err = client(&server).get_ip(GetIp::new()).await.unwrap_err();
    let Error::Decode { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("no `status`"), "{message}");
    let server = Server::always(Reply::json("[1,2,3]"));
    let err = client(&server).get_ip(GetIp::new()).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn an_empty_body_is_success_for_changes_and_an_error_for_reads() {
    let server = Server::always(Reply::json(""));
    let client = client(&server);
    client.del_callback(DelCallback::new("1234")).await.unwrap();
    let err = client.get_ip(GetIp::new()).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("empty"), "{err}");
    let raw = client
        .call_raw("someFutureFunction", [("a", "1")])
        .await
        .unwrap();
    assert!(raw.is_empty());
}

#[tokio::test]
async fn nothing_to_list_is_an_empty_result_for_reads() {
    let server = Server::always(Reply::status("no_cdr"));
    let out = client(&server).get_cdr(cdr()).await.unwrap();
    assert!(out.cdr.is_empty());
    let server = Server::always(Reply::json(r#"{"status":"no_sms","sms":""}"#));
    let out = client(&server).get_sms(GetSms::new()).await.unwrap();
    assert!(out.sms.is_empty());
    // For a change, "no such thing" is a failure.
    let server = Server::always(Reply::status("no_callback"));
    let err = client(&server)
        .del_callback(DelCallback::new("1"))
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(&ErrorCode::NoCallback));
}

#[tokio::test]
async fn a_leading_byte_order_mark_is_tolerated() {
    let server = Server::always(Reply::Raw {
        status: 200,
        content_type: "application/json",
        body: b"\xEF\xBB\xBF{\"status\":\"success\",\"ip\":\"10.0.0.9\"}\n".to_vec(),
    });
    let out = client(&server).get_ip(GetIp::new()).await.unwrap();
    assert_eq!(out.ip.as_deref(), Some("10.0.0.9"));
}

/// Each case: the error names function, parameter and rule, and the server saw nothing.
#[tokio::test]
async fn validation_errors_send_nothing() {
    let server = Server::always(Reply::success(""));
    let client = client(&server);
    let check = |err: Error, param: &str, rule: &str| {
        let Error::Validation(v) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(v.subject.to_string(), param, "{err}");
        assert!(v.rule.to_string().contains(rule), "{err}");
        assert!(err.to_string().ends_with("nothing was sent"), "{err}");
        v.function.clone()
    };

    let long = GetCdr::new(GetCdrArgs {
        date_from: d(2024, 1, 1),
        date_to: d(2024, 6, 1),
        timezone: -5,
    });
    let f = check(
        client.get_cdr(long).await.unwrap_err(),
        "date_from/date_to",
        "at most 92",
    );
    assert_eq!(f, "getCDR");
    let reversed = GetCdr::new(GetCdrArgs {
        date_from: d(2024, 2, 1),
        date_to: d(2024, 1, 1),
        timezone: -5,
    });
    check(
        client.get_cdr(reversed).await.unwrap_err(),
        "date_from/date_to",
        "is after",
    );
    let tz = GetCdr::new(GetCdrArgs {
        date_from: d(2024, 1, 1),
        date_to: d(2024, 1, 2),
        timezone: 14,
    });
    check(
        client.get_cdr(tz).await.unwrap_err(),
        "timezone",
        "above the maximum 13",
    );
    let sms = SendSms::new(SendSmsArgs {
        did: "5551234567",
        dst: "5557654321",
        message: "x".repeat(161),
    });
    let f = check(
        client.send_sms(sms).await.unwrap_err(),
        "message",
        "at most 160",
    );
    assert_eq!(f, "sendSMS");
    let sms = SendSms::new(SendSmsArgs {
        did: "555-123",
        dst: "5557654321",
        message: "hi",
    });
    check(
        client.send_sms(sms).await.unwrap_err(),
        "did",
        "the area code is missing",
    );

    // Raw calls get the same checks from the metadata table.
    let e = client
        .call_raw(
            "getCDR",
            [("date_from", "2024-01-01"), ("date_to", "2024-01-02")],
        )
        .await
        .unwrap_err();
    check(e, "timezone", "required");
    let e = client
        .call_raw(
            "getCDR",
            [
                ("date_from", "2024-13-01"),
                ("date_to", "2024-01-02"),
                ("timezone", "0"),
            ],
        )
        .await
        .unwrap_err();
    check(e, "date_from", "is not a date");
    let e = client
        .call_raw(
            "getCDR",
            [
                ("date_from", "2024-01-01"),
                ("date_to", "2024-01-02"),
                ("timezone", "0"),
                ("answerd", "1"),
            ],
        )
        .await
        .unwrap_err();
    check(e, "answerd", "not a parameter");
    let e = client
        .call_raw("getDTMFModes", [("dtmf_mode", "loud")])
        .await
        .unwrap_err();
    check(e, "dtmf_mode", "one of auto, rfc2833, inband, info");
    let e = client
        .call_raw("getBalance", [("advanced", "maybe")])
        .await
        .unwrap_err();
    check(e, "advanced", "sent as true/false");

    assert_eq!(server.count(), 0, "nothing reached the server");
}

/// Every documented code reads back from its wire spelling, with its own description; a code
/// the spec lacks is `Unknown`, spelled as it came.
#[test]
fn every_code_round_trips_through_its_wire_spelling() {
    for code in ErrorCode::ALL {
        assert_eq!(ErrorCode::from_code(code.as_str()), code, "{code}");
        assert!(!code.description().is_empty(), "{code}");
        assert_ne!(code.description(), "undocumented status code", "{code}");
    }
    assert_eq!(
        ErrorCode::from_code("no_did").description(),
        "There are no DIDs"
    );
    let new = ErrorCode::from_code("brand_new_code");
    assert!(matches!(new, ErrorCode::Unknown(_)));
    assert_eq!(new.as_str(), "brand_new_code");
    assert_eq!(new.description(), "undocumented status code");
}
