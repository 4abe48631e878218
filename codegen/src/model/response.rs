//! Response types: the function's response struct and its nested structs, each named once.

use std::collections::HashSet;

use super::RustType;
use crate::names;
use crate::spec::{Field, Shape, Type};

/// The typed response of one function.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<'a> {
    /// The module holding the nested types (`get_balance`).
    pub module: String,
    /// The response struct itself (`GetBalanceResponse`), defined at category level.
    pub top: Struct<'a>,
    /// Nested structs in definition order (inner ones before the struct using them).
    pub nested: Vec<Struct<'a>>,
}

impl Response<'_> {
    /// Whether the function documents no field besides `status`: its response is then the
    /// runtime's shared `Acknowledgement` (one type compiled, not one per function).
    pub fn is_status_only(&self) -> bool {
        self.top.fields.is_empty() && self.nested.is_empty()
    }
}

/// Where a response struct sits, which its documentation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructRole<'a> {
    /// The function's response.
    Response,
    /// The object under a field.
    Object(&'a str),
    /// One element of the list under a field.
    ListElement(&'a str),
    /// One value of the map under a field.
    MapValue(&'a str),
}

/// A response struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct<'a> {
    /// Its name.
    pub name: String,
    /// Where it sits.
    pub role: StructRole<'a>,
    /// Its fields in spec order.
    pub fields: Vec<StructField<'a>>,
}

/// A field of a response struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructField<'a> {
    /// The wire name.
    pub wire: &'a str,
    /// The Rust field name.
    pub ident: String,
    /// The field's Rust type (`Option<T>`, `Vec<T>`, `BTreeMap<String, T>`).
    pub ty: RustType,
    /// How the value is shaped on the wire.
    pub kind: FieldKind<'a>,
}

/// The wire shape of a response field, which decides how it is decoded and documented.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind<'a> {
    /// One value; a separated list when `ty` is `list(..)`.
    Scalar {
        /// The spec type.
        ty: &'a Type,
        /// The documentation's example.
        example: Option<&'a str>,
    },
    /// An object (a nested struct).
    Object,
    /// A list of objects (nested structs).
    ObjectList,
    /// A list of values of this spec type.
    ScalarList(&'a Type),
    /// A list of lists or maps, kept as JSON.
    JsonList,
    /// Objects (nested structs) by key.
    ObjectMap,
    /// Values of this spec type by key.
    ScalarMap(&'a Type),
    /// Lists or maps by key, kept as JSON.
    JsonMap,
}

/// Names that would shadow a prelude or serde item inside the nested module.
const RESERVED: &[&str] = &[
    "Option",
    "Vec",
    "String",
    "Result",
    "Box",
    "Default",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "Object",
    "Serialize",
    "Deserialize",
];

/// Endings that look plural but are not (`Sms`, `Status`, `Address`).
const NOT_PLURAL: &[&str] = &["ss", "us", "Sms", "Mms"];

/// Plural endings and their singular, tried in order; otherwise a final `s` is dropped.
const PLURAL_ENDINGS: &[(&str, &str)] = &[
    ("ies", "y"),
    ("sses", "ss"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
];

/// The singular of an UpperCamelCase name's last word (`CallAccounts` -> `CallAccount`,
/// `Countries` -> `Country`, `Faxes` -> `Fax`); names that are not plural stay as they are.
fn singular(name: &str) -> String {
    if NOT_PLURAL.iter().any(|e| name.ends_with(e)) {
        return name.to_string();
    }
    for (plural, one) in PLURAL_ENDINGS {
        if let Some(stem) = name.strip_suffix(plural) {
            return format!("{stem}{one}");
        }
    }
    match name.strip_suffix('s') {
        Some(stem) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// Lowers one function's response, naming nested structs uniquely within the function.
pub fn lower<'a>(response: &str, module: &str, fields: &'a [Field]) -> Response<'a> {
    let mut l = Lowering {
        module: module.to_string(),
        used: HashSet::new(),
        nested: Vec::new(),
    };
    let top = l.object(response.to_string(), StructRole::Response, fields);
    Response {
        module: module.to_string(),
        top,
        nested: l.nested,
    }
}

/// The Rust type of a response field with nested structs left unnamed (`object`), for
/// comparing shapes regardless of the names the generator picks.
pub fn anonymous_type(shape: &Shape) -> RustType {
    let mut l = Lowering {
        module: String::new(),
        used: HashSet::new(),
        nested: Vec::new(),
    };
    let field = Field {
        name: "value".to_string(),
        shape: shape.clone(),
        secret: false,
    };
    let mut ty = l.field("Response", &field).ty;
    erase_nested(&mut ty);
    ty
}

fn erase_nested(ty: &mut RustType) {
    match ty {
        RustType::Nested { module, name } => {
            module.clear();
            *name = "object".to_string();
        }
        RustType::Vec(t) | RustType::Option(t) | RustType::Map(t) => erase_nested(t),
        _ => {}
    }
}

/// A list or a map of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    List,
    Map,
}

struct Lowering<'a> {
    module: String,
    used: HashSet<String>,
    nested: Vec<Struct<'a>>,
}

