//! A callback's query string, read the tolerant way integrations report VoIP.ms writes it.

use crate::wire::WireValue;

use super::reply::CallbackError;

/// The query parameter that carries the receiver's secret in the URLs
/// [`callback_url`](super::callback_url) writes; never a field of the callback.
pub const SECRET_PARAM: &str = "secret";

/// The decoded pairs of a query string. Generated event types read their fields from it; what
/// no field reads stays for their `extra`.
///
/// Pairs are separated by `&` or `;`; `+` and `%20` both decode to a space; invalid
/// percent-escapes and invalid UTF-8 are kept as written (lossy), never an error.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes `query` (without the leading `?`; one is skipped if present).
    pub fn parse(query: &str) -> Query {
        let query = query.strip_prefix('?').unwrap_or(query);
        let pairs = query
            .split(['&', ';'])
            .filter(|seg| !seg.is_empty())
            .flat_map(|seg| form_urlencoded::parse(seg.as_bytes()).into_owned())
            .collect();
        Query { pairs }
    }

    /// The first value of `name`, without consuming it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.position(name).map(|i| self.pairs[i].1.as_str())
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.pairs.iter().position(|(k, _)| k == name).or_else(|| {
            self.pairs
                .iter()
                .position(|(k, _)| k.eq_ignore_ascii_case(name))
        })
    }

    /// Takes `name`: `Ok(None)` when absent, empty or the unsubstituted `placeholder`;
    /// `Err(raw)` when present but not a `T` (the pair is kept for `extra`).
    fn take<T: WireValue>(&mut self, name: &str, placeholder: &str) -> Result<Option<T>, ()> {
        let Some(i) = self.position(name) else {
            return Ok(None);
        };
        let v = self.pairs[i].1.trim();
        if v.is_empty() || v == placeholder || T::is_null_spelling(v) {
            self.pairs.remove(i);
            return Ok(None);
        }
        match T::from_wire(&self.pairs[i].1) {
            Some(t) => {
                self.pairs.remove(i);
                Ok(Some(t))
            }
            None => Err(()),
        }
    }

    /// Takes an optional field: absent when missing, empty, the unsubstituted `placeholder` or
    /// not a `T` (then kept for `extra`).
    pub fn optional<T: WireValue>(&mut self, name: &str, placeholder: &str) -> Option<T> {
        self.take(name, placeholder).ok().flatten()
    }

    /// Takes a required field.
    pub fn required<T: WireValue>(
        &mut self,
        name: &'static str,
        placeholder: &str,
    ) -> Result<T, CallbackError> {
        match self.take(name, placeholder) {
            Ok(Some(t)) => Ok(t),
            Ok(None) => Err(CallbackError::MissingField(name)),
            Err(()) => Err(CallbackError::InvalidField {
                name,
                expected: T::EXPECTED,
            }),
        }
    }

    /// The pairs no field took, in order, without the receiver's secret.
    pub fn into_rest(self) -> Vec<(String, String)> {
        self.pairs
            .into_iter()
            .filter(|(k, _)| k != SECRET_PARAM)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_spaces() {
        let q = Query::parse("?a=1;b=x+y&c=x%20y&&d");
        assert_eq!(q.get("a"), Some("1"));
        assert_eq!(q.get("b"), Some("x y"));
        assert_eq!(q.get("c"), Some("x y"));
        assert_eq!(q.get("d"), Some(""));
        assert_eq!(q.get("A"), Some("1"));
    }

    #[test]
    fn placeholders_and_bad_values() {
        let mut q = Query::parse("id={ID}&n=x&secret=s");
        assert_eq!(q.optional::<String>("id", "{ID}"), None);
        assert_eq!(q.optional::<i64>("n", "{N}"), None);
        assert_eq!(q.into_rest(), vec![("n".to_string(), "x".to_string())]);
    }
}
