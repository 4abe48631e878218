//! Masking saved answers: personal values replaced by placeholders that keep what the decoder
//! and the spec care about, so a saved body shows the same drift as the answer did.
//!
//! What is kept, and why:
//! - the JSON structure and every field name (drift is by path);
//! - JSON types (`null`, booleans, numbers stay numbers);
//! - the values of the spec's value sets (`Unlimited`, `INBOX`, `wav49`), the boolean spellings
//!   (`yes`, `no`, `true`, `1`...), and routing headers (`account:`, `vm:`): a decoder reads
//!   them as words, and they say nothing about the account holder;
//! - the form of dates and datetimes (a valid one becomes `2001-02-03` or
//!   `2001-02-03 04:05:06`; the never-set `0000-00-00` and a malformed date stay as they are);
//!   times and durations (`15:05:11`, `2:50`), which are not personal;
//! - the length and the character classes of everything else: each digit run keeps its first
//!   digit and its zeros, its other digits become `5` (a phone number stays a phone number of
//!   the same length, a decimal stays a decimal); letters become `x` or `X`; spaces and
//!   punctuation stay. An e-mail address becomes `user@example.com`.
//!
//! - the answer's `status` (and a nested `error` code), which are the API's words.
//!
//! Numbers, names, e-mail and street addresses, IP addresses and free text are replaced this
//! way; values of one or two characters (`1`, `-5`, `EN`) are kept.

use serde_json::{Map, Number, Value};

/// The words kept as they are: value-set values, boolean spellings, routing headers.
fn kept_word(word: &str) -> bool {
    const BOOLS: [&str; 10] = [
        "yes", "no", "true", "false", "on", "off", "y", "n", "enabled", "disabled",
    ];
    BOOLS.iter().any(|b| b.eq_ignore_ascii_case(word))
        || voipms_api::Routing::HEADERS.contains(&word)
        || voipms_api::meta::VALUE_SETS
            .iter()
            .any(|(_, values)| values.contains(&word))
}

/// A body with its personal values masked.
pub fn body(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(object(m)),
        Value::Array(items) => Value::Array(items.iter().map(body).collect()),
        Value::String(s) => Value::String(text(s)),
        Value::Number(n) => number(n),
        Value::Null | Value::Bool(_) => v.clone(),
    }
}

