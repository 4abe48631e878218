//! The mock's SOAP endpoint (features `mock` and `soap`): reads the request envelope (the
//! WSDL's `params` struct or an Apache map), answers exactly what the REST endpoint would, in
//! the reconstructed SOAP response form ([`crate::soap`]).

use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};

use super::State;
use super::reply::{answer, plain, read_body};
use crate::{Transport, soap};

/// Answers one request at [`super::SOAP_PATH`].
pub(super) async fn handle(state: Arc<State>, req: Request<Incoming>) -> Response<Full<Bytes>> {
    if req.method() != Method::POST {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "POST a SOAP envelope\n".to_string(),
        );
    }
    let body = match read_body(req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (function, mut params) = match soap::read_request(&String::from_utf8_lossy(&body)) {
        Ok(request) => request,
        Err(e) => return fault("SOAP-ENV:Client", &format!("Bad Request: {e}")),
    };
    // PHP's SOAP server knows only the WSDL's operations.
    if crate::catalog::function(&function).is_some_and(|f| !f.in_wsdl) {
        return fault(
            "SOAP-ENV:Server",
            &format!("Procedure '{function}' not present"),
        );
    }
    params.push(("method".to_string(), function.clone()));
    answer(&state, Transport::Soap, false, params, |json| {
        match soap::response_from_json(&function, &json) {
            Ok(xml) => (StatusCode::OK, xml, soap::CONTENT_TYPE),
            // A canned body that is not JSON cannot be re-encoded.
            Err(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                soap::fault_envelope("SOAP-ENV:Server", "the configured answer is not JSON"),
                soap::CONTENT_TYPE,
            ),
        }
    })
    .await
}

/// A SOAP fault, with HTTP status 500 as PHP's SOAP server sends it.
fn fault(code: &str, message: &str) -> Response<Full<Bytes>> {
    let mut r = plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        soap::fault_envelope(code, message),
    );
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(soap::CONTENT_TYPE),
    );
    r
}
