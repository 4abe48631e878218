//! The normalized spec as JSON (`cargo xtask spec dump --json`): a stable format for tools.
//!
//! Schema: `{"digest", "functions":[{"name","category","feature","summary","kind","source",
//! "deprecated","params_undocumented","params":[{"name","type","required","doc","example",
//! "values_from","min","max","max_length","aliases"}],"date_range","response"}],
//! "value_sets":[{"name","doc","values":[{"value","name","doc"}]}],
//! "errors":[{"code","description","empty_list","retryable"}],
//! "callbacks":[{"name","event","summary","method","body","reply","note",
//! "configured_by":[{"function","params"}],"fields":[{"name","type","required","source",
//! "placeholder","param","path","doc"}]}]}`. A response is `null` when undocumented,
//! otherwise an object of field name to shape; a shape is `{"type": "...", "example": ...}`,
//! `{"object": {...}}`, `{"list": shape}` or `{"map": shape}`.

use serde_json::{Map, Value, json};

use super::{Field, Shape, Spec};

/// The spec as a JSON value.
pub fn to_json(spec: &Spec) -> Value {
    let functions: Vec<Value> = spec
        .functions
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "category": f.category,
                "feature": f.feature,
                "summary": f.summary,
                "kind": f.kind.as_str(),
                "source": f.source.as_str(),
                "deprecated": f.deprecated,
                "params_undocumented": f.params_undocumented,
                "params": f.params.iter().map(|p| json!({
                    "name": p.name,
                    "type": p.ty.to_string(),
                    "required": p.required,
                    "doc": p.doc,
                    "example": p.example,
                    "values_from": p.values_from,
                    "min": p.min,
                    "max": p.max,
                    "max_length": p.max_length,
                    "aliases": p.aliases,
                    "deprecated": p.deprecated,
                })).collect::<Vec<_>>(),
                "date_range": f.date_range.as_ref().map(|d| json!({
                    "from": d.from, "to": d.to, "max_days": d.max_days
                })),
                "response": f.response.as_ref().map(|r| fields_json(r)),
            })
        })
        .collect();
    json!({
        "digest": spec.digest,
        "functions": functions,
        "value_sets": spec.value_sets.iter().map(|v| json!({
            "name": v.name,
            "doc": v.doc,
            "values": v.values.iter().map(|e| json!({"value": e.wire, "name": e.name, "doc": e.doc})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "errors": spec.errors.iter().map(|e| json!({
            "code": e.code, "description": e.description, "empty_list": e.empty_list,
            "retryable": e.retryable
        })).collect::<Vec<_>>(),
        "callbacks": spec.callbacks.iter().map(|c| json!({
            "name": c.name, "event": c.event, "summary": c.summary,
            "method": c.method.as_str(), "body": c.body.as_str(), "reply": c.reply, "note": c.note,
            "configured_by": c.configured_by.iter().map(|b| json!({
                "function": b.function, "params": b.params
            })).collect::<Vec<_>>(),
            "fields": c.fields.iter().map(|f| json!({
                "name": f.name, "type": f.ty.to_string(), "required": f.required,
                "source": f.source.as_str(), "placeholder": f.placeholder, "param": f.param,
                "path": f.path, "doc": f.doc,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn fields_json(fields: &[Field]) -> Value {
    let mut m = Map::new();
    for f in fields {
        m.insert(f.name.clone(), shape_json(&f.shape));
    }
    Value::Object(m)
}

fn shape_json(s: &Shape) -> Value {
    match s {
        Shape::Scalar { ty, example } => json!({"type": ty.to_string(), "example": example}),
        Shape::Object(f) => json!({ "object": fields_json(f) }),
        Shape::List(inner) => json!({ "list": shape_json(inner) }),
        Shape::Map(inner) => json!({ "map": shape_json(inner) }),
    }
}
