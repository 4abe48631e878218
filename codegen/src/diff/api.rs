//! The generated crate's public API as the spec implies it, and how it changes between two specs.
//!
//! Each spec is reduced to a map from Rust item to its declaration, following the generator
//! ([`crate::emit`], named by [`crate::names`]): per function a `Client` method (`send_sms`; the
//! blocking client's twin is implied), a request struct (`SendSms`) with a public field per
//! parameter (`Option` when optional), a constructor taking the required parameters in order and a
//! setter per optional parameter (an open `params` list and `param` for undocumented parameters),
//! and a response struct (`SendSmsResponse`, or `RawResponse` when undocumented) with its fields;
//! per value set an enum with a variant per value; per status code an `ErrorCode` variant.
//! Comparing the two maps gives the items added, changed (same item, another declaration) and
//! removed. Nested response objects are named by their field path
//! (`GetBalanceResponse.balance.current_balance`) and typed `object`: the generator names their
//! structs.

use std::collections::BTreeMap;

use crate::names;
use crate::spec::{Field, Function, Shape, Spec, Type};

/// What happened to a Rust item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The item disappears: code naming it stops compiling.
    Removed,
    /// The item stays but its declaration changes (signature, type or cargo feature).
    Changed,
    /// A new item.
    Added,
}

impl Change {
    /// The spelling used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Added => "added",
        }
    }

    /// The one-character marker used in text reports (`-`, `~`, `+`).
    pub fn marker(self) -> char {
        match self {
            Change::Removed => '-',
            Change::Changed => '~',
            Change::Added => '+',
        }
    }
}

/// One Rust item of the generated crate that is added, changed or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    /// Added, changed or removed.
    pub change: Change,
    /// The item's path (`Client::send_sms`, `SendSms::new`, `DtmfMode::Auto`).
    pub item: String,
    /// Its declaration before, unless added.
    pub old: Option<String>,
    /// Its declaration after, unless removed.
    pub new: Option<String>,
}

/// The Rust type the generated crate uses for a spec type.
pub fn rust_type(ty: &Type) -> String {
    match ty {
        Type::String | Type::Phone | Type::Id => "String".into(),
        Type::Integer => "i64".into(),
        Type::Decimal => "Decimal".into(),
        Type::Date => "Date".into(),
        Type::DateTime => "DateTime".into(),
        Type::Routing => "Routing".into(),
        Type::Bool(_) => "bool".into(),
        Type::Enum(name) => name.clone(),
        Type::List { item, .. } => format!("Vec<{}>", rust_type(item)),
    }
}

/// The argument type of a constructor or setter: text and decimals are taken by `Into`.
fn arg_type(ty: &Type) -> String {
    match ty {
        Type::String | Type::Phone | Type::Id => "impl Into<String>".into(),
        Type::Decimal => "impl Into<Decimal>".into(),
        Type::List { item, .. } if matches!(**item, Type::String | Type::Phone | Type::Id) => {
            "impl IntoIterator<Item = impl Into<String>>".into()
        }
        other => rust_type(other),
    }
}

/// The Rust type of a response field; nested objects are `object` (the generator names their
/// structs), nested lists and maps of lists or maps are kept as JSON `Value`s.
pub fn shape_rust_type(shape: &Shape) -> String {
    let item = |ty: &Type| match ty {
        Type::List { item, .. } => rust_type(item),
        other => rust_type(other),
    };
    match shape {
        Shape::Scalar {
            ty: ty @ Type::List { .. },
            ..
        } => rust_type(ty),
        Shape::Scalar { ty, .. } => format!("Option<{}>", rust_type(ty)),
        Shape::Object(_) => "Option<object>".into(),
        Shape::List(inner) => match inner.as_ref() {
            Shape::Object(_) => "Vec<object>".into(),
            Shape::Scalar { ty, .. } => format!("Vec<{}>", item(ty)),
            Shape::List(_) | Shape::Map(_) => "Vec<Value>".into(),
        },
        Shape::Map(inner) => match inner.as_ref() {
            Shape::Object(_) => "BTreeMap<String, object>".into(),
            Shape::Scalar { ty, .. } => format!("BTreeMap<String, {}>", item(ty)),
            Shape::List(_) | Shape::Map(_) => "BTreeMap<String, Value>".into(),
        },
    }
}

