//! The static metadata table of every function.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;
use crate::model::function_errors::param_codes as param_codes_of;
use crate::model::{Api, scalar};
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

fn opt_code(variant: &Option<String>) -> TokenStream {
    match variant {
        Some(v) => {
            let c = code(v);
            quote!(Some(#c))
        }
        None => quote!(None),
    }
}

/// The status codes the mock answers for a parameter.
fn param_codes(api: &Api, p: &crate::spec::Param) -> TokenStream {
    let codes = param_codes_of(api, p);
    let missing = opt_code(&codes.missing);
    let invalid = opt_code(&codes.invalid);
    let too_long = opt_code(&codes.too_long);
    quote!(ParamCodes { missing: #missing, invalid: #invalid, too_long: #too_long })
}

fn opt_str(s: &Option<String>) -> TokenStream {
    match s {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn opt_num<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// The `meta` module.
pub fn module(api: &Api) -> TokenStream {
    let spec = api.spec;
    let consts = api.functions.iter().map(|f| {
        let name = ident(&f.meta_const);
        let index = f.index;
        let feature = &f.spec.feature;
        let doc = format!(" The metadata of `{}`.", f.spec.name);
        quote! {
            #[cfg(feature = #feature)]
            #[doc = #doc]
            pub(crate) const #name: &FunctionMeta = &FUNCTIONS[#index];
        }
    });
    let fns = spec.functions.iter().map(|f| {
        let name = &f.name;
        let category = &f.category;
        let feature = &f.feature;
        let summary = &f.summary;
        let kind = match f.kind {
            Kind::Read => quote!(Kind::Read),
            Kind::Write => quote!(Kind::Write),
            Kind::Spend => quote!(Kind::Spend),
        };
        let params = f.params.iter().map(|p| {
            let pname = &p.name;
            let aliases = &p.aliases;
            let ty = wire_type(&p.ty);
            let required = p.required;
            let doc = &p.doc;
            let example = opt_str(&p.example);
            let values_from = opt_str(&p.values_from);
            let min = opt_num(p.min);
            let max = opt_num(p.max);
            let max_length = opt_num(p.max_length);
            let codes = param_codes(api, p);
            quote! {
                ParamMeta {
                    name: #pname,
                    aliases: &[#(#aliases),*],
                    ty: #ty,
                    required: #required,
                    doc: #doc,
                    example: #example,
                    values_from: #values_from,
                    min: #min,
                    max: #max,
                    max_length: #max_length,
                    codes: #codes,
                }
            }
        });
        let mut secret_paths = Vec::new();
        secrets(
            f.response.as_deref().unwrap_or_default(),
            "",
            &mut secret_paths,
        );
        let undocumented = f.params_undocumented;
        let in_wsdl = f.source != Source::Documentation;
        let timezone_shift = match &f.timezone_shift {
            Some(t) => {
                let param = &t.param;
                let omitted = opt_str(&t.omitted);
                quote!(Some(TimezoneShiftMeta { param: #param, omitted: #omitted }))
            }
            None => quote!(None),
        };
        let probe = probe(f.probe.as_ref());
        let date_range = match &f.date_range {
            Some(d) => {
                let (from, to, max) = (&d.from, &d.to, d.max_days);
                quote!(Some(DateRangeMeta { from: #from, to: #to, max_days: #max }))
            }
            None => quote!(None),
        };
        quote! {
            FunctionMeta {
                name: #name,
                category: #category,
                feature: #feature,
                kind: #kind,
                summary: #summary,
                params: &[#(#params),*],
                params_undocumented: #undocumented,
                in_wsdl: #in_wsdl,
                date_range: #date_range,
                timezone_shift: #timezone_shift,
                secrets: &[#(#secret_paths),*],
                probe: #probe,
            }
        }
    });
    let n = spec.functions.len();
    let value_sets = api.value_sets.iter().map(|v| {
        let (name, id) = (&v.spec.name, ident(&v.name));
        quote!((#name, crate::value_sets::#id::VALUES))
    });
    quote! {
        //! The function metadata table.
        use crate::ErrorCode;
        use crate::meta::{
            BoolForm, DateRangeMeta, FunctionMeta, Kind, ParamCodes, ParamMeta, ProbeInput,
            ProbeMeta, ProbeSource, TimezoneShiftMeta, WireType,
        };

        /// Every value set of the spec, in spec order: its name and accepted wire values.
        pub static VALUE_SETS: &[(&str, &[&str])] = &[#(#value_sets),*];

        /// Every function of the spec, in spec order.
        pub static FUNCTIONS: [FunctionMeta; #n] = [#(#fns),*];

        #(#consts)*
    }
}

/// A read's probe plan (see [`crate::spec::probe`]).
fn probe(p: Option<&crate::spec::probe::Probe>) -> TokenStream {
    use crate::spec::probe::{Probe, ProbeSource};
    match p {
        None => quote!(None),
        Some(Probe::Skip(reason)) => quote!(Some(ProbeMeta::Skip(#reason))),
        Some(Probe::Unsourced(missing)) => {
            let reason = format!(
                "the spec does not say yet where its required {} comes from",
                missing.join(", ")
            );
            quote!(Some(ProbeMeta::Skip(#reason)))
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
            quote!(Some(ProbeMeta::Run(&[#(#inputs),*])))
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
