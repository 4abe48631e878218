//! The spec: what `spec/` says about the VoIP.ms API, loaded and validated.
//!
//! [`load_dir`] reads a spec directory, [`load_files`] reads in-memory files (for example a git
//! revision). Either returns a fully validated [`Spec`] or every problem found, each located by
//! file, YAML path and line ([`Diagnostic`]).

pub mod callbacks;
mod diagnostic;
pub mod dump;
mod locate;
pub mod probe;
mod raw;
mod shape;
mod ty;
mod update_from;
mod validate;
pub(crate) mod yaml_text;

pub use callbacks::{BodyForm, Callback, CallbackField, ConfiguredBy, FieldSource, Method};
pub use update_from::UpdateFrom;
pub(crate) use update_from::record_fields;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use locate::locate;
pub use ty::{BoolForm, Fit, Type, TypeSyntaxError};

use std::path::Path;

/// The value sets' file, relative to the spec directory.
pub const TYPES_FILE: &str = "types.yaml";
/// The status codes' file, relative to the spec directory.
pub const ERRORS_FILE: &str = "errors.yaml";
/// The directory of the category files (`functions/<feature>.yaml`), relative to the spec
/// directory.
pub const FUNCTIONS_DIR: &str = "functions/";

/// A validated spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Categories in file order (the documentation's order when files follow it).
    pub categories: Vec<Category>,
    /// Every function, grouped by category in category order, documentation order inside.
    pub functions: Vec<Function>,
    /// Named value sets, in file order.
    pub value_sets: Vec<ValueSet>,
    /// Every documented status code, in file order.
    pub errors: Vec<ErrorDef>,
    /// What VoIP.ms sends to the account holder's server (`callbacks.yaml`), in file order.
    pub callbacks: Vec<Callback>,
    /// Fingerprint of the spec files (see [`crate::digest`]).
    pub digest: String,
    /// The spec files it was read from, `(path relative to the spec directory, contents)`: each
    /// generated file's header digests the ones it is made from.
    pub files: Vec<(String, Vec<u8>)>,
}

/// A documentation category: one file under `spec/functions/`, one cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The documentation's name (`Call Detail Records`).
    pub name: String,
    /// The cargo feature and module name (`cdr`).
    pub feature: String,
    /// The file it came from, relative to the spec directory.
    pub file: String,
}

/// What calling a function does, which decides whether it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Only reads (get*, search*): safe to retry.
    Read,
    /// Changes account state (set*, del*, create*...): not retried automatically.
    Write,
    /// Spends money or sends something (order*, send*, backOrder*): never retried.
    Spend,
}

impl Kind {
    /// The spec spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Read => "read",
            Kind::Write => "write",
            Kind::Spend => "spend",
        }
    }
}

/// Which sources describe a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The documentation's function list and the WSDL.
    #[default]
    Both,
    /// Only the documentation (no WSDL operation).
    Documentation,
    /// Only the WSDL (not in the documentation's list).
    Wsdl,
}

impl Source {
    /// The spec spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Both => "both",
            Source::Documentation => "documentation",
            Source::Wsdl => "wsdl",
        }
    }
}

/// One API function.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Exact wire name (`sendSMS`).
    pub name: String,
    /// Category name.
    pub category: String,
    /// Category feature / module name.
    pub feature: String,
    /// File it came from, relative to the spec directory.
    pub file: String,
    /// Read, write or spend.
    pub kind: Kind,
    /// Which sources describe it.
    pub source: Source,
    /// The documentation's description.
    pub summary: String,
    /// Parameters in documentation order (empty when [`Function::params_undocumented`]).
    pub params: Vec<Param>,
    /// No source names the parameters: callers pass an open map.
    pub params_undocumented: bool,
    /// The response fields (without `status`); `None` when no sample output is documented.
    pub response: Option<Vec<Field>>,
    /// A documented limit on a date range between two parameters.
    pub date_range: Option<DateRange>,
    /// The record listings report their `timestamp` fields shifted by a parameter's number of
    /// hours + 5 (observed).
    pub timezone_shift: Option<TimezoneShift>,
    /// Marked for removal; a later removal is not a breaking surprise.
    pub deprecated: bool,
    /// Reviewer's note (why a deviation from the sources).
    pub note: Option<String>,
    /// A stub imported from the WSDL (`stub: true`) whose summary, parameters and response are
    /// still to be written; `cargo xtask spec check` warns about each.
    pub stub: bool,
    /// For a setter that replaces an existing record: where the current record is read.
    pub update_from: Option<UpdateFrom>,
    /// For a read: how `voipms probe` calls it on a user's account, or why it does not
    /// (`None` for writes and spends, which it never calls).
    pub probe: Option<probe::Probe>,
}

impl Function {
    /// The parameter with this wire name (or alias).
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.name == name || p.aliases.iter().any(|a| a == name))
    }

    /// The value sets its parameters and response refer to, in order of appearance (a set
    /// may appear more than once).
    pub fn value_sets(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .params
            .iter()
            .filter_map(|p| p.ty.value_set())
            .collect();
        out.extend(value_sets_in(self.response.as_deref().unwrap_or_default()));
        out
    }
}

