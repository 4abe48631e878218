//! `cargo xtask codegen` and `spec check` as a user runs them, on temporary copies: a broken spec
//! leaves every generated file untouched and exits 2 with located errors; `--check` exits 1 and
//! names stale files; regeneration rewrites only what changed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A scratch copy of `spec/` and of the generated crate's manifest and generated files.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("voipms-xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&root().join("spec"), &dir.join("spec"));
        copy_dir(
            &root().join("voipms-api/src/generated"),
            &dir.join("crate/src/generated"),
        );
        std::fs::copy(
            root().join("voipms-api/Cargo.toml"),
            dir.join("crate/Cargo.toml"),
        )
        .unwrap();
        Scratch { dir }
    }

    fn xtask(&self, args: &[&str]) -> Output {
        let spec = self.dir.join("spec");
        let krate = self.dir.join("crate");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
        cmd.args(args);
        if args[0] == "codegen" {
            cmd.arg("--spec").arg(&spec).arg("--crate").arg(&krate);
        } else {
            cmd.arg("--spec").arg(&spec);
        }
        cmd.output().unwrap()
    }

    fn generated(&self) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(self.dir.join("crate/src/generated"))
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn committed_spec_checks_and_is_fresh() {
    let s = Scratch::new("fresh");
    let out = s.xtask(&["spec", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("226 functions"), "{stdout}");
    // The documented ones, plus those learnt live (spec/README.md, "Facts learnt live").
    assert!(stdout.contains("1004 parameters"), "{stdout}");
    assert!(stdout.contains("484 error codes"), "{stdout}");
    let out = s.xtask(&["codegen", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_read_the_probe_cannot_call_fails_the_check() {
    let s = Scratch::new("probe-gap");
    let file = s.dir.join("spec/functions/dids.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    let plan = "    probe:\n      params:\n        state: {from: \"getStates states[].state\"}\n";
    assert!(yaml.contains(plan));
    std::fs::write(&file, yaml.replacen(plan, "", 1)).unwrap();
    let out = s.xtask(&["spec", "check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("requires `state` and the probe has no value for it"),
        "{err}"
    );
    assert!(
        err.contains("dids.yaml:"),
        "the error names file and line: {err}"
    );
    // The generator still runs: a freshly imported read is listed, not fatal.
    let out = s.xtask(&["codegen"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn broken_spec_writes_nothing_and_exits_2() {
    let s = Scratch::new("broken");
    let sms = s.dir.join("spec/functions/dids.yaml");
    let yaml = std::fs::read_to_string(&sms).unwrap();
    // Break a type and a value set in one go: both must be reported.
    let broken = yaml
        .replacen("type: \"phone\"", "type: \"phnoe\"", 1)
        .replacen("enum(MessageType)", "enum(MesageType)", 1);
    std::fs::write(&sms, broken).unwrap();
    // Make the generated files stale too, so a write would be visible.
    let before = s.generated();
    let out = s.xtask(&["codegen"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("unknown type `phnoe`"), "{err}");
    assert!(err.contains("unknown value set `MesageType`"), "{err}");
    assert!(
        err.contains("dids.yaml:"),
        "errors name file and line: {err}"
    );
    assert!(err.contains("no file was written"), "{err}");
    assert_eq!(
        s.generated(),
        before,
        "a broken spec must leave generated files untouched"
    );
    let out = s.xtask(&["spec", "check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_names_stale_files_and_codegen_rewrites_only_them() {
    let s = Scratch::new("stale");
    let cdr = s.dir.join("spec/functions/cdr.yaml");
    let yaml = std::fs::read_to_string(&cdr).unwrap();
    std::fs::write(&cdr, yaml.replacen("Retrieves", "Retrieves (edited)", 1)).unwrap();
    let out = s.xtask(&["codegen", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("stale:") && err.contains("cdr.rs"), "{err}");
    assert!(err.contains("run `cargo xtask codegen`"), "{err}");
    let out = s.xtask(&["codegen"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = s.xtask(&["codegen", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A second run writes nothing.
    let out = s.xtask(&["codegen"]);
    assert!(
        text(&out.stdout).contains(", 0 changed"),
        "{}",
        text(&out.stdout)
    );
}
