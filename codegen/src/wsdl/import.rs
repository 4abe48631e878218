//! `wsdl import`: adds what the WSDL has and the spec lacks, editing the YAML text in place.
//!
//! Every edit inserts whole lines; the only existing lines ever rewritten are a `params: []` /
//! `params: undocumented` line that gains items (it becomes `params:`) and a
//! `source: documentation` line of a function the WSDL now has (it becomes `source: both`).
//! Nothing is reordered, reformatted or deleted. Line endings (LF or CRLF) follow the file.
//!
//! - A missing operation becomes a stub at the end of the category file chosen by
//!   [`choose_category`]: `kind` from the name ([`kind_for`]), `source: wsdl`, `stub: true`, a
//!   to-be-written summary, every parameter optional with its type from the XSD type
//!   ([`spec_type_for`]), and no `response:` (an open JSON map until one is written).
//! - A WSDL parameter its function lacks is appended to the function's `params:`.
//!
//! The edited files are validated as a whole before anything is written: if they would not load
//! (a Rust name collision, say), nothing changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::parse::{Operation, Wsdl, WsdlParam, XsdType};
use crate::names;
use crate::spec::yaml_text::{
    Text, content, indent, is_blank, key_value, name_scalar, quoted, read_dir, write_atomic,
};
use crate::spec::{Diagnostics, Kind, Source, Spec, load_files, locate};

/// Where a new function goes, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryChoice {
    /// The category file, relative to the spec directory (`functions/dids.yaml`).
    pub file: String,
    /// The category's feature (`dids`).
    pub feature: String,
    /// A short explanation (`like getDIDsInfo, setDIDInfo`).
    pub reason: String,
}

/// The feature of the category that takes functions of no known family.
pub const DEFAULT_FEATURE: &str = "general";

/// The kind a function name implies: `get*` / `search*` read, `order*` / `send*` / `backOrder*`
/// spend, anything else write.
pub fn kind_for(name: &str) -> Kind {
    if name.starts_with("backOrder") {
        return Kind::Spend;
    }
    let verb: String = name.chars().take_while(char::is_ascii_lowercase).collect();
    match verb.as_str() {
        "get" | "search" => Kind::Read,
        "order" | "send" => Kind::Spend,
        _ => Kind::Write,
    }
}

/// The spec type a WSDL type imports as: `xsd:integer` -> `integer`, `xsd:decimal` -> `decimal`,
/// `xsd:boolean` -> `bool(true/false)`, anything else `string`.
pub fn spec_type_for(xsd: &XsdType) -> &'static str {
    match xsd {
        XsdType::Integer => "integer",
        XsdType::Decimal => "decimal",
        XsdType::Boolean => "bool(true/false)",
        XsdType::String | XsdType::Other(_) => "string",
    }
}

/// The words of a function name after its verb, singular: `getDIDsInfo` -> `[did, info]`,
/// `backOrderDIDUSA` -> `[did, usa]`, `e911Info` -> `[e911, info]`.
fn family_words(name: &str) -> Vec<String> {
    let snake = names::snake(name);
    let mut words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let lower_run = name.chars().take_while(char::is_ascii_lowercase).count();
    let camel_verb = name[lower_run..].starts_with(|c: char| c.is_ascii_uppercase());
    if words.len() > 2 && words[0] == "back" && words[1] == "order" {
        words.drain(..2);
    } else if words.len() > 1 && camel_verb {
        words.remove(0);
    }
    words
        .into_iter()
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if w.len() > 3 => stem.to_string(),
            _ => w.to_string(),
        })
        .collect()
}

