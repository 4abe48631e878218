//! The one error type of the client.

use crate::ErrorCode;

/// Everything a call can fail with. Never contains the API password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// VoIP.ms answered with an error status.
    #[error("{function}: {code}: {}", code.description())]
    Api {
        /// The function called.
        function: &'static str,
        /// The status code.
        code: ErrorCode,
    },
    /// The HTTP status was not 2xx.
    #[error("{function}: HTTP status {status}; body starts with {excerpt:?}")]
    Http {
        /// The function called.
        function: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The first bytes of the body.
        excerpt: String,
    },
    /// The request did not complete (connection, TLS, timeout).
    #[error("{function}: {message}")]
    Transport {
        /// The function called.
        function: &'static str,
        /// What went wrong.
        message: String,
        /// Whether it was a timeout.
        timeout: bool,
    },
    /// The body was not the expected JSON.
    #[error("{function}: unexpected response ({message}); body starts with {excerpt:?}")]
    Decode {
        /// The function called.
        function: &'static str,
        /// What did not match.
        message: String,
        /// The first bytes of the body.
        excerpt: String,
    },
    /// A parameter broke a documented rule; nothing was sent.
    #[error(transparent)]
    Validation(#[from] crate::validate::ValidationError),
}

/// The first characters of a body, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == ' ')
        .collect();
    if body.len() > MAX {
        s.push('…');
    }
    s
}
