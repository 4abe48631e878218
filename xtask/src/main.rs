//! `cargo xtask`: the project's developer commands.
//!
//! ```text
//! cargo xtask ci                    the whole test suite (what .ci/run calls)
//! cargo xtask codegen [--check]     regenerate the bindings (or check they are fresh)
//! cargo xtask spec check            validate spec/ and print counts
//! cargo xtask spec dump --json      the normalized spec as JSON
//! cargo xtask spec diff OLD NEW     classify the changes between two spec revisions
//! cargo xtask spec check-responses PATH...  saved response bodies against the spec
//! cargo xtask spec learn PATH...    apply the edits saved bodies decide, in place
//! cargo xtask wsdl check PATH       compare the spec with a VoIP.ms WSDL
//! cargo xtask wsdl import PATH      add the WSDL's new functions and parameters to the spec
//! cargo xtask follow --wsdl URL|FILE --report FILE   check, import, regenerate, report
//! cargo xtask measure [--baseline REV]  build, size and decode figures, side by side
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

mod ci_cmd;
mod codegen_cmd;
mod follow_cmd;
mod measure_cmd;
mod spec_cmd;
mod spec_diff;
mod wsdl_cmd;

// Regeneration is allocation-bound (syn parsing and prettyplease): mimalloc takes about a
// quarter off the whole process (`time target/release/xtask codegen --check`).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The workspace root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

const USAGE: &str = "usage: cargo xtask <command>

commands:
  ci                               the whole test suite, as CI runs it
  measure [--baseline REV] [--runs N] [--skip cold,release,bench]
                                   the README's Measurements figures (build CPU and wall time,
                                   binary size, generated lines, decode ratios), side by side
                                   with another commit
  codegen [--check]                regenerate voipms-api/src/generated from spec/ (--check: exit 1 if stale)
  spec check [--spec DIR]          validate the spec and print counts (exit 2 on errors)
  spec dump --json [--spec DIR]    print the normalized spec as JSON
  spec check-responses PATH... [--spec DIR]
                                   check saved response bodies (files, or directories of *.json)
                                   against the spec (exit 1 on drift, 2 if unreadable)
  spec learn PATH... [--spec DIR]  apply the edits those bodies decide to the spec, in place,
                                   marked observed; list what a person must decide (exit 1)
  wsdl check PATH [--spec DIR] [--verbose]
                                   compare the spec with a WSDL (exit 1 on drift, 2 if unreadable)
  wsdl import PATH [--spec DIR]    add the WSDL's missing functions (as stubs) and parameters to the spec
  follow --wsdl URL|FILE --report FILE [--spec DIR] [--crate DIR]
                                   wsdl check, wsdl import and codegen in one step; the spec diff
                                   in markdown to FILE (the weekly follow workflow's pull request)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["spec", rest @ ..] => spec_cmd::run(rest),
        ["wsdl", rest @ ..] => wsdl_cmd::run(rest),
        ["codegen", rest @ ..] => codegen_cmd::run(rest),
        ["ci", rest @ ..] => ci_cmd::run(rest),
        ["measure", rest @ ..] => measure_cmd::run(rest),
        ["follow", rest @ ..] => follow_cmd::run(rest),
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