/// Picks the category file for a new function. Each spec function is scored by the leading
/// family words it shares with the new name (`getDIDsFoo` and `setDIDInfo` share `did`), then by
/// the words they share anywhere (`markHeardVoicemailMessage` and `getVoicemailMessages`); the
/// file holding most of the best-scoring functions wins, ties going to the earlier category. With
/// no word in common with any function, the [`DEFAULT_FEATURE`] category (or the first category
/// if there is none).
pub fn choose_category(spec: &Spec, name: &str) -> Option<CategoryChoice> {
    let words = family_words(name);
    // (leading words in common, words in common anywhere)
    let mut best = (0usize, 0usize);
    let mut matches: Vec<&crate::spec::Function> = Vec::new();
    for f in spec.functions.iter().filter(|f| f.name != name) {
        let other = family_words(&f.name);
        let lead = words.iter().zip(&other).take_while(|(a, b)| a == b).count();
        let shared = words.iter().filter(|w| other.contains(w)).count();
        let score = (lead, shared);
        if score == (0, 0) || score < best {
            continue;
        }
        if score > best {
            best = score;
            matches.clear();
        }
        matches.push(f);
    }
    if best != (0, 0) {
        // Most matches wins; ties go to the earlier category.
        let mut by_file: Vec<(&str, Vec<&str>)> = Vec::new();
        for c in &spec.categories {
            let names: Vec<&str> = matches
                .iter()
                .filter(|f| f.file == c.file)
                .map(|f| f.name.as_str())
                .collect();
            if !names.is_empty() {
                by_file.push((c.file.as_str(), names));
            }
        }
        let mut pick: Option<&(&str, Vec<&str>)> = None;
        for entry in &by_file {
            if pick.is_none_or(|p| entry.1.len() > p.1.len()) {
                pick = Some(entry);
            }
        }
        if let Some((file, names)) = pick
            && let Some(cat) = spec.categories.iter().find(|c| c.file == *file)
        {
            let shown: Vec<&str> = names.iter().take(3).copied().collect();
            let more = if names.len() > 3 { ", ..." } else { "" };
            let why = if best.0 > 0 {
                format!("family `{}`", words[..best.0].join("_"))
            } else {
                "shares words with them".to_string()
            };
            return Some(CategoryChoice {
                file: cat.file.clone(),
                feature: cat.feature.clone(),
                reason: format!("like {}{more}: {why}", shown.join(", ")),
            });
        }
    }
    let cat = spec
        .categories
        .iter()
        .find(|c| c.feature == DEFAULT_FEATURE)
        .or_else(|| spec.categories.first())?;
    Some(CategoryChoice {
        file: cat.file.clone(),
        feature: cat.feature.clone(),
        reason: "no function of the same family: the default category".to_string(),
    })
}

/// What an import did (or, from [`plan`], would do).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Import {
    /// Files whose text changes: (path relative to the spec directory, new text).
    pub changed: Vec<(String, String)>,
    /// Stubs added.
    pub functions: Vec<ImportedFunction>,
    /// Parameters appended to existing functions.
    pub params: Vec<ImportedParam>,
    /// Functions whose `source: documentation` became `source: both`.
    pub sources: Vec<String>,
    /// Functions whose `params: undocumented` became a list.
    pub documented: Vec<String>,
}

impl Import {
    /// Nothing to do: the spec already has everything the WSDL has.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty()
    }
}

/// A stub added for a missing operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedFunction {
    /// Function name.
    pub name: String,
    /// Category file it went to.
    pub file: String,
    /// 1-based line of its `- name:` in the edited file.
    pub line: usize,
    /// The kind given from its name.
    pub kind: Kind,
    /// Number of parameters.
    pub params: usize,
    /// Why that category.
    pub reason: String,
}

/// A parameter appended to an existing function.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedParam {
    /// Function name.
    pub function: String,
    /// Parameter name.
    pub name: String,
    /// Its spec type.
    pub ty: &'static str,
    /// The WSDL's type.
    pub xsd: XsdType,
    /// Spec file.
    pub file: String,
    /// 1-based line of its `- name:` in the edited file.
    pub line: usize,
}