/// Every public item the spec implies, as item path -> declaration.
pub fn surface(spec: &Spec) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    for f in &spec.functions {
        function_items(f, &mut items);
    }
    for set in &spec.value_sets {
        items.insert(set.name.clone(), format!("enum {}", set.name));
        for v in &set.values {
            let path = format!("{}::{}", set.name, v.name);
            items.insert(path.clone(), format!("variant {path}"));
        }
    }
    for e in &spec.errors {
        let path = format!("ErrorCode::{}", names::camel(&e.code));
        items.insert(path.clone(), format!("variant {path}"));
    }
    items
}

fn function_items(f: &Function, items: &mut BTreeMap<String, String>) {
    let method = names::snake(&f.name);
    let request = names::camel(&f.name);
    let response = format!("{request}Response");
    let feature = format!("feature \"{}\"", f.feature);
    let ret = if f.response.is_some() {
        response.as_str()
    } else {
        "RawResponse"
    };
    let mut insert = |path: String, decl: String| {
        items.insert(path, decl);
    };
    insert(
        format!("Client::{method}"),
        format!("fn Client::{method}(&self, {request}) -> {ret}; {feature}"),
    );
    insert(request.clone(), format!("struct {request}; {feature}"));
    if f.params_undocumented {
        insert(
            format!("{request}.params"),
            format!("field {request}.params: Vec<(String, String)>"),
        );
        insert(
            format!("{request}::new"),
            format!("fn {request}::new() -> {request}"),
        );
        insert(
            format!("{request}::param"),
            format!("fn {request}::param(self, impl Into<String>, impl Into<String>) -> Self"),
        );
    } else {
        let mut args = Vec::new();
        for p in &f.params {
            let ident = names::field_ident(&p.name);
            let ty = rust_type(&p.ty);
            if p.required {
                insert(
                    format!("{request}.{ident}"),
                    format!("field {request}.{ident}: {ty}"),
                );
                args.push(format!("{ident}: {}", arg_type(&p.ty)));
            } else {
                insert(
                    format!("{request}.{ident}"),
                    format!("field {request}.{ident}: Option<{ty}>"),
                );
                // The generator renames setters that would clash with `new` and `param`.
                let setter = if ident == "new" || ident == "param" {
                    format!("with_{ident}")
                } else {
                    ident
                };
                insert(
                    format!("{request}::{setter}"),
                    format!("fn {request}::{setter}(self, {}) -> Self", arg_type(&p.ty)),
                );
            }
        }
        insert(
            format!("{request}::new"),
            format!("fn {request}::new({}) -> {request}", args.join(", ")),
        );
    }
    if let Some(fields) = &f.response {
        insert(response.clone(), format!("struct {response}; {feature}"));
        field_items(fields, &response, items);
    }
}

fn field_items(fields: &[Field], parent: &str, items: &mut BTreeMap<String, String>) {
    for field in fields {
        let path = format!("{parent}.{}", names::field_ident(&field.name));
        items.insert(
            path.clone(),
            format!("field {path}: {}", shape_rust_type(&field.shape)),
        );
        if let Some(inner) = object_fields(&field.shape) {
            field_items(inner, &path, items);
        }
    }
}

/// The fields of an object shape, directly or as the items of a list or map.
fn object_fields(shape: &Shape) -> Option<&[Field]> {
    match shape {
        Shape::Object(fields) => Some(fields),
        Shape::List(inner) | Shape::Map(inner) => match inner.as_ref() {
            Shape::Object(fields) => Some(fields),
            _ => None,
        },
        Shape::Scalar { .. } => None,
    }
}

/// The Rust items added, changed and removed from `old` to `new`: removed first, then changed,
/// then added, each in item path order.
pub fn compare(old: &Spec, new: &Spec) -> Vec<ApiChange> {
    let (before, after) = (surface(old), surface(new));
    let mut out = Vec::new();
    for (item, decl) in &before {
        match after.get(item) {
            None => out.push(ApiChange {
                change: Change::Removed,
                item: item.clone(),
                old: Some(decl.clone()),
                new: None,
            }),
            Some(now) if now != decl => out.push(ApiChange {
                change: Change::Changed,
                item: item.clone(),
                old: Some(decl.clone()),
                new: Some(now.clone()),
            }),
            Some(_) => {}
        }
    }
    for (item, decl) in &after {
        if !before.contains_key(item) {
            out.push(ApiChange {
                change: Change::Added,
                item: item.clone(),
                old: None,
                new: Some(decl.clone()),
            });
        }
    }
    out.sort_by(|a, b| (a.change, &a.item).cmp(&(b.change, &b.item)));
    out
}