impl<'a> Lowering<'a> {
    /// A unique struct name for the object under `field` of struct `parent`; one element of a
    /// list is named in the singular (`accounts` -> `Account`).
    fn name(&mut self, parent: &str, field: &str, role: StructRole) -> String {
        let base = match role {
            StructRole::ListElement(_) => singular(&names::camel(field)),
            _ => names::camel(field),
        };
        let mut cand = if RESERVED.contains(&base.as_str()) {
            format!("{base}Item")
        } else {
            base.clone()
        };
        if self.used.contains(&cand) {
            cand = format!("{}{}", parent.trim_end_matches("Response"), base);
        }
        let mut n = 2;
        let stem = cand.clone();
        while self.used.contains(&cand) {
            cand = format!("{stem}{n}");
            n += 1;
        }
        self.used.insert(cand.clone());
        cand
    }

    fn object(&mut self, name: String, role: StructRole<'a>, fields: &'a [Field]) -> Struct<'a> {
        let fields = fields.iter().map(|f| self.field(&name, f)).collect();
        Struct { name, role, fields }
    }

    /// Names, lowers and records the nested struct for `fields`, returning its type.
    fn nest(
        &mut self,
        parent: &str,
        role: StructRole<'a>,
        wire: &str,
        fields: &'a [Field],
    ) -> RustType {
        let name = self.name(parent, wire, role);
        let s = self.object(name.clone(), role, fields);
        self.nested.push(s);
        RustType::Nested {
            module: self.module.clone(),
            name,
        }
    }

    /// The type and kind of a list or map of `inner`.
    fn container(
        &mut self,
        parent: &str,
        wire: &'a str,
        inner: &'a Shape,
        c: Container,
    ) -> (RustType, FieldKind<'a>) {
        let list = c == Container::List;
        let (item, kind) = match inner {
            Shape::Object(fields) => {
                let role = if list {
                    StructRole::ListElement(wire)
                } else {
                    StructRole::MapValue(wire)
                };
                let t = self.nest(parent, role, wire, fields);
                (
                    t,
                    if list {
                        FieldKind::ObjectList
                    } else {
                        FieldKind::ObjectMap
                    },
                )
            }
            Shape::Scalar { ty, .. } => {
                // A `list(..)` type inside a list or map contributes its items.
                let item = match ty {
                    Type::List { item, .. } => item.as_ref(),
                    t => t,
                };
                let kind = if list {
                    FieldKind::ScalarList(item)
                } else {
                    FieldKind::ScalarMap(item)
                };
                (RustType::of(item), kind)
            }
            Shape::List(_) | Shape::Map(_) => (
                RustType::Json,
                if list {
                    FieldKind::JsonList
                } else {
                    FieldKind::JsonMap
                },
            ),
        };
        let ty = if list {
            RustType::Vec(Box::new(item))
        } else {
            RustType::Map(Box::new(item))
        };
        (ty, kind)
    }

    fn field(&mut self, parent: &str, f: &'a Field) -> StructField<'a> {
        let wire = f.name.as_str();
        let (ty, kind) = match &f.shape {
            Shape::Scalar { ty, example } => {
                let rust = match ty {
                    Type::List { .. } => RustType::of(ty),
                    other => RustType::of(other).optional(),
                };
                let example = example.as_deref();
                (rust, FieldKind::Scalar { ty, example })
            }
            Shape::Object(inner) => {
                let t = self.nest(parent, StructRole::Object(wire), wire, inner);
                (t.optional(), FieldKind::Object)
            }
            Shape::List(inner) => self.container(parent, wire, inner, Container::List),
            Shape::Map(inner) => self.container(parent, wire, inner, Container::Map),
        };
        StructField {
            wire,
            ident: names::field_ident(wire),
            ty,
            kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::singular;

    #[test]
    fn list_elements_are_singular() {
        let cases = [
            ("Accounts", "Account"),
            ("CallAccounts", "CallAccount"),
            ("Countries", "Country"),
            ("Faxes", "Fax"),
            ("Messages", "Message"),
            ("Dids", "Did"),
            ("Sms", "Sms"),
            ("Status", "Status"),
            ("Sipuris", "Sipuri"),
            ("Cdr", "Cdr"),
            ("BalanceManagement", "BalanceManagement"),
            ("S", "S"),
        ];
        for (plural, one) in cases {
            assert_eq!(singular(plural), one, "{plural}");
        }
    }
}
