//! The MCP server's handler: lists the tools, and answers each call with the function's typed
//! answer or a tool error (`isError`) that says what to change. A refused or invalid call sends
//! nothing to VoIP.ms.

use std::sync::Arc;

use rmcp::ErrorData;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{RequestContext, RoleServer};
use serde_json::{Map, Value, json};
use voipms_api::Client;
use voipms_api::catalog::FUNCTIONS;
use voipms_api::meta::{FunctionMeta, Kind};

use super::page::{self, Window};
use super::policy::Policy;
use super::tools::{self, ToolSet};
use super::{schema, search};
use crate::failure::Failure;

/// What the server tells an agent on connecting.
const INSTRUCTIONS: &str = "VoIP.ms API (DIDs, SMS/MMS, CDRs, voicemail, sub-accounts, fax, \
    e911, number porting...). Find a function with search_functions, read its parameters with \
    describe_function, call it with call_function. Reads are always allowed; writes and spends \
    only when the server was started to allow them, and a spend (sendSMS, orderDID...) only with \
    confirm: true after the user agreed. Credentials are the server's: never pass them.";

/// One MCP server: the client, the policy, the tools.
#[derive(Clone)]
pub struct VoipmsMcp {
    client: Arc<Client>,
    policy: Arc<Policy>,
    tools: Arc<Vec<Tool>>,
}

/// A tool's answer: compact JSON, or an error an agent can act on.
type Answer = Result<Value, String>;

impl VoipmsMcp {
    /// A server for `client` under `policy`, listing `set`.
    pub fn new(client: Arc<Client>, policy: Arc<Policy>, set: &ToolSet) -> Result<Self, String> {
        let tools = tools::list(set, &policy)
            .into_iter()
            .map(|t| serde_json::from_value::<Tool>(t).map_err(|e| format!("a tool: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(VoipmsMcp {
            client,
            policy,
            tools: Arc::new(tools),
        })
    }

    /// Answers a call of the tool `name`.
    pub async fn answer(&self, name: &str, args: Map<String, Value>) -> Answer {
        match name {
            "search_functions" => search_functions(&args),
            "describe_function" => {
                let f = function_arg(&args, "function")?;
                let mut d = crate::describe::describe_json(f);
                d["input_schema"] = schema::params(f);
                d["allowed_here"] = json!(self.policy.allows(f.kind));
                Ok(d)
            }
            "call_function" => {
                let f = function_arg(&args, "function")?;
                let params = object_arg(&args, "params")?;
                self.call(f, &params, &args).await
            }
            "get_balance" => self.call(by_name("getBalance")?, &args, &args).await,
            "list_dids" => self.call(by_name("getDIDsInfo")?, &args, &args).await,
            "send_sms" => self.call(by_name("sendSMS")?, &args, &args).await,
            "get_cdr" => {
                let mut params = object_arg(&args, "filters")?;
                for p in ["date_from", "date_to", "timezone"] {
                    if let Some(v) = args.get(p) {
                        params.insert(p.into(), v.clone());
                    }
                }
                self.call(by_name("getCDR")?, &params, &args).await
            }
            "update_record" => self.update(&args).await,
            other => match voipms_api::catalog::function(other) {
                // `--tools all|CATEGORY`: a function's own tool, if it is listed.
                Some(f) if self.tools.iter().any(|t| t.name == f.name) => {
                    self.call(f, &args, &args).await
                }
                _ => {
                    let names = self.tools.iter().map(|t| t.name.as_ref());
                    let similar = crate::suggest::similar(other, names);
                    Err(format!(
                        "unknown tool `{other}`{}; tools/list lists the tools of this server",
                        crate::suggest::hint(&similar)
                    ))
                }
            },
        }
    }

    /// Checks, admits and sends one call of `f` with `params`; `args` holds the call's `confirm`,
    /// `limit` and `cursor`.
    async fn call(
        &self,
        f: &'static FunctionMeta,
        params: &Map<String, Value>,
        args: &Map<String, Value>,
    ) -> Answer {
        if !self.policy.allows(f.kind) {
            return Err(self.policy.admit(f, false).err().unwrap_or_default());
        }
        let window = Window::from_args(args)?;
        let confirm = args
            .get("confirm")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        // The paging and confirm arguments of a function's own tool are not its parameters.
        let mut params = params.clone();
        for k in ["confirm", "limit", "cursor"] {
            if f.param(k).is_none() {
                params.remove(k);
            }
        }
        let wire = schema::to_args(f, &params)?;
        let split = crate::range_split::windows(f, &wire);
        let checked = if split.is_none() {
            Some(crate::checked::check(f.name, &wire).map_err(|e| usage(f, e))?)
        } else {
            None
        };
        self.policy.admit(f, confirm)?;
        let (mut value, drift) = match (split, checked) {
            (Some(windows), _) => crate::range_split::call(&self.client, f, &wire, &windows)
                .await
                .map_err(|e| usage(f, e))?,
            (None, Some(checked)) => {
                let typed = self
                    .client
                    .call_typed(f.name, checked.params)
                    .await
                    .map_err(|e| answered(f, e))?;
                (typed.value, typed.drift)
            }
            (None, None) => return Err(format!("{}: nothing to send", f.name)),
        };
        crate::secrets::mask(f.name, &mut value);
        let page = page::cut(&mut value, window);
        let mut out = json!({"function": f.name, "result": value});
        if let Some(p) = page {
            out["page"] = p;
        }
        if !drift.is_empty() {
            out["drift"] = json!(drift.iter().map(|d| json!({"path": d.path, "kind": d.kind.as_str(), "detail": d.kind.to_string()})).collect::<Vec<_>>());
        }
        Ok(out)
    }

    /// `update_record`: read, change, send whole, read again.
    async fn update(&self, args: &Map<String, Value>) -> Answer {
        let setter = args
            .get("function")
            .and_then(Value::as_str)
            .ok_or("`function` (the setter, e.g. setDIDInfo) is required")?;
        let key = match args.get("key") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err("`key` (the record's DID, id...) is required".into()),
        };
        let u = crate::update::lookup(setter).map_err(|e| e.to_string())?;
        let f = by_name(u.setter)?;
        if !self.policy.allows(f.kind) {
            return Err(self.policy.admit(f, false).err().unwrap_or_default());
        }
        let changes = object_arg(args, "changes")?;
        let wire = schema::to_args(f, &changes)?;
        let pairs: Vec<(&str, &str)> = wire.iter().filter_map(|a| a.split_once('=')).collect();
        crate::update::check_changes(u, &pairs).map_err(|e| usage(f, e))?;
        let before = crate::update::read_record(&self.client, u, &key)
            .await
            .map_err(|e| e.to_string())?;
        let checked = crate::update::plan(u, &before, &pairs).map_err(|e| usage(f, e))?;
        self.policy.admit(f, true)?;
        let answer = self
            .client
            .call_typed(u.setter, checked.params)
            .await
            .map_err(|e| answered(f, e))?;
        let after = crate::update::read_record(&self.client, u, &key)
            .await
            .map_err(|e| e.to_string());
        let mut out = json!({
            "function": u.setter,
            "key": key,
            "changed": pairs.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            "before": before,
            "answer": answer.value,
        });
        match after {
            Ok(a) => out["after"] = Value::Object(a),
            Err(e) => out["after_unread"] = json!(e),
        }
        for part in ["before", "after"] {
            if let Some(record) = out.get_mut(part) {
                // Secret paths are written from the answer's top: wrap the record in its list.
                let mut wrapped = json!({u.list: [record.take()]});
                crate::secrets::mask(u.read, &mut wrapped);
                *record = wrapped[u.list][0].take();
            }
        }
        Ok(out)
    }
}

