//! The mock delivers inbound messages to a receiver as VoIP.ms does: `enable_sms_callback`
//! configures it through `setSMS`, an injected message reaches the URL callback (resent after a
//! reply that is not `ok`) and the webhook, and is listed by `getSMS` / `getMMS`.
#![cfg(all(feature = "mock", feature = "callbacks", feature = "dids"))]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use voipms_api::callbacks::{Inbound, Outcome, Receiver, Secret, callback_url};
use voipms_api::dids::{GetMms, GetSms, SetSms};
use voipms_api::mock::{
    DEFAULT_PASSWORD, DEFAULT_USERNAME, DeliveryTarget, InboundMessage, MockServer,
    request_delivery,
};

/// A receiver on a raw socket (one request per connection): the first `fail_first` requests get
/// `busy`, the rest go through [`Receiver`]; every accepted event is collected.
async fn receiver(secret: &str, fail_first: usize) -> (String, Arc<Mutex<Vec<Inbound>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}/sms", listener.local_addr().expect("addr"));
    let events = Arc::new(Mutex::new(Vec::new()));
    let got = Arc::clone(&events);
    let rx = Receiver::new(Secret::new(secret));
    tokio::spawn(async move {
        let mut seen = 0;
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Head, then as much body as Content-Length says.
            let (head_end, len) = loop {
                let n = sock.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break (buf.len(), 0);
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
                    let len = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    break (i + 4, len);
                }
            };
            while buf.len() < head_end + len {
                let n = sock.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
            let mut words = head.split_whitespace();
            let method = words.next().unwrap_or_default().to_string();
            let target = words.next().unwrap_or_default();
            let query = target.split_once('?').map_or("", |(_, q)| q);
            let auth = head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("authorization")
                    .then(|| v.trim().to_string())
            });
            let body = &buf[head_end.min(buf.len())..];
            seen += 1;
            let (status, reply) = if seen <= fail_first {
                (200, "busy".to_string())
            } else {
                let h = rx.handle(&method, query, auth.as_deref(), body);
                if let Outcome::Event(e) = h.outcome {
                    got.lock().expect("events").push(*e);
                }
                (h.status, h.body)
            };
            let resp = format!(
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
                reply.len()
            );
            let _ = sock.write_all(resp.as_bytes()).await;
        }
    });
    (base, events)
}

async fn mock() -> MockServer {
    MockServer::builder()
        .retry_interval(Duration::from_millis(20))
        .max_attempts(4)
        .start()
        .await
        .expect("mock starts")
}

#[tokio::test]
async fn url_callback_round_trip_with_a_retry_after_a_reply_that_is_not_ok() {
    let mock = mock().await;
    let client = mock.client().expect("client");
    let (base, events) = receiver("s3cret", 1).await;
    let url = callback_url(&base, "s3cret");
    client
        .enable_sms_callback("5551234567", &url)
        .await
        .expect("configured");
    // The DID's other settings (from getDIDsInfo's answer) were sent again with the callback.
    let set = mock
        .requests()
        .into_iter()
        .find(|r| r.function == "setSMS")
        .expect("setSMS sent");
    assert_eq!(set.param("email_address"), Some("john.doe@example.com"));
    assert_eq!(set.param("sms_forward"), Some("2264836086"));
    assert_eq!(set.param("url_callback_retry"), Some("1"));
    // Settings live answers carry beyond the documentation's sample are kept too.
    assert_eq!(set.param("webhook"), Some("https://example.com/hook"));
    assert_eq!(set.param("webhook_enable"), Some("0"));
    let settings = mock.sms_callback_settings("5551234567").expect("kept");
    assert!(settings.url_callback_enable && settings.url_callback_retry);
    assert_eq!(settings.url_callback.as_deref(), Some(url.as_str()));

    let report = mock
        .deliver_sms(InboundMessage::new(
            "5557654321",
            "5551234567",
            "Hi there 👋; a&b",
        ))
        .await;
    assert_eq!(report.attempts.len(), 2, "{report:#?}");
    assert_eq!(report.attempts[0].reply, "busy");
    assert!(!report.attempts[0].accepted && report.attempts[1].accepted);
    assert!(report.delivered());
    assert!(
        report
            .attempts
            .iter()
            .all(|a| a.target == DeliveryTarget::UrlCallback)
    );
    let events = events.lock().expect("events").clone();
    assert_eq!(events.len(), 1);
    let Inbound::InboundSms(sms) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(sms.from, "5557654321");
    assert_eq!(sms.to, "5551234567");
    assert_eq!(sms.message.as_deref(), Some("Hi there 👋; a&b"));
    assert_eq!(sms.id.as_deref(), Some(report.id.as_str()));
    assert!(sms.timestamp.is_some());
    assert!(
        sms.extra.is_empty(),
        "the secret is not kept: {:?}",
        sms.extra
    );

    // The message is listed by getSMS, not getMMS.
    let listed = client
        .get_sms(GetSms::new().did("5551234567"))
        .await
        .expect("getSMS");
    assert_eq!(listed.sms.len(), 1);
    assert_eq!(listed.sms[0].id.as_deref(), Some(report.id.as_str()));
    assert_eq!(listed.sms[0].message.as_deref(), Some("Hi there 👋; a&b"));
    // `no_sms` is an empty list for typed calls.
    let mms = client.get_mms(GetMms::new()).await.expect("getMMS");
    assert!(mms.sms.is_empty());
}

