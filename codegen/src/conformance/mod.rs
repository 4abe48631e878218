//! Conformance of real response bodies to the spec: what `cargo xtask spec check-responses`
//! reports.
//!
//! Each saved body ([`saved`]) is walked against its function's response in the spec; every
//! [`Deviation`] names the spec file and YAML path to edit, what the body had (JSON type and
//! length, never the text of a value: bodies carry personal data) and the edit that would make the
//! spec agree. Whether a value fits its type is [`Type::fit`], the rule the spec's examples are
//! checked by. The shape tolerance is the decoder's: a list may come as a PHP-style keyed
//! collection (`{"0": {...}}`) or as nothing (`""`, `false`, `[]`), a map as a list; a list answered
//! as one bare record, or an object as a list, is a shape fallback.

mod infer;
pub mod learn;
mod report;
pub mod saved;

pub use report::{Checker, Group, Report, ResolveError};

use serde_json::{Map, Value};

use crate::spec::{Field, Fit, Function, Shape, Spec, Type};

/// What kind of disagreement a deviation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeviationKind {
    /// A field the spec does not list.
    UnknownField,
    /// A value that is not of its field's type.
    NotOfType,
    /// A value of the right form outside its field's value set.
    OutsideValueSet,
    /// A list answered as one bare object, an object answered as a list, and the like.
    ShapeFallback,
    /// A body without a `status` (or not a JSON object at all).
    MissingStatus,
    /// A status code `errors.yaml` does not list.
    UnknownErrorCode,
    /// A function the spec does not have.
    UnknownFunction,
}

impl DeviationKind {
    /// How reports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviationKind::UnknownField => "unknown field",
            DeviationKind::NotOfType => "value not of its type",
            DeviationKind::OutsideValueSet => "value outside its value set",
            DeviationKind::ShapeFallback => "shape fallback",
            DeviationKind::MissingStatus => "missing status",
            DeviationKind::UnknownErrorCode => "unknown error code",
            DeviationKind::UnknownFunction => "unknown function",
        }
    }
}

/// One way a body disagrees with the spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Deviation {
    /// The spec file to edit, relative to the spec directory.
    pub file: String,
    /// The YAML path in that file (`functions.getConference.response.conference.list.max_members`).
    pub yaml_path: String,
    /// What kind of disagreement.
    pub kind: DeviationKind,
    /// Where in the body, list positions written `[]` (`conference[].max_members`).
    pub at: String,
    /// What the body had: JSON type and length, a value only when it is a short word.
    pub found: String,
    /// The edit that would make the spec agree, in words.
    pub fix: String,
    /// The same edit when the body decides it, for `cargo xtask spec learn` to apply; `None`
    /// when a person must choose (a name for a new value set, the meaning of a new error code,
    /// a structure answered in another form).
    pub edit: Option<Edit>,
}

/// A spec edit a body decides on its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edit {
    /// Add the field `name` to the record declared at the deviation's `yaml_path`.
    AddField {
        /// The wire name.
        name: String,
        /// Its shape in spec syntax: a quoted type (`"integer"`) or a flow structure
        /// (`{list: {a: "string"}}`).
        shape: String,
    },
    /// Change the type of the scalar field `name`, declared at the deviation's `yaml_path`
    /// (which ends in `.type`).
    ChangeType {
        /// The wire name.
        name: String,
        /// The type the spec gives it.
        from: String,
        /// The type the body needs.
        to: String,
    },
    /// Add the wire word `value` to the value set `set` (`types.yaml`).
    AddValue {
        /// The value set.
        set: String,
        /// The word, as answered.
        value: String,
    },
}

