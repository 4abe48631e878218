//! The voipms-api code generator library.
//!
//! - [`spec`] loads `spec/` (YAML), validates it and reports located errors;
//! - [`model`] lowers the spec to the generated Rust API (names and types decided once);
//! - [`names`] turns wire names into acronym-aware Rust names;
//! - [`digest`] fingerprints the spec so stale bindings can be detected;
//! - [`emit`] turns the spec into Rust, [`generated`] writes or checks the files on disk;
//! - [`conformance`] checks saved response bodies against the spec and suggests spec edits;
//! - [`diff`] classifies every change between two spec revisions;
//! - [`wsdl`] compares the spec with the official WSDL and imports what it lacks.

pub mod conformance;
pub mod diff;
/// A stable fingerprint of the spec directory, also used by the root `build.rs`. The file lives
/// in the root package so that package can be built on its own (from a registry).
#[path = "../../build/spec_digest.rs"]
pub mod digest;
pub mod emit;
pub mod generated;
pub mod model;
pub mod names;
pub mod spec;
pub mod wsdl;
