//! The spec diff: classifies every change between two spec revisions (`cargo xtask spec diff`).
//!
//! [`diff`] compares two loaded [`Spec`]s and returns a [`Diff`]: one [`Finding`] per change,
//! each under a [`Rule`] of the catalogue ([`rules`]) with a stable id, a [`Level`] and a
//! [`Direction`], plus the generated crate's API effect ([`api`]) and the semver [`Bump`] it calls
//! for. [`Diff::apply_ignores`] marks accepted findings ([`ignore`]), [`Diff::locate`] resolves
//! their file and line, and [`report`] renders the four formats.
//!
//! Items are matched by name: a renamed function, parameter, field, value, value set or status
//! code is a removal plus an addition. When a removed and an added item sit in the same place and
//! look alike (same type, same shape, same values, same description), both findings say
//! "possibly renamed".

pub mod api;
mod callbacks;
mod error_codes;
mod functions;
pub mod ignore;
mod renames;
pub mod report;
mod responses;
pub mod rules;
mod value_sets;

use std::cmp::Reverse;
use std::fmt;

pub use api::{ApiChange, Change};
pub use ignore::{IgnoreEntry, IgnoreError, IgnoreList};
pub use report::{Format, Labels};
pub use rules::{Direction, Level, Rule};

use crate::spec::{Spec, locate};

/// Where a finding is in the spec files, for editors and GitHub annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the reader should find it (`spec/functions/dids.yaml`).
    pub file: String,
    /// 1-based line, when found.
    pub line: Option<usize>,
}

/// Where to look for a finding before lines are resolved: a file relative to the spec directory
/// and a loader-style YAML path (`functions.sendSMS.params.dst`). Removed items keep their old
/// path: [`locate`] then finds the nearest surviving ancestor in the new file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Anchor {
    file: String,
    yaml_path: String,
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that classifies it.
    pub rule: Rule,
    /// What changed, as a dotted path: `sendSMS.params.message`, `sendSMS.params.message.type`,
    /// `getBalance.response.balance.current_balance`, `value_sets.DtmfMode.values.auto`,
    /// `errors.invalid_did`.
    pub path: String,
    /// What happened, in words (with "possibly renamed" hints).
    pub message: String,
    /// The value before (a type, a flag, a text, a description of the removed item).
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
    /// File and line in the new spec, once [`Diff::locate`] ran.
    pub location: Option<Location>,
    /// Why the change is accepted, when an ignore entry matched it.
    pub ignored: Option<String>,
    anchor: Option<Anchor>,
}

impl Finding {
    /// A finding without values or location.
    pub fn new(rule: Rule, path: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            rule,
            path: path.into(),
            message: message.into(),
            old: None,
            new: None,
            location: None,
            ignored: None,
            anchor: None,
        }
    }

    /// With the value before.
    pub fn old(mut self, old: impl Into<String>) -> Self {
        self.old = Some(old.into());
        self
    }

    /// With the value after.
    pub fn new_value(mut self, new: impl Into<String>) -> Self {
        self.new = Some(new.into());
        self
    }

    /// With both values.
    pub fn values(self, old: impl Into<String>, new: impl Into<String>) -> Self {
        self.old(old).new_value(new)
    }

    /// Anchored at `yaml_path` in `file` (relative to the spec directory).
    fn at(mut self, file: &str, yaml_path: impl Into<String>) -> Self {
        self.anchor = Some(Anchor {
            file: file.to_string(),
            yaml_path: yaml_path.into(),
        });
        self
    }

    /// The rule's level.
    pub fn level(&self) -> Level {
        self.rule.level()
    }

    /// The safety net: a change at `path` that no rule classifies (a model field newer than the
    /// catalogue). Comparisons end with a probe: the old item with every field they compared
    /// taken from the new one; if it still differs from the new item, this finding is reported.
    fn unclassified(path: &str) -> Finding {
        Finding::new(
            Rule::UnclassifiedChange,
            path,
            "changed in a way no rule classifies: review it by hand",
        )
    }
}

/// The semver bump a diff calls for, for a 0.x crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Compatible changes only.
    Patch,
    /// A breaking change (0.x: the minor number is the breaking one).
    Minor,
}

impl Bump {
    /// `none`, `patch` or `minor`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bump::None => f.write_str("no bump"),
            b => write!(f, "{} bump", b.as_str()),
        }
    }
}

