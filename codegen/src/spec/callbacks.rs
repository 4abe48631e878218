//! `spec/callbacks.yaml`: what VoIP.ms sends to the account holder's own server (the SMS/MMS URL
//! callback, the SMS/MMS webhook, the fax callback), loaded and checked.
//!
//! The file is optional: a spec without it describes no inbound requests.

use std::collections::HashSet;

use serde::Deserialize;

use super::{Diagnostic, Function, Type, locate};
use crate::names;

/// The file, relative to the spec directory.
pub const FILE: &str = "callbacks.yaml";

/// Field names the generated event types use for themselves.
const RESERVED_FIELDS: &[&str] = &["extra", "raw", "body", "query"];

/// One kind of inbound request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    /// Spec name (`sms_url_callback`), snake_case.
    pub name: String,
    /// The Rust event type (`InboundSms`).
    pub event: String,
    /// What it is.
    pub summary: String,
    /// The HTTP method VoIP.ms uses.
    pub method: Method,
    /// Where the fields are.
    pub body: BodyForm,
    /// The reply body VoIP.ms expects before it stops resending, if any.
    pub reply: Option<String>,
    /// Reviewer's note.
    pub note: Option<String>,
    /// Which function parameters configure it.
    pub configured_by: Vec<ConfiguredBy>,
    /// The fields, in file order.
    pub fields: Vec<CallbackField>,
}

/// The HTTP method of an inbound request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Method {
    /// `GET`: the fields are in the query string.
    #[serde(rename = "GET")]
    Get,
    /// `POST`: the fields are in the body.
    #[serde(rename = "POST")]
    Post,
}

impl Method {
    /// The spec (and HTTP) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Where an inbound request carries its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyForm {
    /// Query parameters, filled from placeholders in the configured URL.
    Query,
    /// A JSON body; each field at a path.
    Json,
    /// A body no source documents: kept as bytes.
    Raw,
}

impl BodyForm {
    /// The spec spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyForm::Query => "query",
            BodyForm::Json => "json",
            BodyForm::Raw => "raw",
        }
    }
}

/// Whether a field is documented by VoIP.ms or only observed in integrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldSource {
    /// In the VoIP.ms documentation.
    Documented,
    /// Only seen in public integrations: not promised.
    Observed,
}

impl FieldSource {
    /// The spec spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldSource::Documented => "documented",
            FieldSource::Observed => "observed",
        }
    }
}

/// A function whose parameters configure a callback.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfiguredBy {
    /// Wire name of the function (`setSMS`).
    pub function: String,
    /// Its parameters that configure the callback.
    pub params: Vec<String>,
}

/// One field of an inbound request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackField {
    /// Rust field name, snake_case.
    pub name: String,
    /// Its type (a scalar; a JSON path through a list gives a `Vec`).
    pub ty: Type,
    /// Whether a request without it is malformed.
    pub required: bool,
    /// Documented or observed.
    pub source: FieldSource,
    /// Query form: the placeholder VoIP.ms substitutes (`{FROM}`).
    pub placeholder: Option<String>,
    /// Query form: the query parameter the URL builder writes it under.
    pub param: Option<String>,
    /// JSON form: the dotted path in the body; `[]` after a segment means each item of a list
    /// (`data.payload.to[].phone_number`).
    pub path: Option<String>,
    /// What it is.
    pub doc: String,
}

