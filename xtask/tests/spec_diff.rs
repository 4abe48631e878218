//! `cargo xtask spec diff` end to end: exit statuses, sides as directories and git revisions,
//! located spec errors, the ignore file and the formats' first line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn fixture(name: &str) -> String {
    format!("codegen/tests/fixtures/diff/{name}")
}

fn xtask_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("xtask runs")
}

fn xtask(args: &[&str]) -> Output {
    xtask_in(&root(), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_committed_spec_has_no_change_against_itself() {
    let out = xtask(&["spec", "diff", "spec", "spec"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("no change: 0 breaking, 0 warnings, 0 info -> no bump\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn fail_on_sets_the_exit_status() {
    let dir = TempDir::new("fail-on");
    let list = dir.path().join("accepted.txt");
    std::fs::write(
        &list,
        "request-param-became-required getSMS.params.limit.required  # accepted\n\
         response-field-removed getBalance.response.balance.calls_total  # accepted\n",
    )
    .expect("write ignore file");
    let list = list.to_string_lossy().into_owned();
    let (base, changed) = (fixture("base"), fixture("changed"));
    let run = |extra: &[&str]| {
        let mut args = vec!["spec", "diff", base.as_str(), changed.as_str()];
        args.extend_from_slice(extra);
        xtask(&args).status.code()
    };
    assert_eq!(run(&[]), Some(1), "a breaking change fails by default");
    assert_eq!(run(&["--fail-on", "breaking"]), Some(1));
    assert_eq!(run(&["--fail-on", "none"]), Some(0));
    // With the breaking changes accepted, warnings and info remain.
    assert_eq!(run(&["--ignore", &list]), Some(0));
    assert_eq!(run(&["--ignore", &list, "--fail-on", "warning"]), Some(1));
    assert_eq!(run(&["--ignore", &list, "--fail-on", "info"]), Some(1));
    assert_eq!(
        xtask(&["spec", "diff", &base, &base, "--fail-on", "info"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn every_format_opens_with_the_verdict() {
    let (base, changed, ignore) = (fixture("base"), fixture("changed"), fixture("ignore.txt"));
    let verdict = "1 breaking, 2 warnings, 6 info (1 ignored) -> minor bump";
    for (format, first) in [
        ("text", verdict.to_string()),
        ("markdown", format!("### Spec diff: {verdict}")),
        ("github", format!("Spec diff: {verdict}")),
    ] {
        let out = xtask(&[
            "spec", "diff", &base, &changed, "--ignore", &ignore, "--format", format,
        ]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stdout(&out).lines().next(),
            Some(first.as_str()),
            "{format}"
        );
    }
    let out = xtask(&[
        "spec", "diff", &base, &changed, "--ignore", &ignore, "--format", "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(v["verdict"], verdict);
    assert_eq!(
        v["findings"][0]["file"],
        format!("{changed}/functions/messaging.yaml")
    );
}

#[test]
fn the_ignore_file_accepts_a_breaking_change() {
    let dir = TempDir::new("ignore");
    let list = dir.path().join("accepted.txt");
    std::fs::write(
        &list,
        "request-param-became-required getSMS.params.limit.required  # VoIP.ms requires it now\n\
         response-field-removed getBalance.response.*  # gone upstream\n\
         function-removed nothing  # stale\n",
    )
    .expect("write ignore file");
    let list = list.to_string_lossy().into_owned();
    let out = xtask(&[
        "spec",
        "diff",
        &fixture("base"),
        &fixture("changed"),
        "--ignore",
        &list,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("0 breaking, 2 warnings, 6 info (2 ignored) -> minor bump"));
    assert!(
        stderr(&out).contains(&format!(
            "{list}:3: ignore entry `function-removed nothing` matches no change"
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_ignore_file_is_a_usage_error_with_its_line() {
    let dir = TempDir::new("bad-ignore");
    let list = dir.path().join("accepted.txt");
    std::fs::write(&list, "# fine\nno-such-rule a.b  # why\n").expect("write");
    let list = list.to_string_lossy().into_owned();
    let out = xtask(&["spec", "diff", "spec", "spec", "--ignore", &list]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{list}:2: unknown rule id `no-such-rule`")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_broken_side_exits_2_with_located_errors() {
    let broken = fixture("broken");
    let out = xtask(&["spec", "diff", &fixture("base"), &broken]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("the new side"), "{err}");
    assert!(err.contains(&format!("{broken}/types.yaml:7: ")), "{err}");
    assert!(stdout(&out).is_empty());
    // Either side.
    let out = xtask(&["spec", "diff", &broken, &fixture("base")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the old side"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["spec", "diff"],
        vec!["spec", "diff", "spec"],
        vec!["spec", "diff", "spec", "spec", "--format", "yaml"],
        vec!["spec", "diff", "spec", "spec", "--fail-on", "sometimes"],
        vec!["spec", "diff", "spec", "spec", "--wat"],
        vec!["spec", "diff", "spec", "no/such/dir-or-revision"],
    ] {
        let out = xtask(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("usage: cargo xtask spec diff"),
            "{args:?}"
        );
    }
}

#[test]
fn rules_prints_the_catalogue() {
    let out = xtask(&["spec", "diff", "--rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("| id | level | direction | meaning |"));
    assert!(text.contains("| `function-removed` | breaking | request |"));
}

/// A scratch directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "voipms-spec-diff-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

#[test]
fn sides_can_be_git_revisions() {
    let repo = TempDir::new("git");
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    copy_dir(&root().join(fixture("base")), &dir.join("spec"));
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "base"]);
    std::fs::remove_dir_all(dir.join("spec")).expect("rm spec");
    copy_dir(&root().join(fixture("changed")), &dir.join("spec"));

    // --base REV: the revision's spec/ against the working tree's, without a checkout.
    let out = xtask_in(dir, &["spec", "diff", "--base", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["old"], "HEAD:spec");
    assert_eq!(v["new"], "spec");
    assert_eq!(v["counts"]["breaking"], 2);
    assert_eq!(v["findings"][0]["file"], "spec/functions/general.yaml");

    // From a subdirectory the working tree's spec/ is still found.
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    let out = xtask_in(&dir.join("sub"), &["spec", "diff", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("new: ../spec"));

    // Two revisions, and the REV:DIR spelling.
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "changed"]);
    let out = xtask_in(dir, &["spec", "diff", "HEAD~1", "HEAD:spec"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("old: HEAD~1:spec\nnew: HEAD:spec\n"));
    let out = xtask_in(dir, &["spec", "diff", "HEAD", "spec"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("no change"));

    // A broken revision is reported with the revision in the file name.
    std::fs::copy(
        root().join(fixture("broken")).join("types.yaml"),
        dir.join("spec/types.yaml"),
    )
    .expect("copy broken");
    git(dir, &["commit", "-q", "-am", "broken"]);
    let out = xtask_in(dir, &["spec", "diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("HEAD:spec/types.yaml:7: "),
        "{}",
        stderr(&out)
    );
    let out = xtask_in(dir, &["spec", "diff", "--base", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
}
