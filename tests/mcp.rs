//! `voipms mcp` with a real MCP client (rmcp's, over the child process's stdio) against the
//! project's mock: the tools listed, search, describe and call, the policy's refusals with
//! nothing sent, confirm and the spend budget, tool errors for bad input, no password anywhere.
#![cfg(feature = "mcp")]

use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use serde_json::{Map, Value, json};
use voipms_api::mock::{MockServer, example_response};

const PASSWORD: &str = "Pw-mcp-39be1-never-shown";
const USERNAME: &str = "mcp-test@example.com";

type Client = RunningService<RoleClient, ()>;

async fn mock() -> MockServer {
    MockServer::builder()
        .credentials(USERNAME, PASSWORD)
        .start()
        .await
        .expect("the mock starts")
}

async fn connect(mock: &MockServer, flags: &[&str]) -> Client {
    let url = mock.url().to_string();
    let flags: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
    let cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_voipms")).configure(|c| {
        c.arg("mcp")
            .args(&flags)
            .env("VOIPMS_BASE_URL", &url)
            .env("VOIPMS_API_USERNAME", USERNAME)
            .env("VOIPMS_API_PASSWORD", PASSWORD);
    });
    let transport = TokioChildProcess::new(cmd).expect("voipms mcp starts");
    ().serve(transport).await.expect("the MCP handshake")
}

