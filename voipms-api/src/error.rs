//! The one error type of the client.
//!
//! Every variant names the function called and says what to do next. None of them can contain
//! the API password: it is never part of a URL, an error message or a log field, and response
//! excerpts have it masked in case a server echoes the request back.

use crate::ErrorCode;
use crate::redact::mask;

/// Everything a call can fail with. Never contains the API password.
///
/// The `Display` text is meant for people: it names the function, what went wrong and, where
/// there is one, the usual remedy. Programs can match on the variants or use
/// [`Error::api_code`], [`Error::http_status`], [`Error::is_timeout`] and
/// [`Error::is_retryable`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// VoIP.ms answered with an error status instead of `success`.
    #[error(
        "{function}: VoIP.ms answered `{code}`: {}{}{}",
        code.description(),
        server_says(message.as_deref()),
        api_hint(code)
    )]
    Api {
        /// The function called (wire name).
        function: String,
        /// The status code; [`ErrorCode::description`] is the documented meaning.
        code: ErrorCode,
        /// The server's own text (`message` in the body), the password masked: for a code the
        /// spec does not document it is the only explanation.
        message: Option<String>,
    },
    /// The HTTP status was not 2xx.
    #[error("{function}: HTTP status {status}{}; body starts with {excerpt:?}", http_hint(*status))]
    Http {
        /// The function called (wire name).
        function: String,
        /// The HTTP status code.
        status: u16,
        /// The first characters of the body (whitespace collapsed, the password masked).
        excerpt: String,
    },
    /// The request did not complete: DNS, connection, TLS or a timeout.
    #[error("{function}: {message}{}", transport_hint(*timeout, *connect))]
    Transport {
        /// The function called (wire name).
        function: String,
        /// What went wrong, with its causes.
        message: String,
        /// Whether the request timed out.
        timeout: bool,
        /// Whether no connection could be made.
        connect: bool,
    },
    /// The body was not the expected JSON or SOAP answer (an HTML page, truncated JSON or XML,
    /// no `status`, an unknown element, a value of the wrong type, a SOAP fault with HTTP
    /// status 200).
    #[error(
        "{function}: the response is not the expected answer ({message}){}{}",
        excerpt_part(excerpt),
        decode_hint(excerpt)
    )]
    Decode {
        /// The function called (wire name).
        function: String,
        /// What did not match, with line and column where known.
        message: String,
        /// The first characters of the body (whitespace collapsed, the password masked).
        excerpt: String,
    },
    /// The function is not offered over the client's transport (over SOAP: a function the WSDL
    /// lacks); nothing was sent.
    #[error(
        "{function} is not offered over {transport}: the WSDL has no operation for it (only the \
         documentation lists it); call it with Transport::Rest; nothing was sent"
    )]
    NotOffered {
        /// The function called (wire name).
        function: String,
        /// The client's transport.
        transport: crate::transport::Transport,
    },
    /// rest.php did not read the request: it answered XML (a SOAP fault, as it does to a
    /// form-urlencoded POST, which reaches its SOAP handler) or `missing_method` although the
    /// method was sent. Reported by the voip-ms crate (0.13.0 CHANGELOG, confirmed live) and by
    /// voipms-sms-client (issues 262/264, 2024-01). This client never sends such a form, so a
    /// proxy that rewrites requests or a base URL that is not rest.php is the usual cause.
    #[error("{function}: VoIP.ms did not read the request: it answered {answer} (HTTP {status}){}", unread_hint(*transport))]
    Unread {
        /// The function called (wire name).
        function: String,
        /// The transport the request went over ([`crate::Transport::Rest`] or
        /// [`crate::Transport::RestGet`]).
        transport: crate::transport::Transport,
        /// The HTTP status.
        status: u16,
        /// What came back: `a SOAP fault (<code>: <text>)`, `an XML document` or
        /// `missing_method`, the password masked.
        answer: String,
    },
    /// A GET request would be longer than VoIP.ms's front end accepts
    /// ([`crate::MAX_REQUEST_LINE`]); nothing was sent.
    #[error(
        "{function}: as a GET the request line would be {bytes} bytes, over the {} VoIP.ms \
         accepts (HTTP 414); send it with Transport::Rest (a multipart POST, the default); \
         nothing was sent",
        crate::transport::MAX_REQUEST_LINE
    )]
    RequestTooLong {
        /// The function called (wire name).
        function: String,
        /// The length the request line would have had.
        bytes: usize,
    },
    /// A parameter broke a documented rule; nothing was sent.
    #[error("{0}; nothing was sent")]
    Validation(#[from] crate::validate::ValidationError),
    /// An update could not build its request from the current record; the setter was not sent.
    #[error(transparent)]
    Update(#[from] crate::update::UpdateError),
}

impl Error {
    /// The wire name of the function the call was for.
    pub fn function(&self) -> &str {
        match self {
            Error::Api { function, .. }
            | Error::Http { function, .. }
            | Error::Transport { function, .. }
            | Error::Decode { function, .. }
            | Error::NotOffered { function, .. }
            | Error::Unread { function, .. }
            | Error::RequestTooLong { function, .. } => function,
            Error::Validation(v) => &v.function,
            Error::Update(u) => u.setter(),
        }
    }

    /// The API's status code, for [`Error::Api`].
    pub fn api_code(&self) -> Option<&ErrorCode> {
        match self {
            Error::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The HTTP status, for [`Error::Http`].
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { timeout: true, .. })
    }

    /// Whether the same call may succeed later: transport errors, HTTP 5xx and the status codes
    /// [`ErrorCode::is_retryable`] marks. Only read-only functions are ever retried
    /// automatically, whatever this says (see [`crate::RetryPolicy`]).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } => true,
            Error::Http { status, .. } => (500..600).contains(status),
            Error::Api { code, .. } => code.is_retryable(),
            Error::Decode { .. }
            | Error::NotOffered { .. }
            | Error::Unread { .. }
            | Error::RequestTooLong { .. }
            | Error::Validation(_)
            | Error::Update(_) => false,
        }
    }

    /// A short name of the kind of failure, as recorded in the call's tracing span.
    pub fn kind_name(&self) -> &'static str {
        crate::outcome::Outcome::from(self).as_str()
    }
}

