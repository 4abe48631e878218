//! The `voipms` binary end to end, against the spec-driven mock.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

use voipms_api::ErrorCode;
use voipms_api::meta::FUNCTIONS;
use voipms_api::mock::{MockBuilder, MockServer, example_params, example_response};

/// A distinctive password: no output may ever contain it.
const PASSWORD: &str = "Pw-7c1e9-never-printed";
const USERNAME: &str = "cli-test@example.com";

/// A mock on its own runtime; the binary runs synchronously beside it.
struct Mock {
    server: MockServer,
    _rt: tokio::runtime::Runtime,
}

fn mock_with(configure: impl FnOnce(MockBuilder) -> MockBuilder) -> Mock {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let builder = configure(MockServer::builder().credentials(USERNAME, PASSWORD));
    let server = rt.block_on(builder.start()).expect("the mock starts");
    Mock { server, _rt: rt }
}

fn mock() -> Mock {
    mock_with(|b| b)
}

fn voipms() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_voipms"));
    c.env_remove("VOIPMS_BASE_URL")
        .env_remove("VOIPMS_API_USERNAME")
        .env_remove("VOIPMS_API_PASSWORD")
        .stdin(Stdio::null());
    c
}

impl Mock {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = voipms();
        c.env("VOIPMS_BASE_URL", self.server.url())
            .env("VOIPMS_API_USERNAME", USERNAME)
            .env("VOIPMS_API_PASSWORD", PASSWORD)
            .args(args);
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        run(self.cmd(args))
    }
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(mut c: Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("voipms runs");
    let r = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(
        !r.stdout.contains(PASSWORD) && !r.stderr.contains(PASSWORD),
        "the password was printed: {r:?}"
    );
    r
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn every_function_prints_its_typed_response() {
    let m = mock();
    let mut failures = Vec::new();
    for f in FUNCTIONS.iter() {
        let params: Vec<String> = example_params(f)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut args = vec!["call", f.name];
        args.extend(params.iter().map(String::as_str));
        let r = m.run(&args);
        let sample = example_response(f.name).unwrap_or("{}").as_bytes();
        let expected = voipms_api::dispatch::decode_typed_json(f.name, sample);
        match (r.code, expected) {
            (Some(0), Some(Ok(expected))) if json(&r.stdout) == expected.value => {}
            (code, expected) => failures.push(format!("{}: {code:?} {r:?} {expected:?}", f.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(m.server.requests().len(), FUNCTIONS.len());
}

#[test]
fn one_function_of_each_category_reads_and_writes() {
    let m = mock();
    let cases: &[&[&str]] = &[
        &["call", "getSubAccounts"],
        &["call", "delSubAccount", "id=99785"],
        &["call", "delCallParking", "callparking=323"],
        &[
            "call",
            "getCallRecordings",
            "account=100000_VoIP",
            "date_from=2024-01-01",
            "date_to=2024-01-31",
        ],
        &[
            "call",
            "getCDR",
            "date_from=2024-01-01",
            "date_to=2024-01-31",
            "timezone=-5",
            "answered=1",
        ],
        &[
            "call",
            "setClientThreshold",
            "client=561115",
            "threshold=10",
        ],
        &[
            "call",
            "sendSMS",
            "did=5551234567",
            "dst=5551234568",
            "message=hello there",
        ],
        &["call", "e911Info", "did=5551234567"],
        &["call", "delFaxFolder", "id=923"],
        &["call", "getBalance", "advanced=true"],
        &["call", "getLNPListStatus"],
        &["call", "delMessages", "mailbox=1001"],
    ];
    let mut features: Vec<&str> = Vec::new();
    for args in cases {
        let r = m.run(args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:?}");
        assert!(json(&r.stdout).is_object(), "{args:?}: {r:?}");
        let f = voipms_api::meta::function(args[1]).expect("in the spec");
        features.push(f.feature);
    }
    let mut all: Vec<&str> = FUNCTIONS.iter().map(|f| f.feature).collect();
    all.dedup();
    features.sort_unstable();
    features.dedup();
    all.sort_unstable();
    assert_eq!(features, all, "one case per category");
    let sent = m.server.requests();
    let sms = sent.iter().find(|r| r.function == "sendSMS").expect("sent");
    assert_eq!(sms.param("message"), Some("hello there"));
}

#[test]
fn typed_values_and_table_output() {
    let m = mock();
    let r = m.run(&["call", "getBalance"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let v = json(&r.stdout);
    // Integers are numbers once typed; money stays an exact decimal string.
    assert!(v["balance"]["calls_total"].is_i64(), "{v}");
    assert!(v["balance"]["current_balance"].is_string(), "{v}");
    let r = m.run(&["call", "getBalance", "--output", "table"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(r.stdout.contains("balance.current_balance"), "{}", r.stdout);
}

#[test]
fn api_errors_exit_1_with_code_and_description() {
    let m = mock_with(|b| b.fail("sendSMS", ErrorCode::SmsFailed));
    let r = m.run(&[
        "call",
        "sendSMS",
        "did=5551234567",
        "dst=5551234568",
        "message=hi",
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(
        r.stderr.trim(),
        format!("error: sms_failed: {}", ErrorCode::SmsFailed.description())
    );
    assert!(r.stdout.is_empty());

    let mut c = m.cmd(&["call", "getBalance"]);
    c.env("VOIPMS_API_PASSWORD", "wrong-password");
    let r = run(c);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(
        r.stderr.trim(),
        "error: invalid_credentials: Username or Password is incorrect"
    );
}

#[test]
fn usage_errors_exit_2_and_send_nothing() {
    let m = mock();
    let cases: &[(&[&str], &str)] = &[
        (&["call", "getbalance"], "did you mean `getBalance`?"),
        (
            &["call", "sendSMS", "did=5551234567", "dst=5551234568"],
            "missing required parameter message",
        ),
        (
            &["call", "sendSMS", "did=5551234567", "dts=1", "message=x"],
            "`dst`?",
        ),
        (
            &["call", "sendSMS", "did=abc", "dst=5551234568", "message=x"],
            "parameter `did`",
        ),
        (&["call", "getBalance", "advanced=maybe"], "`maybe` is not"),
        (
            &[
                "call",
                "getCDR",
                "date_from=2024-01-01",
                "date_to=2024-06-30",
                "timezone=0",
            ],
            "at most 92",
        ),
        (&["call", "getBalance", "advanced"], "name=value"),
        (&["describe", "sendSMs"], "did you mean `sendSMS`?"),
        (&["functions", "--category", "nope"], "unknown category"),
    ];
    for (args, needle) in cases {
        let r = m.run(args);
        assert_eq!(r.code, Some(2), "{args:?}: {r:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {r:?}");
        assert!(r.stderr.contains(needle), "{args:?}: {needle}: {r:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {r:?}");
    }
    assert!(m.server.requests().is_empty(), "nothing was sent");
    // Clap's own usage errors exit 2 as well.
    assert_eq!(m.run(&["call"]).code, Some(2));
    assert_eq!(m.run(&["frobnicate"]).code, Some(2));
}

#[test]
fn configuration_errors_exit_2() {
    let r = run({
        let mut c = voipms();
        c.args(["call", "getBalance"]);
        c
    });
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("VOIPMS_API_USERNAME"), "{r:?}");

    let m = mock();
    let mut c = m.cmd(&["call", "getBalance"]);
    c.env("VOIPMS_BASE_URL", "http://voip.example.com/api/v1/rest.php");
    let r = run(c);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("loopback"), "{r:?}");
    // --base-url wins over the environment.
    let r = m.run(&["call", "getBalance", "--base-url", "ftp://127.0.0.1/"]);
    assert_eq!(r.code, Some(2), "{r:?}");
}

#[test]
fn transport_and_decode_failures_exit_3() {
    let m = mock_with(|b| {
        b.respond(
            "getBalance",
            r#"{"status":"success","balance":{"current_balance":"lots"}}"#,
        )
    });
    let r = m.run(&["call", "getBalance"]);
    assert_eq!(r.code, Some(3), "{r:?}");
    assert!(
        r.stderr.contains("current_balance") || r.stderr.contains("lots"),
        "{r:?}"
    );

    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let url = format!("http://{closed}/api/v1/rest.php");
    let r = m.run(&["call", "getBalance", "--base-url", &url, "--timeout", "5"]);
    assert_eq!(r.code, Some(3), "{r:?}");
    assert!(r.stderr.starts_with("error: getBalance: "), "{r:?}");
}

#[test]
fn a_base_url_without_a_path_gets_the_rest_endpoint() {
    let m = mock();
    let root = format!("http://{}", m.server.addr());
    let r = m.run(&["call", "getBalance", "--base-url", &root]);
    assert_eq!(r.code, Some(0), "{r:?}");
}

#[test]
fn functions_describe_and_completions() {
    let r = run({
        let mut c = voipms();
        c.args(["functions", "--category", "DIDs", "--output", "json"]);
        c
    });
    assert_eq!(r.code, Some(0), "{r:?}");
    let list = json(&r.stdout);
    let names: Vec<&str> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(names.contains(&"sendSMS"), "{names:?}");
    assert!(!names.contains(&"getBalance"), "{names:?}");

    let r = run({
        let mut c = voipms();
        c.args(["describe", "sendSMS"]);
        c
    });
    assert_eq!(r.code, Some(0), "{r:?}");
    for needle in [
        "did*",
        "phone",
        "at most 160 characters",
        "voipms call sendSMS",
    ] {
        assert!(r.stdout.contains(needle), "{needle}: {}", r.stdout);
    }

    for shell in ["bash", "zsh", "fish"] {
        let r = run({
            let mut c = voipms();
            c.args(["completions", shell]);
            c
        });
        assert_eq!(r.code, Some(0), "{shell}: {r:?}");
        assert!(r.stdout.contains("voipms"), "{shell}");
    }
    let r = run({
        let mut c = voipms();
        c.args(["completions", "bash"]);
        c
    });
    assert!(
        r.stdout.contains("getBalance"),
        "bash completes function names"
    );
}

/// `voipms mock` from the shell, then `voipms call getBalance` against it: the README's
/// quick start.
#[test]
fn the_mock_command_serves_the_call_command() {
    let mut child = voipms()
        .args(["mock", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("voipms mock starts");
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut first);
    }
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(str::to_string);
    let result = url.map(|url| {
        let mut c = voipms();
        c.args(["call", "getBalance"])
            .env("VOIPMS_BASE_URL", &url)
            .env("VOIPMS_API_USERNAME", voipms_api::mock::DEFAULT_USERNAME)
            .env("VOIPMS_API_PASSWORD", voipms_api::mock::DEFAULT_PASSWORD);
        run(c)
    });
    let _ = child.kill();
    let _ = child.wait();
    let r = result.unwrap_or_else(|| panic!("no URL in {first:?}"));
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(json(&r.stdout)["balance"].is_object(), "{r:?}");
}
