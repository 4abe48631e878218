//! The options the subcommands share: how to reach the API ([`Connection`]), how to print
//! ([`Output`]) and what a call sends ([`CallArgs`]), with their defaults and value parsers.
//! The subcommands themselves are in `cli.rs`, which is the only module that knows them all.

use std::ffi::OsStr;
use std::net::IpAddr;
use std::time::Duration;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, ValueEnum};
use voipms_api::catalog::FUNCTIONS;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Pretty-printed JSON.
    Json,
    /// Aligned text columns, fields in the spec's order.
    Table,
    /// RFC 4180 CSV: a header row, one row per list item, nested values as JSON.
    Csv,
    /// JSON lines: one object per list item.
    Jsonl,
}

/// The arguments of `voipms listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 8088)]
    pub port: u16,
    /// The secret requests must carry (default: a random one, printed on start).
    #[arg(long, env = "VOIPMS_CALLBACK_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
    /// The URL VoIP.ms reaches this receiver at (a tunnel or proxy), for the printed
    /// url_callback (default: the bound address).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// The DID for the printed setSMS command.
    #[arg(long)]
    pub did: Option<String>,
}

/// How the commands that call the API reach it: `--base-url`, `--timeout`, `--get`,
/// `--rate-limit` and `--attempts`.
#[derive(Debug, Args)]
pub struct Connection {
    /// The API endpoint (plain http only for loopback addresses, e.g. a local mock). A URL
    /// without a path gets /api/v1/rest.php.
    #[arg(
        long,
        env = "VOIPMS_BASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub base_url: Option<String>,

    /// Give up on each call after this many seconds.
    #[arg(long, default_value_t = DEFAULT_TIMEOUT_SECS, value_name = "SECONDS")]
    pub timeout: u64,

    /// Send each call as a GET with its parameters in the URL instead of the default
    /// multipart/form-data POST. The API password is then part of the URL, and so of proxy and
    /// server logs; a call whose request line would pass 8190 bytes (VoIP.ms's limit: uploads
    /// such as sendMMS media) is refused before sending.
    #[arg(long)]
    pub get: bool,

    /// Start at most N requests per minute (e.g. 30/min, or just 30), waiting for a slot.
    #[arg(long, value_name = "N/min", value_parser = parse_rate_limit)]
    pub rate_limit: Option<u32>,

    /// Attempts in all for a read-only call that failed transiently (a connection error, a
    /// time-out, HTTP 5xx, api_limit_exceeded); 1 never retries. Calls that change something or
    /// spend money are never retried.
    #[arg(long, default_value_t = DEFAULT_ATTEMPTS, value_name = "N")]
    pub attempts: u32,
}

/// `--attempts` when not given.
pub const DEFAULT_ATTEMPTS: u32 = 3;

/// `N/min` or `N`, at least 1.
fn parse_rate_limit(text: &str) -> Result<u32, String> {
    let n = text
        .trim()
        .strip_suffix("/min")
        .unwrap_or(text.trim())
        .trim();
    match n.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "`{text}` is not a rate: write requests per minute, e.g. 30/min"
        )),
    }
}

/// `--timeout` when not given, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

impl Connection {
    /// The time limit of each call: `--timeout`, at least a second.
    pub fn call_limit(&self) -> Duration {
        Duration::from_secs(self.timeout.max(1))
    }
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

    /// The endpoint and the time limit.
    #[command(flatten)]
    pub connection: Connection,

    /// Call over VoIP.ms's SOAP interface (server.php beside the base URL's rest.php) instead
    /// of REST/JSON: the same validation and output. The SOAP answer's form is reconstructed
    /// from public clients: `--soap --save DIR` keeps a real one, please share it.
    #[arg(long, conflicts_with = "get")]
    pub soap: bool,

    /// Print the response body as received (pretty-printed when it is JSON, else the text)
    /// instead of the typed response: nothing dropped, the API password masked if echoed.
    #[arg(long)]
    pub raw: bool,

    /// Also write the response body as received to DIR, as
    /// FUNCTION-TIMESTAMP-N.json (UTC) with the function, the parameters sent (never the
    /// credentials), the time and the HTTP status, for `cargo xtask spec check-responses`.
    #[arg(long, value_name = "DIR")]
    pub save: Option<std::path::PathBuf>,

    /// Print passwords and PINs in the answer (sub-account and client passwords, voicemail
    /// and DISA PINs, smpp_pass...: the fields the spec marks secret) instead of `<secret>`.
    #[arg(long)]
    pub show_secrets: bool,

    /// List, on stderr, each way the response differed from the spec (fields the spec lacks,
    /// values not of their type, shapes read another way). Without it one line says how many.
    #[arg(long)]
    pub drift: bool,
}

pub fn functions() -> Vec<(&'static str, &'static str)> {
    FUNCTIONS.iter().map(|f| (f.name, f.summary)).collect()
}

pub fn categories() -> Vec<(&'static str, &'static str)> {
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
pub struct Names(pub fn() -> Vec<(&'static str, &'static str)>);

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
            PossibleValue::new(name).help(first_line(help))
        })))
    }
}

/// The first line of a summary, without the documentation's leading `- `.
pub fn first_line(summary: &str) -> String {
    let line = summary.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    line.trim().trim_start_matches("- ").trim().to_string()
}
