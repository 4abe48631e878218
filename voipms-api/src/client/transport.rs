//! The two interfaces of the API a client can talk to, and what differs between them: the
//! endpoint, the request headers and body, and the format of the answer. Everything else of a
//! call (validation, retries, rate limit, tracing, redaction, errors) is the same.

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};

use crate::error::Error;
use crate::meta::FunctionMeta;
use crate::wire::{Form, Format};

/// Which interface of the VoIP.ms API a client talks to.
///
/// VoIP.ms documents its API as "SOAP and REST/JSON": both carry the same functions,
/// parameters and answers.
///
/// - [`Transport::Rest`] (the default): a form POST to the base URL
///   (`https://voip.ms/api/v1/rest.php`), answered with JSON.
/// - `Transport::Soap` (cargo feature `soap`): a SOAP 1.1 rpc/encoded POST to `server.php` in
///   the base URL's directory (`.../api/v1/rest.php` becomes `.../api/v1/server.php`; a base URL
///   that does not end in `rest.php` is used as it is), answered with a SOAP envelope that is
///   decoded into the same typed responses. Functions the WSDL lacks are refused before
///   anything is sent ([`Error::NotOffered`]). The shape of SOAP answers is reconstructed from
///   public clients, not documented: see the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Transport {
    /// REST/JSON: form bodies, JSON answers.
    #[default]
    Rest,
    /// SOAP 1.1 rpc/encoded to `server.php` (cargo feature `soap`).
    #[cfg(feature = "soap")]
    Soap,
}

/// The documented REST endpoint's file name, which the SOAP endpoint replaces.
#[cfg(feature = "soap")]
const REST_FILE: &str = "rest.php";
/// The SOAP endpoint's file name (the WSDL's `soap:address`).
#[cfg(feature = "soap")]
const SOAP_FILE: &str = "server.php";

const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

impl Transport {
    /// `rest` or `soap`, as recorded in the call's tracing span.
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Rest => "rest",
            #[cfg(feature = "soap")]
            Transport::Soap => "soap",
        }
    }

    /// The URL requests go to, from the checked base URL.
    pub(crate) fn endpoint(self, base: &reqwest::Url) -> String {
        match self {
            Transport::Rest => base.as_str().trim().to_string(),
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

    /// The headers of every request.
    pub(crate) fn headers(self, user_agent: HeaderValue) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, user_agent);
        match self {
            Transport::Rest => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(FORM_CONTENT_TYPE));
            }
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
            Transport::Rest => {
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

    /// The request body: credentials first, then the function and its parameters.
    /// A name SOAP cannot carry as an element is refused ([`Error::Validation`]).
    pub(crate) fn body(
        self,
        function: &str,
        username: &str,
        password: &str,
        form: &Form,
    ) -> Result<String, Error> {
        match self {
            Transport::Rest => Ok(form.urlencoded(&[
                ("api_username", username),
                ("api_password", password),
                ("method", function),
            ])),
            #[cfg(feature = "soap")]
            Transport::Soap => Ok(crate::soap::request(function, username, password, form)?),
        }
    }

    /// The format of the answers.
    pub(crate) fn format(self) -> Format {
        match self {
            Transport::Rest => Format::Json,
            #[cfg(feature = "soap")]
            Transport::Soap => Format::Soap,
        }
    }
}

impl std::fmt::Display for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::Rest => f.write_str("REST"),
            #[cfg(feature = "soap")]
            Transport::Soap => f.write_str("SOAP"),
        }
    }
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
