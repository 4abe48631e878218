//! A function's parameters as a JSON Schema (what an agent fills in), and the JSON an agent
//! sends back as the `name=value` parameters `voipms call` checks.
//!
//! The schema says what the spec knows: the type (booleans as JSON booleans, whole numbers with
//! their documented bounds, value sets as `enum`, dates with their form), the required
//! parameters, the documentation's text, and an example. The values are still checked by the
//! same rules as `voipms call` before anything is sent: a schema is a hint to the agent, not a
//! guarantee.

use serde_json::{Map, Value, json};
use voipms_api::meta::{FunctionMeta, ParamMeta, WireType};

/// The parameters the environment gives and an agent never does.
const RESERVED: [&str; 3] = ["api_username", "api_password", "method"];

/// The schema of one parameter: its type, bounds, documentation and example.
fn param(p: &ParamMeta) -> Value {
    // The value's schema is the runtime's, so a new value type brings its own.
    let mut s = p.ty.json_schema();
    if let Value::Object(m) = &mut s {
        let mut doc = p.doc.trim().to_string();
        let expected = p.ty.expected();
        if !expected.is_empty() && !matches!(p.ty, WireType::String) {
            doc = format!("{doc} ({expected})");
        }
        if let Some(from) = p.values_from {
            doc = format!("{doc} Values from {from}.");
        }
        m.insert("description".into(), json!(doc.trim()));
        if p.ty.is_number() {
            if let Some(min) = p.min {
                m.insert("minimum".into(), json!(min));
            }
            if let Some(max) = p.max {
                m.insert("maximum".into(), json!(max));
            }
        }
        if let Some(n) = p.max_length {
            m.insert("maxLength".into(), json!(n));
        }
        if let Some(e) = p.example {
            m.insert("examples".into(), json!([e]));
        }
    }
    s
}

/// The JSON Schema of `f`'s parameters.
pub fn params(f: &FunctionMeta) -> Value {
    let mut props = Map::new();
    for p in f.params {
        props.insert(p.name.to_string(), param(p));
    }
    let required: Vec<&str> = f
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name)
        .collect();
    json!({
        "type": "object",
        "properties": props,
        "required": required,
        // No source names the parameters of a few functions: any name goes through.
        "additionalProperties": f.params_undocumented,
    })
}

/// The `name=value` parameters of a call of `f` from the JSON object an agent sent: strings as
/// they are, numbers as written, booleans as `1`/`0` (the client sends each in its wire form),
/// a list parameter's array joined by its separator, `null` left out. Refuses credentials (the
/// server's environment gives them) and values that are not one of those.
pub fn to_args(f: &FunctionMeta, params: &Map<String, Value>) -> Result<Vec<String>, String> {
    let mut out = Vec::with_capacity(params.len());
    for (name, v) in params {
        if RESERVED.contains(&name.as_str()) {
            return Err(format!(
                "`{name}` is not a parameter an agent gives: the server's environment holds the \
                 credentials, and the function is named by `function`"
            ));
        }
        let text = |v: &Value| -> Option<String> {
            match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_string()),
                _ => None,
            }
        };
        let value = match v {
            Value::Null => continue,
            Value::Array(items) => {
                let sep = match f.param(name).map(|p| p.ty) {
                    Some(WireType::List { sep, .. }) => sep,
                    _ => {
                        return Err(format!(
                            "{}: parameter `{name}` takes one value, not a list",
                            f.name
                        ));
                    }
                };
                let parts: Option<Vec<String>> = items.iter().map(text).collect();
                parts
                    .ok_or_else(|| {
                        format!(
                            "{}: parameter `{name}`: each item is a text or a number",
                            f.name
                        )
                    })?
                    .join(sep)
            }
            Value::Object(_) => {
                return Err(format!(
                    "{}: parameter `{name}` is a value (text, number or boolean), not an object",
                    f.name
                ));
            }
            scalar => text(scalar).unwrap_or_default(),
        };
        out.push(format!("{name}={value}"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str) -> &'static FunctionMeta {
        voipms_api::catalog::function(name).unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn schemas_say_types_requirements_and_value_sets() {
        let s = params(f("sendSMS"));
        assert_eq!(s["required"], json!(["did", "dst", "message"]));
        assert_eq!(s["properties"]["did"]["type"], "string");
        assert_eq!(s["properties"]["message"]["maxLength"], 160);
        let cdr = params(f("getCDR"));
        assert_eq!(cdr["properties"]["date_from"]["format"], "date");
        assert_eq!(cdr["properties"]["answered"]["type"], "boolean");
        // Every function's schema is an object schema with a property per parameter.
        for g in &voipms_api::catalog::FUNCTIONS {
            let s = params(g);
            assert_eq!(s["type"], "object");
            let n = s["properties"].as_object().map_or(0, Map::len);
            assert_eq!(n, g.params.len(), "{}", g.name);
        }
    }

    #[test]
    fn json_arguments_become_call_parameters() {
        let obj = |v: Value| v.as_object().cloned().unwrap_or_default();
        let args = to_args(
            f("getCDR"),
            &obj(
                json!({"date_from": "2024-01-01", "answered": true, "timezone": -5, "calltype": null}),
            ),
        );
        assert_eq!(
            args,
            Ok(vec![
                "date_from=2024-01-01".to_string(),
                "answered=1".to_string(),
                "timezone=-5".to_string()
            ])
        );
        for bad in [
            json!({"api_password": "x"}),
            json!({"date_from": {"a": 1}}),
            json!({"date_from": ["2024-01-01"]}),
        ] {
            assert!(to_args(f("getCDR"), &obj(bad)).is_err());
        }
    }
}
