//! `update_from:`: where a setter's current record is read, so an update can send it back whole.
//!
//! VoIP.ms setters replace the whole record: a parameter not sent is reset. A setter with
//! `update_from` names the read function, the list field of its response holding the records,
//! the key, and the record field of each parameter where the names differ. [`check`] reports a
//! setter parameter that cannot be filled from the record (unless listed in `unfilled`).

use std::collections::HashSet;

use super::raw::RawUpdateFrom;
use super::{Field, Function, Shape};

/// Where the current record of a setter is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateFrom {
    /// The read function (`getDIDsInfo`).
    pub function: String,
    /// The response field listing the records (`dids`).
    pub list: String,
    /// The setter parameter that identifies the record (`did`).
    pub key: String,
    /// The record field holding the key (defaults to the key parameter's name).
    pub key_field: String,
    /// The read function's parameter that selects the record by key; `None`: read all, pick.
    pub filter: Option<String>,
    /// Setter parameter -> record field, where the names differ.
    pub fields: Vec<(String, String)>,
    /// Optional setter parameters the record does not carry: an update does not send them
    /// unless the caller sets them.
    pub unfilled: Vec<String>,
}

impl UpdateFrom {
    /// The record field that fills setter parameter `param`; `None` when it is `unfilled`.
    pub fn field_for<'a>(&'a self, param: &'a str) -> Option<&'a str> {
        if self.unfilled.iter().any(|u| u == param) {
            return None;
        }
        Some(
            self.fields
                .iter()
                .find(|(p, _)| p == param)
                .map_or(param, |(_, f)| f.as_str()),
        )
    }
}

pub(super) fn lower(r: RawUpdateFrom) -> UpdateFrom {
    UpdateFrom {
        key_field: r.key_field.unwrap_or_else(|| r.key.clone()),
        function: r.function,
        list: r.list,
        key: r.key,
        filter: r.filter,
        fields: r.fields.into_iter().collect(),
        unfilled: r.unfilled,
    }
}

/// The fields of one record of `list` in `read`'s response, if it is a list of objects.
pub(crate) fn record_fields<'a>(read: &'a Function, list: &str) -> Option<&'a [Field]> {
    let field = read.response.as_ref()?.iter().find(|f| f.name == list)?;
    match &field.shape {
        Shape::List(item) => match item.as_ref() {
            Shape::Object(fields) => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

/// Every problem of every `update_from`, as (file, YAML path, message).
pub(super) fn check(functions: &[Function]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for f in functions {
        let Some(u) = &f.update_from else { continue };
        let path = format!("functions.{}.update_from", f.name);
        let mut err = |sub: &str, msg: String| {
            let p = if sub.is_empty() {
                path.clone()
            } else {
                format!("{path}.{sub}")
            };
            out.push((f.file.clone(), p, msg));
        };
        let Some(read) = functions.iter().find(|r| r.name == u.function) else {
            err(
                "function",
                format!("`{}` is not a function of the spec", u.function),
            );
            continue;
        };
        if read.kind != super::Kind::Read {
            err(
                "function",
                format!("`{}` is not a read function", u.function),
            );
        }
        if let Some(p) = read.params.iter().find(|p| p.required) {
            err(
                "function",
                format!(
                    "`{}` requires `{}`: an update cannot read it by key alone",
                    u.function, p.name
                ),
            );
        }
        let Some(record) = record_fields(read, &u.list) else {
            err(
                "list",
                format!(
                    "`{}` is not a list of objects in the response of `{}`",
                    u.list, u.function
                ),
            );
            continue;
        };
        let has_field = |name: &str| record.iter().any(|r| r.name == name);
        if f.param(&u.key).is_none() {
            err(
                "key",
                format!("`{}` is not a parameter of `{}`", u.key, f.name),
            );
        }
        if !has_field(&u.key_field) {
            err(
                "key_field",
                format!(
                    "the records of `{}` have no field `{}`",
                    u.function, u.key_field
                ),
            );
        }
        if let Some(filter) = &u.filter {
            match read.param(filter) {
                None => err(
                    "filter",
                    format!("`{filter}` is not a parameter of `{}`", u.function),
                ),
                Some(p) if p.required => err(
                    "filter",
                    format!(
                        "`{filter}` is required by `{}`: an update cannot choose it",
                        u.function
                    ),
                ),
                Some(_) => {}
            }
        }
        for (param, field) in &u.fields {
            if f.param(param).is_none() {
                err(
                    &format!("fields.{param}"),
                    format!("`{param}` is not a parameter of `{}`", f.name),
                );
            }
            if !has_field(field) {
                err(
                    &format!("fields.{param}"),
                    format!("the records of `{}` have no field `{field}`", u.function),
                );
            }
        }
        let mut unfilled: HashSet<&str> = HashSet::new();
        for name in &u.unfilled {
            unfilled.insert(name);
            match f.param(name) {
                None => err(
                    "unfilled",
                    format!("`{name}` is not a parameter of `{}`", f.name),
                ),
                Some(p) if p.required => err(
                    "unfilled",
                    format!(
                        "`{name}` is required by `{}`: an update could never send it",
                        f.name
                    ),
                ),
                Some(_) => {}
            }
        }
        for p in &f.params {
            if unfilled.contains(p.name.as_str()) {
                continue;
            }
            let field = u.field_for(&p.name).unwrap_or(&p.name);
            if !has_field(field) {
                err(
                    "",
                    format!(
                        "parameter `{}` of `{}` cannot be filled from the records of `{}` \
                         (no field `{field}`): map it under `fields` or list it under `unfilled`",
                        p.name, f.name, u.function
                    ),
                );
            }
        }
    }
    out
}
