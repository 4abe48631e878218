//! The drift report: what the WSDL says that the spec does not, and the other way round.
//!
//! Drift (the spec is out of step, `cargo xtask wsdl check` exits 1):
//! - an operation the spec lacks;
//! - a spec function the WSDL lacks, unless it is `source: documentation`;
//! - a `source: documentation` function the WSDL now has;
//! - a WSDL parameter its spec function lacks (an alias counts as the same parameter);
//! - a spec parameter the WSDL lacks in a `source: wsdl` function (nothing else can name it).
//!
//! Shown but expected: documentation-only functions, and spec parameters the WSDL lacks in
//! functions the documentation also describes (the documentation names parameters the WSDL does
//! not; the spec does not mark them, so such a parameter is listed as documentation-only).
//!
//! Advisory (listed, never drift): XSD types that disagree with the spec's type in a way worth a
//! look, per [`type_concern`]. The WSDL's types are advisory (phone numbers and ids are
//! `xsd:integer`, most flags `xsd:integer` or `xsd:string`), so only disagreements that could
//! change what reaches the wire are listed, and a parameter whose `note:` mentions the WSDL is
//! taken as reviewed.

use std::fmt::Write as _;

use super::import::{CategoryChoice, choose_category};
use super::parse::{Wsdl, WsdlParam, XsdType};
use crate::spec::{Source, Spec, Type};

/// The comparison of a WSDL with a spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Number of WSDL operations.
    pub operations: usize,
    /// Number of spec functions.
    pub functions: usize,
    /// Operations the spec lacks, in WSDL order.
    pub missing: Vec<MissingFunction>,
    /// Spec functions the WSDL lacks, in spec order.
    pub absent: Vec<AbsentFunction>,
    /// `source: documentation` functions that the WSDL now has.
    pub now_in_wsdl: Vec<String>,
    /// Per-function parameter differences, in spec order (functions without any are left out).
    pub params: Vec<ParamDrift>,
    /// Type disagreements worth a look (advisory).
    pub types: Vec<TypeNote>,
}

/// A WSDL operation the spec lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingFunction {
    /// Operation name.
    pub name: String,
    /// Its parameters.
    pub params: Vec<WsdlParam>,
    /// Where `wsdl import` would put its stub.
    pub category: Option<CategoryChoice>,
}

/// A spec function the WSDL lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsentFunction {
    /// Function name.
    pub name: String,
    /// Its spec file.
    pub file: String,
    /// Its declared source.
    pub source: Source,
}

impl AbsentFunction {
    /// Documentation-only functions have no WSDL operation by definition.
    pub fn expected(&self) -> bool {
        self.source == Source::Documentation
    }
}

/// Parameter differences of one function present on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamDrift {
    /// Function name.
    pub function: String,
    /// Its spec file.
    pub file: String,
    /// WSDL parameters the spec function lacks (drift).
    pub added: Vec<WsdlParam>,
    /// Spec parameters the WSDL lacks in a `source: wsdl` function (drift).
    pub removed: Vec<String>,
    /// Spec parameters the WSDL lacks in a function the documentation describes (expected).
    pub documentation_only: Vec<String>,
}

impl ParamDrift {
    /// Added or removed parameters.
    pub fn is_drift(&self) -> bool {
        !self.added.is_empty() || !self.removed.is_empty()
    }
}

/// A type disagreement worth a look.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeNote {
    /// Function name.
    pub function: String,
    /// Spec parameter name.
    pub param: String,
    /// The WSDL's type.
    pub xsd: XsdType,
    /// The spec's type.
    pub spec: Type,
    /// Why it is worth a look.
    pub why: &'static str,
}

