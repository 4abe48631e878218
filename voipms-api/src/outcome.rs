//! How a call ended, as recorded in its `voipms.call` tracing span (`outcome` field) and its
//! closing debug event.

use crate::Error;

/// How one call ended: a success of some kind, or the kind of its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// `status` was `success` (or a change answered an empty body).
    Success,
    /// A read answered a "nothing to list" status: an empty list.
    EmptyList,
    /// [`Error::Api`].
    ApiError,
    /// [`Error::Http`].
    HttpError,
    /// [`Error::Transport`] that timed out.
    Timeout,
    /// Any other [`Error::Transport`].
    TransportError,
    /// [`Error::Decode`].
    DecodeError,
    /// [`Error::NotOffered`].
    NotOffered,
    /// [`Error::Unread`].
    Unread,
    /// [`Error::RequestTooLong`].
    RequestTooLong,
    /// [`Error::Validation`].
    ValidationError,
    /// [`Error::Update`].
    UpdateError,
}

impl Outcome {
    /// The name recorded in logs (`success`, `empty_list`, `timeout`, `api_error`, ...).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::EmptyList => "empty_list",
            Outcome::ApiError => "api_error",
            Outcome::HttpError => "http_error",
            Outcome::Timeout => "timeout",
            Outcome::TransportError => "transport_error",
            Outcome::DecodeError => "decode_error",
            Outcome::NotOffered => "not_offered",
            Outcome::Unread => "unread",
            Outcome::RequestTooLong => "request_too_long",
            Outcome::ValidationError => "validation_error",
            Outcome::UpdateError => "update_error",
        }
    }
}

impl From<&Error> for Outcome {
    fn from(e: &Error) -> Outcome {
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
mod tests {
    use super::*;

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
