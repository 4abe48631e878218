//! Many saved bodies checked at once: deviations grouped by the spec edit they call for, located
//! by line, and rendered for `cargo xtask spec check-responses`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::saved::{Body, Origin, SavedBody};
use super::{Deviation, DeviationKind, check_body, describe};
use crate::spec::{self, Diagnostic, Diagnostics, Spec};

/// A saved body whose function cannot be told.
#[derive(Debug, thiserror::Error)]
#[error(
    "{path}: cannot tell which function answered: name the file after it (`getDIDsInfo.json`, `getDIDsInfo-2.json`) or save it with `voipms call --save DIR`"
)]
pub struct ResolveError {
    /// The file.
    pub path: PathBuf,
}

/// The spec with its file texts, to check bodies and locate the edits by line.
pub struct Checker {
    spec: Spec,
    dir: PathBuf,
    texts: HashMap<String, String>,
}

/// Deviations that call for the same edit, with the bodies that showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The function whose bodies showed it.
    pub function: String,
    /// The deviation (as seen first).
    pub deviation: Deviation,
    /// The 1-based line of its YAML path in the spec file, when found.
    pub line: Option<usize>,
    /// The saved files that showed it, in reading order.
    pub seen_in: Vec<PathBuf>,
    /// How many times in all (a list of 100 records counts 100).
    pub count: usize,
}

/// The result of checking saved bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The spec directory, to print file names as a user finds them.
    pub spec_dir: PathBuf,
    /// How many bodies were checked.
    pub bodies: usize,
    /// How many of them deviate.
    pub drifted: usize,
    /// The deviations, in spec file then line order.
    pub groups: Vec<Group>,
}

impl Checker {
    /// Loads and validates the spec directory, keeping its texts to locate lines.
    pub fn load(dir: &Path) -> Result<Checker, Diagnostics> {
        let files = spec::yaml_text::read_dir(dir).map_err(|e| {
            Diagnostics(vec![Diagnostic::new(
                dir.display().to_string(),
                "",
                None,
                format!("cannot read the spec directory: {e}"),
            )])
        })?;
        Checker::from_files(dir, &files).map_err(|mut d| {
            // Name files as the user would find them.
            for diag in &mut d.0 {
                diag.file = dir.join(&diag.file).display().to_string();
            }
            d
        })
    }

    /// The spec given as `(path relative to the spec directory, text)` files; `dir` is where
    /// reports say they are.
    pub fn from_files(dir: &Path, files: &[(String, String)]) -> Result<Checker, Diagnostics> {
        Ok(Checker {
            spec: spec::load_files(files)?,
            dir: dir.to_path_buf(),
            texts: files.iter().cloned().collect(),
        })
    }

