//! The generated files on disk: one function, [`ensure`], either writes what the spec produces or
//! checks that the files already hold it (rust-analyzer's `ensure_file_contents`). `cargo xtask
//! codegen [--check]` and the `generated_fresh` test both call it, so they cannot disagree on what
//! "fresh" means. The root `build.rs`, which cannot depend on this crate, compares only the spec
//! digest in the header ([`crate::digest::digest_of`]).
//!
//! Writing is all-or-nothing: every file is emitted in memory first, so an error leaves every
//! file as it was. Only files whose bytes differ are written, each through a temporary file and
//! a rename. The `[features]` block of the crate's manifest between its `@generated` markers is
//! kept in step with the categories.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::emit::{self, EmitError};
use crate::spec::Spec;

/// The line that opens the generated features block of the crate's manifest.
pub const FEATURES_BEGIN: &str = "# @generated features begin (cargo xtask codegen)";
/// The line that closes it.
pub const FEATURES_END: &str = "# @generated features end";

/// Where the generated crate is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The generated directory (`voipms-api/src/generated`).
    pub out: PathBuf,
    /// The crate's manifest (`voipms-api/Cargo.toml`).
    pub manifest: PathBuf,
}

impl Target {
    /// The generated parts of the crate in `dir`.
    pub fn crate_dir(dir: &Path) -> Target {
        Target {
            out: dir.join("src/generated"),
            manifest: dir.join("Cargo.toml"),
        }
    }
}

/// Whether [`ensure`] writes the files or only compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files that differ, remove `.rs` files no longer generated.
    Write,
    /// Change nothing; report what differs.
    Check,
}

/// What [`ensure`] found (and, in [`Mode::Write`], did).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// How many files the spec produces, the manifest included.
    pub files: usize,
    /// Lines of generated Rust.
    pub lines: usize,
    /// Files whose contents differ from what the spec produces (written in [`Mode::Write`]).
    pub changed: Vec<PathBuf>,
    /// Generated `.rs` files the spec no longer produces (removed in [`Mode::Write`]).
    pub extra: Vec<PathBuf>,
}

impl Outcome {
    /// Nothing differed.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.extra.is_empty()
    }
}

/// Why the generated files could not be produced, read or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The emitter produced invalid Rust.
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// The manifest lacks the generated features block.
    #[error("{} lacks the `{FEATURES_BEGIN}` / `{FEATURES_END}` markers", .0.display())]
    NoFeatureMarkers(PathBuf),
    /// A file could not be read: nothing was written.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file could not be written or removed: files before it may have been.
    #[error("cannot {action} {}: {source}", path.display())]
    Update {
        /// `write` or `remove`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl Error {
    /// Whether every file was left as it was.
    pub fn wrote_nothing(&self) -> bool {
        !matches!(self, Error::Update { .. })
    }
}

fn update_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Update {
        action,
        path,
        source,
    }
}

/// Makes the generated files of `target` what `spec` produces ([`Mode::Write`]), or reports
/// which are not ([`Mode::Check`]).
pub fn ensure(spec: &Spec, target: &Target, mode: Mode) -> Result<Outcome, Error> {
    let planned = plan(spec, target)?;
    let extra = extra_files(&target.out, &planned);
    let mut changed = Vec::new();
    for (path, contents) in &planned {
        if ensure_file_contents(path, contents, mode)? {
            changed.push(path.clone());
        }
    }
    if mode == Mode::Write {
        for path in &extra {
            std::fs::remove_file(path).map_err(update_error("remove", path))?;
        }
    }
    let lines = planned
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "rs"))
        .map(|(_, c)| c.lines().count())
        .sum();
    Ok(Outcome {
        files: planned.len(),
        lines,
        changed,
        extra,
    })
}

/// Whether `path` differs from `contents` (a missing file differs); in [`Mode::Write`] it is then
/// written, through a temporary file and a rename.
pub fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|on_disk| on_disk == contents.as_bytes()) {
        return Ok(false);
    }
    if mode == Mode::Write {
        write_atomically(path, contents).map_err(update_error("write", path))?;
    }
    Ok(true)
}

/// Every file the spec produces: (path, contents).
fn plan(spec: &Spec, target: &Target) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut out: Vec<(PathBuf, String)> = emit::generate(spec)?
        .into_iter()
        .map(|f| (target.out.join(&f.path), f.contents))
        .collect();
    let manifest = std::fs::read_to_string(&target.manifest).map_err(|source| Error::Read {
        path: target.manifest.clone(),
        source,
    })?;
    let features = with_features(&manifest, &emit::features(spec))
        .ok_or_else(|| Error::NoFeatureMarkers(target.manifest.clone()))?;
    out.push((target.manifest.clone(), features));
    Ok(out)
}

/// `manifest` with its generated features block rewritten, if it has the markers.
fn with_features(manifest: &str, features: &[String]) -> Option<String> {
    let b = manifest.find(FEATURES_BEGIN)?;
    let e = manifest.find(FEATURES_END)?;
    let mut block = format!("{FEATURES_BEGIN}\n");
    let all: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    block.push_str(&format!("all-categories = [{}]\n", all.join(", ")));
    for f in features {
        block.push_str(&format!("{f} = []\n"));
    }
    Some(format!("{}{block}{}", &manifest[..b], &manifest[e..]))
}

/// Generated `.rs` files on disk that the spec no longer produces.
fn extra_files(out: &Path, planned: &[(PathBuf, String)]) -> Vec<PathBuf> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_and_write_fixes_one_file() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("sub/file.rs");
        assert!(ensure_file_contents(&path, "new", Mode::Check).expect("check"));
        assert!(!path.exists(), "check mode writes nothing");
        assert!(ensure_file_contents(&path, "new", Mode::Write).expect("write"));
        assert_eq!(std::fs::read_to_string(&path).expect("written"), "new");
        assert!(!ensure_file_contents(&path, "new", Mode::Check).expect("check"));
        assert!(!ensure_file_contents(&path, "new", Mode::Write).expect("write"));
    }

    #[test]
    fn features_block_is_rewritten_between_markers() {
        let manifest = format!(
            "[package]\n\n[features]\n{FEATURES_BEGIN}\nold = []\n{FEATURES_END}\nmock = []\n"
        );
        let got = with_features(&manifest, &["cdr".into(), "dids".into()]).expect("markers");
        assert_eq!(
            got,
            format!(
                "[package]\n\n[features]\n{FEATURES_BEGIN}\nall-categories = [\"cdr\", \"dids\"]\ncdr = []\ndids = []\n{FEATURES_END}\nmock = []\n"
            )
        );
        assert_eq!(with_features("[package]\n", &[]), None);
    }
}
