//! The status codes a function is likely to answer, derived from the spec (no source lists them
//! per function):
//!
//! 1. [`Why::Param`]: `missing_<param>`, `invalid_<param>`, `invalid_recording_<param>`,
//!    `<param>_toolong`, `used_<param>` of its own parameters (names and aliases; case and
//!    underscores ignored, two-word names also reversed: `date_from` finds
//!    `missing_from_date`); [`param_codes`] picks the ones the mock answers per parameter;
//! 2. [`Why::Text`]: codes whose documented text names what the function works on: the
//!    function's name without its verb (`createSubAccount` -> "subaccount", `getCDR` -> "cdr"),
//!    singular, found in the description with spaces and dashes ignored;
//! 3. [`Why::Common`]: [`COMMON`], the codes every call can answer (credentials, IP, API access,
//!    limits, method).

use super::{Api, Function};
use crate::spec::{Param, Type};

/// Codes any call can answer, whatever the function.
pub const COMMON: &[&str] = &[
    "missing_credentials",
    "invalid_credentials",
    "ip_not_enabled",
    "api_not_enabled",
    "api_limit_exceeded",
    "missing_method",
    "invalid_method",
    "method_maintenance",
];

/// Why a code is listed for a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// About one of its parameters.
    Param,
    /// Its documented text names what the function works on.
    Text,
    /// Every call can answer it.
    Common,
}

impl Why {
    /// How it was derived, for the docs.
    pub fn describe(self) -> &'static str {
        match self {
            Why::Param => "about a parameter",
            Why::Text => "its text names what the function works on",
            Why::Common => "any call",
        }
    }
}

/// One likely code of a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionError {
    /// The wire code.
    pub code: String,
    /// The `ErrorCode` variant.
    pub variant: String,
    /// How it was derived.
    pub why: Why,
}