    /// The spec.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The wire name of the function that answered `saved`: as saved, or the longest spec
    /// function name its file name starts with (followed by nothing or a non-alphanumeric).
    pub fn function_of<'s>(&self, saved: &'s SavedBody) -> Result<&'s str, ResolveError>
    where
        Self: 's,
    {
        match &saved.origin {
            Origin::Named(f) => Ok(f),
            Origin::FileName(stem) => self
                .spec
                .functions
                .iter()
                .map(|f| f.name.as_str())
                .filter(|f| {
                    stem.strip_prefix(f)
                        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
                })
                .max_by_key(|f| f.len())
                .map(|f| &stem[..f.len()])
                .ok_or_else(|| ResolveError {
                    path: saved.path.clone(),
                }),
        }
    }

    /// The deviations of one saved body.
    pub fn check(&self, saved: &SavedBody) -> Result<Vec<Deviation>, ResolveError> {
        let name = self.function_of(saved)?;
        let Some(function) = self.spec.function(name) else {
            return Ok(vec![Deviation {
                file: "functions/".into(),
                yaml_path: format!("functions.{name}"),
                kind: DeviationKind::UnknownFunction,
                at: String::new(),
                found: format!("an answer of `{name}`"),
                fix: format!(
                    "add function `{name}` (`cargo xtask wsdl import` adds it if the WSDL has it)"
                ),
                edit: None,
            }]);
        };
        Ok(match &saved.body {
            Body::Json(v) => check_body(&self.spec, function, v),
            Body::Text(t) => vec![Deviation {
                file: function.file.clone(),
                yaml_path: format!("functions.{name}"),
                kind: DeviationKind::MissingStatus,
                at: String::new(),
                found: format!("text, not JSON ({})", describe(&t.as_str().into())),
                fix: "nothing to edit in the spec if this was an outage or login page; otherwise \
                      say in the function's `note:` that it answers text"
                    .into(),
                edit: None,
            }],
        })
    }

    /// Checks every saved body and groups the deviations by the edit they call for.
    pub fn report(&self, bodies: &[SavedBody]) -> Result<Report, ResolveError> {
        let mut groups: BTreeMap<Deviation, Group> = BTreeMap::new();
        let mut drifted = 0;
        for saved in bodies {
            let found = self.check(saved)?;
            if !found.is_empty() {
                drifted += 1;
            }
            let function = self.function_of(saved)?;
            for d in found {
                // Same edit, same place: one group (the first `found` stands for all).
                let key = Deviation {
                    found: String::new(),
                    ..d.clone()
                };
                let g = groups.entry(key).or_insert_with(|| Group {
                    function: function.to_string(),
                    line: self
                        .texts
                        .get(&d.file)
                        .and_then(|t| spec::locate(t, &d.yaml_path)),
                    deviation: d,
                    seen_in: Vec::new(),
                    count: 0,
                });
                g.count += 1;
                if g.seen_in.last() != Some(&saved.path) {
                    g.seen_in.push(saved.path.clone());
                }
            }
        }
        let mut groups: Vec<Group> = groups.into_values().collect();
        groups.sort_by(|a, b| {
            (&a.deviation.file, a.line, &a.deviation.at).cmp(&(
                &b.deviation.file,
                b.line,
                &b.deviation.at,
            ))
        });
        Ok(Report {
            spec_dir: self.dir.clone(),
            bodies: bodies.len(),
            drifted,
            groups,
        })
    }
}

impl Report {
    /// No body deviates from the spec.
    pub fn in_step(&self) -> bool {
        self.groups.is_empty()
    }

    /// The report as printed: one entry per edit, then a summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for g in &self.groups {
            let d = &g.deviation;
            let mut place = self.spec_dir.join(&d.file).display().to_string();
            if let Some(l) = g.line {
                let _ = write!(place, ":{l}");
            }
            let at = if d.at.is_empty() {
                g.function.clone()
            } else {
                format!("{} {}", g.function, d.at)
            };
            let _ = writeln!(
                out,
                "{place}: {}: {}: {at}: {}",
                d.yaml_path,
                d.kind.as_str(),
                d.found
            );
            let _ = writeln!(out, "    fix: {}", d.fix);
            let times = if g.count > 1 {
                format!("{} times, ", g.count)
            } else {
                String::new()
            };
            let mut files: Vec<String> = g
                .seen_in
                .iter()
                .take(3)
                .map(|p| p.display().to_string())
                .collect();
            if g.seen_in.len() > 3 {
                files.push(format!("and {} more", g.seen_in.len() - 3));
            }
            let _ = writeln!(out, "    seen {times}in {}", files.join(", "));
        }
        if self.in_step() {
            let _ = writeln!(
                out,
                "in step: {} saved bod{} agree with the spec",
                self.bodies,
                if self.bodies == 1 { "y" } else { "ies" }
            );
        } else {
            let _ = writeln!(
                out,
                "drift: {} spec edit{} suggested, from {} of {} saved bodies (edit the spec, then \
                 `cargo xtask spec check` and `cargo xtask codegen`)",
                self.groups.len(),
                if self.groups.len() == 1 { "" } else { "s" },
                self.drifted,
                self.bodies
            );
        }
        out
    }
}
