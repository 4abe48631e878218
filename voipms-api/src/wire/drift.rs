//! Drift: where a response differs from the spec, recorded while it is decoded.
//!
//! VoIP.ms's answers differ from its documentation (a word in a count, a list answered as one
//! record, fields the documentation lacks). The decoder never fails a call for that: it reads
//! what it can, keeps the rest (see [`crate::Extra`]) and records each deviation here, once per
//! field path and kind, with a count. A deviation describes the JSON it found by type and size,
//! never by value: responses carry personal data.

use std::cell::RefCell;
use std::fmt;

/// One way a response differed from the spec, at one field path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Drift {
    /// The wire name of the function whose response this is.
    pub function: String,
    /// The field path in the response, e.g. `conference[].max_members` (`[]` marks a list
    /// element, `{}` a map value).
    pub path: String,
    /// What differed.
    pub kind: DriftKind,
    /// How many times it occurred in this response (e.g. once per record of a list).
    pub count: usize,
}

/// What differed at a field path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DriftKind {
    /// A field the spec does not describe. Its value is kept in the object's `extra()`.
    UnknownField {
        /// The JSON found.
        found: JsonShape,
    },
    /// A value that does not parse as the field's spec type. The typed field reads as absent
    /// and the value is kept in the object's `extra()` under the field's name.
    InvalidValue {
        /// What the spec expects ("an integer", "a date (yyyy-mm-dd)", ...).
        expected: &'static str,
        /// The JSON found.
        found: JsonShape,
    },
    /// A value of a value set that the spec does not list. It is kept as the enum's
    /// `Unknown` variant.
    OutsideValueSet {
        /// The value set ("a value of DtmfMode").
        expected: &'static str,
        /// The JSON found.
        found: JsonShape,
    },
    /// A container in another shape than the spec's, read anyway: a list answered as one bare
    /// record (read as a one-element list), an object answered as a list (its first element).
    ShapeFallback {
        /// The shape the spec gives ("a list of records", "an object").
        expected: &'static str,
        /// The JSON found.
        found: JsonShape,
    },
}

impl DriftKind {
    /// A short stable name: `unknown_field`, `invalid_value`, `outside_value_set`,
    /// `shape_fallback`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DriftKind::UnknownField { .. } => "unknown_field",
            DriftKind::InvalidValue { .. } => "invalid_value",
            DriftKind::OutsideValueSet { .. } => "outside_value_set",
            DriftKind::ShapeFallback { .. } => "shape_fallback",
        }
    }
}

impl fmt::Display for DriftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DriftKind::UnknownField { found } => {
                write!(f, "field not in the spec ({found}), kept in extra()")
            }
            DriftKind::InvalidValue { expected, found } => write!(
                f,
                "expected {expected}, found {found}: read as absent, kept in extra()"
            ),
            DriftKind::OutsideValueSet { expected, found } => {
                write!(f, "expected {expected}, found {found} not in the value set")
            }
            DriftKind::ShapeFallback { expected, found } => {
                write!(f, "expected {expected}, found {found}: read anyway")
            }
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: `{}`: {}", self.function, self.path, self.kind)?;
        if self.count > 1 {
            write!(f, " ({} times)", self.count)?;
        }
        Ok(())
    }
}

/// A JSON value described by its type and size, never its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonShape {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A number.
    Number,
    /// A string of `chars` characters.
    String {
        /// Its length in characters.
        chars: usize,
    },
    /// An array of `len` elements.
    Array {
        /// Its number of elements.
        len: usize,
    },
    /// An object of `len` fields.
    Object {
        /// Its number of fields.
        len: usize,
    },
}

impl JsonShape {
    /// The shape of `v`.
    pub fn of(v: &serde_json::Value) -> JsonShape {
        use serde_json::Value;
        match v {
            Value::Null => JsonShape::Null,
            Value::Bool(_) => JsonShape::Bool,
            Value::Number(_) => JsonShape::Number,
            Value::String(s) => JsonShape::String {
                chars: s.chars().count(),
            },
            Value::Array(a) => JsonShape::Array { len: a.len() },
            Value::Object(o) => JsonShape::Object { len: o.len() },
        }
    }
}

impl fmt::Display for JsonShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonShape::Null => f.write_str("null"),
            JsonShape::Bool => f.write_str("a boolean"),
            JsonShape::Number => f.write_str("a number"),
            JsonShape::String { chars: 1 } => f.write_str("a string of 1 character"),
            JsonShape::String { chars } => write!(f, "a string of {chars} characters"),
            JsonShape::Array { len: 1 } => f.write_str("an array of 1 element"),
            JsonShape::Array { len } => write!(f, "an array of {len} elements"),
            JsonShape::Object { len: 1 } => f.write_str("an object of 1 field"),
            JsonShape::Object { len } => write!(f, "an object of {len} fields"),
        }
    }
}

