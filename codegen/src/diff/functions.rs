//! Functions and their request side: added and removed functions, kind, feature, documentation,
//! parameters and their limits. Responses are compared in [`super::responses`].

use super::renames::{added_message, pair, removed_message};
use super::{Finding, Rule, api, flag, opt, responses};
use crate::spec::{DateRange, Function, Kind, Param, Spec};

/// Compares the functions of two specs, matched by wire name.
pub fn compare(old: &Spec, new: &Spec, out: &mut Vec<Finding>) {
    let removed: Vec<&Function> = old
        .functions
        .iter()
        .filter(|f| new.function(&f.name).is_none())
        .collect();
    let added: Vec<&Function> = new
        .functions
        .iter()
        .filter(|f| old.function(&f.name).is_none())
        .collect();
    let (to, from) = pair(&removed, &added, |a, b| look_alike(a, b));
    for (f, partner) in removed.iter().zip(&to) {
        let rule = if f.deprecated {
            Rule::DeprecatedFunctionRemoved
        } else {
            Rule::FunctionRemoved
        };
        let partner = partner.map(|j| added[j].name.as_str());
        out.push(
            Finding::new(rule, &f.name, removed_message("function", partner))
                .old(describe_function(f))
                .at(&f.file, format!("functions.{}", f.name)),
        );
    }
    for (f, partner) in added.iter().zip(&from) {
        let partner = partner.map(|i| removed[i].name.as_str());
        out.push(
            Finding::new(
                Rule::FunctionAdded,
                &f.name,
                added_message("function", partner),
            )
            .new_value(describe_function(f))
            .at(&f.file, format!("functions.{}", f.name)),
        );
    }
    for n in &new.functions {
        if let Some(o) = old.function(&n.name) {
            compare_function(o, n, out);
        }
    }
}

/// `read, feature "dids"`: what a removed or added function was.
fn describe_function(f: &Function) -> String {
    format!("{}, feature \"{}\"", f.kind.as_str(), f.feature)
}

/// `string, required`: what a removed or added parameter was.
fn describe_param(p: &Param) -> String {
    format!(
        "{}, {}",
        p.ty,
        if p.required { "required" } else { "optional" }
    )
}

/// Same feature, kind, parameters and response: possibly one function renamed.
fn look_alike(a: &Function, b: &Function) -> bool {
    let sig = |f: &Function| -> Vec<(String, String, bool)> {
        f.params
            .iter()
            .map(|p| (p.name.clone(), p.ty.to_string(), p.required))
            .collect()
    };
    a.feature == b.feature
        && a.kind == b.kind
        && a.params_undocumented == b.params_undocumented
        && sig(a) == sig(b)
        && a.response == b.response
}

/// Where one function's findings go: anchored under `functions.<name>` in its new file.
struct Site<'a> {
    name: &'a str,
    file: &'a str,
}

impl Site<'_> {
    /// `f` anchored at `functions.<name>.<key>`, or at the function itself for an empty key.
    fn at(&self, f: Finding, key: &str) -> Finding {
        if key.is_empty() {
            f.at(self.file, format!("functions.{}", self.name))
        } else {
            f.at(self.file, format!("functions.{}.{key}", self.name))
        }
    }
}

/// One function present in both specs, key by key.
fn compare_function(o: &Function, n: &Function, out: &mut Vec<Finding>) {
    let site = Site {
        name: &n.name,
        file: &n.file,
    };
    compare_kind(&site, o, n, out);
    compare_placement(&site, o, n, out);
    compare_flags_and_docs(&site, o, n, out);
    // A plan that changed because the kind, a required parameter or the date range did is
    // reported by those rules; this one covers an edit of `probe:` itself.
    let required = |f: &Function| -> Vec<String> {
        f.params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name.clone())
            .collect()
    };
    let derived = o.kind != n.kind || required(o) != required(n) || o.date_range != n.date_range;
    if o.probe != n.probe && !derived {
        out.push(
            site.at(
                Finding::new(
                    Rule::ProbePlanChanged,
                    format!("{}.probe", site.name),
                    "probe plan changed",
                )
                .values(probe_plan(o), probe_plan(n)),
                "probe",
            ),
        );
    }
    if o.params_undocumented != n.params_undocumented {
        params_form_changed(&site, o, n, out);
    } else {
        compare_params(o, n, out);
    }
    compare_date_range(o, n, out);
    responses::compare(o, n, out);
    check_unclassified(&site, o, n, out);
}

