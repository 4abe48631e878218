//! `voipms call --save DIR`: response bodies as received, kept as files so the spec can be
//! checked against real answers (`cargo xtask spec check-responses`).
//!
//! One file per call, `<function>-<UTC timestamp>-<n>.json`:
//!
//! ```json
//! {"function": "getDIDsInfo", "params": {"did": "5550001003"},
//!  "saved_at": "2026-11-30T10:00:00Z", "http_status": 200, "body": {"status": "success"}}
//! ```
//!
//! A body that is not JSON is kept as `"body_text"` instead of `"body"`. The credentials are
//! never written (the body already has the password masked).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};
use voipms_api::{Date, DateTime, RawAnswer};

use crate::failure::Failure;

/// Parameter names that carry credentials or the function itself, never saved.
const NOT_SAVED: [&str; 3] = ["api_username", "api_password", "method"];

/// The body as JSON when it is JSON.
pub fn body_json(body: &str) -> Option<Value> {
    serde_json::from_str(body).ok()
}

/// The saved record of one call.
pub fn record(
    function: &str,
    params: &[(String, String)],
    saved_at: DateTime,
    received: &RawAnswer,
) -> Value {
    let params: Map<String, Value> = params
        .iter()
        .filter(|(k, _)| !NOT_SAVED.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let mut record = json!({
        "function": function,
        "params": params,
        "saved_at": format!("{}T{:02}:{:02}:{:02}Z", saved_at.date(), saved_at.hour(),
            saved_at.minute(), saved_at.second()),
        "http_status": received.http_status,
    });
    let (key, body) = match body_json(&received.body) {
        Some(v) => ("body", v),
        None => ("body_text", Value::String(received.body.clone())),
    };
    if let Value::Object(m) = &mut record {
        m.insert(key.to_string(), body);
    }
    record
}

/// The current UTC time to the second.
pub fn now() -> Result<DateTime, Failure> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| Failure::Transport(format!("the system clock is before 1970: {e}")))?
        .as_secs();
    let secs = i64::try_from(secs).unwrap_or(i64::MAX);
    let day = secs.div_euclid(86_400);
    let s = secs.rem_euclid(86_400);
    Date::from_days(day)
        .and_then(|d| {
            DateTime::new(
                d,
                u8::try_from(s / 3600).ok()?,
                u8::try_from(s / 60 % 60).ok()?,
                u8::try_from(s % 60).ok()?,
            )
        })
        .ok_or_else(|| Failure::Transport("the system clock is out of range".to_string()))
}

/// Writes the record of one call into `dir` (created if missing) under a new name; returns
/// the file's path.
pub fn write(
    dir: &Path,
    function: &str,
    params: &[(String, String)],
    received: &RawAnswer,
) -> Result<PathBuf, Failure> {
    let cannot = |what: &str, path: &Path, e: std::io::Error| {
        Failure::Transport(format!("--save: cannot {what} {}: {e}", path.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| cannot("create", dir, e))?;
    let at = now()?;
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        at.date().year(),
        at.date().month(),
        at.date().day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let mut rec = record(function, params, at, received);
    // A JSON body is written as received (key order, number spellings, duplicate keys), not
    // re-encoded: the record is encoded without it and the body's own text appended.
    let raw = body_json(&received.body).map(|_| received.body.trim());
    if let (Some(_), Value::Object(m)) = (raw, &mut rec) {
        m.remove("body");
    }
    let mut text = serde_json::to_string_pretty(&rec)
        .map_err(|e| Failure::Transport(format!("--save: encoding the record: {e}")))?;
    if let Some(raw) = raw
        && let Some(head) = text.strip_suffix("\n}")
    {
        text = format!("{head},\n  \"body\": {raw}\n}}");
    }
    text.push('\n');
    for n in 1u32.. {
        let path = dir.join(format!("{function}-{stamp}-{n}.json"));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match file {
            Ok(mut file) => {
                file.write_all(text.as_bytes())
                    .map_err(|e| cannot("write", &path, e))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(cannot("create", &path, e)),
        }
    }
    Err(Failure::Transport(format!(
        "--save: no free file name in {}",
        dir.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(status: u16, body: &str) -> RawAnswer {
        RawAnswer {
            http_status: status,
            body: body.to_string(),
            fields: Ok(Map::new()),
        }
    }

    fn at() -> DateTime {
        "2026-11-30 10:00:00".parse().expect("a date-time")
    }

    #[test]
    fn records_have_the_documented_format() {
        let params = vec![
            ("did".to_string(), "5550001003".to_string()),
            ("api_password".to_string(), "never".to_string()),
        ];
        let r = record(
            "getDIDsInfo",
            &params,
            at(),
            &received(200, r#"{"status":"success","dids":[{"x":"1"}]}"#),
        );
        assert_eq!(
            r,
            json!({
                "function": "getDIDsInfo",
                "params": {"did": "5550001003"},
                "saved_at": "2026-11-30T10:00:00Z",
                "http_status": 200,
                "body": {"status": "success", "dids": [{"x": "1"}]}
            })
        );
        let r = record(
            "getIP",
            &[],
            at(),
            &received(502, "<html>Bad Gateway</html>"),
        );
        assert_eq!(r["body_text"], "<html>Bad Gateway</html>");
        assert!(r.get("body").is_none());
        assert_eq!(r["http_status"], 502);
    }

    #[test]
    fn each_call_gets_its_own_file() {
        let dir = std::env::temp_dir().join(format!("voipms-save-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let body = received(200, r#"{"status":"success"}"#);
        let a = write(&dir, "getIP", &[], &body).unwrap_or_else(|e| panic!("{e}"));
        let b = write(&dir, "getIP", &[], &body).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(a, b);
        for path in [&a, &b] {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            assert!(
                name.starts_with("getIP-") && name.ends_with(".json"),
                "{name}"
            );
            let saved: Value = serde_json::from_str(
                &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}")),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(saved["body"]["status"], "success");
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                text.contains(r#""body": {"status":"success"}"#),
                "as received: {text}"
            );
            assert!(now().is_ok_and(|n| {
                saved["saved_at"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(&n.date().to_string()[..4]))
            }));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
