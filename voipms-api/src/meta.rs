//! The function metadata table: every function of the spec with its parameters, types and
//! required flags, for validation of raw calls, the command-line tool and the mock server.
//!
//! The table itself ([`FUNCTIONS`]) is generated from the spec; the types are here.

pub use crate::generated::meta::FUNCTIONS;
pub use crate::wire::BoolForm;

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
    /// The WSDL has an operation for it, so it can be called over SOAP (the few functions
    /// only the documentation lists cannot).
    pub in_wsdl: bool,
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