/// Every deviation of one JSON body answered by `function`.
pub fn check_body(spec: &Spec, function: &Function, body: &Value) -> Vec<Deviation> {
    let mut w = Walker {
        spec,
        file: &function.file,
        out: Vec::new(),
    };
    let fpath = format!("functions.{}", function.name);
    let Value::Object(top) = body else {
        w.push(
            &fpath,
            DeviationKind::MissingStatus,
            "",
            describe(body),
            "the body is not a JSON object: not a VoIP.ms answer (check the saved body)".into(),
        );
        return w.out;
    };
    let status = match top.get("status") {
        Some(Value::String(s)) => s.as_str(),
        other => {
            let found = other.map_or("no `status`".to_string(), |v| {
                format!("`status` is {}", describe(v))
            });
            w.push(
                &fpath,
                DeviationKind::MissingStatus,
                "status",
                found,
                format!(
                    "every answer has a `status`: if `{}` answers without one, say so in its `note:`",
                    function.name
                ),
            );
            return w.out;
        }
    };
    if status != "success" {
        if !spec.errors.iter().any(|e| e.code == status) {
            w.file = "errors.yaml";
            let shown = word(status).map_or_else(String::new, |s| format!(" `{s}`"));
            w.push(
                "errors",
                DeviationKind::UnknownErrorCode,
                "status",
                format!("status{shown}: {}", describe_str(status)),
                format!(
                    "add error code{shown} to errors.yaml (with the description VoIP.ms gives)"
                ),
            );
        }
        return w.out;
    }
    let rpath = format!("{fpath}.response");
    let fields: &[Field] = function.response.as_deref().unwrap_or(&[]);
    w.fields(fields, top, &rpath, "", true);
    w.out
}

struct Walker<'a> {
    spec: &'a Spec,
    file: &'a str,
    out: Vec<Deviation>,
}

