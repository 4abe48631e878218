//! `voipms`: the command-line client for the VoIP.ms API, and a local mock of it.
//!
//! See `voipms --help` and the README.

mod args;
mod call;
mod checked;
mod cli;
mod config;
mod describe;
mod doctor;
mod failure;
mod listen;
mod mask;
#[cfg(feature = "mcp")]
mod mcp;
mod mock_cmd;
mod output;
mod probe;
mod range_split;
mod save;
mod secrets;
mod suggest;
mod update;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::args::Output;
use crate::cli::{Cli, Command, MockAction};
use crate::failure::Failure;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let _ = writeln!(std::io::stderr(), "error: {f}");
            f.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Call(args) => {
            let out = cli.output.unwrap_or(Output::Json);
            let text = runtime()?.block_on(call::run(&args, out, cli.columns.as_deref()))?;
            output::emit(&text)
        }
        Command::Update(args) => {
            let text = runtime()?.block_on(update::run(&args))?;
            output::emit(&text)
        }
        Command::Functions { category } => {
            let out = cli.output.unwrap_or(Output::Table);
            output::emit(&describe::functions(category.as_deref(), out)?)
        }
        Command::Describe { function } => {
            let f = describe::lookup(&function)?;
            output::emit(&describe::describe(f, cli.output.unwrap_or(Output::Table)))
        }
        #[cfg(feature = "mcp")]
        Command::Mcp(args) => runtime()?.block_on(mcp::run(&args)),
        Command::Probe(args) => {
            let report = runtime()?.block_on(probe::run(&args))?;
            output::emit(&report.render(cli.output.unwrap_or(Output::Table)))?;
            match report.drifted() {
                0 => Ok(()),
                n => Err(Failure::Drift(n)),
            }
        }
        Command::Doctor { connection } => {
            let (report, failed) = runtime()?.block_on(doctor::run(&connection));
            output::emit(&report)?;
            failed.map_or(Ok(()), Err)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "voipms", &mut script);
            output::emit(&String::from_utf8_lossy(&script))
        }
        Command::Mock {
            addr,
            answer,
            answers: saved,
            action: None,
            fail,
            http_status,
            delay,
            log,
        } => {
            let answers = mock_cmd::answers(&answer)?;
            let faults = mock_cmd::faults(&fail, &http_status, &delay)?;
            runtime()?.block_on(mock_cmd::run(
                addr,
                mock_cmd::Answers {
                    saved,
                    given: answers,
                },
                faults,
                log,
            ))
        }
        Command::Mock {
            action:
                Some(MockAction::Deliver {
                    mock,
                    from,
                    to,
                    message,
                    media,
                }),
            ..
        } => {
            let text = runtime()?.block_on(mock_cmd::deliver(&mock, from, to, message, media))?;
            output::emit(&text)
        }
        Command::Listen(args) => runtime()?.block_on(listen::run(listen::Listen {
            bind: args.bind,
            port: args.port,
            secret: args.secret,
            public_url: args.public_url,
            did: args.did,
        })),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Transport(format!("cannot start the async runtime: {e}")))
}