/// Why an import could not be done. Nothing is written when one occurs.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
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
    /// An edit could not be placed in the text.
    #[error("{file}: {function}: {problem}")]
    Edit {
        /// The spec file.
        file: String,
        /// The function being edited.
        function: String,
        /// What went wrong.
        problem: String,
    },
    /// The edited spec would not load.
    #[error("the imported spec would not validate, so nothing was written:\n{0}")]
    Invalid(Diagnostics),
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Reads the spec in `dir`, imports `wsdl` into it and writes the changed files.
pub fn import_dir(dir: &Path, wsdl: &Wsdl) -> Result<Import, ImportError> {
    let read_err = |source| ImportError::Read {
        dir: dir.to_path_buf(),
        source,
    };
    let files = read_dir(dir).map_err(read_err)?;
    let rename = |mut d: Diagnostics| {
        for diag in &mut d.0 {
            diag.file = dir.join(&diag.file).display().to_string();
        }
        d
    };
    let import = plan(&files, wsdl).map_err(|e| match e {
        ImportError::Spec(d) => ImportError::Spec(rename(d)),
        ImportError::Invalid(d) => ImportError::Invalid(rename(d)),
        other => other,
    })?;
    for (rel, text) in &import.changed {
        let path = dir.join(rel);
        write_atomic(&path, text).map_err(|source| ImportError::Write { path, source })?;
    }
    Ok(import)
}

/// Computes the import of `wsdl` into the spec given as `(relative path, text)` files, without
/// writing anything.
pub fn plan(files: &[(String, String)], wsdl: &Wsdl) -> Result<Import, ImportError> {
    let spec = load_files(files).map_err(ImportError::Spec)?;
    let mut texts: BTreeMap<String, Text> = files
        .iter()
        .map(|(p, t)| (p.clone(), Text::new(t)))
        .collect();
    let mut out = Import::default();
    // Planned, located after every edit is done.
    let mut new_fns: Vec<(String, String, Kind, usize, String)> = Vec::new();
    let mut new_params: Vec<(String, WsdlParam, String)> = Vec::new();

    for op in &wsdl.operations {
        match spec.function(&op.name) {
            None => {
                let Some(choice) = choose_category(&spec, &op.name) else {
                    return Err(ImportError::Edit {
                        file: "functions/".into(),
                        function: op.name.clone(),
                        problem: "the spec has no category file to put it in".into(),
                    });
                };
                let text = texts
                    .get_mut(&choice.file)
                    .ok_or_else(|| edit_err(&choice.file, &op.name, "category file not found"))?;
                let kind = kind_for(&op.name);
                text.add_function(op, kind)
                    .map_err(|p| edit_err(&choice.file, &op.name, &p))?;
                new_fns.push((
                    op.name.clone(),
                    choice.file,
                    kind,
                    op.params.len(),
                    choice.reason,
                ));
            }
            Some(f) => {
                let text = texts
                    .get_mut(&f.file)
                    .ok_or_else(|| edit_err(&f.file, &f.name, "spec file not found"))?;
                if f.source == Source::Documentation {
                    text.set_source_both(&f.name)
                        .map_err(|p| edit_err(&f.file, &f.name, &p))?;
                    out.sources.push(f.name.clone());
                }
                let added: Vec<&WsdlParam> = op
                    .params
                    .iter()
                    .filter(|wp| f.param(&wp.name).is_none())
                    .collect();
                if added.is_empty() {
                    continue;
                }
                if f.params_undocumented {
                    out.documented.push(f.name.clone());
                }
                text.append_params(&f.name, &added)
                    .map_err(|p| edit_err(&f.file, &f.name, &p))?;
                for wp in added {
                    new_params.push((f.name.clone(), wp.clone(), f.file.clone()));
                }
            }
        }
    }

    let new_files: Vec<(String, String)> =
        texts.iter().map(|(p, t)| (p.clone(), t.render())).collect();
    let edited = load_files(&new_files).map_err(ImportError::Invalid)?;
    let text_of = |file: &str| {
        new_files
            .iter()
            .find(|(p, _)| p == file)
            .map(|(_, t)| t.as_str())
            .unwrap_or_default()
    };
    for (name, file, kind, params, reason) in new_fns {
        match edited.function(&name) {
            Some(f) if f.stub && f.file == file => {}
            _ => return Err(edit_err(&file, &name, "the stub did not load as added")),
        }
        out.functions.push(ImportedFunction {
            line: locate(text_of(&file), &format!("functions.{name}")).unwrap_or(0),
            name,
            file,
            kind,
            params,
            reason,
        });
    }
    for (function, wp, file) in new_params {
        if edited
            .function(&function)
            .and_then(|f| f.param(&wp.name))
            .is_none()
        {
            return Err(edit_err(
                &file,
                &function,
                &format!("parameter `{}` did not load as added", wp.name),
            ));
        }
        out.params.push(ImportedParam {
            line: locate(
                text_of(&file),
                &format!("functions.{function}.params.{}", wp.name),
            )
            .unwrap_or(0),
            ty: spec_type_for(&wp.xsd),
            function,
            name: wp.name,
            xsd: wp.xsd,
            file,
        });
    }
    out.changed = new_files
        .into_iter()
        .filter(|(p, t)| files.iter().any(|(q, old)| q == p && old != t))
        .collect();
    Ok(out)
}

