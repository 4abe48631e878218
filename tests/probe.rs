//! `voipms probe`, `spec learn` and replay end to end: an account whose answers drifted from the
//! spec (the project's mock, with undocumented fields and personal values injected) is probed,
//! its answers saved masked, the spec learns from them, and the mock replays them.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use voipms_api::catalog::FUNCTIONS;
use voipms_api::meta::Kind;
use voipms_api::mock::{MockServer, example_response};

const PASSWORD: &str = "Pw-probe-5d1f0-never-saved";
const USERNAME: &str = "probe-test@example.com";

/// Values an account holder would not want in a shared file.
const PERSONAL: [&str; 6] = [
    "Marguerite Tremblay",
    "Tremblay",
    "m.tremblay@northwind.example",
    "northwind",
    "4385550142",
    "203.0.113.77",
];

/// `(function, path, value)`: the drift injected, each a field the spec does not list.
const INJECTED: [(&str, &str, &str); 5] = [
    ("getDIDsInfo", "dids[].owner_name", "Marguerite Tremblay"),
    (
        "getDIDsInfo",
        "dids[].owner_email",
        "m.tremblay@northwind.example",
    ),
    ("getDIDsInfo", "dids[].port_in_date", "2024-05-06"),
    ("getSubAccounts", "accounts[].last_login_ip", "203.0.113.77"),
    ("getBalance", "balance.credit_limit", "250.00"),
];

/// The spec's sample answer of `function` with the injected fields (and a personal DID).
fn drifted_answer(function: &str) -> String {
    let mut body: Value =
        serde_json::from_str(example_response(function).expect("a sample")).expect("JSON");
    for (f, path, value) in INJECTED.iter().filter(|(f, ..)| *f == function) {
        let (container, field) = path.split_once('.').expect("container.field");
        let record = match container.strip_suffix("[]") {
            Some(list) => &mut body[list][0],
            None => &mut body[container],
        };
        assert!(record.is_object(), "{f}: no {container} in the sample");
        record[field] = json!(value);
    }
    if function == "getDIDsInfo" {
        body["dids"][0]["did"] = json!("4385550142");
    }
    body.to_string()
}

fn voipms() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_voipms"));
    c.env_remove("VOIPMS_BASE_URL")
        .env_remove("VOIPMS_API_USERNAME")
        .env_remove("VOIPMS_API_PASSWORD")
        .stdin(Stdio::null());
    c
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("readable") {
        let e = e.expect("an entry");
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copied");
        }
    }
}