impl CallbackField {
    /// Whether the field holds one value per item of a JSON list (its path has `[]`).
    pub fn is_many(&self) -> bool {
        self.path.as_deref().is_some_and(|p| p.contains("[]"))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    callbacks: Vec<RawCallback>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCallback {
    name: String,
    event: String,
    summary: String,
    method: Method,
    body: BodyForm,
    #[serde(default)]
    reply: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    configured_by: Vec<ConfiguredBy>,
    #[serde(default)]
    fields: Vec<RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    required: bool,
    source: FieldSource,
    #[serde(default)]
    placeholder: Option<String>,
    #[serde(default)]
    param: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    doc: String,
}

/// What loading `callbacks.yaml` gave: the callbacks, and the problems found (a parse error
/// first, in `unparsed`).
#[derive(Debug, Default)]
pub(super) struct Loaded {
    pub callbacks: Vec<Callback>,
    pub unparsed: Option<serde_yaml::Error>,
    pub diags: Vec<Diagnostic>,
}

/// Loads and checks `text` (the contents of [`FILE`]) against the loaded `functions`.
pub(super) fn load(text: &str, functions: &[Function]) -> Loaded {
    let mut out = Loaded::default();
    let raw: RawFile = match serde_yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            out.unparsed = Some(e);
            return out;
        }
    };
    let mut err = |path: String, message: String| {
        let line = locate(text, &path);
        out.diags.push(Diagnostic::new(FILE, path, line, message));
    };
    let mut names_seen = HashSet::new();
    let mut events_seen = HashSet::new();
    // A receiver tells requests apart by method and body form only.
    let mut forms_seen = HashSet::new();
    let mut callbacks = Vec::new();
    for rc in raw.callbacks {
        let path = format!("callbacks.{}", rc.name);
        if !is_snake_ident(&rc.name) {
            err(
                path.clone(),
                format!("callback name `{}` must be snake_case", rc.name),
            );
        }
        if !names_seen.insert(rc.name.clone()) {
            err(
                path.clone(),
                format!("callback `{}` is listed twice", rc.name),
            );
        }
        if !is_camel_ident(&rc.event) {
            err(
                format!("{path}.event"),
                format!("event type `{}` must be UpperCamelCase", rc.event),
            );
        }
        if !events_seen.insert(rc.event.clone()) {
            err(
                format!("{path}.event"),
                format!("event type `{}` is used twice", rc.event),
            );
        }
        match (rc.method, rc.body) {
            (Method::Get, BodyForm::Query) | (Method::Post, BodyForm::Json | BodyForm::Raw) => {}
            (m, b) => err(
                format!("{path}.body"),
                format!(
                    "a {} request cannot carry a `{}` body (GET: query; POST: json or raw)",
                    m.as_str(),
                    b.as_str()
                ),
            ),
        }
        if !forms_seen.insert((rc.method, rc.body)) {
            err(
                format!("{path}.body"),
                format!(
                    "another callback is already a {} request with a `{}` body: a receiver could not tell them apart",
                    rc.method.as_str(),
                    rc.body.as_str()
                ),
            );
        }
        if rc.reply.as_deref().is_some_and(str::is_empty) {
            err(format!("{path}.reply"), "reply must not be empty".into());
        }
        for c in &rc.configured_by {
            let Some(f) = functions.iter().find(|f| f.name == c.function) else {
                err(
                    format!("{path}.configured_by"),
                    format!("no function `{}` in the spec", c.function),
                );
                continue;
            };
            for p in &c.params {
                if f.param(p).is_none() {
                    err(
                        format!("{path}.configured_by"),
                        format!("`{}` has no parameter `{p}`", c.function),
                    );
                }
            }
        }
        let mut field_names = HashSet::new();
        let mut fields = Vec::new();
        for rf in rc.fields {
            let fpath = format!("{path}.fields.{}", rf.name);
            if !is_snake_ident(&rf.name) || RESERVED_FIELDS.contains(&rf.name.as_str()) {
                err(
                    fpath.clone(),
                    format!(
                        "field name `{}` must be a snake_case identifier other than {}",
                        rf.name,
                        RESERVED_FIELDS.join(", ")
                    ),
                );
            }
            if !field_names.insert(rf.name.clone()) {
                err(
                    fpath.clone(),
                    format!("field `{}` is listed twice", rf.name),
                );
            }
            let ty = match Type::parse(&rf.ty) {
                Ok(Type::List { .. }) | Ok(Type::Enum(_)) | Ok(Type::Routing) => {
                    err(
                        format!("{fpath}.type"),
                        format!(
                            "`{}`: a callback field is a plain scalar (a JSON path with `[]` makes a list)",
                            rf.ty
                        ),
                    );
                    Type::String
                }
                Ok(t) => t,
                Err(e) => {
                    err(format!("{fpath}.type"), e.to_string());
                    Type::String
                }
            };
            match rc.body {
                BodyForm::Query => {
                    match &rf.placeholder {
                        Some(p) if is_placeholder(p) => {}
                        Some(p) => err(
                            format!("{fpath}.placeholder"),
                            format!("placeholder `{p}` must be `{{UPPERCASE}}`"),
                        ),
                        None => err(fpath.clone(), "a query field needs a `placeholder`".into()),
                    }
                    match &rf.param {
                        Some(p) if is_query_name(p) => {}
                        Some(p) => err(
                            format!("{fpath}.param"),
                            format!("query parameter `{p}` must be letters, digits or `_`"),
                        ),
                        None => err(fpath.clone(), "a query field needs a `param`".into()),
                    }
                    if rf.path.is_some() {
                        err(
                            format!("{fpath}.path"),
                            "a query field has no `path`".into(),
                        );
                    }
                }
                BodyForm::Json => {
                    match &rf.path {
                        Some(p) => {
                            if let Some(problem) = path_problem(p) {
                                err(format!("{fpath}.path"), format!("path `{p}`: {problem}"));
                            }
                            if rf.required && p.contains("[]") {
                                err(
                                    format!("{fpath}.required"),
                                    "a field read from a list cannot be required".into(),
                                );
                            }
                        }
                        None => err(fpath.clone(), "a json field needs a `path`".into()),
                    }
                    if rf.placeholder.is_some() || rf.param.is_some() {
                        err(
                            fpath.clone(),
                            "a json field has no `placeholder` or `param`".into(),
                        );
                    }
                }
                BodyForm::Raw => err(
                    fpath.clone(),
                    "a raw body has no fields: it is kept as it arrives".into(),
                ),
            }
            fields.push(CallbackField {
                name: rf.name,
                ty,
                required: rf.required,
                source: rf.source,
                placeholder: rf.placeholder,
                param: rf.param,
                path: rf.path,
                doc: rf.doc,
            });
        }
        if rc.body == BodyForm::Query {
            let mut params = HashSet::new();
            for f in &fields {
                if let Some(p) = &f.param
                    && !params.insert(p.clone())
                {
                    err(
                        format!("{path}.fields.{}.param", f.name),
                        format!("query parameter `{p}` is used by two fields"),
                    );
                }
            }
        }
        callbacks.push(Callback {
            name: rc.name,
            event: rc.event,
            summary: rc.summary,
            method: rc.method,
            body: rc.body,
            reply: rc.reply,
            note: rc.note,
            configured_by: rc.configured_by,
            fields,
        });
    }
    out.callbacks = callbacks;
    out
}

