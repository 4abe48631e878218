//! A canary password must not appear in any error's `Display` or `Debug`, in the client's
//! `Debug`, or in anything logged (tracing spans and events, `log` records) while calls
//! succeed, fail in every way, and are retried, including when a server echoes the request
//! body back in an error page.

// Uses requests of several categories.
#![cfg(feature = "all-categories")]

mod common;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use common::{Reply, Seen, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use voipms_api::general::{GetBalance, GetIp};
use voipms_api::{Client, Error, RetryPolicy};

const CANARY: &str = "canary-PW-7f3a9 &=+%";
const CANARY_ENCODED: &str = "canary-PW-7f3a9+%26%3D%2B%25";

/// Everything logged by anyone in this process.
fn captured() -> &'static Mutex<String> {
    static LOG: OnceLock<Mutex<String>> = OnceLock::new();
    LOG.get_or_init(|| Mutex::new(String::new()))
}

struct Capture {
    next: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut log = captured().lock().unwrap();
        let _ = write!(
            log,
            "\nspan {} {}:",
            span.metadata().target(),
            span.metadata().name()
        );
        span.record(&mut Fields(&mut log));
        Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut log = captured().lock().unwrap();
        log.push_str("\nrecord:");
        values.record(&mut Fields(&mut log));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut log = captured().lock().unwrap();
        let _ = write!(
            log,
            "\nevent {} {}:",
            event.metadata().level(),
            event.metadata().target()
        );
        event.record(&mut Fields(&mut log));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

struct LogCapture;

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let _ = write!(
            captured().lock().unwrap(),
            "\nlog {} {}: {}",
            record.level(),
            record.target(),
            record.args()
        );
    }
    fn flush(&self) {}
}

fn capture_everything() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        tracing::subscriber::set_global_default(Capture {
            next: AtomicU64::new(0),
        })
        .unwrap();
        log::set_boxed_logger(Box::new(LogCapture)).unwrap();
        log::set_max_level(log::LevelFilter::Trace);
    });
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(CANARY), "{what} leaks the password: {text}");
    assert!(
        !text.contains(CANARY_ENCODED),
        "{what} leaks the encoded password: {text}"
    );
    assert!(
        !text.contains("canary-PW"),
        "{what} leaks part of the password: {text}"
    );
}

fn assert_error_clean(err: &Error) {
    assert_clean("Display", &err.to_string());
    assert_clean("Debug", &format!("{err:?}"));
    assert_clean("Debug (pretty)", &format!("{err:#?}"));
}

/// An error page that shows the request it got, body included.
fn echo(status: u16) -> impl Fn(&Seen) -> Reply + Send + Sync + 'static {
    move |seen: &Seen| {
        Reply::html(
            status,
            &format!(
                "<html><body><pre>Bad request: {}</pre></body></html>",
                seen.body
            ),
        )
    }
}