/// One step of the path from the response to the field being decoded.
#[derive(Clone, Copy)]
pub(crate) enum Step {
    /// A field of an object.
    Field(&'static str),
    /// The elements of a list field.
    List(&'static str),
    /// The values of a map field.
    Map(&'static str),
}

/// The recorder of the decode running on this thread.
struct Recorder {
    path: Vec<Step>,
    drift: Vec<Drift>,
}

thread_local! {
    /// `Some` while [`super::decode_response`] runs on this thread.
    static RECORDER: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

/// Starts recording for one decode; [`Recording::finish`] hands the drift back. Nested
/// recordings (a decode inside a decode) keep the outer one's drift apart.
pub(crate) struct Recording(Option<Recorder>);

impl Recording {
    pub(crate) fn start() -> Recording {
        let fresh = Recorder {
            path: Vec::new(),
            drift: Vec::new(),
        };
        Recording(RECORDER.with(|r| r.borrow_mut().replace(fresh)))
    }

    /// Stops recording; the drift of this decode, `function` not yet set.
    pub(crate) fn finish(mut self) -> Vec<Drift> {
        let outer = self.0.take();
        RECORDER
            .with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))
            .map(|rec| rec.drift)
            .unwrap_or_default()
    }
}

impl Drop for Recording {
    fn drop(&mut self) {
        // Reached only when `finish` was not called (an error unwound the decode).
        if let Some(outer) = self.0.take() {
            RECORDER.with(|r| *r.borrow_mut() = Some(outer));
        }
    }
}

/// Runs `f` with `step` on the path (for fields decoded inside a container).
pub(crate) fn within<T>(step: Step, f: impl FnOnce() -> T) -> T {
    let pushed = RECORDER.with(|r| match r.borrow_mut().as_mut() {
        Some(rec) => {
            rec.path.push(step);
            true
        }
        None => false,
    });
    let out = f();
    if pushed {
        RECORDER.with(|r| {
            if let Some(rec) = r.borrow_mut().as_mut() {
                rec.path.pop();
            }
        });
    }
    out
}

/// Records a deviation at field `leaf` of the current path (the path itself when `leaf` is
/// empty).
pub(crate) fn record(leaf: &str, kind: DriftKind) {
    RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let Some(rec) = r.as_mut() else { return };
        let path = render(&rec.path, leaf);
        if let Some(d) = rec.drift.iter_mut().find(|d| {
            d.path == path && std::mem::discriminant(&d.kind) == std::mem::discriminant(&kind)
        }) {
            d.count += 1;
        } else {
            rec.drift.push(Drift {
                function: String::new(),
                path,
                kind,
                count: 1,
            });
        }
    });
}

fn render(path: &[Step], leaf: &str) -> String {
    let mut out = String::new();
    for step in path {
        if !out.is_empty() {
            out.push('.');
        }
        match step {
            Step::Field(n) => out.push_str(n),
            Step::List(n) => {
                out.push_str(n);
                out.push_str("[]");
            }
            Step::Map(n) => {
                out.push_str(n);
                out.push_str("{}");
            }
        }
    }
    if !leaf.is_empty() {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(leaf);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_counts() {
        let rec = Recording::start();
        within(Step::List("conference"), || {
            record(
                "max_members",
                DriftKind::InvalidValue {
                    expected: "an integer",
                    found: JsonShape::String { chars: 9 },
                },
            );
            record(
                "max_members",
                DriftKind::InvalidValue {
                    expected: "an integer",
                    found: JsonShape::String { chars: 9 },
                },
            );
            within(Step::Field("owner"), || {
                record(
                    "x",
                    DriftKind::UnknownField {
                        found: JsonShape::Number,
                    },
                )
            });
        });
        record(
            "",
            DriftKind::ShapeFallback {
                expected: "a list of records",
                found: JsonShape::Object { len: 2 },
            },
        );
        let drift = rec.finish();
        assert_eq!(drift.len(), 3);
        assert_eq!(drift[0].path, "conference[].max_members");
        assert_eq!(drift[0].count, 2);
        assert_eq!(drift[1].path, "conference[].owner.x");
        assert_eq!(drift[2].path, "");
        assert_eq!(
            drift[0].kind.to_string(),
            "expected an integer, found a string of 9 characters: read as absent, kept in extra()"
        );
        // Nothing is recorded outside a recording.
        record(
            "y",
            DriftKind::UnknownField {
                found: JsonShape::Null,
            },
        );
        assert!(Recording::start().finish().is_empty());
    }
}
