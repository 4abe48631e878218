//! Value sets (`types.yaml`) and their values.
//!
//! Whether a value set is read from responses decides how an added value is classified: a set
//! used only in requests gains something callers may send (info); a set read from responses gains
//! a variant for a value that used to decode as `Unknown(..)` (warning).

use std::collections::HashMap;

use super::renames::{added_message, pair, removed_message};
use super::{Finding, Rule, opt};
use crate::spec::{EnumValue, Spec, ValueSet, value_sets_in};

use crate::spec::TYPES_FILE as FILE;

/// Where each value set is used: `(in a request parameter, in a response field)`.
fn usage(spec: &Spec) -> HashMap<&str, (bool, bool)> {
    let mut usage: HashMap<&str, (bool, bool)> = HashMap::new();
    for f in &spec.functions {
        for p in &f.params {
            if let Some(set) = p.ty.value_set() {
                usage.entry(set).or_default().0 = true;
            }
        }
        if let Some(fields) = &f.response {
            for set in value_sets_in(fields) {
                usage.entry(set).or_default().1 = true;
            }
        }
    }
    usage
}

/// `"auto" (Auto)`: a value and its variant.
fn describe(v: &EnumValue) -> String {
    format!("\"{}\" ({})", v.wire, v.name)
}

/// Compares the value sets of two specs, matched by name, and their values, matched by wire
/// string.
pub fn compare(old: &Spec, new: &Spec, out: &mut Vec<Finding>) {
    let removed: Vec<&ValueSet> = old
        .value_sets
        .iter()
        .filter(|s| new.value_set(&s.name).is_none())
        .collect();
    let added: Vec<&ValueSet> = new
        .value_sets
        .iter()
        .filter(|s| old.value_set(&s.name).is_none())
        .collect();
    let wires = |s: &ValueSet| s.values.iter().map(|v| v.wire.clone()).collect::<Vec<_>>();
    let (to, from) = pair(&removed, &added, |a, b| wires(a) == wires(b));
    for (s, partner) in removed.iter().zip(&to) {
        let partner = partner.map(|j| added[j].name.as_str());
        out.push(
            Finding::new(
                Rule::ValueSetRemoved,
                format!("value_sets.{}", s.name),
                removed_message("value set", partner),
            )
            .old(wires(s).join(", "))
            .at(FILE, format!("value_sets.{}", s.name)),
        );
    }
    for (s, partner) in added.iter().zip(&from) {
        let partner = partner.map(|i| removed[i].name.as_str());
        out.push(
            Finding::new(
                Rule::ValueSetAdded,
                format!("value_sets.{}", s.name),
                added_message("value set", partner),
            )
            .new_value(wires(s).join(", "))
            .at(FILE, format!("value_sets.{}", s.name)),
        );
    }
    let (old_usage, new_usage) = (usage(old), usage(new));
    for n in &new.value_sets {
        if let Some(o) = old.value_set(&n.name) {
            let in_responses_only = old_usage
                .get(n.name.as_str())
                .is_some_and(|(req, resp)| *resp && !req);
            let in_responses = new_usage.get(n.name.as_str()).is_some_and(|u| u.1);
            compare_set(o, n, in_responses_only, in_responses, out);
        }
    }
}

fn compare_set(
    o: &ValueSet,
    n: &ValueSet,
    was_response_only: bool,
    is_in_responses: bool,
    out: &mut Vec<Finding>,
) {
    let base = format!("value_sets.{}", n.name);
    if o.doc != n.doc {
        out.push(
            Finding::new(
                Rule::ValueSetDocChanged,
                format!("{base}.doc"),
                "doc changed",
            )
            .values(&o.doc, &n.doc)
            .at(FILE, format!("{base}.doc")),
        );
    }
    let removed: Vec<&EnumValue> = o
        .values
        .iter()
        .filter(|v| !n.values.iter().any(|w| w.wire == v.wire))
        .collect();
    let added: Vec<&EnumValue> = n
        .values
        .iter()
        .filter(|v| !o.values.iter().any(|w| w.wire == v.wire))
        .collect();
    let single = removed.len() == 1 && added.len() == 1;
    let (to, from) = pair(&removed, &added, |a, b| single || a.name == b.name);
    let yaml = format!("{base}.values");
    for (v, partner) in removed.iter().zip(&to) {
        let rule = if was_response_only {
            Rule::ResponseEnumValueRemoved
        } else {
            Rule::RequestEnumValueRemoved
        };
        let partner = partner.map(|j| added[j].wire.as_str());
        out.push(
            Finding::new(
                rule,
                format!("{base}.values.{}", v.wire),
                removed_message("value", partner),
            )
            .old(describe(v))
            .at(FILE, yaml.clone()),
        );
    }
    for (v, partner) in added.iter().zip(&from) {
        let rule = if is_in_responses {
            Rule::ResponseEnumValueAdded
        } else {
            Rule::RequestEnumValueAdded
        };
        let partner = partner.map(|i| removed[i].wire.as_str());
        out.push(
            Finding::new(
                rule,
                format!("{base}.values.{}", v.wire),
                added_message("value", partner),
            )
            .new_value(describe(v))
            .at(FILE, yaml.clone()),
        );
    }
    for nv in &n.values {
        let Some(ov) = o.values.iter().find(|v| v.wire == nv.wire) else {
            continue;
        };
        let path = format!("{base}.values.{}", nv.wire);
        if ov.name != nv.name {
            out.push(
                Finding::new(
                    Rule::EnumVariantRenamed,
                    format!("{path}.name"),
                    "Rust variant renamed",
                )
                .values(
                    format!("{}::{}", o.name, ov.name),
                    format!("{}::{}", n.name, nv.name),
                )
                .at(FILE, yaml.clone()),
            );
        }
        if ov.doc != nv.doc {
            out.push(
                Finding::new(
                    Rule::ValueSetDocChanged,
                    format!("{path}.doc"),
                    "doc changed",
                )
                .values(opt(&ov.doc), opt(&nv.doc))
                .at(FILE, yaml.clone()),
            );
        }
        // Every field compared above, taken from `nv`: what still differs is a key no rule knows.
        // Fields added to the model later come from the old side: the update is the point.
        #[allow(clippy::needless_update)]
        let probe = EnumValue {
            wire: nv.wire.clone(),
            name: nv.name.clone(),
            doc: nv.doc.clone(),
            ..ov.clone()
        };
        if probe != *nv {
            out.push(Finding::unclassified(&path).at(FILE, yaml.clone()));
        }
    }
}
