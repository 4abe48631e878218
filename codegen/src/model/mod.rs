//! The model of the generated Rust API: what the spec lowers to before any code is written.
//!
//! Every naming and typing decision about the generated crate is made here, once: request types
//! and their fields (Rust names, Rust types, constructor arguments, setter names), response types
//! with the names of their nested structs, value-set enums, `ErrorCode` variants and client
//! methods. The emitter ([`crate::emit`]) renders this model as tokens and the spec diff
//! ([`crate::diff`]) compares two models' surfaces, so both see the same names.
//!
//! Model values borrow the [`Spec`] for what they pass through unchanged (documentation text,
//! wire names, metadata).

pub mod function_errors;
mod response;
mod types;
pub mod update;

pub use response::{FieldKind, Response, Struct, StructField, StructRole, anonymous_type};
pub use types::{ArgType, RustType, Scalar, scalar};

use std::collections::{BTreeMap, BTreeSet};

use crate::names;
use crate::spec::{self, Spec};

/// The whole generated API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api<'a> {
    /// The spec it was lowered from.
    pub spec: &'a Spec,
    /// One module per category, in spec order.
    pub categories: Vec<Category<'a>>,
    /// Every function, in spec order (the order of the metadata table).
    pub functions: Vec<Function<'a>>,
    /// One enum per value set.
    pub value_sets: Vec<ValueSet<'a>>,
    /// The `ErrorCode` variants, one per documented status.
    pub error_codes: Vec<ErrorVariant<'a>>,
}

/// A category module.
#[derive(Debug, Clone, PartialEq)]
pub struct Category<'a> {
    /// The spec's category.
    pub spec: &'a spec::Category,
    /// The module name (also the cargo feature).
    pub module: String,
}

/// One function: its request type, response type and client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Function<'a> {
    /// The spec's function.
    pub spec: &'a spec::Function,
    /// Its position in the metadata table.
    pub index: usize,
    /// The constant naming its metadata entry (`SEND_SMS`).
    pub meta_const: String,
    /// The category module it lives in.
    pub module: String,
    /// The request type (`SendSms`).
    pub request: String,
    /// The client method (`send_sms`).
    pub method: String,
    /// The request's typed fields (empty when the parameters are undocumented).
    pub fields: Vec<RequestField<'a>>,
    /// The typed response; `None` when no response is documented (`RawResponse`).
    pub response: Option<Response<'a>>,
    /// How a long date range is split, for a function with a `date_range` over `date` fields.
    pub date_ranged: Option<DateRanged>,
    /// The named-argument struct `new` takes (`CreateSubAccountArgs`), when positional arguments
    /// could be swapped silently (see [`named_args`]); `None`: `new` takes them in order.
    pub args: Option<String>,
}

/// A request whose date range the client can split into windows (`impl DateRanged`).
#[derive(Debug, Clone, PartialEq)]
pub struct DateRanged {
    /// The field holding the start, and whether it is required (`Date`, not `Option<Date>`).
    pub from: (String, bool),
    /// The field holding the end, and whether it is required.
    pub to: (String, bool),
    /// The response field holding the records.
    pub records: String,
    /// The type of one record.
    pub record: RustType,
}

impl Function<'_> {
    /// Whether the request is an open list of parameters by wire name.
    pub fn params_undocumented(&self) -> bool {
        self.spec.params_undocumented
    }

    /// The name of the type the method returns.
    pub fn response_name(&self) -> &str {
        match &self.response {
            Some(r) => &r.top.name,
            None => "RawResponse",
        }
    }
}

/// A field of a request type, one per parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestField<'a> {
    /// The spec's parameter.
    pub param: &'a spec::Param,
    /// The Rust field name.
    pub ident: String,
    /// The type of the value (the field is `Option` of it unless required).
    pub value: RustType,
    /// The constructor or setter argument type.
    pub arg: ArgType,
    /// The setter's name; `None` for a required field (set by the constructor).
    pub setter: Option<String>,
}

impl RequestField<'_> {
    /// The field's declared type.
    pub fn ty(&self) -> RustType {
        if self.param.required {
            self.value.clone()
        } else {
            self.value.clone().optional()
        }
    }

    /// The wire names the value is sent under: its name, then its aliases.
    pub fn wires(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.param.name.as_str())
            .chain(self.param.aliases.iter().map(String::as_str))
    }
}

/// A value-set enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueSet<'a> {
    /// The spec's value set.
    pub spec: &'a spec::ValueSet,
    /// The enum's name.
    pub name: String,
    /// Its variants, one per documented value.
    pub variants: Vec<Variant<'a>>,
    /// The cargo features of the functions that use it, sorted: the enum is compiled with any
    /// of them (always, when no function uses it).
    pub features: Vec<&'a str>,
}

/// A variant of a value-set enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant<'a> {
    /// The spec's value.
    pub spec: &'a spec::EnumValue,
    /// The variant's name.
    pub name: String,
}

/// A variant of `ErrorCode`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant<'a> {
    /// The spec's status code.
    pub spec: &'a spec::ErrorDef,
    /// The variant's name.
    pub name: String,
}

