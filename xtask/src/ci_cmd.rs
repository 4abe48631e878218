//! `cargo xtask ci`: the whole test suite, as CI runs it (`.ci/run` calls this).
//!
//! Steps run in order and stop at the first failure, each printed before it starts:
//! formatting, spec validation, freshness of the generated code, the spec diff of the committed
//! spec against itself, clippy on every target, the tests, the feature matrix of the generated
//! crate linted with warnings denied (no default features, each category alone, all features;
//! the tests of one category alone), rustdoc with warnings denied, `voipms mcp` with the official MCP Python SDK as its
//! client, and the packages of the published crates built alone.

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

/// `voipms-api` with these feature arguments, linted like the workspace: warnings (unused
/// imports, dead code that only one feature combination has) fail the step, which a plain
/// `cargo check` would only print.
fn feature_step(title: impl Into<String>, features: &[&str]) -> Step {
    let mut args = vec!["clippy", "-p", "voipms-api"];
    args.extend_from_slice(features);
    args.extend(["--", "-D", "warnings"]);
    step(title, &args)
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
        feature_step(
            "voipms-api without default features",
            &["--no-default-features"],
        ),
        feature_step(
            "voipms-api with only the `callbacks` feature",
            &["--no-default-features", "--features", "callbacks"],
        ),
    ];
    for f in features {
        v.push(feature_step(
            format!("voipms-api with only the `{f}` feature"),
            &["--no-default-features", "--features", f],
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
    v.push(feature_step(
        "voipms-api with all features",
        &["--all-features"],
    ));
    let mut doc = step(
        "rustdoc, warnings denied",
        &["doc", "--no-deps", "--workspace", "--all-features"],
    );
    doc.cmd.env("RUSTDOCFLAGS", "-Dwarnings");
    v.push(doc);
    // The MCP server against the official Python SDK; see `mcp_python`.
    v.push(step(
        "voipms mcp with the official MCP Python SDK as the client",
        &["run", "--quiet", "-p", "xtask", "--", "ci", "mcp-python"],
    ));
    // Each published crate builds from its package alone (what `cargo install` from a registry
    // does); see `package_check`.
    v.push(step(
        "packages of voipms-api and voipms, each built alone",
        &["run", "--quiet", "-p", "xtask", "--", "ci", "package"],
    ));
    v
}

/// The crates published to a registry, in dependency order.
const PUBLISHED: [&str; 2] = ["voipms-api", "voipms"];

/// Packages the published crates and builds them from the packages alone, in a workspace of
/// their own under `target/package-check/` where voipms's dependency on voipms-api is the
/// packaged voipms-api.
///
/// `cargo package`'s own verification does this through a temporary registry whose unpacked
/// crates cargo caches by name and version in `$CARGO_HOME`: a second run with changed sources
/// but the same version would build the first run's copy.
fn package_check() -> ExitCode {
    let root = crate::workspace_root();
    let mut pkg = cargo();
    pkg.args(["package", "--no-verify", "--allow-dirty"]);
    for p in PUBLISHED {
        pkg.args(["-p", p]);
    }
    if !pkg.current_dir(&root).status().is_ok_and(|s| s.success()) {
        eprintln!("cargo package failed");
        return ExitCode::from(1);
    }
    let dir = root.join("target/package-check");
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    let mut members = Vec::new();
    let mut api_dir = String::new();
    for p in PUBLISHED {
        let Some(name) = newest_package(&root.join("target/package"), p) else {
            eprintln!("no target/package/{p}-VERSION.crate");
            return ExitCode::from(1);
        };
        let file = root.join(format!("target/package/{name}.crate"));
        let ok = Command::new("tar")
            .arg("-xzf")
            .arg(&file)
            .current_dir(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("cannot unpack {}", file.display());
            return ExitCode::from(1);
        }
        if p == PUBLISHED[0] {
            api_dir.clone_from(&name);
        }
        members.push(format!("\"{name}\""));
    }
    let manifest = format!(
        "[workspace]\nmembers = [{}]\nresolver = \"3\"\n\n[patch.crates-io]\nvoipms-api = {{ path = \"{api_dir}\" }}\n",
        members.join(", ")
    );
    let written = std::fs::write(dir.join("Cargo.toml"), manifest)
        .and_then(|()| std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map(drop));
    if let Err(e) = written {
        eprintln!("cannot write the check workspace: {e}");
        return ExitCode::from(1);
    }
    let mut build = cargo();
    build
        .args(["build", "--workspace", "--all-features", "--target-dir"])
        .arg(root.join("target/package-check-target"))
        .current_dir(&dir);
    if build.status().is_ok_and(|s| s.success()) {
        ExitCode::SUCCESS
    } else {
        eprintln!("a packaged crate does not build on its own");
        ExitCode::from(1)
    }
}

/// `NAME-VERSION` of the most recently written package of `name` in `dir`.
fn newest_package(dir: &std::path::Path, name: &str) -> Option<String> {
    let prefix = format!("{name}-");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().into_string().ok()?;
            let stem = file.strip_suffix(".crate")?;
            let version = stem.strip_prefix(&prefix)?;
            version
                .starts_with(|c: char| c.is_ascii_digit())
                .then_some(())?;
            Some((
                e.metadata().and_then(|m| m.modified()).ok()?,
                stem.to_string(),
            ))
        })
        .max()
        .map(|(_, stem)| stem)
}

/// The MCP Python SDK release the check runs with (PyPI `mcp`).
const MCP_PYTHON: &str = "mcp==2.3.0";

/// Runs `tests/mcp_python/check.py` (the official MCP Python SDK as the client of `voipms mcp`,
/// against the project's mock) in a virtual environment under `target/`, made on first use
/// with `python3 -m venv` and the SDK from PyPI.
fn mcp_python() -> ExitCode {
    let root = crate::workspace_root();
    let venv = root.join("target/mcp-python");
    let python = venv.join("bin/python");
    let run = |cmd: &mut Command, what: &str| -> bool {
        let ok = cmd.status().is_ok_and(|s| s.success());
        if !ok {
            eprintln!("{what} failed");
        }
        ok
    };
    if !python.exists() {
        let made = run(
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
            "python3 -m venv (the check needs Python 3.10 or later with venv)",
        );
        if !made {
            return ExitCode::from(1);
        }
    }
    let ready = Command::new(&python)
        .args(["-c", "import mcp"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ready
        && !run(
            Command::new(&python).args(["-m", "pip", "install", "--quiet", MCP_PYTHON]),
            "pip install of the MCP Python SDK",
        )
    {
        return ExitCode::from(1);
    }
    if !run(
        cargo()
            .args(["build", "--quiet", "-p", "voipms"])
            .current_dir(&root),
        "cargo build -p voipms",
    ) {
        return ExitCode::from(1);
    }
    let ok = run(
        Command::new(&python)
            .arg(root.join("tests/mcp_python/check.py"))
            .arg(root.join("target/debug/voipms")),
        "the MCP Python SDK check",
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn run(args: &[&str]) -> ExitCode {
    if args == ["package"] {
        return package_check();
    }
    if args == ["mcp-python"] {
        return mcp_python();
    }
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
