//! The function metadata table: every function of the spec with its parameters, types and
//! required flags, for validation of raw calls, the command-line tool and the mock server.
//!
//! The table itself ([`FUNCTIONS`]) is generated from the spec; the types are here.

pub use crate::generated::meta::FUNCTIONS;
pub use crate::wire::BoolForm;

use crate::ErrorCode;
use crate::types::{Date, DateTime, Phone, Routing};
use crate::wire::WireValue;
use rust_decimal::Decimal;

/// What calling a function does, which decides whether it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Only reads: safe to retry.
    Read,
    /// Changes account state: never retried automatically.
    Write,
    /// Spends money or sends something: never retried automatically.
    Spend,
}

impl Kind {
    /// `read`, `write` or `spend`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Read => "read",
            Kind::Write => "write",
            Kind::Spend => "spend",
        }
    }
}

/// A parameter's type as it travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireType {
    /// Free text.
    String,
    /// A whole number.
    Integer,
    /// A decimal number.
    Decimal,
    /// A phone number or DID (digits).
    Phone,
    /// An identifier.
    Id,
    /// `yyyy-mm-dd`
    Date,
    /// `yyyy-mm-dd hh:mm:ss`
    DateTime,
    /// `header:record_id`
    Routing,
    /// A boolean in the given form.
    Bool(BoolForm),
    /// One of a value set's wire values.
    Enum {
        /// The value set's name.
        name: &'static str,
        /// The accepted wire values.
        values: &'static [&'static str],
    },
    /// A whole number, or one of a value set's wire values in its place (`Unlimited`).
    Count {
        /// The value set's name.
        name: &'static str,
        /// The words accepted in place of a number.
        values: &'static [&'static str],
    },
    /// Items joined by a separator.
    List {
        /// The item type.
        item: &'static WireType,
        /// The separator.
        sep: &'static str,
    },
}

/// Everything the runtime says about a value type is here: validity, the words for what a
/// value is, a sample and the accepted words; scalars defer to their runtime type's
/// [`WireValue`] impl, so a new value type is described by its own type and one variant here.
impl WireType {
    /// The first part of wire value `v` that is not a valid value of its type, with that
    /// part's type: `v` itself, or the offending item of a list. `None` when `v` is valid. The
    /// one validity check of request values, used by validation (the client, the command-line
    /// tool) and the mock.
    pub fn first_invalid<'v>(&'static self, v: &'v str) -> Option<(&'v str, &'static WireType)> {
        let ok = match self {
            WireType::String | WireType::Id => true,
            WireType::Integer => i64::is_wire(v),
            WireType::Decimal => Decimal::is_wire(v),
            WireType::Phone => Phone::is_wire(v),
            WireType::Date => Date::is_wire(v),
            WireType::DateTime => DateTime::is_wire(v),
            WireType::Routing => Routing::is_wire(v),
            WireType::Bool(form) => v == form.spell(true) || v == form.spell(false),
            WireType::Enum { values, .. } => values.contains(&v),
            WireType::Count { values, .. } => i64::is_wire(v) || values.contains(&v),
            WireType::List { item, sep } => {
                return v
                    .split(sep)
                    .filter(|s| !s.is_empty())
                    .find_map(|part| item.first_invalid(part));
            }
        };
        (!ok).then_some((v, self))
    }

    /// What a value of this type is, in words ("a date (yyyy-mm-dd)", "one of a, b").
    pub fn expected(&self) -> String {
        match self {
            WireType::String => String::EXPECTED.to_string(),
            WireType::Id => "an identifier".to_string(),
            WireType::Integer => i64::EXPECTED.to_string(),
            WireType::Decimal => Decimal::EXPECTED.to_string(),
            WireType::Phone => format!("{} (digits only)", Phone::EXPECTED),
            WireType::Date => Date::EXPECTED.to_string(),
            WireType::DateTime => DateTime::EXPECTED.to_string(),
            WireType::Routing => Routing::EXPECTED.to_string(),
            WireType::Bool(form) => format!(
                "a boolean: 1/0, true/false, yes/no or on/off (sent as {}/{})",
                form.spell(true),
                form.spell(false)
            ),
            WireType::Enum { values, .. } => format!("one of {}", values.join(", ")),
            WireType::Count { values, .. } => {
                format!("a whole number or {}", values.join(", "))
            }
            WireType::List { item, sep } => {
                format!("a list of {}, separated by `{sep}`", item.expected())
            }
        }
    }

    /// A valid wire value of the type, for sample requests (numbers are `1`; the mock fits
    /// them into a parameter's bounds).
    pub fn sample(&self) -> String {
        match self {
            WireType::String => "example".to_string(),
            WireType::Integer | WireType::Decimal | WireType::Count { .. } | WireType::Id => {
                "1".to_string()
            }
            WireType::Phone => "5551234567".to_string(),
            WireType::Date => "2024-01-01".to_string(),
            WireType::DateTime => "2024-01-01 00:00:00".to_string(),
            WireType::Routing => "account:100000_VoIP".to_string(),
            WireType::Bool(form) => form.spell(true).to_string(),
            WireType::Enum { values, .. } => {
                values.first().copied().unwrap_or_default().to_string()
            }
            WireType::List { item, .. } => item.sample(),
        }
    }

    /// Whether the type is a number (bounds apply to it).
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            WireType::Integer | WireType::Decimal | WireType::Count { .. }
        )
    }

    /// The value set's accepted words, of the type or of its list items.
    pub fn values(&self) -> Option<&'static [&'static str]> {
        match self {
            WireType::Enum { values, .. } | WireType::Count { values, .. } => Some(values),
            WireType::List { item, .. } => item.values(),
            _ => None,
        }
    }
}

