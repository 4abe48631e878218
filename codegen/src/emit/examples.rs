//! Sample success responses, built from the spec's response shapes and examples, for the mock
//! server: each decodes into its function's typed response.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value, json};

use crate::model::scalar;
use crate::model::{Api, Category};
use crate::spec::{Field, Function, Shape, Spec, Type};

/// A sample wire value of a type, used where the spec has no example.
fn sample(ty: &Type) -> String {
    match ty {
        Type::Bool(f) => f.wire().0.into(),
        // The first documented value is filled in by `shape_value`, which knows the sets.
        Type::Enum(_) => String::new(),
        Type::Count(_) => "1".into(),
        Type::List { item, sep } => format!("{}{sep}{}", sample(item), sample(item)),
        scalar_type => scalar(scalar_type).map_or("", |s| s.sample).into(),
    }
}

fn shape_value(spec: &Spec, shape: &Shape) -> Value {
    match shape {
        Shape::Scalar { ty, example } => {
            let v = match (example, ty) {
                (Some(e), _) => e.clone(),
                (None, Type::Enum(n)) => spec
                    .value_set(n)
                    .and_then(|vs| vs.values.first())
                    .map(|v| v.wire.clone())
                    .unwrap_or_default(),
                (None, t) => sample(t),
            };
            Value::String(v)
        }
        Shape::Object(fields) => fields_value(spec, fields),
        Shape::List(inner) => Value::Array(vec![shape_value(spec, inner)]),
        Shape::Map(inner) => json!({ "1": shape_value(spec, inner) }),
    }
}

fn fields_value(spec: &Spec, fields: &[Field]) -> Value {
    let mut m = Map::new();
    for f in fields {
        m.insert(f.name.clone(), shape_value(spec, &f.shape));
    }
    Value::Object(m)
}

/// `f`'s sample success body: `(wire name, JSON)`.
fn body(spec: &Spec, f: &Function) -> (String, String) {
    let mut body = Map::new();
    body.insert("status".into(), Value::String("success".into()));
    if let Some(Value::Object(m)) = f.response.as_ref().map(|r| fields_value(spec, r)) {
        body.extend(m);
    }
    (f.name.clone(), Value::Object(body).to_string())
}

/// The category's `EXAMPLES` (feature `mock`): a sample success body of each of its functions.
pub fn category_examples(api: &Api, cat: &Category) -> TokenStream {
    let entries: Vec<_> = api
        .functions_of(cat)
        .map(|f| {
            let (n, b) = body(api.spec, f.spec);
            quote! { (#n, #b) }
        })
        .collect();
    let n = entries.len();
    quote! {
        /// `(function, JSON body)`: a sample success answer of each function, in spec order
        /// (for the mock server).
        #[cfg(feature = "mock")]
        pub(crate) static EXAMPLES: [(&str, &str); #n] = [#(#entries),*];
    }
}
