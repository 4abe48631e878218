//! Secrets in answers (passwords, PINs: the response fields the spec marks `secret`) are
//! masked in what the tool prints, unless `--show-secrets`.

use serde_json::Value;

/// What a masked value prints as.
pub const MASK: &str = "<secret>";

/// The spec's secret paths of `function` (`accounts[].password`).
fn paths(function: &str) -> &'static [&'static str] {
    voipms_api::catalog::function(function).map_or(&[], |f| f.secrets)
}

/// Replaces every secret of `function`'s answer in `value` (the answer without `status`, typed
/// or as received) by [`MASK`]; returns the texts it replaced.
pub fn mask(function: &str, value: &mut Value) -> Vec<String> {
    let mut found = Vec::new();
    each(function, value, &mut |secret| {
        found.push(match &*secret {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        });
        *secret = Value::String(MASK.to_string());
    });
    found
}

/// Calls `f` on every secret of `function`'s answer in `value` that is set (not null, not
/// empty).
pub fn each(function: &str, value: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for path in paths(function) {
        at(value, path, f);
    }
}

/// The values at `path` under `value`: `name` a field, `[]` each element of a list (or each
/// value of an object: a list can arrive keyed by index), `{}` each value of a map.
fn at(value: &mut Value, path: &str, f: &mut dyn FnMut(&mut Value)) {
    if path.is_empty() {
        match value {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            other => f(other),
        }
        return;
    }
    if let Some(rest) = path.strip_prefix("[]").or_else(|| path.strip_prefix("{}")) {
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        match value {
            Value::Array(items) => items.iter_mut().for_each(|v| at(v, rest, f)),
            // Records keyed by index, or one bare record where a list was documented (told
            // apart by content, as the decoder does).
            Value::Object(map) if map.values().all(Value::is_object) => {
                map.values_mut().for_each(|v| at(v, rest, f))
            }
            record @ Value::Object(_) => at(record, rest, f),
            _ => {}
        }
        return;
    }
    let end = path.find(['.', '[', '{']).unwrap_or(path.len());
    let (name, rest) = path.split_at(end);
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    match value {
        Value::Object(map) => {
            if let Some(v) = map.get_mut(name) {
                at(v, rest, f);
            }
        }
        // A list where one record was documented, or the reverse: in each.
        Value::Array(items) => items.iter_mut().for_each(|v| at(v, path, f)),
        _ => {}
    }
}

/// Masks the secrets of `function` in a body as received: JSON is masked field by field; any
/// other text (a SOAP envelope) has each secret value the typed answer held replaced.
pub fn mask_text(function: &str, body: &str, typed: Option<&Value>) -> String {
    if let Ok(mut v) = serde_json::from_str::<Value>(body) {
        if mask(function, &mut v).is_empty() {
            return body.to_string();
        }
        return serde_json::to_string(&v).unwrap_or_else(|_| body.to_string());
    }
    let mut found = Vec::new();
    if let Some(typed) = typed {
        let mut copy = typed.clone();
        found = mask(function, &mut copy);
    }
    let mut text = body.to_string();
    // Longest first, so that a secret holding another is replaced whole.
    found.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in found.iter().filter(|s| s.len() >= 3) {
        text = text.replace(secret.as_str(), MASK);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn marked_fields_are_masked_at_every_depth_and_shape() {
        let mut v = json!({"accounts": [
            {"account": "100000_a", "password": "hunter22"},
            {"account": "100000_b", "password": ""}
        ]});
        assert_eq!(mask("getSubAccounts", &mut v), ["hunter22"]);
        assert_eq!(v["accounts"][0]["password"], MASK);
        assert_eq!(v["accounts"][0]["account"], "100000_a");
        assert_eq!(v["accounts"][1]["password"], "", "nothing to hide");
        // A list answered as one record, or keyed by index.
        let mut one = json!({"accounts": {"account": "x", "password": "pw1"}});
        mask("getSubAccounts", &mut one);
        assert_eq!(one["accounts"]["password"], MASK);
        let mut keyed = json!({"dids": {"0": {"smpp_pass": "abc", "port_out_pin": "0123"}}});
        mask("getDIDsInfo", &mut keyed);
        assert_eq!(keyed["dids"]["0"]["smpp_pass"], MASK);
        assert_eq!(keyed["dids"]["0"]["port_out_pin"], MASK);
        // Functions without secrets are untouched.
        let mut other = json!({"balance": {"current_balance": "1.00"}});
        assert!(mask("getBalance", &mut other).is_empty());
    }

    /// The spec's marked fields, on the mock's sample answers: each function's sample holds a
    /// secret that is found and masked, and nothing of it is left in the text.
    #[test]
    fn the_spec_marks_the_secrets_of_its_samples() {
        let marked: Vec<&str> = voipms_api::catalog::FUNCTIONS
            .iter()
            .filter(|f| !f.secrets.is_empty())
            .map(|f| f.name)
            .collect();
        for f in [
            "getSubAccounts",
            "getClients",
            "getVoicemails",
            "getDISAs",
            "getConferenceMembers",
            "getDIDsInfo",
            "getEmailToFax",
            "getQueues",
        ] {
            assert!(marked.contains(&f), "{f} has a secret field: {marked:?}");
        }
        for f in ["getSubAccounts", "getClients", "getEmailToFax"] {
            let sample = voipms_api::mock::example_response(f).expect("a sample");
            let mut v: Value = serde_json::from_str(sample).unwrap();
            let found = mask(f, &mut v);
            assert!(!found.is_empty(), "{f}");
            let text = mask_text(f, sample, None);
            for secret in &found {
                assert!(!text.contains(&format!("\"{secret}\"")), "{f}: {text}");
            }
        }
    }

    #[test]
    fn soap_text_has_the_typed_secrets_replaced() {
        let typed = json!({"accounts": [{"password": "hunter22"}]});
        let soap = "<password xsi:type=\"xsd:string\">hunter22</password>";
        assert_eq!(
            mask_text("getSubAccounts", soap, Some(&typed)),
            format!("<password xsi:type=\"xsd:string\">{MASK}</password>")
        );
    }
}