#[test]
fn probe_saves_masked_drift_that_spec_learn_takes_and_the_mock_replays() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let mut builder = MockServer::builder().credentials(USERNAME, PASSWORD);
    for f in ["getDIDsInfo", "getSubAccounts", "getBalance"] {
        builder = builder.respond(f, drifted_answer(f));
    }
    let mock = rt.block_on(builder.start()).expect("the mock starts");
    let tmp = tempfile::tempdir().expect("a temp dir");
    let saved = tmp.path().join("answers");

    // 1. The probe: exit 1 on drift, every read listed, each drifted field named.
    let out = voipms()
        .env("VOIPMS_BASE_URL", mock.url())
        .env("VOIPMS_API_USERNAME", USERNAME)
        .env("VOIPMS_API_PASSWORD", PASSWORD)
        .args(["probe", "--output", "json", "--save"])
        .arg(&saved)
        .output()
        .expect("voipms runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(!stdout.contains(PASSWORD) && !stderr.contains(PASSWORD));
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    let rows = report["functions"].as_array().expect("functions");
    let reads: Vec<&str> = FUNCTIONS
        .iter()
        .filter(|f| f.kind == Kind::Read)
        .map(|f| f.name)
        .collect();
    let mut listed: Vec<&str> = rows.iter().filter_map(|r| r["function"].as_str()).collect();
    listed.sort_unstable();
    let mut expected = reads.clone();
    expected.sort_unstable();
    assert_eq!(listed, expected, "every read function, once");
    let skipped: Vec<&Value> = rows.iter().filter(|r| r["outcome"] == "skipped").collect();
    assert!(skipped.len() * 4 <= rows.len(), "{} skipped", skipped.len());
    for s in &skipped {
        assert!(s["reason"].as_str().is_some_and(|r| !r.is_empty()), "{s}");
    }
    for r in rows.iter().filter(|r| r["outcome"] != "skipped") {
        assert_eq!(r["outcome"], "ok", "the mock answers every read: {r}");
    }
    for (function, path, _) in INJECTED {
        let row = rows
            .iter()
            .find(|r| r["function"] == function)
            .expect("listed");
        assert!(
            row["drift"].as_array().is_some_and(|d| d
                .iter()
                .any(|d| d["path"] == path && d["kind"] == "unknown_field")),
            "{function}: {path} not named in {row}"
        );
    }
    assert_eq!(report["summary"]["drifted"], 3, "{}", report["summary"]);
    // Nothing but reads reached the server.
    let requests = mock.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        let kind = voipms_api::catalog::function(&r.function).map(|f| f.kind);
        assert_eq!(kind, Some(Kind::Read), "{} was called", r.function);
    }

    // 2. The saved files: no password, no personal value, the drifted field names kept.
    let mut files: Vec<_> = std::fs::read_dir(&saved)
        .expect("saved")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(files.len(), rows.len() - skipped.len(), "one file per call");
    let mut all = String::new();
    for f in &files {
        all.push_str(&std::fs::read_to_string(f).expect("readable"));
    }
    assert!(!all.contains(PASSWORD), "the password was saved");
    for p in PERSONAL {
        assert!(!all.contains(p), "{p} was saved");
    }
    for (_, path, _) in INJECTED {
        let field = path.rsplit('.').next().expect("a field");
        assert!(all.contains(&format!("\"{field}\"")), "{field} lost");
    }

    // 3. The spec learns them: every edit applied, and the same bodies then agree.
    let spec = tmp.path().join("spec");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("spec"), &spec);
    let bodies = voipms_codegen::conformance::saved::read_paths(std::slice::from_ref(&saved))
        .expect("saved bodies read");
    let checker = voipms_codegen::conformance::Checker::load(&spec).expect("the spec loads");
    let before = checker.report(&bodies).expect("checked");
    assert_eq!(before.groups.len(), INJECTED.len(), "{}", before.render());
    let learned = voipms_codegen::conformance::learn::learn_dir(&spec, &bodies).expect("learnt");
    assert_eq!(
        learned.applied.len(),
        INJECTED.len(),
        "{:?}",
        learned.applied
    );
    assert!(learned.undecided.is_empty());
    let after = voipms_codegen::conformance::Checker::load(&spec)
        .expect("the learnt spec loads")
        .report(&bodies)
        .expect("checked");
    assert!(after.in_step(), "{}", after.render());
    let dids = std::fs::read_to_string(spec.join("functions/dids.yaml")).expect("dids.yaml");
    assert!(dids.contains("port_in_date: {type: \"date\", note: \"Observed in answers"));

    // 4. `voipms mock --answers DIR` replays them.
    let mut child = voipms()
        .args(["mock", "--addr", "127.0.0.1:0", "--answers"])
        .arg(&saved)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("voipms mock starts");
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut first);
    }
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(str::to_string);
    let replayed = url.map(|url| {
        voipms()
            .args(["call", "getDIDsInfo", "--raw", "--show-secrets"])
            .env("VOIPMS_BASE_URL", url)
            .env("VOIPMS_API_USERNAME", voipms_api::mock::DEFAULT_USERNAME)
            .env("VOIPMS_API_PASSWORD", voipms_api::mock::DEFAULT_PASSWORD)
            .output()
            .expect("voipms runs")
    });
    let _ = child.kill();
    let _ = child.wait();
    let replayed = replayed.unwrap_or_else(|| panic!("no URL in {first:?}"));
    let text = String::from_utf8_lossy(&replayed.stdout);
    assert_eq!(replayed.status.code(), Some(0), "{text}");
    let saved_did = files
        .iter()
        .find(|f| {
            f.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("getDIDsInfo"))
        })
        .map(|f| std::fs::read_to_string(f).expect("readable"))
        .expect("getDIDsInfo saved");
    let saved_did: Value = serde_json::from_str(&saved_did).expect("JSON");
    let replayed: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(replayed, saved_did["body"], "the saved answer, as saved");
}
