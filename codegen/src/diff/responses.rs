//! The response side of a function: documented or not, and its fields, recursively.

use super::renames::{added_message, pair, removed_message};
use super::{Finding, Rule, api, opt};
use crate::spec::{Field, Function, Shape};

/// Compares the responses of one function in two specs.
pub fn compare(o: &Function, n: &Function, out: &mut Vec<Finding>) {
    let path = format!("{}.response", n.name);
    let yaml = format!("functions.{}.response", n.name);
    let count = |fields: &[Field]| format!("{} documented field(s)", fields.len());
    match (&o.response, &n.response) {
        (None, None) => {}
        (None, Some(fields)) => out.push(
            Finding::new(
                Rule::ResponseBecameTyped,
                path,
                "response documented: the method returns a typed struct instead of `RawResponse`",
            )
            .values("undocumented (RawResponse)", count(fields))
            .at(&n.file, yaml),
        ),
        (Some(fields), None) => out.push(
            Finding::new(
                Rule::ResponseBecameUntyped,
                path,
                "response no longer documented: the method returns `RawResponse`",
            )
            .values(count(fields), "undocumented (RawResponse)")
            .at(&n.file, yaml),
        ),
        (Some(a), Some(b)) => {
            let place = Place {
                file: &n.file,
                path,
                yaml,
            };
            compare_fields(a, b, &place, out);
        }
    }
}

/// Where a list of fields sits: the file, the reported path and the loader-style YAML path.
struct Place<'a> {
    file: &'a str,
    path: String,
    yaml: String,
}

impl Place<'_> {
    /// The field `name` inside this place.
    fn child(&self, name: &str) -> Place<'_> {
        Place {
            file: self.file,
            path: format!("{}.{name}", self.path),
            yaml: format!("{}.{name}", self.yaml),
        }
    }

    /// The same reported path, one YAML key deeper (`object`, `list`...).
    fn child_yaml(&self, suffix: &str) -> Place<'_> {
        Place {
            file: self.file,
            path: self.path.clone(),
            yaml: format!("{}{suffix}", self.yaml),
        }
    }
}

/// How a shape reads in a report: `decimal`, `object`, `list of objects`, `map of id`.
fn describe(shape: &Shape) -> String {
    match shape {
        Shape::Scalar { ty, .. } => ty.to_string(),
        Shape::Object(_) => "object".into(),
        Shape::List(inner) => match inner.as_ref() {
            Shape::Object(_) => "list of objects".into(),
            other => format!("list of {}", describe(other)),
        },
        Shape::Map(inner) => match inner.as_ref() {
            Shape::Object(_) => "map of objects".into(),
            other => format!("map of {}", describe(other)),
        },
    }
}

/// The YAML key under a field that holds its inner fields or item type (`.object`, `.list`...).
fn inner_key(shape: &Shape) -> &'static str {
    match shape {
        Shape::Scalar { .. } => "",
        Shape::Object(_) => ".object",
        Shape::List(inner) if matches!(inner.as_ref(), Shape::Object(_)) => ".list",
        Shape::List(_) => ".list_of",
        Shape::Map(inner) if matches!(inner.as_ref(), Shape::Object(_)) => ".map",
        Shape::Map(_) => ".map_of",
    }
}

/// Shapes equal up to examples: the same type everywhere.
fn same_type(a: &Shape, b: &Shape) -> bool {
    match (a, b) {
        (Shape::Scalar { ty: x, .. }, Shape::Scalar { ty: y, .. }) => x == y,
        (Shape::Object(x), Shape::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(f, g)| f.name == g.name && same_type(&f.shape, &g.shape))
        }
        (Shape::List(x), Shape::List(y)) | (Shape::Map(x), Shape::Map(y)) => same_type(x, y),
        _ => false,
    }
}

fn compare_fields(old: &[Field], new: &[Field], place: &Place<'_>, out: &mut Vec<Finding>) {
    let removed: Vec<&Field> = old
        .iter()
        .filter(|f| !new.iter().any(|g| g.name == f.name))
        .collect();
    let added: Vec<&Field> = new
        .iter()
        .filter(|f| !old.iter().any(|g| g.name == f.name))
        .collect();
    let (to, from) = pair(&removed, &added, |a, b| same_type(&a.shape, &b.shape));
    for (f, partner) in removed.iter().zip(&to) {
        let at = place.child(&f.name);
        let partner = partner.map(|j| added[j].name.as_str());
        out.push(
            Finding::new(
                Rule::ResponseFieldRemoved,
                at.path,
                removed_message("field", partner),
            )
            .old(describe(&f.shape))
            .at(at.file, at.yaml),
        );
    }
    for (f, partner) in added.iter().zip(&from) {
        let at = place.child(&f.name);
        let partner = partner.map(|i| removed[i].name.as_str());
        out.push(
            Finding::new(
                Rule::ResponseFieldAdded,
                at.path,
                added_message("field", partner),
            )
            .new_value(describe(&f.shape))
            .at(at.file, at.yaml),
        );
    }
    for n in new {
        if let Some(o) = old.iter().find(|f| f.name == n.name) {
            compare_shape(&o.shape, &n.shape, &place.child(&n.name), out);
        }
    }
}

fn compare_shape(o: &Shape, n: &Shape, at: &Place<'_>, out: &mut Vec<Finding>) {
    match (o, n) {
        (Shape::Object(a), Shape::Object(b)) => {
            compare_fields(a, b, &at.child_yaml(inner_key(n)), out);
        }
        (Shape::List(a), Shape::List(b)) | (Shape::Map(a), Shape::Map(b)) if same_kind(a, b) => {
            match (a.as_ref(), b.as_ref()) {
                (Shape::Object(x), Shape::Object(y)) => {
                    compare_fields(x, y, &at.child_yaml(inner_key(n)), out);
                }
                _ => compare_shape(a, b, &at.child_yaml(inner_key(n)), out),
            }
        }
        (Shape::Scalar { ty: a, example: ea }, Shape::Scalar { ty: b, example: eb }) => {
            if a != b {
                let (rule, what) = if api::rust_type(a) == api::rust_type(b) {
                    (
                        Rule::ResponseFieldWireFormChanged,
                        "wire form changed (same Rust type)",
                    )
                } else {
                    (Rule::ResponseFieldTypeChanged, "type changed")
                };
                out.push(
                    Finding::new(rule, at.path.clone(), what)
                        .values(a.to_string(), b.to_string())
                        .at(at.file, at.yaml.clone()),
                );
            }
            if ea != eb {
                out.push(
                    Finding::new(
                        Rule::ResponseFieldExampleChanged,
                        format!("{}.example", at.path),
                        "example changed",
                    )
                    .values(opt(ea), opt(eb))
                    .at(at.file, at.yaml.clone()),
                );
            }
        }
        _ => {
            let rule = if api::shape_rust_type(o) == api::shape_rust_type(n) {
                Rule::ResponseFieldWireFormChanged
            } else {
                Rule::ResponseFieldTypeChanged
            };
            out.push(
                Finding::new(rule, at.path.clone(), "shape changed")
                    .values(describe(o), describe(n))
                    .at(at.file, at.yaml.clone()),
            );
        }
    }
}

/// Both inner shapes are objects, or both are not.
fn same_kind(a: &Shape, b: &Shape) -> bool {
    matches!(a, Shape::Object(_)) == matches!(b, Shape::Object(_))
}
