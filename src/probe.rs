//! `voipms probe`: every read function of the spec called on the user's own account, each
//! answer decoded through its typed response, and the drift reported per function.
//!
//! Only `read` functions are ever called: the plan is made from the metadata table's kinds, and
//! [`send`] refuses anything else. The spec's `probe:` says where each required parameter of a
//! read comes from (another read's answer, a literal, a recent window for a date range), so the
//! reads that list things run first and their ids feed the reads that need one.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Args;
use serde_json::{Value, json};
use voipms_api::catalog::FUNCTIONS;
use voipms_api::meta::{FunctionMeta, Kind, ProbeMeta, ProbeSource, WireType};
use voipms_api::{Client, Date, Drift, ErrorCode};

use crate::args::{Connection, Output};
use crate::failure::{Cause, Failure};

/// The arguments of `voipms probe`.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// The endpoint, the time limit, the request form, the rate limit and the attempts.
    #[command(flatten)]
    pub connection: Connection,

    /// Only these read functions (comma-separated wire names); the reads whose answers they
    /// need are called too.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub functions: Option<Vec<String>>,

    /// Only the reads of this category (a name such as "DIDs" or a feature such as dids).
    #[arg(long)]
    pub category: Option<String>,

    /// Write each answer to DIR in `voipms call --save`'s format, personal values masked
    /// (see --keep-values), for `cargo xtask spec check-responses` and `spec learn`.
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,

    /// With --save: write the answers' values as received instead of masked placeholders
    /// (the API password and the credentials are never written).
    #[arg(long, requires = "save")]
    pub keep_values: bool,
}

/// How many days the window of a date-ranged read spans, today included.
const WINDOW_DAYS: i64 = 7;

/// What one function's probe found.
#[derive(Debug, Clone)]
pub struct Row {
    /// The wire name.
    pub function: &'static str,
    /// `ok`, `empty`, `error`, `failed` or `skipped`.
    pub outcome: &'static str,
    /// With `error` (and `empty`): the status code VoIP.ms answered.
    pub code: Option<String>,
    /// With `failed`: the failure class (`timeout`, `connect`, `http_5xx`, `decode`,
    /// `rate_limited`, `transport`).
    pub class: Option<&'static str>,
    /// With `skipped` and `failed`: why.
    pub reason: Option<String>,
    /// Where the answer differed from the spec, by path.
    pub drift: Vec<DriftRow>,
}

/// One drift of an answer, as `--output json` prints it.
#[derive(Debug, Clone)]
pub struct DriftRow {
    /// The field path (`dids[].note`).
    pub path: String,
    /// `unknown_field`, `invalid_value`, `outside_value_set` or `shape_fallback`.
    pub kind: &'static str,
    /// What differed, in words (types and sizes, never values).
    pub detail: String,
    /// How many times in the answer.
    pub count: usize,
}

impl Row {
    /// The row as `--output json` prints it: `reason`, `code` and `class` only when set.
    pub fn to_json(&self) -> Value {
        let mut v = json!({"function": self.function, "outcome": self.outcome});
        if let Value::Object(m) = &mut v {
            if let Some(c) = &self.code {
                m.insert("code".into(), json!(c));
            }
            if let Some(c) = self.class {
                m.insert("class".into(), json!(c));
            }
            if let Some(r) = &self.reason {
                m.insert("reason".into(), json!(r));
            }
            let drift: Vec<Value> = self
                .drift
                .iter()
                .map(|d| json!({"path": d.path, "kind": d.kind, "detail": d.detail, "count": d.count}))
                .collect();
            m.insert("drift".into(), Value::Array(drift));
        }
        v
    }
}

impl From<&Drift> for DriftRow {
    fn from(d: &Drift) -> Self {
        DriftRow {
            path: d.path.clone(),
            kind: d.kind.as_str(),
            detail: d.kind.to_string(),
            count: d.count,
        }
    }
}