/// The rule for a change of kind: its retries and what a call costs change.
fn kind_rule(old: Kind, new: Kind) -> Rule {
    match (old, new) {
        (Kind::Read, Kind::Spend) => Rule::FunctionKindReadToSpend,
        // Only read functions are retried: one call may now reach the service several times.
        (Kind::Write | Kind::Spend, Kind::Read) => Rule::FunctionKindNowRetried,
        (old, new) if new > old => Rule::FunctionKindEscalated,
        _ => Rule::FunctionKindRelaxed,
    }
}

fn compare_kind(site: &Site, o: &Function, n: &Function, out: &mut Vec<Finding>) {
    if o.kind != n.kind {
        out.push(
            site.at(
                Finding::new(
                    kind_rule(o.kind, n.kind),
                    format!("{}.kind", site.name),
                    "kind changed",
                )
                .values(o.kind.as_str(), n.kind.as_str()),
                "kind",
            ),
        );
    }
}

/// Feature, category name and file: where the function lives.
fn compare_placement(site: &Site, o: &Function, n: &Function, out: &mut Vec<Finding>) {
    let name = site.name;
    if o.feature != n.feature {
        out.push(
            site.at(
                Finding::new(
                    Rule::FunctionFeatureChanged,
                    format!("{name}.feature"),
                    format!("moved from {} to {}", o.file, n.file),
                )
                .values(&o.feature, &n.feature),
                "",
            ),
        );
    } else if o.category != n.category {
        out.push(
            site.at(
                Finding::new(
                    Rule::FunctionDocChanged,
                    format!("{name}.category"),
                    "category name changed",
                )
                .values(&o.category, &n.category),
                "",
            ),
        );
    }
    if o.feature == n.feature && o.file != n.file {
        out.push(
            site.at(
                Finding::new(
                    Rule::FunctionDocChanged,
                    format!("{name}.file"),
                    "moved to another file of the same feature",
                )
                .values(&o.file, &n.file),
                "",
            ),
        );
    }
}

/// `stub`, `source`, `summary`, `note` and `deprecated`.
fn compare_flags_and_docs(site: &Site, o: &Function, n: &Function, out: &mut Vec<Finding>) {
    let name = site.name;
    if o.stub != n.stub {
        let what = if n.stub {
            "marked a stub (to be written)"
        } else {
            "no longer a stub"
        };
        out.push(
            site.at(
                Finding::new(Rule::FunctionDocChanged, format!("{name}.stub"), what)
                    .values(flag(o.stub), flag(n.stub)),
                "",
            ),
        );
    }
    if o.source != n.source {
        out.push(
            site.at(
                Finding::new(
                    Rule::FunctionSourceChanged,
                    format!("{name}.source"),
                    "source changed",
                )
                .values(o.source.as_str(), n.source.as_str()),
                "source",
            ),
        );
    }
    if o.summary != n.summary {
        out.push(
            site.at(
                Finding::new(
                    Rule::FunctionDocChanged,
                    format!("{name}.summary"),
                    "summary changed",
                )
                .values(&o.summary, &n.summary),
                "summary",
            ),
        );
    }
    if o.note != n.note {
        out.push(
            site.at(
                Finding::new(
                    Rule::FunctionDocChanged,
                    format!("{name}.note"),
                    "note changed",
                )
                .values(opt(&o.note), opt(&n.note)),
                "note",
            ),
        );
    }
    if o.deprecated != n.deprecated {
        let what = if n.deprecated {
            "marked deprecated"
        } else {
            "no longer deprecated"
        };
        out.push(
            site.at(
                Finding::new(
                    Rule::FunctionDeprecationChanged,
                    format!("{name}.deprecated"),
                    what,
                )
                .values(flag(o.deprecated), flag(n.deprecated)),
                "deprecated",
            ),
        );
    }
}

