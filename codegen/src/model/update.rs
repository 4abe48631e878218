//! Safe updates: a setter with `update_from` gets a conversion from its current record to a
//! complete request and a client helper that reads, applies a change and writes back.

use super::{Api, Function, RustType};
use crate::spec::{Type, UpdateFrom};

/// The update of one setter.
#[derive(Debug, Clone, PartialEq)]
pub struct Update<'a> {
    /// The setter.
    pub setter: &'a Function<'a>,
    /// The read function giving the current record.
    pub read: &'a Function<'a>,
    /// The spec's `update_from`.
    pub spec: &'a UpdateFrom,
    /// The helper method (`update_did_info`).
    pub helper: String,
    /// The read response's field listing the records (Rust name).
    pub list: String,
    /// The type of one record.
    pub record: RustType,
    /// The read request's setter that selects by key, when the read function has one.
    pub filter: Option<String>,
    /// One per setter field, in field order.
    pub params: Vec<UpdateParam>,
}

/// How one setter field is filled from the record.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateParam {
    /// The setter's Rust field.
    pub ident: String,
    /// The setter's wire name.
    pub wire: String,
    /// The record field (wire name) it is read from; `None` when never read (an `unfilled`
    /// parameter whose name the record uses for something else).
    pub field: Option<String>,
    /// Whether the spec's record documents the field; an `unfilled` parameter is still read
    /// from a field of its own name the spec's record lacks, which VoIP.ms may send anyway
    /// (kept in `extra()`).
    pub documented: bool,
    /// Whether the setter requires it.
    pub required: bool,
    /// The list separator, for a list parameter.
    pub list_sep: Option<String>,
}

/// The update helper of setter method `method`: `set_did_info` -> `update_did_info`.
pub fn helper_name(method: &str) -> String {
    format!("update_{}", method.strip_prefix("set_").unwrap_or(method))
}

/// The updates of every setter with `update_from` whose read function has a typed record.
pub fn updates<'a>(api: &'a Api<'a>) -> Vec<Update<'a>> {
    api.functions
        .iter()
        .filter_map(|setter| {
            let spec = setter.spec.update_from.as_ref()?;
            let read = api
                .functions
                .iter()
                .find(|f| f.spec.name == spec.function)?;
            let list = read
                .response
                .as_ref()?
                .top
                .fields
                .iter()
                .find(|f| f.wire == spec.list)?;
            let filter = spec.filter.as_ref().and_then(|w| {
                read.fields
                    .iter()
                    .find(|f| f.param.name == *w)
                    .and_then(|f| f.setter.clone())
            });
            let record = crate::spec::record_fields(read.spec, &spec.list)?;
            let params = setter
                .fields
                .iter()
                .map(|f| UpdateParam {
                    ident: f.ident.clone(),
                    wire: f.param.name.clone(),
                    documented: spec.field_for(&f.param.name).is_some(),
                    field: match spec.field_for(&f.param.name) {
                        Some(field) => Some(field.to_string()),
                        None if record.iter().any(|r| r.name == f.param.name) => None,
                        None => Some(f.param.name.clone()),
                    },
                    required: f.param.required,
                    list_sep: match &f.param.ty {
                        Type::List { sep, .. } => Some(sep.clone()),
                        _ => None,
                    },
                })
                .collect();
            Some(Update {
                helper: setter.method.strip_prefix("set_").map_or_else(
                    || format!("update_{}", setter.method),
                    |m| format!("update_{m}"),
                ),
                list: list.ident.clone(),
                record: list.ty.inner().clone(),
                setter,
                read,
                spec,
                filter,
                params,
            })
        })
        .collect()
}
