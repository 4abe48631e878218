//! The spec agrees with the reference facts in `../shared/reference` (beside the project root):
//! function set, categories and sources, parameter names, required flags, error codes, empty-list
//! codes, value sets and which functions document a response. When the reference is absent (a
//! checkout without it) the tests say so and pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use voipms_codegen::spec::{self, Source, Spec};

fn reference_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference");
    if dir.join("methods.json").is_file() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/reference is absent, nothing to compare the spec with");
        None
    }
}

fn load_spec() -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    spec::load_dir(&dir).unwrap_or_else(|d| panic!("{d}"))
}

fn json(dir: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn methods(dir: &Path) -> serde_json::Map<String, Value> {
    match json(dir, "methods.json").get("methods") {
        Some(Value::Object(m)) => m.clone(),
        _ => panic!("methods.json has no methods object"),
    }
}

#[test]
fn same_functions_categories_and_sources() {
    let Some(dir) = reference_dir() else { return };
    let spec = load_spec();
    let methods = methods(&dir);
    let want: BTreeSet<&str> = methods.keys().map(String::as_str).collect();
    let have: BTreeSet<&str> = spec.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(have, want, "function sets differ");
    assert_eq!(spec.functions.len(), 226);
    for f in &spec.functions {
        let m = &methods[&f.name];
        let in_wsdl = m["in_wsdl"].as_bool() == Some(true);
        let in_doc = m["in_documentation_list"].as_bool() == Some(true);
        let source = match (in_doc, in_wsdl) {
            (true, true) => Source::Both,
            (true, false) => Source::Documentation,
            _ => Source::Wsdl,
        };
        assert_eq!(f.source, source, "{}: source", f.name);
        if let Some(cat) = m["category"].as_str() {
            assert_eq!(f.category, cat, "{}: category", f.name);
        }
        let has_sample = !m["sample_output"].is_null();
        assert_eq!(
            f.response.is_some(),
            has_sample,
            "{}: documented response",
            f.name
        );
    }
}

#[test]
fn same_parameter_names() {
    let Some(dir) = reference_dir() else { return };
    let spec = load_spec();
    let methods = methods(&dir);
    let mut total = 0;
    for f in &spec.functions {
        let want: BTreeSet<String> = methods[&f.name]["params"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let have: BTreeSet<String> = f
            .params
            .iter()
            .flat_map(|p| std::iter::once(p.name.clone()).chain(p.aliases.iter().cloned()))
            .collect();
        assert_eq!(have, want, "{}: parameter names", f.name);
        if want.is_empty() && f.source == Source::Documentation {
            assert!(
                f.params_undocumented,
                "{}: no source names its parameters",
                f.name
            );
        }
        total += want.len();
    }
    assert_eq!(total, 1003);
    assert_eq!(spec.param_name_count(), 1003);
}

/// "(required)" or "[Required]" in the documentation text marks a required parameter.
fn doc_says_required(doc: &str) -> bool {
    let lower = doc.to_ascii_lowercase();
    lower.contains("(required)") || lower.trim_start().starts_with("[required]")
}

#[test]
fn required_flags_follow_the_documentation_or_say_why() {
    let Some(dir) = reference_dir() else { return };
    let spec = load_spec();
    let methods = methods(&dir);
    let mut unexplained = Vec::new();
    for f in &spec.functions {
        let docs: BTreeMap<&str, &str> = methods[&f.name]["params"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| Some((p["name"].as_str()?, p["doc"].as_str().unwrap_or(""))))
                    .collect()
            })
            .unwrap_or_default();
        for p in &f.params {
            let documented = std::iter::once(&p.name)
                .chain(&p.aliases)
                .any(|n| docs.get(n.as_str()).is_some_and(|d| doc_says_required(d)));
            if documented != p.required && p.note.is_none() {
                unexplained.push(format!(
                    "{}.{}: spec says required={}, documentation says {}",
                    f.name, p.name, p.required, documented
                ));
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "required flags that deviate without a note:\n{}",
        unexplained.join("\n")
    );
}

#[test]
fn same_error_codes_and_empty_list_codes() {
    let Some(dir) = reference_dir() else { return };
    let spec = load_spec();
    let tsv = std::fs::read_to_string(dir.join("error-codes.tsv")).unwrap_or_default();
    let want: BTreeMap<&str, &str> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let have: BTreeMap<&str, &str> = spec
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.description.as_str()))
        .collect();
    assert_eq!(have, want);
    assert_eq!(spec.errors.len(), 480);
    let wire = json(&dir, "wire-values.json");
    let empty: BTreeSet<&str> = wire["empty_collection_statuses"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let have_empty: BTreeSet<&str> = spec
        .errors
        .iter()
        .filter(|e| e.empty_list)
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(have_empty, empty);
}

#[test]
fn same_value_sets() {
    let Some(dir) = reference_dir() else { return };
    let spec = load_spec();
    let wire = json(&dir, "wire-values.json");
    let Some(sets) = wire["value_sets"].as_object() else {
        panic!("no value_sets")
    };
    for (name, values) in sets {
        let want: Vec<&str> = values
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(vs) = spec.value_set(name) else {
            panic!("value set {name} is missing")
        };
        let have: Vec<&str> = vs.values.iter().map(|v| v.wire.as_str()).collect();
        assert_eq!(have, want, "value set {name}");
    }
}
