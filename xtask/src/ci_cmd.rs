//! `cargo xtask ci`: the whole test suite, as CI runs it (`.ci/run` calls this).
//!
//! Steps run in order and stop at the first failure, each printed before it starts:
//! formatting, spec validation, freshness of the generated code, the spec diff of the committed
//! spec against itself, clippy on every target, the tests, the feature matrix of the generated
//! crate (no default features, each category alone, all features; the tests of one category
//! alone), rustdoc with warnings denied, and the packages of the published crates built alone.

use std::process::{Command, ExitCode};
use std::time::Instant;

/// The category whose tests also run alone: it has date-ranged functions, the most
/// feature-gated runtime code.
const SINGLE_CATEGORY_TESTS: &str = "cdr";

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

struct Step {
    title: String,
    cmd: Command,
}

fn step(title: impl Into<String>, args: &[&str]) -> Step {
    let mut cmd = cargo();
    cmd.args(args);
    Step {
        title: title.into(),
        cmd,
    }
}

fn steps(features: &[String]) -> Vec<Step> {
    let mut v = vec![
        step("format", &["fmt", "--all", "--check"]),
        step(
            "spec check",
            &["run", "--quiet", "-p", "xtask", "--", "spec", "check"],
        ),
        step(
            "generated code is fresh",
            &["run", "--quiet", "-p", "xtask", "--", "codegen", "--check"],
        ),
        step(
            "spec diff of the committed spec against itself",
            &[
                "run", "--quiet", "-p", "xtask", "--", "spec", "diff", "spec", "spec",
            ],
        ),
        step(
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
        ),
        step("tests", &["test", "--workspace", "--all-features"]),
        step(
            "voipms-api without default features",
            &["check", "-p", "voipms-api", "--no-default-features"],
        ),
    ];
    for f in features {
        v.push(step(
            format!("voipms-api with only the `{f}` feature"),
            &[
                "check",
                "-p",
                "voipms-api",
                "--no-default-features",
                "--features",
                f,
            ],
        ));
    }
    // `check` builds no tests: one category's unit and integration tests are built and run too,
    // so a test gated on one feature that needs another fails here.
    if let Some(f) = features
        .iter()
        .find(|f| f.as_str() == SINGLE_CATEGORY_TESTS)
    {
        v.push(step(
            format!("voipms-api tests with only the `{f}` feature"),
            &[
                "test",
                "-p",
                "voipms-api",
                "--no-default-features",
                "--features",
                f,
                "--lib",
                "--tests",
            ],
        ));
    }
    v.push(step(
        "voipms-api with all features",
        &["check", "-p", "voipms-api", "--all-features"],
    ));
    let mut doc = step(
        "rustdoc, warnings denied",
        &["doc", "--no-deps", "--workspace", "--all-features"],
    );
    doc.cmd.env("RUSTDOCFLAGS", "-Dwarnings");
    v.push(doc);
    // Each published crate builds from its package alone (what `cargo install` from a registry
    // does); uncommitted files are packaged as they are.
    v.push(step(
        "cargo package of voipms-api and voipms, verified",
        &[
            "package",
            "-p",
            "voipms-api",
            "-p",
            "voipms",
            "--allow-dirty",
        ],
    ));
    v
}

pub fn run(args: &[&str]) -> ExitCode {
    if !args.is_empty() {
        eprintln!("usage: cargo xtask ci");
        return ExitCode::from(2);
    }
    let spec = match voipms_codegen::spec::load_dir(&crate::workspace_root().join("spec")) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let all = steps(&voipms_codegen::emit::features(&spec));
    let n = all.len();
    for (i, mut s) in all.into_iter().enumerate() {
        println!("==> [{}/{n}] {}", i + 1, s.title);
        let t = Instant::now();
        let ok = s
            .cmd
            .current_dir(crate::workspace_root())
            .status()
            .is_ok_and(|st| st.success());
        if !ok {
            eprintln!("FAILED: {} (after {:.0?})", s.title, started.elapsed());
            return ExitCode::from(1);
        }
        println!("    ok in {:.1?}", t.elapsed());
    }
    println!("all {n} steps passed in {:.0?}", started.elapsed());
    ExitCode::SUCCESS
}
