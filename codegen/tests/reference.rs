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
        // A parameter no reference file names is one learnt live elsewhere: its note says where.
        let have: BTreeSet<String> = f
            .params
            .iter()
            .filter(|p| {
                let named = want.contains(&p.name) || p.aliases.iter().any(|a| want.contains(a));
                named || !p.note.as_deref().is_some_and(|n| n.contains("CHANGELOG"))
            })
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
    // setFaxNumberInfo's max_attempts, named by no reference file (voip-ms crate 0.20.0).
    assert_eq!(spec.param_name_count(), 1003 + 1);
}

/// A reference function's parameters as (wire name, documentation text), in its order.
fn param_docs(method: &Value) -> Vec<(&str, &str)> {
    method["params"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| Some((p["name"].as_str()?, p["doc"].as_str().unwrap_or(""))))
                .collect()
        })
        .unwrap_or_default()
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
        let docs: BTreeMap<&str, &str> = param_docs(&methods[&f.name]).into_iter().collect();
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
    // Codes the error table lacks are ones VoIP.ms was seen answering: each says where in a note.
    let (documented, observed): (Vec<_>, Vec<_>) = spec
        .errors
        .iter()
        .partition(|e| want.contains_key(e.code.as_str()));
    let have: BTreeMap<&str, &str> = documented
        .iter()
        .map(|e| (e.code.as_str(), e.description.as_str()))
        .collect();
    assert_eq!(have, want);
    assert_eq!(documented.len(), 480);
    for e in &observed {
        assert!(
            e.note.as_deref().is_some_and(|n| n.contains("CHANGELOG")),
            "{}: a code the error table lacks needs a note naming its source",
            e.code
        );
    }
    let wire = json(&dir, "wire-values.json");
    let empty: BTreeSet<&str> = wire["empty_collection_statuses"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let have_empty: BTreeSet<&str> = documented
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

// Parameter docs and the parameter they describe.
//
// The rule: a parameter's `doc` describes that parameter. The spec may shorten or reword the
// documentation's text, so texts are compared as sets of content words (lower-case words of
// two characters or more, without a few words that say nothing about the subject), never
// verbatim. For each parameter with a doc:
// - its reference text is the documentation's text for its wire name and aliases, plus any
//   run-in note (below) whose subjects include it;
// - at least half of the doc's content words occur in that reference text (a rewording keeps
//   most of its words; a text taken from elsewhere does not);
// - no other parameter's reference text holds more of the doc's words than its own does (a doc
//   sitting on the wrong parameter matches that other parameter better);
// - a parameter the documentation describes has a doc, and a doc on a parameter the
//   documentation gives no text has a `note` saying where it comes from.
//
// A run-in note: the documentation's extraction runs a note about other parameters into the
// text of the parameter printed before it ("... Increments of 5 (Example: 10 -> seconds)
// routing, failover_busy, failover_unreachable and failover_noanswer can receive values in the
// following format => ..." on `voicemail_threshold`; "... Default value: Todayclient =>
// [Required] ID ..." on `to`). It starts where parameter names of the same function (maybe
// quoted, joined by commas and "and", the last maybe run into the word before it; "routings"
// meaning every routing parameter) are followed by "can receive" or "=>", and runs to the end of
// the text. It belongs to the parameters it names.

/// Words that occur in parameter docs whatever they describe.
const STOP_WORDS: &[&str] = &[
    "the", "for", "and", "from", "this", "that", "with", "will", "are", "can", "you", "your",
    "not", "example", "required", "values", "value", "of", "to", "be", "if", "or", "in", "is",
    "on", "by", "as", "an", "it", "at",
];

/// The content words of a text.
fn content_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2)
        .map(str::to_ascii_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Words of a text with their byte offsets, and `=>` as a word of its own.
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_ascii_alphanumeric() || c == '_';
        match (start, word_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
        if text[i..].starts_with("=>") {
            out.push((i, "=>"));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// A note about other parameters run into a parameter's documentation text.
#[derive(Debug, PartialEq)]
struct RunInNote {
    /// Byte offset where the note starts; it runs to the end of the text.
    start: usize,
    /// The parameters it describes.
    subjects: Vec<String>,
}

/// The run-in note of `text` (see the rule above), given the function's parameter names and
/// which of them are routing parameters.
fn run_in_note(text: &str, names: &[&str], routing_params: &[&str]) -> Option<RunInNote> {
    let toks = tokens(text);
    for i in 0..toks.len() {
        let verb = toks[i].1 == "=>"
            || (toks[i].1.eq_ignore_ascii_case("can")
                && toks.get(i + 1).is_some_and(|t| t.1 == "receive"));
        if !verb {
            continue;
        }
        let mut subjects = Vec::new();
        let mut start = None;
        for j in (0..i).rev() {
            let (at, word) = toks[j];
            if names.contains(&word) {
                subjects.push(word.to_string());
                start = Some(at);
            } else if word == "routings" {
                subjects.extend(routing_params.iter().map(|n| n.to_string()));
                start = Some(at);
            } else if word == "and" && start.is_some() {
                continue;
            } else if j + 1 == i {
                // The name run into the word before it ("Todayclient").
                let Some(name) = names
                    .iter()
                    .filter(|n| n.len() >= 4 && word.len() > n.len() && word.ends_with(**n))
                    .max_by_key(|n| n.len())
                else {
                    break;
                };
                subjects.push(name.to_string());
                start = Some(at + word.len() - name.len());
                break;
            } else {
                break;
            }
        }
        if let Some(start) = start {
            subjects.reverse();
            return Some(RunInNote { start, subjects });
        }
    }
    None
}

/// The documentation's texts of one function, each attributed to the parameters it describes.
struct ReferenceTexts {
    /// Wire name to the content words of the text about it.
    words: BTreeMap<String, BTreeSet<String>>,
    /// The run-in notes found, as (printed on, subjects).
    notes: Vec<(String, Vec<String>)>,
}

impl ReferenceTexts {
    fn new(method: &Value, function: &spec::Function) -> Self {
        let params = param_docs(method);
        let names: Vec<&str> = params.iter().map(|(n, _)| *n).collect();
        let routing_params: Vec<&str> = function
            .params
            .iter()
            .filter(|p| p.ty == spec::Type::Routing)
            .map(|p| p.name.as_str())
            .collect();
        let mut words: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut notes = Vec::new();
        for (name, doc) in &params {
            let own = match run_in_note(doc, &names, &routing_params) {
                Some(note) => {
                    let note_words = content_words(&doc[note.start..]);
                    for subject in &note.subjects {
                        words
                            .entry(subject.clone())
                            .or_default()
                            .extend(note_words.iter().cloned());
                    }
                    notes.push((name.to_string(), note.subjects));
                    &doc[..note.start]
                }
                None => doc,
            };
            words
                .entry(name.to_string())
                .or_default()
                .extend(content_words(own));
        }
        ReferenceTexts { words, notes }
    }

    /// The content words of the texts about a spec parameter (its wire name and aliases).
    fn about(&self, p: &spec::Param) -> BTreeSet<String> {
        std::iter::once(&p.name)
            .chain(&p.aliases)
            .filter_map(|n| self.words.get(n))
            .flatten()
            .cloned()
            .collect()
    }
}

#[test]
fn run_in_notes_belong_to_the_parameters_they_name() {
    let Some(dir) = reference_dir() else { return };
    let spec = load_spec();
    let methods = methods(&dir);
    let notes_of = |function: &str| {
        let f = spec
            .functions
            .iter()
            .find(|f| f.name == function)
            .unwrap_or_else(|| panic!("{function} is not in the spec"));
        ReferenceTexts::new(&methods[function], f).notes
    };
    let routing = [
        "routing",
        "failover_busy",
        "failover_unreachable",
        "failover_noanswer",
    ];
    let own = |on: &str, subjects: &[&str]| {
        vec![(
            on.to_string(),
            subjects.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )]
    };
    assert_eq!(notes_of("setDIDInfo"), own("voicemail_threshold", &routing));
    assert_eq!(notes_of("orderDID"), own("test", &routing));
    assert_eq!(notes_of("setDIDRouting"), own("routing", &["routing"]));
    assert_eq!(notes_of("getResellerSMS"), own("to", &["client"]));
    assert_eq!(notes_of("setRingGroup"), own("language", &["members"]));
    let queue_notes = notes_of("setQueue");
    assert_eq!(queue_notes.len(), 1);
    assert_eq!(queue_notes[0].0, "fail_over_routing_leave_unavail");
    assert!(queue_notes[0].1.len() >= 6, "{queue_notes:?}");
    // A text that names another parameter without describing it is not a note.
    assert_eq!(notes_of("setCallHunting"), Vec::new());
    assert_eq!(notes_of("addLNPPort"), Vec::new());
}

#[test]
fn parameter_docs_describe_their_own_parameter() {
    let Some(dir) = reference_dir() else { return };
    let spec = load_spec();
    let methods = methods(&dir);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for f in &spec.functions {
        let reference = ReferenceTexts::new(&methods[&f.name], f);
        for p in &f.params {
            let own = reference.about(p);
            let doc = content_words(&p.doc);
            let at = format!("{}.{}", f.name, p.name);
            if doc.is_empty() {
                if !own.is_empty() {
                    wrong.push(format!("{at}: documented, but its doc is empty"));
                }
                continue;
            }
            if own.is_empty() {
                if p.note.is_none() {
                    wrong.push(format!(
                        "{at}: the documentation gives no text, and no note says where the doc comes from"
                    ));
                }
                continue;
            }
            checked += 1;
            let own_hits = doc.intersection(&own).count();
            if own_hits * 2 < doc.len() {
                wrong.push(format!(
                    "{at}: {own_hits} of the doc's {} words are in its own documentation text",
                    doc.len()
                ));
            }
            for q in f.params.iter().filter(|q| q.name != p.name) {
                let hits = doc.intersection(&reference.about(q)).count();
                if hits > own_hits {
                    wrong.push(format!(
                        "{at}: the doc matches the text of `{}` better ({hits} words against {own_hits})",
                        q.name
                    ));
                }
            }
        }
    }
    assert!(checked > 900, "only {checked} docs compared");
    assert!(
        wrong.is_empty(),
        "{} parameter docs do not describe their parameter:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
