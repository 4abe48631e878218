//! The ignore file: accepted changes, one per line, each with the reason it is accepted.
//!
//! ```text
//! # Lines starting with `#` and blank lines are comments.
//! request-param-removed  sendSMS.params.message   # VoIP.ms dropped it in 2025-03, see #12
//! response-field-added   getCDR.response.*        # noise while the docs are being rewritten
//! ```
//!
//! An entry is a rule id, a path (where `*` matches any run of characters, dots included) and,
//! after `#`, why the change is accepted: the reason is required. A matched finding is reported
//! under "ignored" with that reason and does not count towards the verdict or `--fail-on`.

use super::{Finding, Rule};

/// One accepted change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreEntry {
    /// The rule it accepts.
    pub rule: Rule,
    /// The finding path it accepts; `*` matches any run of characters.
    pub pattern: String,
    /// Why the change is accepted.
    pub reason: String,
    /// 1-based line in the ignore file.
    pub line: usize,
}

/// A problem in an ignore file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct IgnoreError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The entries of an ignore file, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IgnoreList {
    /// The entries; the first that matches a finding gives its reason.
    pub entries: Vec<IgnoreEntry>,
}

impl IgnoreList {
    /// Parses an ignore file, reporting every bad line.
    pub fn parse(text: &str) -> Result<IgnoreList, Vec<IgnoreError>> {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut err = |message: String| errors.push(IgnoreError { line, message });
            let (entry, reason) = match trimmed.split_once('#') {
                Some((e, r)) if !r.trim().is_empty() => (e.trim(), r.trim()),
                _ => {
                    err("missing the reason: `rule-id path  # why it is accepted`".into());
                    continue;
                }
            };
            let Some((id, pattern)) = entry.split_once(char::is_whitespace) else {
                err(format!(
                    "expected `rule-id path  # why`, found `{entry}` (no path)"
                ));
                continue;
            };
            let Some(rule) = Rule::from_id(id) else {
                err(format!("unknown rule id `{id}`"));
                continue;
            };
            entries.push(IgnoreEntry {
                rule,
                pattern: pattern.trim().to_string(),
                reason: reason.to_string(),
                line,
            });
        }
        if errors.is_empty() {
            Ok(IgnoreList { entries })
        } else {
            Err(errors)
        }
    }
}

impl IgnoreEntry {
    /// Whether this entry accepts the finding.
    pub fn matches(&self, finding: &Finding) -> bool {
        self.rule == finding.rule && glob(&self.pattern, &finding.path)
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let Some((first, rest)) = pattern.split_once('*') else {
        return pattern == text;
    };
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = rest.split('*').collect();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return remaining.ends_with(part);
        }
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("a.b", "a.b"));
        assert!(!glob("a.b", "a.bc"));
        assert!(glob("a.*", "a.b.c"));
        assert!(glob("*.type", "sendSMS.params.did.type"));
        assert!(glob("send*.params.*.type", "sendSMS.params.did.type"));
        assert!(!glob("send*.params.*.type", "sendSMS.params.did.doc"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "abc"));
        assert!(!glob("a*b*c", "acb"));
    }

    #[test]
    fn parses_and_reports_bad_lines() {
        let list = IgnoreList::parse(
            "# accepted\n\nfunction-removed getFoo  # gone upstream\nvalue-set-doc-changed value_sets.X.values.a b # spaces\n",
        )
        .unwrap();
        assert_eq!(list.entries.len(), 2);
        assert_eq!(list.entries[0].rule, Rule::FunctionRemoved);
        assert_eq!(list.entries[0].pattern, "getFoo");
        assert_eq!(list.entries[0].reason, "gone upstream");
        assert_eq!(list.entries[0].line, 3);
        assert_eq!(list.entries[1].pattern, "value_sets.X.values.a b");

        let errs = IgnoreList::parse("function-removed getFoo\nnope x # y\nfunction-added # y\n")
            .unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
        assert!(errs[1].to_string().contains("unknown rule id `nope`"));
    }
}
