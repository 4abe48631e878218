//! Response shapes, read from YAML by hand so that every problem is reported with its path.
//!
//! A response is a map of field name to shape (`status` is implicit). A shape is:
//! - a type string (`decimal`), or `{type: decimal, example: "1.5", note: "...", secret: true}`
//!   (`secret`: a password or PIN the CLI masks);
//! - `{object: {field: shape, ...}}`;
//! - `{list: {field: shape, ...}}` (a list of objects) or `{list_of: <type>}` (a list of scalars);
//! - `{map: {field: shape, ...}}` or `{map_of: <type>}` (an object keyed by arbitrary strings);
//!
//! each of them with an optional `note: "..."` for readers (where a fact comes from).

use serde_yaml::Value;

use super::raw::scalar_to_string;
use super::{Field, Shape, Type};

/// A problem at a YAML path (relative to the response).
pub struct ShapeError {
    pub path: String,
    pub message: String,
}

/// Parses a fields map; `path` is the YAML path of the map.
pub fn parse_fields(v: &Value, path: &str, errs: &mut Vec<ShapeError>) -> Vec<Field> {
    let Value::Mapping(map) = v else {
        if !v.is_null() {
            errs.push(ShapeError {
                path: path.to_string(),
                message: "expected a map of field name to shape".into(),
            });
        }
        return Vec::new();
    };
    let mut out: Vec<Field> = Vec::new();
    for (k, v) in map {
        let Some(name) = scalar_to_string(k) else {
            errs.push(ShapeError {
                path: path.to_string(),
                message: "field names are text".into(),
            });
            continue;
        };
        let fpath = format!("{path}.{name}");
        let secret = match v {
            Value::Mapping(m) => match m.get(Value::String("secret".into())) {
                None => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    errs.push(ShapeError {
                        path: format!("{fpath}.secret"),
                        message: "secret is true or false".into(),
                    });
                    false
                }
            },
            _ => false,
        };
        if secret && !matches!(v, Value::Mapping(m) if m.contains_key(Value::String("type".into())))
        {
            errs.push(ShapeError {
                path: format!("{fpath}.secret"),
                message: "only a single value (a shape with `type`) can be a secret".into(),
            });
        }
        if let Some(shape) = parse_shape(v, &fpath, errs) {
            out.push(Field {
                name,
                shape,
                secret,
            });
        }
    }
    out
}

fn parse_type(s: &str, path: &str, errs: &mut Vec<ShapeError>) -> Option<Type> {
    match Type::parse(s) {
        Ok(t) => Some(t),
        Err(e) => {
            errs.push(ShapeError {
                path: path.to_string(),
                message: e.0,
            });
            None
        }
    }
}

fn parse_shape(v: &Value, path: &str, errs: &mut Vec<ShapeError>) -> Option<Shape> {
    if let Value::String(s) = v {
        return parse_type(s, path, errs).map(|ty| Shape::Scalar { ty, example: None });
    }
    let Value::Mapping(map) = v else {
        errs.push(ShapeError {
            path: path.to_string(),
            message:
                "expected a type, or a map with one of type, object, list, list_of, map, map_of"
                    .into(),
        });
        return None;
    };
    let keys: Vec<String> = map.keys().filter_map(scalar_to_string).collect();
    let get = |k: &str| map.get(Value::String(k.to_string()));
    let structural = ["object", "list", "list_of", "map", "map_of"];
    let present: Vec<&str> = structural
        .iter()
        .copied()
        .filter(|k| keys.iter().any(|x| x == k))
        .collect();
    if keys.iter().any(|k| k == "type") {
        for k in &keys {
            if !matches!(k.as_str(), "type" | "example" | "note" | "secret") {
                errs.push(ShapeError {
                    path: format!("{path}.{k}"),
                    message: format!(
                        "unknown key `{k}` in a scalar shape (expected type, example, note, \
                         secret)"
                    ),
                });
            }
        }
        let ty = match get("type") {
            Some(Value::String(s)) => parse_type(s, &format!("{path}.type"), errs)?,
            _ => {
                errs.push(ShapeError {
                    path: format!("{path}.type"),
                    message: "expected a type string".into(),
                });
                return None;
            }
        };
        // A reviewer's note (for example "observed in answers, not documented") is for readers.
        if get("note").is_some_and(|n| !matches!(n, Value::String(_))) {
            errs.push(ShapeError {
                path: format!("{path}.note"),
                message: "a note is text".into(),
            });
        }
        let example = get("example").and_then(scalar_to_string);
        return Some(Shape::Scalar { ty, example });
    }
    // A structural shape may carry a reviewer's note too (a list VoIP.ms names otherwise than
    // the documentation, say).
    if get("note").is_some_and(|n| !matches!(n, Value::String(_))) {
        errs.push(ShapeError {
            path: format!("{path}.note"),
            message: "a note is text".into(),
        });
    }
    let keys: Vec<String> = keys.into_iter().filter(|k| k != "note").collect();
    if present.len() != 1 || keys.len() != 1 {
        errs.push(ShapeError {
            path: path.to_string(),
            message: format!(
                "a shape has exactly one of type, object, list, list_of, map, map_of; found {}",
                if keys.is_empty() {
                    "none".to_string()
                } else {
                    keys.join(", ")
                }
            ),
        });
        return None;
    }
    let key = present[0];
    let inner = get(key)?;
    let ipath = format!("{path}.{key}");
    Some(match key {
        "object" => Shape::Object(parse_fields(inner, &ipath, errs)),
        "list" => Shape::List(Box::new(Shape::Object(parse_fields(inner, &ipath, errs)))),
        "map" => Shape::Map(Box::new(Shape::Object(parse_fields(inner, &ipath, errs)))),
        _ => {
            let Value::String(s) = inner else {
                errs.push(ShapeError {
                    path: ipath,
                    message: "expected a type string".into(),
                });
                return None;
            };
            let ty = parse_type(s, &ipath, errs)?;
            let scalar = Box::new(Shape::Scalar { ty, example: None });
            if key == "list_of" {
                Shape::List(scalar)
            } else {
                Shape::Map(scalar)
            }
        }
    })
}