/// The reads to call, dependencies first: those chosen, and those whose answers they need.
pub fn plan(
    functions: Option<&[String]>,
    category: Option<&str>,
) -> Result<Vec<&'static FunctionMeta>, Failure> {
    let reads = || FUNCTIONS.iter().filter(|f| f.kind == Kind::Read);
    let mut chosen: Vec<&'static FunctionMeta> = match functions {
        Some(names) => {
            let mut v = Vec::new();
            for n in names {
                let f = crate::describe::lookup(n)?;
                if f.kind != Kind::Read {
                    return Err(Failure::Usage(format!(
                        "`{}` is a {} function: the probe calls only reads",
                        f.name,
                        f.kind.as_str()
                    )));
                }
                v.push(f);
            }
            v
        }
        None => reads().collect(),
    };
    if let Some(c) = category {
        let known = FUNCTIONS
            .iter()
            .any(|f| f.feature == c || f.category.eq_ignore_ascii_case(c));
        if !known {
            return Err(Failure::Usage(format!(
                "unknown category `{c}` (`voipms functions` lists them)"
            )));
        }
        chosen.retain(|f| f.feature == c || f.category.eq_ignore_ascii_case(c));
    }
    // The sources of the chosen, transitively.
    let mut all: Vec<&'static FunctionMeta> = Vec::new();
    let mut todo = chosen;
    while let Some(f) = todo.pop() {
        if all.iter().any(|g| g.name == f.name) {
            continue;
        }
        all.push(f);
        todo.extend(sources(f).filter_map(voipms_api::catalog::function));
    }
    // Spec order, then each read after its sources (the spec check refuses circles).
    all.sort_by_key(|f| FUNCTIONS.iter().position(|g| g.name == f.name));
    let mut ordered: Vec<&'static FunctionMeta> = Vec::new();
    while ordered.len() < all.len() {
        let before = ordered.len();
        for f in &all {
            if ordered.iter().any(|g| g.name == f.name) {
                continue;
            }
            if sources(f).all(|s| ordered.iter().any(|g| g.name == s)) {
                ordered.push(f);
            }
        }
        if ordered.len() == before {
            // A circle the spec check would have refused: run the rest as they are.
            for f in &all {
                if !ordered.iter().any(|g| g.name == f.name) {
                    ordered.push(f);
                }
            }
        }
    }
    Ok(ordered)
}

/// The reads whose answers `f`'s probe needs.
fn sources(f: &FunctionMeta) -> impl Iterator<Item = &'static str> + '_ {
    let inputs = match f.probe {
        Some(ProbeMeta::Run(inputs)) => inputs,
        _ => &[],
    };
    inputs.iter().filter_map(|i| match i.source {
        ProbeSource::Field { function, .. } => Some(function),
        _ => None,
    })
}

/// The value at `path` (`dids[].did`) in the first record of `body`.
pub fn value_at<'a>(body: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = body;
    for segment in path.split('.') {
        let (name, items) = match segment.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (segment, false),
        };
        v = v.get(name)?;
        if items {
            v = match v {
                Value::Array(a) => a.first()?,
                // A PHP-style keyed collection, or a list answered as one record.
                Value::Object(o) if o.values().all(Value::is_object) && !o.is_empty() => {
                    o.values().next()?
                }
                Value::Object(_) => v,
                _ => return None,
            };
        }
    }
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        other => Some(other),
    }
}

/// A window edge in the parameter's form: a date, or a datetime at the day's start or end.
fn window_edge(f: &FunctionMeta, param: &str, date: Date, end: bool) -> String {
    match f.param(param).map(|p| p.ty) {
        Some(WireType::DateTime) if end => format!("{date} 23:59:59"),
        Some(WireType::DateTime) => format!("{date} 00:00:00"),
        _ => date.to_string(),
    }
}