/// Lowers a validated spec to the model of its Rust API.
pub fn lower(spec: &Spec) -> Api<'_> {
    // The features of the functions that use each value set, from one pass over the functions.
    let mut set_features: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in &spec.functions {
        for set in f.value_sets() {
            set_features.entry(set).or_default().insert(&f.feature);
        }
    }
    Api {
        spec,
        categories: spec
            .categories
            .iter()
            .map(|c| Category {
                spec: c,
                module: c.feature.clone(),
            })
            .collect(),
        functions: spec
            .functions
            .iter()
            .enumerate()
            .map(|(index, f)| function(f, index))
            .collect(),
        value_sets: spec
            .value_sets
            .iter()
            .map(|vs| ValueSet {
                spec: vs,
                name: vs.name.clone(),
                features: set_features
                    .get(vs.name.as_str())
                    .map(|features| features.iter().copied().collect())
                    .unwrap_or_default(),
                variants: vs
                    .values
                    .iter()
                    .map(|v| Variant {
                        spec: v,
                        name: v.name.clone(),
                    })
                    .collect(),
            })
            .collect(),
        error_codes: spec
            .errors
            .iter()
            .map(|e| ErrorVariant {
                spec: e,
                name: names::camel(&e.code),
            })
            .collect(),
    }
}

impl<'a> Api<'a> {
    /// The functions of one category, in spec order.
    pub fn functions_of<'s>(
        &'s self,
        cat: &'s Category<'a>,
    ) -> impl Iterator<Item = &'s Function<'a>> {
        self.functions
            .iter()
            .filter(move |f| f.module == cat.module)
    }
}

/// Method names a setter must not take: the constructor and the open-parameter adder.
const TAKEN_METHODS: &[&str] = &["new", "param"];

fn function(f: &spec::Function, index: usize) -> Function<'_> {
    let request = names::camel(&f.name);
    let module = names::snake(&f.name);
    let fields = if f.params_undocumented {
        Vec::new()
    } else {
        f.params.iter().map(request_field).collect()
    };
    let response = f
        .response
        .as_ref()
        .map(|fields| response::lower(&format!("{request}Response"), &module, fields));
    let date_ranged = f
        .date_range
        .as_ref()
        .and_then(|d| date_ranged(d, &fields, response.as_ref()));
    let args = named_args(&request, &fields);
    Function {
        args,
        date_ranged,
        spec: f,
        index,
        meta_const: module.to_uppercase(),
        module: f.feature.clone(),
        request,
        method: module,
        fields,
        response,
    }
}

/// The rule for constructors: `new` takes a named-argument struct (`<Request>Args`, one public
/// field per required parameter, no `Default`, so a missing one does not compile) when two
/// adjacent required parameters take the same argument type, since a swap of those would compile
/// and send each value under the other's name. Otherwise `new` takes them in order: each
/// position has a type of its own.
pub fn named_args(request: &str, fields: &[RequestField]) -> Option<String> {
    let required: Vec<&ArgType> = fields
        .iter()
        .filter(|f| f.setter.is_none())
        .map(|f| &f.arg)
        .collect();
    required
        .windows(2)
        .any(|w| w[0] == w[1])
        .then(|| format!("{request}Args"))
}

/// The type parameter of named-argument field `ident` when its value converts (`did` -> `Did`),
/// kept clear of the names the bounds use.
pub fn type_param(ident: &str) -> String {
    let name = names::camel(ident);
    if matches!(
        name.as_str(),
        "String" | "Vec" | "Into" | "IntoIterator" | "Item" | "Self" | "Option"
    ) {
        format!("{name}Arg")
    } else {
        name
    }
}

/// The name of the method setting field `ident` (the field's name unless a method has it).
pub fn setter_name(ident: &str) -> String {
    if TAKEN_METHODS.contains(&ident) {
        format!("with_{ident}")
    } else {
        ident.to_string()
    }
}

fn request_field(p: &spec::Param) -> RequestField<'_> {
    let ident = names::field_ident(&p.name);
    let setter = (!p.required).then(|| setter_name(&ident));
    RequestField {
        param: p,
        value: RustType::of(&p.ty),
        arg: ArgType::of(&p.ty),
        setter,
        ident,
    }
}

/// The `DateRanged` facts of a function: its range fields (both of type `date`) and the type of
/// the records under the spec's `records` field. The validator has checked the names.
fn date_ranged(
    d: &spec::DateRange,
    fields: &[RequestField],
    response: Option<&Response>,
) -> Option<DateRanged> {
    let field = |wire: &str| {
        fields
            .iter()
            .find(|f| f.param.name == wire && f.value == RustType::Runtime("Date"))
            .map(|f| (f.ident.clone(), f.param.required))
    };
    let records = response?.top.fields.iter().find(|f| f.wire == d.records)?;
    Some(DateRanged {
        from: field(&d.from)?,
        to: field(&d.to)?,
        records: records.ident.clone(),
        record: records.ty.inner().clone(),
    })
}
