//! The four report formats. Each opens with the one-line verdict ([`Diff::verdict`]).
//!
//! - `text`: for a terminal, findings grouped by level;
//! - `markdown`: for a pull-request comment or a GitHub job summary;
//! - `json`: for bots, a stable schema (see [`JSON_SCHEMA_VERSION`]);
//! - `github`: GitHub Actions workflow commands (`::error` / `::warning` / `::notice`), one per
//!   finding, annotating the spec file and line.
//!
//! Long values (summaries, docs) are shortened in the text, Markdown and GitHub formats around
//! their first difference; the JSON report carries them whole.

use std::fmt::Write as _;

use serde::Serialize;

use super::{ApiChange, Bump, Change, Counts, Diff, Direction, Finding, Level};

/// The version of the JSON report's schema; it changes only when a field is removed or changes
/// meaning (adding fields is compatible).
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For a pull-request comment or job summary.
    Markdown,
    /// For bots: a stable schema.
    Json,
    /// GitHub Actions annotations.
    Github,
}

impl Format {
    /// Parses `text`, `markdown`, `json` or `github`.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "text" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

/// How the report names the two sides (`origin/main:spec`, `spec`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The old side.
    pub old: String,
    /// The new side.
    pub new: String,
}

/// Renders a diff.
pub fn render(diff: &Diff, format: Format, labels: &Labels) -> String {
    match format {
        Format::Text => text(diff, labels),
        Format::Markdown => markdown(diff, labels),
        Format::Json => json(diff, labels),
        Format::Github => github(diff),
    }
}

const SEMVER_NOTE: &str = "0.x crate: a breaking change or a changed or removed Rust item calls for a minor bump, \
     any other change for a patch";

/// The bump, explained unless there is none.
fn semver_text(bump: Bump) -> String {
    match bump {
        Bump::None => bump.to_string(),
        b => format!("{b} ({SEMVER_NOTE})"),
    }
}

/// Most crate API items the Markdown report shows unfolded.
const API_UNFOLDED: usize = 30;

/// Longest value shown whole in the text, Markdown and GitHub formats.
const WIDTH: usize = 72;

/// One line, at most `WIDTH` characters, starting `from` characters in (with `…` where cut).
fn clip(s: &str, from: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { '⏎' } else { c })
        .collect();
    let chars: Vec<char> = flat.chars().collect();
    if chars.len() <= WIDTH {
        return flat;
    }
    let from = from.min(chars.len().saturating_sub(WIDTH));
    let end = (from + WIDTH).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&chars[from..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// Old and new values, shortened around their first difference.
fn excerpt(old: &str, new: &str) -> (String, String) {
    let common = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .count();
    // Start at the beginning unless the first difference would be cut off.
    let from = if common <= WIDTH / 2 {
        0
    } else {
        common - WIDTH / 4
    };
    (clip(old, from), clip(new, from))
}

/// The change in words: `type changed: phone -> integer`, `parameter removed (was string, required)`.
fn change_text(f: &Finding) -> String {
    match (&f.old, &f.new) {
        (Some(o), Some(n)) => {
            let (o, n) = excerpt(o, n);
            format!("{}: {o} -> {n}", f.message)
        }
        (Some(o), None) => format!("{}; was {}", f.message, clip(o, 0)),
        (None, Some(n)) => format!("{}: {}", f.message, clip(n, 0)),
        (None, None) => f.message.clone(),
    }
}

fn location_text(f: &Finding) -> String {
    match &f.location {
        Some(l) => match l.line {
            Some(line) => format!("  ({}:{line})", l.file),
            None => format!("  ({})", l.file),
        },
        None => String::new(),
    }
}

fn level_heading(level: Level) -> &'static str {
    match level {
        Level::Breaking => "Breaking",
        Level::Warning => "Warnings",
        Level::Info => "Info",
    }
}

fn api_summary(api: &[ApiChange]) -> String {
    let n = |c: Change| api.iter().filter(|a| a.change == c).count();
    format!(
        "{} removed, {} changed, {} added",
        n(Change::Removed),
        n(Change::Changed),
        n(Change::Added)
    )
}

