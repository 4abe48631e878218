//! The `voipms` binary end to end, against the spec-driven mock.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

use voipms_api::ErrorCode;
use voipms_api::catalog::FUNCTIONS;
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
        // Secrets shown: the output is compared with the library's decode (masking has its own
        // test).
        let mut args = vec!["call", f.name, "--show-secrets"];
        args.extend(params.iter().map(String::as_str));
        let r = m.run(&args);
        let sample = example_response(f.name).unwrap_or("{}").as_bytes();
        // A record listing's times are resolved from the `timezone` sent, as the CLI does.
        let pairs = example_params(f);
        let shift =
            f.request_shift(|p| pairs.iter().find(|(k, _)| *k == p).map(|(_, v)| v.as_str()));
        let expected = voipms_api::types::timestamp::decode_with_shift(shift, || {
            voipms_api::dispatch::decode_typed_json(f.name, sample)
        });
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
        let f = voipms_api::catalog::function(args[1]).expect("in the spec");
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
    assert_eq!(r.code, Some(4), "credentials refused: {r:?}");
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
                "date_from=2024-06-30",
                "date_to=2024-01-01",
                "timezone=0",
            ],
            "is after",
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
fn decode_failures_exit_9() {
    let m = mock_with(|b| b.respond("getBalance", r#"{"status":"success","balance":{"curr"#));
    let r = m.run(&["call", "getBalance"]);
    assert_eq!(r.code, Some(9), "{r:?}");
    assert!(
        r.stderr.contains("not JSON") || r.stderr.contains("EOF"),
        "{r:?}"
    );

    // A value not of its type is drift, not a failure: shown as sent, reported on stderr.
    let m = mock_with(|b| {
        b.respond(
            "getBalance",
            r#"{"status":"success","balance":{"current_balance":"lots"}}"#,
        )
    });
    let r = m.run(&["call", "getBalance"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(r.stdout.contains("lots"), "{r:?}");
    assert!(r.stderr.contains("1 place(s)"), "{r:?}");
    let r = m.run(&["call", "getBalance", "--drift"]);
    assert!(
        r.stderr.contains("balance.current_balance") && !r.stderr.contains("lots"),
        "drift names the path, never the value: {r:?}"
    );

    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let url = format!("http://{closed}/api/v1/rest.php");
    let r = m.run(&["call", "getBalance", "--base-url", &url, "--timeout", "5"]);
    assert_eq!(r.code, Some(7), "connection refused: {r:?}");
    assert!(r.stderr.starts_with("error: getBalance: "), "{r:?}");
}

/// A one-connection HTTP server that answers every request with `answer` after `delay`.
fn raw_server(answer: &'static str, delay: std::time::Duration) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            std::thread::sleep(delay);
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    format!("http://{addr}/api/v1/rest.php")
}

#[test]
fn scripts_can_tell_failures_apart_by_exit_status() {
    let m = mock_with(|b| b.fail("getIP", ErrorCode::ApiLimitExceeded));
    let r = m.run(&["call", "getIP"]);
    assert_eq!(r.code, Some(5), "rate limited: {r:?}");

    let busy = raw_server(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\nconnection: close\r\n\r\nbusy",
        std::time::Duration::ZERO,
    );
    let r = m.run(&["call", "getBalance", "--base-url", &busy]);
    assert_eq!(r.code, Some(8), "HTTP 5xx: {r:?}");

    let slow = raw_server("", std::time::Duration::from_secs(5));
    let r = m.run(&["call", "getBalance", "--base-url", &slow, "--timeout", "1"]);
    assert_eq!(r.code, Some(6), "timeout: {r:?}");
    assert!(
        r.stderr.contains("--timeout") && !r.stderr.contains("ClientBuilder"),
        "names the flag: {r:?}"
    );
    // `update` takes the same connection arguments.
    let slow = raw_server("", std::time::Duration::from_secs(5));
    let r = m.run(&[
        "update",
        "setDIDInfo",
        "did=5551234567",
        "note=x",
        "--base-url",
        &slow,
        "--timeout",
        "1",
    ]);
    assert_eq!(r.code, Some(6), "update timeout: {r:?}");
    assert!(r.stderr.contains("--timeout SECONDS, default 30"), "{r:?}");

    // An unknown routing header is refused before anything is sent, by `call` and `update`.
    let before = m.server.requests().len();
    let r = m.run(&[
        "call",
        "setDIDRouting",
        "did=5551234567",
        "routing=acount:1",
    ]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("valid headers: account:"), "{r:?}");
    let r = m.run(&[
        "update",
        "setDIDInfo",
        "did=5551234567",
        "failover_busy=acount:1",
    ]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr.contains(
            "`failover_busy`: unknown routing header `acount:`; valid headers: account:, fwd:"
        ),
        "{r:?}"
    );
    assert_eq!(m.server.requests().len(), before, "nothing sent");
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

/// Runs `voipms mock --addr 127.0.0.1:0 EXTRA...`, then `voipms call CALL...` against it with
/// the mock's default credentials.
fn call_the_mock_command(extra: &[&str], call: &[&str]) -> Run {
    let mut child = voipms()
        .args(["mock", "--addr", "127.0.0.1:0"])
        .args(extra)
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
        c.arg("call")
            .args(call)
            .env("VOIPMS_BASE_URL", &url)
            .env("VOIPMS_API_USERNAME", voipms_api::mock::DEFAULT_USERNAME)
            .env("VOIPMS_API_PASSWORD", voipms_api::mock::DEFAULT_PASSWORD);
        run(c)
    });
    let _ = child.kill();
    let _ = child.wait();
    result.unwrap_or_else(|| panic!("no URL in {first:?}"))
}

/// `voipms mock` from the shell, then `voipms call getBalance` against it: the README's
/// quick start.
#[test]
fn the_mock_command_serves_the_call_command() {
    let r = call_the_mock_command(&[], &["getBalance"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(json(&r.stdout)["balance"].is_object(), "{r:?}");
}

/// `voipms call --soap` against `voipms mock`: the same typed output over SOAP, and `--raw`
/// prints the SOAP envelope as received.
#[test]
fn the_call_command_speaks_soap_to_the_mock() {
    let r = call_the_mock_command(&[], &["getBalance", "--soap"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(json(&r.stdout)["balance"].is_object(), "{r:?}");
    let r = call_the_mock_command(&[], &["getBalance", "--soap", "--raw"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(r.stdout.contains("<ns1:getBalanceResponse>"), "{r:?}");
    // `--save` keeps the envelope as received, for adding real answers to the tests.
    let dir = std::env::temp_dir().join(format!("voipms-soap-save-{}", std::process::id()));
    let dir_arg = dir.display().to_string();
    let r = call_the_mock_command(&[], &["getBalance", "--soap", "--save", &dir_arg]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let saved: Vec<_> = std::fs::read_dir(&dir).expect("saved").flatten().collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let record = json(&std::fs::read_to_string(saved[0].path()).expect("readable"));
    let _ = std::fs::remove_dir_all(&dir);
    let body = record["body_text"].as_str().expect("the envelope as text");
    assert!(body.contains("<ns1:getBalanceResponse>"), "{body}");
    assert!(!body.contains("mock-password"), "{body}");
    // A function the WSDL lacks is refused before sending.
    let r = call_the_mock_command(&[], &["getInvoice", "--soap"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("not offered over SOAP"), "{r:?}");
    assert!(
        r.stderr.contains("without --soap") && !r.stderr.contains("Transport::"),
        "{r:?}"
    );
}

/// `voipms mock --answer FUNCTION=@FILE` / `FUNCTION=BODY` answers with the given body.
#[test]
fn the_mock_command_answers_what_it_is_given() {
    let file = std::env::temp_dir().join(format!("voipms-answer-{}.json", std::process::id()));
    std::fs::write(
        &file,
        r#"{"status":"success","ip":"192.0.2.7","extra":"x"}"#,
    )
    .expect("written");
    let from_file = format!("getIP=@{}", file.display());
    let r = call_the_mock_command(&["--answer", &from_file], &["getIP", "--raw"]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(json(&r.stdout)["extra"], "x");
    let r = call_the_mock_command(&["--answer", r#"getIP={"status":"no_ip"}"#], &["getIP"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    let r = run({
        let mut c = voipms();
        c.args(["mock", "--answer", "getBalanse=@x.json"]);
        c
    });
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("getBalance"), "{r:?}");
}

/// The cases of `../shared/cases/wire-drift.json` (answers and inputs VoIP.ms users reported),
/// copied so the test does not depend on the file; the file's own cases run too when it is
/// beside the workspace.
const WIRE_DRIFT_CASES: &str = r#"[
  {"id": "conference-word-in-count", "function": "getConference", "args": [],
   "response": {"http": 200, "body": "{\"status\":\"success\",\"conference\":[{\"conference\":\"7301\",\"name\":\"standup\",\"description\":\"daily\",\"max_members\":\"Unlimited\",\"language\":\"en\",\"members\":\"\"},{\"conference\":\"7302\",\"name\":\"capped\",\"description\":\"\",\"max_members\":\"40\",\"language\":\"en\",\"members\":\"30;31\"}]}"},
   "expect": {"exit": 0, "stdout_has": ["7301", "7302", "Unlimited"]}},
  {"id": "file-list-as-bare-object", "function": "getVoicemailMessageFile",
   "args": ["mailbox=1001", "folder=INBOX", "message_num=1"],
   "response": {"http": 200, "body": "{\"status\":\"success\",\"message\":{\"mailbox\":\"1001\",\"folder\":\"INBOX\",\"message_num\":\"1\",\"data\":\"UklGRiQAAABXQVZFZm10IBAAAAAB\"}}"},
   "expect": {"exit": 0, "stdout_has": ["UklGRiQAAABXQVZFZm10IBAAAAAB"]}},
  {"id": "did-fields-not-in-spec", "function": "getDIDsInfo", "args": ["did=5550001003"],
   "response": {"http": 200, "body": "{\"status\":\"success\",\"dids\":[{\"did\":\"5550001003\",\"description\":\"Front line\",\"routing\":\"account:100001_gateway\",\"pop\":\"73\",\"dialtime\":\"60\",\"cnam\":\"1\",\"record_calls\":\"1\",\"voicemail_threshold\":\"20\",\"mms_available\":\"1\",\"webhook_enabled\":\"1\",\"webhook\":\"https://example.com/hook\",\"dialmode\":\"0\",\"sms_sipaccount\":\"100001_gateway\",\"sms_sipaccount_enabled\":\"1\"}]}"},
   "expect": {"exit": 0, "stdout_has": ["5550001003", "voicemail_threshold", "https://example.com/hook"]}},
  {"id": "bool-input-spelling", "function": "getBalance", "args": ["advanced=1"],
   "response": {"http": 200, "body": "{\"status\": \"success\", \"balance\": {\"current_balance\": \"112.192790\", \"spent_total\": \"21.05321\", \"calls_total\": \"2788\", \"time_total\": \"10:17:48\", \"spent_today\": \"0.1205\", \"calls_today\": \"5\", \"time_today\": \"10:50\"}}"},
   "expect": {"exit": 0, "stdout_has": ["112.19279"], "request_form_has": ["advanced="]}},
  {"id": "phone-input-as-answered", "function": "getMMS",
   "args": ["did=+15551230001", "from=2024-03-01", "to=2024-03-05"],
   "response": {"http": 200, "body": "{\"status\": \"success\", \"sms\": [{\"id\": \"81001\", \"date\": \"2024-03-02 11:12:13\", \"type\": \"1\", \"did\": \"+15551230001\", \"contact\": \"+15559870003\", \"message\": \"pic\", \"media\": []}]}"},
   "expect": {"exit": 0, "stdout_has": ["81001"]}}
]"#;

/// What is wrong with the run of one case (empty when it gives its expected result).
fn wire_drift_case(case: &serde_json::Value) -> Vec<String> {
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let function = case["function"].as_str().expect("a function");
    let body = case["response"]["body"]
        .as_str()
        .expect("a body")
        .to_string();
    assert_eq!(case["response"]["http"], 200, "the mock answers HTTP 200");
    let m = mock_with(|b| b.respond(function, body));
    let args = strings(&case["args"]);
    let mut argv = vec!["call", function];
    argv.extend(args.iter().map(String::as_str));
    let r = m.run(&argv);
    let expect = &case["expect"];
    let mut wrong = Vec::new();
    if let Some(code) = expect["exit"].as_i64()
        && r.code != i32::try_from(code).ok()
    {
        wrong.push(format!("exit {:?}, expected {code}", r.code));
    }
    for s in strings(&expect["stdout_has"]) {
        if !r.stdout.contains(&s) {
            wrong.push(format!("stdout lacks {s:?}"));
        }
    }
    for s in strings(&expect["stderr_has"]) {
        if !r.stderr.contains(&s) {
            wrong.push(format!("stderr lacks {s:?}"));
        }
    }
    let forms: Vec<String> = m
        .server
        .requests()
        .iter()
        .map(|q| {
            q.params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
        .collect();
    for s in strings(&expect["request_form_has"]) {
        if !forms.iter().any(|f| f.contains(&s)) {
            wrong.push(format!("no request form has {s:?}: {forms:?}"));
        }
    }
    wrong
}

fn check_wire_drift_cases(cases: &[serde_json::Value]) {
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().expect("an id");
        let wrong = wire_drift_case(case);
        if !wrong.is_empty() {
            failures.push(format!("{id}: {}", wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn wire_drift_cases_give_their_expected_result() {
    let cases = json(WIRE_DRIFT_CASES);
    let cases = cases.as_array().expect("a list of cases");
    assert_eq!(cases.len(), 5);
    check_wire_drift_cases(cases);
}

#[test]
fn wire_drift_cases_of_the_shared_file_give_their_expected_result() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/cases/wire-drift.json");
    // The file lives beside the repository, not in it: CI of a bare clone has only the copy above.
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let file = json(&text);
    let cases = file["cases"].as_array().expect("cases");
    check_wire_drift_cases(cases);
}

#[test]
fn raw_prints_the_body_as_received_with_the_password_masked() {
    let body = format!(
        r#"{{"status":"success","balance":{{"current_balance":"1.50","surprise":"kept"}},"echo":"api_password={PASSWORD}"}}"#
    );
    let m = mock_with(|b| b.respond("getBalance", body));
    let r = m.run(&["call", "getBalance", "--raw"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let v = json(&r.stdout);
    assert_eq!(v["status"], "success");
    assert_eq!(v["balance"]["surprise"], "kept");
    assert_eq!(v["balance"]["current_balance"], "1.50");
    assert_eq!(v["echo"], "api_password=<redacted>");
    assert!(r.stdout.contains("\n  "), "pretty-printed: {}", r.stdout);

    let m = mock_with(|b| b.respond("getIP", "not json at all"));
    let r = m.run(&["call", "getIP", "--raw"]);
    assert_eq!(r.stdout, "not json at all\n");
    assert_eq!(r.code, Some(9), "an undecodable answer is still a failure");

    let m = mock_with(|b| b.fail("getIP", ErrorCode::InvalidCredentials));
    let r = m.run(&["call", "getIP", "--raw"]);
    assert_eq!(json(&r.stdout)["status"], "invalid_credentials");
    assert_eq!(r.code, Some(4));
}

#[test]
fn save_writes_each_body_with_what_was_sent() {
    let dir = std::env::temp_dir().join(format!("voipms-cli-save-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let dir_arg = dir.to_string_lossy().into_owned();
    let m = mock();
    let r = m.run(&["call", "getMMS", "did=+15551230001", "--save", &dir_arg]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        json(&r.stdout).get("sms").is_some(),
        "the typed output is still printed"
    );
    let r = m.run(&["call", "getIP", "--save", &dir_arg, "--raw"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let mut saved: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("the directory exists")
        .map(|e| e.expect("an entry").path())
        .collect();
    saved.sort();
    assert_eq!(saved.len(), 2, "{saved:?}");
    let mms = saved
        .iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("getMMS-"))
        })
        .expect("the getMMS record");
    let name = mms
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.ends_with("-1.json") && name.len() == "getMMS-20261130T100000Z-1.json".len(),
        "{name}"
    );
    let text = std::fs::read_to_string(mms).expect("readable");
    assert!(
        !text.contains(PASSWORD) && !text.contains(USERNAME),
        "{text}"
    );
    let record = json(&text);
    // Key order depends on serde_json's `preserve_order` feature: compare the set.
    let mut keys: Vec<&str> = record
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["body", "function", "http_status", "params", "saved_at"]
    );
    assert_eq!(record["function"], "getMMS");
    assert_eq!(record["params"], serde_json::json!({"did": "5551230001"}));
    assert_eq!(record["http_status"], 200);
    assert_eq!(
        record["body"],
        json(example_response("getMMS").expect("a sample"))
    );
    let at = record["saved_at"].as_str().expect("a time");
    assert!(
        at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T',
        "{at}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn table_csv_and_jsonl_keep_the_spec_order_and_pick_columns() {
    let m = mock();
    let r = m.run(&["call", "getDIDsInfo", "--output", "table"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let header = r
        .stdout
        .lines()
        .find(|l| l.starts_with("DID"))
        .unwrap_or_default();
    assert!(
        header
            .split_whitespace()
            .take(3)
            .eq(["DID", "DESCRIPTION", "ROUTING"]),
        "the spec's order, DID first: {}",
        r.stdout
    );

    let r = m.run(&["call", "getDIDsInfo", "--output", "csv"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let head = reader.headers().expect("a header row").clone();
    assert_eq!(&head[0], "did");
    assert_eq!(&head[1], "description");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 1, "one row per list item");
    let routing = head
        .iter()
        .position(|h| h == "routing")
        .expect("a routing column");
    assert_eq!(&rows[0][routing], "account:100001_VoIP");
    assert_eq!(&rows[0][1], "MIAMI, FL", "a comma survives quoting");

    let r = m.run(&[
        "call",
        "getDIDsInfo",
        "--output",
        "csv",
        "--columns",
        "routing,did",
    ]);
    assert_eq!(
        r.stdout, "routing,did\r\naccount:100001_VoIP,5551234567\r\n",
        "{r:?}"
    );

    let r = m.run(&[
        "call",
        "getDIDsInfo",
        "--output",
        "jsonl",
        "--columns",
        "did",
    ]);
    assert_eq!(r.stdout, "{\"did\":\"5551234567\"}\n", "{r:?}");

    let r = m.run(&[
        "call",
        "getDIDsInfo",
        "--output",
        "table",
        "--columns",
        "did,pop",
    ]);
    assert_eq!(r.stdout, "DID         POP\n5551234567  16\n", "{r:?}");
}

#[test]
fn doctor_passes_only_when_every_check_does() {
    let r = mock().run(&["doctor"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(
        r.stdout.lines().filter(|l| l.starts_with("ok  ")).count(),
        4,
        "{r:?}"
    );
    assert!(
        r.stdout.contains("174.132.203.114"),
        "the address VoIP.ms sees: {r:?}"
    );
    // The mock is named as what answered, not VoIP.ms.
    assert!(
        r.stdout.contains("not VoIP.ms's endpoint) answered")
            && !r.stdout.contains("VoIP.ms answered"),
        "{r:?}"
    );

    // Each failure injected, with the check that reports it and the exit status.
    let no_credentials = run({
        let mut c = voipms();
        c.arg("doctor");
        c
    });
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let closed_url = format!("http://{closed}/api/v1/rest.php");
    let cases: Vec<(Run, &str, i32)> = vec![
        (no_credentials, "FAIL  credentials", 2),
        (
            mock().run(&["doctor", "--base-url", &closed_url]),
            "FAIL  endpoint reachable",
            7,
        ),
        (
            mock_with(|b| b.http_status("getIP", 503)).run(&["doctor"]),
            "FAIL  endpoint reachable",
            8,
        ),
        (
            mock_with(|b| b.delay("getIP", std::time::Duration::from_secs(3))).run(&[
                "doctor",
                "--timeout",
                "1",
            ]),
            "FAIL  endpoint reachable",
            6,
        ),
        (
            mock_with(|b| b.fail("getIP", ErrorCode::IpNotEnabled)).run(&["doctor"]),
            "FAIL  getIP",
            4,
        ),
        (
            mock_with(|b| b.fail("getBalance", ErrorCode::InvalidCredentials)).run(&["doctor"]),
            "FAIL  authenticated call",
            4,
        ),
    ];
    for (r, line, code) in cases {
        assert_eq!(r.code, Some(code), "{line}: {r:?}");
        assert!(r.stdout.contains(line), "{line}: {r:?}");
        assert!(
            r.stdout.contains("fix") || code == 2,
            "says what to fix: {r:?}"
        );
        if code == 6 {
            assert!(
                r.stdout.contains("--timeout") && !r.stdout.contains("ClientBuilder"),
                "names the flag: {r:?}"
            );
        }
    }
}

#[test]
fn the_mock_command_fails_and_logs_as_told() {
    use std::io::Read;
    let mut child = voipms()
        .args([
            "mock",
            "--addr",
            "127.0.0.1:0",
            "--fail",
            "sendSMS=sms_failed",
            "--http-status",
            "getCDR=503",
            "--log",
        ])
        .env("VOIPMS_API_USERNAME", USERNAME)
        .env("VOIPMS_API_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("voipms mock starts");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("the banner");
    let url = first
        .split_whitespace()
        .last()
        .expect("the URL ends the first line")
        .to_string();
    let call = |args: &[&str]| {
        let mut c = voipms();
        c.env("VOIPMS_BASE_URL", &url)
            .env("VOIPMS_API_USERNAME", USERNAME)
            .env("VOIPMS_API_PASSWORD", PASSWORD)
            .args(args);
        run(c)
    };
    let r = call(&[
        "call",
        "sendSMS",
        "did=5551234567",
        "dst=5551234568",
        "message=hi",
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stderr.contains("sms_failed"), "{r:?}");
    let r = call(&[
        "call",
        "getCDR",
        "date_from=2024-01-01",
        "date_to=2024-01-02",
        "timezone=0",
    ]);
    assert_eq!(r.code, Some(8), "{r:?}");
    let r = call(&["call", "getBalance"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = child.kill();
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("the log");
    let _ = child.wait();
    assert!(
        err.contains("voipms mock: sendSMS (rest) did=5551234567"),
        "{err}"
    );
    assert!(err.contains("voipms mock: getBalance"), "{err}");
    assert!(!err.contains(PASSWORD), "{err}");
}

#[test]
fn call_splits_a_long_date_range_into_windows() {
    let m = mock();
    let sample = json(example_response("getCDR").unwrap_or_default());
    let per_window = sample["cdr"].as_array().map_or(0, Vec::len);
    assert!(per_window > 0, "the sample has records");
    // Fourteen months: five windows of at most 92 days.
    let r = m.run(&[
        "call",
        "getCDR",
        "date_from=2024-01-01",
        "date_to=2025-02-28",
        "timezone=-5",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        r.stderr.is_empty(),
        "no progress line when stderr is not a terminal: {r:?}"
    );
    let v = json(&r.stdout);
    assert_eq!(
        v["cdr"].as_array().map_or(0, Vec::len),
        5 * per_window,
        "one list"
    );
    let sent: Vec<(String, String)> = m
        .server
        .requests()
        .iter()
        .map(|q| {
            (
                q.param("date_from").unwrap_or_default().to_string(),
                q.param("date_to").unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            ("2024-01-01", "2024-04-01"),
            ("2024-04-02", "2024-07-02"),
            ("2024-07-03", "2024-10-02"),
            ("2024-10-03", "2025-01-02"),
            ("2025-01-03", "2025-02-28"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert!(
        m.server
            .requests()
            .iter()
            .all(|q| q.param("timezone") == Some("-5"))
    );
}

#[test]
fn update_reads_the_record_applies_the_change_and_sends_it_whole() {
    let m = mock();
    let u = voipms_api::update::UpdateMeta::find("setDIDInfo").expect("a read source");
    let sample: serde_json::Value =
        json(example_response("getDIDsInfo").expect("getDIDsInfo has a sample"));
    let record = sample["dids"][0].as_object().expect("a record").clone();
    let did = record["did"].as_str().expect("a did").to_string();
    let key = format!("did={did}");

    // --dry-run: the read only, then the form it would send, the password masked.
    let r = m.run(&["update", "setDIDInfo", &key, "note=front desk", "--dry-run"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(r.stdout.contains("api_password=********"), "{}", r.stdout);
    assert!(r.stdout.contains("method=setDIDInfo\n"), "{}", r.stdout);
    assert!(r.stdout.contains("note=front desk\n"), "{}", r.stdout);
    let sent = m.server.requests();
    assert_eq!(sent.len(), 1, "only the read: {sent:?}");
    assert_eq!(sent[0].function, "getDIDsInfo");
    assert_eq!(sent[0].param("did"), Some(did.as_str()));

    // For real: every parameter the record had, with the change.
    let r = m.run(&["update", "setDIDInfo", &key, "note=front desk"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let set = m
        .server
        .requests()
        .into_iter()
        .find(|q| q.function == "setDIDInfo")
        .expect("sent");
    assert_eq!(set.param("note"), Some("front desk"));
    for (name, _) in u.form_from_record(&record) {
        assert!(
            set.param(&name).is_some(),
            "`{name}` was not sent again: {set:?}"
        );
    }

    // No such record, or not a setter with a read source: exit 2, nothing written.
    let r = m.run(&["update", "setDIDInfo", "did=5550000000", "note=x"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("no record"), "{}", r.stderr);
    let r = m.run(&["update", "setDIDRouting", "did=1", "routing=none:"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("setDIDInfo"), "{}", r.stderr);
    let writes = m
        .server
        .requests()
        .into_iter()
        .filter(|q| q.function == "setDIDInfo")
        .count();
    assert_eq!(writes, 1);
}

/// Against a server that answers as rest.php is reported to (GET and multipart answered, a
/// form-urlencoded POST faulted: voip-ms crate 0.13.0 CHANGELOG), the first commands a new
/// user runs succeed, an 88 KB MMS upload included, and no request carries the password in its
/// URL.
#[test]
fn the_first_commands_work_against_rest_php_as_reported() {
    let m = mock();
    let r = m.run(&["call", "getBalance"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let r = m.run(&["doctor"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let r = m.run(&["call", "getDIDsInfo", "--output", "csv"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(r.stdout.starts_with("did,"), "{r:?}");
    let media = format!("media1=data:image/jpeg;base64,{}", "QUJD".repeat(22_000));
    assert!(media.len() > 88_000);
    let r = m.run(&[
        "call",
        "sendMMS",
        "did=5551234567",
        "dst=5557654321",
        "message=hi",
        &media,
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let seen = m.server.requests();
    assert!(seen.iter().any(|q| q.function == "sendMMS"
        && q.param("media1").is_some_and(|v| v.len() > 88_000)));
    for q in &seen {
        assert_eq!(q.transport, voipms_api::Transport::Rest, "{}", q.function);
        assert!(!q.credentials_in_url, "{}", q.function);
    }

    // `--get` is the opt-in GET; an upload that does not fit a request line is refused.
    let before = m.server.requests().len();
    let r = m.run(&["call", "getBalance", "--get"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let q = m.server.requests().pop().unwrap();
    assert_eq!(
        (q.transport, q.credentials_in_url),
        (voipms_api::Transport::RestGet, true)
    );
    let r = m.run(&[
        "call",
        "sendMMS",
        "did=5551234567",
        "dst=5557654321",
        "message=hi",
        &media,
        "--get",
    ]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr.contains("8190") && r.stderr.contains("without --get"),
        "{r:?}"
    );
    assert_eq!(
        m.server.requests().len(),
        before + 1,
        "the upload was not sent"
    );
    assert!(!r.stderr.contains(PASSWORD) && !r.stdout.contains(PASSWORD));
}

/// When rest.php does not read the request (a SOAP fault, as for a form-urlencoded POST), the
/// call and `doctor` say so and what to try, instead of "try again later".
#[test]
fn an_unread_request_is_diagnosed_by_call_and_doctor() {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
        xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body>\
        <SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>Bad Request\
        </faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>";
    let fault: &'static str = Box::leak(
        format!(
            "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/xml\r\ncontent-length: \
             {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    );
    let m = mock();
    let url = raw_server(fault, std::time::Duration::ZERO);
    let r = m.run(&["call", "getBalance", "--base-url", &url]);
    assert_eq!(r.code, Some(3), "{r:?}");
    assert!(
        r.stderr.contains("did not read the request")
            && r.stderr
                .contains("a SOAP fault (SOAP-ENV:Client: Bad Request)")
            && r.stderr.contains("multipart/form-data"),
        "{r:?}"
    );
    assert!(!r.stderr.contains("try again later"), "{r:?}");
    let url = raw_server(fault, std::time::Duration::ZERO);
    let r = m.run(&["doctor", "--base-url", &url]);
    assert_eq!(r.code, Some(3), "{r:?}");
    assert!(
        r.stdout.contains("FAIL  endpoint reachable")
            && r.stdout.contains("did not read the request form"),
        "{r:?}"
    );
}

/// Secrets in answers (the fields the spec marks) are masked unless `--show-secrets`; an API
/// error keeps the server's own words.
#[test]
fn secrets_are_masked_and_server_messages_kept() {
    let m = mock_with(|b| {
        b.respond(
            "getSubAccounts",
            r#"{"status":"success","accounts":[{"id":"1","account":"100000_a","password":"hunter22"}]}"#,
        )
        .respond(
            "getDIDsInfo",
            r#"{"status":"invalid_did","message":"DID 5551234567 is not on this account"}"#,
        )
    });
    let r = m.run(&["call", "getSubAccounts"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        !r.stdout.contains("hunter22") && r.stdout.contains("<secret>"),
        "{r:?}"
    );
    let r = m.run(&["call", "getSubAccounts", "--raw"]);
    assert!(!r.stdout.contains("hunter22"), "{r:?}");
    let r = m.run(&["call", "getSubAccounts", "--output", "table"]);
    assert!(!r.stdout.contains("hunter22"), "{r:?}");
    let r = m.run(&["call", "getSubAccounts", "--show-secrets"]);
    assert!(r.stdout.contains("hunter22"), "{r:?}");

    let r = m.run(&["call", "getDIDsInfo"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stderr
            .contains("VoIP.ms says: DID 5551234567 is not on this account"),
        "{r:?}"
    );
}

/// `--rate-limit` and `--attempts` are checked like any argument.
#[test]
fn rate_limit_and_attempts_flags() {
    let m = mock();
    let r = m.run(&[
        "call",
        "getBalance",
        "--rate-limit",
        "30/min",
        "--attempts",
        "1",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let r = m.run(&["call", "getBalance", "--rate-limit", "fast"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("30/min"), "{r:?}");
}
