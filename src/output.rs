//! Printing: pretty JSON, aligned tables, CSV and JSON lines, and a stdout that tolerates a
//! closed pipe.

use std::io::Write;

use serde_json::{Map, Value};

use crate::failure::Failure;

/// Writes `text` to stdout. A reader that went away (`voipms functions | head`) is not an
/// error.
pub fn emit(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Transport(format!("writing the output: {e}"))),
    }
}

/// Pretty JSON with a final newline.
pub fn json(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
    s.push('\n');
    s
}

/// The longest cell shown in a table, in characters; longer ones are cut with `…` (the JSON
/// output has everything).
const MAX_CELL: usize = 60;

/// A response's records: the items of its first list of objects (or of objects keyed by id,
/// the key under `key`), else the response itself as one record. Fields keep the response's
/// order, which is the spec's.
pub fn records(v: &Value) -> Vec<Map<String, Value>> {
    let as_records = |items: &[Value]| -> Vec<Map<String, Value>> {
        items
            .iter()
            .filter_map(|i| i.as_object().cloned())
            .collect()
    };
    match v {
        Value::Array(items) => as_records(items),
        Value::Object(map) => {
            for field in map.values() {
                match field {
                    Value::Array(items)
                        if !items.is_empty() && items.iter().all(Value::is_object) =>
                    {
                        return as_records(items);
                    }
                    Value::Object(inner)
                        if !inner.is_empty() && inner.values().all(Value::is_object) =>
                    {
                        return inner
                            .iter()
                            .filter_map(|(k, v)| {
                                let mut m = Map::new();
                                m.insert("key".to_string(), Value::String(k.clone()));
                                m.extend(v.as_object()?.clone());
                                Some(m)
                            })
                            .collect();
                    }
                    _ => {}
                }
            }
            vec![map.clone()]
        }
        other => {
            let mut m = Map::new();
            m.insert("value".to_string(), other.clone());
            vec![m]
        }
    }
}

/// The columns of `records`: the chosen ones, else the union of their fields in order.
fn columns(records: &[Map<String, Value>], chosen: Option<&[String]>) -> Vec<String> {
    if let Some(c) = chosen {
        return c.to_vec();
    }
    let mut cols: Vec<String> = Vec::new();
    for r in records {
        for k in r.keys() {
            if !cols.contains(k) {
                cols.push(k.clone());
            }
        }
    }
    cols
}