/// Whether the spec type `ty` disagrees with the WSDL's `xsd` in a way worth a look.
///
/// | WSDL | spec types that agree | otherwise |
/// | --- | --- | --- |
/// | `xsd:boolean` | `bool(...)` | the WSDL says it is a flag |
/// | `xsd:decimal` | `decimal`, `string` | the spec cannot carry a fraction (money, rates) |
/// | `xsd:integer` | `integer`, `id`, `phone`, `string`, `enum(...)`, `bool(...)` | `decimal`: may send a fraction; `date`, `datetime`, `routing`, `list(...)`: sends text where a number is expected |
/// | `xsd:string` and others | anything | (the WSDL's catch-all) |
///
/// `xsd:integer` against `phone`, `id`, `string` (PINs, digits with leading zeros) or a bool in
/// any wire form is the WSDL's usual imprecision and is not listed.
pub fn type_concern(xsd: &XsdType, ty: &Type) -> Option<&'static str> {
    match (xsd, ty) {
        (XsdType::Boolean, Type::Bool(_)) => None,
        (XsdType::Boolean, _) => Some("the WSDL types it as a flag"),
        (XsdType::Decimal, Type::Decimal | Type::String) => None,
        (XsdType::Decimal, _) => Some("the WSDL allows a fraction, the spec type cannot carry one"),
        (XsdType::Integer, Type::Decimal) => {
            Some("the spec may send a fraction where the WSDL expects a whole number")
        }
        (XsdType::Integer, Type::Date | Type::DateTime | Type::Routing | Type::List { .. }) => {
            Some("the spec sends text where the WSDL expects a whole number")
        }
        _ => None,
    }
}

/// Compares `wsdl` with `spec`.
pub fn check(spec: &Spec, wsdl: &Wsdl) -> Report {
    let missing = wsdl
        .operations
        .iter()
        .filter(|op| spec.function(&op.name).is_none())
        .map(|op| MissingFunction {
            name: op.name.clone(),
            params: op.params.clone(),
            category: choose_category(spec, &op.name),
        })
        .collect();
    let mut absent = Vec::new();
    let mut now_in_wsdl = Vec::new();
    let mut params = Vec::new();
    let mut types = Vec::new();
    for f in &spec.functions {
        let Some(op) = wsdl.operation(&f.name) else {
            absent.push(AbsentFunction {
                name: f.name.clone(),
                file: f.file.clone(),
                source: f.source,
            });
            continue;
        };
        if f.source == Source::Documentation {
            now_in_wsdl.push(f.name.clone());
        }
        let added: Vec<WsdlParam> = op
            .params
            .iter()
            .filter(|wp| f.param(&wp.name).is_none())
            .cloned()
            .collect();
        let mut removed = Vec::new();
        let mut documentation_only = Vec::new();
        for p in &f.params {
            let in_wsdl = std::iter::once(&p.name)
                .chain(&p.aliases)
                .any(|n| op.param(n).is_some());
            if in_wsdl {
                continue;
            }
            if f.source == Source::Wsdl {
                removed.push(p.name.clone());
            } else {
                documentation_only.push(p.name.clone());
            }
        }
        if !added.is_empty() || !removed.is_empty() || !documentation_only.is_empty() {
            params.push(ParamDrift {
                function: f.name.clone(),
                file: f.file.clone(),
                added,
                removed,
                documentation_only,
            });
        }
        for wp in &op.params {
            let Some(p) = f.param(&wp.name) else {
                continue;
            };
            let reviewed = p.note.as_deref().is_some_and(|n| n.contains("WSDL"));
            if reviewed {
                continue;
            }
            if let Some(why) = type_concern(&wp.xsd, &p.ty) {
                types.push(TypeNote {
                    function: f.name.clone(),
                    param: p.name.clone(),
                    xsd: wp.xsd.clone(),
                    spec: p.ty.clone(),
                    why,
                });
            }
        }
    }
    Report {
        operations: wsdl.operations.len(),
        functions: spec.functions.len(),
        missing,
        absent,
        now_in_wsdl,
        params,
        types,
    }
}

impl Report {
    /// No drift (advisory type notes and expected differences do not count).
    pub fn in_step(&self) -> bool {
        self.missing.is_empty()
            && self.absent.iter().all(AbsentFunction::expected)
            && self.now_in_wsdl.is_empty()
            && !self.params.iter().any(ParamDrift::is_drift)
    }

