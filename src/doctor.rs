//! `voipms doctor`: checks, in order, what a first call needs, and says for each what to fix:
//! credentials present, the endpoint reachable and reading the request form (a SOAP fault or
//! `missing_method` means it did not), `getIP` (the address VoIP.ms sees, for the
//! portal's allow-list), and a cheap authenticated call (`getBalance`).

use voipms_api::general::{GetBalance, GetIp};
use voipms_api::{Error, ErrorCode};

use crate::args::Connection;
use crate::call;
use crate::failure::Failure;

/// One check's outcome, printed as a line.
struct Line {
    ok: bool,
    check: &'static str,
    text: String,
}

/// What to do about a failed call, in the words of this tool.
pub fn fix(e: &Error) -> String {
    match e.api_code() {
        Some(ErrorCode::InvalidCredentials) => "check VOIPMS_API_USERNAME (the account's e-mail) \
             and VOIPMS_API_PASSWORD (the API password set on the portal's API page, not the \
             portal login)"
            .to_string(),
        Some(ErrorCode::IpNotEnabled) => "allow this machine's address on the portal's API page \
             (the getIP line shows it when VoIP.ms answers it)"
            .to_string(),
        Some(ErrorCode::ApiLimitExceeded) => {
            "too many calls: wait a minute and try again".to_string()
        }
        Some(_) => "see the message above".to_string(),
        None if e.is_timeout() => "raise --timeout SECONDS, or try again later".to_string(),
        None => match e {
            Error::Transport { connect: true, .. } => {
                "check the network, proxy settings and --base-url / VOIPMS_BASE_URL".to_string()
            }
            // The reported cause: a form-urlencoded POST reaches rest.php's SOAP handler.
            Error::Unread { transport, .. } => format!(
                "the endpoint did not read the request form: check that --base-url / \
                 VOIPMS_BASE_URL is rest.php and that no proxy rewrites requests{}",
                if *transport == voipms_api::Transport::RestGet {
                    "; try without --get"
                } else {
                    "; try --get to compare"
                }
            ),
            Error::Http {
                status: 500..=599, ..
            } => "VoIP.ms is failing: try again later".to_string(),
            _ => "check --base-url / VOIPMS_BASE_URL: something other than the API answered"
                .to_string(),
        },
    }
}

/// A failed check: its line (the failure in this tool's words, then what to fix) and the
/// failure.
fn failed(check: &'static str, e: Error) -> (Line, Failure) {
    let hint = fix(&e);
    let function = e.function().to_string();
    let f = Failure::from(e);
    let said = f.to_string();
    // An API status prints as `code: description`; the function says which call it was.
    let said = if said.starts_with(&format!("{function}: ")) {
        said
    } else {
        format!("{function}: {said}")
    };
    let line = Line {
        ok: false,
        check,
        text: format!("{said}; fix: {hint}"),
    };
    (line, f)
}

/// Runs the checks; returns the report and the first failure (whose exit status the command
/// takes), if any.
pub async fn run(connection: &Connection) -> (String, Option<Failure>) {
    let mut lines: Vec<Line> = Vec::new();
    let mut failure = None;
    let report = |lines: &[Line], rest: &[&str]| {
        let mut out = String::new();
        for l in lines {
            let mark = if l.ok { "ok  " } else { "FAIL" };
            out.push_str(&format!("{mark}  {:<20}  {}\n", l.check, l.text));
        }
        for r in rest {
            out.push_str(&format!(
                "skip  {r:<20}  (not run: an earlier check failed)\n"
            ));
        }
        out
    };
    const CHECKS: [&str; 4] = [
        "credentials",
        "endpoint reachable",
        "getIP",
        "authenticated call",
    ];
    let client = match crate::config::credentials().and_then(|_| call::client(connection)) {
        Ok(c) => c,
        Err(f) => {
            lines.push(Line {
                ok: false,
                check: CHECKS[0],
                text: f.to_string(),
            });
            return (report(&lines, &CHECKS[1..]), Some(f));
        }
    };
    lines.push(Line {
        ok: true,
        check: CHECKS[0],
        text: "VOIPMS_API_USERNAME and VOIPMS_API_PASSWORD are set".to_string(),
    });
    // Against a mock or a proxy, the report must not read as if VoIP.ms itself answered.
    let who = match crate::config::base_url(connection.base_url.as_deref()) {
        Ok(Some((url, _))) if url != voipms_api::DEFAULT_BASE_URL => {
            format!("the server at {url} (not VoIP.ms's endpoint)")
        }
        _ => "VoIP.ms".to_string(),
    };
    match client.get_ip(GetIp::new()).await {
        Ok(r) => {
            lines.push(Line {
                ok: true,
                check: CHECKS[1],
                text: format!("{who} answered"),
            });
            lines.push(Line {
                ok: true,
                check: CHECKS[2],
                text: format!(
                    "{who} sees this machine as {}: VoIP.ms's portal API page must allow the \
                     address VoIP.ms sees",
                    r.ip.as_deref().unwrap_or("(no address in the answer)")
                ),
            });
        }
        Err(e) if e.api_code().is_some() => {
            lines.push(Line {
                ok: true,
                check: CHECKS[1],
                text: format!("{who} answered"),
            });
            let (line, f) = failed(CHECKS[2], e);
            lines.push(line);
            failure = Some(f);
        }
        Err(e) => {
            let (line, f) = failed(CHECKS[1], e);
            lines.push(line);
            return (report(&lines, &CHECKS[2..]), Some(f));
        }
    }
    if failure.is_some() {
        return (report(&lines, &CHECKS[3..]), failure);
    }
    match client.get_balance(GetBalance::new()).await {
        Ok(_) => lines.push(Line {
            ok: true,
            check: CHECKS[3],
            text: "getBalance succeeded: the credentials work from this machine".to_string(),
        }),
        Err(e) => {
            let (line, f) = failed(CHECKS[3], e);
            lines.push(line);
            failure = Some(f);
        }
    }
    (report(&lines, &[]), failure)
}