fn object(m: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in m {
        // Field names are kept; a key that is a long number (a map keyed by DID) is a value.
        let mut key = if k.len() > 2 && k.bytes().all(|b| b.is_ascii_digit()) {
            text(k)
        } else {
            k.clone()
        };
        while out.contains_key(&key) {
            key.push('_');
        }
        // The answer's status code (and a nested one under `error`) is the API's word.
        let code = matches!(k.as_str(), "status" | "error")
            && v.as_str().is_some_and(|c| {
                c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
        out.insert(key, if code { v.clone() } else { body(v) });
    }
    out
}

fn number(n: &Number) -> Value {
    let masked = text(&n.to_string());
    serde_json::from_str::<Number>(&masked).map_or_else(|_| Value::Number(n.clone()), Value::Number)
}

/// One text value masked (see the module docs).
pub fn text(s: &str) -> String {
    let t = s.trim();
    if t.chars().count() <= 2 || kept_word(t) {
        return s.to_string();
    }
    if let Some(form) = date_form(t) {
        return form;
    }
    if is_time(t) {
        return s.to_string();
    }
    // An e-mail address, not a URI with a user part (`sip:5551234567@host` keeps its form).
    if t.contains('@') && !t.contains([' ', ':']) {
        return "user@example.com".to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            // A digit run: its first digit and its zeros kept, the rest 5.
            out.push(c);
            while let Some(&(_, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                out.push(if d == '0' { '0' } else { '5' });
                chars.next();
            }
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            let word = &s[start..end];
            if kept_word(word) {
                out.push_str(word);
            } else {
                out.extend(
                    word.chars()
                        .map(|c| if c.is_uppercase() { 'X' } else { 'x' }),
                );
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A secret's placeholder (a password, a PIN): its length and character classes, nothing of
/// its digits (a plain [`text`] keeps a digit run's first digit and zeros).
pub fn secret(v: &Value) -> Value {
    let hide = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                c if c.is_ascii_digit() => '5',
                c if c.is_uppercase() => 'X',
                c if c.is_alphabetic() => 'x',
                c => c,
            })
            .collect()
    };
    match v {
        Value::String(s) => Value::String(hide(s)),
        Value::Number(n) => serde_json::from_str::<Number>(&hide(&n.to_string()))
            .map_or_else(|_| v.clone(), Value::Number),
        other => other.clone(),
    }
}

/// A valid date or datetime's placeholder of the same form.
fn date_form(t: &str) -> Option<String> {
    if t.starts_with("0000-00-00") {
        return Some(t.to_string());
    }
    if t.len() == 10 && t.parse::<voipms_api::Date>().is_ok() {
        return Some("2001-02-03".to_string());
    }
    if t.len() == 19 && t.parse::<voipms_api::DateTime>().is_ok() {
        return Some(format!("2001-02-03{}04:05:06", &t[10..11]));
    }
    None
}

/// `h:mm`, `hh:mm` or `hh:mm:ss`: a time of day or a duration.
fn is_time(t: &str) -> bool {
    let parts: Vec<&str> = t.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The parameters of a saved call masked like the body's values.
pub fn params(params: &[(String, String)]) -> Vec<(String, String)> {
    params.iter().map(|(k, v)| (k.clone(), text(v))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_keep_only_their_form() {
        assert_eq!(secret(&json!("1024")), json!("5555"));
        assert_eq!(secret(&json!("Pa55-word!")), json!("Xx55-xxxx!"));
        assert_eq!(secret(&json!(4096)), json!(5555));
        assert_eq!(secret(&Value::Null), Value::Null);
    }

    #[test]
    fn personal_values_are_replaced_and_forms_kept() {
        assert_eq!(text("5145551234"), "5555555555");
        assert_eq!(text("+15145551234"), "+15555555555");
        assert_eq!(text("John Doe"), "Xxxx Xxx");
        assert_eq!(text("john.doe@my-domain.com"), "user@example.com");
        assert_eq!(text("203.0.113.7"), "205.0.155.7");
        assert_eq!(text("112.19"), "155.15");
        assert_eq!(text("0.0052"), "0.0055");
        assert_eq!(text("2024-02-29"), "2001-02-03");
        assert_eq!(text("2024-02-29 23:59:01"), "2001-02-03 04:05:06");
        assert_eq!(text("0000-00-00"), "0000-00-00");
        assert_eq!(
            text("2024-13-45"),
            "2055-15-45",
            "a malformed date stays malformed"
        );
        assert_eq!(text("15:05:11"), "15:05:11");
        assert_eq!(text("account:100001_VoIP"), "account:100005_XxXX");
    }

    #[test]
    fn words_the_decoder_reads_are_kept() {
        for w in [
            "Unlimited",
            "yes",
            "no",
            "INBOX",
            "wav49",
            "1",
            "0",
            "-5",
            "EN",
            "",
        ] {
            assert_eq!(text(w), w);
        }
    }

    #[test]
    fn structure_types_and_names_are_kept() {
        let b = json!({"status": "success", "dids": [{"did": "5551234567", "n": 123456,
            "price": 1.25, "ok": true, "none": null, "5551234567": {"note": "Front desk"}}]});
        let m = body(&b);
        assert_eq!(
            m,
            json!({"status": "success", "dids": [{"did": "5555555555", "n": 155555,
                "price": 1.25, "ok": true, "none": null, "5555555555": {"note": "Xxxxx xxxx"}}]})
        );
    }

    /// `(path, kind, count)` of each drift the typed decode of `body` records, sorted; `None`
    /// when it does not decode.
    fn drift(function: &str, body: &Value) -> Option<Vec<(String, &'static str, usize)>> {
        let text = body.to_string();
        let typed = voipms_api::dispatch::decode_typed_json(function, text.as_bytes())?.ok()?;
        let mut d: Vec<_> = typed
            .drift
            .iter()
            .map(|d| (d.path.clone(), d.kind.as_str(), d.count))
            .collect();
        d.sort();
        Some(d)
    }

    /// Adds personal values of every form, in fields the spec does not know, to each object.
    fn with_unknown_fields(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.values_mut().for_each(with_unknown_fields);
                for (k, x) in [
                    ("zz_name", "Marguerite Tremblay"),
                    ("zz_mail", "m.tremblay@northwind.example"),
                    ("zz_phone", "+14385550142"),
                    ("zz_when", "2024-05-06 07:08:09"),
                    ("zz_ip", "203.0.113.77"),
                    ("zz_word", "Unlimited"),
                    ("zz_count", "0042"),
                ] {
                    m.insert(k.into(), json!(x));
                }
            }
            Value::Array(items) => items.iter_mut().for_each(with_unknown_fields),
            _ => {}
        }
    }

    /// Replaces the string values, in turn, by values real answers carry where the
    /// documentation has another form.
    fn with_odd_values(v: &mut Value, turn: &mut usize) {
        const ODD: [&str; 12] = [
            "n/a",
            "Unlimited",
            "sip:4385550142@sip.example.com",
            "+15551230001",
            "0000-00-00",
            "2024-13-45",
            "1,234.50",
            "-",
            "",
            "John Smith <jsmith@example.com>",
            "2024-05-06T07:08:09Z",
            "4385550142;4385550143",
        ];
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k != "status" {
                        with_odd_values(x, turn);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|x| with_odd_values(x, turn)),
            Value::String(s) => {
                *s = ODD[*turn % ODD.len()].to_string();
                *turn += 1;
            }
            _ => {}
        }
    }

    /// The promise: a masked body shows the drift its answer showed, for the sample of
    /// every function, with personal values added in unknown fields, and with odd values in
    /// every known one (each turn of the rotation starting elsewhere).
    #[test]
    fn masking_never_changes_the_drift_a_body_shows() {
        let mut checked = 0;
        let mut drifted = 0;
        for f in voipms_api::catalog::FUNCTIONS {
            let Some(sample) = voipms_api::mock::example_response(f.name) else {
                continue;
            };
            let Ok(sample) = serde_json::from_str::<Value>(sample) else {
                continue;
            };
            let mut variants = vec![sample.clone()];
            let mut unknown = sample.clone();
            with_unknown_fields(&mut unknown);
            variants.push(unknown);
            for start in 0..3 {
                let mut odd = sample.clone();
                let mut turn = start * 5;
                with_odd_values(&mut odd, &mut turn);
                variants.push(odd);
            }
            for v in variants {
                let Some(before) = drift(f.name, &v) else {
                    continue;
                };
                let masked = body(&v);
                assert_eq!(
                    drift(f.name, &masked),
                    Some(before.clone()),
                    "{}: masking changed the drift of {v}\nmasked: {masked}",
                    f.name
                );
                checked += 1;
                drifted += usize::from(!before.is_empty());
            }
        }
        assert!(
            checked > 700 && drifted > 400,
            "{checked} checked, {drifted} drifted"
        );
    }
}