/// Verbs that start function names; what follows names what the function works on.
const VERBS: &[&str] = &[
    "get",
    "set",
    "del",
    "create",
    "send",
    "order",
    "add",
    "remove",
    "cancel",
    "back",
    "search",
    "update",
    "mark",
    "move",
    "connect",
    "disconnect",
    "unconnect",
    "signup",
    "request",
];

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A code's description as the function's subject is looked for in it: lowercase, spaces,
/// dashes, underscores and quotes dropped (`sub-account`, `'JoinWhenEmpty' Type` ->
/// "subaccount", "joinwhenemptytype"), other punctuation kept as a boundary, so "hh:mm:ss"
/// does not read as "mms".
fn description_text(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\'' | '"'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What the function works on, normalized and singular (`getDIDsInfo` -> "didsinfo" is left
/// as is; `getCallbacks` -> "callback"; `sendSMS` -> "sms").
fn subject(name: &str) -> Option<String> {
    let verb = VERBS
        .iter()
        .filter(|v| name.starts_with(*v))
        .max_by_key(|v| v.len())?;
    let rest = normalize(&name[verb.len()..]);
    // Singular, unless that leaves too little: `sendSMS` works on "sms", not "sm".
    let rest = match rest.strip_suffix('s') {
        Some(singular) if singular.len() >= 3 => singular.to_string(),
        _ => rest,
    };
    // Too short to name anything specific ("ip", "mm").
    (rest.len() >= 3).then_some(rest)
}

/// How a code may name parameter `p`: its name, then its aliases, each normalized and, for a
/// two-word name, also reversed (`date_from` -> `datefrom`, `fromdate`).
fn spellings(p: &Param) -> Vec<String> {
    let mut out = Vec::new();
    for name in std::iter::once(&p.name).chain(&p.aliases) {
        out.push(normalize(name));
        if let Some((a, b)) = name.split_once('_')
            && !b.contains('_')
        {
            out.push(normalize(&format!("{b}{a}")));
        }
    }
    out
}

/// The status codes the mock answers for one parameter, as `ErrorCode` variant names: the
/// error table's own codes for it, found as in [`Why::Param`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamCodes {
    /// When it is absent or empty: `missing_<param>`, else the generic `missing_params`.
    pub missing: Option<String>,
    /// When its value breaks a rule: `invalid_<param>` (or `invalid_recording_<param>`), else
    /// `invalid_date` / `invalid_datetime` for a date; `None` when nothing is documented.
    pub invalid: Option<String>,
    /// When its text is too long: `<param>_toolong`, if documented.
    pub too_long: Option<String>,
}

/// The codes of parameter `p` (see [`ParamCodes`]).
pub fn param_codes(api: &Api, p: &Param) -> ParamCodes {
    let names = spellings(p);
    let variant = |code: &str| {
        api.error_codes
            .iter()
            .find(|e| normalize(&e.spec.code) == code)
            .map(|e| e.name.clone())
    };
    let own = |prefix: &str, suffix: &str| {
        names
            .iter()
            .find_map(|s| variant(&format!("{prefix}{s}{suffix}")))
    };
    let of_type = match p.ty {
        Type::Date => variant("invaliddate"),
        Type::DateTime => variant("invaliddatetime"),
        _ => None,
    };
    ParamCodes {
        missing: own("missing", "").or_else(|| variant("missingparams")),
        invalid: own("invalid", "")
            .or_else(|| own("invalidrecording", ""))
            .or(of_type),
        too_long: own("", "toolong"),
    }
}

/// The codes the metadata rows of `params` name (what the mock answers: `missing_params` for a
/// parameter without its own `missing_` code, `invalid_date` for a date...), as variant names.
pub fn param_row_codes(api: &Api, params: &[Param]) -> Vec<String> {
    params
        .iter()
        .flat_map(|p| {
            let c = param_codes(api, p);
            [c.missing, c.invalid, c.too_long]
        })
        .flatten()
        .collect()
}

/// The likely codes of function `f`, in the error table's order, each once.
pub fn function_errors(api: &Api, f: &Function) -> Vec<FunctionError> {
    let by_name: Vec<String> = f
        .spec
        .params
        .iter()
        .flat_map(spellings)
        .flat_map(|s| {
            [
                format!("missing{s}"),
                format!("invalid{s}"),
                format!("invalidrecording{s}"),
                format!("{s}toolong"),
                format!("used{s}"),
            ]
        })
        .collect();
    let metadata = param_row_codes(api, &f.spec.params);
    let subject = subject(&f.spec.name);
    api.error_codes
        .iter()
        .filter_map(|e| {
            let code = &e.spec.code;
            // The codes any call can answer are listed once, as such, whatever else they match
            // (`api_not_enabled`'s text names DISA: "disabled").
            let why = if COMMON.contains(&code.as_str()) {
                Why::Common
            } else if by_name.contains(&normalize(code)) || metadata.contains(&e.name) {
                Why::Param
            } else if subject
                .as_ref()
                .is_some_and(|s| description_text(&e.spec.description).contains(s.as_str()))
            {
                Why::Text
            } else {
                return None;
            };
            Some(FunctionError {
                code: code.clone(),
                variant: e.name.clone(),
                why,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{description_text, subject};

    #[test]
    fn the_subject_is_singular_unless_too_short() {
        assert_eq!(subject("getCallbacks").as_deref(), Some("callback"));
        assert_eq!(subject("sendSMS").as_deref(), Some("sms"));
        assert_eq!(subject("getCDR").as_deref(), Some("cdr"));
        assert_eq!(subject("getIP"), None);
    }

    #[test]
    fn a_subject_is_found_across_spaces_dashes_and_quotes_only() {
        let found = |subject: &str, text: &str| description_text(text).contains(subject);
        assert!(found(
            "subaccount",
            "You already have a sub-account using this Username."
        ));
        assert!(found(
            "joinwhenemptytype",
            "This is not a valid 'JoinWhenEmpty' Type for a Queue"
        ));
        assert!(found("sms", "The SMS message was not sent"));
        // Not across other punctuation: getMMS does not work on date formats.
        assert!(!found(
            "mms",
            "Invalid DateTime format, e.g. yyyy-mm-dd hh:mm:ss"
        ));
    }
}
