//! What the mock answers to one call: the rules of the module documentation, as a pure function
//! of the parameters received.

use std::sync::OnceLock;

use super::{Canned, MockRequest, State, deliver, samples};
use crate::ErrorCode;
use crate::meta::{self, FunctionMeta, ParamMeta, WireType};
use crate::validate;
use crate::wire::Form;

/// The JSON body answering `params` (query string and form body, in order).
pub(super) fn respond(state: &State, params: Vec<(String, String)>) -> String {
    match answer(state, params) {
        Ok(body) => body,
        Err(code) => status(&code),
    }
}

fn status(code: &str) -> String {
    serde_json::json!({ "status": code }).to_string()
}

/// The last value of `name`, PHP's rule for repeated names.
pub(super) fn last<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn answer(state: &State, params: Vec<(String, String)>) -> Result<String, String> {
    let user = last(&params, "api_username").filter(|v| !v.is_empty());
    let pass = last(&params, "api_password").filter(|v| !v.is_empty());
    let (Some(user), Some(pass)) = (user, pass) else {
        return Err(ErrorCode::MissingCredentials.as_str().to_string());
    };
    if user != state.username || pass != state.password {
        return Err(ErrorCode::InvalidCredentials.as_str().to_string());
    }
    let Some(method) = last(&params, "method").filter(|v| !v.is_empty()) else {
        return Err(ErrorCode::MissingMethod.as_str().to_string());
    };
    let Some(f) = meta::function(method) else {
        return Err(ErrorCode::InvalidMethod.as_str().to_string());
    };
    let rest: Vec<(String, String)> = params
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "api_username" | "api_password" | "method"))
        .collect();
    if let Ok(mut log) = state.log.lock() {
        log.push(MockRequest {
            function: f.name.to_string(),
            params: rest.clone(),
        });
    }
    check(f, &rest)?;
    deliver::record(state, f.name, &rest);
    Ok(match state.canned.get(f.name) {
        Some(Canned::Body(body)) => body.clone(),
        Some(Canned::Fail(code)) => status(code),
        None => deliver::listing(state, f.name, &rest).unwrap_or_else(|| {
            samples::example_response(f.name)
                .unwrap_or(r#"{"status":"success"}"#)
                .to_string()
        }),
    })
}

/// The documented status code for the first parameter problem of a call, if any.
pub(super) fn check(f: &FunctionMeta, params: &[(String, String)]) -> Result<(), String> {
    for p in f.params.iter().filter(|p| p.required) {
        let present = std::iter::once(p.name)
            .chain(p.aliases.iter().copied())
            .any(|n| last(params, n).is_some_and(|v| !v.is_empty()));
        if !present {
            return Err(missing_code(p));
        }
    }
    // Last value wins, as in PHP: validate what the server would see.
    let mut form = Form::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if !params[i + 1..].iter().any(|(k2, _)| k2 == k) {
            form.put_raw(k.clone(), v.clone());
        }
    }
    let Err(e) = validate::check(f, &form, false) else {
        return Ok(());
    };
    if e.param.contains('/') {
        return Err(ErrorCode::InvalidDaterange.as_str().to_string());
    }
    let Some(p) = f.param(&e.param) else {
        return Ok(());
    };
    let value = std::iter::once(p.name)
        .chain(p.aliases.iter().copied())
        .find_map(|n| form.get(n))
        .unwrap_or_default();
    match invalid_code(p, value) {
        Some(code) => Err(code),
        // No documented code for this rule: accepted (see the module documentation).
        None => Ok(()),
    }
}

/// `missing_<param>` when documented, else the generic `missing_params`.
pub(super) fn missing_code(p: &ParamMeta) -> String {
    documented("missing_", p, "").unwrap_or_else(|| ErrorCode::MissingParams.as_str().to_string())
}

/// The documented code for an invalid value of `p`, if the error table has one.
pub(super) fn invalid_code(p: &ParamMeta, value: &str) -> Option<String> {
    let too_long = p
        .max_length
        .is_some_and(|max| value.chars().count() > max as usize);
    if too_long && let Some(code) = documented("", p, "_toolong") {
        return Some(code);
    }
    documented("invalid_", p, "")
        .or_else(|| documented("invalid_recording_", p, ""))
        .or_else(|| match p.ty {
            WireType::Date => Some(ErrorCode::InvalidDate.as_str().to_string()),
            WireType::DateTime => Some(ErrorCode::InvalidDatetime.as_str().to_string()),
            _ => None,
        })
}

/// A documented code spelled `prefix + name + suffix` for the parameter's name or an alias,
/// ignoring case and underscores; two-word names are also tried reversed (`date_from` ->
/// `from_date`).
fn documented(prefix: &str, p: &ParamMeta, suffix: &str) -> Option<String> {
    let table = codes();
    for name in std::iter::once(p.name).chain(p.aliases.iter().copied()) {
        let mut spellings = vec![name.to_string()];
        if let Some((a, b)) = name.split_once('_')
            && !b.contains('_')
        {
            spellings.push(format!("{b}_{a}"));
        }
        for s in spellings {
            let key = normalize(&format!("{prefix}{s}{suffix}"));
            if let Some((_, code)) = table.iter().find(|(k, _)| *k == key) {
                return Some(code.clone());
            }
        }
    }
    None
}

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Every documented code, with its normalized spelling.
fn codes() -> &'static [(String, String)] {
    static CODES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CODES.get_or_init(|| {
        ErrorCode::ALL
            .iter()
            .map(|c| (normalize(c.as_str()), c.as_str().to_string()))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(f: &str, p: &str) -> &'static ParamMeta {
        meta::function(f)
            .and_then(|f| f.param(p))
            .unwrap_or_else(|| panic!("{f}.{p} is in the spec"))
    }

    #[test]
    fn missing_codes_follow_the_error_table() {
        assert_eq!(missing_code(param("sendSMS", "did")), "missing_did");
        assert_eq!(
            missing_code(param("createSubAccount", "auth_type")),
            "missing_authtype"
        );
        assert_eq!(
            missing_code(param("getCDR", "date_from")),
            "missing_from_date"
        );
        assert_eq!(missing_code(param("sendSMS", "dst")), "missing_params");
    }

    #[test]
    fn every_code_the_mock_can_answer_is_documented() {
        for f in meta::FUNCTIONS.iter() {
            for p in f.params {
                let code = missing_code(p);
                assert!(
                    !matches!(ErrorCode::from_code(&code), ErrorCode::Unknown(_)),
                    "{}: {code}",
                    f.name
                );
                if let Some(code) = invalid_code(p, "") {
                    assert!(
                        !matches!(ErrorCode::from_code(&code), ErrorCode::Unknown(_)),
                        "{}: {code}",
                        f.name
                    );
                }
            }
        }
        for c in ["invalid_method", "missing_method", "invalid_credentials"] {
            assert!(!matches!(ErrorCode::from_code(c), ErrorCode::Unknown(_)));
        }
    }

    #[test]
    fn invalid_values_get_their_documented_code() {
        let f = meta::function("getCDR").expect("getCDR");
        let mut ok: Vec<(String, String)> = samples::example_params(f)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(check(f, &ok), Ok(()));
        ok.retain(|(k, _)| k != "date_from");
        ok.push(("date_from".into(), "yesterday".into()));
        assert_eq!(check(f, &ok), Err("invalid_date_from".to_string()));
        let threshold = param("setClientThreshold", "threshold");
        assert_eq!(
            invalid_code(threshold, "0").as_deref(),
            Some("Invalid_threshold")
        );
    }
}
