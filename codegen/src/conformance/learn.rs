//! `cargo xtask spec learn`: the edits `check-responses` suggests, applied to the spec's text.
//!
//! Only edits a body decides on its own are applied ([`Edit`]): a field the spec lacks, a scalar
//! type that has to widen, a word a value set lacks. Each is written where a reviewer would have
//! written it, with a `note:` (or, where a note already stands, a comment) saying it was
//! observed, and nothing else in the file moves: comments, blank lines and layout stay
//! (the same line editor as `wsdl import`).
//!
//! The bodies are checked again after every round of edits, so what one edit makes visible (the
//! records inside a list just added, a second body with a wider value) is learnt too; a round
//! that applies nothing ends it. Running it again on the same bodies changes nothing. Every
//! edit is validated on its own: one that would not load (a name collision, say) is undone and
//! listed, with what no body decides (the name of a new value set, the meaning of a new error
//! code, a structure answered in another form), for a person to do.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::saved::SavedBody;
use super::{Checker, Deviation, Edit, Group, ResolveError};
use crate::spec::yaml_text::{
    Text, content, indent, is_blank, is_comment, key_value, name_scalar, quoted, read_dir, unquote,
    write_atomic,
};
use crate::spec::{Diagnostics, locate};

/// The note an added field or value carries.
pub const OBSERVED: &str = "Observed in answers (cargo xtask spec learn), not documented.";

/// Rounds of check-and-edit at most: each round learns what the previous one's edits made
/// visible, so two or three suffice; the bound only stops an edit that never settles.
const MAX_ROUNDS: usize = 8;

/// What a learn did (or, from [`plan`], would do).
#[derive(Debug, Clone, Default)]
pub struct Learned {
    /// Files whose text changes: (path relative to the spec directory, new text).
    pub changed: Vec<(String, String)>,
    /// The edits applied, in order.
    pub applied: Vec<Applied>,
    /// What the bodies still show that no edit decided, or whose edit could not be made.
    pub undecided: Vec<Undecided>,
}

/// One edit written to the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The spec file, relative to the spec directory.
    pub file: String,
    /// The 1-based line of the edit in the edited file.
    pub line: usize,
    /// The function whose answers showed it.
    pub function: String,
    /// The edit.
    pub edit: Edit,
}

/// A deviation left for a person.
#[derive(Debug, Clone)]
pub struct Undecided {
    /// The deviation, as `check-responses` groups it.
    pub group: Group,
    /// Why it was not applied: no edit is decided, or why the edit could not be made.
    pub why: String,
}

/// Why a learn could not be done. Nothing is written when one occurs.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// The spec directory could not be read.
    #[error("cannot read the spec directory {}: {source}", dir.display())]
    Read {
        /// The directory.
        dir: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The spec does not load as it is.
    #[error("the spec does not load; fix it first (`cargo xtask spec check`):\n{0}")]
    Spec(Diagnostics),
    /// A saved body names no function.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl Edit {
    /// The edit in words, as `spec learn` lists it.
    pub fn describe(&self) -> String {
        match self {
            Edit::AddField { name, shape } => format!("added field `{name}` as {shape}"),
            Edit::ChangeType { name, from, to } => {
                format!("changed `{name}` from `{from}` to `{to}`")
            }
            Edit::AddValue { set, value } => format!("added `{value}` to value set `{set}`"),
        }
    }
}

/// Reads the spec in `dir`, learns from `bodies` and writes the changed files.
pub fn learn_dir(dir: &Path, bodies: &[SavedBody]) -> Result<Learned, LearnError> {
    let files = read_dir(dir).map_err(|source| LearnError::Read {
        dir: dir.to_path_buf(),
        source,
    })?;
    let learned = plan(dir, &files, bodies)?;
    for (rel, text) in &learned.changed {
        let path = dir.join(rel);
        write_atomic(&path, text).map_err(|source| LearnError::Write { path, source })?;
    }
    Ok(learned)
}

