//! The file formats as serde sees them: strict (unknown fields are errors), close to the YAML.
//! [`super::validate`] turns these into the checked model.

use serde::{Deserialize, Deserializer};

use super::{Kind, Source};

/// `spec/functions/<category>.yaml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionsFile {
    pub category: String,
    pub feature: String,
    pub functions: Vec<RawFunction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFunction {
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub source: Source,
    pub summary: String,
    #[serde(default)]
    pub params: RawParams,
    #[serde(default)]
    pub response: Option<serde_yaml::Value>,
    #[serde(default)]
    pub date_range: Option<RawDateRange>,
    #[serde(default)]
    pub timezone_shift: Option<RawTimezoneShift>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub stub: bool,
    #[serde(default)]
    pub update_from: Option<RawUpdateFrom>,
    #[serde(default)]
    pub probe: Option<super::probe::RawProbe>,
}

/// `update_from:` of a setter (see [`super::UpdateFrom`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpdateFrom {
    pub function: String,
    pub list: String,
    pub key: String,
    #[serde(default)]
    pub key_field: Option<String>,
    #[serde(default)]
    pub filter: Option<String>,
    #[serde(default)]
    pub fields: indexmap::IndexMap<String, String>,
    #[serde(default)]
    pub unfilled: Vec<String>,
}

/// `params:` is a list, or the word `undocumented` when no source names them.
#[derive(Debug, Default)]
pub enum RawParams {
    #[default]
    None,
    Undocumented,
    List(Vec<RawParam>),
}

impl<'de> Deserialize<'de> for RawParams {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawParams;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of parameters or `undocumented`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawParams, E> {
                if v == "undocumented" {
                    Ok(RawParams::Undocumented)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
            // Streaming the items keeps serde_yaml's line numbers in their errors.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawParams, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = seq.next_element::<RawParam>()? {
                    out.push(p);
                }
                Ok(RawParams::List(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub doc: String,
    #[serde(default, deserialize_with = "scalar_string")]
    pub example: Option<String>,
    #[serde(default)]
    pub values_from: Option<String>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub max_length: Option<u32>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTimezoneShift {
    pub param: String,
    #[serde(default, deserialize_with = "scalar_string")]
    pub omitted: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDateRange {
    pub from: String,
    pub to: String,
    pub max_days: u32,
    pub records: String,
}

/// `spec/types.yaml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypesFile {
    pub value_sets: indexmap::IndexMap<String, RawValueSet>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawValueSet {
    pub doc: String,
    pub values: Vec<RawEnumValue>,
}

/// A value: its wire string alone, or `{value, name, doc}`.
#[derive(Debug)]
pub struct RawEnumValue {
    pub value: String,
    pub name: Option<String>,
    pub doc: Option<String>,
}

impl<'de> Deserialize<'de> for RawEnumValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            #[serde(deserialize_with = "scalar_string_req")]
            value: String,
            name: Option<String>,
            doc: Option<String>,
        }
        let v = serde_yaml::Value::deserialize(d)?;
        if let Some(s) = scalar_to_string(&v) {
            return Ok(RawEnumValue {
                value: s,
                name: None,
                doc: None,
            });
        }
        let full = Full::deserialize(v).map_err(serde::de::Error::custom)?;
        Ok(RawEnumValue {
            value: full.value,
            name: full.name,
            doc: full.doc,
        })
    }
}

/// `spec/errors.yaml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsFile {
    pub errors: Vec<RawError>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawError {
    pub code: String,
    pub description: String,
    #[serde(default)]
    pub empty_list: bool,
    #[serde(default)]
    pub retryable: bool,
    #[serde(default)]
    pub note: Option<String>,
}

/// A YAML scalar as the string a reviewer wrote (`1599` and `"1599"` are the same example).
pub fn scalar_to_string(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn scalar_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<serde_yaml::Value>::deserialize(d)?;
    match v {
        None | Some(serde_yaml::Value::Null) => Ok(None),
        Some(v) => scalar_to_string(&v)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("expected a scalar (text or number)")),
    }
}

fn scalar_string_req<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = serde_yaml::Value::deserialize(d)?;
    scalar_to_string(&v)
        .ok_or_else(|| serde::de::Error::custom("expected a scalar (text or number)"))
}
