//! `probe:`: how `voipms probe` calls a read function on a user's own account, or why it cannot.
//!
//! A read function's required parameters need values the probe does not invent: each comes from
//! a field of another read's answer (`{from: "getDIDsInfo dids[].did"}`: the first record's
//! value), or a literal (`{value: "-5"}`). Two kinds are filled without a word in the spec: the
//! parameters of the function's `date_range` (a recent window) and a value-set parameter (the
//! set's first value). A read that cannot be called safely or meaningfully says so with
//! `probe: {skip: REASON}`. The loader plans every read's inputs once; [`gaps`] lists a read
//! with a required parameter that has no source, so a new function cannot be forgotten.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::Deserialize;

use super::{Field, Function, Kind, Shape, Type, ValueSet};

/// `probe:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProbe {
    /// Why the probe does not call the function.
    #[serde(default)]
    pub skip: Option<String>,
    /// Parameter -> where its value comes from.
    #[serde(default)]
    pub params: IndexMap<String, RawSource>,
}

/// `{from: "FUNCTION PATH"}` or `{value: TEXT}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "super::raw::scalar_string")]
    pub value: Option<String>,
}

/// How the probe treats one read function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// Call it with these inputs (every required parameter and the date-range ones).
    Run(Vec<ProbeInput>),
    /// Do not call it, for this reason.
    Skip(String),
    /// A read whose required parameters (these) have no source in the spec: the probe skips
    /// it, and `cargo xtask spec check` fails until the spec says where they come from (see
    /// [`gaps`]). Not a load error, so older revisions and freshly imported stubs still load.
    Unsourced(Vec<String>),
}

/// The reads whose required parameters have no source, as (file, YAML path, message): what
/// `cargo xtask spec check` refuses, so a new read cannot be forgotten by the probe.
pub fn gaps(spec: &super::Spec) -> Vec<Located> {
    spec.functions
        .iter()
        .filter_map(|f| match &f.probe {
            Some(Probe::Unsourced(missing)) => Some((
                f.file.clone(),
                format!("functions.{}.probe", f.name),
                format!(
                    "the read `{}` requires {} and the probe has no value for {}: add \
                     `probe: {{params: {{{}: {{from: \"FUNCTION list[].field\"}}}}}}` (or \
                     `{{value: TEXT}}`), or `probe: {{skip: REASON}}`",
                    f.name,
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if missing.len() == 1 { "it" } else { "them" },
                    missing[0],
                ),
            )),
            _ => None,
        })
        .collect()
}

/// One parameter the probe sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeInput {
    /// The parameter's wire name.
    pub param: String,
    /// Where its value comes from.
    pub source: ProbeSource,
}

/// Where a probe input's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeSource {
    /// The value at `path` in the first record of `function`'s answer (`dids[].did`).
    Field {
        /// The read function whose answer holds it.
        function: String,
        /// The path in drift's notation (`[]` marks a list element).
        path: String,
    },
    /// This literal.
    Value(String),
    /// The start of a recent window (a date range's `from`).
    WindowStart,
    /// The end of a recent window (a date range's `to`).
    WindowEnd,
}

/// What was written, checked on its own; the plan is made once every function is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Written {
    /// `skip:`.
    pub skip: Option<String>,
    /// `params:` in order, each `from` still as written (`FUNCTION PATH`) or a value.
    pub params: Vec<(String, WrittenSource)>,
}

/// A source as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrittenSource {
    /// `from: "FUNCTION PATH"`.
    From(String),
    /// `value: TEXT`.
    Value(String),
}

/// Lowers `probe:`; returns the problems as (sub-path, message).
pub(super) fn lower(raw: RawProbe) -> (Written, Vec<(String, String)>) {
    let mut errs = Vec::new();
    let mut params = Vec::new();
    if raw.skip.is_some() && !raw.params.is_empty() {
        errs.push((
            String::new(),
            "`skip` and `params` exclude each other: a skipped read is not called".to_string(),
        ));
    }
    if raw.skip.as_deref().is_some_and(|s| s.trim().is_empty()) {
        errs.push(("skip".into(), "say why the probe skips it".into()));
    }
    for (name, s) in raw.params {
        match (s.from, s.value) {
            (Some(f), None) => params.push((name, WrittenSource::From(f))),
            (None, Some(v)) => params.push((name, WrittenSource::Value(v))),
            _ => errs.push((
                format!("params.{name}"),
                "give exactly one of `from: \"FUNCTION PATH\"` and `value: TEXT`".to_string(),
            )),
        }
    }
    (
        Written {
            skip: raw.skip,
            params,
        },
        errs,
    )
}

