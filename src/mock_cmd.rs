//! `voipms mock`: the spec-driven mock of VoIP.ms, from the shell.

use std::net::SocketAddr;

use voipms_api::mock::{
    DEFAULT_PASSWORD, DEFAULT_USERNAME, InboundMessage, MockServer, request_delivery,
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

/// Serves until Ctrl-C. The credentials are the environment's when both are set (so the same
/// shell can call it), else the published defaults. The password is printed only when it is
/// the default.
pub async fn run(addr: SocketAddr, answers: Vec<(&'static str, String)>) -> Result<(), Failure> {
    let from_env = config::var(USERNAME_VAR).zip(config::var(PASSWORD_VAR));
    let (username, password) = credentials();
    let mut builder = MockServer::builder()
        .credentials(username.clone(), password)
        .addr(addr);
    for (function, body) in answers {
        builder = builder.respond(function, body);
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
         Every function of the spec answers its sample response (or its --answer). Call it \
         from another shell:\n\
         {password_line}  \
         export VOIPMS_BASE_URL={url}\n  \
         voipms call getBalance\n\
         Inbound messages go to the callbacks a setSMS configured:\n  \
         voipms mock deliver --mock {url} --from 5557654321 --to 5551234567 --message hi\n\
         Ctrl-C stops it.\n",
        url = mock.url(),
    ))?;
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Failure::Transport(format!("waiting for Ctrl-C: {e}")))?;
    mock.shutdown().await;
    Ok(())
}
