//! `voipms mock`: the spec-driven mock of VoIP.ms, from the shell.

use std::net::SocketAddr;

use std::time::Duration;

use voipms_api::ErrorCode;
use voipms_api::mock::{
    DEFAULT_PASSWORD, DEFAULT_USERNAME, InboundMessage, MockBuilder, MockServer, request_delivery,
};

use crate::config::{self, PASSWORD_VAR, USERNAME_VAR};
use crate::describe;
use crate::failure::Failure;
use crate::output;

/// The `--answer FUNCTION=@FILE` / `FUNCTION=TEXT` options as (wire name, body) pairs.
pub fn answers(specs: &[String]) -> Result<Vec<(&'static str, String)>, Failure> {
    specs
        .iter()
        .map(|spec| {
            let Some((function, body)) = spec.split_once('=') else {
                return Err(Failure::Usage(format!(
                    "--answer `{spec}`: write FUNCTION=@FILE or FUNCTION=BODY"
                )));
            };
            let f = describe::lookup(function.trim())?;
            let body = match body.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path).map_err(|e| {
                    Failure::Usage(format!("--answer {}: cannot read {path}: {e}", f.name))
                })?,
                None => body.to_string(),
            };
            Ok((f.name, body))
        })
        .collect()
}

/// The credentials a mock started from this environment accepts (see [`run`]).
fn credentials() -> (String, String) {
    config::var(USERNAME_VAR)
        .zip(config::var(PASSWORD_VAR))
        .unwrap_or_else(|| (DEFAULT_USERNAME.to_string(), DEFAULT_PASSWORD.to_string()))
}

/// `voipms mock deliver`: asks the running mock at `mock` to deliver a message; returns the
/// delivery report as pretty JSON.
pub async fn deliver(
    mock: &str,
    from: String,
    to: String,
    message: String,
    media: Vec<String>,
) -> Result<String, Failure> {
    let (username, password) = credentials();
    let mut msg = InboundMessage::new(from, to, message);
    msg.media = media;
    let report = request_delivery(mock, &username, &password, &msg)
        .await
        .map_err(Failure::Transport)?;
    Ok(output::json(&report))
}