/// Computes what learning from `bodies` does to the spec given as `(relative path, text)`
/// files, without writing anything. `dir` is where reports say the files are.
pub fn plan(
    dir: &Path,
    files: &[(String, String)],
    bodies: &[SavedBody],
) -> Result<Learned, LearnError> {
    let mut texts: Vec<(String, String)> = files.to_vec();
    let mut applied: Vec<Applied> = Vec::new();
    // Edits that could not be made (and why), never tried again.
    let mut refused: Vec<(Deviation, String)> = Vec::new();
    // Edits made, by what they answered: one that shows up again did not settle it.
    let mut made: BTreeSet<Deviation> = BTreeSet::new();
    let mut checker = Checker::from_files(dir, &texts).map_err(LearnError::Spec)?;
    for _ in 0..MAX_ROUNDS {
        let report = checker.report(bodies)?;
        let mut progressed = false;
        // One edit per place a round: the next round sees whether a second is still needed.
        let mut places: BTreeSet<(String, String)> = BTreeSet::new();
        for g in &report.groups {
            let d = &g.deviation;
            let Some(edit) = &d.edit else { continue };
            let key = Deviation {
                found: String::new(),
                ..d.clone()
            };
            if refused.iter().any(|(r, _)| r == &key) {
                continue;
            }
            if made.contains(&key) {
                refused.push((key, "applied, but the answers still differ from it".into()));
                continue;
            }
            let place = match edit {
                Edit::AddField { name, .. } => (d.file.clone(), format!("{}.{name}", d.yaml_path)),
                Edit::ChangeType { .. } => (d.file.clone(), d.yaml_path.clone()),
                Edit::AddValue { set, value } => {
                    (crate::spec::TYPES_FILE.into(), format!("{set}.{value}"))
                }
            };
            if !places.insert(place) {
                continue;
            }
            match apply(&texts, d, edit) {
                Err(why) => refused.push((key, why)),
                Ok(placed) => {
                    let mut next = texts.clone();
                    if let Some(slot) = next.iter_mut().find(|(p, _)| *p == placed.file) {
                        slot.1 = placed.text;
                    }
                    match Checker::from_files(dir, &next) {
                        Ok(c) => {
                            checker = c;
                            texts = next;
                            made.insert(key);
                            progressed = true;
                            if let Some((at, n)) = placed.inserted {
                                for a in applied.iter_mut().filter(|a| a.file == placed.file) {
                                    if a.line > at {
                                        a.line += n;
                                    }
                                }
                            }
                            applied.push(Applied {
                                file: placed.file,
                                line: placed.line + 1,
                                function: g.function.clone(),
                                edit: edit.clone(),
                            });
                        }
                        Err(diags) => refused.push((
                            key,
                            format!("the edited spec would not load, so it was not made: {diags}"),
                        )),
                    }
                }
            }
        }
        if !progressed {
            break;
        }
    }
    let report = checker.report(bodies)?;
    let undecided = report
        .groups
        .into_iter()
        .map(|group| {
            let key = Deviation {
                found: String::new(),
                ..group.deviation.clone()
            };
            let why = refused
                .iter()
                .find(|(r, _)| r == &key)
                .map(|(_, why)| why.clone())
                .unwrap_or_else(|| "no body decides this edit: a person has to".into());
            Undecided { group, why }
        })
        .collect();
    let changed = texts
        .into_iter()
        .filter(|(p, t)| files.iter().any(|(q, old)| q == p && old != t))
        .collect();
    Ok(Learned {
        changed,
        applied,
        undecided,
    })
}

/// One edit placed in its file's text.
struct Placed {
    file: String,
    text: String,
    /// 0-based line of the edit in the new text.
    line: usize,
    /// Where lines were inserted, and how many: the lines of earlier edits below move down.
    inserted: Option<(usize, usize)>,
}