    /// Counts of each kind of drift, for the summary line.
    fn drift_summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if !self.missing.is_empty() {
            out.push(plural(
                self.missing.len(),
                "operation missing from the spec",
                "operations missing from the spec",
            ));
        }
        let gone = self.absent.iter().filter(|a| !a.expected()).count();
        if gone > 0 {
            out.push(plural(
                gone,
                "function gone from the WSDL",
                "functions gone from the WSDL",
            ));
        }
        if !self.now_in_wsdl.is_empty() {
            out.push(plural(
                self.now_in_wsdl.len(),
                "documentation-only function now in the WSDL",
                "documentation-only functions now in the WSDL",
            ));
        }
        let added: usize = self.params.iter().map(|p| p.added.len()).sum();
        if added > 0 {
            out.push(plural(added, "parameter added", "parameters added"));
        }
        let removed: usize = self.params.iter().map(|p| p.removed.len()).sum();
        if removed > 0 {
            out.push(plural(removed, "parameter removed", "parameters removed"));
        }
        out
    }

    /// The human-readable report. `verbose` also lists the documentation-only parameters.
    pub fn render(&self, verbose: bool) -> String {
        let mut s = String::new();
        let expected_absent = self.absent.iter().filter(|a| a.expected()).count();
        let _ = writeln!(
            s,
            "WSDL: {} operations; spec: {} functions ({} documentation-only)",
            self.operations, self.functions, expected_absent
        );

        if !self.missing.is_empty() {
            let _ = writeln!(
                s,
                "\noperations missing from the spec ({}):",
                self.missing.len()
            );
            for m in &self.missing {
                let params: Vec<String> = m
                    .params
                    .iter()
                    .map(|p| format!("{} {}", p.name, p.xsd))
                    .collect();
                let _ = writeln!(
                    s,
                    "  + {}({})",
                    m.name,
                    if params.is_empty() {
                        String::new()
                    } else {
                        params.join(", ")
                    }
                );
                if let Some(c) = &m.category {
                    let _ = writeln!(
                        s,
                        "      `wsdl import` files it in {} ({})",
                        c.file, c.reason
                    );
                }
            }
        }

        if !self.absent.is_empty() {
            let _ = writeln!(
                s,
                "\nspec functions the WSDL lacks ({}):",
                self.absent.len()
            );
            for a in &self.absent {
                if a.expected() {
                    let _ = writeln!(
                        s,
                        "    {} ({}): documentation-only, expected",
                        a.name, a.file
                    );
                } else {
                    let _ = writeln!(
                        s,
                        "  - {} ({}, source: {}): gone from the WSDL; check whether VoIP.ms removed it",
                        a.name,
                        a.file,
                        a.source.as_str()
                    );
                }
            }
        }

        if !self.now_in_wsdl.is_empty() {
            let _ = writeln!(
                s,
                "\nmarked `source: documentation` but the WSDL now has them ({}):",
                self.now_in_wsdl.len()
            );
            for n in &self.now_in_wsdl {
                let _ = writeln!(s, "  ! {n}: `wsdl import` sets `source: both`");
            }
        }

        let drifting: Vec<&ParamDrift> = self.params.iter().filter(|p| p.is_drift()).collect();
        if !drifting.is_empty() {
            let _ = writeln!(s, "\nparameters:");
            for p in drifting {
                let _ = writeln!(s, "  {} ({}):", p.function, p.file);
                for a in &p.added {
                    let _ = writeln!(
                        s,
                        "    + {} {}: in the WSDL, not in the spec",
                        a.name, a.xsd
                    );
                }
                for r in &p.removed {
                    let _ = writeln!(
                        s,
                        "    - {r}: in the spec, gone from the WSDL (the function is `source: wsdl`)"
                    );
                }
            }
        }

        let doc_only: Vec<&ParamDrift> = self
            .params
            .iter()
            .filter(|p| !p.documentation_only.is_empty())
            .collect();
        if !doc_only.is_empty() {
            let n: usize = doc_only.iter().map(|p| p.documentation_only.len()).sum();
            let _ = writeln!(
                s,
                "\nspec parameters the WSDL lacks: {n} in {} function{} (documentation-only, expected){}",
                doc_only.len(),
                if doc_only.len() == 1 { "" } else { "s" },
                if verbose {
                    ":"
                } else {
                    "; --verbose lists them"
                }
            );
            if verbose {
                for p in doc_only {
                    let _ = writeln!(s, "    {}: {}", p.function, p.documentation_only.join(", "));
                }
            }
        }

        if !self.types.is_empty() {
            let _ = writeln!(
                s,
                "\ntypes worth a look ({}; advisory: a `note:` on the parameter that mentions the WSDL marks it reviewed):",
                self.types.len()
            );
            for t in &self.types {
                let _ = writeln!(
                    s,
                    "  ? {}.{}: WSDL {}, spec {}: {}",
                    t.function, t.param, t.xsd, t.spec, t.why
                );
            }
        }

        let _ = writeln!(s);
        if self.in_step() {
            let _ = writeln!(s, "in step with the WSDL");
        } else {
            let _ = writeln!(
                s,
                "drift: {} (`cargo xtask wsdl import` adds what is missing; it never deletes)",
                self.drift_summary().join(", ")
            );
        }
        s
    }
}