#[tokio::test]
async fn retry_off_means_one_request_and_a_wrong_secret_is_refused() {
    let mock = mock().await;
    let client = mock.client().expect("client");
    let (base, events) = receiver("right", 0).await;
    client
        .set_sms(
            SetSms::new("5551234567", true)
                .url_callback_enable(true)
                .url_callback(callback_url(&base, "wrong")),
        )
        .await
        .expect("setSMS");
    let report = mock
        .deliver_sms(InboundMessage::new("5557654321", "5551234567", "x"))
        .await;
    assert_eq!(report.attempts.len(), 1);
    assert_eq!(report.attempts[0].status, Some(403));
    assert!(!report.delivered());
    assert!(events.lock().expect("events").is_empty());
}

#[tokio::test]
async fn webhook_and_mms_through_the_control_endpoint() {
    let mock = mock().await;
    let client = mock.client().expect("client");
    let (base, events) = receiver("tok", 0).await;
    // setSMS replaces every setting: only the webhook is on now.
    client
        .set_sms(
            SetSms::new("5551234567", true)
                .webhook_enable(true)
                .webhook(format!("{base}?secret=tok")),
        )
        .await
        .expect("setSMS");
    let msg = InboundMessage::new("5557654321", "5551234567", "pic").media("https://x/1.jpg");
    let report = request_delivery(mock.url(), DEFAULT_USERNAME, DEFAULT_PASSWORD, &msg)
        .await
        .expect("delivered");
    assert_eq!(report["delivered"], true, "{report}");
    assert_eq!(report["attempts"][0]["target"], "webhook");
    assert_eq!(report["attempts"].as_array().map(Vec::len), Some(1));
    let events = events.lock().expect("events").clone();
    let Inbound::SmsWebhook(w) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(w.from, "+15557654321");
    assert_eq!(w.to, vec!["+15551234567"]);
    assert_eq!(w.media, vec!["https://x/1.jpg"]);
    let mms = client.get_mms(GetMms::new()).await.expect("getMMS");
    assert_eq!(mms.sms.len(), 1);
    assert_eq!(mms.sms[0].media, vec!["https://x/1.jpg"]);
    assert!(
        request_delivery(mock.url(), "nobody", "x", &msg)
            .await
            .is_err(),
        "the control endpoint checks the credentials"
    );
}

#[tokio::test]
async fn a_did_not_in_the_account_is_an_error_and_nothing_is_set() {
    let mock = mock().await;
    let client = mock.client().expect("client");
    let err = client
        .enable_sms_callback("5550000000", "https://example.com/sms")
        .await
        .expect_err("not an account DID");
    assert_eq!(err.api_code(), Some(&voipms_api::ErrorCode::InvalidDid));
    assert!(mock.requests().iter().all(|r| r.function != "setSMS"));
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_enables_the_callback_the_same_way() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mock = rt.block_on(mock());
    let client = voipms_api::blocking::Client::builder(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .base_url(mock.url())
        .allow_plain_http(true)
        .build()
        .expect("client");
    client
        .enable_sms_callback("5551234567", "https://example.com/sms?secret=x")
        .expect("configured");
    let settings = mock.sms_callback_settings("5551234567").expect("kept");
    assert_eq!(
        settings.url_callback.as_deref(),
        Some("https://example.com/sms?secret=x")
    );
    let set = mock
        .requests()
        .into_iter()
        .find(|r| r.function == "setSMS")
        .expect("setSMS sent");
    assert_eq!(set.param("email_address"), Some("john.doe@example.com"));
}
