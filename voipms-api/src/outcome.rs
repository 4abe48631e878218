//! How a call ended, as recorded in its `voipms.call` tracing span (`outcome` field) and its
//! closing debug event.

/// How one call ended: a success of some kind, or the kind of its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// `status` was `success` (or a change answered an empty body).
    Success,
    /// A read answered a "nothing to list" status: an empty list.
    EmptyList,
    /// [`Error::Api`](crate::Error::Api).
    ApiError,
    /// [`Error::Http`](crate::Error::Http).
    HttpError,
    /// [`Error::Transport`](crate::Error::Transport) that timed out.
    Timeout,
    /// Any other [`Error::Transport`](crate::Error::Transport).
    TransportError,
    /// [`Error::Decode`](crate::Error::Decode).
    DecodeError,
    /// [`Error::NotOffered`](crate::Error::NotOffered).
    NotOffered,
    /// [`Error::Unread`](crate::Error::Unread).
    Unread,
    /// [`Error::RequestTooLong`](crate::Error::RequestTooLong).
    RequestTooLong,
    /// [`Error::Validation`](crate::Error::Validation).
    ValidationError,
    /// [`Error::Update`](crate::Error::Update).
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