/// The scalar type at `path` (`dids[].did`, `balance.current_balance`, `dids[]`) in a response.
pub fn resolve<'a>(fields: &'a [Field], path: &str) -> Result<&'a Type, String> {
    let mut shape: Option<&Shape> = None;
    let mut current: &[Field] = fields;
    for segment in path.split('.') {
        let (name, items) = match segment.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (segment, false),
        };
        if let Some(Shape::Object(f)) = shape {
            current = f;
        } else if shape.is_some() {
            return Err(format!("`{name}` is under a value that has no fields"));
        }
        let field = current
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| format!("no field `{name}`"))?;
        let mut s = &field.shape;
        if items {
            s = match s {
                Shape::List(inner) | Shape::Map(inner) => inner,
                _ => return Err(format!("`{name}` is not a list")),
            };
        }
        shape = Some(s);
    }
    match shape {
        Some(Shape::Scalar { ty, .. }) => Ok(ty),
        Some(_) => Err("the path ends at a structure, not a value".to_string()),
        None => Err("the path is empty".to_string()),
    }
}

/// A problem as (file, YAML path, message).
pub type Located = (String, String, String);

/// Every read function's plan, or the problems as (file, YAML path, message). Write and spend
/// functions get none, and may not carry `probe:`.
pub(super) fn plan(
    functions: &[Function],
    written: &HashMap<String, Written>,
    sets: &[ValueSet],
) -> (HashMap<String, Probe>, Vec<Located>) {
    let mut out = HashMap::new();
    let mut errs = Vec::new();
    for f in functions {
        let path = format!("functions.{}.probe", f.name);
        let w = written.get(&f.name);
        let mut err = |sub: &str, msg: String| {
            let p = if sub.is_empty() {
                path.clone()
            } else {
                format!("{path}.{sub}")
            };
            errs.push((f.file.clone(), p, msg));
        };
        if f.kind != Kind::Read {
            if w.is_some() {
                err(
                    "",
                    format!(
                        "`{}` is a {} function: the probe never calls one",
                        f.name,
                        f.kind.as_str()
                    ),
                );
            }
            continue;
        }
        if let Some(reason) = w.and_then(|w| w.skip.clone()) {
            out.insert(f.name.clone(), Probe::Skip(reason));
            continue;
        }
        let mut inputs: Vec<ProbeInput> = Vec::new();
        for (name, source) in w.map(|w| w.params.as_slice()).unwrap_or_default() {
            let Some(p) = f.param(name) else {
                err(
                    &format!("params.{name}"),
                    format!("`{name}` is not a parameter of `{}`", f.name),
                );
                continue;
            };
            let source = match source {
                WrittenSource::Value(v) => {
                    if p.ty.fit(v, &|set, v| in_set(sets, set, v)) != super::Fit::Fits {
                        err(
                            &format!("params.{name}.value"),
                            format!("`{v}` is not a {}", p.ty),
                        );
                    }
                    ProbeSource::Value(v.clone())
                }
                WrittenSource::From(text) => match from(functions, f, text) {
                    Ok(s) => s,
                    Err(e) => {
                        err(&format!("params.{name}.from"), e);
                        continue;
                    }
                },
            };
            inputs.push(ProbeInput {
                param: p.name.clone(),
                source,
            });
        }
        let given = |inputs: &[ProbeInput], name: &str| inputs.iter().any(|i| i.param == name);
        if let Some(d) = &f.date_range {
            for (name, source) in [
                (&d.from, ProbeSource::WindowStart),
                (&d.to, ProbeSource::WindowEnd),
            ] {
                if !given(&inputs, name) {
                    inputs.push(ProbeInput {
                        param: name.clone(),
                        source,
                    });
                }
            }
        }
        let mut missing = Vec::new();
        for p in f.params.iter().filter(|p| p.required) {
            if given(&inputs, &p.name) {
                continue;
            }
            let first = match &p.ty {
                Type::Enum(set) => sets
                    .iter()
                    .find(|s| &s.name == set)
                    .and_then(|s| s.values.first()),
                _ => None,
            };
            match first {
                Some(v) => inputs.push(ProbeInput {
                    param: p.name.clone(),
                    source: ProbeSource::Value(v.wire.clone()),
                }),
                None => missing.push(p.name.as_str()),
            }
        }
        if !missing.is_empty() {
            out.insert(
                f.name.clone(),
                Probe::Unsourced(missing.into_iter().map(str::to_string).collect()),
            );
            continue;
        }
        // Parameter order: the function's own.
        inputs.sort_by_key(|i| f.params.iter().position(|p| p.name == i.param));
        out.insert(f.name.clone(), Probe::Run(inputs));
    }
    for f in functions {
        let Some(Probe::Run(inputs)) = out.get(&f.name) else {
            continue;
        };
        for i in inputs {
            if let ProbeSource::Field { function, .. } = &i.source
                && let Some(Probe::Skip(_) | Probe::Unsourced(_)) = out.get(function)
            {
                errs.push((
                    f.file.clone(),
                    format!("functions.{}.probe.params.{}.from", f.name, i.param),
                    format!(
                        "`{function}` is skipped by the probe, so it cannot feed `{}`",
                        i.param
                    ),
                ));
            }
        }
    }
    for (name, cycle) in cycles(&out) {
        let file = functions
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.file.clone())
            .unwrap_or_default();
        errs.push((
            file,
            format!("functions.{name}.probe"),
            format!("the probe's sources go round in a circle: {cycle}"),
        ));
    }
    (out, errs)
}

