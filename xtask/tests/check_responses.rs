//! `cargo xtask spec check-responses`: exit codes, file:line and YAML path of each deviation,
//! the suggested edit, both input forms (saved by `voipms call --save`, bare body named after its
//! function), and the wire-drift cases (bodies copied inline) against the committed spec.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"))
}

fn show(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A saved body as `voipms call --save` writes it.
fn saved(function: &str, body: &str) -> String {
    format!(
        r#"{{"function": "{function}", "params": {{}}, "saved_at": "2026-11-30T10:00:00Z", "http_status": 200, "body": {body}}}"#
    )
}

const THINGS: &str = r#"category: "Things"
feature: things
functions:
  - name: getThings
    kind: read
    summary: |-
      - Things
    response:
      total: {type: "integer", example: "1"}
      owner:
        object:
          since: "date"
          limits:
            object:
              max: "integer"
      things:
        list:
          mode: "enum(Mode)"
          parts:
            list:
              weight: "decimal"
"#;

/// A small spec in a temporary directory, and the 1-based line of each needle in its function file.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let spec = dir.path().join("spec");
        write(
            &spec.join("types.yaml"),
            "value_sets:\n  Mode:\n    doc: \"Modes.\"\n    values:\n      - \"auto\"\n      - \"manual\"\n",
        );
        write(
            &spec.join("errors.yaml"),
            "errors:\n  - code: invalid_did\n    description: \"Invalid DID\"\n",
        );
        write(&spec.join("functions/things.yaml"), THINGS);
        Fixture { dir }
    }

    fn spec(&self) -> String {
        self.dir.path().join("spec").display().to_string()
    }

    /// `functions/things.yaml:<line>: <yaml path>: ` (lines of [`THINGS`], counted by hand:
    /// 8 response, 9 total, 10 owner, 11 its object, 12 since, 13 limits, 14 its object, 15 max,
    /// 16 things, 17 its list, 18 mode, 19 parts, 20 its list, 21 weight).
    fn at(line: usize, yaml: &str) -> String {
        assert!(THINGS.lines().nth(line - 1).is_some());
        format!("functions/things.yaml:{line}: functions.getThings.response{yaml}: ")
    }

    fn run(&self, name: &str, text: &str) -> Output {
        let file = self.dir.path().join("bodies").join(name);
        write(&file, text);
        xtask(&[
            "spec",
            "check-responses",
            file.to_str().unwrap_or_default(),
            "--spec",
            &self.spec(),
        ])
    }
}

fn assert_lines(o: &Output, code: i32, expected: &[&str]) {
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(code), "{}", show(o));
    for e in expected {
        assert!(out.contains(e), "missing `{e}`\n{}", show(o));
    }
}

#[test]
fn in_step_body_exits_0() {
    let f = Fixture::new();
    let body = r#"{"status": "success", "total": "2", "owner": {"since": "2024-01-02", "limits": {"max": 3}},
        "things": [{"mode": "auto", "parts": [{"weight": "1.50"}]}, {"mode": "manual", "parts": ""}]}"#;
    let o = f.run("one.json", &saved("getThings", body));
    assert_lines(&o, 0, &["in step: 1 saved body agree"]);
    // A bare body named after its function, and a documented error status.
    let o = f.run("getThings-2.json", r#"{"status": "invalid_did"}"#);
    assert_lines(&o, 0, &["in step"]);
}

#[test]
fn unknown_fields_located_at_every_depth() {
    let f = Fixture::new();
    let body = r#"{"status": "success", "note_count": "12", "owner": {"limits": {"min": "0.5"}},
        "things": [{"mode": "auto", "parts": [{"weight": "1", "at": "2024-01-02 10:00:00"}]}]}"#;
    let o = f.run("getThings.json", body);
    assert_lines(
        &o,
        1,
        &[
            &format!(
                "{}unknown field: getThings note_count: a string of 2 characters",
                Fixture::at(8, "")
            ),
            "fix: add field `note_count` as `integer`: `note_count: {type: \"integer\", note: \"Observed in answers, not documented.\"}`",
            &format!(
                "{}unknown field: getThings owner.limits.min",
                Fixture::at(14, ".owner.object.limits.object")
            ),
            "fix: add field `min` as `decimal`",
            &format!(
                "{}unknown field: getThings things[].parts[].at",
                Fixture::at(20, ".things.list.parts.list")
            ),
            "fix: add field `at` as `datetime`",
            "drift: 3 spec edits suggested, from 1 of 1 saved bodies",
        ],
    );
}

