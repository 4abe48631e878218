//! The static metadata table of each category's functions (`mod meta` of its module).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;
use crate::model::function_errors::param_codes as param_codes_of;
use crate::model::{Api, Category, scalar};
use crate::spec::{BoolForm, Field, Kind, Shape, Source, Type};

fn wire_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Bool(BoolForm::OneZero) => quote!(WireType::Bool(BoolForm::OneZero)),
        Type::Bool(BoolForm::YesNo) => quote!(WireType::Bool(BoolForm::YesNo)),
        Type::Bool(BoolForm::TrueFalse) => quote!(WireType::Bool(BoolForm::TrueFalse)),
        Type::Enum(n) => {
            let id = ident(n);
            quote!(WireType::Enum { name: #n, values: crate::value_sets::#id::VALUES })
        }
        Type::Count(n) => {
            let id = ident(n);
            quote!(WireType::Count { name: #n, values: crate::value_sets::#id::VALUES })
        }
        Type::List { item, sep } => {
            let inner = wire_type(item);
            quote!(WireType::List { item: &#inner, sep: #sep })
        }
        scalar_type => {
            let variant = ident(scalar(scalar_type).map_or("String", |s| s.wire));
            quote!(WireType::#variant)
        }
    }
}

/// `&ErrorCode::Variant`.
fn code(variant: &str) -> TokenStream {
    let v = ident(variant);
    quote!(&ErrorCode::#v)
}

/// A parameter's entry: `ParamMeta::new(..)` and a call for each fact that differs from its
/// defaults (stated once, in `ParamMeta::new`).
fn param(api: &Api, p: &crate::spec::Param) -> TokenStream {
    let (name, ty, doc) = (&p.name, wire_type(&p.ty), &p.doc);
    let mut calls = Vec::new();
    if p.required {
        calls.push(quote!(.required()));
    }
    if !p.aliases.is_empty() {
        let aliases = &p.aliases;
        calls.push(quote!(.aliases(&[#(#aliases),*])));
    }
    if let Some(e) = &p.example {
        calls.push(quote!(.example(#e)));
    }
    if let Some(f) = &p.values_from {
        calls.push(quote!(.values_from(#f)));
    }
    if let Some(n) = p.min {
        calls.push(quote!(.min(#n)));
    }
    if let Some(n) = p.max {
        calls.push(quote!(.max(#n)));
    }
    if let Some(n) = p.max_length {
        calls.push(quote!(.max_length(#n)));
    }
    let codes = param_codes_of(api, p);
    for (method, code_name) in [
        ("missing", &codes.missing),
        ("invalid", &codes.invalid),
        ("too_long", &codes.too_long),
    ] {
        if let Some(c) = code_name {
            let (m, c) = (ident(method), code(c));
            calls.push(quote!(.#m(#c)));
        }
    }
    quote!(ParamMeta::new(#name, #ty, #doc) #(#calls)*)
}

fn opt_str(s: &Option<String>) -> TokenStream {
    match s {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// The metadata table of one category: `mod meta` with `FUNCTIONS` (the category's functions in
/// spec order) and a constant per function naming its entry, for the request types.
pub fn category_table(api: &Api, cat: &Category) -> TokenStream {
    let fns: Vec<_> = api.functions_of(cat).collect();
    let consts = fns.iter().enumerate().map(|(index, f)| {
        let name = ident(&f.meta_const);
        let doc = format!(" The metadata of `{}`.", f.spec.name);
        quote! {
            #[doc = #doc]
            pub(crate) const #name: &FunctionMeta = &FUNCTIONS[#index];
        }
    });
    let rows: Vec<TokenStream> = fns.iter().map(|f| function(api, f)).collect();
    let n = rows.len();
    let table = quote!(#(#rows),*);
    // Import what the rows name, so a category without date ranges has no unused import.
    let text = table.to_string();
    let used = [
        "BoolForm",
        "DateRangeMeta",
        "ParamMeta",
        "ProbeInput",
        "ProbeMeta",
        "ProbeSource",
        "TimezoneShiftMeta",
        "WireType",
    ]
    .into_iter()
    .filter(|name| text.contains(name))
    .map(ident);
    let error_code = text.contains("ErrorCode").then(|| {
        quote!(
            use crate::ErrorCode;
        )
    });
    quote! {
        /// The metadata of this category's functions (see [`crate::meta`]).
        pub(crate) mod meta {
            #error_code
            use crate::meta::{FunctionMeta, Kind, #(#used),*};

            /// This category's functions, in spec order.
            pub(crate) static FUNCTIONS: [FunctionMeta; #n] = [#table];

            #(#consts)*
        }
    }
}

/// One function's entry: `FunctionMeta::new(..)` and a call for each fact that differs from
/// its defaults.
fn function(api: &Api, model: &crate::model::Function) -> TokenStream {
    let f = model.spec;
    let name = &f.name;
    let category = &f.category;
    let feature = &f.feature;
    let summary = &f.summary;
    let kind = match f.kind {
        Kind::Read => quote!(Kind::Read),
        Kind::Write => quote!(Kind::Write),
        Kind::Spend => quote!(Kind::Spend),
    };
    let params = f.params.iter().map(|p| param(api, p));
    let mut secret_paths = Vec::new();
    secrets(
        f.response.as_deref().unwrap_or_default(),
        "",
        &mut secret_paths,
    );
    let mut calls = Vec::new();
    if f.params_undocumented {
        calls.push(quote!(.params_undocumented()));
    }
    if f.source == Source::Documentation {
        calls.push(quote!(.not_in_wsdl()));
    }
    if let Some(d) = &f.date_range {
        let (from, to, max) = (&d.from, &d.to, d.max_days);
        calls.push(quote!(.date_range(DateRangeMeta { from: #from, to: #to, max_days: #max })));
    }
    if let Some(t) = &f.timezone_shift {
        let param = &t.param;
        let omitted = opt_str(&t.omitted);
        calls.push(quote!(.timezone_shift(TimezoneShiftMeta { param: #param, omitted: #omitted })));
    }
    if !secret_paths.is_empty() {
        calls.push(quote!(.secrets(&[#(#secret_paths),*])));
    }
    if let Some(p) = probe(f.probe.as_ref()) {
        calls.push(quote!(.probe(#p)));
    }
    calls.extend(super::function_errors::meta_call(
        &super::function_errors::of(api, model),
        &crate::model::function_errors::param_row_codes(api, &f.params),
    ));
    quote! {
        FunctionMeta::new(#name, #category, #feature, #kind, #summary, &[#(#params),*]) #(#calls)*
    }
}

/// A read's probe plan (see [`crate::spec::probe`]).
fn probe(p: Option<&crate::spec::probe::Probe>) -> Option<TokenStream> {
    use crate::spec::probe::{Probe, ProbeSource};
    match p {
        None => None,
        Some(Probe::Skip(reason)) => Some(quote!(ProbeMeta::Skip(#reason))),
        Some(Probe::Unsourced(missing)) => {
            let reason = format!(
                "the spec does not say yet where its required {} comes from",
                missing.join(", ")
            );
            Some(quote!(ProbeMeta::Skip(#reason)))
        }
        Some(Probe::Run(inputs)) => {
            let inputs = inputs.iter().map(|i| {
                let param = &i.param;
                let source = match &i.source {
                    ProbeSource::Field { function, path } => {
                        quote!(ProbeSource::Field { function: #function, path: #path })
                    }
                    ProbeSource::Value(v) => quote!(ProbeSource::Value(#v)),
                    ProbeSource::WindowStart => quote!(ProbeSource::WindowStart),
                    ProbeSource::WindowEnd => quote!(ProbeSource::WindowEnd),
                };
                quote!(ProbeInput { param: #param, source: #source })
            });
            Some(quote!(ProbeMeta::Run(&[#(#inputs),*])))
        }
    }
}

/// The paths of the response fields marked `secret`, in drift's notation
/// (`accounts[].password`: `[]` a list element, `{}` a map value).
fn secrets(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        let path = format!("{prefix}{}", f.name);
        if f.secret {
            out.push(path.clone());
        }
        let mut shape = &f.shape;
        let mut path = path;
        loop {
            match shape {
                Shape::List(inner) => {
                    path.push_str("[]");
                    shape = inner;
                }
                Shape::Map(inner) => {
                    path.push_str("{}");
                    shape = inner;
                }
                Shape::Object(inner) => {
                    secrets(inner, &format!("{path}."), out);
                    break;
                }
                Shape::Scalar { .. } => break,
            }
        }
    }
}
