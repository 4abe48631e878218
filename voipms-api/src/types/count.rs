//! Numbers that VoIP.ms sometimes answers with a word: a conference's `max_members` is a count
//! or `Unlimited`.

use std::fmt;

use crate::wire::WireValue;

/// A whole number, or one of the words of value set `W` that VoIP.ms puts in its place
/// (`Unlimited`, `N/A`, ...). The spec types such a field `count(W)` and says whether the words
/// are documented or only observed.
///
/// ```
/// use voipms_api::types::Count;
/// # #[derive(Debug, Clone, PartialEq)] enum Word { Unlimited }
/// let members: Count<Word> = Count::Number(40);
/// assert_eq!(members.number(), Some(40));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Count<W> {
    /// A number.
    Number(i64),
    /// A word in place of the number.
    Word(W),
}

impl<W> Count<W> {
    /// The number, if it is one.
    pub fn number(&self) -> Option<i64> {
        match self {
            Count::Number(n) => Some(*n),
            Count::Word(_) => None,
        }
    }

    /// The word, if it is one.
    pub fn word(&self) -> Option<&W> {
        match self {
            Count::Number(_) => None,
            Count::Word(w) => Some(w),
        }
    }
}

impl<W> From<i64> for Count<W> {
    fn from(n: i64) -> Self {
        Count::Number(n)
    }
}

impl<W: fmt::Display> fmt::Display for Count<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Count::Number(n) => write!(f, "{n}"),
            Count::Word(w) => w.fmt(f),
        }
    }
}

impl<W: serde::Serialize> serde::Serialize for Count<W> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Count::Number(n) => s.serialize_i64(*n),
            Count::Word(w) => w.serialize(s),
        }
    }
}

// Its wire spelling (`crate::wire`): beside the type, so a new value type is one file here.
impl<W: WireValue + serde::Serialize> crate::wire::ToJson for Count<W> {
    fn to_json(&self) -> serde_json::Value {
        crate::wire::scalar_json(self)
    }
}

impl<W: WireValue> WireValue for Count<W> {
    const EXPECTED: &'static str = "a whole number or one of its documented words";
    fn write_wire(&self, out: &mut String) {
        match self {
            Count::Number(n) => n.write_wire(out),
            Count::Word(w) => w.write_wire(out),
        }
    }
    fn from_wire(s: &str) -> Option<Self> {
        match i64::from_wire(s) {
            Some(n) => Some(Count::Number(n)),
            None => W::from_wire(s).map(Count::Word),
        }
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(Count::Number(v))
    }
    fn from_f64(v: f64) -> Option<Self> {
        i64::from_f64(v).map(Count::Number)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn is_unknown_value(&self) -> bool {
        matches!(self, Count::Word(w) if w.is_unknown_value())
    }
}

#[cfg(test)]
mod count_tests {
    use super::*;
    use crate::wire::WireValue;

    #[derive(Debug, Clone, PartialEq)]
    enum Word {
        Unlimited,
        Other(String),
    }

    impl WireValue for Word {
        const EXPECTED: &'static str = "a word";
        fn write_wire(&self, out: &mut String) {
            out.push_str(match self {
                Word::Unlimited => "Unlimited",
                Word::Other(s) => s,
            });
        }
        fn from_wire(s: &str) -> Option<Self> {
            Some(match s {
                "Unlimited" => Word::Unlimited,
                other => Word::Other(other.to_string()),
            })
        }
        fn is_unknown_value(&self) -> bool {
            matches!(self, Word::Other(_))
        }
    }

    #[test]
    fn numbers_and_words_round_trip() {
        for wire in ["40", "-1", "Unlimited", "Sometimes"] {
            let Some(c) = Count::<Word>::from_wire(wire) else {
                panic!("{wire} should decode");
            };
            let mut out = String::new();
            c.write_wire(&mut out);
            assert_eq!(out, wire);
        }
        assert_eq!(Count::<Word>::from_wire("40"), Some(Count::Number(40)));
        assert_eq!(
            Count::<Word>::from_wire("Unlimited").and_then(|c| c.word().cloned()),
            Some(Word::Unlimited)
        );
        assert!(Count::<Word>::from_wire("Sometimes").is_some_and(|c| c.is_unknown_value()));
        assert!(!Count::<Word>::Number(3).is_unknown_value());
        assert_eq!(Count::<Word>::from_i64(7).and_then(|c| c.number()), Some(7));
    }
}