/// One edit placed in its file, or why it cannot be.
fn apply(texts: &[(String, String)], d: &Deviation, edit: &Edit) -> Result<Placed, String> {
    let file = match edit {
        Edit::AddValue { .. } => crate::spec::TYPES_FILE,
        _ => d.file.as_str(),
    };
    let original = texts
        .iter()
        .find(|(p, _)| p == file)
        .map(|(_, t)| t.as_str())
        .ok_or_else(|| format!("no spec file {file}"))?;
    let mut text = Text::new(original);
    let before = text.lines.len();
    let (line, insert_at) = match edit {
        Edit::AddField { name, shape } => {
            add_field(&mut text, original, &d.yaml_path, name, shape)?
        }
        Edit::ChangeType { from, to, .. } => {
            let field = d
                .yaml_path
                .strip_suffix(".type")
                .ok_or("not a scalar field's type")?;
            change_type(&mut text, original, field, from, to)?
        }
        Edit::AddValue { set, value } => add_value(&mut text, original, set, value)?,
    };
    let n = text.lines.len() - before;
    Ok(Placed {
        file: file.to_string(),
        text: text.render(),
        line,
        inserted: (n > 0).then_some((insert_at, n)),
    })
}

/// The 0-based line of `path` in `text`, only when that line is the path's last key (not an
/// ancestor found instead).
fn exact_line(text: &Text, original: &str, path: &str) -> Option<usize> {
    let at = locate(original, path)? - 1;
    let last = path.rsplit('.').next()?;
    let body = content(text.lines.get(at)?);
    let body = body.strip_prefix("- ").unwrap_or(body);
    (key_value(body, last).is_some()
        || key_value(body, &format!("\"{last}\"")).is_some()
        || key_value(body, "name").is_some_and(|v| unquote(v) == last))
    .then_some(at)
}

/// `(indent of the block's entries, index after its last entry)` of the block under the key on
/// line `at`.
fn block(text: &Text, at: usize) -> (usize, usize) {
    let key_indent = indent(&text.lines[at]);
    let end = (at + 1..text.lines.len())
        .find(|&i| {
            let l = &text.lines[i];
            !is_blank(l) && !is_comment(l) && indent(l) <= key_indent
        })
        .unwrap_or(text.lines.len());
    let entries = (at + 1..end)
        .map(|i| &text.lines[i])
        .find(|l| !is_blank(l) && !is_comment(l))
        .map_or(key_indent + 2, |l| indent(l));
    // After the last entry, before the blank lines and comments that end the block: those
    // introduce what follows.
    let after = (at + 1..end)
        .rev()
        .find(|&i| !is_blank(&text.lines[i]) && !is_comment(&text.lines[i]))
        .map_or(at + 1, |i| i + 1);
    (entries, after)
}

fn add_field(
    text: &mut Text,
    original: &str,
    record: &str,
    name: &str,
    shape: &str,
) -> Result<(usize, usize), String> {
    let entry = match shape.strip_prefix('{') {
        // A structure carries its note as its first key.
        Some(rest) => format!(
            "{}: {{note: {}, {rest}",
            name_scalar(name),
            quoted(OBSERVED)
        ),
        None => format!(
            "{}: {{type: {shape}, note: {}}}",
            name_scalar(name),
            quoted(OBSERVED)
        ),
    };
    if let Some(at) = exact_line(text, original, record) {
        let last = record.rsplit('.').next().unwrap_or_default();
        let value = key_value(content(&text.lines[at]), last).unwrap_or_default();
        match value {
            "" => {
                let (entries, after) = block(text, at);
                text.insert(after, vec![format!("{}{entry}", " ".repeat(entries))]);
                return Ok((after, after));
            }
            "{}" => {
                let line = &text.lines[at];
                let cr = if line.ends_with('\r') { "\r" } else { "" };
                let key_end = line.find(':').map_or(line.len(), |i| i + 1);
                let head = line[..key_end].to_string();
                text.lines[at] = format!("{head}{cr}");
                let entries = indent(&head) + 2;
                text.insert(at + 1, vec![format!("{}{entry}", " ".repeat(entries))]);
                return Ok((at + 1, at + 1));
            }
            other => {
                return Err(format!(
                    "`{last}: {other}` is written in flow style: add `{entry}` by hand"
                ));
            }
        }
    }
    // A function without a `response:` yet: add one at the end of its block.
    let function = record
        .strip_prefix("functions.")
        .and_then(|r| r.strip_suffix(".response"))
        .filter(|f| !f.contains('.'))
        .ok_or_else(|| format!("cannot find `{record}` in the file"))?;
    let (at, item, end) = text.function_block(function)?;
    let key = " ".repeat(item + 2);
    let after = text.last_non_blank(at, end).map_or(end, |i| i + 1);
    text.insert(
        after,
        vec![format!("{key}response:"), format!("{key}  {entry}")],
    );
    Ok((after + 1, after))
}

