//! Large answers in pages: an agent's context is small, and a CDR list can hold thousands of
//! records. The answer's longest list is cut to `limit` records from `cursor` on; the page says
//! the total and the cursor of the next page.

use serde_json::{Value, json};

/// Records per page unless the call says otherwise.
pub const DEFAULT_LIMIT: usize = 50;
/// The most records a page holds.
pub const MAX_LIMIT: usize = 500;

/// Where a page starts and how long it is, from a call's `limit` and `cursor` arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The index of the first record.
    pub offset: usize,
    /// How many records at most.
    pub limit: usize,
}

impl Window {
    /// Reads `limit` (1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`]) and `cursor` (a
    /// `next_cursor` of an earlier page) from the arguments.
    pub fn from_args(args: &serde_json::Map<String, Value>) -> Result<Window, String> {
        let limit = match args.get("limit") {
            None | Some(Value::Null) => DEFAULT_LIMIT,
            Some(v) => v
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| format!("`limit` is a whole number from 1 to {MAX_LIMIT}"))?,
        };
        let offset = match args.get("cursor") {
            None | Some(Value::Null) => 0,
            Some(Value::String(s)) => s.parse().map_err(|_| {
                "`cursor` is the `next_cursor` of an earlier page of the same call".to_string()
            })?,
            Some(_) => return Err("`cursor` is the `next_cursor` text of an earlier page".into()),
        };
        Ok(Window { offset, limit })
    }
}

/// Cuts the longest list of `value` (an answer's fields) to `window`; returns the page's
/// description (`list`, `total`, `returned`, `next_cursor`), or `None` when the answer has no
/// list.
pub fn cut(value: &mut Value, window: Window) -> Option<Value> {
    let Value::Object(map) = value else {
        return None;
    };
    let (name, _) = map
        .iter()
        .filter_map(|(k, v)| v.as_array().map(|a| (k.clone(), a.len())))
        .max_by_key(|(_, n)| *n)?;
    let list = map.get_mut(&name)?.as_array_mut()?;
    let total = list.len();
    let start = window.offset.min(total);
    let end = start.saturating_add(window.limit).min(total);
    let page: Vec<Value> = list.drain(start..end).collect();
    *list = page;
    let next = (end < total).then(|| end.to_string());
    Some(json!({
        "list": name,
        "total": total,
        "offset": start,
        "returned": end - start,
        "next_cursor": next,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: Value) -> serde_json::Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn the_longest_list_is_paged_with_its_total() {
        let records: Vec<Value> = (0..120).map(|i| json!({"id": i})).collect();
        let mut v = json!({"cdr": records, "other": [1, 2]});
        let w = Window::from_args(&args(json!({}))).unwrap_or_else(|e| panic!("{e}"));
        let page = cut(&mut v, w);
        assert_eq!(
            page,
            Some(
                json!({"list": "cdr", "total": 120, "offset": 0, "returned": 50, "next_cursor": "50"})
            )
        );
        assert_eq!(v["cdr"].as_array().map(Vec::len), Some(50));
        let mut v = json!({"cdr": (0..120).map(|i| json!({"id": i})).collect::<Vec<_>>()});
        let w = Window::from_args(&args(json!({"limit": 100, "cursor": "100"})))
            .unwrap_or_else(|e| panic!("{e}"));
        let page = cut(&mut v, w).unwrap_or_default();
        assert_eq!(
            (page["returned"].clone(), page["next_cursor"].clone()),
            (json!(20), Value::Null)
        );
        assert_eq!(v["cdr"][0]["id"], 100);
        assert_eq!(cut(&mut json!({"balance": {"a": 1}}), w), None);
    }

    #[test]
    fn bad_limits_and_cursors_are_refused() {
        for bad in [
            json!({"limit": 0}),
            json!({"limit": 501}),
            json!({"limit": "x"}),
            json!({"cursor": "abc"}),
            json!({"cursor": 5}),
        ] {
            assert!(Window::from_args(&args(bad)).is_err());
        }
    }
}
