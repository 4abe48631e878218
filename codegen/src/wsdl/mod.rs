//! Keeping the spec in step with the official VoIP.ms WSDL.
//!
//! - [`parse`](mod@parse) reads a WSDL with a real XML parser into operations and parameters;
//! - [`check`](mod@check) compares it with a [`Spec`](crate::spec::Spec): missing operations,
//!   functions the WSDL lacks, parameters added or removed, XSD types worth a look;
//! - [`import`](mod@import) adds what the WSDL has and the spec lacks by editing the YAML text in
//!   place (stub functions marked `stub: true`, appended parameters), never deleting anything.
//!
//! `cargo xtask wsdl check|import` is the command-line front end; the README's "When VoIP.ms changes its API" walks through it.

pub mod check;
pub mod import;
pub mod parse;

pub use check::{Report, check, type_concern};
pub use import::{CategoryChoice, Import, ImportError, choose_category, import_dir, plan};
pub use parse::{Operation, Wsdl, WsdlError, WsdlParam, XsdType, parse, read};