fn change_type(
    text: &mut Text,
    original: &str,
    field: &str,
    from: &str,
    to: &str,
) -> Result<(usize, usize), String> {
    let at = exact_line(text, original, field)
        .ok_or_else(|| format!("cannot find `{field}` in the file"))?;
    let name = field.rsplit('.').next().unwrap_or_default();
    let note = quoted(&format!(
        "Observed in answers as {to} (cargo xtask spec learn); documented as {from}."
    ));
    let line = text.lines[at].clone();
    let (body, cr) = match line.strip_suffix('\r') {
        Some(b) => (b, "\r"),
        None => (line.as_str(), ""),
    };
    let value = key_value(body, name)
        .or_else(|| key_value(body, &format!("\"{name}\"")))
        .unwrap_or_default();
    let key_end = body.find(':').map_or(body.len(), |i| i + 1);
    let head = &body[..key_end];
    if value.starts_with('{') {
        // `name: {type: "from", ...}`: the type rewritten in place.
        let old = [format!("type: {}", quoted(from)), format!("type: {from}")]
            .into_iter()
            .find(|o| value.contains(o.as_str()))
            .ok_or_else(|| format!("`{name}`'s type is not written as `{from}`"))?;
        let mut new_value = value.replacen(&old, &format!("type: {}", quoted(to)), 1);
        let comment = if value.contains("note:") {
            format!("  # observed in answers as {to} (cargo xtask spec learn)")
        } else {
            new_value = format!(
                "{}, note: {note}}}",
                new_value.trim_end().trim_end_matches('}').trim_end()
            );
            String::new()
        };
        text.lines[at] = format!("{head} {new_value}{comment}{cr}");
        return Ok((at, at));
    }
    if !value.is_empty() {
        // `name: "from"`: the type string becomes the full form.
        if unquote(value) != from {
            return Err(format!("`{name}`'s type is not written as `{from}`"));
        }
        text.lines[at] = format!("{head} {{type: {}, note: {note}}}{cr}", quoted(to));
        return Ok((at, at));
    }
    // Block style: the `type:` line under the field.
    let (entries, after) = block(text, at);
    let ty = (at + 1..after)
        .find(|&i| indent(&text.lines[i]) == entries && key_value(&text.lines[i], "type").is_some())
        .ok_or_else(|| format!("`{name}` has no `type:` line"))?;
    let l = text.lines[ty].clone();
    let cr = if l.ends_with('\r') { "\r" } else { "" };
    text.lines[ty] = format!("{}type: {}{cr}", " ".repeat(entries), quoted(to));
    let has_note = (at + 1..after)
        .any(|i| indent(&text.lines[i]) == entries && key_value(&text.lines[i], "note").is_some());
    if !has_note {
        text.insert(ty + 1, vec![format!("{}note: {note}", " ".repeat(entries))]);
    }
    Ok((ty, ty + 1))
}