/// Findings per level, not counting ignored ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Counts {
    /// Breaking findings.
    pub breaking: usize,
    /// Warnings.
    pub warning: usize,
    /// Informational findings.
    pub info: usize,
    /// Findings accepted by the ignore file (any level).
    pub ignored: usize,
}

/// Every change between two specs, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Findings, most severe first, then by path and rule.
    pub findings: Vec<Finding>,
    /// The generated crate's Rust items added, changed and removed.
    pub api: Vec<ApiChange>,
}

/// Compares two specs.
pub fn diff(old: &Spec, new: &Spec) -> Diff {
    let mut findings = Vec::new();
    functions::compare(old, new, &mut findings);
    value_sets::compare(old, new, &mut findings);
    error_codes::compare(old, new, &mut findings);
    callbacks::compare(old, new, &mut findings);
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                Reverse(f.level()),
                f.path.clone(),
                f.rule,
                f.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Diff {
        findings,
        api: api::compare(old, new),
    }
}

impl Diff {
    /// Findings per level (ignored ones counted apart).
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for f in &self.findings {
            if f.ignored.is_some() {
                c.ignored += 1;
                continue;
            }
            match f.level() {
                Level::Breaking => c.breaking += 1,
                Level::Warning => c.warning += 1,
                Level::Info => c.info += 1,
            }
        }
        c
    }

    /// The semver bump for the 0.x crate: minor when a change is breaking (ignored or not:
    /// accepting a break does not make it compatible) or a Rust item is changed or removed (a
    /// required parameter becoming optional changes a constructor, a deprecated function's
    /// removal removes a method); patch for any other change; none without changes.
    pub fn bump(&self) -> Bump {
        let breaking = self.findings.iter().any(|f| f.level() == Level::Breaking)
            || self.api.iter().any(|a| a.change != Change::Added);
        if breaking {
            Bump::Minor
        } else if self.findings.is_empty() && self.api.is_empty() {
            Bump::None
        } else {
            Bump::Patch
        }
    }

    /// The one-line verdict every format opens with: `2 breaking, 1 warning, 5 info -> minor bump`.
    pub fn verdict(&self) -> String {
        let c = self.counts();
        let plural = if c.warning == 1 { "" } else { "s" };
        let mut s = format!(
            "{} breaking, {} warning{plural}, {} info",
            c.breaking, c.warning, c.info
        );
        if c.ignored > 0 {
            s.push_str(&format!(" ({} ignored)", c.ignored));
        }
        if self.findings.is_empty() && self.api.is_empty() {
            s.insert_str(0, "no change: ");
        }
        s.push_str(&format!(" -> {}", self.bump()));
        s
    }

    /// Whether a finding that is not ignored is at or above `threshold` (`None`: never).
    pub fn fails(&self, threshold: Option<Level>) -> bool {
        threshold.is_some_and(|t| {
            self.findings
                .iter()
                .any(|f| f.ignored.is_none() && f.level() >= t)
        })
    }

    /// Marks the findings an ignore entry matches with the entry's reason. Returns the entries
    /// that matched nothing (stale ones, worth removing).
    pub fn apply_ignores<'a>(&mut self, list: &'a IgnoreList) -> Vec<&'a IgnoreEntry> {
        let mut used = vec![false; list.entries.len()];
        for f in &mut self.findings {
            if let Some(i) = list.entries.iter().position(|e| e.matches(f)) {
                used[i] = true;
                f.ignored = Some(list.entries[i].reason.clone());
            }
        }
        list.entries
            .iter()
            .zip(used)
            .filter(|(_, u)| !u)
            .map(|(e, _)| e)
            .collect()
    }

    /// Resolves each finding's file and line in the new spec's files (`(path relative to the spec
    /// directory, contents)`); `dir` is how the reader names the spec directory (`spec`).
    /// Findings about files the new spec lacks get no location.
    pub fn locate(&mut self, new_files: &[(String, String)], dir: &str) {
        for f in &mut self.findings {
            let Some(anchor) = &f.anchor else { continue };
            let Some((_, text)) = new_files.iter().find(|(p, _)| *p == anchor.file) else {
                continue;
            };
            let file = if dir.is_empty() {
                anchor.file.clone()
            } else {
                format!("{}/{}", dir.trim_end_matches('/'), anchor.file)
            };
            f.location = Some(Location {
                file,
                line: locate(text, &anchor.yaml_path),
            });
        }
    }
}

/// A short description of a yes/no flag for old/new values.
fn flag(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// An optional value for old/new values (`none` when absent).
fn opt<T: fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "none".to_string(), T::to_string)
}
