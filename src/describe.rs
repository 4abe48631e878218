//! `voipms functions` and `voipms describe`: the metadata table, for people and for scripts.

use serde_json::{Value, json};
use voipms_api::catalog;
use voipms_api::catalog::FUNCTIONS;
use voipms_api::meta::{FunctionMeta, ParamMeta};

use crate::args::{Output, first_line};
use crate::failure::Failure;
use crate::output;
use crate::suggest;

/// The function named `name`, or a usage failure with suggestions.
pub fn lookup(name: &str) -> Result<&'static FunctionMeta, Failure> {
    catalog::function(name).ok_or_else(|| {
        let similar = suggest::similar(name, FUNCTIONS.iter().map(|f| f.name));
        Failure::Usage(format!(
            "unknown function `{name}`{}; `voipms functions` lists them",
            suggest::hint(&similar)
        ))
    })
}

/// `voipms functions [--category C]`.
pub fn functions(category: Option<&str>, out: Output) -> Result<String, Failure> {
    let selected: Vec<&FunctionMeta> = match category {
        None => FUNCTIONS.iter().collect(),
        Some(c) => {
            let v: Vec<&FunctionMeta> = FUNCTIONS
                .iter()
                .filter(|f| f.feature.eq_ignore_ascii_case(c) || f.category.eq_ignore_ascii_case(c))
                .collect();
            if v.is_empty() {
                let mut names: Vec<&str> = FUNCTIONS.iter().map(|f| f.feature).collect();
                names.dedup();
                return Err(Failure::Usage(format!(
                    "unknown category `{c}`; categories: {}",
                    names.join(", ")
                )));
            }
            v
        }
    };
    let list = || {
        Value::Array(
            selected
                .iter()
                .map(|f| {
                    json!({
                        "name": f.name,
                        "category": f.category,
                        "feature": f.feature,
                        "kind": f.kind.as_str(),
                        "summary": first_line(f.summary),
                    })
                })
                .collect(),
        )
    };
    Ok(match out {
        Output::Json => output::json(&list()),
        Output::Csv => output::csv(&list(), None)?,
        Output::Jsonl => output::jsonl(&list(), None),
        Output::Table => {
            let mut rows = vec![vec![
                "NAME".to_string(),
                "KIND".to_string(),
                "CATEGORY".to_string(),
                "SUMMARY".to_string(),
            ]];
            for f in selected {
                rows.push(vec![
                    f.name.to_string(),
                    f.kind.as_str().to_string(),
                    f.feature.to_string(),
                    output::cell(&Value::String(first_line(f.summary))),
                ]);
            }
            let mut s = String::new();
            output::render(&mut s, &rows);
            s
        }
    })
}

/// `voipms describe FUNCTION`.
pub fn describe(f: &FunctionMeta, out: Output) -> String {
    match out {
        Output::Json => output::json(&describe_json(f)),
        // One record per parameter.
        Output::Csv => output::csv(&describe_json(f), None).unwrap_or_default(),
        Output::Jsonl => output::jsonl(&describe_json(f), None),
        Output::Table => describe_text(f),
    }
}

/// A function described as JSON: its parameters with types, required flags, docs and value sets.
pub fn describe_json(f: &FunctionMeta) -> Value {
    let params: Vec<Value> = f
        .params
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "type": p.ty.to_string(),
                "required": p.required,
                "doc": p.doc,
                "example": p.example,
                "values": p.ty.values(),
                "values_from": p.values_from,
                "min": p.min,
                "max": p.max,
                "max_length": p.max_length,
                "aliases": p.aliases,
            })
        })
        .collect();
    json!({
        "name": f.name,
        "category": f.category,
        "feature": f.feature,
        "kind": f.kind.as_str(),
        "summary": f.summary,
        "params": params,
        "params_undocumented": f.params_undocumented,
        "date_range": f.date_range.map(|r| json!({"from": r.from, "to": r.to, "max_days": r.max_days})),
        "example": example_command(f),
        "sample_response": sample_response(f),
    })
}