fn client(server: &Server) -> Client {
    server
        .client(CANARY)
        .retry(RetryPolicy::new(2).base_delay(Duration::from_millis(1)))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_never_appears_anywhere() {
    capture_everything();
    let builder = Client::builder("me@example.com", CANARY);
    assert_clean("ClientBuilder Debug", &format!("{builder:?}"));
    let c = builder.build().unwrap();
    assert_clean("Client Debug", &format!("{c:?} {c:#?}"));
    assert!(format!("{c:?}").contains("<redacted>"));

    let mut errors = Vec::new();
    // Success, so that successful calls are logged too.
    let server = Server::always(Reply::success(r#""ip":"10.0.0.1""#));
    client(&server).get_ip(GetIp::new()).await.unwrap();
    assert_eq!(
        server.only().param("api_password").as_deref(),
        Some(CANARY),
        "the password was sent"
    );
    // API error.
    let server = Server::always(Reply::status("invalid_credentials"));
    errors.push(client(&server).get_ip(GetIp::new()).await.unwrap_err());
    // HTTP errors whose page echoes the request body (retried once: 5xx on a read).
    for status in [400, 500] {
        let server = Server::start(echo(status));
        errors.push(client(&server).get_ip(GetIp::new()).await.unwrap_err());
    }
    // A 200 HTML page echoing the body: a decode error with an excerpt.
    let server = Server::start(echo(200));
    errors.push(client(&server).get_ip(GetIp::new()).await.unwrap_err());
    // JSON echoing the password into a field of the wrong type: serde's message quotes it.
    let server = Server::start(|seen: &Seen| {
        let pw = seen.param("api_password").unwrap();
        Reply::success(&format!(
            r#""balance":{{"current_balance":{}}}"#,
            serde_json::to_string(&pw).unwrap()
        ))
    });
    errors.push(
        client(&server)
            .get_balance(GetBalance::new())
            .await
            .unwrap_err(),
    );
    // An error status whose server message echoes the password.
    let server = Server::start(|seen: &Seen| {
        let pw = seen.param("api_password").unwrap();
        Reply::json(format!(
            r#"{{"status":"sms_failed","message":{}}}"#,
            serde_json::to_string(&format!("rejected for {pw}")).unwrap()
        ))
    });
    let err = client(&server).get_ip(GetIp::new()).await.unwrap_err();
    assert!(
        err.to_string().contains("VoIP.ms says: rejected for"),
        "{err}"
    );
    errors.push(err);
    // Drift carrying the password (echoed into a field the spec lacks), read tolerantly: the
    // value is kept for the program and the deviation logged by path, never by value.
    let server = Server::start(|seen: &Seen| {
        let pw = seen.param("api_password").unwrap();
        Reply::success(&format!(
            r#""ip":"10.0.0.1","echo":{}"#,
            serde_json::to_string(&pw).unwrap()
        ))
    });
    let tolerant = server
        .client(CANARY)
        .strict_decoding(false)
        .build()
        .unwrap();
    let ip = tolerant.get_ip(GetIp::new()).await.unwrap();
    assert_eq!(ip.drift().len(), 1);
    assert!(ip.extra().get("echo").is_some());
    // Timeout, dropped connection, refused connection.
    let server = Server::always(Reply::Delay(
        Duration::from_secs(2),
        Box::new(Reply::success("")),
    ));
    errors.push(client(&server).get_ip(GetIp::new()).await.unwrap_err());
    let server = Server::always(Reply::Drop);
    errors.push(client(&server).get_ip(GetIp::new()).await.unwrap_err());
    // The same over GET, whose URL carries the (percent-encoded) password: reqwest's errors
    // name the URL.
    for reply in [
        Reply::Delay(Duration::from_secs(2), Box::new(Reply::success(""))),
        Reply::Drop,
        Reply::html(500, "<html>down</html>"),
    ] {
        let server = Server::always(reply);
        let get = server
            .client(CANARY)
            .transport(voipms_api::Transport::RestGet)
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        errors.push(get.get_ip(GetIp::new()).await.unwrap_err());
    }
    let refused = Client::builder("me@example.com", CANARY)
        .base_url(common::closed_port_url())
        .allow_plain_http(true)
        .build()
        .unwrap();
    errors.push(refused.get_ip(GetIp::new()).await.unwrap_err());
    // Validation, also with the password passed as a parameter value by mistake.
    let server = Server::always(Reply::success(""));
    errors.push(
        client(&server)
            .call_raw("getBalance", [("advanced", CANARY)])
            .await
            .unwrap_err(),
    );
    assert_eq!(server.count(), 0);

    let kinds: std::collections::BTreeSet<&str> = errors.iter().map(Error::kind_name).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "api_error",
            "decode_error",
            "http_error",
            "timeout",
            "transport_error",
            "validation_error"
        ]
    );
    for e in &errors {
        assert_error_clean(e);
    }

    #[cfg(feature = "blocking")]
    {
        let errors = tokio::task::spawn_blocking(blocking_errors).await.unwrap();
        assert!(errors.len() >= 3);
        for e in &errors {
            assert_error_clean(e);
        }
    }

    let log = captured().lock().unwrap().clone();
    assert!(log.contains("voipms.call"), "spans were captured: {log}");
    assert!(
        log.contains("function=\"getIP\"") || log.contains("function=getIP"),
        "{log}"
    );
    assert!(log.contains("retrying"), "retries were logged: {log}");
    assert!(log.contains("voipms_api::drift"), "drift was logged: {log}");
    assert!(log.contains("outcome"), "{log}");
    assert_clean("the captured log", &log);
    if std::env::var_os("DUMP_LOG").is_some() {
        eprintln!("{log}");
    }
}

#[cfg(feature = "blocking")]
fn blocking_errors() -> Vec<Error> {
    let mut out = Vec::new();
    let server = Server::start(echo(502));
    let c = server.blocking(CANARY).build().unwrap();
    assert_clean("blocking Client Debug", &format!("{c:?}"));
    out.push(c.get_ip(GetIp::new()).unwrap_err());
    let server = Server::start(echo(200));
    out.push(
        server
            .blocking(CANARY)
            .build()
            .unwrap()
            .get_ip(GetIp::new())
            .unwrap_err(),
    );
    let server = Server::always(Reply::Delay(
        Duration::from_secs(2),
        Box::new(Reply::success("")),
    ));
    let c = server
        .blocking(CANARY)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    out.push(c.get_ip(GetIp::new()).unwrap_err());
    out
}
