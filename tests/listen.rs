//! `voipms listen` end to end: configured through `voipms call setSMS` with the url_callback it
//! prints, fed by `voipms mock deliver`, checked by raw requests for the 403 and 400 answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use voipms_api::mock::MockServer;

const USERNAME: &str = "listen-test@example.com";
const PASSWORD: &str = "Pw-listen-test";

/// Lines of a child's stream, read on a thread.
fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

fn next(rx: &Receiver<String>, what: &str) -> String {
    rx.recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|e| panic!("no {what}: {e}"))
}

/// Kills the receiver when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn voipms(mock_url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_voipms"));
    c.env("VOIPMS_BASE_URL", mock_url)
        .env("VOIPMS_API_USERNAME", USERNAME)
        .env("VOIPMS_API_PASSWORD", PASSWORD)
        .env_remove("VOIPMS_CALLBACK_SECRET")
        .stdin(Stdio::null());
    c
}

/// One raw HTTP request; the status code of the answer.
fn raw(addr: &str, request: &str) -> u16 {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(request.as_bytes()).expect("send");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn listen_receives_what_the_mock_delivers_and_refuses_the_rest() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mock = rt
        .block_on(
            MockServer::builder()
                .credentials(USERNAME, PASSWORD)
                .retry_interval(Duration::from_millis(20))
                .start(),
        )
        .expect("mock");

    let mut child = voipms(mock.url())
        .args([
            "listen",
            "--port",
            "0",
            "--secret",
            "k3y",
            "--did",
            "5551234567",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("voipms listen starts");
    let out = lines(child.stdout.take().expect("stdout"));
    let err = lines(child.stderr.take().expect("stderr"));
    let _guard = Guard(child);

    let listening = next(&err, "start line");
    let addr = listening
        .strip_prefix("listening on http://")
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("{listening}"))
        .to_string();
    let url = next(&err, "url_callback line");
    let url = url
        .strip_prefix("url_callback: ")
        .expect("url_callback")
        .to_string();
    assert!(
        url.contains("from={FROM}") && url.ends_with("secret=k3y"),
        "{url}"
    );
    let _ = next(&err, "configure line");
    let command = next(&err, "setSMS command");
    assert!(
        command.contains("voipms call setSMS did=5551234567"),
        "{command}"
    );
    assert!(next(&err, "webhook line").starts_with("webhooks are accepted"));

    // Configure the mock's DID with the command's parameters, through the CLI.
    let set = voipms(mock.url())
        .args([
            "call",
            "setSMS",
            "did=5551234567",
            "enable=1",
            "url_callback_enable=1",
            "url_callback_retry=1",
            &format!("url_callback={url}"),
        ])
        .output()
        .expect("voipms call");
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );

    let deliver = voipms(mock.url())
        .args([
            "mock",
            "deliver",
            "--mock",
            mock.url(),
            "--from",
            "5557654321",
        ])
        .args(["--to", "5551234567", "--message", "hello there 😀"])
        .output()
        .expect("voipms mock deliver");
    assert!(
        deliver.status.success(),
        "{}",
        String::from_utf8_lossy(&deliver.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&deliver.stdout).expect("a JSON report");
    assert_eq!(report["delivered"], true, "{report}");

    let line = next(&out, "an event line");
    let event: serde_json::Value = serde_json::from_str(&line).expect("one JSON object");
    assert_eq!(event["event"], "InboundSms");
    assert_eq!(event["from"], "5557654321");
    assert_eq!(event["to"], "5551234567");
    assert_eq!(event["message"], "hello there 😀");
    assert_eq!(event["id"], report["id"]);
    assert!(!line.contains("k3y"), "the secret is not printed: {line}");

    // Missing and wrong secrets: 403, a line on stderr, nothing on stdout.
    let get = |q: &str| format!("GET /?{q} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    assert_eq!(raw(&addr, &get("from=1&to=2")), 403);
    assert!(next(&err, "a 403 line").starts_with("403 GET"));
    assert_eq!(raw(&addr, &get("from=1&to=2&secret=nope")), 403);
    assert!(next(&err, "a 403 line").starts_with("403 GET"));
    // Malformed: 400, and the receiver goes on.
    assert_eq!(raw(&addr, &get("to=2&secret=k3y")), 400);
    assert!(next(&err, "a 400 line").starts_with("400 GET"));
    let post = "POST / HTTP/1.1\r\nhost: x\r\nauthorization: Bearer k3y\r\ncontent-type: application/json\r\ncontent-length: 5\r\nconnection: close\r\n\r\n{oops";
    assert_eq!(raw(&addr, post), 400);
    assert!(next(&err, "a 400 line").starts_with("400 POST"));
    assert!(
        out.try_recv().is_err(),
        "nothing on stdout for refused requests"
    );
    // A webhook with the bearer token is still received.
    let body = r#"{"data":{"payload":{"from":{"phone_number":"+15557654321"},"text":"hook"}}}"#;
    let post = format!(
        "POST / HTTP/1.1\r\nhost: x\r\nauthorization: Bearer k3y\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    assert_eq!(raw(&addr, &post), 200);
    let hook: serde_json::Value =
        serde_json::from_str(&next(&out, "a webhook line")).expect("JSON");
    assert_eq!(hook["event"], "SmsWebhook");
    assert_eq!(hook["text"], "hook");
}
