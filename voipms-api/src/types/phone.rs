//! Phone numbers and DIDs: the spellings people and VoIP.ms write, and the digits VoIP.ms
//! documents.

use std::fmt;
use std::str::FromStr;

use crate::wire::WireValue;

/// The E.164 maximum number of digits (country code included).
const MAX_DIGITS: usize = 15;
/// The fewest digits of an international number written with `+` (the shortest national
/// numbers plus their country code).
const MIN_INTERNATIONAL: usize = 7;
/// A North American number without its `1` prefix.
const NANPA_DIGITS: usize = 10;

/// A phone number or DID in the digits VoIP.ms documents.
///
/// The documentation gives every DID and destination as bare digits, a North American number
/// as its ten digits without the `+1` prefix (`5551234567`; `setSMS` says of NANPA dialing
/// mode: "only 10 digits (without the +1 prefix)"). VoIP.ms itself answers some numbers as
/// `+1` and ten digits (`getMMS`). `Phone::parse` turns a written number into the documented
/// digits:
///
/// 1. Spaces, `-`, `.`, `(` and `)` are separators and are dropped; a `+` may only lead.
///    Anything else (letters, `*`, `#`, `/`, ...) is refused.
/// 2. `+1` and ten digits, or eleven digits starting with `1`, is a North American (NANPA)
///    number: its ten digits are sent (`+1 (555) 123-0001`, `1-555-123-0001` -> `5551230001`).
/// 3. `+` and another country code is an international number in E.164 form: the country code
///    and number are sent as digits (the "E164 configuration", country code first), 7 to 15 of
///    them (15 is the E.164 maximum).
/// 4. Written with separators but without `+`, a number is ten digits (`555-123-0001`,
///    `555.123.0001`) or an international number dialed with the NANPA `011` prefix, sent as
///    its digits. Fewer than ten digits with separators (`555-1234`) lacks its area code and
///    is refused.
/// 5. Bare digits are sent as they are (short codes, extensions and ids such as the Vpri's
///    `561115` are digits too), except eleven starting with `1` (rule 2).
///
/// At most 15 digits follow an `011` prefix, as E.164 allows no more.
///
/// ```
/// use voipms_api::types::Phone;
///
/// assert_eq!(Phone::parse("+1 (555) 123-0001")?.as_str(), "5551230001");
/// assert_eq!(Phone::parse("+44 20 7946 0000")?.as_str(), "442079460000");
/// assert!(Phone::parse("555-CALL-NOW").is_err());
/// # Ok::<(), voipms_api::types::ParsePhoneError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

/// A text that is not a phone number; its message names the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{input}` is not a phone number: {reason}; write its digits (5551230001), +1 and ten \
     digits (+15551230001, +1 (555) 123-0001), 555-123-0001, 555.123.0001, 1-555-123-0001, \
     or + and the country code for another country"
)]
pub struct ParsePhoneError {
    input: String,
    reason: &'static str,
}

impl ParsePhoneError {
    /// The error with its quoted input passed through `mask` (the input may be the password by
    /// mistake; the caller knows what to mask).
    pub(crate) fn map_input(self, mask: impl FnOnce(String) -> String) -> ParsePhoneError {
        ParsePhoneError {
            input: mask(self.input),
            reason: self.reason,
        }
    }
}

impl Phone {
    /// Reads a phone number as people and VoIP.ms write it; see [`Phone`] for the accepted
    /// forms.
    pub fn parse(s: &str) -> Result<Phone, ParsePhoneError> {
        let fail = |reason| ParsePhoneError {
            input: s.to_string(),
            reason,
        };
        let text = s.trim();
        let (plus, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut digits = String::with_capacity(rest.len());
        let mut separated = false;
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => separated = true,
                '+' => return Err(fail("a `+` may only lead")),
                _ => return Err(fail("it has characters other than digits and separators")),
            }
        }
        if digits.is_empty() {
            return Err(fail("it has no digits"));
        }
        let nanpa = digits.len() == NANPA_DIGITS + 1 && digits.starts_with('1');
        if nanpa {
            return Ok(Phone(digits.split_off(1)));
        }
        if plus {
            if digits.starts_with('1') {
                return Err(fail("+1 is followed by ten digits"));
            }
            if digits.len() < MIN_INTERNATIONAL {
                return Err(fail("too few digits for an international number"));
            }
        }
        let international = !plus && digits.starts_with("011");
        let significant = if international {
            &digits[3..]
        } else {
            &digits[..]
        };
        if significant.len() > MAX_DIGITS {
            return Err(fail("more than 15 digits (the E.164 maximum)"));
        }
        if separated && !plus && !international && digits.len() < NANPA_DIGITS {
            return Err(fail("too few digits: the area code is missing"));
        }
        Ok(Phone(digits))
    }

    /// The digits sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FromStr for Phone {
    type Err = ParsePhoneError;
    fn from_str(s: &str) -> Result<Phone, ParsePhoneError> {
        Phone::parse(s)
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Phone {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// Its wire spelling (`crate::wire`): beside the type, so a new value type is one file here.
impl WireValue for Phone {
    const EXPECTED: &'static str = "a phone number";
    fn write_wire(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
    fn from_wire(s: &str) -> Option<Self> {
        Phone::parse(s).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> String {
        Phone::parse(s)
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .into_string()
    }

    #[test]
    fn written_forms_become_the_documented_digits() {
        for s in [
            "5551230001",
            "+15551230001",
            "+1 (555) 123-0001",
            "555.123.0001",
            "555-123-0001",
            "1-555-123-0001",
            "15551230001",
            " (555) 123 0001 ",
        ] {
            assert_eq!(digits(s), "5551230001", "{s}");
        }
        assert_eq!(digits("+44 20 7946 0000"), "442079460000");
        assert_eq!(digits("011 44 20 7946 0000"), "011442079460000");
        assert_eq!(digits("561115"), "561115");
        assert_eq!(digits("8772223333"), "8772223333");
    }

    #[test]
    fn what_cannot_be_normalized_is_refused_with_the_accepted_forms() {
        for (s, why) in [
            ("555-CALL-NOW", "characters other than digits"),
            ("", "no digits"),
            ("+", "no digits"),
            ("()-", "no digits"),
            ("555-1234", "area code"),
            ("+1 555 1234", "+1 is followed by ten digits"),
            ("+44 20", "too few digits"),
            ("5551230001+", "may only lead"),
            ("1234567890123456", "15 digits"),
            ("+4412345678901234", "15 digits"),
        ] {
            let e = Phone::parse(s).expect_err(s).to_string();
            assert!(e.contains(why), "{s}: {e}");
            assert!(e.contains("+1 (555) 123-0001"), "{s}: {e}");
        }
    }

    #[test]
    fn the_digits_read_back_unchanged() {
        for s in ["5551230001", "442079460000", "011442079460000", "561115"] {
            assert_eq!(digits(&digits(s)), digits(s));
        }
    }
}
