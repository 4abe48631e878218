//! What a call sends over each [`Transport`]: the HTTP method, the endpoint, the request
//! headers and body, and the format of the answer. Everything else of a call (validation,
//! retries, rate limit, tracing, redaction, errors) is the same.
//!
//! What rest.php accepts was learnt live by others, not from the documentation (which only
//! says "GET or POST"):
//! - a `multipart/form-data` POST is answered, with the credentials as form fields (voip-ms
//!   crate 0.13.0 CHANGELOG, confirmed against the live API);
//! - an `application/x-www-form-urlencoded` POST reaches a SOAP handler and is answered with an
//!   XML SOAP fault (same source), or with `missing_method` (voipms-sms-client issues 262/264,
//!   2024-01);
//! - a GET with the parameters in the query string is answered, but VoIP.ms's front end caps the
//!   request line at 8190 bytes (voip-ms 0.13.0 CHANGELOG), and the password is then part of
//!   the URL.

#[cfg(feature = "soap")]
use reqwest::header::CONTENT_TYPE;
use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};

use crate::body::Format;
use crate::error::Error;
use crate::meta::FunctionMeta;
use crate::transport::{MAX_REQUEST_LINE, Transport};
use crate::wire::Form;

/// The documented REST endpoint's file name, which the SOAP endpoint replaces.
#[cfg(feature = "soap")]
const REST_FILE: &str = "rest.php";
/// The SOAP endpoint's file name (the WSDL's `soap:address`).
#[cfg(feature = "soap")]
const SOAP_FILE: &str = "server.php";

/// What one attempt sends, built once per call (the same for every retry).
#[derive(Clone)]
pub(crate) enum Payload {
    /// `multipart/form-data` fields, credentials and method first.
    Multipart(Vec<(String, String)>),
    /// A GET to this URL (the endpoint and the query string, credentials included).
    Query(String),
    /// A POST of this text body (a SOAP envelope).
    #[cfg_attr(not(feature = "soap"), allow(dead_code))]
    Text(String),
}

/// A `reqwest` form of the fields, for the async or the blocking client.
macro_rules! multipart_form {
    ($form:ty, $fields:expr) => {{
        let mut form = <$form>::new();
        for (name, value) in $fields {
            form = form.text(name, value);
        }
        form
    }};
}
pub(crate) use multipart_form;

impl Transport {
    /// The URL requests go to, from the checked base URL.
    pub(crate) fn endpoint(self, base: &reqwest::Url) -> String {
        match self {
            Transport::Rest | Transport::RestGet => base.as_str().trim().to_string(),
            #[cfg(feature = "soap")]
            Transport::Soap => {
                let mut url = base.clone();
                if let Some(dir) = url.path().strip_suffix(REST_FILE) {
                    let path = format!("{dir}{SOAP_FILE}");
                    url.set_path(&path);
                }
                url.to_string()
            }
        }
    }

    /// The headers of every request. A multipart body's content type (with its boundary) is
    /// set by reqwest.
    pub(crate) fn headers(self, user_agent: HeaderValue) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, user_agent);
        match self {
            Transport::Rest | Transport::RestGet => {}
            #[cfg(feature = "soap")]
            Transport::Soap => {
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static(crate::soap::CONTENT_TYPE),
                );
                headers.insert("SOAPAction", HeaderValue::from_static(crate::soap::ACTION));
            }
        }
        headers
    }

    /// Refuses a function this transport does not offer, before anything is sent.
    pub(crate) fn check(self, function: &str, meta: Option<&FunctionMeta>) -> Result<(), Error> {
        match self {
            Transport::Rest | Transport::RestGet => {
                let _ = (function, meta);
                Ok(())
            }
            #[cfg(feature = "soap")]
            Transport::Soap => match meta {
                Some(m) if !m.in_wsdl => Err(Error::NotOffered {
                    function: function.to_string(),
                    transport: self,
                }),
                _ => Ok(()),
            },
        }
    }

    /// What each attempt sends: credentials first, then the function and its parameters.
    /// A name SOAP cannot carry as an element is refused ([`Error::Validation`]); a GET whose
    /// request line would pass [`MAX_REQUEST_LINE`] is refused ([`Error::RequestTooLong`]).
    pub(crate) fn payload(
        self,
        endpoint: &str,
        function: &str,
        username: &str,
        password: &str,
        form: &Form,
    ) -> Result<Payload, Error> {
        let leading = [
            ("api_username", username),
            ("api_password", password),
            ("method", function),
        ];
        match self {
            Transport::Rest => Ok(Payload::Multipart(
                leading
                    .iter()
                    .copied()
                    .chain(form.pairs())
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            )),
            Transport::RestGet => {
                let url = query_url(endpoint, &form.urlencoded(&leading));
                let bytes = request_line_len(&url);
                if bytes > MAX_REQUEST_LINE {
                    return Err(Error::RequestTooLong {
                        function: function.to_string(),
                        bytes,
                    });
                }
                Ok(Payload::Query(url))
            }
            #[cfg(feature = "soap")]
            Transport::Soap => Ok(Payload::Text(crate::soap::request(
                function, username, password, form,
            )?)),
        }
    }

    /// The format of the answers.
    pub(crate) fn format(self) -> Format {
        match self {
            Transport::Rest | Transport::RestGet => Format::Json,
            #[cfg(feature = "soap")]
            Transport::Soap => Format::Soap,
        }
    }
}

