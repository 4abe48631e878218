//! Sample requests and responses built from the spec.

use crate::meta::{FunctionMeta, ParamMeta};
use crate::validate::{self, Subject};
use crate::wire::Form;

/// The spec's sample success body of `function` (wire name), as the mock answers it: built from
/// the response shape and its examples, so it decodes into the function's typed response.
pub fn example_response(function: &str) -> Option<&'static str> {
    crate::catalog::CATEGORIES
        .iter()
        .flat_map(|c| c.examples)
        .find(|(name, _)| *name == function)
        .map(|(_, body)| *body)
}

/// Valid values for every required parameter of `f`, in documentation order: the spec's
/// example where it passes validation, otherwise a value of the parameter's type. With these
/// (and nothing else) a call passes the client's validation and the mock answers success.
pub fn example_params(f: &FunctionMeta) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for p in f.params.iter().filter(|p| p.required) {
        let example = p.example.filter(|e| valid_alone(f, p, e));
        let value = match example {
            Some(e) => e.to_string(),
            None => of_type(p),
        };
        out.push((p.name, value));
    }
    // Two examples may be further apart than a documented date-range limit: use one day.
    if let Some(r) = f.date_range
        && !valid(f, &out)
    {
        let from = out
            .iter()
            .find(|(k, _)| *k == r.from)
            .map(|(_, v)| v.clone());
        if let (Some(from), Some(to)) = (from, out.iter_mut().find(|(k, _)| *k == r.to)) {
            to.1 = from;
        }
    }
    out
}

fn valid(f: &FunctionMeta, params: &[(&'static str, String)]) -> bool {
    let mut form = Form::new();
    for (k, v) in params {
        form.put_raw(*k, v.clone());
    }
    validate::check(f, &form, false).is_ok()
}

/// Whether `value` passes the checks of parameter `p` alone (required siblings ignored).
fn valid_alone(f: &FunctionMeta, p: &ParamMeta, value: &str) -> bool {
    let mut form = Form::new();
    form.put_raw(p.name, value);
    match validate::check(f, &form, false) {
        Ok(()) => true,
        // Another parameter is missing or the date range is incomplete: not this one's fault.
        Err(e) => e.subject != Subject::Param(p.name),
    }
}

/// A value of `p`'s type ([`WireType::sample`]) within its documented bounds.
fn of_type(p: &ParamMeta) -> String {
    if p.ty.is_number() {
        let n = p.min.unwrap_or(1).max(1);
        return p.max.map_or(n, |max| n.min(max)).to_string();
    }
    let max = p.max_length.map_or(usize::MAX, |m| m as usize).max(1);
    p.ty.sample().chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::FUNCTIONS;

    #[test]
    fn example_params_pass_validation_for_every_function() {
        for f in FUNCTIONS.iter() {
            let params = example_params(f);
            let mut form = Form::new();
            for (k, v) in &params {
                form.put_raw(*k, v.clone());
            }
            assert_eq!(validate::check(f, &form, true), Ok(()), "{}", f.name);
        }
    }

    #[test]
    fn every_function_has_a_sample_response() {
        for f in FUNCTIONS.iter() {
            let body = example_response(f.name).unwrap_or_default();
            let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
            assert_eq!(v["status"], "success", "{}", f.name);
        }
    }
}
