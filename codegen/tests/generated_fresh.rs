//! The committed bindings are what the committed spec produces (the rust-analyzer pattern):
//! this test fails, naming the stale files, whenever someone edits `spec/` or the generator
//! without running `cargo xtask codegen`. It runs the same check as `cargo xtask codegen --check`.

use std::path::Path;

use voipms_codegen::generated::{self, Mode, Target};
use voipms_codegen::spec;

#[test]
fn committed_bindings_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = spec::load_dir(&root.join("spec")).unwrap_or_else(|d| panic!("{d}"));
    let target = Target::crate_dir(&root.join("voipms-api"));
    let outcome = generated::ensure(&spec, &target, Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        outcome.is_fresh(),
        "generated code is stale: run `cargo xtask codegen`\n  differs: {:?}\n  no longer generated: {:?}",
        outcome.changed,
        outcome.extra
    );
}
