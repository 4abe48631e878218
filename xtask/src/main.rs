//! `cargo xtask`: the project's developer commands.
//!
//! ```text
//! cargo xtask ci                    the whole test suite (what .ci/run calls)
//! cargo xtask codegen [--check]     regenerate the bindings (or check they are fresh)
//! cargo xtask spec check            validate spec/ and print counts
//! cargo xtask spec dump --json      the normalized spec as JSON
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

mod ci_cmd;
mod codegen_cmd;
mod spec_cmd;

/// The workspace root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

const USAGE: &str = "usage: cargo xtask <command>

commands:
  ci                               the whole test suite, as CI runs it
  codegen [--check]                regenerate voipms-api/src/generated from spec/ (--check: exit 1 if stale)
  spec check [--spec DIR]          validate the spec and print counts (exit 2 on errors)
  spec dump --json [--spec DIR]    print the normalized spec as JSON";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["spec", rest @ ..] => spec_cmd::run(rest),
        ["codegen", rest @ ..] => codegen_cmd::run(rest),
        ["ci", rest @ ..] => ci_cmd::run(rest),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