#[test]
fn values_not_of_type_and_outside_value_sets_located() {
    let f = Fixture::new();
    let body = r#"{"status": "success", "total": "Unlimited", "owner": {"since": "03/01/2024", "limits": {"max": "N/A"}},
        "things": [{"mode": "turbo", "parts": [{"weight": "heavy"}]}, {"mode": "turbo"}]}"#;
    let o = f.run("one.json", &saved("getThings", body));
    assert_lines(
        &o,
        1,
        &[
            &format!(
                "{}value not of its type: getThings total: a string of 9 characters (`Unlimited`), not a valid integer",
                Fixture::at(9, ".total.type")
            ),
            "fix: widen `total` to `count(<ValueSet>)` with the word `Unlimited`",
            &format!(
                "{}value not of its type: getThings owner.since: a string of 10 characters, not a valid date",
                Fixture::at(12, ".owner.object.since.type")
            ),
            "fix: change `since` from `date` to `string`",
            &format!(
                "{}value not of its type: getThings owner.limits.max: a string of 3 characters (`N/A`)",
                Fixture::at(15, ".owner.object.limits.object.max.type")
            ),
            "fix: widen `max` to `count(<ValueSet>)` with the word `N/A`",
            &format!(
                "{}value outside its value set: getThings things[].mode: a string of 5 characters (`turbo`)",
                Fixture::at(18, ".things.list.mode.type")
            ),
            "fix: add value `turbo` to value set `Mode` (types.yaml)",
            "seen 2 times, in",
            &format!(
                "{}value not of its type: getThings things[].parts[].weight",
                Fixture::at(21, ".things.list.parts.list.weight.type")
            ),
            "fix: change `weight` from `decimal` to `string`",
        ],
    );
}

#[test]
fn shape_fallbacks_located_at_every_depth() {
    let f = Fixture::new();
    let body = r#"{"status": "success", "owner": {"limits": [{"max": "1"}]},
        "things": {"mode": "auto", "parts": {"weight": "1.0"}}}"#;
    let o = f.run("getThings.json", body);
    assert_lines(
        &o,
        1,
        &[
            &format!(
                "{}shape fallback: getThings things: an object of 2 fields",
                Fixture::at(16, ".things")
            ),
            "fix: `things` is a list answered as one object",
            &format!(
                "{}shape fallback: getThings things[].parts: an object of 1 field",
                Fixture::at(19, ".things.list.parts")
            ),
            &format!(
                "{}shape fallback: getThings owner.limits: a list of 1 item",
                Fixture::at(13, ".owner.object.limits")
            ),
            "fix: `limits` is an object answered as a list",
        ],
    );
}

