//! A tiny local HTTP/1.1 server for the runtime tests: it records every request and answers
//! with whatever the test's handler says (JSON, HTML, a status, a delay, a dropped
//! connection). Threads and std only, so it serves async and blocking clients alike.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    /// A header's value (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The parameters sent, decoded: the fields of a `multipart/form-data` body, or the query
    /// string of a GET, or a form-urlencoded body.
    pub fn form(&self) -> Vec<(String, String)> {
        if let Some(boundary) = self
            .header("content-type")
            .and_then(|t| t.strip_prefix("multipart/form-data; boundary="))
        {
            return multipart(&self.body, boundary);
        }
        let text = match self.target.split_once('?') {
            Some((_, query)) if self.method == "GET" => query,
            _ => self.body.as_str(),
        };
        text.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    /// The parameters sent (whatever the form: see [`Seen::form`]) written as one
    /// `application/x-www-form-urlencoded` text, the way a browser encodes a form: a compact,
    /// comparable picture of exactly what was sent.
    pub fn form_text(&self) -> String {
        self.form()
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The first value of a form parameter.
    pub fn param(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// The `method` parameter.
    pub fn function(&self) -> String {
        self.param("method").unwrap_or_default()
    }
}

/// The text fields of a `multipart/form-data` body (RFC 7578), in order; panics on anything
/// else, so a malformed body fails the test.
pub fn multipart(body: &str, boundary: &str) -> Vec<(String, String)> {
    let delimiter = format!("--{boundary}");
    let mut parts = body.split(delimiter.as_str());
    assert_eq!(parts.next(), Some(""), "the body starts with the boundary");
    let mut fields = Vec::new();
    for part in parts {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").expect("CRLF after the boundary");
        let (headers, value) = part
            .split_once("\r\n\r\n")
            .expect("headers, then the value");
        let name = headers
            .split("name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a field name");
        let value = value
            .strip_suffix("\r\n")
            .expect("CRLF before the next boundary");
        fields.push((name.to_string(), value.to_string()));
    }
    fields
}

/// Encodes one `application/x-www-form-urlencoded` component (space as `+`).
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes one `application/x-www-form-urlencoded` component.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// What the server answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// `200` with this JSON text.
    Json(String),
    /// Any status, content type and body.
    Raw {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// The reply after a pause.
    Delay(Duration, Box<Reply>),
    /// Reads the request, then closes the connection without answering.
    Drop,
    /// `200` announcing twice the body's length, then the body, then the connection closes.
    Cut(Vec<u8>),
}

impl Reply {
    /// `200` with a JSON body.
    pub fn json(text: impl Into<String>) -> Reply {
        Reply::Json(text.into())
    }

    /// `{"status":"success", ...fields}`.
    pub fn success(fields: &str) -> Reply {
        if fields.is_empty() {
            Reply::json(r#"{"status":"success"}"#)
        } else {
            Reply::json(format!(r#"{{"status":"success",{fields}}}"#))
        }
    }

    /// `{"status":"<code>"}`.
    pub fn status(code: &str) -> Reply {
        Reply::json(format!(r#"{{"status":"{code}"}}"#))
    }

    /// An HTTP status with an HTML body.
    pub fn html(status: u16, body: &str) -> Reply {
        Reply::Raw {
            status,
            content_type: "text/html",
            body: body.as_bytes().to_vec(),
        }
    }

    /// A status and a text body.
    pub fn http(status: u16, body: &str) -> Reply {
        Reply::Raw {
            status,
            content_type: "text/plain",
            body: body.as_bytes().to_vec(),
        }
    }
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

/// A running server; it stops with the test process.
pub struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    count: Arc<AtomicUsize>,
}

impl Server {
    /// Serves `handler` on 127.0.0.1 on a free port.
    pub fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let (s, c) = (seen.clone(), count.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (h, s, c) = (handler.clone(), s.clone(), c.clone());
                thread::spawn(move || serve(stream, &*h, &s, &c));
            }
        });
        Server { port, seen, count }
    }

    /// A server answering every request with the same reply.
    pub fn always(reply: Reply) -> Server {
        Server::start(move |_| reply.clone())
    }

    /// The endpoint URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/api/v1/rest.php", self.port)
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests arrived.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// The only request; panics unless exactly one arrived.
    pub fn only(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "expected exactly one request: {seen:#?}");
        seen.into_iter().next().unwrap()
    }

    /// An async client for this server, decoding strictly (the tests' bodies follow the spec
    /// unless a test says otherwise).
    pub fn client(&self, password: &str) -> voipms_api::ClientBuilder {
        voipms_api::Client::builder("user@example.com", password)
            .base_url(self.url())
            .allow_plain_http(true)
            .strict_decoding(true)
    }

    /// A blocking client for this server.
    #[cfg(feature = "blocking")]
    pub fn blocking(&self, password: &str) -> voipms_api::blocking::ClientBuilder {
        voipms_api::blocking::Client::builder("user@example.com", password)
            .base_url(self.url())
            .allow_plain_http(true)
            .strict_decoding(true)
    }
}

fn serve(stream: TcpStream, handler: &Handler, seen: &Mutex<Vec<Seen>>, count: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let target = parts.next().unwrap_or_default().to_string();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Seen {
            method,
            target,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        seen.lock().unwrap().push(request.clone());
        count.fetch_add(1, Ordering::SeqCst);
        let mut reply = handler(&request);
        while let Reply::Delay(d, inner) = reply {
            thread::sleep(d);
            reply = *inner;
        }
        let (status, content_type, body) = match reply {
            Reply::Json(text) => (200, "application/json", text.into_bytes()),
            Reply::Raw {
                status,
                content_type,
                body,
            } => (status, content_type, body),
            Reply::Cut(body) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len() * 2
                );
                let _ = out.write_all(head.as_bytes());
                let _ = out.write_all(&body);
                let _ = out.flush();
                let _ = out.shutdown(Shutdown::Both);
                return;
            }
            Reply::Drop | Reply::Delay(..) => {
                let _ = out.shutdown(Shutdown::Both);
                return;
            }
        };
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            reason(status),
            body.len()
        );
        if out.write_all(head.as_bytes()).is_err() || out.write_all(&body).is_err() {
            return;
        }
        let _ = out.flush();
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A port nothing listens on.
pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/api/v1/rest.php")
}
