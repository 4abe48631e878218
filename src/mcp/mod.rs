//! `voipms mcp`: the whole VoIP.ms API for AI agents over the Model Context Protocol, built
//! from the spec and safe by default.
//!
//! - [`tools`]: what `tools/list` carries: three meta-tools (search, describe, call) and a few
//!   task tools by default, or one tool per function (`--tools all|CATEGORY`);
//! - [`policy`]: reads always, writes with `--allow write`, spends with `--allow spend` and each
//!   call's `confirm: true`, at most `--max-spend-calls` of them;
//! - [`schema`]: a function's parameters as JSON Schema, and the agent's JSON back into the
//!   parameters `voipms call` checks;
//! - [`search`]: functions found from words;
//! - [`page`]: long lists cut into pages;
//! - [`server`]: the handler that ties them to the client.
//!
//! Credentials come from the environment, as for `voipms call`; no tool takes or shows them.

mod page;
mod policy;
mod schema;
mod search;
mod server;
mod tools;

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Args;
use rmcp::ServiceExt;

use crate::args::Connection;
use crate::failure::Failure;
pub use policy::Allow;
use policy::Policy;
use server::VoipmsMcp;
use tools::ToolSet;

/// The arguments of `voipms mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {
    /// Serve MCP's streamable HTTP at ADDR (e.g. 127.0.0.1:8765) instead of stdio.
    #[arg(long, value_name = "ADDR")]
    pub http: Option<SocketAddr>,

    /// With --http: allow an address other than loopback. Anyone who reaches it uses your
    /// account within the policy; put it behind your own authentication.
    #[arg(long, requires = "http")]
    pub bind_any: bool,

    /// Allow functions that change the account (write) or spend money and send things
    /// (spend; each call also needs confirm: true). Repeatable or comma-separated. Reads are
    /// always allowed.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub allow: Vec<Allow>,

    /// At most N spend calls (over stdio: this session; over HTTP: this server's run).
    #[arg(long, value_name = "N")]
    pub max_spend_calls: Option<u32>,

    /// Which tools to list: default (search, describe, call and task tools), all (one tool per
    /// function), or one category (dids, cdr, ...: one tool per function of it).
    #[arg(long, default_value = "default", value_name = "SET")]
    pub tools: String,

    /// The endpoint, the time limit, the request form, the rate limit and the attempts.
    #[command(flatten)]
    pub connection: Connection,
}

/// `voipms mcp`: serves until the client closes stdio (or, over HTTP, until Ctrl-C).
pub async fn run(args: &McpArgs) -> Result<(), Failure> {
    let set = ToolSet::parse(&args.tools).map_err(Failure::Usage)?;
    let client = Arc::new(crate::call::client(&args.connection)?);
    let policy = Arc::new(Policy::new(&args.allow, args.max_spend_calls));
    let server = VoipmsMcp::new(client, policy, &set).map_err(Failure::Transport)?;
    match args.http {
        None => {
            let running = server
                .serve(rmcp::transport::stdio())
                .await
                .map_err(|e| Failure::Transport(format!("MCP over stdio: {e}")))?;
            running
                .waiting()
                .await
                .map_err(|e| Failure::Transport(format!("MCP over stdio: {e}")))?;
            Ok(())
        }
        Some(addr) => serve_http(server, addr, args.bind_any).await,
    }
}

/// Streamable HTTP at `addr`/mcp, one handler per connection sharing the policy (and so the
/// spend budget).
async fn serve_http(server: VoipmsMcp, addr: SocketAddr, bind_any: bool) -> Result<(), Failure> {
    use rmcp::transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
    };
    if !addr.ip().is_loopback() && !bind_any {
        return Err(Failure::Usage(format!(
            "--http {addr} is not a loopback address: anyone who reaches it uses your account; \
             add --bind-any if that is what you want"
        )));
    }
    let mut config = StreamableHttpServerConfig::default();
    if bind_any {
        // Clients name this host however they reach it.
        config = config.disable_allowed_hosts();
    }
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Failure::Transport(format!("cannot listen on {addr}: {e}")))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::Transport(e.to_string()))?;
    eprintln!("voipms mcp: streamable HTTP at http://{local}/mcp (Ctrl-C stops it)");
    let service = hyper_util::service::TowerToHyperService::new(service);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = tokio::signal::ctrl_c() => return Ok(()),
        };
        let Ok((stream, _)) = accepted else { continue };
        let service = service.clone();
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}
