//! What a callback handler answers: the reply VoIP.ms expects, or why the request is not a
//! well-formed callback.

/// A request that is not a well-formed callback: answer it with status 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// A required field is missing, empty or an unsubstituted placeholder.
    #[error("the callback lacks `{0}`")]
    MissingField(&'static str),
    /// A required field is present but not of its type.
    #[error("the callback's `{name}` is not {expected}")]
    InvalidField {
        /// The query parameter or JSON path.
        name: &'static str,
        /// What it should be.
        expected: &'static str,
    },
    /// The body is not a JSON object.
    #[error("the callback body is not a JSON object: {0}")]
    NotJson(String),
    /// VoIP.ms sends no callback with this method.
    #[error("no callback uses the HTTP method {0}")]
    UnexpectedMethod(String),
}

/// What to answer an inbound request: status 200 and the body VoIP.ms expects (`ok`), so it
/// does not send the same request again. Answer it even for messages you ignore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reply {
    body: &'static str,
}

impl Reply {
    /// The reply to a request whose expected body is `expected` (`ok` when none is documented:
    /// it is harmless where nothing is expected).
    pub fn new(expected: Option<&'static str>) -> Reply {
        Reply {
            body: expected.unwrap_or("ok"),
        }
    }

    /// The HTTP status: 200.
    pub fn status(&self) -> u16 {
        200
    }

    /// The response body (`ok`).
    pub fn body(&self) -> &'static str {
        self.body
    }

    /// The response's content type.
    pub fn content_type(&self) -> &'static str {
        "text/plain; charset=utf-8"
    }
}

impl Default for Reply {
    fn default() -> Self {
        Reply::new(None)
    }
}
