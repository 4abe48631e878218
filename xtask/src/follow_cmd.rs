//! `cargo xtask follow --wsdl URL|FILE --report FILE`: follow VoIP.ms when its WSDL changes, in
//! one command (what `.github/workflows/follow.yml` runs weekly).
//!
//! 1. reads the WSDL (downloads it when given a URL);
//! 2. checks the spec against it (`wsdl check`);
//! 3. imports what it adds (`wsdl import`: stubs and parameters, edited in place);
//! 4. regenerates the bindings (`codegen`);
//! 5. writes the pull request's body to `--report`: the spec diff in markdown (`spec diff
//!    --format markdown` of the spec before against after), what was imported and what a person
//!    has to finish, and the drift the import cannot settle.
//!
//! Exit 0 whether or not anything changed (the report says which, and the files are the pull
//! request), 2 when the WSDL, the spec or a file cannot be read or written. Nothing is written
//! when the WSDL does not parse or the import would not validate.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use voipms_codegen::diff::report::{Format, Labels};
use voipms_codegen::generated::{self, Mode, Target};
use voipms_codegen::{diff, spec, wsdl};

const USAGE: &str =
    "usage: cargo xtask follow --wsdl URL|FILE --report FILE [--spec DIR] [--crate DIR]";

/// How long a download of the WSDL may take.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);

struct Args {
    wsdl: String,
    report: PathBuf,
    spec: PathBuf,
    krate: PathBuf,
}

fn parse_args(args: &[&str]) -> Result<Args, String> {
    let root = crate::workspace_root();
    let (mut wsdl, mut report) = (None, None);
    let mut spec = root.join("spec");
    let mut krate = root.join("voipms-api");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .map(|v| v.to_string())
                .ok_or(format!("{name} needs a value"))
        };
        match *a {
            "--wsdl" => wsdl = Some(value("--wsdl")?),
            "--report" => report = Some(PathBuf::from(value("--report")?)),
            "--spec" => spec = PathBuf::from(value("--spec")?),
            "--crate" => krate = PathBuf::from(value("--crate")?),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(Args {
        wsdl: wsdl.ok_or("--wsdl is missing")?,
        report: report.ok_or("--report is missing")?,
        spec,
        krate,
    })
}

/// The WSDL's text: downloaded from an `http(s)://` URL, else read from the file.
fn wsdl_text(source: &str) -> Result<String, String> {
    if source.starts_with("https://") || source.starts_with("http://") {
        let client = reqwest::blocking::Client::builder()
            .timeout(DOWNLOAD_TIMEOUT)
            .user_agent(concat!("voipms-api-follow/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        let response = client
            .get(source)
            .send()
            .and_then(reqwest::blocking::Response::error_for_status)
            .map_err(|e| format!("cannot download {source}: {e}"))?;
        return response
            .text()
            .map_err(|e| format!("cannot read {source}: {e}"));
    }
    std::fs::read_to_string(source).map_err(|e| format!("cannot read {source}: {e}"))
}

fn spec_files(dir: &Path) -> Result<Vec<(String, String)>, String> {
    spec::read_files(dir)
        .map_err(|e| format!("cannot read the spec directory {}: {e}", dir.display()))
}

pub fn run(args: &[&str]) -> ExitCode {
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match follow(&args) {
        Ok(summary) => {
            println!("{summary}");
            println!("report written to {}", args.report.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The whole routine; the one-line summary it ends with.
fn follow(args: &Args) -> Result<String, String> {
    let parsed = wsdl::parse(&wsdl_text(&args.wsdl)?).map_err(|e| format!("{}: {e}", args.wsdl))?;
    let before_files = spec_files(&args.spec)?;
    let before = spec::load_files(&before_files).map_err(|d| {
        format!("the spec does not load; fix it first (`cargo xtask spec check`):\n{d}")
    })?;
    let drift = wsdl::check(&before, &parsed);
    let import = wsdl::import_dir(&args.spec, &parsed).map_err(|e| e.to_string())?;
    let after_files = spec_files(&args.spec)?;
    let after = spec::load_files(&after_files).map_err(|d| d.to_string())?;
    let regenerated = generated::ensure(&after, &Target::crate_dir(&args.krate), Mode::Write)
        .map_err(|e| e.to_string())?;
    let mut changes = diff::diff(&before, &after);
    changes.locate(&after_files, "spec");
    let labels = Labels {
        old: "spec (before)".into(),
        new: "spec (after the import)".into(),
    };

    let mut md = String::new();
    let _ = writeln!(md, "## VoIP.ms WSDL follow\n");
    let _ = writeln!(
        md,
        "Source: `{}`: {} operations; the spec had {} functions.\n",
        args.wsdl, drift.operations, drift.functions
    );
    if drift.in_step() && import.is_empty() {
        let _ = writeln!(
            md,
            "The spec is in step with the WSDL: nothing to import, nothing regenerated."
        );
    } else {
        let _ = writeln!(md, "### Imported\n");
        for f in &import.functions {
            let _ = writeln!(
                md,
                "- stub `{}` ({}, {} parameters) in `spec/{}:{}` ({}): **to finish by hand**: summary, parameters, response, then remove `stub: true`",
                f.name,
                f.kind.as_str(),
                f.params,
                f.file,
                f.line,
                f.reason
            );
        }
        for p in &import.params {
            let _ = writeln!(
                md,
                "- parameter `{}.{}` ({}, from {}) in `spec/{}:{}`: check its type, `required` and doc",
                p.function, p.name, p.ty, p.xsd, p.file, p.line
            );
        }
        for f in &import.sources {
            let _ = writeln!(md, "- `{f}`: now in the WSDL (`source: both`)");
        }
        if import.is_empty() {
            let _ = writeln!(md, "Nothing the import adds.");
        }
        let _ = writeln!(
            md,
            "\nRegenerated: {} file(s) of `voipms-api/src/generated` ({} lines in all).\n",
            regenerated.changed.len() + regenerated.extra.len(),
            regenerated.lines
        );
        let _ = writeln!(md, "### Drift the import leaves to a person\n");
        let gone: Vec<&str> = drift
            .absent
            .iter()
            .filter(|a| !a.expected())
            .map(|a| a.name.as_str())
            .collect();
        let removed: Vec<String> = drift
            .params
            .iter()
            .flat_map(|p| p.removed.iter().map(move |r| format!("{}.{r}", p.function)))
            .collect();
        if gone.is_empty() && removed.is_empty() {
            let _ = writeln!(md, "None.");
        }
        for g in gone {
            let _ = writeln!(
                md,
                "- `{g}` is gone from the WSDL: deprecate or remove it in the spec"
            );
        }
        for r in removed {
            let _ = writeln!(md, "- parameter `{r}` is gone from the WSDL");
        }
        let _ = writeln!(md);
        md.push_str(&diff::report::render(&changes, Format::Markdown, &labels));
    }
    std::fs::write(&args.report, &md)
        .map_err(|e| format!("cannot write {}: {e}", args.report.display()))?;
    Ok(format!(
        "follow: {} function(s) and {} parameter(s) imported, {} generated file(s) rewritten; {}",
        import.functions.len(),
        import.params.len(),
        regenerated.changed.len() + regenerated.extra.len(),
        changes.verdict()
    ))
}