fn server_says(message: Option<&str>) -> String {
    message.map_or_else(String::new, |m| format!(" (VoIP.ms says: {m})"))
}

fn api_hint(code: &ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidCredentials | ErrorCode::MissingCredentials => {
            " (use the account's e-mail as user name and the API password set on the VoIP.ms \
             portal's API page, which is not the portal login password)"
        }
        ErrorCode::IpNotEnabled => {
            " (add this machine's public IP address to the allowed addresses on the VoIP.ms \
             portal's API page)"
        }
        ErrorCode::ApiNotEnabled => " (enable the API on the VoIP.ms portal's API page)",
        ErrorCode::ApiLimitExceeded => {
            " (slow down: set ClientBuilder::rate_limit, and ClientBuilder::retry to retry \
             read-only calls after a pause)"
        }
        ErrorCode::InvalidDaterange => {
            " (split the range: Client::records does it for the range-limited list functions)"
        }
        ErrorCode::Unknown(_) => {
            " (a code the spec does not document: check the VoIP.ms documentation, and report it \
             so the spec can list it)"
        }
        _ => "",
    }
}

fn unread_hint(transport: crate::transport::Transport) -> &'static str {
    if transport == crate::transport::Transport::RestGet {
        " (rest.php answers GET query strings and multipart/form-data POSTs; the query string did \
         not arrive: check the base URL and any proxy in between, or try Transport::Rest, the \
         multipart POST)"
    } else {
        " (rest.php answers GET query strings and multipart/form-data POSTs, and hands a \
         form-urlencoded POST to its SOAP handler: check that the base URL is rest.php and that \
         no proxy in between rewrites the body, or try Transport::RestGet to compare)"
    }
}

fn http_hint(status: u16) -> &'static str {
    match status {
        300..=399 => " (a redirect, which is never followed with credentials: check the base URL)",
        401 | 403 => {
            " (refused before reaching the API: a firewall rejects some user agents and \
             addresses; check the User-Agent and that this IP address is allowed)"
        }
        404 => " (no API at this URL: check the base URL)",
        429 => " (too many requests: set ClientBuilder::rate_limit)",
        500..=599 => {
            " (a server-side failure: try again later; read-only calls can be retried \
             automatically with ClientBuilder::retry)"
        }
        _ => "",
    }
}

fn transport_hint(timeout: bool, connect: bool) -> &'static str {
    if timeout {
        " (timed out: raise ClientBuilder::timeout for slow calls such as long CDR ranges, or \
         try again later)"
    } else if connect {
        " (could not connect: check the network, proxy settings and the base URL)"
    } else {
        " (the connection failed: try again; read-only calls can be retried automatically with \
         ClientBuilder::retry)"
    }
}

/// `; body starts with "..."`, or nothing when there is no excerpt (strict decoding names a
/// field path instead of showing values).
fn excerpt_part(excerpt: &str) -> String {
    if excerpt.is_empty() {
        String::new()
    } else {
        format!("; body starts with {excerpt:?}")
    }
}

