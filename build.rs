//! Refuses to build the `voipms` tool when `spec/` changed but the bindings were not
//! regenerated: the digest of `spec/` must equal the one in the generated files' header.
//!
//! Only in the repository: a packaged `voipms` (from a registry) has neither `spec/` nor
//! voipms-api's sources beside it, so nothing is compared and nothing is refused.

use std::path::Path;

// The digest and the header that records it are shared with the generator, without depending
// on it.
include!("build/spec_digest.rs");

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = root.join("spec");
    let generated = root.join("voipms-api/src/generated/mod.rs");
    if !spec.is_dir() || !generated.is_file() {
        println!("cargo::rerun-if-changed=build.rs");
        return;
    }
    println!("cargo::rerun-if-changed=spec");
    println!("cargo::rerun-if-changed=voipms-api/src/generated/mod.rs");
    let files = match read_spec_files(&spec) {
        Ok(f) => f,
        Err(e) => {
            println!("cargo::error=cannot read spec/: {e}");
            return;
        }
    };
    let want = spec_digest(&files);
    let text = std::fs::read_to_string(&generated).unwrap_or_default();
    let have = digest_of(&text);
    if have != Some(want.as_str()) {
        println!(
            "cargo::error=spec/ changed: run cargo xtask codegen (spec digest {want}, generated code has {})",
            have.unwrap_or("no digest header")
        );
    }
}