fn in_set(sets: &[ValueSet], set: &str, v: &str) -> bool {
    sets.iter()
        .find(|s| s.name == set)
        .is_some_and(|s| s.values.iter().any(|e| e.wire == v))
}

/// `FUNCTION PATH` checked: a read function whose answer has a value at PATH.
fn from(functions: &[Function], f: &Function, text: &str) -> Result<ProbeSource, String> {
    let (function, path) = text
        .split_once(' ')
        .map(|(a, b)| (a.trim(), b.trim()))
        .ok_or_else(|| {
            format!("`{text}` is not `FUNCTION PATH` (e.g. `getDIDsInfo dids[].did`)")
        })?;
    if function == f.name {
        return Err(format!("`{}` cannot feed itself", f.name));
    }
    let source = functions
        .iter()
        .find(|s| s.name == function)
        .ok_or_else(|| format!("`{function}` is not a function of the spec"))?;
    if source.kind != Kind::Read {
        return Err(format!(
            "`{function}` is a {} function: the probe never calls one",
            source.kind.as_str()
        ));
    }
    let fields = source
        .response
        .as_deref()
        .ok_or_else(|| format!("`{function}` has no documented response"))?;
    resolve(fields, path).map_err(|e| format!("`{path}` in the answer of `{function}`: {e}"))?;
    Ok(ProbeSource::Field {
        function: function.to_string(),
        path: path.to_string(),
    })
}

/// Each function on a circle of `from` sources, with the circle written out.
fn cycles(plans: &HashMap<String, Probe>) -> Vec<(String, String)> {
    let deps = |name: &str| -> Vec<String> {
        match plans.get(name) {
            Some(Probe::Run(inputs)) => inputs
                .iter()
                .filter_map(|i| match &i.source {
                    ProbeSource::Field { function, .. } => Some(function.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut names: Vec<&String> = plans.keys().collect();
    names.sort();
    let mut out = Vec::new();
    for start in names {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack = vec![vec![start.clone()]];
        let mut seen = std::collections::HashSet::new();
        while let Some(route) = stack.pop() {
            let Some(last) = route.last() else { continue };
            for next in deps(last) {
                if &next == start {
                    let mut r = route.clone();
                    r.push(next);
                    out.push((start.clone(), r.join(" -> ")));
                    stack.clear();
                    break;
                }
                if seen.insert(next.clone()) {
                    let mut r = route.clone();
                    r.push(next);
                    stack.push(r);
                }
            }
        }
    }
    out
}
