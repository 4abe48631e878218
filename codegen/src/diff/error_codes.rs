//! Status codes (`errors.yaml`): the `ErrorCode` variants and what the client does with them.

use super::renames::{added_message, pair, removed_message};
use super::{Finding, Rule, flag};
use crate::spec::{ErrorDef, Spec};

use crate::spec::ERRORS_FILE as FILE;

/// Compares the status codes of two specs, matched by code.
pub fn compare(old: &Spec, new: &Spec, out: &mut Vec<Finding>) {
    let find = |spec: &'_ Spec, code: &str| spec.errors.iter().any(|e| e.code == code);
    let removed: Vec<&ErrorDef> = old.errors.iter().filter(|e| !find(new, &e.code)).collect();
    let added: Vec<&ErrorDef> = new.errors.iter().filter(|e| !find(old, &e.code)).collect();
    let (to, from) = pair(&removed, &added, |a, b| a.description == b.description);
    for (e, partner) in removed.iter().zip(&to) {
        let partner = partner.map(|j| added[j].code.as_str());
        out.push(
            Finding::new(
                Rule::ErrorCodeRemoved,
                format!("errors.{}", e.code),
                removed_message("status code", partner),
            )
            .old(&e.description)
            .at(FILE, format!("errors.{}", e.code)),
        );
    }
    for (e, partner) in added.iter().zip(&from) {
        let partner = partner.map(|i| removed[i].code.as_str());
        out.push(
            Finding::new(
                Rule::ErrorCodeAdded,
                format!("errors.{}", e.code),
                added_message("status code", partner),
            )
            .new_value(&e.description)
            .at(FILE, format!("errors.{}", e.code)),
        );
    }
    for n in &new.errors {
        let Some(o) = old.errors.iter().find(|e| e.code == n.code) else {
            continue;
        };
        let path = format!("errors.{}", n.code);
        let mut push = |rule: Rule, key: &str, what: &str, old: &str, new: &str| {
            out.push(
                Finding::new(rule, format!("{path}.{key}"), what)
                    .values(old, new)
                    .at(FILE, format!("{path}.{key}")),
            );
        };
        if o.description != n.description {
            push(
                Rule::ErrorDescriptionChanged,
                "description",
                "description changed",
                &o.description,
                &n.description,
            );
        }
        if o.empty_list != n.empty_list {
            let what = if n.empty_list {
                "now means an empty list: typed calls return an empty result"
            } else {
                "no longer means an empty list: typed calls return an error"
            };
            push(
                Rule::ErrorEmptyListChanged,
                "empty_list",
                what,
                flag(o.empty_list),
                flag(n.empty_list),
            );
        }
        if o.retryable != n.retryable {
            let what = if n.retryable {
                "now retryable"
            } else {
                "no longer retryable"
            };
            push(
                Rule::ErrorRetryableChanged,
                "retryable",
                what,
                flag(o.retryable),
                flag(n.retryable),
            );
        }
        // Every field compared above, taken from `n`: what still differs is a key no rule knows.
        // Fields added to the model later come from the old side: the update is the point.
        #[allow(clippy::needless_update)]
        let probe = ErrorDef {
            code: n.code.clone(),
            description: n.description.clone(),
            empty_list: n.empty_list,
            retryable: n.retryable,
            ..o.clone()
        };
        if probe != *n {
            out.push(Finding::unclassified(&path).at(FILE, path.clone()));
        }
    }
}