fn search_functions(args: &Map<String, Value>) -> Answer {
    let query = args
        .get("query")
        .and_then(Value::as_str)
        .ok_or("`query` (what to do, in words) is required")?;
    let limit = args
        .get("limit")
        .and_then(Value::as_u64)
        .unwrap_or(10)
        .clamp(1, 50);
    let hits: Vec<Value> = search::search(query, usize::try_from(limit).unwrap_or(10))
        .into_iter()
        .map(|h| {
            json!({
                "function": h.function.name,
                "kind": h.function.kind.as_str(),
                "category": h.function.category,
                "summary": crate::args::first_line(h.function.summary),
            })
        })
        .collect();
    Ok(json!({"query": query, "functions": hits}))
}

fn by_name(name: &str) -> Result<&'static FunctionMeta, String> {
    voipms_api::catalog::function(name)
        .ok_or_else(|| format!("`{name}` is not in this build's spec"))
}

/// The function named by the argument `key`, or an error with the closest names.
fn function_arg(args: &Map<String, Value>, key: &str) -> Result<&'static FunctionMeta, String> {
    let name = args
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("`{key}` (a wire name such as getBalance) is required"))?;
    voipms_api::catalog::function(name).ok_or_else(|| {
        let similar = crate::suggest::similar(name, FUNCTIONS.iter().map(|f| f.name));
        format!(
            "unknown function `{name}`{}; search_functions finds functions by what they do",
            crate::suggest::hint(&similar)
        )
    })
}

fn object_arg(args: &Map<String, Value>, key: &str) -> Result<Map<String, Value>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(_) => Err(format!("`{key}` is an object of parameters by name")),
    }
}

/// A check's refusal in the words of this interface.
fn usage(f: &FunctionMeta, e: Failure) -> String {
    e.to_string().replace(
        &format!("`voipms describe {}` lists its parameters", f.name),
        "describe_function lists its parameters",
    )
}

/// What VoIP.ms answered instead of success (or why the call did not complete).
fn answered(f: &FunctionMeta, e: voipms_api::Error) -> String {
    let never = if f.kind == Kind::Read {
        ""
    } else {
        " (not retried: it is not a read)"
    };
    format!("{}: {}{never}", f.name, Failure::from(e))
}

impl rmcp::ServerHandler for VoipmsMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("voipms", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.as_ref().clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let args = request.arguments.unwrap_or_default();
        let result = match self.answer(&request.name, args).await {
            Ok(v) => CallToolResult::success(vec![ContentBlock::text(v.to_string())]),
            Err(message) => CallToolResult::error(vec![ContentBlock::text(message)]),
        };
        Ok(result.into())
    }
}
