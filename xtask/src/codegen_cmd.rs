//! `cargo xtask codegen [--check]`: regenerate `voipms-api/src/generated/` from `spec/`.
//!
//! The work is [`voipms_codegen::generated::ensure`], shared with the `generated_fresh` test: a spec
//! error leaves every generated file as it was, and only files whose bytes changed are written.

use std::path::PathBuf;
use std::process::ExitCode;

use voipms_codegen::generated::{self, Mode, Target};
use voipms_codegen::spec;

/// The spec directory, the generated crate and the mode, from the command line.
fn from_args(args: &[&str]) -> Result<(PathBuf, Target, Mode), String> {
    let root = crate::workspace_root();
    let mut spec = root.join("spec");
    let mut target = Target::crate_dir(&root.join("voipms-api"));
    let mut mode = Mode::Write;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--check" => mode = Mode::Check,
            "--spec" => spec = PathBuf::from(it.next().ok_or("--spec needs a directory")?),
            "--crate" => {
                target = Target::crate_dir(it.next().ok_or("--crate needs a directory")?.as_ref())
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok((spec, target, mode))
}

pub fn run(args: &[&str]) -> ExitCode {
    let (spec_dir, target, mode) = match from_args(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!(
                "error: {e}\nusage: cargo xtask codegen [--check] [--spec DIR] [--crate DIR]"
            );
            return ExitCode::from(2);
        }
    };
    let spec = match spec::load_dir(&spec_dir) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}\nno file was written");
            return ExitCode::from(2);
        }
    };
    let outcome = match generated::ensure(&spec, &target, mode) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            if e.wrote_nothing() {
                eprintln!("no file was written");
            }
            return ExitCode::from(2);
        }
    };
    if mode == Mode::Check {
        if outcome.is_fresh() {
            println!("generated code is up to date ({} files)", outcome.files);
            return ExitCode::SUCCESS;
        }
        for p in &outcome.changed {
            eprintln!("stale: {}", p.display());
        }
        for p in &outcome.extra {
            eprintln!("stale (no longer generated): {}", p.display());
        }
        eprintln!("generated code is out of date: run `cargo xtask codegen`");
        return ExitCode::from(1);
    }
    for p in &outcome.changed {
        println!("wrote {}", p.display());
    }
    for p in &outcome.extra {
        println!("removed {}", p.display());
    }
    println!(
        "{} functions -> {} files ({} lines), {} changed",
        spec.functions.len(),
        outcome.files,
        outcome.lines,
        outcome.changed.len() + outcome.extra.len()
    );
    ExitCode::SUCCESS
}