#[test]
fn missing_status_and_unknown_error_code() {
    let f = Fixture::new();
    let o = f.run("getThings.json", r#"{"total": "1"}"#);
    assert_lines(
        &o,
        1,
        &[
            "functions/things.yaml:4: functions.getThings: missing status: getThings status: no `status`",
        ],
    );
    let o = f.run(
        "getThings.json",
        r#"{"status": "sms_failed", "message": "x"}"#,
    );
    assert_lines(
        &o,
        1,
        &[
            "errors.yaml:1: errors: unknown error code: getThings status: status `sms_failed`: a string of 10 characters",
            "fix: add error code `sms_failed` to errors.yaml",
        ],
    );
}

#[test]
fn unreadable_input_exits_2() {
    let f = Fixture::new();
    let o = f.run("getThings.json", "{not json");
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not JSON"),
        "{}",
        show(&o)
    );
    // A bare body whose file name names no function.
    let o = f.run("answer.json", r#"{"status": "success"}"#);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot tell which function"),
        "{}",
        show(&o)
    );
    let missing = f.dir.path().join("nope");
    let o = xtask(&[
        "spec",
        "check-responses",
        missing.to_str().unwrap_or_default(),
        "--spec",
        &f.spec(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let o = xtask(&["spec", "check-responses", "--spec", &f.spec()]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
}

/// The bodies of `wire-drift.json` (copied inline), saved as `voipms call --save` writes them,
/// checked as one directory against the committed spec.
#[test]
fn wire_drift_bodies_against_the_spec() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bodies = [
        (
            "getConference",
            r#"{"status":"success","conference":[{"conference":"7301","name":"standup","description":"daily","max_members":"Unlimited","language":"en","members":""},{"conference":"7302","name":"capped","description":"","max_members":"40","language":"en","members":"30;31"}]}"#,
        ),
        (
            "getVoicemailMessageFile",
            r#"{"status":"success","message":{"mailbox":"1001","folder":"INBOX","message_num":"1","data":"UklGRiQAAABXQVZFZm10IBAAAAAB"}}"#,
        ),
        (
            "getDIDsInfo",
            r#"{"status":"success","dids":[{"did":"5550001003","description":"Front line","routing":"account:100001_gateway","pop":"73","dialtime":"60","cnam":"1","record_calls":"1","voicemail_threshold":"20","mms_available":"1","webhook_enabled":"1","webhook":"https://example.com/hook","dialmode":"0","sms_sipaccount":"100001_gateway","sms_sipaccount_enabled":"1"}]}"#,
        ),
        (
            "getBalance",
            r#"{"status": "success", "balance": {"current_balance": "112.192790", "spent_total": "21.05321", "calls_total": "2788", "time_total": "10:17:48", "spent_today": "0.1205", "calls_today": "5", "time_today": "10:50"}}"#,
        ),
        (
            "getMMS",
            r#"{"status": "success", "sms": [{"id": "81001", "date": "2024-03-02 11:12:13", "type": "1", "did": "+15551230001", "contact": "+15559870003", "message": "pic", "media": []}]}"#,
        ),
    ];
    for (i, (function, body)) in bodies.iter().enumerate() {
        write(
            &dir.path().join(format!("saved/{i}-{function}.json")),
            &saved(function, body),
        );
    }
    let spec = root().join("spec");
    let o = xtask(&[
        "spec",
        "check-responses",
        dir.path().join("saved").to_str().unwrap_or_default(),
        "--spec",
        spec.to_str().unwrap_or_default(),
    ]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_lines(
        &o,
        1,
        &[
            "functions.getVoicemailMessageFile.response.message: shape fallback: getVoicemailMessageFile message: an object of 4 fields",
            "fix: `message` is a list answered as one object",
            "from 1 of 5 saved bodies",
        ],
    );
    // The spec learned the others from these very bodies: `max_members` is a count with the
    // word `Unlimited`, and getDIDsInfo's observed fields are in it.
    assert!(
        !out.contains("getConference") && !out.contains("getDIDsInfo"),
        "{out}"
    );
    // getBalance and getMMS agree with the spec; no value is printed.
    assert!(
        !out.contains("getBalance") && !out.contains("getMMS"),
        "{out}"
    );
    for private in ["example.com", "5550001003", "Front line", "standup"] {
        assert!(
            !out.contains(private),
            "`{private}` printed
{out}"
        );
    }
    // Each deviation names its spec line.
    for line in out.lines().filter(|l| l.contains(": functions.")) {
        let file_line = line.split(": ").next().unwrap_or_default();
        assert!(
            file_line
                .rsplit(':')
                .next()
                .is_some_and(|l| l.parse::<usize>().is_ok()),
            "{line}"
        );
    }
}

/// `spec learn` on the same fixture: the decided edits written in place (exit 0, each line
/// listed), `check-responses` then in step, a second learn a no-op; what no body decides is
/// listed with exit 1 and the files stay as they were.
#[test]
fn learn_applies_decided_edits_and_lists_the_rest() {
    let f = Fixture::new();
    let bodies = f.dir.path().join("bodies");
    write(
        &bodies.join("a.json"),
        &saved(
            "getThings",
            r#"{"status": "success", "extra_enabled": "1", "owner": {"since": "2024-01-02", "limits": {"max": "2.5"}},
                "things": [{"mode": "turbo", "label": "x", "parts": [{"weight": "1.0"}]}]}"#,
        ),
    );
    let dir = bodies.to_str().unwrap_or_default();
    let things = f.dir.path().join("spec/functions/things.yaml");
    let o = xtask(&["spec", "learn", dir, "--spec", &f.spec()]);
    assert_lines(
        &o,
        0,
        &[
            "functions/things.yaml:23: getThings: added field `extra_enabled` as \"bool(1/0)\"",
            "functions/things.yaml:15: getThings: changed `max` from `integer` to `decimal`",
            "functions/things.yaml:22: getThings: added field `label` as \"string\"",
            "types.yaml:7: getThings: added `turbo` to value set `Mode`",
            "learnt: 4 edits in 2 files from 1 saved body; 0 left for a person",
        ],
    );
    let learnt = std::fs::read_to_string(&things).unwrap_or_default();
    // Every other line as it was, in its place.
    let kept: Vec<&str> = learnt
        .lines()
        .filter(|l| !l.contains("cargo xtask spec learn"))
        .collect();
    let original: Vec<&str> = THINGS.lines().filter(|l| !l.contains("max:")).collect();
    assert_eq!(kept, original);
    let o = xtask(&["spec", "check-responses", dir, "--spec", &f.spec()]);
    assert_lines(&o, 0, &["in step: 1 saved body agree"]);
    let o = xtask(&["spec", "learn", dir, "--spec", &f.spec()]);
    assert_lines(&o, 0, &["learnt: 0 edits in 0 files"]);
    assert_eq!(std::fs::read_to_string(&things).unwrap_or_default(), learnt);

    // A word in a count and an unknown status: a person decides; nothing is written.
    let g = Fixture::new();
    let undecided = g.dir.path().join("bodies");
    write(
        &undecided.join("b.json"),
        &saved(
            "getThings",
            r#"{"status": "success", "total": "Unlimited"}"#,
        ),
    );
    write(
        &undecided.join("c.json"),
        &saved("getThings", r#"{"status": "things_failed"}"#),
    );
    let o = xtask(&[
        "spec",
        "learn",
        undecided.to_str().unwrap_or_default(),
        "--spec",
        &g.spec(),
    ]);
    assert_lines(
        &o,
        1,
        &[
            "not applied: ",
            "fix by hand: widen `total` to `count(<ValueSet>)`",
            "fix by hand: add error code `things_failed`",
            "learnt: 0 edits in 0 files from 2 saved bodies; 2 left for a person",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(g.dir.path().join("spec/functions/things.yaml"))
            .unwrap_or_default(),
        THINGS
    );
}