fn is_snake_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !names::is_keyword(s)
}

fn is_camel_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && names::camel(s) == s
}

fn is_placeholder(s: &str) -> bool {
    s.strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .is_some_and(|inner| {
            !inner.is_empty() && inner.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
}

fn is_query_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What is wrong with a JSON path, if anything.
fn path_problem(p: &str) -> Option<&'static str> {
    if p.matches("[]").count() > 1 {
        return Some("at most one `[]` (one list) per path");
    }
    for seg in p.split('.') {
        let name = seg.strip_suffix("[]").unwrap_or(seg);
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Some(
                "segments are names of letters, digits or `_`, optionally followed by `[]`",
            );
        }
    }
    if p.ends_with("[]") {
        return Some("`[]` must be followed by the field read from each item");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let loaded = load(text, &[]);
        assert!(loaded.unparsed.is_none(), "{:?}", loaded.unparsed);
        loaded
            .diags
            .iter()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect()
    }

    #[test]
    fn each_problem_is_located_and_reported() {
        let text = r#"callbacks:
  - name: sms
    event: inboundSms
    summary: "x"
    method: GET
    body: json
    configured_by:
      - {function: setSMS, params: [url_callback]}
    fields:
      - name: from
        type: "list(string, \",\")"
        source: observed
        placeholder: "FROM"
        path: "a[].b"
        required: true
  - name: sms2
    event: Other
    summary: "y"
    method: GET
    body: json
    fields: []
"#;
        let p = problems(text);
        let want = [
            "callbacks.sms.event: event type `inboundSms` must be UpperCamelCase",
            "callbacks.sms.body: a GET request cannot carry a `json` body (GET: query; POST: json or raw)",
            "callbacks.sms.configured_by: no function `setSMS` in the spec",
            "callbacks.sms.fields.from.type: `list(string, \",\")`: a callback field is a plain scalar (a JSON path with `[]` makes a list)",
            "callbacks.sms.fields.from.required: a field read from a list cannot be required",
            "callbacks.sms.fields.from: a json field has no `placeholder` or `param`",
            "callbacks.sms2.body: another callback is already a GET request with a `json` body: a receiver could not tell them apart",
        ];
        for w in want {
            assert!(p.iter().any(|x| x == w), "missing {w:?} in {p:#?}");
        }
        assert_eq!(p.len(), want.len() + 1, "{p:#?}"); // + sms2's GET/json mismatch
    }

    #[test]
    fn query_fields_need_a_placeholder_and_a_unique_param() {
        let text = r#"callbacks:
  - name: sms
    event: InboundSms
    summary: "x"
    method: GET
    body: query
    fields:
      - {name: from, type: "phone", source: documented, placeholder: "{FROM}", param: from}
      - {name: to, type: "phone", source: documented, param: from}
      - {name: extra, type: "string", source: observed, placeholder: "{X}", param: x}
"#;
        let p = problems(text);
        assert!(
            p.contains(&"callbacks.sms.fields.to: a query field needs a `placeholder`".to_string()),
            "{p:#?}"
        );
        assert!(
            p.contains(
                &"callbacks.sms.fields.to.param: query parameter `from` is used by two fields"
                    .to_string()
            ),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|x| x.starts_with("callbacks.sms.fields.extra: field name `extra`")),
            "{p:#?}"
        );
        assert_eq!(p.len(), 3, "{p:#?}");
    }

    #[test]
    fn paths_are_checked() {
        assert_eq!(path_problem("data.payload.to[].phone_number"), None);
        assert!(path_problem("data..x").is_some());
        assert!(path_problem("a[].b[].c").is_some());
        assert!(path_problem("a.b[]").is_some());
        assert!(is_placeholder("{FROM}"));
        assert!(!is_placeholder("FROM"));
        assert!(!is_placeholder("{from}"));
    }
}
