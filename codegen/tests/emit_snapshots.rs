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
    assert_eq!(names, ["mod.rs", "demo.rs", "value_sets.rs", "errors.rs"]);
    for f in &files {
        assert!(
            f.contents.starts_with(emit::HEADER_PREFIX),
            "{} lacks the @generated header",
            f.path
        );
        assert!(emit::digest_of(&f.contents).is_some());
        assert!(emit::sources_of(&f.contents).is_some_and(|s| !s.is_empty()));
    }
}

/// The category module carries the category's metadata rows, decoders, sample answers (feature
/// `mock`), updates and index section beside its types.
#[test]
fn category_module() {
    expect_test::expect_file!["snapshots/emit/demo.rs"].assert_eq(file(&generated(), "demo.rs"));
}

/// The module list, the table of enabled categories, the function index page and the
/// every-request / every-update macros, assembled from the category modules.
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

/// A new function changes its category's file alone: no other file, no digest elsewhere.
#[test]
fn a_new_function_changes_only_its_category_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emit");
    let mut texts = spec::read_files(&dir).unwrap_or_else(|e| panic!("{e}"));
    let demo = texts
        .iter_mut()
        .find(|(p, _)| p == "functions/demo.yaml")
        .unwrap_or_else(|| panic!("the fixture has functions/demo.yaml"));
    demo.1.push_str(
        "\n  - name: getNewThing\n    kind: read\n    summary: \"Retrieves the new thing\"\n    params: []\n    response:\n      thing: {type: \"string\", example: \"x\"}\n",
    );
    let spec = spec::load_files(&texts).unwrap_or_else(|d| panic!("{d}"));
    let after = emit::generate(&spec).unwrap_or_else(|e| panic!("{e}"));
    let before = generated();
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, _)| b.path.as_str())
        .collect();
    assert_eq!(changed, ["demo.rs"]);
    assert!(file(&after, "demo.rs").contains("getNewThing"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(generated(), generated());
}
