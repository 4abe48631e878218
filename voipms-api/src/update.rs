//! Safe updates: read the current record, apply a change, write the whole record back.
//!
//! VoIP.ms setters replace the whole record: a parameter not sent is reset (`setSMS` without
//! the callback parameters disables the callbacks). For every setter whose spec names where its
//! record is read (`update_from`), the generated code gives:
//!
//! - `Setter::from_record(&record)`: a complete request from the record as VoIP.ms answered it,
//!   every parameter filled from its field (fields the spec lacks but VoIP.ms sent, kept in
//!   [`Extra`](crate::Extra), included); empty lists and absent fields are not sent;
//! - `Client::update_<x>(key, |r| r.change(..))` (and the blocking twin): reads the record,
//!   applies the change, sends it. A required parameter the record lacks fails before anything is
//!   sent, naming it.
//!
//! [`UPDATES`](crate::catalog::UPDATES) describes every such setter by wire names, for tools (`voipms update`).

use serde_json::{Map, Value};

use crate::Request;
use crate::wire::WireValue;

/// Why an update could not build its request; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateError {
    /// The read function listed no record with the key.
    #[error("{read}: no record with {key_field} `{key}`, so `{setter}` was not sent")]
    NotFound {
        /// The setter (wire name).
        setter: &'static str,
        /// The read function (wire name).
        read: &'static str,
        /// The record field compared with the key.
        key_field: &'static str,
        /// The key asked for.
        key: String,
    },
    /// A required parameter of the setter is absent from the record.
    #[error(
        "{setter}: required parameter `{param}` is absent from the record (field `{field}`), so nothing was sent"
    )]
    Missing {
        /// The setter (wire name).
        setter: &'static str,
        /// The parameter.
        param: &'static str,
        /// The record field it is read from.
        field: &'static str,
    },
}

impl UpdateError {
    /// The setter the update was for.
    pub fn setter(&self) -> &'static str {
        match self {
            UpdateError::NotFound { setter, .. } | UpdateError::Missing { setter, .. } => setter,
        }
    }
}

/// One setter with a read source, by wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateMeta {
    /// The setter (`setDIDInfo`).
    pub setter: &'static str,
    /// The read function (`getDIDsInfo`).
    pub read: &'static str,
    /// The read response's field listing the records (`dids`).
    pub list: &'static str,
    /// The setter parameter identifying the record.
    pub key: &'static str,
    /// The record field holding the key.
    pub key_field: &'static str,
    /// The read function's parameter selecting the record by key, if any.
    pub filter: Option<&'static str>,
    /// Every setter parameter, in spec order.
    pub params: &'static [UpdateParam],
}

/// How one setter parameter is filled from the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateParam {
    /// The parameter's wire name.
    pub param: &'static str,
    /// The record field it is read from; `None` when never read (the record uses the name for
    /// something else).
    pub field: Option<&'static str>,
    /// Whether the spec's record documents that field; when not, VoIP.ms may still send it
    /// (kept in [`Extra`](crate::Extra)) and the update carries it through.
    pub documented: bool,
    /// Whether the setter requires it.
    pub required: bool,
    /// The separator of a list parameter.
    pub list_sep: Option<&'static str>,
}

// The generated table states only what differs from these defaults: an optional, documented
// parameter read from the record field of the same name.
#[allow(
    dead_code,
    reason = "the generated rows of the enabled categories call these; with some categories off, some are not called"
)]
impl UpdateParam {
    pub(crate) const fn new(param: &'static str) -> Self {
        UpdateParam {
            param,
            field: Some(param),
            documented: true,
            required: false,
            list_sep: None,
        }
    }

    pub(crate) const fn field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }

    pub(crate) const fn not_read(mut self) -> Self {
        self.field = None;
        self
    }

    pub(crate) const fn undocumented(mut self) -> Self {
        self.documented = false;
        self
    }

    pub(crate) const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub(crate) const fn list(mut self, sep: &'static str) -> Self {
        self.list_sep = Some(sep);
        self
    }
}

impl UpdateMeta {
    /// The setter's parameters filled from a record as JSON (as VoIP.ms answered it, or as a
    /// typed record serializes): `(parameter, wire text)` in spec order. Absent, `null`, empty
    /// and `[]` values are left out; lists are joined by their separator.
    pub fn form_from_record(&self, record: &Map<String, Value>) -> Vec<(String, String)> {
        self.params
            .iter()
            .filter_map(|p| {
                let v = record.get(p.field?)?;
                let text = wire_text(v, p.list_sep)?;
                Some((p.param.to_string(), text))
            })
            .collect()
    }

    /// The first required parameter absent from `form`, with its record field.
    pub fn missing(&self, form: &[(String, String)]) -> Option<&'static UpdateParam> {
        self.params
            .iter()
            .find(|p| p.required && !form.iter().any(|(k, _)| k == p.param))
    }
}

/// The wire text of a JSON value; `None` for the empty spellings.
fn wire_text(v: &Value, sep: Option<&str>) -> Option<String> {
    let text = match v {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|i| wire_text(i, None)).collect();
            parts.join(sep.unwrap_or(","))
        }
        Value::Object(_) => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A record's fields by wire name, as its typed fields and extras serialize: what the
/// generated `from_record` conversions read, each parameter from the record field and with the
/// list separator its row of the update table gives.
#[derive(Debug)]
pub struct RecordFields {
    setter: &'static str,
    params: &'static [UpdateParam],
    fields: Map<String, Value>,
}