fn text(diff: &Diff, labels: &Labels) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", diff.verdict());
    let _ = writeln!(out, "old: {}", labels.old);
    let _ = writeln!(out, "new: {}", labels.new);
    let finding = |out: &mut String, f: &Finding| {
        let _ = writeln!(out, "  {}  {}{}", f.rule, f.path, location_text(f));
        let _ = writeln!(out, "    {}", change_text(f));
    };
    for level in Level::ALL {
        let group: Vec<&Finding> = diff
            .findings
            .iter()
            .filter(|f| f.ignored.is_none() && f.level() == level)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({}):", level_heading(level), group.len());
        for f in group {
            finding(&mut out, f);
        }
    }
    let ignored: Vec<&Finding> = diff
        .findings
        .iter()
        .filter(|f| f.ignored.is_some())
        .collect();
    if !ignored.is_empty() {
        let _ = writeln!(out, "\nIgnored ({}):", ignored.len());
        for f in ignored {
            finding(&mut out, f);
            let _ = writeln!(
                out,
                "    ignored ({}): {}",
                f.level(),
                f.ignored.as_deref().unwrap_or_default()
            );
        }
    }
    if !diff.api.is_empty() {
        let _ = writeln!(out, "\nCrate API: {}", api_summary(&diff.api));
        for a in &diff.api {
            match (&a.old, &a.new) {
                (Some(o), Some(n)) => {
                    let _ = writeln!(out, "  ~ {o}\n    => {n}");
                }
                (Some(d), None) | (None, Some(d)) => {
                    let _ = writeln!(out, "  {} {d}", a.change.marker());
                }
                (None, None) => {}
            }
        }
    }
    let _ = writeln!(out, "\nSemver: {}", semver_text(diff.bump()));
    out
}