impl Walker<'_> {
    fn push(&mut self, yaml: &str, kind: DeviationKind, at: &str, found: String, fix: String) {
        self.push_edit(yaml, kind, at, found, fix, None);
    }

    fn push_edit(
        &mut self,
        yaml: &str,
        kind: DeviationKind,
        at: &str,
        found: String,
        fix: String,
        edit: Option<Edit>,
    ) {
        self.out.push(Deviation {
            file: self.file.to_string(),
            yaml_path: yaml.to_string(),
            kind,
            at: at.to_string(),
            found,
            fix,
            edit,
        });
    }

    /// The fields of a record `obj` against `fields`, declared at YAML path `yaml`.
    fn fields(
        &mut self,
        fields: &[Field],
        obj: &Map<String, Value>,
        yaml: &str,
        at: &str,
        top: bool,
    ) {
        for (name, v) in obj {
            if top && name == "status" {
                continue;
            }
            let at = join(at, name);
            match fields.iter().find(|f| &f.name == name) {
                Some(f) => self.shape(&f.shape, name, v, &format!("{yaml}.{name}"), &at),
                None => {
                    let shape = infer::shape_syntax(self.spec, name, v);
                    // A scalar takes a `note:`; a structure's note is a YAML comment.
                    let (as_, paste) = match shape
                        .strip_prefix('"')
                        .and_then(|s| s.strip_suffix('"'))
                    {
                        Some(ty) => (
                            ty.replace("\\\"", "\""),
                            format!(
                                "{name}: {{type: {shape}, note: \"Observed in answers, not documented.\"}}"
                            ),
                        ),
                        None => (
                            shape.clone(),
                            format!("{name}: {shape}  # observed in answers, not documented"),
                        ),
                    };
                    self.push_edit(
                        yaml,
                        DeviationKind::UnknownField,
                        &at,
                        describe(v),
                        format!("add field `{name}` as `{as_}`: `{paste}`"),
                        Some(Edit::AddField {
                            name: name.clone(),
                            shape,
                        }),
                    );
                }
            }
        }
    }

    /// The value `v` of the field `name` against `shape`, declared at YAML path `yaml`.
    fn shape(&mut self, shape: &Shape, name: &str, v: &Value, yaml: &str, at: &str) {
        match shape {
            Shape::Scalar { ty, .. } => self.scalar(ty, name, v, yaml, at),
            Shape::Object(fields) => {
                let ypath = format!("{yaml}.object");
                match v {
                    Value::Object(o) => self.fields(fields, o, &ypath, at, false),
                    Value::Array(items) if !items.is_empty() => {
                        self.push(
                            yaml,
                            DeviationKind::ShapeFallback,
                            at,
                            describe(v),
                            format!("`{name}` is an object answered as a list: nothing to change if this is the usual one-element list; otherwise make it `{{list: ...}}`"),
                        );
                        for item in items {
                            self.record_or_value(fields, name, item, &ypath, &format!("{at}[]"));
                        }
                    }
                    _ if infer::is_nothing(v) => {}
                    _ => self.not_a_container(name, "an object", v, yaml, at),
                }
            }
            Shape::List(inner) => {
                let ypath = format!("{yaml}{}", inner_key(inner, "list"));
                let item_at = format!("{at}[]");
                match (v, inner.as_ref()) {
                    (Value::Array(items), _) => {
                        for item in items {
                            self.item(inner, name, item, &ypath, &item_at);
                        }
                    }
                    (Value::Object(o), Shape::Object(fields)) if !infer::is_collection(o) => {
                        self.push(
                            yaml,
                            DeviationKind::ShapeFallback,
                            at,
                            describe(v),
                            format!("`{name}` is a list answered as one object: nothing to change (it reads as a one-element list); say so in the function's `note:`"),
                        );
                        self.fields(fields, o, &ypath, &item_at, false);
                    }
                    // A PHP-style keyed collection.
                    (Value::Object(o), _) => {
                        for item in o.values() {
                            self.item(inner, name, item, &ypath, &item_at);
                        }
                    }
                    _ if infer::is_nothing(v) => {}
                    (_, Shape::Object(_)) => self.not_a_container(name, "a list", v, yaml, at),
                    _ => {
                        self.push(
                            yaml,
                            DeviationKind::ShapeFallback,
                            at,
                            describe(v),
                            format!("`{name}` is a list answered as one value: nothing to change (it reads as a one-element list)"),
                        );
                        self.item(inner, name, v, &ypath, &item_at);
                    }
                }
            }
            Shape::Map(inner) => {
                let ypath = format!("{yaml}{}", inner_key(inner, "map"));
                let item_at = format!("{at}[]");
                match v {
                    Value::Object(o) => {
                        for item in o.values() {
                            self.item(inner, name, item, &ypath, &item_at);
                        }
                    }
                    // PHP answers a map keyed by position as a list (getMediaMMS media).
                    Value::Array(items) => {
                        for item in items {
                            self.item(inner, name, item, &ypath, &item_at);
                        }
                    }
                    _ if infer::is_nothing(v) => {}
                    _ => self.not_a_container(name, "a map", v, yaml, at),
                }
            }
        }
    }

    /// A list or map item: a record against its fields, or a value against its type.
    fn item(&mut self, inner: &Shape, name: &str, v: &Value, yaml: &str, at: &str) {
        match inner {
            Shape::Object(fields) => self.record_or_value(fields, name, v, yaml, at),
            Shape::Scalar { ty, .. } => self.scalar(ty, name, v, yaml, at),
            nested => self.shape(nested, name, v, yaml, at),
        }
    }

    fn record_or_value(&mut self, fields: &[Field], name: &str, v: &Value, yaml: &str, at: &str) {
        match v {
            Value::Object(o) => self.fields(fields, o, yaml, at, false),
            _ if infer::is_nothing(v) => {}
            _ => self.not_a_container(name, "a record", v, yaml, at),
        }
    }

    fn not_a_container(&mut self, name: &str, what: &str, v: &Value, yaml: &str, at: &str) {
        let shape = infer::shape_syntax(self.spec, name, v);
        self.push(
            yaml,
            DeviationKind::NotOfType,
            at,
            describe(v),
            format!("`{name}` is {what} in the spec but was answered as a value: if that is its form, make it `{name}: {shape}`"),
        );
    }

    fn scalar(&mut self, ty: &Type, name: &str, v: &Value, yaml: &str, at: &str) {
        let wire = match v {
            Value::Null => return,
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Array(_) | Value::Object(_) => {
                let shape = infer::shape_syntax(self.spec, name, v);
                self.push(
                    yaml,
                    DeviationKind::ShapeFallback,
                    at,
                    describe(v),
                    format!("`{name}` is a value in the spec but was answered as {}: if that is its form, make it `{name}: {shape}`", if v.is_array() { "a list" } else { "an object" }),
                );
                return;
            }
        };
        let spec = self.spec;
        match ty.fit(&wire, &|s, x| infer::in_set(spec, s, x)) {
            Fit::Fits => {}
            Fit::OutsideSet(set) => {
                let shown = word(wire.trim());
                let (fix, edit) = match shown {
                    Some(w) => (
                        format!("add value `{w}` to value set `{set}` (types.yaml)"),
                        Some(Edit::AddValue {
                            set: set.to_string(),
                            value: w.to_string(),
                        }),
                    ),
                    None => (
                        format!(
                            "add the value to value set `{set}` (types.yaml); the value is not shown: it is not a short word"
                        ),
                        None,
                    ),
                };
                self.push_edit(
                    &format!("{yaml}.type"),
                    DeviationKind::OutsideValueSet,
                    at,
                    found_with_word(v, shown),
                    fix,
                    edit,
                );
            }
            Fit::Misfit => {
                let w = v
                    .as_str()
                    .and_then(|s| word(s.trim()))
                    .filter(|w| w.starts_with(|c: char| c.is_alphabetic()));
                let (fix, edit) = match (ty, w) {
                    // Which words a count carries, and the set's name, are a reviewer's call.
                    (Type::Integer, Some(w)) => (
                        format!(
                            "widen `{name}` to `count(<ValueSet>)` with the word `{w}` (a value set of the words a count may carry)"
                        ),
                        None,
                    ),
                    _ => {
                        let t = infer::scalar_type(spec, name, v);
                        let t = if &t == ty { Type::String } else { t };
                        (
                            format!("change `{name}` from `{ty}` to `{t}`"),
                            Some(Edit::ChangeType {
                                name: name.to_string(),
                                from: ty.to_string(),
                                to: t.to_string(),
                            }),
                        )
                    }
                };
                self.push_edit(
                    &format!("{yaml}.type"),
                    DeviationKind::NotOfType,
                    at,
                    format!("{}, not a valid {ty}", found_with_word(v, w)),
                    fix,
                    edit,
                );
            }
        }
    }
}

