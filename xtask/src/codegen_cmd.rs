//! `cargo xtask codegen [--check]`: regenerate `voipms-api/src/generated/` from `spec/`.
//!
//! Regeneration is all-or-nothing: the spec is loaded and every file emitted in memory first, so
//! a spec error leaves every generated file as it was. Only files whose bytes changed are
//! written, each through a temporary file and a rename. The `[features]` block of
//! `voipms-api/Cargo.toml` between its `@generated` markers is kept in step with the categories.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{emit, spec};

const FEATURES_BEGIN: &str = "# @generated features begin (cargo xtask codegen)";
const FEATURES_END: &str = "# @generated features end";

/// Paths the command reads and writes.
pub struct Paths {
    /// The spec directory.
    pub spec: PathBuf,
    /// The generated directory (`voipms-api/src/generated`).
    pub out: PathBuf,
    /// The client crate's manifest.
    pub manifest: PathBuf,
}

impl Paths {
    fn from_args(args: &[&str]) -> Result<(Paths, bool), String> {
        let root = crate::workspace_root();
        let mut p = Paths {
            spec: root.join("spec"),
            out: root.join("voipms-api/src/generated"),
            manifest: root.join("voipms-api/Cargo.toml"),
        };
        let mut check = false;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match *a {
                "--check" => check = true,
                "--spec" => p.spec = PathBuf::from(it.next().ok_or("--spec needs a directory")?),
                "--crate" => {
                    let dir = PathBuf::from(it.next().ok_or("--crate needs a directory")?);
                    p.out = dir.join("src/generated");
                    p.manifest = dir.join("Cargo.toml");
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok((p, check))
    }
}

/// Every file the spec produces: (absolute path, contents).
fn plan(paths: &Paths, spec: &spec::Spec) -> Result<Vec<(PathBuf, String)>, String> {
    let files = emit::generate(spec).map_err(|e| e.to_string())?;
    let mut out: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| (paths.out.join(&f.path), f.contents))
        .collect();
    let manifest = std::fs::read_to_string(&paths.manifest)
        .map_err(|e| format!("cannot read {}: {e}", paths.manifest.display()))?;
    out.push((
        paths.manifest.clone(),
        with_features(&manifest, &emit::features(spec))?,
    ));
    Ok(out)
}

/// `manifest` with its generated features block rewritten.
fn with_features(manifest: &str, features: &[String]) -> Result<String, String> {
    let (Some(b), Some(e)) = (manifest.find(FEATURES_BEGIN), manifest.find(FEATURES_END)) else {
        return Err(format!(
            "voipms-api/Cargo.toml lacks the `{FEATURES_BEGIN}` / `{FEATURES_END}` markers"
        ));
    };
    let mut block = format!("{FEATURES_BEGIN}\n");
    let all: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    block.push_str(&format!("all-categories = [{}]\n", all.join(", ")));
    for f in features {
        block.push_str(&format!("{f} = []\n"));
    }
    Ok(format!("{}{block}{}", &manifest[..b], &manifest[e..]))
}

/// Generated `.rs` files on disk that the spec no longer produces.
fn stale_extras(out: &Path, planned: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let keep: BTreeSet<&PathBuf> = planned.iter().map(|(p, _)| p).collect();
    let Ok(rd) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && !keep.contains(p))
        .collect();
    v.sort();
    v
}

fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path)
}

pub fn run(args: &[&str]) -> ExitCode {
    let (paths, check) = match Paths::from_args(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!(
                "error: {e}\nusage: cargo xtask codegen [--check] [--spec DIR] [--crate DIR]"
            );
            return ExitCode::from(2);
        }
    };
    let spec = match spec::load_dir(&paths.spec) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}\nno file was written");
            return ExitCode::from(2);
        }
    };
    let planned = match plan(&paths, &spec) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}\nno file was written");
            return ExitCode::from(2);
        }
    };
    let changed: Vec<&(PathBuf, String)> = planned
        .iter()
        .filter(|(p, c)| std::fs::read_to_string(p).ok().as_deref() != Some(c.as_str()))
        .collect();
    let extras = stale_extras(&paths.out, &planned);
    if check {
        if changed.is_empty() && extras.is_empty() {
            println!("generated code is up to date ({} files)", planned.len());
            return ExitCode::SUCCESS;
        }
        for (p, _) in &changed {
            eprintln!("stale: {}", p.display());
        }
        for p in &extras {
            eprintln!("stale (no longer generated): {}", p.display());
        }
        eprintln!("generated code is out of date: run `cargo xtask codegen`");
        return ExitCode::from(1);
    }
    for (p, c) in &changed {
        if let Err(e) = write_atomically(p, c) {
            eprintln!("error: cannot write {}: {e}", p.display());
            return ExitCode::from(2);
        }
        println!("wrote {}", p.display());
    }
    for p in &extras {
        if let Err(e) = std::fs::remove_file(p) {
            eprintln!("error: cannot remove {}: {e}", p.display());
            return ExitCode::from(2);
        }
        println!("removed {}", p.display());
    }
    let lines: usize = planned
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "rs"))
        .map(|(_, c)| c.lines().count())
        .sum();
    println!(
        "{} functions -> {} files ({} lines), {} changed",
        spec.functions.len(),
        planned.len(),
        lines,
        changed.len() + extras.len()
    );
    ExitCode::SUCCESS
}
