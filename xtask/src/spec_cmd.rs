//! `cargo xtask spec ...`: validate, dump and diff the spec.

use std::path::PathBuf;
use std::process::ExitCode;

use voipms_codegen::spec;

const USAGE: &str = "usage: cargo xtask spec check|dump --json [--spec DIR]
       cargo xtask spec diff OLD NEW|--base REV [--format F] [--ignore FILE] [--fail-on LEVEL]
       cargo xtask spec check-responses PATH... [--spec DIR]
       cargo xtask spec learn PATH... [--spec DIR]";

/// Parses `--spec DIR` out of `args`, defaulting to the workspace's `spec/`.
pub fn spec_dir(args: &[&str]) -> Result<(PathBuf, Vec<String>), String> {
    let mut dir = crate::workspace_root().join("spec");
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if *a == "--spec" {
            dir = PathBuf::from(it.next().ok_or("--spec needs a directory")?);
        } else {
            rest.push(a.to_string());
        }
    }
    Ok((dir, rest))
}

pub fn run(args: &[&str]) -> ExitCode {
    let (sub, rest) = match args.split_first() {
        Some((s, r)) => (*s, r),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if sub == "diff" {
        return crate::spec_diff::run(rest);
    }
    let (dir, rest) = match spec_dir(rest) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match (sub, rest.as_slice()) {
        ("check", []) => match spec::load_dir(&dir) {
            Ok(s) => {
                let gaps = spec::probe::gaps(&s);
                for (file, path, message) in &gaps {
                    let file = dir.join(file);
                    let line = std::fs::read_to_string(&file)
                        .ok()
                        .and_then(|t| spec::locate(&t, path))
                        .map(|l| format!(":{l}"))
                        .unwrap_or_default();
                    eprintln!("error: {}{line}: {path}: {message}", file.display());
                }
                if !gaps.is_empty() {
                    eprintln!("{} problem(s) in the spec", gaps.len());
                    return ExitCode::from(2);
                }
                let documented = s.functions.iter().filter(|f| f.response.is_some()).count();
                println!(
                    "spec OK: {} functions in {} categories, {} parameters, {} value sets, {} error codes ({} empty-list), {} documented responses, {} inbound callbacks",
                    s.functions.len(),
                    s.categories.len(),
                    s.param_name_count(),
                    s.value_sets.len(),
                    s.errors.len(),
                    s.errors.iter().filter(|e| e.empty_list).count(),
                    documented,
                    s.callbacks.len(),
                );
                for f in s.functions.iter().filter(|f| f.stub) {
                    let path = dir.join(&f.file);
                    let line = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| spec::locate(&t, &format!("functions.{}", f.name)))
                        .map(|l| format!(":{l}"))
                        .unwrap_or_default();
                    println!(
                        "warning: {}{line}: functions.{}: stub imported from the WSDL: write its summary, check its params and response",
                        path.display(),
                        f.name
                    );
                }
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(2)
            }
        },
        ("check-responses", paths) => check_responses(&dir, paths),
        ("learn", paths) => learn(&dir, paths),
        ("dump", [json]) if json == "--json" => match spec::load_dir(&dir) {
            Ok(s) => {
                let v = spec::dump::to_json(&s);
                match serde_json::to_string_pretty(&v) {
                    Ok(text) => {
                        println!("{text}");
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        ExitCode::from(2)
                    }
                }
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The saved bodies under `paths` (files, or directories of `*.json`).
fn saved_bodies(
    paths: &[String],
) -> Result<Vec<voipms_codegen::conformance::saved::SavedBody>, ExitCode> {
    if paths.is_empty() || paths.iter().any(|p| p.starts_with('-')) {
        eprintln!("error: expected saved body files or directories\n{USAGE}");
        return Err(ExitCode::from(2));
    }
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    voipms_codegen::conformance::saved::read_paths(&paths).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

/// `spec learn PATH...`: applies the edits the saved bodies decide, in place. Exit 0 when the
/// bodies now agree with the spec, 1 when something is left for a person (listed), 2 when a
/// body or the spec cannot be read.
fn learn(dir: &std::path::Path, paths: &[String]) -> ExitCode {
    use voipms_codegen::conformance::learn;
    let bodies = match saved_bodies(paths) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let learned = match learn::learn_dir(dir, &bodies) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for a in &learned.applied {
        println!(
            "{}:{}: {}: {}",
            dir.join(&a.file).display(),
            a.line,
            a.function,
            a.edit.describe()
        );
    }
    for u in &learned.undecided {
        let d = &u.group.deviation;
        let line = u.group.line.map(|l| format!(":{l}")).unwrap_or_default();
        println!(
            "not applied: {}{line}: {}: {} {}: {}",
            dir.join(&d.file).display(),
            d.kind.as_str(),
            u.group.function,
            d.at,
            u.why
        );
        println!("    fix by hand: {}", d.fix);
    }
    let files = learned.changed.len();
    println!(
        "learnt: {} edit{} in {files} file{} from {} saved bod{}; {} left for a person{}",
        learned.applied.len(),
        if learned.applied.len() == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" },
        bodies.len(),
        if bodies.len() == 1 { "y" } else { "ies" },
        learned.undecided.len(),
        if files > 0 {
            " (review the diff, then `cargo xtask codegen`)"
        } else {
            ""
        }
    );
    if learned.undecided.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `spec check-responses PATH...`: saved response bodies against the spec. Exit 0 in step, 1 on
/// drift, 2 when a body or the spec cannot be read.
fn check_responses(dir: &std::path::Path, paths: &[String]) -> ExitCode {
    use voipms_codegen::conformance::Checker;
    let bodies = match saved_bodies(paths) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let checker = match Checker::load(dir) {
        Ok(c) => c,
        Err(d) => {
            eprintln!(
                "{d}\nerror: the spec does not load; fix it first (`cargo xtask spec check`)"
            );
            return ExitCode::from(2);
        }
    };
    match checker.report(&bodies) {
        Ok(r) => {
            print!("{}", r.render());
            if r.in_step() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