/// The parameters of `f`'s probe, or why it cannot run.
fn inputs(
    f: &FunctionMeta,
    answers: &HashMap<&'static str, Result<Value, String>>,
) -> Result<Vec<(String, String)>, String> {
    let inputs = match f.probe {
        Some(ProbeMeta::Run(inputs)) => inputs,
        Some(ProbeMeta::Skip(reason)) => return Err(reason.to_string()),
        None => return Err(format!("`{}` is not a read", f.name)),
    };
    let today = crate::save::now().map_err(|e| e.to_string())?.date();
    let start = today
        .add_days(1 - WINDOW_DAYS)
        .ok_or("the system clock is out of range")?;
    let mut params = Vec::new();
    for i in inputs {
        let value = match i.source {
            ProbeSource::Value(v) => v.to_string(),
            ProbeSource::WindowStart => window_edge(f, i.param, start, false),
            ProbeSource::WindowEnd => window_edge(f, i.param, today, true),
            ProbeSource::Field { function, path } => {
                let body = match answers.get(function) {
                    Some(Ok(body)) => body,
                    Some(Err(why)) => {
                        return Err(format!("`{}` needs {function}: {why}", i.param));
                    }
                    None => return Err(format!("`{}` needs {function}, not called", i.param)),
                };
                match value_at(body, path) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    Some(Value::Bool(b)) => b.to_string(),
                    _ => {
                        return Err(format!(
                            "`{}` needs a value at `{path}` of {function}'s answer, which has none",
                            i.param
                        ));
                    }
                }
            }
        };
        params.push((i.param.to_string(), value));
    }
    Ok(params)
}

/// The failure class of a call that got no usable answer.
fn class(f: &Failure) -> &'static str {
    match f {
        Failure::Call { cause, .. } => match cause {
            Cause::CredentialsRefused => "credentials_refused",
            Cause::RateLimited => "rate_limited",
            Cause::Timeout => "timeout",
            Cause::Connect => "connect",
            Cause::ServerError => "http_5xx",
            Cause::Decode => "decode",
        },
        Failure::Usage(_) => "usage",
        _ => "transport",
    }
}

/// What a probe of the account found.
#[derive(Debug)]
pub struct Report {
    /// One row per function, in call order.
    pub rows: Vec<Row>,
}

impl Report {
    /// How many functions' answers drifted.
    pub fn drifted(&self) -> usize {
        self.rows.iter().filter(|r| !r.drift.is_empty()).count()
    }

    /// The counts `--output json` prints under `summary`.
    pub fn summary(&self) -> Value {
        let count = |o: &str| self.rows.iter().filter(|r| r.outcome == o).count();
        json!({
            "functions": self.rows.len(),
            "ok": count("ok"),
            "empty": count("empty"),
            "error": count("error"),
            "failed": count("failed"),
            "skipped": count("skipped"),
            "drifted": self.drifted(),
            "drift": self.rows.iter().map(|r| r.drift.len()).sum::<usize>(),
        })
    }

    /// The report in the chosen format.
    pub fn render(&self, out: Output) -> String {
        match out {
            Output::Json | Output::Jsonl => crate::output::json(&json!({
                "functions": self.rows.iter().map(Row::to_json).collect::<Vec<_>>(),
                "summary": self.summary(),
            })),
            Output::Table | Output::Csv => {
                let mut rows = vec![vec![
                    "function".to_string(),
                    "outcome".to_string(),
                    "drift".to_string(),
                    "detail".to_string(),
                ]];
                for r in &self.rows {
                    let detail = match (&r.code, r.class, &r.reason) {
                        (Some(c), _, _) => c.clone(),
                        (_, Some(c), Some(why)) => format!("{c}: {why}"),
                        (_, _, Some(why)) => why.clone(),
                        _ => String::new(),
                    };
                    rows.push(vec![
                        r.function.to_string(),
                        r.outcome.to_string(),
                        r.drift.len().to_string(),
                        detail,
                    ]);
                    for d in &r.drift {
                        rows.push(vec![
                            String::new(),
                            String::new(),
                            format!("`{}`", d.path),
                            d.detail.clone(),
                        ]);
                    }
                }
                let mut text = String::new();
                crate::output::render(&mut text, &rows);
                let s = self.summary();
                text.push_str(&format!(
                    "\n{} functions: {} ok, {} empty, {} error, {} failed, {} skipped; {} drifted\n",
                    s["functions"], s["ok"], s["empty"], s["error"], s["failed"], s["skipped"],
                    s["drifted"]
                ));
                text
            }
        }
    }
}

