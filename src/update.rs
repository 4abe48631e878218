//! `voipms update FUNCTION KEY=VALUE [name=value ...]`: read the record, apply the given
//! parameters, write the whole record back (VoIP.ms resets what a setter is not sent).

use clap::Args;
use serde_json::{Map, Value};
use voipms_api::catalog::UPDATES;
use voipms_api::update::UpdateMeta;

use crate::args::Connection;
use crate::call;
use crate::config;
use crate::describe;
use crate::failure::Failure;
use crate::output;
use crate::suggest;

/// The arguments of `voipms update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The setter's wire name, e.g. setDIDInfo (setters whose record can be read).
    pub function: String,

    /// The record to update, as KEY=VALUE (e.g. did=5551234567), then the parameters to
    /// change as name=value.
    #[arg(value_name = "KEY=VALUE [NAME=VALUE]", required = true)]
    pub params: Vec<String>,

    /// Print the parameters it would send (the password masked) instead of sending them.
    #[arg(long)]
    pub dry_run: bool,

    /// The endpoint and the time limit.
    #[command(flatten)]
    pub connection: Connection,
}

/// The setter's entry, or a usage error naming the setters that have one.
pub fn lookup(function: &str) -> Result<&'static UpdateMeta, Failure> {
    UpdateMeta::find(function).ok_or_else(|| {
        let similar = suggest::similar(function, UPDATES.iter().map(|u| u.setter));
        Failure::Usage(format!(
            "`{function}` has no read source to update from{}; these do: {}",
            suggest::hint(&similar),
            UPDATES
                .iter()
                .map(|u| u.setter)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// Parameters as given on the command line: (name, value).
type Pairs<'a> = Vec<(&'a str, &'a str)>;

/// The key (the first argument, `KEY=VALUE` with the setter's key parameter) and the changes.
fn split_key<'a>(u: &UpdateMeta, params: &'a [String]) -> Result<(&'a str, Pairs<'a>), Failure> {
    let mut pairs = Vec::new();
    for arg in params {
        let Some((name, value)) = arg.split_once('=') else {
            return Err(Failure::Usage(format!(
                "`{arg}` is not a parameter: write name=value"
            )));
        };
        pairs.push((name.trim(), value));
    }
    match pairs.first() {
        Some((name, key)) if *name == u.key => Ok((key, pairs[1..].to_vec())),
        _ => Err(Failure::Usage(format!(
            "{}: the first argument names the record: {}=VALUE",
            u.setter, u.key
        ))),
    }
}

/// The text of a JSON scalar, for comparing keys.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The record with `key` among the read answer's fields.
fn find_record<'a>(
    u: &UpdateMeta,
    fields: &'a Map<String, Value>,
    key: &str,
) -> Result<&'a Map<String, Value>, Failure> {
    let records: Vec<&Value> = match fields.get(u.list) {
        Some(Value::Array(items)) => items.iter().collect(),
        // PHP arrays sometimes arrive keyed by index.
        Some(Value::Object(items)) => items.values().collect(),
        _ => Vec::new(),
    };
    records
        .into_iter()
        .filter_map(Value::as_object)
        .find(|r| r.get(u.key_field).and_then(text).as_deref() == Some(key))
        .ok_or_else(|| {
            Failure::Usage(format!(
                "{}: no record with {} `{key}`, so `{}` was not sent",
                u.read, u.key_field, u.setter
            ))
        })
}

/// The parameters to send: the record's, then the changes (replacing or added), checked like
/// `voipms call` (a required parameter the record lacks is named before anything is sent).
pub fn plan(
    u: &UpdateMeta,
    record: &Map<String, Value>,
    changes: &[(&str, &str)],
) -> Result<crate::checked::Checked, Failure> {
    let mut form = u.form_from_record(record);
    for (name, value) in changes {
        match form.iter_mut().find(|(k, _)| k == name) {
            Some(pair) => pair.1 = value.to_string(),
            None => form.push((name.to_string(), value.to_string())),
        }
    }
    if let Some(p) = u.missing(&form) {
        return Err(Failure::Usage(format!(
            "{}: required parameter `{}` is absent from the {} record{}; give it as {}=VALUE",
            u.setter,
            p.param,
            u.read,
            p.field
                .map(|f| format!(" (field `{f}`)"))
                .unwrap_or_default(),
            p.param
        )));
    }
    let args: Vec<String> = form.iter().map(|(k, v)| format!("{k}={v}")).collect();
    crate::checked::check_given(u.setter, &args, |name| {
        changes.iter().any(|(given, _)| *given == name)
    })
}

/// Refuses a routing typo in the changes before the record is even read.
pub fn check_changes(u: &UpdateMeta, changes: &[(&str, &str)]) -> Result<(), Failure> {
    let setter = describe::lookup(u.setter)?;
    for (name, value) in changes {
        crate::checked::check_routing(setter, name, value)?;
    }
    Ok(())
}

/// The record `key` as VoIP.ms answers it to the setter's read function.
pub async fn read_record(
    client: &voipms_api::Client,
    u: &UpdateMeta,
    key: &str,
) -> Result<Map<String, Value>, Failure> {
    let filter: Vec<(&str, &str)> = u.filter.map(|f| (f, key)).into_iter().collect();
    let fields = client.call_raw(u.read, filter).await?;
    find_record(u, &fields, key).cloned()
}

/// `voipms update`: returns the text to print.
pub async fn run(args: &UpdateArgs) -> Result<String, Failure> {
    let u = lookup(&args.function)?;
    let (key, changes) = split_key(u, &args.params)?;
    check_changes(u, &changes)?;
    let client = call::client(&args.connection)?;
    let record = read_record(&client, u, key).await?;
    let checked = plan(u, &record, &changes)?;
    if args.dry_run {
        let creds = config::credentials()?;
        let mut lines = vec![
            format!("api_username={}", creds.username),
            "api_password=********".to_string(),
            format!("method={}", u.setter),
        ];
        lines.extend(checked.params.iter().map(|(k, v)| format!("{k}={v}")));
        return Ok(lines.join("\n") + "\n");
    }
    let typed = client.call_typed(u.setter, checked.params).await?;
    Ok(output::json(&typed.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn the_plan_is_the_record_plus_the_changes() {
        let u = lookup("setDIDInfo").unwrap_or_else(|e| panic!("{e}"));
        let r = record(serde_json::json!({
            "did": "5551234567", "routing": "account:100001_VoIP", "pop": "3",
            "dialtime": "60", "cnam": "1", "billing_type": "1", "note": "old",
            "transcription_locale": [], "description": "not a parameter"
        }));
        let p = plan(u, &r, &[("note", "new"), ("record_calls", "yes")])
            .unwrap_or_else(|e| panic!("{e}"));
        let mut got: Vec<(String, String)> = p.params;
        got.sort();
        let want: Vec<(String, String)> = [
            ("billing_type", "1"),
            ("cnam", "1"),
            ("dialtime", "60"),
            ("did", "5551234567"),
            ("note", "new"),
            ("pop", "3"),
            ("record_calls", "1"),
            ("routing", "account:100001_VoIP"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_missing_required_parameter_is_named_before_sending() {
        let u = lookup("setDIDInfo").unwrap_or_else(|e| panic!("{e}"));
        let r = record(serde_json::json!({"did": "5551234567", "routing": "none:"}));
        match plan(u, &r, &[]) {
            Err(Failure::Usage(m)) => {
                assert!(m.contains("`pop`") && m.contains("pop=VALUE"), "{m}")
            }
            other => panic!("{other:?}"),
        }
        // Given on the command line, it is sent.
        let p = plan(
            u,
            &r,
            &[
                ("pop", "3"),
                ("dialtime", "60"),
                ("cnam", "0"),
                ("billing_type", "2"),
            ],
        );
        assert!(p.is_ok(), "{p:?}");
    }

    #[test]
    fn a_record_routing_with_a_newer_header_goes_back_as_read() {
        let u = lookup("setDIDInfo").unwrap_or_else(|e| panic!("{e}"));
        let r = record(serde_json::json!({
            "did": "5551234567", "routing": "teams:100001", "pop": "3",
            "dialtime": "60", "cnam": "0", "billing_type": "2",
        }));
        let sent = plan(u, &r, &[("note", "x")]).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            sent.params
                .iter()
                .any(|(k, v)| k == "routing" && v == "teams:100001"),
            "{:?}",
            sent.params
        );
        // The same header written by the user is a typo until VoIP.ms documents it.
        match plan(u, &r, &[("routing", "acount:100001")]) {
            Err(Failure::Usage(m)) => assert!(m.contains("acount:"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn usage_errors() {
        assert!(matches!(lookup("setDIDinfo"), Ok(u) if u.setter == "setDIDInfo"));
        match lookup("setDIDRoutin") {
            Err(Failure::Usage(m)) => assert!(m.contains("setDIDInfo"), "{m}"),
            other => panic!("{other:?}"),
        }
        let u = lookup("setDIDInfo").unwrap_or_else(|e| panic!("{e}"));
        let args = vec!["note=x".to_string()];
        assert!(matches!(split_key(u, &args), Err(Failure::Usage(m)) if m.contains("did=VALUE")));
        let args = vec!["did=5551234567".to_string(), "note=a=b".to_string()];
        let (key, changes) = split_key(u, &args).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((key, changes), ("5551234567", vec![("note", "a=b")]));
    }

    #[test]
    fn the_record_is_found_by_key() {
        let u = lookup("setDIDInfo").unwrap_or_else(|e| panic!("{e}"));
        let fields = record(serde_json::json!({"dids": [{"did": "1"}, {"did": 5551234567_u64}]}));
        assert!(find_record(u, &fields, "5551234567").is_ok());
        assert!(matches!(
            find_record(u, &fields, "2"),
            Err(Failure::Usage(_))
        ));
    }
}
