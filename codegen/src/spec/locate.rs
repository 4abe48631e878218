//! Finds the line of a YAML path in a spec file.
//!
//! serde_yaml reports lines for syntax errors but not for values that parse and are then found
//! wrong. The spec is block-style YAML with two-space indents, so an indentation walk finds a
//! path such as `functions.sendSMS.params.dst.type`, where list items are named by their `name:`
//! key (or `code:` in `errors.yaml`). If a segment cannot be found the deepest line found is
//! returned, which is still the right neighbourhood.

/// The 1-based line of `path` (dot-separated) in `text`, or of its deepest found ancestor.
pub fn locate(text: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0usize;
    let mut parent_indent: isize = -1;
    let mut found: Option<usize> = None;
    // The line of a list item just entered: its own keys follow `- ` on that same line.
    let mut item_line: Option<usize> = None;
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let mut hit = None;
        let mut key_hit = None;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = (line.len() - trimmed.len()) as isize;
            if item_line == Some(i) {
                let body = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
                if key_matches(body, seg) {
                    hit = Some((i, indent + 2));
                    break;
                }
                continue;
            }
            if indent <= parent_indent {
                break;
            }
            let (item, key_indent, body) = match trimmed.strip_prefix("- ") {
                Some(rest) => (true, indent + 2, rest.trim_start()),
                None => (false, indent, trimmed),
            };
            // A list item named `seg` wins over a key `seg:` (a parameter named `type`).
            if item && names_item(body, seg) {
                hit = Some((i, indent));
                break;
            }
            if key_hit.is_none() && key_matches(body, seg) {
                key_hit = Some((i, key_indent));
            }
        }
        match hit.or(key_hit) {
            Some((i, indent)) => {
                found = Some(i + 1);
                parent_indent = indent;
                let entered_item = lines.get(i).is_some_and(|l| {
                    let t = l.trim_start();
                    t.starts_with("- ") && names_item(t[2..].trim_start(), seg)
                });
                if entered_item {
                    // Keys of the item may be on its first line (`- name: dst`).
                    start = i;
                    item_line = Some(i);
                } else {
                    start = i + 1;
                    item_line = None;
                }
            }
            None => return found,
        }
    }
    found
}

/// `body` (a list item's first line after `- `) names the item `seg`.
fn names_item(body: &str, seg: &str) -> bool {
    for key in ["name:", "code:"] {
        if let Some(v) = body.strip_prefix(key) {
            let v = v.trim().trim_matches('"').trim_matches('\'');
            if v == seg {
                return true;
            }
        }
    }
    false
}

/// `body` is the mapping key `seg` (plain or quoted).
fn key_matches(body: &str, seg: &str) -> bool {
    for q in ["", "\"", "'"] {
        let k = format!("{q}{seg}{q}:");
        if body.starts_with(&k) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::locate;

    const YAML: &str = "category: DIDs
functions:
  - name: getDIDsInfo
    params:
      - name: did
        type: phone
  - name: sendSMS
    kind: spend
    params:
      - name: did
        type: phone
      - name: dst
        type: phnoe
    response:
      sms: {type: id}
";

    #[test]
    fn finds_nested_paths() {
        assert_eq!(locate(YAML, "functions.sendSMS"), Some(7));
        assert_eq!(locate(YAML, "functions.sendSMS.kind"), Some(8));
        assert_eq!(locate(YAML, "functions.sendSMS.params.dst.type"), Some(13));
        assert_eq!(
            locate(YAML, "functions.getDIDsInfo.params.did.type"),
            Some(6)
        );
        assert_eq!(
            locate(YAML, "functions.sendSMS.response.sms.type"),
            Some(15)
        );
        assert_eq!(locate(YAML, "functions.sendSMS.params.did"), Some(10));
    }

    #[test]
    fn unknown_segment_gives_nearest_ancestor() {
        assert_eq!(locate(YAML, "functions.sendSMS.params.nope"), Some(9));
        assert_eq!(locate(YAML, "nope"), None);
    }
}
