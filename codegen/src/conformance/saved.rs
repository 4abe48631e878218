//! Saved response bodies: the files `voipms call --save DIR` writes, and bare bodies named after
//! their function.
//!
//! A saved file is a JSON object
//! `{"function": "getDIDsInfo", "params": {...}, "saved_at": "...", "http_status": 200, "body": <JSON>}`,
//! with `"body_text": "<raw text>"` instead of `body` when the answer was not JSON. Any other JSON
//! file is taken as a bare body, answered by the function its file name starts with
//! (`getDIDsInfo.json`, `getDIDsInfo-2.json`).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A saved file that cannot be read as a response body.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file or directory cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{path}: not JSON: {message}")]
    NotJson {
        /// The path.
        path: PathBuf,
        /// The parser's message (a position, never the content).
        message: String,
    },
    /// A directory holds no `*.json` file.
    #[error("{path}: no *.json file in this directory")]
    Empty {
        /// The directory.
        path: PathBuf,
    },
    /// A saved-body object whose fields are not of the saved format.
    #[error("{path}: not a saved body: {message}")]
    Malformed {
        /// The path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Which function answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Named by the saved file's `function`.
    Named(String),
    /// A bare body: the function is the longest spec function name its file name starts with.
    FileName(String),
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A JSON body.
    Json(Value),
    /// A body that was not JSON, as text.
    Text(String),
}

/// One saved response body.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedBody {
    /// The file it was read from.
    pub path: PathBuf,
    /// Which function answered.
    pub origin: Origin,
    /// The body.
    pub body: Body,
}

/// Reads every saved body under `paths`: files as given, directories recursively (`*.json`, in
/// name order).
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<SavedBody>, ReadError> {
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|source| ReadError::Io {
            path: p.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = files.len();
            walk(p, &mut files)?;
            if files.len() == before {
                return Err(ReadError::Empty { path: p.clone() });
            }
        } else {
            files.push(p.clone());
        }
    }
    files.iter().map(|f| read_file(f)).collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ReadError> {
    let io = |source| ReadError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads one saved file (saved format or bare body).
pub fn read_file(path: &Path) -> Result<SavedBody, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| ReadError::NotJson {
        path: path.to_path_buf(),
        // Line and column only: serde_json's messages never quote the input.
        message: e.to_string(),
    })?;
    parse(path, value)
}

fn parse(path: &Path, value: Value) -> Result<SavedBody, ReadError> {
    let malformed = |message: &str| ReadError::Malformed {
        path: path.to_path_buf(),
        message: message.to_string(),
    };
    let saved = value.as_object().filter(|o| {
        o.contains_key("function") && (o.contains_key("body") || o.contains_key("body_text"))
    });
    if let Some(o) = saved {
        let function = o
            .get("function")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
            .ok_or_else(|| malformed("`function` is not a function name"))?;
        let body = match (o.get("body"), o.get("body_text")) {
            (Some(b), None) => Body::Json(b.clone()),
            (None, Some(Value::String(t))) => Body::Text(t.clone()),
            (None, Some(_)) => return Err(malformed("`body_text` is not text")),
            _ => return Err(malformed("has both `body` and `body_text`")),
        };
        return Ok(SavedBody {
            path: path.to_path_buf(),
            origin: Origin::Named(function.to_string()),
            body,
        });
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(SavedBody {
        path: path.to_path_buf(),
        origin: Origin::FileName(stem),
        body: Body::Json(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_and_bare_forms() {
        let p = Path::new("x/getDIDsInfo-2.json");
        let saved = serde_json::json!({"function": "getDIDsInfo", "params": {"did": "1"},
            "saved_at": "2026-11-30T10:00:00Z", "http_status": 200, "body": {"status": "success"}});
        let s = parse(p, saved).map_err(|e| e.to_string());
        assert_eq!(
            s.map(|s| (s.origin, s.body)),
            Ok((
                Origin::Named("getDIDsInfo".into()),
                Body::Json(serde_json::json!({"status": "success"}))
            ))
        );
        let text = serde_json::json!({"function": "getBalance", "body_text": "<html>"});
        assert!(matches!(
            parse(p, text).map(|s| s.body),
            Ok(Body::Text(t)) if t == "<html>"
        ));
        let bare = serde_json::json!({"status": "success"});
        assert!(matches!(
            parse(p, bare).map(|s| s.origin),
            Ok(Origin::FileName(f)) if f == "getDIDsInfo-2"
        ));
        let bad = serde_json::json!({"function": 3, "body": {}});
        assert!(matches!(parse(p, bad), Err(ReadError::Malformed { .. })));
    }
}