/// The value sets response fields refer to, anywhere inside them.
pub fn value_sets_in(fields: &[Field]) -> Vec<&str> {
    fn walk<'a>(shape: &'a Shape, out: &mut Vec<&'a str>) {
        match shape {
            Shape::Scalar { ty, .. } => out.extend(ty.value_set()),
            Shape::Object(fields) => fields.iter().for_each(|f| walk(&f.shape, out)),
            Shape::List(inner) | Shape::Map(inner) => walk(inner, out),
        }
    }
    let mut out = Vec::new();
    for f in fields {
        walk(&f.shape, &mut out);
    }
    out
}

/// How a record listing shifts the timestamps it reports: by `param + 5` hours, the number sent
/// (or `omitted` when it is not sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimezoneShift {
    /// The decimal parameter holding the number of hours (`timezone`).
    pub param: String,
    /// The number VoIP.ms takes when the parameter is not sent, if known.
    pub omitted: Option<String>,
    /// Where the fact comes from.
    pub note: Option<String>,
}

/// A documented limit on the distance between two date parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    /// The parameter holding the start.
    pub from: String,
    /// The parameter holding the end.
    pub to: String,
    /// The largest allowed distance in days.
    pub max_days: u32,
    /// The response field holding the records (a list of objects), which a long range
    /// concatenates window by window.
    pub records: String,
}

/// One request parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Wire name.
    pub name: String,
    /// Type, including its wire form.
    pub ty: Type,
    /// Whether the call fails without it.
    pub required: bool,
    /// The documentation's description.
    pub doc: String,
    /// The documentation's example value.
    pub example: Option<String>,
    /// "Values from getX": the function that lists accepted values.
    pub values_from: Option<String>,
    /// Smallest accepted number.
    pub min: Option<i64>,
    /// Largest accepted number.
    pub max: Option<i64>,
    /// Longest accepted text, in characters.
    pub max_length: Option<u32>,
    /// Other wire names the sources give for this parameter; the value is sent under each.
    pub aliases: Vec<String>,
    /// Reviewer's note (why a deviation from the sources).
    pub note: Option<String>,
    /// Marked for removal.
    pub deprecated: bool,
}

/// A response field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name.
    pub name: String,
    /// Its shape.
    pub shape: Shape,
    /// The value is a secret (a password, a PIN): the CLI masks it unless asked not to.
    pub secret: bool,
}

/// The shape of a response value.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A single value.
    Scalar {
        /// Its type.
        ty: Type,
        /// A sample value from the documentation.
        example: Option<String>,
    },
    /// An object with named fields.
    Object(Vec<Field>),
    /// A list of values.
    List(Box<Shape>),
    /// An object keyed by arbitrary strings.
    Map(Box<Shape>),
}

/// A named set of wire values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueSet {
    /// The set's name (`DtmfMode`), used by `enum(DtmfMode)`.
    pub name: String,
    /// What it is.
    pub doc: String,
    /// The accepted values.
    pub values: Vec<EnumValue>,
}

/// One value of a value set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The exact wire string.
    pub wire: String,
    /// Rust variant name (explicit, or derived from the wire string).
    pub name: String,
    /// What it means.
    pub doc: Option<String>,
}

/// A documented status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDef {
    /// The wire code (`invalid_did`).
    pub code: String,
    /// The documentation's description.
    pub description: String,
    /// The code means "nothing to list", not a failure.
    pub empty_list: bool,
    /// The condition is transient: the same call may succeed later (rate limits).
    pub retryable: bool,
    /// Where a code the error table lacks comes from (an observed answer, a public report).
    pub note: Option<String>,
}

impl Spec {
    /// The function with this wire name.
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }

    /// The value set with this name.
    pub fn value_set(&self, name: &str) -> Option<&ValueSet> {
        self.value_sets.iter().find(|v| v.name == name)
    }

    /// Number of parameter names, counting aliases as names of their own.
    pub fn param_name_count(&self) -> usize {
        self.functions
            .iter()
            .flat_map(|f| &f.params)
            .map(|p| 1 + p.aliases.len())
            .sum()
    }
}

/// Loads and validates the spec directory `dir` (`types.yaml`, `errors.yaml`, `functions/*.yaml`,
/// optionally `callbacks.yaml`).
pub fn load_dir(dir: &Path) -> Result<Spec, Diagnostics> {
    let files = crate::digest::read_spec_files(dir).map_err(|e| {
        Diagnostics(vec![Diagnostic::new(
            dir.display().to_string(),
            "",
            None,
            format!("cannot read the spec directory: {e}"),
        )])
    })?;
    let files: Vec<(String, String)> = files
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect();
    load_files(&files).map_err(|mut d| {
        // Name files as the user would find them.
        for diag in &mut d.0 {
            diag.file = dir.join(&diag.file).display().to_string();
        }
        d
    })
}

/// Reads every spec file under `dir` as `(path relative to dir, text)`, the form
/// [`load_files`] takes (an error for a file that is not UTF-8).
pub fn read_files(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    yaml_text::read_dir(dir)
}

/// Loads and validates a spec from `(path relative to the spec directory, contents)` pairs.
pub fn load_files(files: &[(String, String)]) -> Result<Spec, Diagnostics> {
    validate::load(files)
}
