//! `cargo xtask wsdl check|import`: exit codes and messages, the stub warning of `spec check`,
//! and the whole routine end to end on a copy of the workspace in the target directory (WSDL with a new
//! operation and a new parameter -> check -> import -> spec check -> codegen -> the generated
//! crate compiles with the new method).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use voipms_codegen::spec::{self, Source, Type};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn fixtures() -> PathBuf {
    root().join("codegen/tests/fixtures/wsdl")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn show(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        text(&o.stdout),
        text(&o.stderr)
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let Some(name) = path.file_name() else {
            continue;
        };
        if name == "target" {
            continue;
        }
        let dest = to.join(name);
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

#[test]
fn check_exit_codes() {
    let spec = fixtures().join("spec");
    let spec = spec.to_str().unwrap_or_default();
    let in_step = fixtures().join("in_step.wsdl");
    let o = xtask(&[
        "wsdl",
        "check",
        in_step.to_str().unwrap_or_default(),
        "--spec",
        spec,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        text(&o.stdout).contains("in step with the WSDL"),
        "{}",
        show(&o)
    );

    let drift = fixtures().join("drift.wsdl");
    let o = xtask(&[
        "wsdl",
        "check",
        drift.to_str().unwrap_or_default(),
        "--spec",
        spec,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let out = text(&o.stdout);
    assert!(out.contains("+ getDIDsSpamScore("), "{}", show(&o));
    assert!(out.contains("+ priority xsd:integer"), "{}", show(&o));
}

#[test]
fn unreadable_inputs_exit_2_with_a_clear_message() {
    let spec = fixtures().join("spec");
    let spec = spec.to_str().unwrap_or_default();
    let cases = [
        ("truncated.wsdl", "truncated.wsdl: not XML: "),
        ("login.html", "login.html: not a WSDL: this is an HTML page"),
        ("empty.wsdl", "empty.wsdl: the file is empty"),
        (
            "not_wsdl.xml",
            "not_wsdl.xml: not a WSDL: the root element is",
        ),
        ("no_operations.wsdl", "no <portType> lists any <operation>"),
        ("missing.wsdl", "missing.wsdl: cannot read the file: "),
    ];
    for cmd in ["check", "import"] {
        for (name, want) in cases {
            let path = fixtures().join(name);
            let o = xtask(&[
                "wsdl",
                cmd,
                path.to_str().unwrap_or_default(),
                "--spec",
                spec,
            ]);
            assert_eq!(o.status.code(), Some(2), "{cmd} {name}: {}", show(&o));
            let err = text(&o.stderr);
            assert!(err.starts_with("error: "), "{cmd} {name}: {}", show(&o));
            assert!(err.contains(want), "{cmd} {name}: {}", show(&o));
            assert!(o.stdout.is_empty(), "{cmd} {name}: {}", show(&o));
        }
    }
    // A missing argument or an unknown option is a usage error.
    for args in [
        &["wsdl"][..],
        &["wsdl", "check"],
        &["wsdl", "check", "a.wsdl", "--bogus"],
        &["wsdl", "frobnicate", "a.wsdl"],
    ] {
        let o = xtask(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", show(&o));
        assert!(
            text(&o.stderr).contains("usage: cargo xtask wsdl"),
            "{}",
            show(&o)
        );
    }
}

#[test]
fn import_then_spec_check_warns_about_the_stub() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec_dir = tmp.path().join("spec");
    copy_dir(&fixtures().join("spec"), &spec_dir);
    let spec = spec_dir.to_str().unwrap_or_default();
    let drift = fixtures().join("drift.wsdl");
    let drift = drift.to_str().unwrap_or_default();

    let o = xtask(&["spec", "check", "--spec", spec]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(!text(&o.stdout).contains("warning:"), "{}", show(&o));

    let o = xtask(&["wsdl", "import", drift, "--spec", spec]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let out = text(&o.stdout);
    assert!(
        out.contains("added stub getDIDsSpamScore (kind read, 4 parameters)"),
        "{out}"
    );
    assert!(
        out.contains("added parameter sendSMS.priority (integer, from xsd:integer)"),
        "{out}"
    );

    let o = xtask(&["spec", "check", "--spec", spec]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let out = text(&o.stdout);
    let dids = spec_dir.join("functions/dids.yaml");
    let line = std::fs::read_to_string(&dids)
        .unwrap_or_default()
        .lines()
        .position(|l| l == "  - name: getDIDsSpamScore")
        .map(|i| i + 1)
        .unwrap_or_default();
    let want = format!(
        "warning: {}:{line}: functions.getDIDsSpamScore: stub imported from the WSDL: write its summary, check its params and response",
        dids.display()
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.first().is_some_and(|l| l.starts_with("spec OK: ")),
        "{out}"
    );
    assert_eq!(lines.get(1..), Some(&[want.as_str()][..]), "{out}");

    let o = xtask(&["wsdl", "check", drift, "--spec", spec]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let o = xtask(&["wsdl", "import", drift, "--spec", spec]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        text(&o.stdout).starts_with("nothing to import"),
        "{}",
        show(&o)
    );
}

/// A WSDL describing `spec` as it is (every function the WSDL has, with its parameters), plus
/// one new operation and one new parameter of `sendSMS`.
fn wsdl_for(spec: &spec::Spec) -> String {
    let xsd = |ty: &Type| match ty {
        Type::Integer => "xsd:integer",
        Type::Decimal => "xsd:decimal",
        Type::Bool(_) => "xsd:boolean",
        _ => "xsd:string",
    };
    let mut ops: Vec<(String, Vec<(String, &str)>)> = spec
        .functions
        .iter()
        .filter(|f| f.source != Source::Documentation)
        .map(|f| {
            let params = f
                .params
                .iter()
                .map(|p| (p.name.clone(), xsd(&p.ty)))
                .collect();
            (f.name.clone(), params)
        })
        .collect();
    if let Some((_, params)) = ops.iter_mut().find(|(n, _)| n == "sendSMS") {
        params.push(("priority".into(), "xsd:integer"));
    }
    ops.push((
        "getDIDsSpamScore".into(),
        vec![
            ("did".into(), "xsd:string"),
            ("detailed".into(), "xsd:boolean"),
            ("threshold".into(), "xsd:decimal"),
            ("type".into(), "xsd:string"),
        ],
    ));
    let mut types = String::new();
    let mut messages = String::new();
    let mut port = String::new();
    for (name, params) in &ops {
        types.push_str(&format!(
            "<xsd:complexType name=\"{name}Input\"><xsd:sequence>\n"
        ));
        types.push_str("<xsd:element name=\"api_username\" type=\"xsd:string\"/>\n");
        types.push_str("<xsd:element name=\"api_password\" type=\"xsd:string\"/>\n");
        for (p, t) in params {
            types.push_str(&format!("<xsd:element name=\"{p}\" type=\"{t}\"/>\n"));
        }
        types.push_str("</xsd:sequence></xsd:complexType>\n");
        messages.push_str(&format!(
            "<message name=\"{name}Request\"><part name=\"params\" type=\"xsd1:{name}Input\"/></message>\n"
        ));
        port.push_str(&format!(
            "<operation name=\"{name}\"><input message=\"tns:{name}Request\"/></operation>\n"
        ));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:tns=\"urn:t\" xmlns:xsd1=\"urn:s\">\n\
         <types><xsd:schema targetNamespace=\"urn:s\">\n{types}</xsd:schema></types>\n{messages}\
         <portType name=\"P\">\n{port}</portType>\n</definitions>\n"
    )
}

/// The target directory this test was built in, so the copy reuses its compiled dependencies.
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() {
            dir
        } else {
            root().join(dir)
        };
    }
    // <target>/<profile>/deps/<test binary>
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| root().join("target"))
}

const USES_THE_NEW_METHOD: &str = r#"//! Written by xtask/tests/wsdl_cli.rs: the imported function and parameter are usable.

fn main() {
    let request = voipms_api::dids::GetDidsSpamScore::new();
    let _ = &request;
    let method = voipms_api::Client::get_dids_spam_score;
    let _ = method;
    let sms = voipms_api::dids::SendSms::new(voipms_api::dids::SendSmsArgs { did: "5551234567", dst: "5551234568", message: "hi" });
    let _ = &sms.priority;
}
"#;

#[test]
fn end_to_end_on_a_copy_of_the_workspace() {
    // A fixed place in the target directory's scratch space, so that repeated runs overwrite the
    // copy's build artifacts instead of adding new ones; left behind on failure for a look.
    let ws_buf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wsdl-e2e");
    let ws = ws_buf.as_path();
    if ws.exists() {
        std::fs::remove_dir_all(ws).unwrap_or_else(|e| panic!("{}: {e}", ws.display()));
    }
    std::fs::create_dir_all(ws).unwrap_or_else(|e| panic!("{}: {e}", ws.display()));
    for item in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "README.md",
        "src",
        "codegen",
        "xtask",
        "voipms-api",
        "spec",
        ".cargo",
    ] {
        let from = root().join(item);
        if from.is_dir() {
            copy_dir(&from, &ws.join(item));
        } else if from.is_file() {
            std::fs::copy(&from, ws.join(item)).unwrap_or_else(|e| panic!("{item}: {e}"));
        }
    }
    let spec_dir = ws.join("spec");
    let spec_arg = spec_dir.to_str().unwrap_or_default();
    let spec = spec::load_dir(&spec_dir).unwrap_or_else(|d| panic!("{d}"));
    let wsdl_path = ws.join("next.wsdl");
    std::fs::write(&wsdl_path, wsdl_for(&spec)).unwrap_or_else(|e| panic!("{e}"));
    let wsdl_arg = wsdl_path.to_str().unwrap_or_default();

    // 1. check reports both.
    let o = xtask(&["wsdl", "check", wsdl_arg, "--spec", spec_arg]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let out = text(&o.stdout);
    assert!(out.contains("+ getDIDsSpamScore(did xsd:string, detailed xsd:boolean, threshold xsd:decimal, type xsd:string)"), "{out}");
    assert!(out.contains("files it in functions/dids.yaml"), "{out}");
    assert!(
        out.contains("+ priority xsd:integer: in the WSDL, not in the spec"),
        "{out}"
    );
    assert!(
        out.contains("drift: 1 operation missing from the spec, 1 parameter added"),
        "{out}"
    );

    // 2. import adds them.
    let o = xtask(&["wsdl", "import", wsdl_arg, "--spec", spec_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let o = xtask(&["wsdl", "check", wsdl_arg, "--spec", spec_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));

    // 3. spec check warns about the stub.
    let o = xtask(&["spec", "check", "--spec", spec_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        text(&o.stdout).contains(": functions.getDIDsSpamScore: stub imported from the WSDL"),
        "{}",
        show(&o)
    );

    // 4. codegen regenerates the copy's crate.
    let krate = ws.join("voipms-api");
    let o = xtask(&[
        "codegen",
        "--spec",
        spec_arg,
        "--crate",
        krate.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let dids = std::fs::read_to_string(krate.join("src/generated/dids.rs")).unwrap_or_default();
    assert!(
        dids.contains("pub fn get_dids_spam_score("),
        "the new method is missing"
    );
    assert!(
        dids.contains("\"priority\""),
        "the new parameter is missing"
    );

    // 5. the generated crate compiles with the new method and parameter.
    let examples = krate.join("examples");
    std::fs::create_dir_all(&examples).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(examples.join("wsdl_e2e.rs"), USES_THE_NEW_METHOD)
        .unwrap_or_else(|e| panic!("{e}"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let o = Command::new(cargo)
        .args([
            "check",
            "--quiet",
            "-p",
            "voipms-api",
            "--example",
            "wsdl_e2e",
        ])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert_eq!(
        o.status.code(),
        Some(0),
        "cargo check in the copy: {}",
        show(&o)
    );
    let _ = std::fs::remove_dir_all(ws);
}

/// `follow`: the weekly routine in one command, offline with a file. A WSDL with a new operation
/// and parameter: imported, regenerated, and a markdown report naming them, the stub to finish
/// and the spec diff; the same WSDL again: nothing changes and the report says so.
#[test]
fn follow_imports_regenerates_and_reports_in_markdown() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec_dir = tmp.path().join("spec");
    copy_dir(&fixtures().join("spec"), &spec_dir);
    let krate = tmp.path().join("crate");
    std::fs::create_dir_all(krate.join("src/generated")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        root().join("voipms-api/Cargo.toml"),
        krate.join("Cargo.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = tmp.path().join("report.md");
    let drift = fixtures().join("drift.wsdl");
    let follow = || {
        xtask(&[
            "follow",
            "--wsdl",
            drift.to_str().unwrap_or_default(),
            "--report",
            report.to_str().unwrap_or_default(),
            "--spec",
            spec_dir.to_str().unwrap_or_default(),
            "--crate",
            krate.to_str().unwrap_or_default(),
        ])
    };
    let o = follow();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let out = text(&o.stdout);
    assert!(
        out.contains("follow: 1 function(s) and 1 parameter(s) imported"),
        "{out}"
    );
    let md = std::fs::read_to_string(&report).unwrap_or_default();
    for want in [
        "## VoIP.ms WSDL follow",
        "- stub `getDIDsSpamScore` (read, 4 parameters) in `spec/functions/dids.yaml:",
        "**to finish by hand**",
        "- parameter `sendSMS.priority` (integer, from xsd:integer)",
        "### Spec diff:",
        "getDIDsSpamScore",
    ] {
        assert!(md.contains(want), "missing `{want}` in\n{md}");
    }
    let spec = spec::load_dir(&spec_dir).unwrap_or_else(|d| panic!("{d}"));
    assert!(spec.function("getDIDsSpamScore").is_some_and(|f| f.stub));
    let generated =
        std::fs::read_to_string(krate.join("src/generated/dids.rs")).unwrap_or_default();
    assert!(generated.contains("get_dids_spam_score"), "regenerated");

    let o = follow();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        text(&o.stdout).contains(
            "follow: 0 function(s) and 0 parameter(s) imported, 0 generated file(s) rewritten"
        ),
        "{}",
        show(&o)
    );
    let md = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(md.contains("The spec is in step with the WSDL"), "{md}");

    let o = xtask(&["follow", "--wsdl", drift.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let bad = fixtures().join("login.html");
    let o = xtask(&[
        "follow",
        "--wsdl",
        bad.to_str().unwrap_or_default(),
        "--report",
        report.to_str().unwrap_or_default(),
        "--spec",
        spec_dir.to_str().unwrap_or_default(),
        "--crate",
        krate.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
}