fn add_value(
    text: &mut Text,
    original: &str,
    set: &str,
    value: &str,
) -> Result<(usize, usize), String> {
    let path = format!("value_sets.{set}.values");
    let at = exact_line(text, original, &path)
        .ok_or_else(|| format!("cannot find value set `{set}` in types.yaml"))?;
    if key_value(content(&text.lines[at]), "values") != Some("") {
        return Err(format!(
            "value set `{set}` lists its values in flow style: add `{value}` by hand"
        ));
    }
    let (entries, after) = block(text, at);
    text.insert(
        after,
        vec![format!(
            "{}- {{value: {}, doc: {}}}",
            " ".repeat(entries),
            quoted(value),
            quoted(OBSERVED)
        )],
    );
    Ok((after, after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::saved::{Body, Origin};
    use serde_json::json;

    const TYPES: &str = "# The value sets.\nvalue_sets:\n  Mode:\n    doc: \"Modes.\"\n    values:\n      - \"auto\"\n      - \"manual\"\n\n  # Another set.\n  Other:\n    doc: \"Other.\"\n    values:\n      - \"x\"\n";
    const ERRORS: &str = "errors:\n  - code: invalid_did\n    description: \"Invalid DID\"\n";
    const THINGS: &str = r#"category: "Things"
feature: things
functions:
  - name: getThings
    kind: read
    summary: |-
      - Things
    response:
      # The total, as counted by VoIP.ms.
      total: {type: "integer", example: "1"}
      things:
        list:
          mode: {type: "enum(Mode)", note: "Documented."}
          weight: "integer"
          size:
            type: "integer"

      # Trailing comment about what follows.
  - name: getOther
    kind: read
    summary: |-
      - Other
"#;

    fn files() -> Vec<(String, String)> {
        [
            ("types.yaml", TYPES),
            ("errors.yaml", ERRORS),
            ("functions/things.yaml", THINGS),
        ]
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .to_vec()
    }

    fn body(function: &str, v: serde_json::Value) -> SavedBody {
        SavedBody {
            path: PathBuf::from(format!("{function}.json")),
            origin: Origin::Named(function.to_string()),
            body: Body::Json(v),
        }
    }

    fn learn(files: &[(String, String)], bodies: &[SavedBody]) -> Learned {
        plan(Path::new("spec"), files, bodies).unwrap_or_else(|e| panic!("{e}"))
    }

    fn text_of<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
        files
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or_default()
    }

    /// The files after `learned`, unchanged ones included.
    fn after(files: &[(String, String)], learned: &Learned) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(p, t)| {
                let t = learned
                    .changed
                    .iter()
                    .find(|(q, _)| q == p)
                    .map_or(t, |(_, t)| t);
                (p.clone(), t.clone())
            })
            .collect()
    }

    #[test]
    fn fields_types_and_values_are_learnt_in_place_and_settle() {
        let bodies = [
            body(
                "getThings",
                json!({"status": "success", "total": "3", "extra_enabled": "1",
                "things": [{"mode": "turbo", "weight": "2.5", "size": "1-2", "label": "x",
                            "parts": [{"id": "7"}]}]}),
            ),
            body(
                "getOther",
                json!({"status": "success", "count": "4", "rows": [{"a": "2024-01-02"}]}),
            ),
        ];
        let files = files();
        let learned = learn(&files, &bodies);
        assert!(
            learned.undecided.is_empty(),
            "{:?}",
            learned
                .undecided
                .iter()
                .map(|u| (&u.group.deviation, &u.why))
                .collect::<Vec<_>>()
        );
        let new = after(&files, &learned);
        let things = text_of(&new, "functions/things.yaml");
        let note = quoted(OBSERVED);
        let expected = THINGS
            .replace(
                "          weight: \"integer\"\n",
                "          weight: {type: \"decimal\", note: \"Observed in answers as decimal (cargo xtask spec learn); documented as integer.\"}\n",
            )
            .replace(
                "          size:\n            type: \"integer\"\n",
                &format!(
                    "          size:\n            type: \"string\"\n            note: \"Observed in answers as string (cargo xtask spec learn); documented as integer.\"\n          label: {{type: \"string\", note: {note}}}\n          parts: {{note: {note}, list: {{id: \"id\"}}}}\n      extra_enabled: {{type: \"bool(1/0)\", note: {note}}}\n"
                ),
            )
            .replace(
                "      - Other\n",
                &format!(
                    "      - Other\n    response:\n      count: {{type: \"integer\", note: {note}}}\n      rows: {{note: {note}, list: {{a: \"date\"}}}}\n"
                ),
            );
        assert_eq!(things, expected);
        let types = text_of(&new, "types.yaml");
        assert_eq!(
            types,
            TYPES.replace(
                "      - \"manual\"\n",
                &format!("      - \"manual\"\n      - {{value: \"turbo\", doc: {note}}}\n")
            )
        );
        // Learnt: the same bodies now agree, and learning again changes nothing.
        let again = learn(&new, &bodies);
        assert!(again.changed.is_empty() && again.applied.is_empty());
        let checker =
            Checker::from_files(Path::new("spec"), &new).unwrap_or_else(|d| panic!("{d}"));
        assert!(
            checker
                .report(&bodies)
                .map(|r| r.in_step())
                .unwrap_or(false)
        );
        assert!(learned.applied.iter().all(|a| a.line > 0));
    }

    #[test]
    fn a_second_body_widens_what_the_first_added() {
        let bodies = [
            body(
                "getOther",
                json!({"status": "success", "flag_enabled": "1"}),
            ),
            body(
                "getOther",
                json!({"status": "success", "flag_enabled": "7"}),
            ),
        ];
        let files = files();
        let learned = learn(&files, &bodies);
        let things = text_of(&after(&files, &learned), "functions/things.yaml").to_string();
        assert!(
            things.contains("flag_enabled: {type: \"integer\", note: "),
            "{things}"
        );
        assert_eq!(learned.applied.len(), 2, "{:?}", learned.applied);
    }

    #[test]
    fn what_no_body_decides_is_listed_not_applied() {
        let bodies = [body(
            "getThings",
            json!({"status": "success", "total": "Unlimited", "things": {"mode": "auto"}}),
        )];
        let files = files();
        let learned = learn(&files, &bodies);
        assert!(learned.changed.is_empty());
        let kinds: Vec<_> = learned
            .undecided
            .iter()
            .map(|u| u.group.deviation.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                super::super::DeviationKind::NotOfType,
                super::super::DeviationKind::ShapeFallback
            ]
        );
        let unknown = [body("getThings", json!({"status": "sms_failed"}))];
        let learned = learn(&files, &unknown);
        assert!(learned.changed.is_empty());
        assert_eq!(learned.undecided.len(), 1);
    }

    #[test]
    fn an_edit_that_would_not_load_is_undone_and_listed() {
        // `things` in flow style cannot take a field in place.
        let flow = THINGS.replace(
            "        list:\n          mode: {type: \"enum(Mode)\", note: \"Documented.\"}\n          weight: \"integer\"\n          size:\n            type: \"integer\"\n",
            "        list: {mode: \"enum(Mode)\"}\n",
        );
        let mut files = files();
        files[2].1 = flow;
        let bodies = [body(
            "getThings",
            json!({"status": "success", "things": [{"mode": "auto", "new_one": "x"}]}),
        )];
        let learned = learn(&files, &bodies);
        assert!(learned.changed.is_empty());
        assert_eq!(learned.undecided.len(), 1);
        assert!(
            learned.undecided[0].why.contains("flow style"),
            "{}",
            learned.undecided[0].why
        );
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let mut files = files();
        files[2].1 = THINGS.replace('\n', "\r\n");
        let bodies = [body(
            "getThings",
            json!({"status": "success", "extra": "x"}),
        )];
        let learned = learn(&files, &bodies);
        let things = text_of(&after(&files, &learned), "functions/things.yaml").to_string();
        assert!(things.contains("      extra: {type: \"string\", note: "));
        assert_eq!(things.matches('\n').count(), things.matches("\r\n").count());
    }
}
