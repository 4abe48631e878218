//! The committed bindings are what the committed spec produces (the rust-analyzer pattern):
//! this test fails, naming the stale files, whenever someone edits `spec/` or the generator
//! without running `cargo xtask codegen`.

use std::path::Path;

use codegen::{emit, spec};

#[test]
fn committed_bindings_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = spec::load_dir(&root.join("spec")).unwrap_or_else(|d| panic!("{d}"));
    let files = emit::generate(&spec).unwrap_or_else(|e| panic!("{e}"));
    let dir = root.join("voipms-api/src/generated");
    let mut stale = Vec::new();
    for f in &files {
        let on_disk = std::fs::read_to_string(dir.join(&f.path)).unwrap_or_default();
        if on_disk != f.contents {
            stale.push(f.path.clone());
        }
    }
    let mut extra: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".rs") && !files.iter().any(|f| &f.path == n))
                .collect()
        })
        .unwrap_or_default();
    extra.sort();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "generated code is stale: run `cargo xtask codegen`\n  differs: {stale:?}\n  no longer generated: {extra:?}"
    );
    let manifest = std::fs::read_to_string(root.join("voipms-api/Cargo.toml")).unwrap_or_default();
    for f in emit::features(&spec) {
        assert!(
            manifest.contains(&format!("\n{f} = []")),
            "voipms-api/Cargo.toml lacks the feature `{f}`: run `cargo xtask codegen`"
        );
    }
}
