//! The HTTP side of the mock: hyper's HTTP/1 server, one task per connection.

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::{DELIVER_PATH, PATH, State, deliver, respond};
use crate::Transport;

/// The largest request body accepted (fax and recording uploads travel base64-encoded).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Accepts connections until the task is aborted; the connections live in a [`JoinSet`] owned
/// by this task, so aborting it closes them too.
pub(super) async fn serve(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: keep serving the open connections.
            Err(_) => {
                tokio::task::yield_now().await;
                continue;
            }
        };
        let state = Arc::clone(&state);
        connections.spawn(async move {
            let service = service_fn(move |req| handle(Arc::clone(&state), req));
            // A client that goes away mid-request is not the mock's problem.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if req.uri().path() == DELIVER_PATH && req.method() == Method::POST {
        let body = match read_body(req).await {
            Ok(b) => b,
            Err(r) => return Ok(r),
        };
        let params: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
        return Ok(match deliver::control(&state, &params).await {
            Ok(report) => {
                let mut r = Response::new(Full::new(Bytes::from(report)));
                r.headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                r
            }
            Err((status, why)) => plain(status, why),
        });
    }
    #[cfg(feature = "soap")]
    if req.uri().path() == super::SOAP_PATH {
        return Ok(super::soap::handle(state, req).await);
    }
    if req.uri().path() != PATH {
        return Ok(plain(
            StatusCode::NOT_FOUND,
            format!("no API here: the mock serves {PATH}\n"),
        ));
    }
    let mut params = Vec::new();
    if let Some(q) = req.uri().query() {
        params.extend(form_urlencoded::parse(q.as_bytes()).into_owned());
    }
    match *req.method() {
        Method::GET => {}
        Method::POST => {
            let urlencoded = req.headers().get(CONTENT_TYPE).is_none_or(|v| {
                v.to_str().is_ok_and(|v| {
                    v.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("application/x-www-form-urlencoded")
                })
            });
            if !urlencoded {
                return Ok(plain(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "the mock reads application/x-www-form-urlencoded bodies\n".to_string(),
                ));
            }
            let body = match read_body(req).await {
                Ok(b) => b,
                Err(r) => return Ok(r),
            };
            params.extend(form_urlencoded::parse(&body).into_owned());
        }
        _ => {
            let mut r = plain(
                StatusCode::METHOD_NOT_ALLOWED,
                "use GET or POST\n".to_string(),
            );
            r.headers_mut()
                .insert("allow", HeaderValue::from_static("GET, POST"));
            return Ok(r);
        }
    }
    Ok(answer(&state, Transport::Rest, params, |json| {
        (StatusCode::OK, json, "application/json")
    })
    .await)
}

/// Answers a call: the JSON answer of `params` (after the configured delay, unless a configured
/// HTTP status replaces it), in the transport's form made by `render` (status, body, content
/// type).
pub(super) async fn answer(
    state: &State,
    transport: Transport,
    params: Vec<(String, String)>,
    render: impl FnOnce(String) -> (StatusCode, String, &'static str),
) -> Response<Full<Bytes>> {
    let fault = params
        .iter()
        .rev()
        .find(|(k, _)| k == "method")
        .and_then(|(_, f)| state.faults.get(f))
        .cloned();
    let body = respond::respond(state, transport, params);
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

pub(super) fn plain(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(text)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