fn decode_hint(excerpt: &str) -> &'static str {
    let head = excerpt.trim_start().as_bytes();
    // XML that is not HTML (a SOAP answer) starts with `<?xml` or an envelope.
    let html = head.first() == Some(&b'<')
        && !head.starts_with(b"<?xml")
        && !head.windows(9).take(40).any(|w| w == b"Envelope ");
    if html {
        " (an HTML page, not the API: check the base URL, or a proxy or firewall answered \
         instead of VoIP.ms)"
    } else {
        ""
    }
}

/// The first characters of a body for error messages: `secret` masked, whitespace runs
/// collapsed to one space, control characters dropped, at most [`EXCERPT_CHARS`] characters.
pub(crate) fn excerpt(body: &[u8], secret: &str) -> String {
    // Long enough that a secret starting inside the kept part is masked whole.
    let keep = EXCERPT_CHARS * 4 + secret.len() * 6;
    let head = &body[..body.len().min(keep)];
    let text = mask(String::from_utf8_lossy(head).into_owned(), secret);
    let mut out = String::with_capacity(EXCERPT_CHARS + 4);
    let mut n = 0;
    let mut space = false;
    let mut cut = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() {
            continue;
        }
        if n >= EXCERPT_CHARS {
            cut = true;
            break;
        }
        if space {
            out.push(' ');
            n += 1;
            space = false;
        }
        out.push(c);
        n += 1;
    }
    if cut || head.len() < body.len() {
        out.push('…');
    }
    out
}

/// The longest excerpt of a body kept in an error, in characters.
pub(crate) const EXCERPT_CHARS: usize = 160;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_flat() {
        let html =
            b"<!DOCTYPE html>\n<html>\n  <head><title>502 Bad Gateway</title></head>\r\n</html>";
        assert_eq!(
            excerpt(html, ""),
            "<!DOCTYPE html> <html> <head><title>502 Bad Gateway</title></head> </html>"
        );
        let long = vec![b'x'; 10_000];
        let e = excerpt(&long, "");
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt(b"", ""), "");
        let echo = b"<pre>api_username=me&api_password=p%C3%A4ss+w%26rd&method=getIP</pre>";
        let e = excerpt(echo, "p\u{e4}ss w&rd");
        assert_eq!(
            e,
            "<pre>api_username=me&api_password=<redacted>&method=getIP</pre>"
        );
    }

    #[test]
    fn messages_say_what_to_do() {
        let e = Error::Api {
            function: "getCDR".into(),
            code: ErrorCode::InvalidDaterange,
            message: None,
        };
        let s = e.to_string();
        assert!(
            s.starts_with("getCDR: VoIP.ms answered `invalid_daterange`: "),
            "{s}"
        );
        assert!(s.contains("Client::records"), "{s}");
        let e = Error::Api {
            function: "sendSMS".into(),
            code: ErrorCode::from_code("sms_failed_carrier"),
            message: Some("Carrier rejected the message".into()),
        };
        let s = e.to_string();
        assert!(
            s.contains("(VoIP.ms says: Carrier rejected the message)"),
            "{s}"
        );
        let e = Error::Decode {
            function: "getBalance".into(),
            message: "expected value at line 1 column 1".into(),
            excerpt: "<html><body>Access denied</body></html>".into(),
        };
        assert!(e.to_string().contains("HTML page"), "{e}");
        assert!(!e.is_retryable());
    }
}

impl From<&Error> for crate::outcome::Outcome {
    fn from(e: &Error) -> crate::outcome::Outcome {
        use crate::outcome::Outcome;
        match e {
            Error::Api { .. } => Outcome::ApiError,
            Error::Http { .. } => Outcome::HttpError,
            Error::Transport { timeout: true, .. } => Outcome::Timeout,
            Error::Transport { .. } => Outcome::TransportError,
            Error::Decode { .. } => Outcome::DecodeError,
            Error::NotOffered { .. } => Outcome::NotOffered,
            Error::Unread { .. } => Outcome::Unread,
            Error::RequestTooLong { .. } => Outcome::RequestTooLong,
            Error::Validation(_) => Outcome::ValidationError,
            Error::Update(_) => Outcome::UpdateError,
        }
    }
}

#[cfg(test)]
mod outcome_tests {
    use super::*;
    use crate::outcome::Outcome;

    #[test]
    fn errors_name_their_kind() {
        let e = Error::Http {
            function: "getIP".into(),
            status: 503,
            excerpt: String::new(),
        };
        assert_eq!(Outcome::from(&e), Outcome::HttpError);
        assert_eq!(e.kind_name(), "http_error");
        assert_eq!(Outcome::EmptyList.as_str(), "empty_list");
    }
}
