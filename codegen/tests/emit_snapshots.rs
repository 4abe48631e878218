//! Snapshot tests of the emitter on a small fixture spec that uses every construct: every type
//! kind, required and optional parameters, value sets, nested responses, acronym names,
//! keywords, aliases, undocumented parameters and empty responses.
//!
//! A change in emitted code shows up here as a reviewable diff; accept it with
//! `UPDATE_EXPECT=1 cargo test -p voipms-codegen --test emit_snapshots`.

use std::path::Path;

use voipms_codegen::emit::{self, GeneratedFile};
use voipms_codegen::spec;

fn generated() -> Vec<GeneratedFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emit");
    let spec = spec::load_dir(&dir).unwrap_or_else(|d| panic!("fixture spec is invalid:\n{d}"));
    emit::generate(&spec).unwrap_or_else(|e| panic!("{e}"))
}

fn file<'a>(files: &'a [GeneratedFile], name: &str) -> &'a str {
    match files.iter().find(|f| f.path == name) {
        Some(f) => &f.contents,
        None => panic!("no generated file {name}"),
    }
}

#[test]
fn emits_the_expected_files() {
    let files = generated();
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "mod.rs",
            "demo.rs",
            "value_sets.rs",
            "errors.rs",
            "meta.rs",
            "examples.rs",
            "dispatch.rs",
            "function_index.rs",
            "updates.rs"
        ]
    );
    for f in &files {
        assert!(
            f.contents.starts_with(emit::HEADER_PREFIX),
            "{} lacks the @generated header",
            f.path
        );
        assert!(emit::digest_of(&f.contents).is_some());
    }
}

#[test]
fn category_module() {
    expect_test::expect_file!["snapshots/emit/demo.rs"].assert_eq(file(&generated(), "demo.rs"));
}

#[test]
fn function_index() {
    expect_test::expect_file!["snapshots/emit/function_index.rs"]
        .assert_eq(file(&generated(), "function_index.rs"));
}

#[test]
fn module_list() {
    expect_test::expect_file!["snapshots/emit/mod.rs"].assert_eq(file(&generated(), "mod.rs"));
}

#[test]
fn value_sets() {
    expect_test::expect_file!["snapshots/emit/value_sets.rs"]
        .assert_eq(file(&generated(), "value_sets.rs"));
}

#[test]
fn error_codes() {
    expect_test::expect_file!["snapshots/emit/errors.rs"]
        .assert_eq(file(&generated(), "errors.rs"));
}

#[test]
fn metadata_table() {
    expect_test::expect_file!["snapshots/emit/meta.rs"].assert_eq(file(&generated(), "meta.rs"));
}

#[test]
fn mock_examples() {
    expect_test::expect_file!["snapshots/emit/examples.rs"]
        .assert_eq(file(&generated(), "examples.rs"));
}

#[test]
fn typed_dispatch() {
    expect_test::expect_file!["snapshots/emit/dispatch.rs"]
        .assert_eq(file(&generated(), "dispatch.rs"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(generated(), generated());
}
