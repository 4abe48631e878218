//! The HTTP answers the mock writes over either interface (REST in `http.rs`, SOAP in
//! `soap.rs`): a call's answer with its configured fault applied, a plain-text answer, and a
//! request body read within its size limit.

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};

use super::{State, respond};
use crate::Transport;

/// The largest request body accepted (fax and recording uploads travel base64-encoded).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Answers a call: the JSON answer of `params` (after the configured delay, unless a configured
/// HTTP status replaces it), in the transport's form made by `render` (status, body, content
/// type).
pub(super) async fn answer(
    state: &State,
    transport: Transport,
    credentials_in_url: bool,
    params: Vec<(String, String)>,
    render: impl FnOnce(String) -> (StatusCode, String, &'static str),
) -> Response<Full<Bytes>> {
    let fault = params
        .iter()
        .rev()
        .find(|(k, _)| k == "method")
        .and_then(|(_, f)| state.faults.get(f))
        .cloned();
    let body = respond::respond(state, transport, credentials_in_url, params);
    if let Some(fault) = fault {
        if let Some(d) = fault.delay {
            tokio::time::sleep(d).await;
        }
        if let Some(status) = fault.http_status.and_then(|s| StatusCode::from_u16(s).ok()) {
            return plain(status, format!("mock: configured HTTP status {status}\n"));
        }
    }
    let (status, body, content_type) = render(body);
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// The whole body, or the 413 answer when it cannot be read or is too large.
pub(super) async fn read_body(req: Request<Incoming>) -> Result<Bytes, Response<Full<Bytes>>> {
    match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => Ok(b.to_bytes()),
        Err(_) => Err(plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body could not be read or is too large\n".to_string(),
        )),
    }
}

/// A plain-text answer with `status`.
pub(super) fn plain(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(text)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