/// A Markdown table cell holding a value as code.
fn code_cell(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let s = s.replace('|', "\\|");
    if s.contains('`') {
        // A double-backtick code span may hold single backticks.
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// A Markdown table cell holding prose.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(diff: &Diff, labels: &Labels) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Spec diff: {}\n", diff.verdict());
    let _ = writeln!(
        out,
        "Comparing `{}` (old) with `{}` (new).\n",
        labels.old, labels.new
    );
    let values = |f: &Finding| -> (String, String) {
        match (&f.old, &f.new) {
            (Some(o), Some(n)) => {
                let (o, n) = excerpt(o, n);
                (code_cell(&o), code_cell(&n))
            }
            (o, n) => (
                code_cell(&o.as_deref().map(|s| clip(s, 0)).unwrap_or_default()),
                code_cell(&n.as_deref().map(|s| clip(s, 0)).unwrap_or_default()),
            ),
        }
    };
    let place = |f: &Finding| match &f.location {
        Some(l) => match l.line {
            Some(line) => format!(" ({}:{line})", l.file),
            None => format!(" ({})", l.file),
        },
        None => String::new(),
    };
    let active: Vec<&Finding> = diff
        .findings
        .iter()
        .filter(|f| f.ignored.is_none())
        .collect();
    if active.is_empty() {
        let _ = writeln!(out, "No change to report.\n");
    } else {
        let _ = writeln!(out, "| level | rule | path | change | old | new |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
        for f in active {
            let (o, n) = values(f);
            let level = match f.level() {
                Level::Breaking => "**breaking**".to_string(),
                l => l.to_string(),
            };
            let _ = writeln!(
                out,
                "| {level} | `{}` | `{}`{} | {} | {o} | {n} |",
                f.rule,
                cell(&f.path),
                cell(&place(f)),
                cell(&f.message)
            );
        }
        out.push('\n');
    }
    let ignored: Vec<&Finding> = diff
        .findings
        .iter()
        .filter(|f| f.ignored.is_some())
        .collect();
    if !ignored.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Ignored ({})</summary>\n",
            ignored.len()
        );
        let _ = writeln!(out, "| level | rule | path | change | reason |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for f in ignored {
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}` | {} | {} |",
                f.level(),
                f.rule,
                cell(&f.path),
                cell(&change_text(f)),
                cell(f.ignored.as_deref().unwrap_or_default())
            );
        }
        let _ = writeln!(out, "\n</details>\n");
    }
    if !diff.api.is_empty() {
        // A long list of items is folded so the findings stay in view.
        let fold = diff.api.len() > API_UNFOLDED;
        if fold {
            let _ = writeln!(
                out,
                "<details><summary>Crate API: {}</summary>\n",
                api_summary(&diff.api)
            );
        } else {
            let _ = writeln!(out, "#### Crate API: {}\n", api_summary(&diff.api));
        }
        let _ = writeln!(out, "| change | item | before | after |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        for a in &diff.api {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                a.change.as_str(),
                cell(&a.item),
                code_cell(a.old.as_deref().unwrap_or_default()),
                code_cell(a.new.as_deref().unwrap_or_default())
            );
        }
        out.push('\n');
        if fold {
            let _ = writeln!(out, "</details>\n");
        }
    }
    let _ = writeln!(out, "**Semver:** {}.", semver_text(diff.bump()));
    out
}

/// Escapes the message of a workflow command.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Spec diff: {}", diff.verdict());
    for f in diff.findings.iter().filter(|f| f.ignored.is_none()) {
        let command = match f.level() {
            Level::Breaking => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(l) = &f.location {
            props.push(format!("file={}", gh_property(&l.file)));
            if let Some(line) = l.line {
                props.push(format!("line={line}"));
            }
        }
        props.push(format!(
            "title={}",
            gh_property(&format!("{} ({})", f.rule, f.level()))
        ));
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            gh_data(&format!("{}: {}", f.path, change_text(f)))
        );
    }
    for f in diff.findings.iter().filter(|f| f.ignored.is_some()) {
        let _ = writeln!(
            out,
            "ignored {} {}: {}",
            f.rule,
            f.path,
            f.ignored.as_deref().unwrap_or_default()
        );
    }
    if !diff.api.is_empty() {
        let _ = writeln!(out, "Crate API: {}", api_summary(&diff.api));
        for a in &diff.api {
            match (&a.old, &a.new) {
                (Some(o), Some(n)) => {
                    let _ = writeln!(out, "  ~ {o} => {n}");
                }
                (Some(d), None) | (None, Some(d)) => {
                    let _ = writeln!(out, "  {} {d}", a.change.marker());
                }
                (None, None) => {}
            }
        }
    }
    let _ = writeln!(out, "Semver: {}", diff.bump());
    out
}

/// The JSON report (schema version [`JSON_SCHEMA_VERSION`]).
#[derive(Serialize)]
struct JsonReport<'a> {
    verdict: String,
    schema: &'static str,
    version: u32,
    old: &'a str,
    new: &'a str,
    counts: Counts,
    bump: Bump,
    findings: Vec<JsonFinding<'a>>,
    ignored: Vec<JsonFinding<'a>>,
    api: Vec<JsonApiChange<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'static str,
    level: Level,
    direction: Direction,
    path: &'a str,
    message: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<usize>,
    ignored: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonApiChange<'a> {
    change: Change,
    item: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

fn json_finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: f.rule.id(),
        level: f.level(),
        direction: f.rule.direction(),
        path: &f.path,
        message: &f.message,
        old: f.old.as_deref(),
        new: f.new.as_deref(),
        file: f.location.as_ref().map(|l| l.file.as_str()),
        line: f.location.as_ref().and_then(|l| l.line),
        ignored: f.ignored.as_deref(),
    }
}

fn json(diff: &Diff, labels: &Labels) -> String {
    let report = JsonReport {
        verdict: diff.verdict(),
        schema: "voipms-spec-diff",
        version: JSON_SCHEMA_VERSION,
        old: &labels.old,
        new: &labels.new,
        counts: diff.counts(),
        bump: diff.bump(),
        findings: diff
            .findings
            .iter()
            .filter(|f| f.ignored.is_none())
            .map(json_finding)
            .collect(),
        ignored: diff
            .findings
            .iter()
            .filter(|f| f.ignored.is_some())
            .map(json_finding)
            .collect(),
        api: diff
            .api
            .iter()
            .map(|a| JsonApiChange {
                change: a.change,
                item: &a.item,
                old: a.old.as_deref(),
                new: a.new.as_deref(),
            })
            .collect(),
    };
    match serde_json::to_string_pretty(&report) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serializing these plain structs cannot fail; keep the output valid JSON regardless.
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_show_the_first_difference() {
        let head = "word ".repeat(30);
        let (o, n) = excerpt(&format!("{head}old ending"), &format!("{head}new ending"));
        assert!(o.starts_with('…') && o.ends_with("old ending"), "{o}");
        assert!(n.starts_with('…') && n.ends_with("new ending"), "{n}");
        assert!(o.chars().count() <= WIDTH + 2);
        // Short values and early differences are shown from the start.
        assert_eq!(
            excerpt("a\nb", "a\nc"),
            ("a⏎b".to_string(), "a⏎c".to_string())
        );
        let long = "x".repeat(100);
        let (o, _) = excerpt(&format!("A{long}"), &format!("B{long}"));
        assert!(o.starts_with("Ax") && o.ends_with('…'));
    }

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(gh_data("50% a\nb\r"), "50%25 a%0Ab%0D");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn markdown_cells_keep_pipes_and_backticks() {
        assert_eq!(code_cell("a|b"), "`a\\|b`");
        assert_eq!(code_cell("use `x`"), "`` use `x` ``");
        assert_eq!(code_cell(""), "");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