/// Sends one probe call, refusing anything but a read.
async fn send(
    client: &Client,
    f: &'static FunctionMeta,
    params: &[(String, String)],
) -> Result<voipms_api::RawAnswer, Failure> {
    if f.kind != Kind::Read {
        return Err(Failure::Usage(format!(
            "`{}` is a {} function: the probe never calls one",
            f.name,
            f.kind.as_str()
        )));
    }
    Ok(client.call_received(f.name, params.to_vec()).await?)
}

/// Stops the whole probe: the account refuses these credentials or this address.
fn refused(e: &voipms_api::Error) -> Option<Failure> {
    matches!(
        e.api_code(),
        Some(ErrorCode::InvalidCredentials | ErrorCode::IpNotEnabled)
    )
    .then(|| Failure::Call {
        message: format!(
            "{e}; the probe stopped: fix: {} (`voipms doctor` checks the set-up)",
            crate::doctor::fix(e)
        ),
        cause: Cause::CredentialsRefused,
    })
}

/// `voipms probe`: runs the plan, saves the answers, returns the report.
pub async fn run(args: &ProbeArgs) -> Result<Report, Failure> {
    let plan = plan(args.functions.as_deref(), args.category.as_deref())?;
    let client = crate::call::client(&args.connection)?;
    let bar = indicatif::ProgressBar::new(plan.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut answers: HashMap<&'static str, Result<Value, String>> = HashMap::new();
    let mut rows = Vec::new();
    for f in plan {
        bar.set_message(f.name);
        let row = probe_one(&client, f, args, &mut answers).await;
        bar.inc(1);
        match row {
            Ok(row) => rows.push(row),
            Err(stop) => {
                bar.finish_and_clear();
                return Err(stop);
            }
        }
    }
    bar.finish_and_clear();
    Ok(Report { rows })
}

fn row(function: &'static str, outcome: &'static str) -> Row {
    Row {
        function,
        outcome,
        code: None,
        class: None,
        reason: None,
        drift: Vec::new(),
    }
}

/// One function: its row, or the failure that stops the probe.
async fn probe_one(
    client: &Client,
    f: &'static FunctionMeta,
    args: &ProbeArgs,
    answers: &mut HashMap<&'static str, Result<Value, String>>,
) -> Result<Row, Failure> {
    let params = match inputs(f, answers) {
        Ok(p) => p,
        Err(reason) => {
            answers.insert(f.name, Err("skipped".to_string()));
            return Ok(Row {
                reason: Some(reason),
                ..row(f.name, "skipped")
            });
        }
    };
    let received = match send(client, f, &params).await {
        Ok(r) => r,
        Err(failure) => {
            if let Failure::Call {
                cause: Cause::CredentialsRefused,
                ..
            } = failure
            {
                return Err(failure);
            }
            answers.insert(f.name, Err("it failed".to_string()));
            return Ok(Row {
                class: Some(class(&failure)),
                reason: Some(failure.to_string()),
                ..row(f.name, "failed")
            });
        }
    };
    if let Some(dir) = &args.save {
        save(dir, f.name, &params, &received, args.keep_values)?;
    }
    let fields = match received.fields {
        Ok(fields) => fields,
        Err(e) => {
            if let Some(stop) = refused(&e) {
                return Err(stop);
            }
            answers.insert(f.name, Err("it answered an error".to_string()));
            return Ok(match e.api_code() {
                Some(code) => Row {
                    code: Some(code.as_str().to_string()),
                    ..row(f.name, "error")
                },
                None => {
                    let failure = Failure::from(e);
                    Row {
                        class: Some(class(&failure)),
                        reason: Some(failure.to_string()),
                        ..row(f.name, "failed")
                    }
                }
            });
        }
    };
    let body = crate::save::body_json(&received.body).unwrap_or(Value::Null);
    let status = body.get("status").and_then(Value::as_str).unwrap_or("");
    if status != "success" {
        // An empty-list code: nothing to decode, and nothing for the reads that need an id.
        answers.insert(
            f.name,
            Err(format!("it answered `{status}` (nothing listed)")),
        );
        return Ok(Row {
            code: Some(status.to_string()),
            ..row(f.name, "empty")
        });
    }
    let shift = f.request_shift(|p| params.iter().find(|(k, _)| k == p).map(|(_, v)| v.as_str()));
    let transport = crate::call::transport_of(&args.connection);
    let typed = match crate::call::typed_over(transport, f.name, &received.body, fields, shift) {
        Ok(t) => t,
        Err(failure) => {
            answers.insert(f.name, Err("its answer does not decode".to_string()));
            return Ok(Row {
                class: Some(class(&failure)),
                reason: Some(failure.to_string()),
                ..row(f.name, "failed")
            });
        }
    };
    answers.insert(f.name, Ok(body));
    Ok(Row {
        drift: typed.drift.iter().map(DriftRow::from).collect(),
        ..row(f.name, "ok")
    })
}

/// Writes one answer in the saved format, masked unless `keep`.
fn save(
    dir: &std::path::Path,
    function: &str,
    params: &[(String, String)],
    received: &voipms_api::RawAnswer,
    keep: bool,
) -> Result<(), Failure> {
    if keep {
        crate::save::write(dir, function, params, received)?;
        return Ok(());
    }
    let body = match crate::save::body_json(&received.body) {
        Some(v) => {
            let mut masked = crate::mask::body(&v);
            crate::secrets::each(function, &mut masked, &mut |s| *s = crate::mask::secret(s));
            crate::output::json(&masked)
        }
        None => crate::mask::text(&received.body),
    };
    let masked = voipms_api::RawAnswer {
        http_status: received.http_status,
        body,
        fields: Ok(serde_json::Map::new()),
    };
    crate::save::write(dir, function, &crate::mask::params(params), &masked)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_calls_only_reads_and_sources_first() {
        let plan = plan(None, None).unwrap_or_else(|e| panic!("{e}"));
        assert!(plan.iter().all(|f| f.kind == Kind::Read));
        assert_eq!(
            plan.len(),
            FUNCTIONS.iter().filter(|f| f.kind == Kind::Read).count()
        );
        for (i, f) in plan.iter().enumerate() {
            for s in sources(f) {
                let at = plan.iter().position(|g| g.name == s);
                assert!(at.is_some_and(|at| at < i), "{} runs before {s}", f.name);
            }
        }
        let skipped = plan
            .iter()
            .filter(|f| matches!(f.probe, Some(ProbeMeta::Skip(_))))
            .count();
        assert!(
            skipped * 4 <= plan.len(),
            "{skipped} of {} skipped",
            plan.len()
        );
    }

    #[test]
    fn a_chosen_read_brings_its_sources_and_writes_are_refused() {
        let plan = plan(Some(&["getVoicemailMessageFile".to_string()]), None)
            .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = plan.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "getVoicemails",
                "getVoicemailMessages",
                "getVoicemailMessageFile"
            ]
        );
        for refused in ["sendSMS", "delSubAccount", "setDIDInfo"] {
            let e = super::plan(Some(&[refused.to_string()]), None);
            assert!(
                matches!(&e, Err(Failure::Usage(m)) if m.contains("only reads")),
                "{refused}: {e:?}"
            );
        }
        let cdr = super::plan(None, Some("cdr")).unwrap_or_else(|e| panic!("{e}"));
        assert!(cdr.iter().any(|f| f.name == "getCDR"));
    }

    #[test]
    fn values_come_from_the_first_record() {
        let body = json!({"status": "success", "dids": [{"did": "5551234567"}, {"did": "2"}],
            "one": {"id": 7}, "keyed": {"a": {"x": "1"}}});
        assert_eq!(value_at(&body, "dids[].did"), Some(&json!("5551234567")));
        assert_eq!(value_at(&body, "one[].id"), Some(&json!(7)));
        assert_eq!(value_at(&body, "keyed[].x"), Some(&json!("1")));
        assert_eq!(value_at(&body, "dids[].none"), None);
        assert_eq!(value_at(&json!({"dids": []}), "dids[].did"), None);
    }
}
