//! A spec file edited as text, line by line, so that comments, blank lines and layout survive:
//! what `cargo xtask wsdl import` and `cargo xtask spec learn` write with.
//!
//! Edits insert whole lines or rewrite one line; nothing is reordered or reformatted. Splitting on
//! `\n` only and keeping any `\r` in the line makes [`Text::render`] give back the exact original
//! bytes, so line endings (LF or CRLF) follow the file.

use std::path::Path;

/// Reads every spec file under `dir` as `(path relative to dir, text)`.
pub fn read_dir(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let raw = crate::digest::read_spec_files(dir)?;
    let mut files = Vec::with_capacity(raw.len());
    for (path, bytes) in raw {
        let text = String::from_utf8(bytes).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{path} is not UTF-8: {e}"),
            )
        })?;
        files.push((path, text));
    }
    Ok(files)
}

/// Writes `text` to `path` through a temporary file beside it, so a reader never sees half a
/// file.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.edit.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A YAML file as lines.
pub struct Text {
    /// The lines, each without its `\n` (a CRLF file keeps its `\r`).
    pub lines: Vec<String>,
    /// `"\r"` when the file uses CRLF line endings, else `""`.
    cr: &'static str,
}

/// The number of leading spaces.
pub fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The line without its indent and line ending.
pub fn content(line: &str) -> &str {
    line.trim_end_matches('\r').trim()
}

/// A line with nothing on it.
pub fn is_blank(line: &str) -> bool {
    content(line).is_empty()
}

/// A line holding only a comment.
pub fn is_comment(line: &str) -> bool {
    content(line).starts_with('#')
}

/// The value after `key:` on a line whose content starts with it, without a trailing comment.
pub fn key_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = content(line).strip_prefix(key)?.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let value = match rest.find(" #") {
        Some(i) => &rest[..i],
        None => rest,
    };
    Some(value.trim())
}

/// A scalar without its quotes.
pub fn unquote(v: &str) -> &str {
    v.trim_matches('"').trim_matches('\'')
}

/// A YAML double-quoted scalar.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A name as a plain scalar when it is a plain wire name, quoted otherwise.
pub fn name_scalar(s: &str) -> String {
    if !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(
            s,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && !s.starts_with(|c: char| c.is_ascii_digit())
    {
        s.to_string()
    } else {
        quoted(s)
    }
}

impl Text {
    /// Splits `text` into lines.
    pub fn new(text: &str) -> Self {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let cr = if lines.first().is_some_and(|l| l.ends_with('\r')) {
            "\r"
        } else {
            ""
        };
        Text { lines, cr }
    }

    /// The text again, byte for byte when nothing was edited.
    pub fn render(&self) -> String {
        self.lines.join("\n")
    }

    /// Inserts `new` (lines without endings) before line `at`, in the file's line endings.
    pub fn insert(&mut self, at: usize, new: Vec<String>) {
        let cr = self.cr;
        // Inserting after a last line that has no newline: give it one.
        let at_end_without_newline = at == self.lines.len();
        let new: Vec<String> = new.into_iter().map(|l| format!("{l}{cr}")).collect();
        if at_end_without_newline {
            if let Some(last) = self.lines.last_mut()
                && !last.is_empty()
            {
                last.push_str(cr);
            }
            self.lines.extend(new);
            self.lines.push(String::new());
        } else {
            self.lines.splice(at..at, new);
        }
    }

    /// The last non-blank line in `from..to`, if any.
    pub fn last_non_blank(&self, from: usize, to: usize) -> Option<usize> {
        (from..to).rev().find(|&i| !is_blank(&self.lines[i]))
    }

    /// `(index of the top-level functions: line, indent of its items, end of its block)`.
    pub fn functions_block(&self) -> Result<(usize, usize, usize), String> {
        let start = self
            .lines
            .iter()
            .position(|l| indent(l) == 0 && key_value(l, "functions").is_some())
            .ok_or("the file has no top-level `functions:` key")?;
        if key_value(&self.lines[start], "functions") != Some("") {
            return Err("`functions:` is not a block list; add the function by hand".into());
        }
        let end = (start + 1..self.lines.len())
            .find(|&i| {
                let l = &self.lines[i];
                !is_blank(l) && !is_comment(l) && indent(l) == 0 && !content(l).starts_with("- ")
            })
            .unwrap_or(self.lines.len());
        let item = (start + 1..end)
            .map(|i| &self.lines[i])
            .find(|l| content(l).starts_with("- "))
            .map_or(2, |l| indent(l));
        Ok((start, item, end))
    }

    /// `(line of the function's "- name:", its item indent, end of its block)`.
    pub fn function_block(&self, name: &str) -> Result<(usize, usize, usize), String> {
        let (start, item, end) = self.functions_block()?;
        let at = (start + 1..end)
            .find(|&i| {
                let l = &self.lines[i];
                indent(l) == item
                    && content(l)
                        .strip_prefix("- ")
                        .and_then(|b| key_value(b, "name"))
                        .is_some_and(|v| unquote(v) == name)
            })
            .ok_or_else(|| format!("cannot find `- name: {name}` in the functions list"))?;
        let fn_end = (at + 1..end)
            .find(|&i| !is_blank(&self.lines[i]) && indent(&self.lines[i]) <= item)
            .unwrap_or(end);
        Ok((at, item, fn_end))
    }

    /// The line of the function's key `key` (at the function's key indent), if present.
    pub fn function_key(&self, at: usize, item: usize, end: usize, key: &str) -> Option<usize> {
        (at + 1..end).find(|&i| {
            indent(&self.lines[i]) == item + 2 && key_value(&self.lines[i], key).is_some()
        })
    }
}
