//! The type grammar of parameters and response fields.
//!
//! Types are written as short strings so a diff shows a type change on one line:
//! `string`, `integer`, `decimal`, `phone`, `id`, `date`, `datetime`, `timestamp`, `routing`,
//! `bool(1/0)`, `bool(yes/no)`, `bool(true/false)`, `enum(ValueSetName)`,
//! `count(ValueSetName)` and `list(<type>, "<separator>")`.

use std::fmt;

/// How a boolean travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BoolForm {
    /// `1` / `0`
    OneZero,
    /// `yes` / `no`
    YesNo,
    /// `true` / `false`
    TrueFalse,
}

impl BoolForm {
    /// The wire strings for true and false.
    pub fn wire(self) -> (&'static str, &'static str) {
        match self {
            BoolForm::OneZero => ("1", "0"),
            BoolForm::YesNo => ("yes", "no"),
            BoolForm::TrueFalse => ("true", "false"),
        }
    }
}

/// A parameter or response field type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// Free text.
    String,
    /// A whole number used arithmetically (counts, seconds, limits).
    Integer,
    /// A decimal number, money in particular; never a float.
    Decimal,
    /// A phone number or DID: a string of digits, never an integer.
    Phone,
    /// An identifier: numeric on the wire, but not arithmetic.
    Id,
    /// A calendar date, `yyyy-mm-dd`.
    Date,
    /// A date and time, `yyyy-mm-dd hh:mm:ss`.
    DateTime,
    /// A date and time VoIP.ms reports in its own zone (America/Toronto), shifted by the
    /// request's `timezone + 5` hours in the record listings: the client resolves its UTC
    /// offset (`voipms_api::types::Timestamp`). Responses only.
    Timestamp,
    /// A routing target such as `account:100001_VoIP`, `fwd:123`, `vm:101`, `sys:echo`, `none:`.
    Routing,
    /// A boolean in a given wire form.
    Bool(BoolForm),
    /// A named value set from `spec/types.yaml`.
    Enum(String),
    /// A whole number, or one of the words of a value set that VoIP.ms puts in its place
    /// (`Unlimited`, `none`): `count(ConferenceLimit)`.
    Count(String),
    /// A list of items joined by a separator.
    List {
        /// Item type (never itself a list).
        item: Box<Type>,
        /// The separator between items on the wire.
        sep: String,
    },
}

/// How a wire value stands against a [`Type`] ([`Type::fit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit<'t> {
    /// A valid value of the type, or a "no value" spelling.
    Fits,
    /// Not a value of the type.
    Misfit,
    /// Of the type's form, but not a wire string of the named value set.
    OutsideSet(&'t str),
}

/// A type string that does not follow the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSyntaxError(pub String);

