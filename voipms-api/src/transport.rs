//! Which interface of the VoIP.ms API a client talks to (REST as a multipart POST or a GET, or
//! SOAP), named once for the client, its errors and its traces; what a call sends over each is
//! `client/payload.rs`.

/// Which interface of the VoIP.ms API a client talks to, and in which form requests travel.
///
/// VoIP.ms documents its API as "SOAP and REST/JSON": both carry the same functions,
/// parameters and answers.
///
/// - [`Transport::Rest`] (the default): a `multipart/form-data` POST to the base URL
///   (`https://voip.ms/api/v1/rest.php`), credentials as form fields, answered with JSON. This
///   is the form VoIP.ms is reported to answer for any size of request (voip-ms crate 0.13.0
///   CHANGELOG, confirmed live); a `application/x-www-form-urlencoded` POST is not answered
///   (it reaches a SOAP handler), which is why this client never sends one.
/// - [`Transport::RestGet`] (opt-in): a GET with every parameter in the query string, **the
///   password included**: it then appears in the URL, and so in proxy, server and HTTP-library
///   logs. VoIP.ms's front end refuses a request line over [`MAX_REQUEST_LINE`] bytes, so a
///   call whose request line would be longer is refused before sending
///   ([`Error::RequestTooLong`](crate::Error::RequestTooLong)): uploads (sendMMS, setRecording, sendFaxMessage, addLNPFile)
///   need [`Transport::Rest`].
/// - `Transport::Soap` (cargo feature `soap`): a SOAP 1.1 rpc/encoded POST to `server.php` in
///   the base URL's directory (`.../api/v1/rest.php` becomes `.../api/v1/server.php`; a base URL
///   that does not end in `rest.php` is used as it is), answered with a SOAP envelope that is
///   decoded into the same typed responses. Functions the WSDL lacks are refused before
///   anything is sent ([`Error::NotOffered`](crate::Error::NotOffered)). The shape of SOAP answers is reconstructed from
///   public clients, not documented: see the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Transport {
    /// REST/JSON: `multipart/form-data` POST bodies, JSON answers.
    #[default]
    Rest,
    /// REST/JSON as a GET query string (the password in the URL), JSON answers.
    RestGet,
    /// SOAP 1.1 rpc/encoded to `server.php` (cargo feature `soap`).
    #[cfg(feature = "soap")]
    Soap,
}

/// The longest request line (`GET /path?query HTTP/1.1`) VoIP.ms's front end accepts, in bytes
/// (voip-ms crate 0.13.0 CHANGELOG: "caps the request line at 8190 bytes"; Apache's default
/// `LimitRequestLine`). Longer requests are answered HTTP 414.
pub const MAX_REQUEST_LINE: usize = 8190;

impl Transport {
    /// `rest`, `rest-get` or `soap`, as recorded in the call's tracing span.
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Rest => "rest",
            Transport::RestGet => "rest-get",
            #[cfg(feature = "soap")]
            Transport::Soap => "soap",
        }
    }

    /// Whether answers come from rest.php (in either form).
    pub fn is_rest(self) -> bool {
        matches!(self, Transport::Rest | Transport::RestGet)
    }
}

impl std::fmt::Display for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::Rest => f.write_str("REST (multipart POST)"),
            Transport::RestGet => f.write_str("REST (GET)"),
            #[cfg(feature = "soap")]
            Transport::Soap => f.write_str("SOAP"),
        }
    }
}