fn describe_text(f: &FunctionMeta) -> String {
    let mut s = format!("{} ({}, {})\n", f.name, f.category, f.kind.as_str());
    for line in f.summary.lines().filter(|l| !l.trim().is_empty()) {
        s.push_str(&format!("  {}\n", line.trim()));
    }
    s.push('\n');
    if f.params_undocumented {
        s.push_str("Parameters: undocumented (any name is accepted)\n");
    } else if f.params.is_empty() {
        s.push_str("Parameters: none\n");
    } else {
        s.push_str("Parameters (* required):\n");
        let mut rows = vec![vec![
            "  NAME".to_string(),
            "TYPE".to_string(),
            "DESCRIPTION".to_string(),
        ]];
        for p in f.params {
            let star = if p.required { "*" } else { "" };
            let mut lines = p.doc.lines().map(str::trim).filter(|l| !l.is_empty());
            rows.push(vec![
                format!("  {}{star}", p.name),
                p.ty.to_string(),
                lines.next().unwrap_or_default().to_string(),
            ]);
            for more in lines.map(str::to_string).chain(details(p)) {
                rows.push(vec![String::new(), String::new(), more]);
            }
        }
        output::render(&mut s, &rows);
    }
    if let Some(r) = f.date_range {
        s.push_str(&format!(
            "\n{} to {} may span at most {} days.\n",
            r.from, r.to, r.max_days
        ));
    }
    s.push_str(&format!("\nExample:\n  {}\n", example_command(f)));
    if let Some(v) = sample_response(f) {
        s.push_str("\nSample response:\n");
        for line in output::json(&v).lines() {
            s.push_str(&format!("  {line}\n"));
        }
    }
    s
}

/// The constraints of a parameter beyond its type, one line each.
fn details(p: &ParamMeta) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(values) = p.ty.values() {
        v.push(format!("values: {}", values.join(", ")));
    }
    if let Some(from) = p.values_from {
        v.push(format!("values from {from}"));
    }
    match (p.min, p.max) {
        (Some(a), Some(b)) => v.push(format!("from {a} to {b}")),
        (Some(a), None) => v.push(format!("at least {a}")),
        (None, Some(b)) => v.push(format!("at most {b}")),
        (None, None) => {}
    }
    if let Some(n) = p.max_length {
        v.push(format!("at most {n} characters"));
    }
    if !p.aliases.is_empty() {
        v.push(format!("also sent as {}", p.aliases.join(", ")));
    }
    if let Some(e) = p.example
        && !p.doc.contains(e)
    {
        {
            v.push(format!("example: {e}"));
        }
    }
    v
}

/// `voipms call F required=example ...`, shell-quoted.
fn example_command(f: &FunctionMeta) -> String {
    let mut s = format!("voipms call {}", f.name);
    for (name, value) in voipms_api::mock::example_params(f) {
        s.push(' ');
        s.push_str(&quote(&format!("{name}={value}")));
    }
    s
}

fn sample_response(f: &FunctionMeta) -> Option<Value> {
    voipms_api::mock::example_response(f.name).and_then(|b| serde_json::from_str(b).ok())
}

/// `word` quoted for a POSIX shell when it has anything but safe characters.
fn quote(word: &str) -> String {
    let safe = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-.,:/@=+%".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("did=5551234567"), "did=5551234567");
        assert_eq!(quote("message=hello John"), "'message=hello John'");
        assert_eq!(quote("m=it's"), r"'m=it'\''s'");
    }

    #[test]
    fn every_function_describes_itself() {
        for f in FUNCTIONS.iter() {
            let text = describe(f, Output::Table);
            assert!(text.starts_with(f.name), "{text}");
            let v: Value = serde_json::from_str(&describe(f, Output::Json)).unwrap_or_default();
            assert_eq!(v["name"], f.name);
        }
    }

    #[test]
    fn unknown_functions_get_suggestions() {
        let Err(e) = lookup("getbalance") else {
            panic!("found");
        };
        assert!(e.to_string().contains("did you mean `getBalance`?"), "{e}");
    }
}
