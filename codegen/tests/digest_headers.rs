//! The header rule the root `build.rs` applies (`digest::stale`): each generated file names the
//! spec files it is made from, and is stale exactly when one of them changed or a spec file is
//! one no generated file is made from.

use std::path::Path;

use voipms_codegen::digest::{self, stale};
use voipms_codegen::{emit, spec};

/// Spec files, `(path, contents)`.
type SpecFiles = Vec<(String, Vec<u8>)>;
/// Generated files, `(name, contents)`.
type Generated = Vec<(String, String)>;

/// The fixture spec's files and what the generator makes of them, as `build.rs` reads them.
fn fixture() -> (SpecFiles, Generated) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emit");
    let files = digest::read_spec_files(&dir).unwrap_or_else(|e| panic!("{e}"));
    let spec = spec::load_dir(&dir).unwrap_or_else(|d| panic!("{d}"));
    let generated = emit::generate(&spec)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    (files, generated)
}

fn edit(files: &mut [(String, Vec<u8>)], path: &str) {
    let file = files
        .iter_mut()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path}"));
    file.1.extend_from_slice(b"\n# edited\n");
}

#[test]
fn fresh_output_is_not_stale() {
    let (files, generated) = fixture();
    assert_eq!(stale(&files, &generated), Vec::<String>::new());
}

#[test]
fn an_edited_category_file_makes_only_its_module_stale() {
    let (mut files, generated) = fixture();
    edit(&mut files, "functions/demo.yaml");
    let problems = stale(&files, &generated);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("demo.rs "), "{problems:?}");
}

#[test]
fn an_edited_shared_file_makes_every_file_made_from_it_stale() {
    let (mut files, generated) = fixture();
    edit(&mut files, "types.yaml");
    let problems = stale(&files, &generated);
    let names: Vec<&str> = problems
        .iter()
        .filter_map(|p| p.split_whitespace().next())
        .collect();
    assert_eq!(names, ["demo.rs", "value_sets.rs"], "{problems:?}");
}

#[test]
fn a_new_category_file_is_stale_until_generated() {
    let (mut files, generated) = fixture();
    files.push(("functions/extra.yaml".into(), b"category: Extra\n".to_vec()));
    let problems = stale(&files, &generated);
    // mod.rs lists the categories by file name; the new file has no module yet.
    assert!(
        problems.iter().any(|p| p.starts_with("mod.rs ")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p == "no generated file is made from spec/functions/extra.yaml"),
        "{problems:?}"
    );
}

#[test]
fn a_deleted_source_or_a_file_without_header_is_stale() {
    let (mut files, mut generated) = fixture();
    files.retain(|(p, _)| p != "errors.yaml");
    generated.push(("stray.rs".into(), "// hand-written\n".into()));
    let problems = stale(&files, &generated);
    assert!(
        problems.iter().any(|p| p.starts_with("errors.rs ")),
        "{problems:?}"
    );
    assert!(problems.contains(&"stray.rs has no spec digest header".to_string()));
}

#[test]
fn the_header_names_its_sources() {
    let (_, generated) = fixture();
    let demo = &generated
        .iter()
        .find(|(n, _)| n == "demo.rs")
        .unwrap_or_else(|| panic!("demo.rs"))
        .1;
    assert_eq!(
        digest::sources_of(demo),
        Some(vec!["functions/demo.yaml", "types.yaml", "errors.yaml"])
    );
}