/// RFC 4180 CSV: a header row, then one row per record; text as is, nested values as JSON.
pub fn csv(v: &Value, chosen: Option<&[String]>) -> Result<String, Failure> {
    let records = records(v);
    let cols = columns(&records, chosen);
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: ::csv::Error| Failure::Transport(format!("writing CSV: {e}"));
    w.write_record(&cols).map_err(fail)?;
    for r in &records {
        let row = cols.iter().map(|c| match r.get(c) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        });
        w.write_record(row).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Failure::Transport(format!("writing CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// JSON lines: one compact object per record (only the chosen fields, when chosen).
pub fn jsonl(v: &Value, chosen: Option<&[String]>) -> String {
    let mut out = String::new();
    for r in records(v) {
        let r: Map<String, Value> = match chosen {
            Some(cols) => cols
                .iter()
                .filter_map(|c| Some((c.clone(), r.get(c)?.clone())))
                .collect(),
            None => r,
        };
        out.push_str(&Value::Object(r).to_string());
        out.push('\n');
    }
    out
}

/// A response as text: scalar fields as `name  value` lines, nested objects flattened to
/// `name.field`, and lists of objects (or objects keyed by id) as tables with a header. With
/// chosen columns, the records alone with those columns.
pub fn table(v: &Value, chosen: Option<&[String]>) -> String {
    let mut out = String::new();
    if let Some(cols) = chosen {
        let records = records(v);
        let mut rows = vec![cols.iter().map(|c| c.to_uppercase()).collect::<Vec<_>>()];
        for r in &records {
            rows.push(
                cols.iter()
                    .map(|c| r.get(c).map(cell).unwrap_or_default())
                    .collect(),
            );
        }
        render(&mut out, &rows);
        return out;
    }
    match v {
        Value::Object(map) => object(&mut out, map),
        Value::Array(items) => list(&mut out, None, items.iter().map(|i| (None, i))),
        other => {
            out.push_str(&cell(other));
            out.push('\n');
        }
    }
    out
}

/// The rows of a table: objects, each with its key when they came keyed by id.
type Rows<'a> = Vec<(Option<&'a str>, &'a Value)>;

fn object(out: &mut String, map: &Map<String, Value>) {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut tables: Vec<(&str, Rows<'_>)> = Vec::new();
    for (k, v) in map {
        match v {
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
                tables.push((k, items.iter().map(|i| (None, i)).collect()));
            }
            Value::Object(inner) if !inner.is_empty() && inner.values().all(Value::is_object) => {
                tables.push((
                    k,
                    inner.iter().map(|(k, v)| (Some(k.as_str()), v)).collect(),
                ));
            }
            Value::Object(inner) if !inner.is_empty() => {
                for (k2, v2) in inner {
                    pairs.push((format!("{k}.{k2}"), cell(v2)));
                }
            }
            other => pairs.push((k.clone(), cell(other))),
        }
    }
    let rows: Vec<Vec<String>> = pairs.into_iter().map(|(k, v)| vec![k, v]).collect();
    render(out, &rows);
    for (name, items) in tables {
        if !out.is_empty() {
            out.push('\n');
        }
        list(out, Some(name), items.into_iter());
    }
}

/// A table of objects, one row each, with the union of their fields as columns (and a `key`
/// column for objects keyed by id).
fn list<'a>(
    out: &mut String,
    title: Option<&str>,
    items: impl Iterator<Item = (Option<&'a str>, &'a Value)>,
) {
    let items: Rows<'a> = items.collect();
    let keyed = items.iter().any(|(k, _)| k.is_some());
    let mut columns: Vec<&str> = Vec::new();
    for (_, item) in &items {
        if let Value::Object(m) = item {
            for k in m.keys() {
                if !columns.contains(&k.as_str()) {
                    columns.push(k);
                }
            }
        }
    }
    if let Some(t) = title {
        out.push_str(&format!("{t} ({}):\n", items.len()));
    }
    let mut header: Vec<String> = Vec::new();
    if keyed {
        header.push("KEY".to_string());
    }
    header.extend(columns.iter().map(|c| c.to_uppercase()));
    let mut rows = vec![header];
    for (key, item) in &items {
        let mut row = Vec::new();
        if keyed {
            row.push(key.unwrap_or_default().to_string());
        }
        for c in &columns {
            row.push(item.get(*c).map(cell).unwrap_or_default());
        }
        rows.push(row);
    }
    render(out, &rows);
}

/// Rows as left-aligned columns separated by two spaces, without trailing blanks.
pub fn render(out: &mut String, rows: &[Vec<String>]) {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; n];
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(c);
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', widths[i] - c.chars().count()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// One value as a cell: text as is, lists of scalars joined with `, `, anything else as compact
/// JSON; one line, at most [`MAX_CELL`] characters.
pub fn cell(v: &Value) -> String {
    let s = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(cell).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    };
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() > MAX_CELL {
        let mut cut: String = flat.chars().take(MAX_CELL - 1).collect();
        cut.push('…');
        cut
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_nested_objects_and_lists() {
        let v = json!({
            // Keys in insertion order (serde_json's `preserve_order`): the spec's field order.
            "status": "ok",
            "balance": {"calls_today": 5, "current_balance": "1.50"},
            "sms": [{"id": "1", "message": "hi"}, {"id": "2", "contact": "555"}],
        });
        assert_eq!(
            table(&v, None),
            "status                   ok\n\
             balance.calls_today      5\n\
             balance.current_balance  1.50\n\
             \n\
             sms (2):\n\
             ID  MESSAGE  CONTACT\n\
             1   hi\n\
             2            555\n"
        );
    }

    #[test]
    fn objects_keyed_by_id_get_a_key_column() {
        let v = json!({"rates": {"a": {"x": 1}, "b": {"x": 2}}});
        assert_eq!(table(&v, None), "rates (2):\nKEY  X\na    1\nb    2\n");
    }

    #[test]
    fn csv_is_rfc4180_with_a_header_and_one_row_per_item() {
        let v = json!({"sms": [
            {"id": "1", "message": "hi, \"you\"", "media": ["a", "b"]},
            {"id": "2", "contact": "555"},
        ]});
        let text = csv(&v, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            text,
            "id,message,media,contact\r\n1,\"hi, \"\"you\"\"\",\"[\"\"a\"\",\"\"b\"\"]\",\r\n2,,,555\r\n"
        );
        let chosen = ["contact".to_string(), "id".to_string()];
        assert_eq!(
            csv(&v, Some(&chosen)).unwrap_or_else(|e| panic!("{e}")),
            "contact,id\r\n,1\r\n555,2\r\n"
        );
        assert_eq!(
            jsonl(&v, Some(&chosen)),
            "{\"id\":\"1\"}\n{\"contact\":\"555\",\"id\":\"2\"}\n"
        );
        assert_eq!(
            table(&v, Some(&chosen)),
            "CONTACT  ID\n         1\n555      2\n"
        );
    }

    #[test]
    fn a_response_without_a_list_is_one_record() {
        let v = json!({"balance": {"current_balance": "1.50"}, "status": "x"});
        assert_eq!(
            csv(&v, None).unwrap_or_else(|e| panic!("{e}")),
            "balance,status\r\n\"{\"\"current_balance\"\":\"\"1.50\"\"}\",x\r\n"
        );
    }

    #[test]
    fn long_cells_are_cut() {
        let long = "x".repeat(100);
        assert_eq!(cell(&json!(long)).chars().count(), MAX_CELL);
        assert_eq!(cell(&json!(["a", 1, true])), "a, 1, true");
        assert_eq!(cell(&json!("a\nb")), "a b");
    }
}
