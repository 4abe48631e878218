//! `cargo xtask spec diff`: classify every change between two spec revisions.
//!
//! ```text
//! cargo xtask spec diff OLD NEW [options]     each side a spec directory or a git revision
//! cargo xtask spec diff --base REV [options]  REV's spec/ against the working tree's spec/
//! ```
//!
//! A side is a directory when one exists at that path; otherwise `REV:DIR` or `REV` (meaning
//! `REV:spec`) read through git from the repository of the current directory, without a checkout.
//! Exit status: 0 when nothing is at or above `--fail-on`, 1 when something is, 2 for usage errors,
//! unreadable sides and spec errors (printed with file and line).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use voipms_codegen::diff::{self, Format, IgnoreList, Labels, Level, Rule};
use voipms_codegen::spec::{self, Diagnostics, Spec};

const USAGE: &str = "usage: cargo xtask spec diff OLD NEW [options]
       cargo xtask spec diff --base REV [NEW] [options]
       cargo xtask spec diff --rules

OLD and NEW are spec directories or git revisions (REV reads REV:spec, REV:DIR another directory);
--base REV compares REV's spec/ with the working tree's spec/.

options:
  --format text|markdown|json|github   report format (default text)
  --ignore FILE                        accepted changes: `rule-id path  # why` per line
  --fail-on breaking|warning|info|none exit 1 when a finding is at or above (default breaking)
  --rules                              print the rule catalogue (Markdown) and exit";

/// Why the diff could not run: reported, then exit 2.
enum Fatal {
    /// Bad arguments: the message and the usage.
    Usage(String),
    /// An unreadable side or ignore file, or git failing: the message alone.
    Failed(String),
}

impl From<String> for Fatal {
    fn from(s: String) -> Self {
        Fatal::Failed(s)
    }
}

struct Options {
    old: Option<String>,
    new: Option<String>,
    base: Option<String>,
    format: Format,
    ignore: Option<PathBuf>,
    fail_on: Option<Level>,
}

fn parse_args(args: &[&str]) -> Result<Options, Fatal> {
    let mut positional = Vec::new();
    let mut opts = Options {
        old: None,
        new: None,
        base: None,
        format: Format::Text,
        ignore: None,
        fail_on: Some(Level::Breaking),
    };
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .map(|v| v.to_string())
                .ok_or_else(|| Fatal::Usage(format!("{name} needs a value")))
        };
        match arg {
            "--base" => opts.base = Some(value("--base")?),
            "--format" => {
                let v = value("--format")?;
                opts.format = Format::parse(&v).ok_or_else(|| {
                    Fatal::Usage(format!(
                        "unknown format `{v}` (expected text, markdown, json or github)"
                    ))
                })?;
            }
            "--ignore" => opts.ignore = Some(PathBuf::from(value("--ignore")?)),
            "--fail-on" => {
                let v = value("--fail-on")?;
                opts.fail_on = match v.as_str() {
                    "none" => None,
                    other => Some(Level::parse(other).ok_or_else(|| {
                        Fatal::Usage(format!(
                            "unknown level `{other}` (expected breaking, warning, info or none)"
                        ))
                    })?),
                };
            }
            flag if flag.starts_with("--") => {
                return Err(Fatal::Usage(format!("unknown option `{flag}`")));
            }
            side => positional.push(side.to_string()),
        }
    }
    let mut positional = positional.into_iter();
    match (&opts.base, positional.len()) {
        (None, 2) => {
            opts.old = positional.next();
            opts.new = positional.next();
        }
        (Some(_), 0 | 1) => opts.new = positional.next(),
        (None, _) => {
            return Err(Fatal::Usage(
                "expected two sides: OLD NEW, or --base REV".into(),
            ));
        }
        (Some(_), _) => {
            return Err(Fatal::Usage(
                "--base REV takes at most one other side (NEW)".into(),
            ));
        }
    }
    Ok(opts)
}

/// Where a side's spec comes from.
enum Side {
    /// A directory on disk.
    Dir(PathBuf),
    /// A directory inside a git revision.
    Git { rev: String, dir: String },
}

impl Side {
    /// How reports and messages name the side.
    fn label(&self) -> String {
        match self {
            Side::Dir(d) => d.display().to_string(),
            Side::Git { rev, dir } => format!("{rev}:{dir}"),
        }
    }

    /// How GitHub annotations name the spec directory (repository-relative when run at the root).
    fn annotation_dir(&self) -> String {
        match self {
            Side::Dir(d) => d.display().to_string(),
            Side::Git { dir, .. } => dir.clone(),
        }
    }
}

fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn is_revision(rev: &str) -> bool {
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])
    .is_ok()
}

/// `REV:DIR`, or `REV` meaning `REV:spec`, when REV names a commit.
fn revision(arg: &str) -> Option<Side> {
    let (rev, dir) = match arg.split_once(':') {
        Some((rev, dir)) => (rev, dir.trim_matches('/')),
        None => (arg, "spec"),
    };
    is_revision(rev).then(|| Side::Git {
        rev: rev.to_string(),
        dir: if dir.is_empty() { "." } else { dir }.to_string(),
    })
}

/// `--base REV`: always a revision.
fn resolve_revision(arg: &str) -> Result<Side, Fatal> {
    revision(arg).ok_or_else(|| Fatal::Usage(format!("`{arg}` is not a git revision")))
}

