//! `voipms call FUNCTION name=value ...`: check (`checked.rs`), send, decode through the typed
//! response, print.

use serde_json::{Map, Value};
use voipms_api::dispatch::TypedJson;
use voipms_api::{Client, Drift, Transport};

use crate::args::{CallArgs, Connection, Output};
use crate::config;
use crate::describe;
use crate::failure::Failure;
use crate::output;
use crate::save;

/// The client for `--base-url` / `VOIPMS_BASE_URL`, `--timeout` and the environment's
/// credentials.
pub fn client(connection: &Connection) -> Result<Client, Failure> {
    client_over(connection, transport_of(connection))
}

/// [`client`] over the given transport (`voipms call --soap`).
pub fn client_over(connection: &Connection, transport: Transport) -> Result<Client, Failure> {
    let creds = config::credentials()?;
    let agent = format!(
        "voipms/{} {}",
        env!("CARGO_PKG_VERSION"),
        voipms_api::DEFAULT_USER_AGENT
    );
    let mut builder = Client::builder(creds.username, creds.password)
        .timeout(connection.call_limit())
        .user_agent(agent)
        .transport(transport)
        .retry(voipms_api::RetryPolicy::new(connection.attempts));
    if let Some(n) = connection.rate_limit {
        builder = builder.rate_limit(voipms_api::RateLimit::per_minute(n));
    }
    if let Some((url, plain)) = config::base_url(connection.base_url.as_deref())? {
        builder = builder.base_url(url).allow_plain_http(plain);
    }
    builder.build().map_err(|e| Failure::Usage(e.to_string()))
}

/// `voipms call`: returns the text to print.
pub async fn run(
    args: &CallArgs,
    out: Output,
    columns: Option<&[String]>,
) -> Result<String, Failure> {
    let f = describe::lookup(&args.function)?;
    if !args.raw
        && args.save.is_none()
        && let Some(windows) = crate::range_split::windows(f, &args.params)
    {
        let client = client_over(&args.connection, transport(args))?;
        let (mut value, drift) =
            crate::range_split::call(&client, f, &args.params, &windows).await?;
        report_drift(&drift, args.drift);
        hide_secrets(args, f.name, &mut value);
        return print(value, out, columns);
    }
    let checked = crate::checked::check(&args.function, &args.params)?;
    let client = client_over(&args.connection, transport(args))?;
    let name = checked.function.name;
    if !args.raw && args.save.is_none() {
        // One decode, straight into the typed response.
        let mut typed = client.call_typed(name, checked.params).await?;
        report_drift(&typed.drift, args.drift);
        hide_secrets(args, name, &mut typed.value);
        return print(typed.value, out, columns);
    }
    let received = client.call_received(name, checked.params.clone()).await?;
    let shift = checked.function.request_shift(|p| {
        checked
            .params
            .iter()
            .rev()
            .find(|(k, _)| k == p)
            .map(|(_, v)| v.as_str())
    });
    if let Some(dir) = &args.save {
        save::write(dir, name, &checked.params, &received)?;
    }
    if args.raw {
        let body = if args.show_secrets {
            received.body.clone()
        } else {
            // Over SOAP the secrets are found through the typed answer.
            let typed = received.fields.as_ref().ok().and_then(|f| {
                typed_over(transport(args), name, &received.body, f.clone(), shift).ok()
            });
            crate::secrets::mask_text(name, &received.body, typed.as_ref().map(|t| &t.value))
        };
        let text = raw(&body);
        // The body is printed whatever it says; an error answer still sets the exit status.
        if let Err(e) = received.fields {
            output::emit(&text)?;
            return Err(e.into());
        }
        return Ok(text);
    }
    let fields = received.fields?;
    let mut typed = typed_over(transport(args), name, &received.body, fields, shift)?;
    report_drift(&typed.drift, args.drift);
    hide_secrets(args, name, &mut typed.value);
    print(typed.value, out, columns)
}

/// Masks the answer's secrets (passwords, PINs: the fields the spec marks), unless
/// `--show-secrets`.
fn hide_secrets(args: &CallArgs, function: &str, value: &mut Value) {
    if !args.show_secrets {
        crate::secrets::mask(function, value);
    }
}

