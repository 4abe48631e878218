//! `voipms listen`: a receiver for VoIP.ms's SMS/MMS callbacks and webhooks, printing one JSON
//! line per event on stdout.
//!
//! Every request goes through `voipms_api::callbacks::Receiver`: the right secret and a
//! well-formed callback get `ok` (so VoIP.ms does not resend) and a JSON line on stdout; a
//! missing or wrong secret gets 403 and a malformed request 400, each with one line on stderr
//! and nothing on stdout. Nothing stops the receiver but Ctrl-C. Start-up information goes to
//! stderr so stdout holds only events.

use std::collections::hash_map::RandomState;
use std::convert::Infallible;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use voipms_api::callbacks::{Outcome, Receiver, SECRET_PARAM, Secret, callback_url};

use crate::failure::Failure;

/// The largest body read (an SMS webhook is small; a fax callback body is kept whole).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// What `voipms listen` was asked for.
pub struct Listen {
    /// The address to bind.
    pub bind: IpAddr,
    /// The port (0: a free one).
    pub port: u16,
    /// The secret; `None`: a random one is made and printed.
    pub secret: Option<String>,
    /// The URL VoIP.ms reaches the receiver at (default: the bound address).
    pub public_url: Option<String>,
    /// The DID for the printed `setSMS` command.
    pub did: Option<String>,
}

/// A random secret: 128 bits from the standard library's per-process random hash keys.
fn random_secret() -> String {
    let a = RandomState::new().build_hasher().finish();
    let mut h = RandomState::new().build_hasher();
    h.write_u64(a);
    format!("{a:016x}{:016x}", h.finish())
}

/// Runs until Ctrl-C.
pub async fn run(opts: Listen) -> Result<(), Failure> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| Failure::Transport(format!("cannot listen on {addr}: {e}")))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::Transport(format!("cannot listen on {addr}: {e}")))?;
    let secret = opts.secret.unwrap_or_else(random_secret);
    if secret.is_empty() {
        return Err(Failure::Usage("the secret must not be empty".into()));
    }
    let base = opts
        .public_url
        .unwrap_or_else(|| format!("http://{local}/"));
    let url = callback_url(&base, &secret);
    let did = opts.did.unwrap_or_else(|| "DID".to_string());
    let quoted = url.replace('\'', "'\\''");
    eprint!(
        "listening on http://{local}/ (Ctrl-C stops)\n\
         url_callback: {url}\n\
         configure a DID (setSMS replaces every SMS setting not sent again):\n  \
         voipms call setSMS did={did} enable=1 url_callback_enable=1 url_callback_retry=1 \
         'url_callback={quoted}'\n\
         webhooks are accepted with ?{SECRET_PARAM}=<secret> in their URL or the secret as a bearer token\n"
    );
    let receiver = Arc::new(Receiver::new(Secret::new(secret)));
    let serve = async {
        loop {
            let Ok((stream, peer)) = listener.accept().await else {
                tokio::task::yield_now().await;
                continue;
            };
            let receiver = Arc::clone(&receiver);
            tokio::spawn(async move {
                let service = service_fn(move |req| handle(Arc::clone(&receiver), peer, req));
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    };
    tokio::select! {
        () = serve => Ok(()),
        r = tokio::signal::ctrl_c() => {
            r.map_err(|e| Failure::Transport(format!("waiting for Ctrl-C: {e}")))
        }
    }
}

async fn handle(
    receiver: Arc<Receiver>,
    peer: SocketAddr,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or_default().to_string();
    let auth = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body too large\n".into(),
            ));
        }
    };
    let handled = receiver.handle(&method, &query, auth.as_deref(), &body);
    match &handled.outcome {
        Outcome::Event(event) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", event.to_json());
            let _ = out.flush();
        }
        Outcome::Forbidden(check) => {
            eprintln!("403 {method} {path} from {peer}: secret {check:?}");
        }
        Outcome::Malformed(e) => {
            eprintln!("400 {method} {path} from {peer}: {e}");
        }
    }
    let status = StatusCode::from_u16(handled.status).unwrap_or(StatusCode::OK);
    Ok(reply(status, handled.body))
}

fn reply(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
