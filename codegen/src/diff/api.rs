//! The generated crate's public API as the spec implies it, and how it changes between two specs.
//!
//! Each spec is lowered to the model the generator renders ([`crate::model`]) and reduced to a
//! map from Rust item to its declaration: per function a `Client` method (`send_sms`; the
//! blocking client's twin is implied), a request struct (`SendSms`) with a public field per
//! parameter (`Option` when optional), a constructor taking the required parameters in order and a
//! setter per optional parameter (an open `params` list and `param` for undocumented parameters;
//! where [`model::named_args`] says so, `new` takes `<Request>Args`, a struct with a field per
//! required parameter),
//! and a response struct (`SendSmsResponse`, or `RawResponse` when undocumented) with its fields
//! (an alias of the shared `Acknowledgement` when the response documents `status` alone);
//! per value set an enum with a variant per value; per status code an `ErrorCode` variant.
//! Comparing the two maps gives the items added, changed (same item, another declaration) and
//! removed. Nested response structs are items of their function's module
//! (`get_balance::Balance`, with fields `get_balance::Balance.current_balance`), named as the
//! generator names them.

use std::collections::BTreeMap;

use crate::model::{self, RustType, Struct};
use crate::spec::{Shape, Spec, Type};

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
    RustType::of(ty).to_string()
}

/// The Rust type of a response field with nested structs unnamed (`object`), for comparing
/// shapes regardless of the names the generator gives nested structs.
pub fn shape_rust_type(shape: &Shape) -> String {
    model::anonymous_type(shape).to_string()
}

/// Every public item the spec implies, as item path -> declaration.
pub fn surface(spec: &Spec) -> BTreeMap<String, String> {
    let api = model::lower(spec);
    let mut items = BTreeMap::new();
    for f in &api.functions {
        function_items(f, &mut items);
    }
    for set in &api.value_sets {
        items.insert(set.name.clone(), format!("enum {}", set.name));
        for v in &set.variants {
            let path = format!("{}::{}", set.name, v.name);
            items.insert(path.clone(), format!("variant {path}"));
        }
    }
    for e in &api.error_codes {
        let path = format!("ErrorCode::{}", e.name);
        items.insert(path.clone(), format!("variant {path}"));
    }
    items
}

fn function_items(f: &model::Function, items: &mut BTreeMap<String, String>) {
    let method = &f.method;
    let request = &f.request;
    let feature = format!("feature \"{}\"", f.spec.feature);
    let ret = f.response_name();
    let mut insert = |path: String, decl: String| {
        items.insert(path, decl);
    };
    insert(
        format!("Client::{method}"),
        format!("fn Client::{method}(&self, {request}) -> {ret}; {feature}"),
    );
    insert(request.clone(), format!("struct {request}; {feature}"));
    if f.params_undocumented() {
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
        for p in &f.fields {
            let ident = &p.ident;
            insert(
                format!("{request}.{ident}"),
                format!("field {request}.{ident}: {}", p.ty()),
            );
            match &p.setter {
                None => args.push(format!("{ident}: {}", p.arg)),
                Some(setter) => insert(
                    format!("{request}::{setter}"),
                    format!("fn {request}::{setter}(self, {}) -> Self", p.arg),
                ),
            }
        }
        // Named arguments are declared with `new`, so adding or retyping one changes it.
        let args = match &f.args {
            Some(named) => {
                insert(named.clone(), format!("struct {named}; {feature}"));
                format!("{named} {{ {} }}", args.join(", "))
            }
            None => args.join(", "),
        };
        insert(
            format!("{request}::new"),
            format!("fn {request}::new({args}) -> {request}"),
        );
    }
    if let Some(r) = &f.response {
        if r.is_status_only() {
            // An alias of the shared type: gaining a field makes it a struct of its own, a
            // changed item (code that treated two such responses as one type stops compiling).
            let name = &r.top.name;
            items.insert(
                name.clone(),
                format!("type {name} = Acknowledgement; {feature}"),
            );
            return;
        }
        struct_items(&r.top, &r.top.name, &feature, items);
        for s in &r.nested {
            struct_items(s, &format!("{}::{}", r.module, s.name), &feature, items);
        }
    }
}

fn struct_items(s: &Struct, path: &str, feature: &str, items: &mut BTreeMap<String, String>) {
    items.insert(path.to_string(), format!("struct {path}; {feature}"));
    for field in &s.fields {
        let fpath = format!("{path}.{}", field.ident);
        items.insert(fpath.clone(), format!("field {fpath}: {}", field.ty));
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
