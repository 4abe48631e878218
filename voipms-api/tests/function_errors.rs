//! Every function's metadata gives the status codes it is likely to answer
//! (`FunctionMeta::likely_errors`, derived from the spec by the generator): the codes any call can answer, the documented
//! `missing_<param>` / `invalid_<param>` codes of its own parameters, codes whose text names
//! what it works on. Checked over every function through `for_every_request!`.
#![cfg(feature = "all-categories")]

use voipms_api::meta::FunctionMeta;
use voipms_api::*;

const COMMON: &[ErrorCode] = &[
    ErrorCode::MissingCredentials,
    ErrorCode::InvalidCredentials,
    ErrorCode::IpNotEnabled,
    ErrorCode::ApiNotEnabled,
    ErrorCode::ApiLimitExceeded,
    ErrorCode::MissingMethod,
    ErrorCode::InvalidMethod,
    ErrorCode::MethodMaintenance,
];

fn likely(meta: &FunctionMeta) -> Vec<ErrorCode> {
    meta.likely_errors()
}

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn check(meta: &FunctionMeta, errors: &[ErrorCode], failures: &mut Vec<String>) {
    assert_eq!(
        ErrorCode::COMMON.as_slice(),
        COMMON,
        "the codes any call can answer"
    );
    for c in COMMON {
        if !errors.contains(c) {
            failures.push(format!("{}: lacks common {c:?}", meta.name));
        }
    }
    for (i, e) in errors.iter().enumerate() {
        if matches!(e, ErrorCode::Unknown(_)) || errors[..i].contains(e) {
            failures.push(format!("{}: {e:?} is unknown or repeated", meta.name));
        }
    }
    // Every documented missing_/invalid_ code spelled after one of its parameters is listed.
    for p in meta.params {
        for prefix in ["missing", "invalid"] {
            let want = normalize(&format!("{prefix}{}", p.name));
            if let Some(code) = ErrorCode::ALL
                .iter()
                .find(|c| normalize(c.as_str()) == want)
                && !errors.contains(code)
            {
                failures.push(format!("{}: lacks {code:?} of `{}`", meta.name, p.name));
            }
        }
    }
}

macro_rules! every {
    ($failures:expr, $count:expr, [$($ty:ty,)*]) => {
        $( check(<$ty as Request>::meta(), &likely(<$ty as Request>::meta()), &mut $failures); $count += 1; )*
    };
}

#[test]
fn every_request_lists_its_likely_codes() {
    let mut failures = Vec::new();
    let mut count = 0;
    voipms_api::for_every_request!(every!(failures, count,));
    assert_eq!(count, voipms_api::catalog::FUNCTIONS.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn codes_found_by_text_and_by_parameter() {
    use voipms_api::accounts::CreateSubAccount;
    use voipms_api::cdr::GetCdr;
    let sub_account = likely(CreateSubAccount::meta());
    let cdr = likely(GetCdr::meta());
    // "You already have a subaccount using this Username.": the page's only mention.
    assert!(sub_account.contains(&ErrorCode::UsedUsername));
    assert!(sub_account.contains(&ErrorCode::MissingUsername));
    // "There are no CDR entries for the filter" names what getCDR lists.
    assert!(cdr.contains(&ErrorCode::NoCdr));
    assert!(cdr.contains(&ErrorCode::InvalidTimezone));
    // The code a parameter's own row names counts too: `music` has no `missing_music`, so
    // its row names `missing_params`, which the function's list then holds once.
    let parking = likely(voipms_api::call_parking::SetCallParking::meta());
    assert_eq!(
        parking
            .iter()
            .filter(|c| **c == ErrorCode::MissingParams)
            .count(),
        1
    );
    // An acronym ending in "s" is not a plural: sendSMS works on "sms" ("The SMS message was
    // not sent"), found by trying the crate as a user.
    let sms = likely(voipms_api::dids::SendSms::meta());
    assert!(sms.contains(&ErrorCode::SmsFailed), "{sms:?}");
    assert!(sms.contains(&ErrorCode::SmsToolong), "{sms:?}");
    // Not every code: a sub-account's codes are not getCDR's.
    assert!(!cdr.contains(&ErrorCode::UsedUsername));
}