impl RecordFields {
    /// The fields of `record` for the update `meta` describes (its row of the table).
    pub fn of(meta: &'static UpdateMeta, record: &dyn crate::wire::ToJson) -> RecordFields {
        let fields = match record.to_json() {
            Value::Object(m) => m,
            // A generated record always serializes as an object.
            _ => Map::new(),
        };
        RecordFields {
            setter: meta.setter,
            params: meta.params,
            fields,
        }
    }

    /// The text of field `field` (for comparing keys).
    pub fn text(&self, field: &str) -> Option<String> {
        self.fields.get(field).and_then(|v| wire_text(v, None))
    }

    /// The update table's row of parameter `param`.
    fn row(&self, param: &str) -> Option<&'static UpdateParam> {
        self.params.iter().find(|p| p.param == param)
    }

    /// The value of the record field parameter `param` is read from.
    fn field(&self, param: &str) -> Option<&Value> {
        self.fields.get(self.row(param)?.field?)
    }

    /// Parameter `param` as a value of type `T`; `None` when its field is absent, empty or not
    /// a `T`.
    pub fn optional<T: WireValue>(&self, param: &str) -> Option<T> {
        scalar(self.field(param)?)
    }

    /// Required parameter `param`.
    pub fn required<T: WireValue>(&self, param: &'static str) -> Result<T, UpdateError> {
        self.optional(param).ok_or_else(|| self.missing(param))
    }

    /// Parameter `param` as a list (a JSON array, or text joined by its separator); `None`
    /// when empty.
    pub fn list<T: WireValue>(&self, param: &str) -> Option<Vec<T>> {
        let sep = self.row(param)?.list_sep.unwrap_or(",");
        let items: Vec<T> = match self.field(param)? {
            Value::Array(items) => items.iter().filter_map(scalar).collect(),
            Value::String(s) => s
                .split(sep)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .filter_map(T::from_wire)
                .collect(),
            other => scalar(other).into_iter().collect(),
        };
        (!items.is_empty()).then_some(items)
    }

    /// Required list parameter `param`.
    pub fn required_list<T: WireValue>(&self, param: &'static str) -> Result<Vec<T>, UpdateError> {
        self.list(param).ok_or_else(|| self.missing(param))
    }

    /// The error for required parameter `param`, naming the field it is read from.
    fn missing(&self, param: &'static str) -> UpdateError {
        let field = self.row(param).and_then(|p| p.field).unwrap_or(param);
        UpdateError::Missing {
            setter: self.setter,
            param,
            field,
        }
    }
}

fn scalar<T: WireValue>(v: &Value) -> Option<T> {
    match v {
        Value::String(s) if s.is_empty() || T::is_null_spelling(s) => None,
        Value::String(s) => T::from_wire(s),
        Value::Bool(b) => T::from_bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => T::from_i64(i),
            None => n.as_f64().and_then(T::from_f64),
        },
        _ => None,
    }
}

/// A setter whose current record can be read: implemented by the generated code for every
/// setter with `update_from` in the spec.
pub trait Updatable: Request + Sized {
    /// The read request giving the record.
    type Read: Request;
    /// One record of the read response.
    type Record: crate::wire::ToJson;
    /// The setter's entry in [`UPDATES`](crate::catalog::UPDATES).
    fn update_meta() -> &'static UpdateMeta;
    /// The read request for the record with `key`.
    fn read_request(key: &str) -> Self::Read;
    /// The records of a read response.
    fn records(response: <Self::Read as Request>::Response) -> Vec<Self::Record>;
    /// The complete request that writes `record` back unchanged.
    fn from_record(record: &Self::Record) -> Result<Self, UpdateError>;
}

/// The request writing back the record with `key` among `records`, after `change`.
pub fn prepare<S: Updatable>(
    records: Vec<S::Record>,
    key: &str,
    change: impl FnOnce(S) -> S,
) -> Result<S, UpdateError> {
    let meta = S::update_meta();
    let record = records
        .iter()
        .find(|r| {
            RecordFields::of(meta, *r)
                .text(meta.key_field)
                .is_some_and(|found| same_key(&found, key))
        })
        .ok_or_else(|| UpdateError::NotFound {
            setter: meta.setter,
            read: meta.read,
            key_field: meta.key_field,
            key: key.to_string(),
        })?;
    Ok(change(S::from_record(record)?))
}

/// Whether a record's key is `key`: the same text, or the same phone number written another
/// way (getFaxNumbersInfo's documented sample answers a DID as `647.948.4755`).
fn same_key(found: &str, key: &str) -> bool {
    found == key
        || matches!(
            (crate::types::Phone::parse(found), crate::types::Phone::parse(key)),
            (Ok(a), Ok(b)) if a == b
        )
}

#[cfg(test)]
mod tests {
    use super::same_key;

    #[test]
    fn a_key_matches_its_record_written_another_way() {
        // getFaxNumbersInfo's documented sample answers the DID with dots.
        assert!(same_key("647.948.4755", "6479484755"));
        assert!(same_key("6479484755", "(647) 948-4755"));
        assert!(same_key("100001_VoIP", "100001_VoIP"));
        assert!(!same_key("100001_VoIP", "100001"));
        assert!(!same_key("235", "2350"));
        assert!(!same_key("647.948.4755", "6479484756"));
    }
}
