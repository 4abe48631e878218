//! Numbers that VoIP.ms sometimes answers with a word: a conference's `max_members` is a count
//! or `Unlimited`.

use std::fmt;

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
