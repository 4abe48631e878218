//! What a body's value says about the spec shape it needs: the `t` of "add field `x` as `t`",
//! written in the response syntax of `spec/README.md`.

use serde_json::{Map, Value};

use crate::spec::{BoolForm, Fit, Shape, Spec, Type};

/// The spec shape suggested for the field `name` holding `v`, in spec syntax (`"integer"`,
/// `{object: {a: "string"}}`, `{list: {...}}`, `{list_of: "string"}`).
pub fn shape_syntax(spec: &Spec, name: &str, v: &Value) -> String {
    match v {
        Value::Object(o) if is_collection(o) => {
            format!("{{list: {}}}", fields_syntax(spec, o.values()))
        }
        Value::Object(_) => format!("{{object: {}}}", fields_syntax(spec, std::iter::once(v))),
        Value::Array(items) if items.iter().any(Value::is_object) => {
            format!("{{list: {}}}", fields_syntax(spec, items.iter()))
        }
        Value::Array(items) => {
            let item = items.iter().find(|i| !is_nothing(i));
            let ty = item.map_or(Type::String, |i| scalar_type(spec, name, i));
            format!("{{list_of: {}}}", quoted(&ty))
        }
        _ => quoted(&scalar_type(spec, name, v)),
    }
}

/// An object whose values are all records: a PHP-style keyed collection, not a record.
pub fn is_collection(o: &Map<String, Value>) -> bool {
    !o.is_empty() && o.values().all(Value::is_object)
}

/// The empty spellings of "nothing": `null`, `""`, `false`, `[]`, `{}`.
pub fn is_nothing(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Bool(b) => !b,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    }
}

/// The fields of every record in `records`, merged in first-seen order.
fn fields_syntax<'a>(spec: &Spec, records: impl Iterator<Item = &'a Value>) -> String {
    let mut merged: Map<String, Value> = Map::new();
    for r in records.filter_map(Value::as_object) {
        for (k, v) in r {
            // Keep the first value that says something.
            let keep = merged.get(k).is_some_and(|old| !is_nothing(old));
            if !keep {
                merged.insert(k.clone(), v.clone());
            }
        }
    }
    let parts: Vec<String> = merged
        .iter()
        .map(|(k, v)| format!("{k}: {}", shape_syntax(spec, k, v)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// A type as a YAML double-quoted string.
pub fn quoted(ty: &Type) -> String {
    format!(
        "\"{}\"",
        ty.to_string().replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// The type a scalar value suggests for the field `name`: the type the spec already gives that
/// name elsewhere when the value fits it, otherwise read from the value's form.
pub fn scalar_type(spec: &Spec, name: &str, v: &Value) -> Type {
    let wire = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(_) => return Type::Bool(BoolForm::TrueFalse),
        _ => String::new(),
    };
    if let Some(t) = known_type(spec, name, &wire) {
        return t;
    }
    if wire.is_empty() {
        return Type::String;
    }
    let fits = |t: &Type| t.fit(&wire, &|_, _| false) == Fit::Fits;
    if (wire == "1" || wire == "0") && names_a_flag(name) {
        Type::Bool(BoolForm::OneZero)
    } else if fits(&Type::Integer) {
        if names_an_id(name) {
            Type::Id
        } else {
            Type::Integer
        }
    } else if wire.bytes().any(|b| b.is_ascii_digit()) && fits(&Type::Decimal) {
        Type::Decimal
    } else if wire.len() == 10 && fits(&Type::Date) {
        Type::Date
    } else if wire.len() == 19 && fits(&Type::DateTime) {
        Type::DateTime
    } else {
        Type::String
    }
}

/// The most common type the spec gives parameters and response fields named `name`, among
/// those `wire` fits (ties: the first seen).
fn known_type(spec: &Spec, name: &str, wire: &str) -> Option<Type> {
    let mut seen: Vec<(Type, usize)> = Vec::new();
    let mut note = |t: &Type| {
        if wire.is_empty() || t.fit(wire, &|s, v| in_set(spec, s, v)) == Fit::Fits {
            match seen.iter_mut().find(|(x, _)| x == t) {
                Some((_, n)) => *n += 1,
                None => seen.push((t.clone(), 1)),
            }
        }
    };
    for f in &spec.functions {
        for p in f.params.iter().filter(|p| p.name == name) {
            note(&p.ty);
        }
        if let Some(fields) = &f.response {
            scalar_fields_named(fields, name, &mut note);
        }
    }
    let best = seen.iter().map(|(_, n)| *n).max()?;
    seen.into_iter().find(|(_, n)| *n == best).map(|(t, _)| t)
}

fn scalar_fields_named(fields: &[crate::spec::Field], name: &str, note: &mut dyn FnMut(&Type)) {
    for f in fields {
        let mut shape = &f.shape;
        while let Shape::List(inner) | Shape::Map(inner) = shape {
            shape = inner;
        }
        match shape {
            Shape::Scalar { ty, .. } if f.name == name => note(ty),
            Shape::Object(inner) => scalar_fields_named(inner, name, note),
            _ => {}
        }
    }
}

/// Whether `value` is a wire string of the value set `set`.
pub fn in_set(spec: &Spec, set: &str, value: &str) -> bool {
    spec.value_set(set)
        .is_some_and(|s| s.values.iter().any(|v| v.wire == value))
}

/// A name that reads as an on/off switch (`sms_enabled`, `mms_available`, `is_default`).
fn names_a_flag(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "_enabled",
        "_enable",
        "_available",
        "_allowed",
        "_active",
        "_retry",
    ]
    .iter()
    .any(|s| n.ends_with(s))
        || [
            "is_", "has_", "can_", "allow_", "enable_", "use_", "record_",
        ]
        .iter()
        .any(|p| n.starts_with(p))
        || matches!(n.as_str(), "enabled" | "active" | "available")
}

/// A name that reads as an identifier (`id`, `client_id`): digits that are not arithmetic.
fn names_an_id(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "id" || n.ends_with("_id")
}
