//! The Rust type of every value the generated crate stores or takes: one mapping from spec
//! types, shared by the emitter (as tokens) and the spec diff (as text).

use std::fmt;

use crate::spec::Type;

/// A Rust type of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String` (text, phone numbers, ids).
    String,
    /// `i64`.
    I64,
    /// `crate::Decimal`.
    Decimal,
    /// `crate::Date`.
    Date,
    /// `crate::DateTime`.
    DateTime,
    /// `crate::Routing`.
    Routing,
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
            Type::String | Type::Phone | Type::Id => RustType::String,
            Type::Integer => RustType::I64,
            Type::Decimal => RustType::Decimal,
            Type::Date => RustType::Date,
            Type::DateTime => RustType::DateTime,
            Type::Routing => RustType::Routing,
            Type::Bool(_) => RustType::Bool,
            Type::Enum(name) => RustType::ValueSet(name.clone()),
            Type::Count(name) => RustType::Count(name.clone()),
            Type::List { item, .. } => RustType::Vec(Box::new(RustType::of(item))),
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

/// Whether constructor arguments and setters of this spec type take `impl Into<String>`.
fn is_text(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Phone | Type::Id)
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
            t if is_text(t) => ArgType::IntoString,
            Type::Decimal => ArgType::IntoDecimal,
            Type::List { item, .. } if is_text(item) => ArgType::IntoStrings,
            other => ArgType::Plain(RustType::of(other)),
        }
    }
}

/// Short spellings, as the spec diff reports them (`Option<Decimal>`, `Vec<get_x::Item>`).
impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::String => f.write_str("String"),
            RustType::I64 => f.write_str("i64"),
            RustType::Decimal => f.write_str("Decimal"),
            RustType::Date => f.write_str("Date"),
            RustType::DateTime => f.write_str("DateTime"),
            RustType::Routing => f.write_str("Routing"),
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