/// The YAML key under a list or map field that holds its items (`.list`, `.list_of`...).
fn inner_key(inner: &Shape, container: &str) -> String {
    match inner {
        Shape::Object(_) => format!(".{container}"),
        _ => format!(".{container}_of"),
    }
}

fn join(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else {
        format!("{at}.{name}")
    }
}

/// A value's JSON type and size, never its text.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(_) => "a number".into(),
        Value::String(s) => describe_str(s),
        Value::Array(a) => format!("a list of {} item{}", a.len(), plural(a.len())),
        Value::Object(o) => format!("an object of {} field{}", o.len(), plural(o.len())),
    }
}

fn describe_str(s: &str) -> String {
    let n = s.chars().count();
    format!("a string of {n} character{}", plural(n))
}

fn found_with_word(v: &Value, w: Option<&str>) -> String {
    match w {
        Some(w) => format!("{} (`{w}`)", describe(v)),
        None => describe(v),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `s` when it is short and word-like enough to show (an enum value, a sentinel such as
/// `Unlimited`), never something that could be personal data: no long digit runs (phone numbers),
/// no `@`, no spaces.
fn word(s: &str) -> Option<&str> {
    let short = !s.is_empty() && s.chars().count() <= 24;
    let charset = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (short && charset && digits <= 4).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TYPES: &str = "value_sets:\n  Mode:\n    doc: \"Modes.\"\n    values:\n      - \"auto\"\n      - \"manual\"\n";
    const ERRORS: &str = "errors:\n  - code: invalid_did\n    description: \"Invalid DID\"\n";
    const THINGS: &str = r#"category: "Things"
feature: things
functions:
  - name: getThings
    kind: read
    summary: |-
      - Things
    response:
      total: {type: "integer", example: "1", note: "Observed in answers, not documented."}
      owner:
        object:
          since: "date"
          limits:
            object:
              max: "integer"
      things:
        list:
          mode: "enum(Mode)"
          parts:
            list:
              weight: "decimal"
      tags:
        list_of: "string"
"#;

    fn spec() -> Spec {
        let files = [
            ("types.yaml", TYPES),
            ("errors.yaml", ERRORS),
            ("functions/things.yaml", THINGS),
        ]
        .map(|(p, t)| (p.to_string(), t.to_string()));
        crate::spec::load_files(&files).unwrap_or_else(|d| panic!("{d}"))
    }

    /// `(kind, yaml path, body path)` of each deviation, and the fixes.
    fn check(body: Value) -> (Vec<(DeviationKind, String, String)>, Vec<String>) {
        let spec = spec();
        let f = spec
            .function("getThings")
            .unwrap_or_else(|| panic!("no getThings"));
        let out = check_body(&spec, f, &body);
        (
            out.iter()
                .map(|d| (d.kind, d.yaml_path.clone(), d.at.clone()))
                .collect(),
            out.into_iter().map(|d| d.fix).collect(),
        )
    }

    const R: &str = "functions.getThings.response";

    #[test]
    fn in_step_bodies_have_no_deviation() {
        let body = json!({"status": "success", "total": 3, "owner": {"since": "2024-01-02",
            "limits": {"max": "5"}}, "things": [{"mode": "auto", "parts": [{"weight": "1.5"}]},
            {"mode": "", "parts": ""}], "tags": ["a", "b"]});
        assert_eq!(check(body).0, vec![]);
        // Keyed collections and the empty spellings are the decoder's tolerance, not drift.
        let body = json!({"status": "success", "owner": [], "things": {"0": {"mode": "manual"},
            "1": {"parts": false}}, "tags": {"1": "x"}});
        assert_eq!(check(body).0, vec![]);
        assert_eq!(check(json!({"status": "invalid_did"})).0, vec![]);
    }

    #[test]
    fn unknown_fields_at_every_depth() {
        let body = json!({"status": "success", "extra": "12", "owner": {"limits": {"min": "0.5"}},
            "things": [{"flag_enabled": "1", "parts": [{"label": {"a": "2024-01-02"}}]}]});
        let (found, fixes) = check(body);
        let u = DeviationKind::UnknownField;
        assert_eq!(
            found,
            vec![
                (u, R.to_string(), "extra".to_string()),
                (
                    u,
                    format!("{R}.owner.object.limits.object"),
                    "owner.limits.min".into()
                ),
                (
                    u,
                    format!("{R}.things.list"),
                    "things[].flag_enabled".into()
                ),
                (
                    u,
                    format!("{R}.things.list.parts.list"),
                    "things[].parts[].label".into()
                ),
            ]
        );
        assert!(
            fixes[0].starts_with("add field `extra` as `integer`"),
            "{fixes:?}"
        );
        assert!(
            fixes[1].starts_with("add field `min` as `decimal`"),
            "{fixes:?}"
        );
        assert!(
            fixes[2].starts_with("add field `flag_enabled` as `bool(1/0)`"),
            "{fixes:?}"
        );
        assert!(
            fixes[3].starts_with("add field `label` as `{object: {a: \"date\"}}`"),
            "{fixes:?}"
        );
    }

    #[test]
    fn values_not_of_their_type_and_outside_value_sets() {
        let body = json!({"status": "success", "total": "Unlimited",
            "owner": {"since": "soon", "limits": {"max": "2.5"}},
            "things": [{"mode": "turbo", "parts": [{"weight": "heavy"}]}, {"mode": "5551234567"}]});
        let (found, fixes) = check(body);
        let (n, o) = (DeviationKind::NotOfType, DeviationKind::OutsideValueSet);
        assert_eq!(
            found,
            vec![
                (n, format!("{R}.total.type"), "total".to_string()),
                (
                    n,
                    format!("{R}.owner.object.since.type"),
                    "owner.since".into()
                ),
                (
                    n,
                    format!("{R}.owner.object.limits.object.max.type"),
                    "owner.limits.max".into()
                ),
                (
                    o,
                    format!("{R}.things.list.mode.type"),
                    "things[].mode".into()
                ),
                (
                    n,
                    format!("{R}.things.list.parts.list.weight.type"),
                    "things[].parts[].weight".into()
                ),
                (
                    o,
                    format!("{R}.things.list.mode.type"),
                    "things[].mode".into()
                ),
            ]
        );
        assert_eq!(
            fixes[0],
            "widen `total` to `count(<ValueSet>)` with the word `Unlimited` (a value set of the words a count may carry)"
        );
        assert_eq!(fixes[1], "change `since` from `date` to `string`");
        assert_eq!(fixes[2], "change `max` from `integer` to `decimal`");
        assert_eq!(
            fixes[3],
            "add value `turbo` to value set `Mode` (types.yaml)"
        );
        // A phone number is never shown.
        assert!(!fixes[5].contains("5551234567"), "{fixes:?}");
    }

    #[test]
    fn shape_fallbacks_at_every_depth() {
        let body = json!({"status": "success", "owner": {"limits": [{"max": "1"}]},
            "things": {"mode": "auto", "parts": {"weight": "1.0"}}, "tags": "a"});
        let s = DeviationKind::ShapeFallback;
        let (found, fixes) = check(body);
        assert_eq!(
            found,
            vec![
                (
                    s,
                    format!("{R}.owner.object.limits"),
                    "owner.limits".to_string()
                ),
                (s, format!("{R}.things"), "things".into()),
                (s, format!("{R}.things.list.parts"), "things[].parts".into()),
                (s, format!("{R}.tags"), "tags".into()),
            ]
        );
        assert!(fixes[0].starts_with("`limits` is an object answered as a list"));
        assert!(fixes[1].starts_with("`things` is a list answered as one object"));
        assert!(fixes[3].starts_with("`tags` is a list answered as one value"));
    }

    #[test]
    fn status_missing_or_unknown() {
        let (found, _) = check(json!({"total": "1"}));
        assert_eq!(
            found,
            vec![(
                DeviationKind::MissingStatus,
                "functions.getThings".to_string(),
                "status".to_string()
            )]
        );
        let spec = spec();
        let f = spec
            .function("getThings")
            .unwrap_or_else(|| panic!("no getThings"));
        let out = check_body(&spec, f, &json!({"status": "sms_failed", "message": "x"}));
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].kind, out[0].file.as_str()),
            (DeviationKind::UnknownErrorCode, "errors.yaml")
        );
        assert!(
            out[0].fix.starts_with("add error code `sms_failed`"),
            "{:?}",
            out[0]
        );
        assert_eq!(check(json!([1])).0[0].0, DeviationKind::MissingStatus);
    }

    #[test]
    fn found_never_shows_text() {
        let spec = spec();
        let f = spec
            .function("getThings")
            .unwrap_or_else(|| panic!("no getThings"));
        let out = check_body(
            &spec,
            f,
            &json!({"status": "success", "secret_note": "John Smith lives at 1 Main St"}),
        );
        assert_eq!(out[0].found, "a string of 29 characters");
        assert!(!out[0].fix.contains("John"));
    }
}
