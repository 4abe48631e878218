//! `voipms call` over a date range longer than the function allows: split into windows the API
//! accepts (the library's `ranges::windows`, as `Client::records` does), called one after the
//! other, the records printed as one list. A progress line goes to stderr only when it is a
//! terminal.

use std::io::IsTerminal;

use serde_json::{Map, Value};
use voipms_api::meta::FunctionMeta;
use voipms_api::{Client, Date, Drift};

use crate::failure::Failure;

/// The windows of a call whose range is too long, or `None` when it needs no split (no
/// documented range, dates not both given as days, or a range within the limit; the usual
/// checks then report what is wrong).
pub fn windows(f: &FunctionMeta, args: &[String]) -> Option<Vec<(Date, Date)>> {
    let r = f.date_range?;
    let day = |name: &str| {
        args.iter()
            .find_map(|a| a.split_once('=').filter(|(k, _)| k.trim() == name))
            .and_then(|(_, v)| v.trim().parse::<Date>().ok())
    };
    let (from, to) = (day(r.from)?, day(r.to)?);
    (from <= to && from.days_until(to) > i64::from(r.max_days))
        .then(|| voipms_api::ranges::windows(from, to, r.max_days).collect())
}

/// Calls every window and joins the records of each response's list into one.
pub async fn call(
    client: &Client,
    f: &FunctionMeta,
    args: &[String],
    windows: &[(Date, Date)],
) -> Result<(Value, Vec<Drift>), Failure> {
    let Some(r) = f.date_range else {
        return Err(Failure::Usage(format!("{} has no date range", f.name)));
    };
    let progress = std::io::stderr().is_terminal();
    let mut joined: Option<(String, Map<String, Value>)> = None;
    let mut records: Vec<Value> = Vec::new();
    let mut drift = Vec::new();
    for (i, (from, to)) in windows.iter().enumerate() {
        let mut window: Vec<String> = args
            .iter()
            .filter(|a| {
                let name = a.split_once('=').map_or(a.as_str(), |(k, _)| k.trim());
                name != r.from && name != r.to
            })
            .cloned()
            .collect();
        window.push(format!("{}={from}", r.from));
        window.push(format!("{}={to}", r.to));
        let checked = crate::checked::check(f.name, &window)?;
        let typed = client.call_typed(f.name, checked.params).await?;
        drift.extend(typed.drift);
        if let Value::Object(mut map) = typed.value {
            let list = map
                .iter()
                .find(|(_, v)| v.is_array())
                .map(|(k, _)| k.clone());
            if let Some(key) = list {
                if let Some(Value::Array(items)) = map.remove(&key) {
                    records.extend(items);
                }
                joined.get_or_insert((key, map));
            }
        }
        if progress {
            eprint!(
                "\rvoipms: {} of {} windows, {} records so far",
                i + 1,
                windows.len(),
                records.len()
            );
        }
    }
    if progress {
        eprintln!();
    }
    Ok(match joined {
        Some((key, mut rest)) => {
            rest.insert(key, Value::Array(records));
            (Value::Object(rest), drift)
        }
        None => (Value::Object(Map::new()), drift),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn only_too_long_ranges_are_split() {
        let f = voipms_api::catalog::function("getCDR").unwrap_or_else(|| panic!("getCDR"));
        let short = args(&["date_from=2024-01-01", "date_to=2024-01-31", "timezone=0"]);
        assert_eq!(windows(f, &short), None);
        let long = args(&["date_from=2024-01-01", "date_to=2025-02-28", "timezone=0"]);
        let w = windows(f, &long).unwrap_or_default();
        assert_eq!(w.len(), 5);
        assert_eq!(w[0].0.to_string(), "2024-01-01");
        assert_eq!(w[4].1.to_string(), "2025-02-28");
        let balance =
            voipms_api::catalog::function("getBalance").unwrap_or_else(|| panic!("getBalance"));
        assert_eq!(windows(balance, &long), None);
    }
}