impl std::fmt::Display for WireType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireType::String => f.write_str("string"),
            WireType::Integer => f.write_str("integer"),
            WireType::Decimal => f.write_str("decimal"),
            WireType::Phone => f.write_str("phone"),
            WireType::Id => f.write_str("id"),
            WireType::Date => f.write_str("date"),
            WireType::DateTime => f.write_str("datetime"),
            WireType::Routing => f.write_str("routing"),
            WireType::Bool(b) => write!(f, "bool({}/{})", b.spell(true), b.spell(false)),
            WireType::Enum { name, .. } => write!(f, "enum({name})"),
            WireType::Count { name, .. } => write!(f, "count({name})"),
            WireType::List { item, sep } => write!(f, "list({item}, \"{sep}\")"),
        }
    }
}

/// One parameter of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamMeta {
    /// Wire name.
    pub name: &'static str,
    /// Other wire names; the value is sent under each.
    pub aliases: &'static [&'static str],
    /// Wire type.
    pub ty: WireType,
    /// Whether the call needs it.
    pub required: bool,
    /// The documentation's description.
    pub doc: &'static str,
    /// The documentation's example.
    pub example: Option<&'static str>,
    /// The function listing accepted values ("Values from getX").
    pub values_from: Option<&'static str>,
    /// Smallest accepted number.
    pub min: Option<i64>,
    /// Largest accepted number.
    pub max: Option<i64>,
    /// Longest accepted text, in characters.
    pub max_length: Option<u32>,
    /// The status codes VoIP.ms documents for this parameter.
    pub codes: ParamCodes,
}

/// The status codes the error table documents for one parameter, which the
/// [mock](crate::mock) answers; decided by the generator from the spec's error table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamCodes {
    /// When it is absent or empty: `missing_<param>`, else the generic `missing_params`.
    pub missing: Option<&'static ErrorCode>,
    /// When its value breaks a documented rule: `invalid_<param>`, or `invalid_date` /
    /// `invalid_datetime` for a date; `None` when the table documents no code.
    pub invalid: Option<&'static ErrorCode>,
    /// When its text is longer than documented: `<param>_toolong`, if documented.
    pub too_long: Option<&'static ErrorCode>,
}

/// A documented limit on a date range between two parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRangeMeta {
    /// The start parameter.
    pub from: &'static str,
    /// The end parameter.
    pub to: &'static str,
    /// The largest allowed distance in days.
    pub max_days: u32,
}

/// One function of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionMeta {
    /// Wire name (`sendSMS`).
    pub name: &'static str,
    /// Documentation category.
    pub category: &'static str,
    /// Cargo feature / module of its typed binding.
    pub feature: &'static str,
    /// Read, write or spend.
    pub kind: Kind,
    /// The documentation's description.
    pub summary: &'static str,
    /// Parameters in documentation order.
    pub params: &'static [ParamMeta],
    /// No source names the parameters: any name is accepted.
    pub params_undocumented: bool,
    /// A documented date-range limit.
    pub date_range: Option<DateRangeMeta>,
}

impl FunctionMeta {
    /// The parameter with this wire name or alias.
    pub fn param(&self, name: &str) -> Option<&'static ParamMeta> {
        self.params
            .iter()
            .find(|p| p.name == name || p.aliases.contains(&name))
    }
}

/// The function with this wire name.
pub fn function(name: &str) -> Option<&'static FunctionMeta> {
    FUNCTIONS.iter().find(|f| f.name == name)
}