/// The tool's text, checked for the password; the parsed JSON when the call succeeded.
async fn call(client: &Client, tool: &str, args: Value) -> (bool, String) {
    let args: Map<String, Value> = args.as_object().cloned().unwrap_or_default();
    let r: CallToolResult = client
        .call_tool(CallToolRequestParams::new(tool.to_string()).with_arguments(args))
        .await
        .expect("a tool result");
    let text: String = r
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect();
    assert!(!text.contains(PASSWORD), "the password in {text}");
    (r.is_error.unwrap_or(false), text)
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn sent(mock: &MockServer, function: &str) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.function == function)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_tools_search_describe_call_and_refusals() {
    let mock = mock().await;
    let client = connect(&mock, &[]).await;

    let tools = client.list_all_tools().await.expect("tools/list");
    let listed = serde_json::to_string(&tools).unwrap_or_default();
    assert!((3..=12).contains(&tools.len()), "{} tools", tools.len());
    assert!(listed.len() <= 30_000, "{} bytes", listed.len());
    for t in &tools {
        let a = t.annotations.as_ref().expect("annotated");
        assert!(
            a.read_only_hint.is_some() && a.open_world_hint.is_some(),
            "{}",
            t.name
        );
    }
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert!(
        names.contains(&"call_function") && !names.contains(&"send_sms"),
        "{names:?}"
    );

    let (err, text) = call(
        &client,
        "search_functions",
        json!({"query": "send a text message"}),
    )
    .await;
    assert!(!err);
    assert_eq!(
        json_of(&text)["functions"][0]["function"],
        "sendSMS",
        "{text}"
    );

    let (err, text) = call(&client, "describe_function", json!({"function": "sendSMS"})).await;
    assert!(!err);
    let d = json_of(&text);
    assert_eq!(d["kind"], "spend");
    assert_eq!(
        d["input_schema"]["required"],
        json!(["did", "dst", "message"])
    );
    assert_eq!(d["allowed_here"], false);

    let (err, text) = call(&client, "call_function", json!({"function": "getBalance"})).await;
    assert!(!err, "{text}");
    assert!(
        json_of(&text)["result"]["balance"]["current_balance"].is_string(),
        "{text}"
    );
    let (err, text) = call(&client, "get_balance", json!({})).await;
    assert!(!err, "{text}");

    // Refused in the default mode, nothing sent.
    let sms = json!({"function": "sendSMS", "confirm": true,
                     "params": {"did": "5551234567", "dst": "5551234568", "message": "hi"}});
    let (err, text) = call(&client, "call_function", sms).await;
    assert!(err && text.contains("--allow spend"), "{text}");
    let (err, text) = call(
        &client,
        "call_function",
        json!({"function": "delSubAccount", "params": {"id": "1"}}),
    )
    .await;
    assert!(err && text.contains("--allow write"), "{text}");
    assert_eq!(sent(&mock, "sendSMS") + sent(&mock, "delSubAccount"), 0);

    // Bad input: tool errors naming the parameter and the rule, or the closest name.
    let (err, text) = call(
        &client,
        "call_function",
        json!({"function": "getCDR",
        "params": {"date_from": "2024-02-30", "date_to": "2024-03-01", "timezone": -5}}),
    )
    .await;
    assert!(
        err && text.contains("date_from") && text.contains("yyyy-mm-dd"),
        "{text}"
    );
    let (err, text) = call(&client, "call_function", json!({"function": "getBalanse"})).await;
    assert!(err && text.contains("did you mean `getBalance`"), "{text}");
    let (err, text) = call(
        &client,
        "call_function",
        json!({"function": "getBalance", "params": {"api_password": "x"}}),
    )
    .await;
    assert!(err && text.contains("credentials"), "{text}");
    assert_eq!(sent(&mock, "getCDR"), 0);
    client.cancel().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spend_needs_confirm_and_stays_within_the_budget() {
    let mock = mock().await;
    let client = connect(&mock, &["--allow", "spend", "--max-spend-calls", "1"]).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    let send = tools
        .iter()
        .find(|t| t.name == "send_sms")
        .expect("send_sms listed");
    let a = send.annotations.as_ref().expect("annotated");
    assert_eq!(
        (a.read_only_hint, a.idempotent_hint),
        (Some(false), Some(false))
    );

    let params = json!({"did": "5551234567", "dst": "5551234568", "message": "hi"});
    let (err, text) = call(
        &client,
        "call_function",
        json!({"function": "sendSMS", "params": params}),
    )
    .await;
    assert!(err && text.contains("confirm: true"), "{text}");
    assert_eq!(sent(&mock, "sendSMS"), 0);
    let (err, text) = call(
        &client,
        "call_function",
        json!({"function": "sendSMS", "params": params, "confirm": true}),
    )
    .await;
    assert!(!err, "{text}");
    assert_eq!(sent(&mock, "sendSMS"), 1);
    let (err, text) = call(
        &client,
        "send_sms",
        json!({"did": "5551234567", "dst": "5551234568", "message": "again", "confirm": true}),
    )
    .await;
    assert!(err && text.contains("--max-spend-calls"), "{text}");
    assert_eq!(sent(&mock, "sendSMS"), 1);
    // Writes stay refused.
    let (err, _) = call(
        &client,
        "call_function",
        json!({"function": "delSubAccount", "params": {"id": "1"}}),
    )
    .await;
    assert!(err);
    client.cancel().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_are_paged_and_updates_answer_before_and_after() {
    let records: Vec<Value> = (0..120)
        .map(|i| json!({"date": "2024-03-01 10:00:00", "callerid": "5551234567", "destination": "5557654321",
                        "description": "Inbound", "account": "100000", "disposition": "ANSWERED",
                        "duration": "00:01:00", "seconds": "60", "rate": "0.01", "total": "0.01",
                        "uniqueid": format!("{i}")}))
        .collect();
    let mock = MockServer::builder()
        .credentials(USERNAME, PASSWORD)
        .respond(
            "getCDR",
            json!({"status": "success", "cdr": records}).to_string(),
        )
        .start()
        .await
        .expect("the mock starts");
    let client = connect(&mock, &["--allow", "write"]).await;
    let (err, text) = call(
        &client,
        "get_cdr",
        json!({"date_from": "2024-03-01", "date_to": "2024-03-02",
        "timezone": -5, "limit": 100, "cursor": "100"}),
    )
    .await;
    assert!(!err, "{text}");
    let v = json_of(&text);
    assert_eq!(v["page"]["total"], 120, "{}", v["page"]);
    assert_eq!(v["page"]["returned"], 20);
    assert_eq!(v["result"]["cdr"][0]["uniqueid"], "100");

    let did = json_of(example_response("getDIDsInfo").unwrap_or("{}"))["dids"][0]["did"].clone();
    let did = did.as_str().unwrap_or_default().to_string();
    let (err, text) = call(
        &client,
        "update_record",
        json!({"function": "setDIDInfo", "key": did,
        "changes": {"note": "from an agent"}}),
    )
    .await;
    assert!(!err, "{text}");
    let v = json_of(&text);
    assert!(v["before"].is_object() && v["after"].is_object(), "{text}");
    assert_eq!(v["changed"], json!(["note"]));
    let set = mock
        .requests()
        .into_iter()
        .find(|r| r.function == "setDIDInfo")
        .expect("setDIDInfo sent");
    assert_eq!(set.param("note"), Some("from an agent"));
    // The record's other settings went back as they were read.
    assert!(set.param("routing").is_some() && set.param("pop").is_some());
    client.cancel().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_tool_per_function_on_request() {
    let mock = mock().await;
    let client = connect(&mock, &["--tools", "dids"]).await;
    let tools = client.list_all_tools().await.expect("tools/list");
    let dids = voipms_api::catalog::FUNCTIONS
        .iter()
        .filter(|f| f.feature == "dids" && f.kind == voipms_api::meta::Kind::Read)
        .count();
    assert_eq!(tools.len(), dids);
    let info = tools
        .iter()
        .find(|t| t.name == "getDIDsInfo")
        .expect("a tool per function");
    assert!(info.input_schema.get("properties").is_some());
    let (err, text) = call(&client, "getDIDsInfo", json!({"limit": 1})).await;
    assert!(!err, "{text}");
    let (err, text) = call(&client, "sendSMS", json!({"did": "5551234567"})).await;
    assert!(err && text.contains("unknown tool"), "{text}");
    client.cancel().await.ok();
}

#[test]
fn http_stays_on_loopback_unless_told() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_voipms"))
        .args(["mcp", "--http", "0.0.0.0:0"])
        .env("VOIPMS_API_USERNAME", USERNAME)
        .env("VOIPMS_API_PASSWORD", PASSWORD)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("voipms runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--bind-any"), "{stderr}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_voipms"))
        .args(["mcp", "--tools", "nothing"])
        .env("VOIPMS_API_USERNAME", USERNAME)
        .env("VOIPMS_API_PASSWORD", PASSWORD)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("voipms runs");
    assert_eq!(out.status.code(), Some(2));
}
