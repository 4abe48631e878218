//! Scalar values to and from their wire strings: the trait, and its impls for the standard
//! types (text, whole numbers, decimals, booleans). The crate's own value types (`Date`,
//! `Timestamp`, `Routing`, `Phone`, `Count`...) implement it beside their definitions in
//! `types/`, so a new value type is one file there and its row in `meta.rs`.

use std::fmt::Write as _;

use rust_decimal::Decimal;

/// How a boolean is spelled on the wire; each parameter has its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoolForm {
    /// `1` / `0`
    OneZero,
    /// `yes` / `no`
    YesNo,
    /// `true` / `false`
    TrueFalse,
}

impl BoolForm {
    /// The wire spelling of `v`.
    pub fn spell(self, v: bool) -> &'static str {
        match (self, v) {
            (BoolForm::OneZero, true) => "1",
            (BoolForm::OneZero, false) => "0",
            (BoolForm::YesNo, true) => "yes",
            (BoolForm::YesNo, false) => "no",
            (BoolForm::TrueFalse, true) => "true",
            (BoolForm::TrueFalse, false) => "false",
        }
    }

    /// Reads any usual spelling of a boolean, whatever the form: `1`/`0`, `true`/`false`,
    /// `yes`/`no`, `y`/`n`, `on`/`off`, in any case, around spaces ignored. VoIP.ms answers with
    /// all of them, and people and PHP clients write them in requests.
    pub fn read(s: &str) -> Option<bool> {
        const TRUE: [&str; 5] = ["1", "true", "yes", "y", "on"];
        const FALSE: [&str; 5] = ["0", "false", "no", "n", "off"];
        let s = s.trim();
        if TRUE.iter().any(|t| t.eq_ignore_ascii_case(s)) {
            Some(true)
        } else if FALSE.iter().any(|f| f.eq_ignore_ascii_case(s)) {
            Some(false)
        } else {
            None
        }
    }
}

/// A scalar with a wire spelling: written into form bodies, read from JSON strings, numbers and
/// booleans (VoIP.ms sends numbers and flags as strings, and sometimes the other way round).
pub trait WireValue: Sized {
    /// What the value is, for error messages ("a date (yyyy-mm-dd)").
    const EXPECTED: &'static str;

    /// Appends the wire spelling to `out`.
    fn write_wire(&self, out: &mut String);

    /// Reads a wire string; `None` if it is not a valid value.
    fn from_wire(s: &str) -> Option<Self>;

    /// Whether `s` is a value of the type in its wire spelling: [`WireValue::from_wire`] reads
    /// it and [`WireValue::write_wire`] writes it back unchanged. The one rule for "is this a
    /// valid request value", used by validation (client and command-line tool) and the mock
    /// through [`crate::meta::WireType::first_invalid`]; responses are read more tolerantly by
    /// `from_wire` alone (a date with a time, spaces around a number).
    fn is_wire(s: &str) -> bool {
        Self::from_wire(s).is_some_and(|v| {
            let mut out = String::with_capacity(s.len());
            v.write_wire(&mut out);
            out == s
        })
    }

    /// Reads a JSON integer.
    fn from_i64(v: i64) -> Option<Self> {
        Self::from_wire(itoa_buf(v).as_str())
    }

    /// Reads a JSON float.
    fn from_f64(v: f64) -> Option<Self> {
        Self::from_wire(&v.to_string())
    }

    /// Reads a JSON boolean.
    fn from_bool(v: bool) -> Option<Self> {
        Self::from_wire(if v { "1" } else { "0" })
    }

    /// Whether this is a value outside the type's documented set (a value-set enum's
    /// `Unknown` variant): decoded, but recorded as drift.
    fn is_unknown_value(&self) -> bool {
        false
    }

    /// Wire strings that mean "no value" for this type (besides the empty string).
    fn is_null_spelling(s: &str) -> bool {
        let _ = s;
        false
    }
}

fn itoa_buf(v: i64) -> String {
    let mut s = String::new();
    let _ = write!(s, "{v}");
    s
}

impl WireValue for String {
    const EXPECTED: &'static str = "text";
    fn write_wire(&self, out: &mut String) {
        out.push_str(self);
    }
    fn from_wire(s: &str) -> Option<Self> {
        Some(s.to_string())
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v.to_string())
    }
}

impl WireValue for i64 {
    const EXPECTED: &'static str = "an integer";
    fn write_wire(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
    fn from_wire(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v)
    }
    fn from_f64(v: f64) -> Option<Self> {
        (v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64)
    }
}

impl WireValue for Decimal {
    const EXPECTED: &'static str = "a decimal number";
    fn write_wire(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
    fn from_wire(s: &str) -> Option<Self> {
        let s = s.trim();
        s.parse().ok().or_else(|| Decimal::from_scientific(s).ok())
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(Decimal::from(v))
    }
    fn from_f64(v: f64) -> Option<Self> {
        Decimal::try_from(v).ok()
    }
}

impl WireValue for bool {
    const EXPECTED: &'static str = "a boolean (1/0, yes/no, true/false)";
    fn write_wire(&self, out: &mut String) {
        out.push_str(if *self { "1" } else { "0" });
    }
    fn from_wire(s: &str) -> Option<Self> {
        // Responses use every spelling; accept them all whatever the field's documented form.
        BoolForm::read(s)
    }
    fn from_i64(v: i64) -> Option<Self> {
        match v {
            1 => Some(true),
            0 => Some(false),
            _ => None,
        }
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
}