impl fmt::Display for TypeSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Type {
    /// Parses the type grammar described in the module docs.
    pub fn parse(s: &str) -> Result<Type, TypeSyntaxError> {
        let s = s.trim();
        let simple = match s {
            "string" => Some(Type::String),
            "integer" => Some(Type::Integer),
            "decimal" => Some(Type::Decimal),
            "phone" => Some(Type::Phone),
            "id" => Some(Type::Id),
            "date" => Some(Type::Date),
            "datetime" => Some(Type::DateTime),
            "timestamp" => Some(Type::Timestamp),
            "routing" => Some(Type::Routing),
            "bool(1/0)" => Some(Type::Bool(BoolForm::OneZero)),
            "bool(yes/no)" => Some(Type::Bool(BoolForm::YesNo)),
            "bool(true/false)" => Some(Type::Bool(BoolForm::TrueFalse)),
            _ => None,
        };
        if let Some(t) = simple {
            return Ok(t);
        }
        for (prefix, make) in [
            ("enum(", Type::Enum as fn(String) -> Type),
            ("count(", Type::Count),
        ] {
            if let Some(inner) = s.strip_prefix(prefix).and_then(|r| r.strip_suffix(')')) {
                let name = inner.trim();
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(TypeSyntaxError(format!(
                        "`{s}`: a value set name is letters, digits and underscores"
                    )));
                }
                return Ok(make(name.to_string()));
            }
        }
        if let Some(inner) = s.strip_prefix("list(").and_then(|r| r.strip_suffix(')')) {
            // The separator is the last `, "..."`: it may itself be a comma.
            let at = inner.rfind(", \"").ok_or_else(|| {
                TypeSyntaxError(format!("`{s}`: expected list(<type>, \"<separator>\")"))
            })?;
            let (item, sep) = (&inner[..at], &inner[at + 1..]);
            let sep = sep.trim();
            let sep = sep
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .filter(|r| !r.is_empty())
                .ok_or_else(|| {
                    TypeSyntaxError(format!(
                        "`{s}`: the list separator must be a non-empty double-quoted string"
                    ))
                })?;
            let item = Type::parse(item)?;
            if matches!(item, Type::List { .. }) {
                return Err(TypeSyntaxError(format!(
                    "`{s}`: lists of lists are not supported"
                )));
            }
            return Ok(Type::List {
                item: Box::new(item),
                sep: sep.to_string(),
            });
        }
        if s == "bool" || s.starts_with("bool(") {
            return Err(TypeSyntaxError(format!(
                "`{s}`: a boolean names its wire form: bool(1/0), bool(yes/no) or bool(true/false)"
            )));
        }
        Err(TypeSyntaxError(format!(
            "unknown type `{s}` (expected string, integer, decimal, phone, id, date, datetime, timestamp, \
             routing, bool(1/0|yes/no|true/false), enum(Name), count(Name) or \
             list(<type>, \"<sep>\"))"
        )))
    }

    /// How the wire value `wire` stands against this type: the one rule for "is this a valid
    /// value", used for the spec's examples and for real response bodies. Empty text and
    /// `0000-00-00` dates mean "no value" and fit every type. `in_set(set, value)` says whether
    /// `value` is one of the value set `set`'s wire strings.
    pub fn fit<'t>(&'t self, wire: &str, in_set: &dyn Fn(&str, &str) -> bool) -> Fit<'t> {
        let e = wire.trim();
        if e.is_empty() {
            return Fit::Fits;
        }
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let date = |s: &str| {
            let b = s.as_bytes();
            s.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && digits(&s[..4])
                && digits(&s[5..7])
                && digits(&s[8..])
        };
        let ok = |b: bool| if b { Fit::Fits } else { Fit::Misfit };
        match self {
            Type::String | Type::Phone | Type::Id => Fit::Fits,
            Type::Integer => ok(e.parse::<i64>().is_ok()),
            Type::Decimal => {
                let u = e.strip_prefix('-').unwrap_or(e);
                let (a, b) = u.split_once('.').unwrap_or((u, "0"));
                ok((digits(a) || a.is_empty()) && digits(b))
            }
            Type::Date => ok(date(e) || (e.len() == 19 && date(&e[..10]))),
            Type::DateTime | Type::Timestamp => {
                ok(date(e) || (e.len() == 19 && date(&e[..10]) && e.as_bytes()[13] == b':'))
            }
            Type::Routing => ok(e.contains(':')),
            Type::Bool(_) => ok(matches!(
                e.to_ascii_lowercase().as_str(),
                "1" | "0" | "yes" | "no" | "y" | "n" | "true" | "false" | "on" | "off"
            )),
            Type::Enum(set) if in_set(set, e) => Fit::Fits,
            Type::Enum(set) => Fit::OutsideSet(set),
            Type::Count(_) if e.parse::<i64>().is_ok() => Fit::Fits,
            Type::Count(set) if in_set(set, e) => Fit::Fits,
            Type::Count(set) => Fit::OutsideSet(set),
            Type::List { item, sep } => e
                .split(sep.as_str())
                .map(|p| item.fit(p, in_set))
                .find(|f| *f != Fit::Fits)
                .unwrap_or(Fit::Fits),
        }
    }

    /// The value set this type refers to, directly or as a list item.
    pub fn value_set(&self) -> Option<&str> {
        match self {
            Type::Enum(n) | Type::Count(n) => Some(n),
            Type::List { item, .. } => item.value_set(),
            _ => None,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Integer => f.write_str("integer"),
            Type::Decimal => f.write_str("decimal"),
            Type::Phone => f.write_str("phone"),
            Type::Id => f.write_str("id"),
            Type::Date => f.write_str("date"),
            Type::DateTime => f.write_str("datetime"),
            Type::Timestamp => f.write_str("timestamp"),
            Type::Routing => f.write_str("routing"),
            Type::Bool(BoolForm::OneZero) => f.write_str("bool(1/0)"),
            Type::Bool(BoolForm::YesNo) => f.write_str("bool(yes/no)"),
            Type::Bool(BoolForm::TrueFalse) => f.write_str("bool(true/false)"),
            Type::Enum(n) => write!(f, "enum({n})"),
            Type::Count(n) => write!(f, "count({n})"),
            Type::List { item, sep } => write!(f, "list({item}, \"{sep}\")"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [
            "string",
            "integer",
            "decimal",
            "phone",
            "id",
            "date",
            "datetime",
            "timestamp",
            "routing",
            "bool(1/0)",
            "bool(yes/no)",
            "bool(true/false)",
            "enum(DtmfMode)",
            "count(ConferenceLimit)",
            "list(phone, \";\")",
            "list(enum(X), \",\")",
        ] {
            assert_eq!(Type::parse(s).map(|t| t.to_string()), Ok(s.to_string()));
        }
    }

    #[test]
    fn fit_checks_form_and_value_sets() {
        let t = |s: &str| Type::parse(s).unwrap_or(Type::String);
        let sets = |set: &str, v: &str| set == "Mode" && (v == "a" || v == "b");
        assert_eq!(t("integer").fit("40", &sets), Fit::Fits);
        assert_eq!(t("integer").fit("", &sets), Fit::Fits);
        assert_eq!(t("integer").fit("Unlimited", &sets), Fit::Misfit);
        assert_eq!(t("decimal").fit("0.01", &sets), Fit::Fits);
        assert_eq!(t("date").fit("2024-03-01", &sets), Fit::Fits);
        assert_eq!(t("datetime").fit("2024-03-01 10:00:00", &sets), Fit::Fits);
        assert_eq!(t("date").fit("yesterday", &sets), Fit::Misfit);
        assert_eq!(t("enum(Mode)").fit("b", &sets), Fit::Fits);
        assert_eq!(t("enum(Mode)").fit("c", &sets), Fit::OutsideSet("Mode"));
        assert_eq!(t("count(Mode)").fit("40", &sets), Fit::Fits);
        assert_eq!(t("count(Mode)").fit("b", &sets), Fit::Fits);
        assert_eq!(t("count(Mode)").fit("c", &sets), Fit::OutsideSet("Mode"));
        assert_eq!(
            t("list(enum(Mode), \",\")").fit("a,c", &sets),
            Fit::OutsideSet("Mode")
        );
        assert_eq!(t("list(integer, \";\")").fit("1;x", &sets), Fit::Misfit);
    }

    #[test]
    fn rejects_bad_types() {
        assert!(
            Type::parse("phnoe")
                .unwrap_err()
                .0
                .contains("unknown type `phnoe`")
        );
        assert!(Type::parse("bool").unwrap_err().0.contains("wire form"));
        assert!(Type::parse("list(string)").is_err());
        assert!(Type::parse("list(string, ;)").is_err());
        assert!(Type::parse("list(list(string, \",\"), \";\")").is_err());
        assert!(Type::parse("enum(a b)").is_err());
    }
}
