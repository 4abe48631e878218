//! `cargo xtask wsdl check|import PATH [--spec DIR]`: keep the spec in step with the WSDL.
//!
//! - `check` prints the drift report and exits 0 when in step, 1 on drift, 2 when the WSDL or
//!   the spec cannot be read.
//! - `import` adds missing operations as stubs and missing parameters to their functions, editing
//!   the YAML in place; exits 0 when done (or nothing to do), 2 when nothing could be written.

use std::path::PathBuf;
use std::process::ExitCode;

use voipms_codegen::{spec, wsdl};

const USAGE: &str = "usage: cargo xtask wsdl check PATH_TO_WSDL [--spec DIR] [--verbose]
       cargo xtask wsdl import PATH_TO_WSDL [--spec DIR]";

struct Args {
    wsdl: PathBuf,
    spec: PathBuf,
    verbose: bool,
}

fn parse_args(args: &[&str], allow_verbose: bool) -> Result<Args, String> {
    let mut spec = crate::workspace_root().join("spec");
    let mut wsdl = None;
    let mut verbose = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--spec" => spec = PathBuf::from(it.next().ok_or("--spec needs a directory")?),
            "--verbose" | "-v" if allow_verbose => verbose = true,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option `{flag}`"));
            }
            path if wsdl.is_none() => wsdl = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    let wsdl = wsdl.ok_or("the path of the WSDL is missing")?;
    Ok(Args {
        wsdl,
        spec,
        verbose,
    })
}

/// Runs `cargo xtask wsdl ...`.
pub fn run(args: &[&str]) -> ExitCode {
    let (sub, rest) = match args {
        [s @ ("check" | "import"), r @ ..] => (*s, r),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let args = match parse_args(rest, sub == "check") {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let parsed = match wsdl::read(&args.wsdl) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {}: {e}", args.wsdl.display());
            return ExitCode::from(2);
        }
    };
    match sub {
        "check" => check(&args, &parsed),
        _ => import(&args, &parsed),
    }
}

fn check(args: &Args, parsed: &wsdl::Wsdl) -> ExitCode {
    let spec = match spec::load_dir(&args.spec) {
        Ok(s) => s,
        Err(d) => {
            eprintln!(
                "{d}\nerror: the spec does not load; fix it first (`cargo xtask spec check`)"
            );
            return ExitCode::from(2);
        }
    };
    let report = wsdl::check(&spec, parsed);
    print!("{}", report.render(args.verbose));
    if report.in_step() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn import(args: &Args, parsed: &wsdl::Wsdl) -> ExitCode {
    let done = match wsdl::import_dir(&args.spec, parsed) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if done.is_empty() {
        println!("nothing to import: the spec has every operation and parameter of the WSDL");
        return ExitCode::SUCCESS;
    }
    let at = |file: &str, line: usize| format!("{}:{line}", args.spec.join(file).display());
    for f in &done.functions {
        println!(
            "added stub {} (kind {}, {} parameter{}) at {}: {}",
            f.name,
            f.kind.as_str(),
            f.params,
            if f.params == 1 { "" } else { "s" },
            at(&f.file, f.line),
            f.reason
        );
    }
    for p in &done.params {
        println!(
            "added parameter {}.{} ({}, from {}) at {}",
            p.function,
            p.name,
            p.ty,
            p.xsd,
            at(&p.file, p.line)
        );
    }
    for s in &done.sources {
        println!("{s}: `source: documentation` -> `source: both` (the WSDL now has it)");
    }
    for s in &done.documented {
        println!("{s}: `params: undocumented` -> the WSDL's parameters");
    }
    println!(
        "\n{} file{} changed. Next: write each stub's summary, parameters and response (then drop \
         `stub: true`), document the new parameters, `cargo xtask spec check`, `cargo xtask codegen`.",
        done.changed.len(),
        if done.changed.len() == 1 { "" } else { "s" }
    );
    ExitCode::SUCCESS
}
