//! Retries: only read-only functions, only after transport errors, 5xx and
//! `api_limit_exceeded`, never for functions that change state or spend money; and the
//! client-side rate limit.

// Uses requests of several categories.
#![cfg(feature = "all-categories")]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Reply, Server};
use voipms_api::dids::{DelCallback, OrderDid, SendSms, SendSmsArgs};
use voipms_api::general::GetIp;
use voipms_api::value_sets::DidBillingType;
use voipms_api::{Client, Error, ErrorCode, RateLimit, RetryPolicy, Routing};

/// A quick policy: `attempts` in all, 1 ms apart (the request limit's window too).
fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
        .limit_window(Duration::from_millis(1))
}

fn retrying(server: &Server, attempts: u32) -> Client {
    server.client("pw").retry(fast(attempts)).build().unwrap()
}

/// Fails `failures` times with `failure`, then answers `success`.
fn flaky(failures: usize, failure: Reply, success: Reply) -> Server {
    let n = Arc::new(AtomicUsize::new(0));
    Server::start(move |_| {
        if n.fetch_add(1, Ordering::SeqCst) < failures {
            failure.clone()
        } else {
            success.clone()
        }
    })
}

fn ip() -> Reply {
    Reply::success(r#""ip":"10.0.0.1""#)
}

#[tokio::test]
async fn a_read_is_retried_after_5xx_until_it_succeeds() {
    let server = flaky(2, Reply::html(503, "busy"), ip());
    let out = retrying(&server, 3).get_ip(GetIp::new()).await.unwrap();
    assert_eq!(out.ip.as_deref(), Some("10.0.0.1"));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_read_is_retried_after_api_limit_exceeded() {
    let server = flaky(1, Reply::status("api_limit_exceeded"), ip());
    retrying(&server, 3).get_ip(GetIp::new()).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn api_limit_exceeded_waits_for_the_limit_window_not_the_backoff() {
    let server = flaky(1, Reply::status("api_limit_exceeded"), ip());
    let policy = fast(3)
        .jitter(false)
        .limit_window(Duration::from_millis(300));
    let client = server.client("pw").retry(policy).build().unwrap();
    let start = std::time::Instant::now();
    client.get_ip(GetIp::new()).await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(300),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_read_is_retried_after_transport_errors() {
    let server = flaky(2, Reply::Drop, ip());
    retrying(&server, 5).get_ip(GetIp::new()).await.unwrap();
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn attempts_are_bounded_and_the_last_error_is_returned() {
    let server = Server::always(Reply::html(502, "bad gateway"));
    let err = retrying(&server, 4).get_ip(GetIp::new()).await.unwrap_err();
    assert_eq!(err.http_status(), Some(502));
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn permanent_failures_are_not_retried() {
    for reply in [
        Reply::html(404, "not found"),
        Reply::status("invalid_credentials"),
        Reply::json("<html>"),
    ] {
        let server = Server::always(reply);
        assert!(retrying(&server, 5).get_ip(GetIp::new()).await.is_err());
        assert_eq!(server.count(), 1);
    }
}

#[tokio::test]
async fn sending_an_sms_is_never_retried() {
    for failure in [
        Reply::html(503, "busy"),
        Reply::status("api_limit_exceeded"),
        Reply::Drop,
    ] {
        let server = flaky(1, failure, Reply::success(r#""sms":"23434""#));
        let sms = SendSms::new(SendSmsArgs {
            did: "5551234567",
            dst: "5557654321",
            message: "hello",
        });
        let err = retrying(&server, 5).send_sms(sms).await.unwrap_err();
        assert_eq!(server.count(), 1, "sendSMS was sent once: {err}");
    }
}

#[tokio::test]
async fn ordering_a_did_and_deleting_are_never_retried() {
    let server = Server::always(Reply::html(500, "oops"));
    let client = retrying(&server, 5);
    let order = OrderDid::new(
        "5551234567",
        Routing::Account("100001_VoIP".into()),
        "5",
        60,
        true,
        DidBillingType::Flat,
    );
    client.order_did(order).await.unwrap_err();
    assert_eq!(server.count(), 1, "spend");
    client
        .del_callback(DelCallback::new("7"))
        .await
        .unwrap_err();
    assert_eq!(server.count(), 2, "write");
    // Raw calls of unknown functions: nothing known about them, never retried.
    client
        .call_raw("someFutureFunction", [("x", "1")])
        .await
        .unwrap_err();
    assert_eq!(server.count(), 3);
    // Raw calls of known reads are.
    client
        .call_raw("getIP", std::iter::empty::<(&str, &str)>())
        .await
        .unwrap_err();
    assert_eq!(server.count(), 8);
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried() {
    let server = Server::always(Reply::status("api_limit_exceeded"));
    let client = server.client("pw").build().unwrap();
    let err = client.get_ip(GetIp::new()).await.unwrap_err();
    assert_eq!(err.api_code(), Some(&ErrorCode::ApiLimitExceeded));
    assert!(err.is_retryable());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn backoff_waits_between_attempts() {
    let server = flaky(2, Reply::html(503, "busy"), ip());
    let client = server
        .client("pw")
        .retry(
            RetryPolicy::new(3)
                .base_delay(Duration::from_millis(100))
                .jitter(false),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    client.get_ip(GetIp::new()).await.unwrap();
    // 100 ms then 200 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_rate_limit_spaces_requests_across_clones() {
    let server = Server::always(ip());
    let client = server
        .client("pw")
        .rate_limit(RateLimit::new(5, Duration::from_millis(400)))
        .build()
        .unwrap();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move { c.get_ip(GetIp::new()).await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // 12 requests at 5 per 400 ms: the last batch starts after two full periods.
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(800), "{took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(server.count(), 12);
}

#[test]
fn errors_say_whether_retrying_may_help() {
    let e = Error::Http {
        function: "getIP".into(),
        status: 503,
        excerpt: String::new(),
    };
    assert!(e.is_retryable());
    assert!(ErrorCode::ApiLimitExceeded.is_retryable());
    assert!(!ErrorCode::InvalidCredentials.is_retryable());
}
