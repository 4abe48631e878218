//! The tools the server lists: a few meta-tools over the whole API by default, or one tool per
//! function (`--tools all|CATEGORY`) for hosts that search their tools themselves.
//!
//! Every tool's annotations come from the spec's kind: a read is read-only and idempotent, a
//! write may change or remove what exists, a spend adds (and costs) something and is never
//! idempotent. Tools for kinds the policy refuses are not listed.

use serde_json::{Value, json};
use voipms_api::catalog::FUNCTIONS;
use voipms_api::meta::{FunctionMeta, Kind};

use super::policy::Policy;
use super::schema;

/// Which tools the server lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolSet {
    /// The meta-tools and a few task tools.
    Default,
    /// One tool per function the policy allows, of every category (`None`) or of one.
    Functions(Option<String>),
}

impl ToolSet {
    /// `default`, `all`, or a category (feature such as `dids`, or its documentation name).
    pub fn parse(s: &str) -> Result<ToolSet, String> {
        match s {
            "default" => Ok(ToolSet::Default),
            "all" => Ok(ToolSet::Functions(None)),
            other => {
                let lower = other.to_lowercase();
                FUNCTIONS
                    .iter()
                    .find(|f| f.feature == lower || f.category.to_lowercase() == lower)
                    .map(|f| ToolSet::Functions(Some(f.feature.to_string())))
                    .ok_or_else(|| {
                        let mut features: Vec<&str> = FUNCTIONS.iter().map(|f| f.feature).collect();
                        features.dedup();
                        format!(
                            "`{other}` is not default, all or a category ({})",
                            features.join(", ")
                        )
                    })
            }
        }
    }
}

/// The task tools beside the three meta-tools, with the kind of what each calls.
pub const TASKS: [(&str, Kind); 5] = [
    ("get_balance", Kind::Read),
    ("list_dids", Kind::Read),
    ("get_cdr", Kind::Read),
    ("send_sms", Kind::Spend),
    ("update_record", Kind::Write),
];

/// Annotations of a tool that calls functions of `kind` (`name` tells removals from additions).
fn annotations(title: &str, kind: Kind, name: &str) -> Value {
    let additive = ["add", "create", "send", "order", "backOrder", "mark"]
        .iter()
        .any(|p| name.starts_with(p));
    let (read_only, destructive, idempotent) = match kind {
        Kind::Read => (true, false, true),
        Kind::Write => (
            false,
            !additive,
            name.starts_with("set") || name.starts_with("del"),
        ),
        Kind::Spend => (false, false, false),
    };
    json!({
        "title": title,
        "readOnlyHint": read_only,
        "destructiveHint": destructive,
        "idempotentHint": idempotent,
        "openWorldHint": true,
    })
}

/// Paging arguments of tools whose answers hold lists.
fn paging(props: &mut serde_json::Map<String, Value>) {
    props.insert(
        "limit".into(),
        json!({"type": "integer", "minimum": 1, "maximum": super::page::MAX_LIMIT,
               "description": format!("Records per page (default {}).", super::page::DEFAULT_LIMIT)}),
    );
    props.insert(
        "cursor".into(),
        json!({"type": "string", "description": "The `next_cursor` of the previous page."}),
    );
}

const CONFIRM: &str = "Set to true only after the user agreed to this exact call: a spend \
                       function (sendSMS, orderDID...) is refused without it.";

fn tool(name: &str, description: String, schema: Value, annotations: Value) -> Value {
    json!({
        "name": name,
        "description": description,
        "inputSchema": schema,
        "annotations": annotations,
    })
}

/// One tool per function: the function's wire name, its summary and kind, its parameters'
/// schema, `confirm` for a spend, paging for a read.
fn function_tool(f: &FunctionMeta) -> Value {
    let mut s = schema::params(f);
    if let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) {
        match f.kind {
            Kind::Spend => {
                props.insert(
                    "confirm".into(),
                    json!({"type": "boolean", "description": CONFIRM}),
                );
            }
            Kind::Read => paging(props),
            Kind::Write => {}
        }
    }
    let summary = crate::args::first_line(f.summary);
    let description = format!(
        "{summary} ({} function of {}; VoIP.ms wire name {}).",
        f.kind.as_str(),
        f.category,
        f.name
    );
    tool(f.name, description, s, annotations(f.name, f.kind, f.name))
}

