//! Form bodies: the parameters of one call as ordered name/value pairs.
//!
//! Generated request types write themselves here field by field (no serde on the request side:
//! cheaper to compile and to run). The transport adds the credentials and `method`.

use std::borrow::Cow;

use super::value::{BoolForm, WireValue};

/// The parameters of one call, in the order they were added.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Form {
    pairs: Vec<(Cow<'static, str>, String)>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Form {
        Form::default()
    }

    /// Adds `name=value` in the value's wire spelling.
    pub fn put<V: WireValue>(&mut self, name: &'static str, value: &V) {
        let mut s = String::new();
        value.write_wire(&mut s);
        self.pairs.push((Cow::Borrowed(name), s));
    }

    /// Adds a boolean in the parameter's own wire form.
    pub fn put_bool(&mut self, name: &'static str, value: bool, form: BoolForm) {
        self.pairs
            .push((Cow::Borrowed(name), form.spell(value).to_string()));
    }

    /// Adds a list joined by its separator.
    pub fn put_list<V: WireValue>(&mut self, name: &'static str, values: &[V], sep: &str) {
        let mut s = String::new();
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            v.write_wire(&mut s);
        }
        self.pairs.push((Cow::Borrowed(name), s));
    }

    /// Adds a pair whose name is only known at run time (raw calls, undocumented parameters).
    pub fn put_raw(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.pairs.push((Cow::Owned(name.into()), value.into()));
    }

    /// Replaces the value of the `index`-th pair (validation rewrites accepted spellings into
    /// the wire form).
    pub(crate) fn set_value(&mut self, index: usize, value: String) {
        if let Some((_, v)) = self.pairs.get_mut(index) {
            *v = value;
        }
    }

    /// The pairs, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }

    /// The value of the first pair named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether no pair was added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `application/x-www-form-urlencoded` text of the pairs, prefixed by `leading` pairs
    /// (credentials and method, which are never stored in the form itself).
    pub fn urlencoded(&self, leading: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(64 + self.pairs.len() * 24);
        let all = leading.iter().copied().chain(self.pairs());
        for (i, (k, v)) in all.enumerate() {
            if i > 0 {
                out.push('&');
            }
            encode_component(k, &mut out);
            out.push('=');
            encode_component(v, &mut out);
        }
        out
    }
}

/// A form of raw `name=value` pairs, in order (see [`Form::put_raw`]).
impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Form {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Form {
        let mut form = Form::new();
        for (k, v) in pairs {
            form.put_raw(k, v);
        }
        form
    }
}

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.pairs()).finish()
    }
}

/// Percent-encodes one component the way HTML forms do (space as `+`).
pub(crate) fn encode_component(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_a_browser() {
        let mut f = Form::new();
        f.put("message", &"héllo & bye+1".to_string());
        f.put_bool("answered", true, BoolForm::OneZero);
        f.put_list("codecs", &["ulaw".to_string(), "g729".to_string()], ";");
        assert_eq!(
            f.urlencoded(&[("method", "sendSMS")]),
            "method=sendSMS&message=h%C3%A9llo+%26+bye%2B1&answered=1&codecs=ulaw%3Bg729"
        );
    }
}
