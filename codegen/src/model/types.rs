//! The Rust type of every value the generated crate stores or takes: one mapping from spec
//! types, shared by the emitter (as tokens) and the spec diff (as text).
//!
//! What the generator knows of each scalar spec type is one row of [`scalar`]: a new value
//! type is a row here, its grammar in [`crate::spec::Type`], and its runtime type in the
//! voipms-api crate (a `WireValue` impl and a `WireType` variant).

use std::fmt;

use crate::spec::Type;

/// A Rust type of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String` (text, phone numbers, ids).
    String,
    /// `i64`.
    I64,
    /// A type the runtime crate exports at its root: `crate::<name>` (`Decimal`, `Date`,
    /// `DateTime`, `Routing`).
    Runtime(&'static str),
    /// `bool`.
    Bool,
    /// A value-set enum, `crate::value_sets::<name>`.
    ValueSet(String),
    /// A number or a word of a value set, `crate::types::Count<crate::value_sets::<name>>`.
    Count(String),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `Option<T>`.
    Option(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// A nested response struct, defined in the function's module of nested types.
    Nested {
        /// The module of the function's nested types (`get_balance`).
        module: String,
        /// The struct's name (`Balance`).
        name: String,
    },
    /// A JSON value, for shapes too irregular to type (lists of lists).
    Json,
}

impl RustType {
    /// The Rust type of a spec type.
    pub fn of(ty: &Type) -> RustType {
        match ty {
            Type::Bool(_) => RustType::Bool,
            Type::Enum(name) => RustType::ValueSet(name.clone()),
            Type::Count(name) => RustType::Count(name.clone()),
            Type::List { item, .. } => RustType::Vec(Box::new(RustType::of(item))),
            scalar_type => scalar(scalar_type).map_or(RustType::String, |s| s.rust),
        }
    }

    /// `Option<self>`.
    pub fn optional(self) -> RustType {
        RustType::Option(Box::new(self))
    }

    /// The element of a `Vec`, the value of an `Option` or `Map`; `self` otherwise.
    pub fn inner(&self) -> &RustType {
        match self {
            RustType::Vec(t) | RustType::Option(t) | RustType::Map(t) => t,
            other => other,
        }
    }
}

/// What the generator decides about a scalar spec type: one row of [`scalar`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// The Rust type that stores it.
    pub rust: RustType,
    /// The argument type of constructors and setters.
    pub arg: ArgType,
    /// The runtime's `voipms_api::meta::WireType` variant, in the metadata table.
    pub wire: &'static str,
    /// A wire value, for sample responses where the spec has no example.
    pub sample: &'static str,
}

/// The facts of a spec type without inner structure; `None` for booleans (their form is
/// part of the type), value sets and lists, which the callers spell out.
pub fn scalar(ty: &Type) -> Option<Scalar> {
    let row = |rust: RustType, arg: Option<ArgType>, wire, sample| Scalar {
        arg: arg.unwrap_or_else(|| ArgType::Plain(rust.clone())),
        rust,
        wire,
        sample,
    };
    let text = Some(ArgType::IntoString);
    Some(match ty {
        Type::String => row(RustType::String, text, "String", "example"),
        Type::Phone => row(RustType::String, text, "Phone", "5551234567"),
        Type::Id => row(RustType::String, text, "Id", "1001"),
        Type::Integer => row(RustType::I64, None, "Integer", "1"),
        Type::Decimal => row(
            RustType::Runtime("Decimal"),
            Some(ArgType::IntoDecimal),
            "Decimal",
            "1.50",
        ),
        Type::Date => row(RustType::Runtime("Date"), None, "Date", "2024-01-31"),
        Type::DateTime => row(
            RustType::Runtime("DateTime"),
            None,
            "DateTime",
            "2024-01-31 12:34:56",
        ),
        Type::Timestamp => row(
            RustType::Runtime("Timestamp"),
            None,
            "Timestamp",
            "2024-01-31 12:34:56",
        ),
        Type::Routing => row(
            RustType::Runtime("Routing"),
            None,
            "Routing",
            "account:100001_VoIP",
        ),
        Type::Bool(_) | Type::Enum(_) | Type::Count(_) | Type::List { .. } => return None,
    })
}

/// Whether constructor arguments and setters of this spec type take `impl Into<String>`.
fn is_text(ty: &Type) -> bool {
    scalar(ty).is_some_and(|s| s.arg == ArgType::IntoString)
}

/// The argument type of a constructor or setter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgType {
    /// `impl Into<String>`, converted with `.into()`.
    IntoString,
    /// `impl Into<crate::Decimal>`, converted with `.into()`.
    IntoDecimal,
    /// `impl IntoIterator<Item = impl Into<String>>`, collected.
    IntoStrings,
    /// The stored type itself.
    Plain(RustType),
}

impl ArgType {
    /// The argument type for a parameter of spec type `ty`: text and decimals are taken by `Into`.
    pub fn of(ty: &Type) -> ArgType {
        match ty {
            Type::List { item, .. } if is_text(item) => ArgType::IntoStrings,
            other => scalar(other).map_or_else(|| ArgType::Plain(RustType::of(other)), |s| s.arg),
        }
    }
}

/// Short spellings, as the spec diff reports them (`Option<Decimal>`, `Vec<get_x::Item>`).
impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::String => f.write_str("String"),
            RustType::I64 => f.write_str("i64"),
            RustType::Runtime(name) => f.write_str(name),
            RustType::Bool => f.write_str("bool"),
            RustType::ValueSet(name) => f.write_str(name),
            RustType::Count(name) => write!(f, "Count<{name}>"),
            RustType::Vec(t) => write!(f, "Vec<{t}>"),
            RustType::Option(t) => write!(f, "Option<{t}>"),
            RustType::Map(t) => write!(f, "BTreeMap<String, {t}>"),
            RustType::Nested { module, name } if module.is_empty() => f.write_str(name),
            RustType::Nested { module, name } => write!(f, "{module}::{name}"),
            RustType::Json => f.write_str("Value"),
        }
    }
}

impl fmt::Display for ArgType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgType::IntoString => f.write_str("impl Into<String>"),
            ArgType::IntoDecimal => f.write_str("impl IntoDecimal"),
            ArgType::IntoStrings => f.write_str("impl IntoIterator<Item = impl Into<String>>"),
            ArgType::Plain(t) => t.fmt(f),
        }
    }
}
