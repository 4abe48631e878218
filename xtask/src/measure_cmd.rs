//! `cargo xtask measure`: compile-time figures of the generated crate, for the README.
//!
//! - crate-only build of voipms-api (`cargo clean -p voipms-api`, then build) with all features
//!   and with one category;
//! - a cold debug build of voipms-api with all its dependencies, in a fresh target directory
//!   (crates already downloaded);
//! - lines of generated code.
//!
//! Wall-clock figures on a shared machine are noisy: compare runs made one after the other.

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn timed(mut cmd: Command) -> Result<Duration, String> {
    let t = Instant::now();
    let st = cmd
        .current_dir(crate::workspace_root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if !st.success() {
        return Err(format!("{cmd:?} failed"));
    }
    Ok(t.elapsed())
}

fn crate_only(features: &[&str]) -> Result<Duration, String> {
    let mut clean = cargo();
    clean.args(["clean", "-p", "voipms-api"]);
    timed(clean)?;
    let mut build = cargo();
    build.args(["build", "-p", "voipms-api"]).args(features);
    timed(build)
}

pub fn run(args: &[&str]) -> ExitCode {
    let skip_cold = args.contains(&"--no-cold");
    let mut report = Vec::new();
    let mut go = || -> Result<(), String> {
        // Warm the dependencies first so crate-only builds measure only voipms-api.
        let mut warm = cargo();
        warm.args(["build", "-p", "voipms-api", "--all-features"]);
        timed(warm)?;
        let all = crate_only(&[])?;
        report.push(format!(
            "crate-only debug build, all categories: {:.1} s (goal <= 8 s)",
            all.as_secs_f64()
        ));
        let one = crate_only(&["--no-default-features", "--features", "cdr"])?;
        report.push(format!(
            "crate-only debug build, one category (cdr): {:.1} s (goal <= 2.5 s)",
            one.as_secs_f64()
        ));
        if !skip_cold {
            let dir = std::env::temp_dir().join(format!("voipms-measure-{}", std::process::id()));
            let mut cold = cargo();
            cold.args(["build", "-p", "voipms-api"])
                .env("CARGO_TARGET_DIR", &dir);
            let t = timed(cold);
            let _ = std::fs::remove_dir_all(&dir);
            report.push(format!(
                "cold debug build with dependencies: {:.1} s (goal <= 45 s)",
                t?.as_secs_f64()
            ));
        }
        let gen_dir = crate::workspace_root().join("voipms-api/src/generated");
        let mut lines = 0;
        let mut bytes = 0;
        for e in std::fs::read_dir(&gen_dir).map_err(|e| e.to_string())? {
            let text =
                std::fs::read_to_string(e.map_err(|e| e.to_string())?.path()).unwrap_or_default();
            lines += text.lines().count();
            bytes += text.len();
        }
        report.push(format!(
            "generated code: {lines} lines, {} KB",
            bytes / 1024
        ));
        Ok(())
    };
    let res = go();
    for l in &report {
        println!("{l}");
    }
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
