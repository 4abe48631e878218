//! The blocking client gives the same results as the async one: same typed responses, same
//! errors, same validation, same retry rules; and it can be shared across threads.

#![cfg(feature = "blocking")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Reply, Server};
use voipms_api::cdr::{GetCdr, GetCdrArgs};
use voipms_api::dids::{DelCallback, SendSms, SendSmsArgs};
use voipms_api::general::{GetBalance, GetIp};
use voipms_api::{Date, Error, RetryPolicy};

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

/// A comparable rendering of a result: the value's Debug, or the error's kind and text.
fn render<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    match r {
        Ok(v) => format!("ok {v:?}"),
        Err(Error::Transport {
            timeout, connect, ..
        }) => {
            // reqwest words a few messages differently in blocking mode; the kind is what counts.
            format!("transport timeout={timeout} connect={connect}")
        }
        Err(e) => format!("err {} {e}", e.kind_name()),
    }
}

#[test]
fn blocking_and_async_agree_on_every_kind_of_answer() {
    let replies = [
        Reply::success(
            r#""balance":{"current_balance":"112.192790","calls_total":"2788","time_total":"10:17:48"}"#,
        ),
        Reply::status("no_cdr"),
        Reply::status("invalid_credentials"),
        Reply::status("brand_new_code"),
        Reply::html(503, "<h1>busy</h1>"),
        Reply::html(200, "<html>login</html>"),
        Reply::json(r#"{"status":"success","cdr":[{"date":"2024-01-01 10:00:00""#),
        Reply::json(r#"{"cdr":[]}"#),
        Reply::json(""),
        Reply::success(
            r#""cdr":[{"date":"2024-01-01 10:00:00","seconds":"11","rate":"0.01","callerid":"\"Jo\" <5551112222>"},{"date":"0000-00-00 00:00:00","seconds":7}]"#,
        ),
        Reply::Drop,
    ];
    let rt = tokio::runtime::Runtime::new().unwrap();
    for reply in replies {
        let server = Server::always(reply.clone());
        let blocking = server.blocking("pw").build().unwrap();
        let client = server.client("pw").build().unwrap();
        let cdr = || {
            GetCdr::new(GetCdrArgs {
                date_from: d(2024, 1, 1),
                date_to: d(2024, 1, 31),
                timezone: -5,
            })
        };

        let b = render(blocking.get_balance(GetBalance::new()));
        let a = render(rt.block_on(client.get_balance(GetBalance::new())));
        assert_eq!(a, b, "getBalance with {reply:?}");
        let b = render(blocking.get_cdr(cdr()));
        let a = render(rt.block_on(client.get_cdr(cdr())));
        assert_eq!(a, b, "getCDR with {reply:?}");
        let b = render(blocking.del_callback(DelCallback::new("1")));
        let a = render(rt.block_on(client.del_callback(DelCallback::new("1"))));
        assert_eq!(a, b, "delCallback with {reply:?}");
        let b = render(blocking.call_raw("getIP", [("x", "1")]));
        let a = render(rt.block_on(client.call_raw("getIP", [("x", "1")])));
        assert_eq!(a, b, "raw getIP with {reply:?}");
        let b = render(blocking.call_raw("futureFunction", [("x", "1")]));
        let a = render(rt.block_on(client.call_raw("futureFunction", [("x", "1")])));
        assert_eq!(a, b, "raw unknown function with {reply:?}");
    }
}

#[test]
fn the_same_bodies_are_sent() {
    let server = Server::always(Reply::success(""));
    let blocking = server.blocking("pw").build().unwrap();
    let client = server.client("pw").build().unwrap();
    let sms = SendSms::new(SendSmsArgs {
        did: "5551234567",
        dst: "5557654321",
        message: "héllo & bye",
    });
    blocking.send_sms(sms.clone()).unwrap();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(client.send_sms(sms))
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].form(), seen[1].form());
    assert_eq!(seen[0].header("user-agent"), seen[1].header("user-agent"));
    assert_eq!(seen[0].target, "/api/v1/rest.php");
}

#[test]
fn validation_sends_nothing() {
    let server = Server::always(Reply::success(""));
    let blocking = server.blocking("pw").build().unwrap();
    let err = blocking
        .send_sms(SendSms::new(SendSmsArgs {
            did: "5551234567",
            dst: "5557654321",
            message: "x".repeat(161),
        }))
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert_eq!(server.count(), 0);
}

#[test]
fn retries_follow_the_same_rules() {
    let policy = RetryPolicy::new(3).base_delay(Duration::from_millis(1));
    let server = Server::always(Reply::html(503, "busy"));
    let blocking = server.blocking("pw").retry(policy).build().unwrap();
    blocking.get_ip(GetIp::new()).unwrap_err();
    assert_eq!(server.count(), 3, "a read is retried");
    blocking
        .send_sms(SendSms::new(SendSmsArgs {
            did: "5551234567",
            dst: "5557654321",
            message: "hi",
        }))
        .unwrap_err();
    assert_eq!(server.count(), 4, "sendSMS is not");
}

#[test]
fn timeouts_and_https() {
    let server = Server::always(Reply::Delay(
        Duration::from_secs(3),
        Box::new(Reply::success("")),
    ));
    let blocking = server
        .blocking("pw")
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    assert!(blocking.get_ip(GetIp::new()).unwrap_err().is_timeout());
    let err = voipms_api::blocking::Client::builder("u", "p")
        .base_url("http://voip.ms/api/v1/rest.php")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("allow_plain_http"));
}

#[test]
fn one_client_serves_many_threads() {
    let server = Arc::new(Server::always(Reply::success(r#""ip":"10.0.0.1""#)));
    let blocking = server.blocking("pw").build().unwrap();
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let c = blocking.clone();
            std::thread::spawn(move || {
                for _ in 0..25 {
                    assert_eq!(
                        c.get_ip(GetIp::new()).unwrap().ip.as_deref(),
                        Some("10.0.0.1")
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(server.count(), 400);
}