/// The endpoint with `query` appended (after `&` when the endpoint already has a query).
fn query_url(endpoint: &str, query: &str) -> String {
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{sep}{query}")
}

/// The length of `GET <path?query> HTTP/1.1`, the request line of a GET to `url`.
fn request_line_len(url: &str) -> usize {
    let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
    let target = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    "GET ".len() + target.len() + " HTTP/1.1".len()
}

/// The SOAP fault a body holds, as `SOAP fault <code>: <text>` (not yet masked).
pub(crate) fn fault(format: Format, body: &[u8]) -> Option<String> {
    match format {
        Format::Json => {
            let _ = body;
            None
        }
        #[cfg(feature = "soap")]
        Format::Soap => crate::soap::fault(body).map(|f| f.to_string()),
    }
}

/// What an XML answer from rest.php is, when it is one (not yet masked): `a SOAP fault
/// (<code>: <text>)` or `an XML document`. rest.php answers JSON; XML from it means the request
/// reached its SOAP handler (a form-urlencoded POST) or something else answered. Read without
/// an XML parser: the text is only shown to people, and the `soap` feature may be off.
pub(crate) fn xml_answer(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    // Only an XML document or a SOAP envelope: an HTML page (a firewall's, a proxy's) is
    // another failure, told by its own error.
    if !(text.starts_with("<?xml") || text.contains(":Envelope") || text.starts_with("<Envelope")) {
        return None;
    }
    let element = |name: &str| {
        let start = text.find(&format!("<{name}"))?;
        let open_end = start + text[start..].find('>')? + 1;
        let close = open_end + text[open_end..].find(&format!("</{name}"))?;
        Some(text[open_end..close].trim().to_string())
    };
    Some(match (element("faultcode"), element("faultstring")) {
        (Some(code), Some(string)) => format!("a SOAP fault ({code}: {string})"),
        (None, Some(string)) => format!("a SOAP fault ({string})"),
        _ if text.contains("Envelope") => "a SOAP envelope".to_string(),
        _ => "an XML document".to_string(),
    })
}

#[cfg(all(test, feature = "soap"))]
mod tests {
    use super::*;

    #[test]
    fn the_soap_endpoint_replaces_rest_php() {
        let soap = |base: &str| Transport::Soap.endpoint(&reqwest::Url::parse(base).unwrap());
        assert_eq!(
            soap("https://voip.ms/api/v1/rest.php"),
            "https://voip.ms/api/v1/server.php"
        );
        assert_eq!(
            soap("http://127.0.0.1:8080/api/v1/rest.php"),
            "http://127.0.0.1:8080/api/v1/server.php"
        );
        // Anything else is taken as the SOAP endpoint itself.
        assert_eq!(
            soap("https://proxy.example/voipms/soap"),
            "https://proxy.example/voipms/soap"
        );
        assert_eq!(
            Transport::Rest
                .endpoint(&reqwest::Url::parse("https://voip.ms/api/v1/rest.php").unwrap()),
            "https://voip.ms/api/v1/rest.php"
        );
    }
}
