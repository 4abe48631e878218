//! The command line: subcommands, options and their help text.

use std::ffi::OsStr;
use std::net::SocketAddr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use voipms_api::meta::FUNCTIONS;

/// Call the VoIP.ms API from the shell, or run a local mock of it.
///
/// Credentials come from the environment only: VOIPMS_API_USERNAME (the account's e-mail) and
/// VOIPMS_API_PASSWORD (the API password set on the portal's API page).
///
/// Exit status: 0 success, 1 the API answered an error, 2 a usage problem (unknown function or
/// parameter, missing or invalid value, missing credentials, bad base URL; nothing was sent),
/// 3 a transport, HTTP or decoding failure.
#[derive(Debug, Parser)]
#[command(name = "voipms", version, max_term_width = 100)]
pub struct Cli {
    /// Output format: json (default for `call`) or table (default for `functions` and
    /// `describe`).
    #[arg(long, global = true, value_enum)]
    pub output: Option<Output>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Pretty-printed JSON.
    Json,
    /// Aligned text columns.
    Table,
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
    /// Print a shell completion script.
    ///
    /// Example: voipms completions bash > ~/.local/share/bash-completion/completions/voipms
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Run a local mock of VoIP.ms built from the spec, until interrupted.
    ///
    /// It accepts the credentials in VOIPMS_API_USERNAME / VOIPMS_API_PASSWORD when set, else
    /// mock@example.com / mock-password.
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
    },
}

/// The arguments of `voipms call`.
#[derive(Debug, Args)]
pub struct CallArgs {
    /// The function's wire name, e.g. getBalance or sendSMS (`voipms functions` lists them).
    #[arg(value_parser = Names(functions), hide_possible_values = true)]
    pub function: String,

    /// Parameters as name=value (`voipms describe FUNCTION` lists them).
    #[arg(value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// The API endpoint (plain http only for loopback addresses, e.g. a local mock). A URL
    /// without a path gets /api/v1/rest.php.
    #[arg(
        long,
        env = "VOIPMS_BASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub base_url: Option<String>,

    /// Give up on a call after this many seconds.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub timeout: u64,

    /// Print the response body as received (pretty-printed when it is JSON, else the text)
    /// instead of the typed response: nothing dropped, the API password masked if echoed.
    #[arg(long)]
    pub raw: bool,

    /// Also write the response body as received to DIR, as
    /// FUNCTION-TIMESTAMP-N.json (UTC) with the function, the parameters sent (never the
    /// credentials), the time and the HTTP status, for `cargo xtask spec check-responses`.
    #[arg(long, value_name = "DIR")]
    pub save: Option<std::path::PathBuf>,

    /// List, on stderr, each way the response differed from the spec (fields the spec lacks,
    /// values not of their type, shapes read another way). Without it one line says how many.
    #[arg(long)]
    pub drift: bool,
}

fn functions() -> Vec<(&'static str, &'static str)> {
    FUNCTIONS.iter().map(|f| (f.name, f.summary)).collect()
}

fn categories() -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&'static str, &'static str)> = Vec::new();
    for f in FUNCTIONS.iter() {
        if !v.iter().any(|(feature, _)| *feature == f.feature) {
            v.push((f.feature, f.category));
        }
    }
    v
}

/// Accepts any text but offers names to shell completion; the command itself says "did you
/// mean" for a wrong one, which is friendlier than clap's list of hundreds of values.
#[derive(Clone)]
struct Names(fn() -> Vec<(&'static str, &'static str)>);

impl TypedValueParser for Names {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(|(name, help)| {
            PossibleValue::new(name).help(crate::describe::first_line(help))
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