fn edit_err(file: &str, function: &str, problem: &str) -> ImportError {
    ImportError::Edit {
        file: file.to_string(),
        function: function.to_string(),
        problem: problem.to_string(),
    }
}

fn param_doc(wp: &WsdlParam) -> String {
    format!("From the WSDL ({}); to be documented.", wp.xsd)
}

impl Text {
    fn add_function(&mut self, op: &Operation, kind: Kind) -> Result<(), String> {
        let (start, item, end) = self.functions_block()?;
        let key = " ".repeat(item + 2);
        let mut new = vec![
            String::new(),
            format!("{}- name: {}", " ".repeat(item), name_scalar(&op.name)),
            format!("{key}kind: {}", kind.as_str()),
            format!("{key}source: wsdl"),
            format!("{key}stub: true"),
            format!(
                "{key}# Imported from the WSDL by `cargo xtask wsdl import`: write the summary, check each"
            ),
            format!(
                "{key}# parameter (type, required, doc) and add the response, then remove `stub: true`."
            ),
            format!("{key}summary: |-"),
            format!(
                "{key}  TODO: imported from the WSDL; describe what {} does.",
                op.name
            ),
        ];
        if op.params.is_empty() {
            new.push(format!("{key}params: []"));
        } else {
            new.push(format!("{key}params:"));
            let refs: Vec<&WsdlParam> = op.params.iter().collect();
            new.extend(param_lines(&refs, item + 4));
        }
        let at = self.last_non_blank(start, end).map_or(end, |i| i + 1);
        self.insert(at, new);
        Ok(())
    }

    fn set_source_both(&mut self, name: &str) -> Result<(), String> {
        let (at, item, end) = self.function_block(name)?;
        let i = self
            .function_key(at, item, end, "source")
            .ok_or("no `source:` line to update")?;
        let line = &self.lines[i];
        let pos = line
            .find("documentation")
            .ok_or("its `source:` line does not say `documentation`")?;
        let updated = format!(
            "{}both{}",
            &line[..pos],
            &line[pos + "documentation".len()..]
        );
        self.lines[i] = updated;
        Ok(())
    }

