//! The HTTP side of the mock: hyper's HTTP/1 server, one task per connection.

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::reply::{answer, plain, read_body};
use super::{DELIVER_PATH, PATH, State, deliver};
use crate::Transport;

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
    // VoIP.ms's front end refuses a longer request line (voip-ms crate 0.13.0 CHANGELOG).
    let line = request_line_len(&req);
    if line > crate::MAX_REQUEST_LINE {
        return Ok(plain(
            StatusCode::URI_TOO_LONG,
            format!(
                "request line of {line} bytes, over the {} accepted\n",
                crate::MAX_REQUEST_LINE
            ),
        ));
    }
    let mut params = Vec::new();
    let query = req.uri().query().unwrap_or("").to_string();
    params.extend(form_urlencoded::parse(query.as_bytes()).into_owned());
    let transport = match *req.method() {
        Method::GET => Transport::RestGet,
        Method::POST => {
            let content_type = req
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let Ok(boundary) = multer::parse_boundary(&content_type) else {
                // rest.php hands any other POST (form-urlencoded above all) to its SOAP
                // handler, which cannot read it (voip-ms crate 0.13.0 CHANGELOG).
                return Ok(unread_post());
            };
            let body = match read_body(req).await {
                Ok(b) => b,
                Err(r) => return Ok(r),
            };
            match multipart_fields(body, boundary).await {
                Ok(fields) => params.extend(fields),
                Err(why) => {
                    return Ok(plain(
                        StatusCode::BAD_REQUEST,
                        format!("the multipart body could not be read: {why}\n"),
                    ));
                }
            }
            Transport::Rest
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
    };
    let credentials_in_url = ["api_username", "api_password"]
        .iter()
        .any(|k| form_urlencoded::parse(query.as_bytes()).any(|(name, _)| name == *k));
    Ok(
        answer(&state, transport, credentials_in_url, params, |json| {
            (StatusCode::OK, json, "application/json")
        })
        .await,
    )
}

/// The length of the request line (`METHOD target HTTP/1.1`) as it came.
fn request_line_len<B>(req: &Request<B>) -> usize {
    let target = req
        .uri()
        .path_and_query()
        .map_or(req.uri().path().len(), |p| p.as_str().len());
    req.method().as_str().len() + 1 + target + " HTTP/1.1".len()
}

/// The fields of a `multipart/form-data` body, in order.
async fn multipart_fields(body: Bytes, boundary: String) -> Result<Vec<(String, String)>, String> {
    let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut fields = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or_default().to_string();
        let value = field.text().await.map_err(|e| e.to_string())?;
        fields.push((name, value));
    }
    Ok(fields)
}

/// What rest.php answers a POST that is not `multipart/form-data`: PHP's `SoapServer` fault for
/// a body that is not a SOAP request, with HTTP status 500 (voip-ms crate 0.13.0 CHANGELOG:
/// "reaches a SOAP handler on rest.php and comes back as an XML fault"; the fault's words are
/// those PHP's SoapServer uses for an unreadable request).
fn unread_post() -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(UNREAD_POST_FAULT.as_bytes())));
    *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    r
}

/// The SOAP fault of [`unread_post`].
pub(crate) const UNREAD_POST_FAULT: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
    <SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\
    <SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>\
    <faultstring>Bad Request</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body>\
    </SOAP-ENV:Envelope>\n";
