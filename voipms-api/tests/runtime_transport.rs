//! Transport: one multipart POST per call (or, opted in, a GET), credentials never in the URL
//! unless GET is chosen, https unless allowed, a descriptive User-Agent, no redirects,
//! timeouts, and many concurrent calls on one client.

// Uses requests of several categories.
#![cfg(feature = "all-categories")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Reply, Server};
use voipms_api::general::{GetBalance, GetIp};
use voipms_api::{
    Client, DEFAULT_BASE_URL, DEFAULT_USER_AGENT, Error, MAX_REQUEST_LINE, Transport,
};

/// rest.php answers multipart/form-data POSTs and sends form-urlencoded ones to its SOAP
/// handler (voip-ms crate 0.13.0 CHANGELOG, confirmed live): every call is a multipart POST.
#[tokio::test]
async fn every_call_is_a_multipart_post_with_credentials_in_the_body_only() {
    let server = Server::always(Reply::success(r#""ip":"10.1.2.3""#));
    let client = server.client("s3cret pass").build().unwrap();
    let out = client.get_ip(GetIp::new()).await.unwrap();
    assert_eq!(out.ip.as_deref(), Some("10.1.2.3"));
    let seen = server.only();
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.target, "/api/v1/rest.php",
        "nothing in the query string"
    );
    let content_type = seen.header("content-type").unwrap_or_default();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    assert!(!seen.body.contains("s3cret+pass"), "not form-urlencoded");
    assert_eq!(seen.header("user-agent"), Some(DEFAULT_USER_AGENT));
    assert!(DEFAULT_USER_AGENT.starts_with("voipms-api/"));
    assert_eq!(
        seen.form(),
        [
            ("api_username".to_string(), "user@example.com".to_string()),
            ("api_password".to_string(), "s3cret pass".to_string()),
            ("method".to_string(), "getIP".to_string()),
        ]
    );
}

/// An upload far over what a GET can carry (VoIP.ms caps the request line at 8190 bytes) goes
/// whole in one multipart body.
#[tokio::test]
async fn uploads_of_any_size_go_in_the_multipart_body() {
    let server = Server::always(Reply::success(r#""sms":"23434""#));
    let client = server.client("pw").strict_decoding(false).build().unwrap();
    let media = format!("data:image/png;base64,{}", "QUJD".repeat(22_000));
    client
        .call_raw(
            "sendMMS",
            [
                ("did", "5551234567"),
                ("dst", "5557654321"),
                ("message", "hi"),
                ("media1", media.as_str()),
            ],
        )
        .await
        .unwrap();
    let seen = server.only();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.param("media1").as_deref(), Some(media.as_str()));
}

/// GET is an explicit opt-in: everything, the password too, in the query string; a request
/// line over VoIP.ms's 8190 bytes is refused before anything is sent.
#[tokio::test]
async fn get_puts_everything_in_the_url_and_refuses_long_requests() {
    let server = Server::always(Reply::success(r#""ip":"10.1.2.3""#));
    let client = server
        .client("s3cret pass")
        .transport(Transport::RestGet)
        .build()
        .unwrap();
    client.get_ip(GetIp::new()).await.unwrap();
    let seen = server.only();
    assert_eq!(seen.method, "GET");
    assert!(
        seen.target.starts_with(
            "/api/v1/rest.php?api_username=user%40example.com&api_password=s3cret+pass&method=getIP"
        ),
        "{}",
        seen.target
    );
    assert!(seen.body.is_empty());

    let media = "QUJD".repeat(2_100);
    let e = client
        .call_raw(
            "sendMMS",
            [
                ("did", "5551234567"),
                ("dst", "5557654321"),
                ("message", "hi"),
                ("media1", &media),
            ],
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::RequestTooLong { bytes, .. } if bytes > MAX_REQUEST_LINE),
        "{e}"
    );
    assert!(e.to_string().contains("nothing was sent"), "{e}");
    assert_eq!(server.count(), 1, "the long call was not sent");
}

/// rest.php's answers when it did not read the form: a SOAP fault (what a form-urlencoded POST
/// gets, voip-ms crate 0.13.0 CHANGELOG) or `missing_method` (voipms-sms-client issues
/// 262/264). Each is its own error naming the cause, never retried, the password masked.
#[tokio::test]
async fn an_unread_request_is_diagnosed() {
    let fault = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
        xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body>\
        <SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>Bad Request \
        s3cret</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>";
    let server = Server::always(Reply::Raw {
        status: 500,
        content_type: "text/xml; charset=utf-8",
        body: fault.as_bytes().to_vec(),
    });
    let client = server
        .client("s3cret")
        .retry(voipms_api::RetryPolicy::new(3).base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let e = client.get_ip(GetIp::new()).await.unwrap_err();
    let Error::Unread {
        status,
        answer,
        transport,
        ..
    } = &e
    else {
        panic!("{e:?}");
    };
    assert_eq!((*status, *transport), (500, Transport::Rest));
    assert_eq!(
        answer,
        "a SOAP fault (SOAP-ENV:Client: Bad Request <redacted>)"
    );
    let text = e.to_string();
    assert!(
        text.contains("multipart/form-data") && text.contains("form-urlencoded"),
        "{text}"
    );
    assert!(!text.contains("s3cret"), "{text}");
    assert!(!e.is_retryable());
    assert_eq!(server.count(), 1, "not retried");

    let server = Server::always(Reply::status("missing_method"));
    let client = server.client("pw").build().unwrap();
    let e = client.get_ip(GetIp::new()).await.unwrap_err();
    assert!(
        matches!(&e, Error::Unread { answer, status: 200, .. } if answer == "missing_method"),
        "{e:?}"
    );
    // An HTML page is another failure (a firewall's, a proxy's).
    let server = Server::always(Reply::html(200, "<!DOCTYPE html><html>blocked</html>"));
    let client = server.client("pw").build().unwrap();
    let e = client.get_ip(GetIp::new()).await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
}

#[test]
fn https_is_required_unless_plain_http_is_allowed() {
    let plain = Client::builder("u", "p")
        .base_url("http://voip.ms/api/v1/rest.php")
        .build()
        .unwrap_err();
    assert!(plain.to_string().contains("allow_plain_http"), "{plain}");
    let other = Client::builder("u", "p")
        .base_url("ftp://voip.ms/")
        .build()
        .unwrap_err();
    assert!(other.to_string().contains("https"), "{other}");
    assert!(
        Client::builder("u", "p")
            .base_url("not a url")
            .build()
            .is_err()
    );
    let with_creds = Client::builder("u", "p")
        .base_url("https://u:p@voip.ms/api/v1/rest.php")
        .build()
        .unwrap_err();
    assert!(
        with_creds.to_string().contains("credentials"),
        "{with_creds}"
    );
    assert!(
        Client::builder("u", "p")
            .base_url("http://127.0.0.1:1/")
            .allow_plain_http(true)
            .build()
            .is_ok()
    );
    assert!(DEFAULT_BASE_URL.starts_with("https://"));
    assert!(Client::new("u", "p").is_ok());
}

#[tokio::test]
async fn a_custom_user_agent_and_a_caller_supplied_http_client() {
    let server = Server::always(Reply::success(""));
    let http = reqwest::Client::builder().build().unwrap();
    let client = server
        .client("pw")
        .http_client(http)
        .user_agent("acme-billing/2.1")
        .build()
        .unwrap();
    client.get_balance(GetBalance::new()).await.unwrap();
    let seen = server.only();
    assert_eq!(seen.header("user-agent"), Some("acme-billing/2.1"));
    assert_eq!(seen.method, "POST");
    // With a caller's client the default User-Agent is still sent.
    let server = Server::always(Reply::success(""));
    let client = server
        .client("pw")
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    client.get_balance(GetBalance::new()).await.unwrap();
    assert_eq!(server.only().header("user-agent"), Some(DEFAULT_USER_AGENT));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = Server::always(Reply::Raw {
        status: 301,
        content_type: "text/html",
        body: b"<a href=\"https://elsewhere.example/\">Moved</a>".to_vec(),
    });
    let client = server.client("pw").build().unwrap();
    let err = client.get_ip(GetIp::new()).await.unwrap_err();
    assert_eq!(err.http_status(), Some(301));
    assert!(err.to_string().contains("check the base URL"), "{err}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn the_timeout_is_enforced() {
    let server = Server::always(Reply::Delay(
        Duration::from_secs(3),
        Box::new(Reply::success("")),
    ));
    let client = server
        .client("pw")
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.get_ip(GetIp::new()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // The same per request with a caller-supplied client.
    let client = server
        .client("pw")
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client.get_ip(GetIp::new()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_calls_over_64_tasks_all_succeed() {
    let server = Arc::new(Server::start(|seen| {
        // Echo a per-request value so that answers cannot be mixed up unnoticed.
        let n = seen.param("advanced").unwrap_or_default();
        Reply::success(&format!(r#""balance":{{"time_total":"{n}"}}"#))
    }));
    let client = server.client("pw").build().unwrap();
    let mut tasks = Vec::new();
    for task in 0..64 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok = 0;
            for i in 0..1000 {
                if i % 64 != task {
                    continue;
                }
                let advanced = i % 2 == 0;
                let out = client
                    .get_balance(GetBalance::new().advanced(advanced))
                    .await
                    .unwrap();
                let echoed = out.balance.unwrap().time_total.unwrap();
                assert_eq!(echoed, if advanced { "true" } else { "false" });
                ok += 1;
            }
            ok
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    assert_eq!(total, 1000);
    assert_eq!(server.count(), 1000);
}

#[test]
fn the_client_is_send_sync_and_cheap_to_clone() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Client>();
    check::<voipms_api::ClientBuilder>();
    let _: fn(Error) -> Box<dyn std::error::Error + Send + Sync> = |e| Box::new(e);
}
