//! The command line: subcommands, options and their help text.

use std::net::SocketAddr;

use crate::args::{CallArgs, Connection, ListenArgs, Names, Output, categories, functions};
use clap::{Parser, Subcommand};
use clap_complete::Shell;

/// Call the VoIP.ms API from the shell, or run a local mock of it.
///
/// Credentials come from the environment only: VOIPMS_API_USERNAME (the account's e-mail) and
/// VOIPMS_API_PASSWORD (the API password set on the portal's API page).
///
/// Exit status: 0 success, 1 the API answered an error, 2 a usage problem (unknown function or
/// parameter, missing or invalid value, missing credentials, bad base URL; nothing was sent),
/// 3 a transport, HTTP or decoding failure; more precisely 4 credentials refused, 5 rate
/// limited, 6 timed out, 7 could not connect, 8 HTTP 5xx, 9 an answer that does not decode.
#[derive(Debug, Parser)]
#[command(name = "voipms", version, max_term_width = 100)]
pub struct Cli {
    /// Output format: json (default for `call`), table (default for `functions` and
    /// `describe`), csv or jsonl.
    #[arg(long, global = true, value_enum)]
    pub output: Option<Output>,

    /// With table, csv or jsonl: only these fields of each record, in this order
    /// (comma-separated, e.g. --columns did,description,routing).
    #[arg(long, global = true, value_delimiter = ',', value_name = "A,B,C")]
    pub columns: Option<Vec<String>>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Call an API function.
    ///
    /// Example: voipms call getCDR date_from=2024-01-01 date_to=2024-01-31 timezone=-5
    /// answered=1
    ///
    /// Parameters are checked against the spec before anything is sent. The response is
    /// decoded into the function's typed response and printed.
    Call(CallArgs),
    /// Update a record without resetting its other settings: read it, apply the given
    /// parameters, send it whole (VoIP.ms resets what a setter is not sent).
    ///
    /// Example: voipms update setDIDInfo did=5551234567 note="front desk" --dry-run
    Update(crate::update::UpdateArgs),
    /// List the API functions.
    Functions {
        /// Only this documentation category (a name such as "DIDs" or a feature such as dids).
        #[arg(long, value_parser = Names(categories))]
        category: Option<String>,
    },
    /// Show a function's parameters (types, required flags, documentation) and a sample
    /// response.
    Describe {
        /// The function's wire name, e.g. sendSMS.
        #[arg(value_parser = Names(functions), hide_possible_values = true)]
        function: String,
    },
    /// Check the set-up, in order: credentials present, the endpoint reachable, getIP (the
    /// address VoIP.ms sees, for the portal's allow-list), a cheap authenticated call. Exit 0
    /// only when all pass, else the status of the first failure.
    Doctor {
        /// The endpoint and the time limit.
        #[command(flatten)]
        connection: Connection,
    },
    /// Print a shell completion script.
    ///
    /// Example: voipms completions bash > ~/.local/share/bash-completion/completions/voipms
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Check the spec against your own account: call every read function (never one that
    /// changes or spends anything), decode each answer, and list where it differed.
    ///
    /// Example: voipms probe --save answers/ --output json
    ///
    /// Reads that list things run first and feed their ids to the reads that need one;
    /// date-ranged reads get the last 7 days. Stops at refused credentials or a refused
    /// address. Exit 0 when every answer matched the spec, 1 when one drifted, else the
    /// statuses of `call`.
    Probe(crate::probe::ProbeArgs),
    /// Serve the whole API to AI agents over the Model Context Protocol (stdio, or streamable
    /// HTTP with --http): search, describe and call every function, reads only unless allowed.
    ///
    /// Example: voipms mcp --allow write
    ///
    /// Credentials come from VOIPMS_API_USERNAME / VOIPMS_API_PASSWORD, never from a tool's
    /// arguments, and never appear in its answers.
    #[cfg(feature = "mcp")]
    Mcp(crate::mcp::McpArgs),
    /// Run a local mock of VoIP.ms built from the spec, until interrupted.
    ///
    /// It accepts the credentials in VOIPMS_API_USERNAME / VOIPMS_API_PASSWORD when set, else
    /// mock@example.com / mock-password.
    #[command(args_conflicts_with_subcommands = true)]
    Mock {
        /// The address to listen on (port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,

        /// Answer valid calls of FUNCTION with this body instead of the spec's sample:
        /// FUNCTION=@FILE reads it from a file, FUNCTION=TEXT takes it as written. Repeatable.
        ///
        /// Example: --answer getConference=@conference.json
        #[arg(long, value_name = "FUNCTION=@FILE")]
        answer: Vec<String>,

        /// Answer valid calls with the saved answers in DIR (what `voipms call --save DIR` and
        /// `voipms probe --save DIR` write), the newest per function: your account, replayed
        /// offline. `--answer` wins over a saved answer of the same function.
        ///
        /// Example: --answers answers/
        #[arg(long, value_name = "DIR")]
        answers: Option<std::path::PathBuf>,

        /// Act on a running mock instead of starting one.
        #[command(subcommand)]
        action: Option<MockAction>,

        /// Answer valid calls of FUNCTION with this status code (e.g. sendSMS=sms_failed,
        /// getBalance=invalid_credentials). Repeatable.
        #[arg(long, value_name = "FUNCTION=CODE")]
        fail: Vec<String>,

        /// Answer calls of FUNCTION with this HTTP status (e.g. getCDR=503). Repeatable.
        #[arg(long, value_name = "FUNCTION=STATUS")]
        http_status: Vec<String>,

        /// Wait this many seconds before answering FUNCTION (e.g. getCDR=5). Repeatable.
        #[arg(long, value_name = "FUNCTION=SECONDS")]
        delay: Vec<String>,

        /// Print each request received on stderr (function and parameters; credentials and
        /// password parameters masked).
        #[arg(long)]
        log: bool,
    },
    /// Receive SMS/MMS callbacks and webhooks: one JSON line per message on stdout.
    ///
    /// Each request must carry the secret (query parameter `secret`, or a bearer token); it
    /// gets `ok`. A missing or wrong secret gets 403, a malformed request 400 (one line on
    /// stderr each). On start it prints (on stderr) the url_callback value to configure and the
    /// setSMS command that configures it.
    Listen(ListenArgs),
}

/// Actions on a running `voipms mock`.
#[derive(Debug, Subcommand)]
pub enum MockAction {
    /// Inject an inbound message: the mock calls the URL callback / webhook its DID's last
    /// setSMS configured (retrying a URL callback while the reply is not `ok`), lists it in
    /// getSMS / getMMS, and prints the delivery report.
    ///
    /// Example: voipms mock deliver --from 5557654321 --to 5551234567 --message "hello"
    Deliver {
        /// The running mock (its URL as `voipms mock` prints it).
        #[arg(long, env = "VOIPMS_BASE_URL", default_value = "http://127.0.0.1:8080")]
        mock: String,
        /// The sender's number.
        #[arg(long)]
        from: String,
        /// The receiving DID.
        #[arg(long)]
        to: String,
        /// The text.
        #[arg(long, default_value = "")]
        message: String,
        /// A media URL (repeat for several): an MMS.
        #[arg(long)]
        media: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::DEFAULT_TIMEOUT_SECS;
    use clap::CommandFactory;
    use std::time::Duration;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// `call`, `update` and `doctor` take the same `--base-url` and `--timeout`.
    #[test]
    fn the_calling_commands_share_their_connection_arguments() {
        let given = ["--base-url", "http://127.0.0.1:9/", "--timeout", "0"];
        let parse = |args: &[&str]| {
            let cli = Cli::try_parse_from(["voipms"].iter().chain(args).chain(&given))
                .unwrap_or_else(|e| panic!("{args:?}: {e}"));
            match cli.command {
                Command::Call(a) => a.connection,
                Command::Update(a) => a.connection,
                Command::Doctor { connection } => connection,
                other => panic!("{other:?}"),
            }
        };
        for args in [
            &["call", "getBalance"][..],
            &["update", "setDIDInfo", "did=5551234567"],
            &["doctor"],
        ] {
            let c = parse(args);
            assert_eq!(
                c.base_url.as_deref(),
                Some("http://127.0.0.1:9/"),
                "{args:?}"
            );
            assert_eq!(c.timeout, 0, "{args:?}");
            // A zero timeout would fail every call at once: it means a second.
            assert_eq!(c.call_limit(), Duration::from_secs(1), "{args:?}");
        }
        let default = Cli::try_parse_from(["voipms", "doctor"]).map(|cli| match cli.command {
            Command::Doctor { connection } => connection.timeout,
            _ => 0,
        });
        assert_eq!(default.ok(), Some(DEFAULT_TIMEOUT_SECS));
    }
}