/// One line on stderr when the response differed from the spec, or every deviation with
/// `--drift`. Deviations name field paths and JSON types, never values.
fn report_drift(drift: &[Drift], all: bool) {
    if drift.is_empty() {
        return;
    }
    if all {
        for d in drift {
            eprintln!("voipms: drift: {d}");
        }
        return;
    }
    eprintln!(
        "voipms: the response differs from the spec in {} place(s), kept as received; \
         --drift lists them, --save DIR keeps the body for `cargo xtask spec check-responses`",
        drift.len()
    );
}

/// The body as received: pretty JSON when it is JSON, else the text, with a final newline.
fn raw(body: &str) -> String {
    match save::body_json(body) {
        Some(v) => output::json(&v),
        None if body.ends_with('\n') || body.is_empty() => body.to_string(),
        None => format!("{body}\n"),
    }
}

fn print(value: Value, out: Output, columns: Option<&[String]>) -> Result<String, Failure> {
    Ok(match out {
        Output::Json => output::json(&value),
        Output::Table => output::table(&value, columns),
        Output::Csv => output::csv(&value, columns)?,
        Output::Jsonl => output::jsonl(&value, columns),
    })
}

/// The transport `--soap` or `--get` chooses.
fn transport(args: &CallArgs) -> Transport {
    if args.soap {
        Transport::Soap
    } else {
        transport_of(&args.connection)
    }
}

/// The REST form `--get` chooses: a GET, or the default multipart POST.
pub fn transport_of(connection: &Connection) -> Transport {
    if connection.get {
        Transport::RestGet
    } else {
        Transport::Rest
    }
}

/// A successful body (as received, JSON or with `--soap` a SOAP envelope) decoded once through
/// the function's typed response: numbers, flags and dates in their types, lists split, fields
/// VoIP.ms did not send left out, fields the spec lacks kept. `fields` (the body's fields as
/// they came) are shown when the function's category feature is off.
///
/// `shift` is the `timezone` a record listing was called with, whose reported times the
/// decode resolves ([`FunctionMeta::request_shift`](voipms_api::meta::FunctionMeta::request_shift)).
pub fn typed_over(
    transport: Transport,
    function: &str,
    body: &str,
    fields: Map<String, Value>,
    shift: Option<voipms_api::Decimal>,
) -> Result<TypedJson, Failure> {
    let decoded = voipms_api::types::timestamp::decode_with_shift(shift, || match transport {
        Transport::Soap => voipms_api::dispatch::decode_typed_soap(function, body.as_bytes())
            .map(|r| r.map_err(|e| e.to_string())),
        _ => voipms_api::dispatch::decode_typed_json(function, body.as_bytes())
            .map(|r| r.map_err(|e| e.to_string())),
    });
    match decoded {
        Some(Ok(t)) => Ok(t),
        Some(Err(e)) => Err(Failure::Call {
            message: format!("{function}: the response is not the expected answer: {e}"),
            cause: crate::failure::Cause::Decode,
        }),
        None => Ok(TypedJson::from(Value::Object(fields))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_are_typed_and_keep_what_the_spec_lacks() {
        let body = r#"{"status":"success","balance":{"current_balance":"1.50","calls_total":"7"},"extra":"kept"}"#;
        let t = typed_over(Transport::Rest, "getBalance", body, Map::new(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.value["balance"]["calls_total"], 7);
        assert_eq!(t.value["extra"], "kept");
        assert!(
            t.value["balance"].get("spent_total").is_none(),
            "not sent, not shown"
        );
        assert_eq!(t.drift.len(), 1);
        let body = r#"{"status":"success","balance":{"current_balance":"lots"}}"#;
        let t = typed_over(Transport::Rest, "getBalance", body, Map::new(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.value["balance"]["current_balance"], "lots");
        assert_eq!(t.drift.len(), 1);
        // The same body as a SOAP answer: the same typed value and drift.
        let soap = voipms_api::soap::response_from_json("getBalance", body).unwrap();
        let s = typed_over(Transport::Soap, "getBalance", &soap, Map::new(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.value, s.drift.len()), (t.value, 1));
        for transport in [Transport::Rest, Transport::Soap] {
            assert!(matches!(
                typed_over(transport, "getBalance", "<html>", Map::new(), None),
                Err(Failure::Call { .. })
            ));
        }
    }
}