    fn append_params(&mut self, name: &str, params: &[&WsdlParam]) -> Result<(), String> {
        let (at, item, end) = self.function_block(name)?;
        let key_indent = item + 2;
        let Some(pline) = self.function_key(at, item, end, "params") else {
            // No `params:` key: add one at the end of the function.
            let mut new = vec![format!("{}params:", " ".repeat(key_indent))];
            new.extend(param_lines(params, key_indent + 2));
            let at = self.last_non_blank(at, end).map_or(end, |i| i + 1);
            self.insert(at, new);
            return Ok(());
        };
        let value = key_value(&self.lines[pline], "params").unwrap_or_default();
        match value {
            "" => {
                let block_end = (pline + 1..end)
                    .find(|&i| {
                        let l = &self.lines[i];
                        !is_blank(l)
                            && (indent(l) < key_indent
                                || (indent(l) == key_indent && !content(l).starts_with("- ")))
                    })
                    .unwrap_or(end);
                let items = (pline + 1..block_end)
                    .map(|i| &self.lines[i])
                    .find(|l| content(l).starts_with("- "))
                    .map_or(key_indent + 2, |l| indent(l));
                let at = self
                    .last_non_blank(pline + 1, block_end)
                    .map_or(pline + 1, |i| i + 1);
                self.insert(at, param_lines(params, items));
                Ok(())
            }
            "[]" | "undocumented" => {
                let line = &self.lines[pline];
                let key_end = line.find("params:").map_or(0, |p| p + "params:".len());
                let (head, tail) = line.split_at(key_end);
                let tail = tail.replacen(value, "", 1);
                let (body, cr) = match tail.strip_suffix('\r') {
                    Some(b) => (b, "\r"),
                    None => (tail.as_str(), ""),
                };
                let body = body.trim_start();
                let updated = if body.is_empty() {
                    format!("{head}{cr}")
                } else {
                    format!("{head} {body}{cr}")
                };
                self.lines[pline] = updated;
                self.insert(pline + 1, param_lines(params, key_indent + 2));
                Ok(())
            }
            other => Err(format!(
                "`params: {other}` is written in flow style; add {} by hand",
                params
                    .iter()
                    .map(|p| format!("`{}`", p.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// Parameter list items at `indent` (without line endings).
fn param_lines(params: &[&WsdlParam], indent: usize) -> Vec<String> {
    let item = " ".repeat(indent);
    let key = " ".repeat(indent + 2);
    let mut out = Vec::new();
    for wp in params {
        out.push(format!("{item}- name: {}", name_scalar(&wp.name)));
        out.push(format!("{key}type: \"{}\"", spec_type_for(&wp.xsd)));
        out.push(format!("{key}doc: {}", quoted(&param_doc(wp))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_for("getDIDsInfo"), Kind::Read);
        assert_eq!(kind_for("searchDIDsUSA"), Kind::Read);
        assert_eq!(kind_for("orderDID"), Kind::Spend);
        assert_eq!(kind_for("sendSMS"), Kind::Spend);
        assert_eq!(kind_for("backOrderDIDUSA"), Kind::Spend);
        assert_eq!(kind_for("setDIDInfo"), Kind::Write);
        assert_eq!(kind_for("e911Info"), Kind::Write);
        assert_eq!(kind_for("getaway"), Kind::Write);
    }

    #[test]
    fn family_words_drop_the_verb() {
        assert_eq!(family_words("getDIDsInfo"), ["did", "info"]);
        assert_eq!(family_words("backOrderDIDUSA"), ["did", "usa"]);
        assert_eq!(family_words("e911Info"), ["e911", "info"]);
        assert_eq!(family_words("getCallRecordings"), ["call", "recording"]);
        assert_eq!(family_words("ping"), ["ping"]);
    }

    #[test]
    fn crlf_is_preserved() {
        let src = "category: \"X\"\r\nfeature: x\r\nfunctions:\r\n  - name: getA\r\n    kind: read\r\n    summary: |-\r\n      A\r\n    params: []\r\n";
        let mut t = Text::new(src);
        let p = WsdlParam {
            name: "did".into(),
            xsd: XsdType::Integer,
        };
        t.append_params("getA", &[&p]).unwrap();
        let out = t.render();
        assert!(out.contains("    params:\r\n      - name: did\r\n        type: \"integer\"\r\n"));
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    }

    #[test]
    fn params_block_appends_after_last_item() {
        let src = "functions:\n  - name: getA\n    kind: read\n    summary: |-\n      A\n    params:\n      - name: a\n        type: \"string\"\n\n    # about the response\n    response: {}\n\n  - name: getB\n    kind: read\n    summary: B\n";
        let mut t = Text::new(src);
        let p = WsdlParam {
            name: "b".into(),
            xsd: XsdType::Boolean,
        };
        t.append_params("getA", &[&p]).unwrap();
        let out = t.render();
        let expected = src.replace(
            "        type: \"string\"\n\n",
            "        type: \"string\"\n      - name: b\n        type: \"bool(true/false)\"\n        doc: \"From the WSDL (xsd:boolean); to be documented.\"\n\n",
        );
        assert_eq!(out, expected);
    }
}
