//! The receiver's secret: written into the callback URL, checked on every request.
//!
//! VoIP.ms signs nothing: a secret of your own in the URL (or the webhook's bearer token) is how a
//! receiver tells VoIP.ms's requests from anyone else's.

use std::fmt;

use super::query::{Query, SECRET_PARAM};
use crate::generated::callback_events::InboundSms;

/// A receiver's secret. Its `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The verdict of [`Secret::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretCheck {
    /// The request carries the secret: handle it.
    Accepted,
    /// The request carries no secret: answer 403.
    Missing,
    /// The request carries another secret: answer 403.
    Wrong,
}

impl SecretCheck {
    /// Whether the request may be handled.
    pub fn is_accepted(self) -> bool {
        self == SecretCheck::Accepted
    }
}

impl Secret {
    /// A secret (use a long random one: it is the only protection of the endpoint).
    pub fn new(secret: impl Into<String>) -> Secret {
        Secret(secret.into())
    }

    /// The secret's text, for writing it into a URL or configuration.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Checks a request: the secret may come as the `secret` query parameter (URL callbacks) or
    /// as an `Authorization: Bearer <secret>` header (webhooks; pass the header's value). The
    /// comparison takes the same time wherever the first difference is.
    pub fn check(&self, query: &str, authorization: Option<&str>) -> SecretCheck {
        let from_query = Query::parse(query).get(SECRET_PARAM).map(str::to_string);
        let from_header = authorization.and_then(bearer).map(str::to_string);
        let offered: Vec<String> = from_query.into_iter().chain(from_header).collect();
        if offered.is_empty() {
            return SecretCheck::Missing;
        }
        // Compare every offered value, so timing does not reveal which one matched.
        let matched = offered.iter().fold(false, |acc, o| {
            acc | constant_time_eq(o.as_bytes(), self.0.as_bytes())
        });
        if matched {
            SecretCheck::Accepted
        } else {
            SecretCheck::Wrong
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header value (scheme case-insensitive).
fn bearer(header: &str) -> Option<&str> {
    let header = header.trim();
    let (scheme, token) = header.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Equality whose time depends only on the lengths, not on where the bytes differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let len = a.len().max(b.len());
    let mut diff = u8::from(a.len() != b.len());
    for i in 0..len {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= x ^ y;
    }
    std::hint::black_box(diff) == 0
}

/// The `url_callback` value for `setSMS`: `base` (your receiver's URL) with every placeholder of
/// [`InboundSms`] as a query parameter, in the documented `name={PLACEHOLDER}` form, and the
/// secret as the `secret` parameter.
///
/// ```
/// let url = voipms_api::callbacks::callback_url("https://example.com/sms", "s3 cret");
/// assert_eq!(
///     url,
///     "https://example.com/sms?from={FROM}&to={TO}&message={MESSAGE}&id={ID}&date={TIMESTAMP}&media={MEDIA}&secret=s3+cret"
/// );
/// ```
pub fn callback_url(base: &str, secret: &str) -> String {
    let mut url = base.to_string();
    let mut sep = if base.contains('?') { '&' } else { '?' };
    if url.ends_with(['?', '&']) {
        sep = '\0';
    }
    for (param, placeholder) in InboundSms::PLACEHOLDERS {
        if sep != '\0' {
            url.push(sep);
        }
        sep = '&';
        url.push_str(param);
        url.push('=');
        url.push_str(placeholder);
    }
    url.push('&');
    url.push_str(SECRET_PARAM);
    url.push('=');
    url.extend(form_urlencoded::byte_serialize(secret.as_bytes()));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_is_eq() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn bearer_token() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer"), None);
    }

    #[test]
    fn debug_hides_the_secret() {
        assert!(!format!("{:?}", Secret::new("hunter2")).contains("hunter2"));
    }
}
