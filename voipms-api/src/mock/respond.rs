//! What the mock answers to one call: the rules of the module documentation, as a pure function
//! of the parameters received.

use super::{Canned, MockRequest, State, deliver, last, samples};
use crate::meta::{FunctionMeta, ParamMeta};
use crate::validate::{self, Rule, Subject};
use crate::wire::Form;
use crate::{ErrorCode, Transport};

/// The JSON body answering `params` (query string and form body, in order).
pub(super) fn respond(
    state: &State,
    transport: Transport,
    credentials_in_url: bool,
    params: Vec<(String, String)>,
) -> String {
    match answer(state, transport, credentials_in_url, params) {
        Ok(body) => body,
        Err(code) => status(&code),
    }
}

fn status(code: &ErrorCode) -> String {
    serde_json::json!({ "status": code.as_str() }).to_string()
}

fn answer(
    state: &State,
    transport: Transport,
    credentials_in_url: bool,
    params: Vec<(String, String)>,
) -> Result<String, ErrorCode> {
    let user = last(&params, "api_username").filter(|v| !v.is_empty());
    let pass = last(&params, "api_password").filter(|v| !v.is_empty());
    let (Some(user), Some(pass)) = (user, pass) else {
        return Err(ErrorCode::MissingCredentials);
    };
    if user != state.username || pass != state.password {
        return Err(ErrorCode::InvalidCredentials);
    }
    let Some(method) = last(&params, "method").filter(|v| !v.is_empty()) else {
        return Err(ErrorCode::MissingMethod);
    };
    let Some(f) = crate::catalog::function(method) else {
        return Err(ErrorCode::InvalidMethod);
    };
    let rest: Vec<(String, String)> = params
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "api_username" | "api_password" | "method"))
        .collect();
    if let Ok(mut log) = state.log.lock() {
        log.push(MockRequest {
            function: f.name.to_string(),
            transport,
            credentials_in_url,
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
pub(super) fn check(f: &FunctionMeta, params: &[(String, String)]) -> Result<(), ErrorCode> {
    for p in f.params.iter().filter(|p| p.required) {
        // Last value wins, as in PHP: an empty value after a full one is absent.
        let present = params
            .iter()
            .filter(|(k, _)| p.is_named(k))
            .any(|(k, _)| last(params, k).is_some_and(|v| !v.is_empty()));
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
    let p = match e.subject {
        Subject::DateRange { .. } => return Err(ErrorCode::InvalidDaterange),
        Subject::Param(name) => f.param(name),
        Subject::Undocumented(_) => None,
    };
    match p.and_then(|p| invalid_code(p, &e.rule)) {
        Some(code) => Err(code),
        // No documented code for this rule: accepted (see the module documentation).
        None => Ok(()),
    }
}

/// `missing_<param>` when documented, else the generic `missing_params`.
pub(super) fn missing_code(p: &ParamMeta) -> ErrorCode {
    p.codes.missing.cloned().unwrap_or(ErrorCode::MissingParams)
}

/// The documented code for a value of `p` that breaks `rule`, if the error table has one.
pub(super) fn invalid_code(p: &ParamMeta, rule: &Rule) -> Option<ErrorCode> {
    let too_long = matches!(rule, Rule::TooLong { .. }).then_some(p.codes.too_long);
    too_long.flatten().or(p.codes.invalid).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(f: &str, p: &str) -> &'static ParamMeta {
        crate::catalog::function(f)
            .and_then(|f| f.param(p))
            .unwrap_or_else(|| panic!("{f}.{p} is in the spec"))
    }

    #[test]
    fn missing_codes_follow_the_error_table() {
        let code = |f, p| missing_code(param(f, p)).as_str().to_string();
        assert_eq!(code("sendSMS", "did"), "missing_did");
        assert_eq!(code("createSubAccount", "auth_type"), "missing_authtype");
        assert_eq!(code("getCDR", "date_from"), "missing_from_date");
        assert_eq!(code("sendSMS", "dst"), "missing_params");
    }

    #[test]
    fn every_code_the_mock_can_answer_is_documented() {
        for f in crate::catalog::FUNCTIONS.iter() {
            for p in f.params {
                let codes = [Some(missing_code(p)), p.codes.invalid.cloned()];
                let codes = codes.into_iter().chain([p.codes.too_long.cloned()]);
                for code in codes.flatten() {
                    assert!(
                        ErrorCode::ALL.contains(&code),
                        "{}.{}: {code:?}",
                        f.name,
                        p.name
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
        let f = crate::catalog::function("getCDR").expect("getCDR");
        let mut ok: Vec<(String, String)> = samples::example_params(f)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(check(f, &ok), Ok(()));
        ok.retain(|(k, _)| k != "date_from");
        ok.push(("date_from".into(), "yesterday".into()));
        assert_eq!(check(f, &ok), Err(ErrorCode::InvalidDateFrom));
        let threshold = param("setClientThreshold", "threshold");
        let rule = Rule::Required;
        assert_eq!(
            invalid_code(threshold, &rule).map(|c| c.as_str().to_string()),
            Some("Invalid_threshold".to_string())
        );
        // A text over its length limit gets `<param>_toolong` where documented.
        let name = param("setLocation", "name");
        let rule = Rule::TooLong {
            chars: 200,
            max: 160,
        };
        assert_eq!(invalid_code(name, &rule), Some(ErrorCode::NameToolong));
        assert_eq!(
            invalid_code(name, &Rule::Required),
            Some(ErrorCode::InvalidName)
        );
    }
}
