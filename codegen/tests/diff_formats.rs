//! Golden outputs of the four report formats for one diff with findings at every level, an
//! ignored finding and crate API changes (`tests/fixtures/diff/base` -> `changed`, with
//! `ignore.txt`). Set `UPDATE_GOLDEN=1` to rewrite the golden files after an intended change.

use std::path::{Path, PathBuf};

use voipms_codegen::diff::{self, Diff, Format, IgnoreList, Labels};
use voipms_codegen::spec;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn files(dir: &Path) -> Vec<(String, String)> {
    voipms_codegen::digest::read_spec_files(dir)
        .expect("fixture readable")
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8(b).expect("UTF-8 fixture")))
        .collect()
}

fn fixture_diff() -> Diff {
    let old = spec::load_dir(&fixtures().join("base")).unwrap_or_else(|d| panic!("{d}"));
    let new_files = files(&fixtures().join("changed"));
    let new = spec::load_files(&new_files).unwrap_or_else(|d| panic!("{d}"));
    let mut d = diff::diff(&old, &new);
    d.locate(&new_files, "spec");
    let ignore = std::fs::read_to_string(fixtures().join("ignore.txt")).expect("ignore.txt");
    let list = IgnoreList::parse(&ignore).expect("valid ignore file");
    assert!(
        d.apply_ignores(&list).is_empty(),
        "the ignore entry is used"
    );
    d
}

fn labels() -> Labels {
    Labels {
        old: "origin/main:spec".into(),
        new: "spec".into(),
    }
}

/// Compares `actual` with the golden file, or rewrites it when `UPDATE_GOLDEN` is set.
fn check_golden(name: &str, actual: &str) {
    let path = fixtures().join("golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("golden dir")).expect("create golden dir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n--- golden\n{}\n--- actual\n{}\n(run with UPDATE_GOLDEN=1 if intended)",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>"),
        );
    }
}

const VERDICT: &str = "1 breaking, 2 warnings, 6 info (1 ignored) -> minor bump";

#[test]
fn text_report() {
    let out = diff::report::render(&fixture_diff(), Format::Text, &labels());
    assert_eq!(out.lines().next(), Some(VERDICT));
    check_golden("report.txt", &out);
}

#[test]
fn markdown_report() {
    let out = diff::report::render(&fixture_diff(), Format::Markdown, &labels());
    assert_eq!(
        out.lines().next(),
        Some(format!("### Spec diff: {VERDICT}").as_str())
    );
    check_golden("report.md", &out);
}

#[test]
fn json_report() {
    let out = diff::report::render(&fixture_diff(), Format::Json, &labels());
    check_golden("report.json", &out);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["verdict"], VERDICT);
    assert_eq!(v["schema"], "voipms-spec-diff");
    assert_eq!(v["version"], 1);
    assert_eq!(v["bump"], "minor");
    assert_eq!(v["counts"]["breaking"], 1);
    assert_eq!(v["counts"]["ignored"], 1);
    let findings = v["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 9);
    let first = &findings[0];
    for key in [
        "rule",
        "level",
        "direction",
        "path",
        "message",
        "old",
        "new",
        "file",
        "line",
        "ignored",
    ] {
        assert!(first.get(key).is_some(), "finding lacks `{key}`");
    }
    assert_eq!(first["rule"], "request-param-became-required");
    assert_eq!(first["file"], "spec/functions/messaging.yaml");
    assert_eq!(v["ignored"][0]["ignored"], "VoIP.ms stopped sending it");
    assert!(v["api"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn github_report() {
    let out = diff::report::render(&fixture_diff(), Format::Github, &labels());
    assert_eq!(
        out.lines().next(),
        Some(format!("Spec diff: {VERDICT}").as_str())
    );
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 9);
    assert!(commands[0].starts_with(
        "::error file=spec/functions/messaging.yaml,line=45,title=request-param-became-required (breaking)::"
    ));
    assert_eq!(
        commands
            .iter()
            .filter(|l| l.starts_with("::warning "))
            .count(),
        2
    );
    assert_eq!(
        commands
            .iter()
            .filter(|l| l.starts_with("::notice "))
            .count(),
        6
    );
    check_golden("report.github.txt", &out);
}

#[test]
fn no_change_reports() {
    let s = spec::load_dir(&fixtures().join("base")).unwrap_or_else(|d| panic!("{d}"));
    let d = diff::diff(&s, &s);
    let verdict = "no change: 0 breaking, 0 warnings, 0 info -> no bump";
    for (format, first) in [
        (Format::Text, verdict.to_string()),
        (Format::Markdown, format!("### Spec diff: {verdict}")),
        (Format::Github, format!("Spec diff: {verdict}")),
    ] {
        let out = diff::report::render(&d, format, &labels());
        assert_eq!(out.lines().next(), Some(first.as_str()));
    }
    let json = diff::report::render(&d, Format::Json, &labels());
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["bump"], "none");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
}