/// A directory when one exists, else a revision.
fn resolve(arg: &str) -> Result<Side, Fatal> {
    if Path::new(arg).is_dir() {
        return Ok(Side::Dir(PathBuf::from(arg)));
    }
    revision(arg).ok_or_else(|| {
        Fatal::Usage(format!(
            "`{arg}` is neither a spec directory nor a git revision"
        ))
    })
}

/// The working tree's `spec/`, relative to the current directory.
fn working_tree_spec() -> Result<Side, Fatal> {
    let cdup = git(&["rev-parse", "--show-cdup"])?;
    let cdup = String::from_utf8_lossy(&cdup).trim().to_string();
    Ok(Side::Dir(PathBuf::from(format!("{cdup}spec"))))
}

/// The side's spec files as `(path relative to the spec directory, contents)`.
fn read_side(side: &Side) -> Result<Vec<(String, String)>, Fatal> {
    match side {
        Side::Dir(d) => {
            let files = voipms_codegen::digest::read_spec_files(d).map_err(|e| {
                Fatal::Failed(format!(
                    "cannot read the spec directory {}: {e}",
                    d.display()
                ))
            })?;
            Ok(files
                .into_iter()
                .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
                .collect())
        }
        Side::Git { rev, dir } => {
            let prefix = if dir == "." {
                String::new()
            } else {
                format!("{dir}/")
            };
            let listing = git(&[
                "ls-tree",
                "-r",
                "--name-only",
                "--full-tree",
                rev,
                "--",
                &prefix,
            ])?;
            let mut files = Vec::new();
            for path in String::from_utf8_lossy(&listing).lines() {
                let Some(rel) = path.strip_prefix(&prefix) else {
                    continue;
                };
                if !rel.ends_with(".yaml") {
                    continue;
                }
                let blob = git(&["show", &format!("{rev}:{path}")])?;
                files.push((rel.to_string(), String::from_utf8_lossy(&blob).into_owned()));
            }
            if files.is_empty() {
                return Err(Fatal::Failed(format!(
                    "{rev} has no spec files under {prefix}"
                )));
            }
            Ok(files)
        }
    }
}

/// Loads a side; diagnostics name files as the reader finds them (`spec/types.yaml`,
/// `origin/main:spec/types.yaml`).
fn load_side(side: &Side, files: &[(String, String)]) -> Result<Spec, Diagnostics> {
    spec::load_files(files).map_err(|mut d| {
        for diag in &mut d.0 {
            diag.file = match side {
                Side::Dir(dir) => dir.join(&diag.file).display().to_string(),
                Side::Git { rev, dir } => format!("{rev}:{dir}/{}", diag.file),
            };
        }
        d
    })
}

fn read_ignore(path: &Path) -> Result<IgnoreList, Fatal> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fatal::Failed(format!("cannot read {}: {e}", path.display())))?;
    IgnoreList::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{}: {}", path.display(), e.line, e.message))
            .collect();
        Fatal::Failed(lines.join("\nerror: "))
    })
}

/// Runs `cargo xtask spec diff` with the arguments after `diff`.
pub fn run(args: &[&str]) -> ExitCode {
    if matches!(args, ["--help" | "-h" | "help"]) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args == ["--rules"] {
        print!("{}", Rule::catalogue_markdown());
        return ExitCode::SUCCESS;
    }
    match diff_sides(args) {
        Ok(code) => code,
        Err(Fatal::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Fatal::Failed(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn diff_sides(args: &[&str]) -> Result<ExitCode, Fatal> {
    let opts = parse_args(args)?;
    let old = match (&opts.base, &opts.old) {
        (Some(rev), _) => resolve_revision(rev)?,
        (None, Some(old)) => resolve(old)?,
        (None, None) => return Err(Fatal::Usage("missing the old side".into())),
    };
    let new = match &opts.new {
        Some(new) => resolve(new)?,
        None => working_tree_spec()?,
    };
    let ignore = opts.ignore.as_deref().map(read_ignore).transpose()?;
    let (old_files, new_files) = (read_side(&old)?, read_side(&new)?);

    let loaded = (load_side(&old, &old_files), load_side(&new, &new_files));
    let (old_spec, new_spec) = match loaded {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for (name, side, result) in [("old", &old, a.err()), ("new", &new, b.err())] {
                if let Some(d) = result {
                    eprintln!("the {name} side ({}) does not load:\n{d}", side.label());
                }
            }
            return Ok(ExitCode::from(2));
        }
    };

    let mut report = diff::diff(&old_spec, &new_spec);
    report.locate(&new_files, &new.annotation_dir());
    if let (Some(list), Some(path)) = (&ignore, &opts.ignore) {
        for stale in report.apply_ignores(list) {
            eprintln!(
                "warning: {}:{}: ignore entry `{} {}` matches no change",
                path.display(),
                stale.line,
                stale.rule,
                stale.pattern
            );
        }
    }
    let labels = Labels {
        old: old.label(),
        new: new.label(),
    };
    let rendered = diff::report::render(&report, opts.format, &labels);
    // A closed pipe (`| head`) is the reader's choice, not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(rendered.as_bytes());
    Ok(if report.fails(opts.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