/// A configured misbehaviour of one function.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// `--fail FUNCTION=CODE`.
    Status(&'static str, ErrorCode),
    /// `--http-status FUNCTION=STATUS`.
    Http(&'static str, u16),
    /// `--delay FUNCTION=SECONDS`.
    Delay(&'static str, Duration),
}

/// Splits `FUNCTION=VALUE`, the function checked against the spec.
fn function_value<'a>(option: &str, spec: &'a str) -> Result<(&'static str, &'a str), Failure> {
    let Some((function, value)) = spec.split_once('=') else {
        return Err(Failure::Usage(format!(
            "{option} `{spec}`: write FUNCTION=VALUE"
        )));
    };
    Ok((describe::lookup(function.trim())?.name, value.trim()))
}

/// The `--fail`, `--http-status` and `--delay` options.
pub fn faults(fail: &[String], http: &[String], delay: &[String]) -> Result<Vec<Fault>, Failure> {
    let mut out = Vec::new();
    for spec in fail {
        let (f, code) = function_value("--fail", spec)?;
        let code = ErrorCode::from_code(code);
        if matches!(code, ErrorCode::Unknown(_)) {
            return Err(Failure::Usage(format!(
                "--fail {spec}: `{}` is not a documented status code (`voipms describe {f}` \
                 lists the function's)",
                code.as_str()
            )));
        }
        out.push(Fault::Status(f, code));
    }
    for spec in http {
        let (f, status) = function_value("--http-status", spec)?;
        match status.parse::<u16>() {
            Ok(s @ 100..=599) => out.push(Fault::Http(f, s)),
            _ => {
                return Err(Failure::Usage(format!(
                    "--http-status {spec}: `{status}` is not an HTTP status (100 to 599)"
                )));
            }
        }
    }
    for spec in delay {
        let (f, secs) = function_value("--delay", spec)?;
        match secs.parse::<f64>() {
            Ok(s) if (0.0..=3600.0).contains(&s) => {
                out.push(Fault::Delay(f, Duration::from_secs_f64(s)));
            }
            _ => {
                return Err(Failure::Usage(format!(
                    "--delay {spec}: `{secs}` is not a number of seconds (0 to 3600)"
                )));
            }
        }
    }
    Ok(out)
}

fn apply(builder: MockBuilder, fault: Fault) -> MockBuilder {
    match fault {
        Fault::Status(f, code) => builder.fail(f, code),
        Fault::Http(f, status) => builder.http_status(f, status),
        Fault::Delay(f, d) => builder.delay(f, d),
    }
}

/// One received request as a log line: credentials are never recorded by the mock, and
/// parameters that carry a password (`password`, `smpp_pass`...) are masked.
pub fn log_line(r: &voipms_api::mock::MockRequest) -> String {
    let mut line = format!("voipms mock: {} ({})", r.function, r.transport.as_str());
    for (k, v) in &r.params {
        let v = if k.to_ascii_lowercase().contains("pass") {
            "<redacted>"
        } else {
            v.as_str()
        };
        line.push_str(&format!(" {k}={v}"));
    }
    line
}

/// What the mock answers instead of the spec's samples.
pub struct Answers {
    /// A directory of saved answers (`--answers DIR`).
    pub saved: Option<std::path::PathBuf>,
    /// `--answer FUNCTION=...` bodies, which win over saved ones.
    pub given: Vec<(&'static str, String)>,
}

/// Serves until Ctrl-C. The credentials are the environment's when both are set (so the same
/// shell can call it), else the published defaults. The password is printed only when it is
/// the default.
pub async fn run(
    addr: SocketAddr,
    answers: Answers,
    faults: Vec<Fault>,
    log: bool,
) -> Result<(), Failure> {
    let from_env = config::var(USERNAME_VAR).zip(config::var(PASSWORD_VAR));
    let (username, password) = credentials();
    let mut builder = MockServer::builder()
        .credentials(username.clone(), password)
        .addr(addr);
    if let Some(dir) = &answers.saved {
        builder = builder
            .answers_from(dir)
            .map_err(|e| Failure::Usage(format!("--answers: {e}")))?;
    }
    for (function, body) in answers.given {
        builder = builder.respond(function, body);
    }
    for fault in faults {
        builder = apply(builder, fault);
    }
    let mock = builder
        .start()
        .await
        .map_err(|e| Failure::Transport(format!("cannot listen on {addr}: {e}")))?;
    if !addr.ip().is_loopback() {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "warning: listening on {}, not a loopback address: anyone who can reach it \
                 can use the mock\n",
                mock.addr()
            )
            .as_bytes(),
        );
    }
    let password_line = if from_env.is_some() {
        format!("  # {USERNAME_VAR} and {PASSWORD_VAR} are already set: the mock accepts them\n")
    } else {
        format!("  export {USERNAME_VAR}={username} {PASSWORD_VAR}={DEFAULT_PASSWORD}\n")
    };
    output::emit(&format!(
        "VoIP.ms mock listening on {url}\n\
         Every function of the spec answers its sample response (or its --answer or saved \
         answer). Call it \
         from another shell:\n\
         {password_line}  \
         export VOIPMS_BASE_URL={url}\n  \
         voipms call getBalance\n\
         The same over SOAP (served at {soap_url}):\n  \
         voipms call --soap getBalance\n\
         Inbound messages go to the callbacks a setSMS configured:\n  \
         voipms mock deliver --mock {url} --from 5557654321 --to 5551234567 --message hi\n\
         Ctrl-C stops it.\n",
        url = mock.url(),
        soap_url = mock.soap_url(),
    ))?;
    let mock = std::sync::Arc::new(mock);
    let logger = log.then(|| {
        let mock = std::sync::Arc::clone(&mock);
        tokio::spawn(async move {
            let mut logged = 0;
            loop {
                tokio::time::sleep(Duration::from_millis(100)).await;
                let requests = mock.requests();
                for r in requests.iter().skip(logged) {
                    eprintln!("{}", log_line(r));
                }
                logged = requests.len();
            }
        })
    });
    let stopped = tokio::signal::ctrl_c()
        .await
        .map_err(|e| Failure::Transport(format!("waiting for Ctrl-C: {e}")));
    if let Some(logger) = logger {
        logger.abort();
        let _ = logger.await;
    }
    stopped?;
    if let Ok(mock) = std::sync::Arc::try_unwrap(mock) {
        mock.shutdown().await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn faults_are_checked_against_the_spec() {
        let f = faults(
            &strings(&["sendSMS=sms_failed"]),
            &strings(&["getCDR=503"]),
            &strings(&["getIP=0.5"]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            f,
            [
                Fault::Status("sendSMS", ErrorCode::SmsFailed),
                Fault::Http("getCDR", 503),
                Fault::Delay("getIP", Duration::from_millis(500)),
            ]
        );
        for (fail, http, delay) in [
            (&["sendSMS=no_such_code"][..], &[][..], &[][..]),
            (&["sendSMX=sms_failed"][..], &[][..], &[][..]),
            (&[][..], &["getCDR=700"][..], &[][..]),
            (&[][..], &[][..], &["getIP=soon"][..]),
        ] {
            assert!(matches!(
                faults(&strings(fail), &strings(http), &strings(delay)),
                Err(Failure::Usage(_))
            ));
        }
    }

    #[test]
    fn log_lines_mask_passwords() {
        let r = voipms_api::mock::MockRequest {
            function: "createSubAccount".to_string(),
            transport: voipms_api::Transport::Rest,
            credentials_in_url: false,
            params: vec![
                ("username".to_string(), "VoIP".to_string()),
                ("password".to_string(), "s3cret".to_string()),
            ],
        };
        assert_eq!(
            log_line(&r),
            "voipms mock: createSubAccount (rest) username=VoIP password=<redacted>"
        );
    }
}