/// A read's probe plan in a line: `skip: REASON`, or each parameter and its source.
fn probe_plan(f: &Function) -> String {
    use crate::spec::probe::{Probe, ProbeSource};
    match &f.probe {
        None => "none".to_string(),
        Some(Probe::Skip(reason)) => format!("skip: {reason}"),
        Some(Probe::Unsourced(missing)) => format!("no source for {}", missing.join(", ")),
        Some(Probe::Run(inputs)) if inputs.is_empty() => "called without parameters".to_string(),
        Some(Probe::Run(inputs)) => inputs
            .iter()
            .map(|i| {
                let source = match &i.source {
                    ProbeSource::Field { function, path } => format!("{function} {path}"),
                    ProbeSource::Value(v) => format!("{v:?}"),
                    ProbeSource::WindowStart => "window start".to_string(),
                    ProbeSource::WindowEnd => "window end".to_string(),
                };
                format!("{} <- {source}", i.param)
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The parameters became `undocumented` (an open map) or documented (a typed request).
fn params_form_changed(site: &Site, o: &Function, n: &Function, out: &mut Vec<Finding>) {
    let describe = |f: &Function| {
        if f.params_undocumented {
            "undocumented (open parameter map)".to_string()
        } else {
            format!("{} documented parameter(s)", f.params.len())
        }
    };
    out.push(
        site.at(
            Finding::new(
                Rule::RequestParamsFormChanged,
                format!("{}.params", site.name),
                "parameters form changed",
            )
            .values(describe(o), describe(n)),
            "params",
        ),
    );
}

/// Every field compared above, taken from `n`: what still differs is a key no rule knows.
fn check_unclassified(site: &Site, o: &Function, n: &Function, out: &mut Vec<Finding>) {
    // Fields added to the model later come from the old side: the update is the point.
    #[allow(clippy::needless_update)]
    let probe = Function {
        name: n.name.clone(),
        category: n.category.clone(),
        feature: n.feature.clone(),
        file: n.file.clone(),
        kind: n.kind,
        source: n.source,
        summary: n.summary.clone(),
        params: n.params.clone(),
        params_undocumented: n.params_undocumented,
        response: n.response.clone(),
        date_range: n.date_range.clone(),
        deprecated: n.deprecated,
        note: n.note.clone(),
        stub: n.stub,
        probe: n.probe.clone(),
        ..o.clone()
    };
    if probe != *n {
        out.push(site.at(Finding::unclassified(site.name), ""));
    }
}

fn compare_params(o: &Function, n: &Function, out: &mut Vec<Finding>) {
    let name = &n.name;
    let removed: Vec<&Param> = o
        .params
        .iter()
        .filter(|p| !n.params.iter().any(|q| q.name == p.name))
        .collect();
    let added: Vec<&Param> = n
        .params
        .iter()
        .filter(|p| !o.params.iter().any(|q| q.name == p.name))
        .collect();
    let (to, from) = pair(&removed, &added, |a, b| a.ty == b.ty);
    for (p, partner) in removed.iter().zip(&to) {
        let rule = if p.deprecated {
            Rule::DeprecatedRequestParamRemoved
        } else {
            Rule::RequestParamRemoved
        };
        let partner = partner.map(|j| added[j].name.as_str());
        out.push(
            Finding::new(
                rule,
                format!("{name}.params.{}", p.name),
                removed_message("parameter", partner),
            )
            .old(describe_param(p))
            .at(&n.file, format!("functions.{name}.params.{}", p.name)),
        );
    }
    for (p, partner) in added.iter().zip(&from) {
        let (rule, what) = if p.required {
            (Rule::RequestParamAddedRequired, "required parameter")
        } else {
            (Rule::RequestParamAddedOptional, "optional parameter")
        };
        let partner = partner.map(|i| removed[i].name.as_str());
        out.push(
            Finding::new(
                rule,
                format!("{name}.params.{}", p.name),
                added_message(what, partner),
            )
            .new_value(describe_param(p))
            .at(&n.file, format!("functions.{name}.params.{}", p.name)),
        );
    }
    for np in &n.params {
        if let Some(op) = o.params.iter().find(|p| p.name == np.name) {
            compare_param(n, op, np, out);
        }
    }

    // The constructor takes the required parameters in order: their relative order matters.
    let required_in_both = |f: &Function, other: &Function| -> Vec<String> {
        f.params
            .iter()
            .filter(|p| p.required)
            .filter(|p| other.params.iter().any(|q| q.name == p.name && q.required))
            .map(|p| p.name.clone())
            .collect()
    };
    let (before, after) = (required_in_both(o, n), required_in_both(n, o));
    if before != after {
        out.push(
            Finding::new(
                Rule::RequestRequiredParamsReordered,
                format!("{name}.params"),
                "required parameters changed order",
            )
            .values(before.join(", "), after.join(", "))
            .at(&n.file, format!("functions.{name}.params")),
        );
    }
}

/// Whether a limit got stricter (`Some(true)`), looser (`Some(false)`) or stayed.
fn limit_change(old: Option<i64>, new: Option<i64>, upper: bool) -> Option<bool> {
    match (old, new) {
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some(a), Some(b)) if a != b => Some(if upper { b < a } else { b > a }),
        _ => None,
    }
}

fn compare_param(f: &Function, o: &Param, n: &Param, out: &mut Vec<Finding>) {
    let path = format!("{}.params.{}", f.name, n.name);
    let yaml = format!("functions.{}.params.{}", f.name, n.name);
    let file = f.file.as_str();
    let mut push = |rule: Rule, key: &str, message: &str, old: String, new: String| {
        out.push(
            Finding::new(rule, format!("{path}.{key}"), message)
                .values(old, new)
                .at(file, format!("{yaml}.{key}")),
        );
    };
    let required = |p: &Param| if p.required { "required" } else { "optional" }.to_string();
    if o.required != n.required {
        let (rule, what) = if n.required {
            (Rule::RequestParamBecameRequired, "became required")
        } else {
            (Rule::RequestParamBecameOptional, "became optional")
        };
        push(rule, "required", what, required(o), required(n));
    }
    if o.ty != n.ty {
        let (rule, what) = if api::rust_type(&o.ty) == api::rust_type(&n.ty) {
            (
                Rule::RequestParamWireFormChanged,
                "wire form changed (same Rust type)",
            )
        } else {
            (Rule::RequestParamTypeChanged, "type changed")
        };
        push(rule, "type", what, o.ty.to_string(), n.ty.to_string());
    }
    let limits = [
        ("min", o.min, n.min, false),
        ("max", o.max, n.max, true),
        (
            "max_length",
            o.max_length.map(i64::from),
            n.max_length.map(i64::from),
            true,
        ),
    ];
    for (key, old, new, upper) in limits {
        if let Some(stricter) = limit_change(old, new, upper) {
            let (rule, what) = if stricter {
                (Rule::RequestParamConstraintTightened, "limit tightened")
            } else {
                (Rule::RequestParamConstraintRelaxed, "limit relaxed")
            };
            push(rule, key, &format!("{key} {what}"), opt(&old), opt(&new));
        }
    }
    for alias in o.aliases.iter().filter(|a| !n.aliases.contains(a)) {
        push(
            Rule::RequestParamAliasRemoved,
            "aliases",
            &format!("alias `{alias}` removed"),
            o.aliases.join(", "),
            n.aliases.join(", "),
        );
    }
    for alias in n.aliases.iter().filter(|a| !o.aliases.contains(a)) {
        push(
            Rule::RequestParamAliasAdded,
            "aliases",
            &format!("alias `{alias}` added"),
            o.aliases.join(", "),
            n.aliases.join(", "),
        );
    }
    if o.deprecated != n.deprecated {
        let what = if n.deprecated {
            "marked deprecated"
        } else {
            "no longer deprecated"
        };
        push(
            Rule::RequestParamDeprecationChanged,
            "deprecated",
            what,
            flag(o.deprecated).into(),
            flag(n.deprecated).into(),
        );
    }
    let docs = [
        ("doc", Some(&o.doc), Some(&n.doc)),
        ("note", o.note.as_ref(), n.note.as_ref()),
        (
            "values_from",
            o.values_from.as_ref(),
            n.values_from.as_ref(),
        ),
    ];
    for (key, old, new) in docs {
        if old != new {
            push(
                Rule::RequestParamDocChanged,
                key,
                &format!("{key} changed"),
                opt(&old),
                opt(&new),
            );
        }
    }
    if o.example != n.example {
        push(
            Rule::RequestParamExampleChanged,
            "example",
            "example changed",
            opt(&o.example),
            opt(&n.example),
        );
    }
    // Every field compared above, taken from `n`: what still differs is a key no rule knows.
    // Fields added to the model later come from the old side: the update is the point.
    #[allow(clippy::needless_update)]
    let probe = Param {
        name: n.name.clone(),
        ty: n.ty.clone(),
        required: n.required,
        doc: n.doc.clone(),
        example: n.example.clone(),
        values_from: n.values_from.clone(),
        min: n.min,
        max: n.max,
        max_length: n.max_length,
        aliases: n.aliases.clone(),
        note: n.note.clone(),
        deprecated: n.deprecated,
        ..o.clone()
    };
    if probe != *n {
        out.push(Finding::unclassified(&path).at(file, yaml));
    }
}

fn describe_range(d: &DateRange) -> String {
    format!("{}..{}, at most {} days", d.from, d.to, d.max_days)
}

fn compare_date_range(o: &Function, n: &Function, out: &mut Vec<Finding>) {
    let stricter = match (&o.date_range, &n.date_range) {
        (None, None) => return,
        (a, b) if a == b => return,
        (None, Some(_)) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => a.from != b.from || a.to != b.to || b.max_days < a.max_days,
    };
    let (rule, what) = if stricter {
        (
            Rule::RequestParamConstraintTightened,
            "date range limit tightened",
        )
    } else {
        (
            Rule::RequestParamConstraintRelaxed,
            "date range limit relaxed",
        )
    };
    let describe = |d: &Option<DateRange>| d.as_ref().map_or("none".into(), describe_range);
    out.push(
        Finding::new(rule, format!("{}.date_range", n.name), what)
            .values(describe(&o.date_range), describe(&n.date_range))
            .at(&n.file, format!("functions.{}.date_range", n.name)),
    );
}