/// The tools listed under `set` and `policy`, as `tools/list` carries them.
pub fn list(set: &ToolSet, policy: &Policy) -> Vec<Value> {
    match set {
        ToolSet::Functions(category) => FUNCTIONS
            .iter()
            .filter(|f| category.as_deref().is_none_or(|c| f.feature == c))
            .filter(|f| policy.allows(f.kind))
            .map(function_tool)
            .collect(),
        ToolSet::Default => {
            let read_only = policy.read_only();
            let mut call_props = serde_json::Map::new();
            call_props.insert(
                "function".into(),
                json!({"type": "string", "description": "The function's wire name (getBalance, getDIDsInfo...): search_functions finds it."}),
            );
            call_props.insert(
                "params".into(),
                json!({"type": "object", "description": "The parameters by name, as describe_function lists them (credentials never: the server holds them)."}),
            );
            call_props.insert(
                "confirm".into(),
                json!({"type": "boolean", "description": CONFIRM}),
            );
            paging(&mut call_props);
            let allowed: Vec<&str> = [Kind::Read, Kind::Write, Kind::Spend]
                .into_iter()
                .filter(|k| policy.allows(*k))
                .map(Kind::as_str)
                .collect();
            let mut tools = vec![
                tool(
                    "search_functions",
                    "Find VoIP.ms API functions for a task in words (\"send a text message\", \"call history\"): name, kind (read, write, spend), category and summary, best first.".into(),
                    json!({"type": "object", "properties": {
                        "query": {"type": "string", "description": "What to do, in words."},
                        "limit": {"type": "integer", "minimum": 1, "maximum": 50, "description": "At most this many (default 10)."}
                    }, "required": ["query"]}),
                    json!({"title": "Search functions", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}),
                ),
                tool(
                    "describe_function",
                    "Describe a VoIP.ms API function: kind, summary, each parameter's type, required flag, documentation and value set, and the JSON Schema of its parameters.".into(),
                    json!({"type": "object", "properties": {
                        "function": {"type": "string", "description": "The wire name, e.g. sendSMS."}
                    }, "required": ["function"]}),
                    json!({"title": "Describe a function", "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false}),
                ),
                tool(
                    "call_function",
                    format!(
                        "Call any VoIP.ms API function by wire name with its parameters; the values are checked before anything is sent. This server allows {} functions. The answer is typed JSON, its longest list paged, with any drift from the spec attached.",
                        allowed.join(" and ")
                    ),
                    json!({"type": "object", "properties": call_props, "required": ["function"]}),
                    json!({"title": "Call a function", "readOnlyHint": read_only, "destructiveHint": !read_only,
                           "idempotentHint": read_only, "openWorldHint": true}),
                ),
            ];
            for (name, kind) in TASKS.into_iter().filter(|(_, k)| policy.allows(*k)) {
                tools.push(task_tool(name, kind));
            }
            tools
        }
    }
}

fn task_tool(name: &str, kind: Kind) -> Value {
    let f = |n: &str| {
        voipms_api::catalog::function(n)
            .map(schema::params)
            .unwrap_or_default()
    };
    let prop = |func: &str, p: &str| f(func)["properties"][p].clone();
    match name {
        "get_balance" => tool(
            name,
            "The account balance (getBalance); with advanced, today's and all-time spending and call counts.".into(),
            json!({"type": "object", "properties": {"advanced": prop("getBalance", "advanced")}}),
            annotations("Account balance", kind, "getBalance"),
        ),
        "list_dids" => {
            let mut props = serde_json::Map::new();
            props.insert("did".into(), prop("getDIDsInfo", "did"));
            paging(&mut props);
            tool(
                name,
                "The account's DIDs (phone numbers) with their routing, SMS and voicemail settings (getDIDsInfo), paged.".into(),
                json!({"type": "object", "properties": props}),
                annotations("List DIDs", kind, "getDIDsInfo"),
            )
        }
        "get_cdr" => {
            let mut props = serde_json::Map::new();
            for p in ["date_from", "date_to", "timezone"] {
                props.insert(p.into(), prop("getCDR", p));
            }
            props.insert(
                "filters".into(),
                json!({"type": "object", "description": "Any other getCDR parameter by name (answered, noanswer, busy, failed, calltype, callbilling, account...)."}),
            );
            paging(&mut props);
            tool(
                name,
                "Call detail records between two dates (getCDR); a range longer than VoIP.ms allows in one call is split into windows and joined. Paged.".into(),
                json!({"type": "object", "properties": props, "required": ["date_from", "date_to"]}),
                annotations("Call records", kind, "getCDR"),
            )
        }
        "send_sms" => {
            let mut s = f("sendSMS");
            if let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) {
                props.insert("confirm".into(), json!({"type": "boolean", "description": CONFIRM}));
            }
            tool(
                name,
                "Send an SMS from one of the account's DIDs (sendSMS: it costs money). Refused unless `confirm` is true.".into(),
                s,
                annotations("Send an SMS", kind, "sendSMS"),
            )
        }
        _ => {
            let setters: Vec<&str> = voipms_api::catalog::UPDATES.iter().map(|u| u.setter).collect();
            tool(
                name,
                "Change some settings of one record and keep the others: reads the record, applies `changes`, sends the whole record to the setter (VoIP.ms resets what a setter is not sent), reads it again; answers before and after.".into(),
                json!({"type": "object", "properties": {
                    "function": {"type": "string", "enum": setters, "description": "The setter, e.g. setDIDInfo."},
                    "key": {"type": "string", "description": "The record's key: the DID for setDIDInfo, the sub-account id for setSubAccount..."},
                    "changes": {"type": "object", "description": "The parameters to change, by name."}
                }, "required": ["function", "key", "changes"]}),
                annotations("Update a record", kind, "setDIDInfo"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mcp::policy::Allow;

    #[test]
    fn the_default_list_is_small_and_annotated() {
        let read_only = list(&ToolSet::Default, &Policy::new(&[], None));
        let names: Vec<&str> = read_only
            .iter()
            .filter_map(|t| t["name"].as_str())
            .collect();
        assert_eq!(
            names,
            [
                "search_functions",
                "describe_function",
                "call_function",
                "get_balance",
                "list_dids",
                "get_cdr"
            ]
        );
        let all = list(
            &ToolSet::Default,
            &Policy::new(&[Allow::Write, Allow::Spend], None),
        );
        assert_eq!(all.len(), 8);
        let bytes = serde_json::to_string(&all).unwrap_or_default().len();
        assert!(bytes < 30_000, "{bytes} bytes");
        for t in &all {
            assert!(t["annotations"]["readOnlyHint"].is_boolean(), "{t}");
            assert!(t["inputSchema"]["type"] == "object", "{t}");
        }
        let send = all
            .iter()
            .find(|t| t["name"] == "send_sms")
            .cloned()
            .unwrap_or_default();
        assert_eq!(send["annotations"]["readOnlyHint"], false);
        assert_eq!(send["annotations"]["idempotentHint"], false);
        assert!(send["inputSchema"]["properties"]["confirm"].is_object());
    }

    #[test]
    fn one_tool_per_allowed_function() {
        let reads = list(&ToolSet::Functions(None), &Policy::new(&[], None));
        let n = FUNCTIONS.iter().filter(|f| f.kind == Kind::Read).count();
        assert_eq!(reads.len(), n);
        let dids = list(
            &ToolSet::parse("dids").unwrap_or(ToolSet::Default),
            &Policy::new(&[Allow::Write], None),
        );
        assert!(
            dids.iter()
                .any(|t| t["name"] == "setDIDInfo" && t["annotations"]["destructiveHint"] == true)
        );
        assert!(!dids.iter().any(|t| t["name"] == "sendSMS"));
        assert!(ToolSet::parse("nope").is_err());
        // Every tool deserializes as the SDK's own type.
        for t in list(
            &ToolSet::Functions(None),
            &Policy::new(&[Allow::Write, Allow::Spend], None),
        ) {
            assert!(
                serde_json::from_value::<rmcp::model::Tool>(t.clone()).is_ok(),
                "{t}"
            );
        }
    }
}
