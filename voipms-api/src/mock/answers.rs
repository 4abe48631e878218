//! Saved answers replayed: the files `voipms call --save DIR` and `voipms probe --save DIR`
//! write, served by the mock for their functions (a user's account, offline).
//!
//! Each file is a JSON object with `function` and `body` (the answer as received) or
//! `body_text` (an answer that was not JSON); other keys (`params`, `saved_at`,
//! `http_status`) are ignored. Of several files for one function, the last in name order wins:
//! the names carry the time they were saved.

use std::path::{Path, PathBuf};

/// A saved-answers directory that cannot be replayed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnswersError {
    /// The directory or a file in it cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The directory or file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not a saved answer.
    #[error("{path}: not a saved answer: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The directory holds no saved answer.
    #[error("{0}: no saved answer (*.json) in it")]
    Empty(PathBuf),
}

/// `(function, body)` of every saved answer in `dir`, one per function (the last in name
/// order), sorted by function.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, AnswersError> {
    let read = |path: &Path, source| AnswersError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| read(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|e| read(dir, e)))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    files.sort();
    let mut answers: std::collections::BTreeMap<String, String> = Default::default();
    for path in &files {
        let text = std::fs::read_to_string(path).map_err(|e| read(path, e))?;
        let (function, body) = parse(&text).map_err(|reason| AnswersError::Format {
            path: path.clone(),
            reason,
        })?;
        answers.insert(function, body);
    }
    if answers.is_empty() {
        return Err(AnswersError::Empty(dir.to_path_buf()));
    }
    Ok(answers.into_iter().collect())
}

/// One saved answer's function and body text.
fn parse(text: &str) -> Result<(String, String), String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    let function = v
        .get("function")
        .and_then(serde_json::Value::as_str)
        .filter(|f| !f.is_empty())
        .ok_or("no `function`")?;
    let body = match (v.get("body"), v.get("body_text")) {
        (Some(b), _) => b.to_string(),
        (None, Some(serde_json::Value::String(t))) => t.clone(),
        _ => return Err("no `body` or `body_text`".to_string()),
    };
    Ok((function.to_string(), body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_files_are_read_and_the_latest_wins() {
        let dir = std::env::temp_dir().join(format!("voipms-answers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write(
            "getBalance-20261201T000000Z-1.json",
            r#"{"function": "getBalance", "params": {}, "body": {"status": "success", "old": 1}}"#,
        );
        write(
            "getBalance-20261202T000000Z-1.json",
            r#"{"function": "getBalance", "body": {"status": "success", "new": 1}}"#,
        );
        write(
            "getIP-1.json",
            r#"{"function": "getIP", "body_text": "<html>"}"#,
        );
        write("notes.txt", "ignored");
        let got = read_dir(&dir).unwrap();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "getBalance");
        // Key order follows serde_json's `preserve_order`, which feature unification decides.
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&got[0].1).unwrap(),
            serde_json::json!({"status": "success", "new": 1})
        );
        assert_eq!(got[1], ("getIP".to_string(), "<html>".to_string()));
        write("bad.json", r#"{"body": {}}"#);
        let e = read_dir(&dir).unwrap_err();
        assert!(e.to_string().contains("no `function`"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
        let e = read_dir(&dir).unwrap_err();
        assert!(matches!(e, AnswersError::Read { .. }), "{e}");
    }
}
