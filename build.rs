//! Refuses to build the `voipms` tool when `spec/` changed but the bindings were not
//! regenerated: each generated file's header names the spec files it was made from and their
//! digest, which must still match, and every spec file must be one some generated file is made
//! from.
//!
//! Only in the repository: a packaged `voipms` (from a registry) has neither `spec/` nor
//! voipms-api's sources beside it, so nothing is compared and nothing is refused.

use std::io::BufRead;
use std::path::Path;

// The digest and the header that records it are shared with the generator, without depending
// on it.
include!("build/spec_digest.rs");

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = root.join("spec");
    let generated = root.join("voipms-api/src/generated");
    if !spec.is_dir() || !generated.is_dir() {
        println!("cargo::rerun-if-changed=build.rs");
        return;
    }
    println!("cargo::rerun-if-changed=spec");
    println!("cargo::rerun-if-changed=voipms-api/src/generated");
    let files = match read_spec_files(&spec) {
        Ok(f) => f,
        Err(e) => {
            println!("cargo::error=cannot read spec/: {e}");
            return;
        }
    };
    let headers = match first_lines(&generated) {
        Ok(h) => h,
        Err(e) => {
            println!("cargo::error=cannot read {}: {e}", generated.display());
            return;
        }
    };
    for problem in stale(&files, &headers) {
        println!("cargo::error=spec/ changed: run cargo xtask codegen ({problem})");
    }
}

/// `(file name, first line)` of every generated `.rs` file: the header is all that is compared.
fn first_lines(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let mut line = String::new();
            std::io::BufReader::new(std::fs::File::open(&path)?).read_line(&mut line)?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            out.push((name.unwrap_or_default(), line));
        }
    }
    out.sort();
    Ok(out)
}
