//! Model types as tokens, and the code that encodes and decodes them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{ArgType, RustType};
use crate::spec::{BoolForm, Type};

/// An identifier token for a name the model decided (keywords are already renamed there).
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// A model type as tokens. `qualify` prefixes nested response structs with their module (for
/// code outside that module).
pub fn tokens(ty: &RustType, qualify: bool) -> TokenStream {
    match ty {
        RustType::String => quote!(String),
        RustType::I64 => quote!(i64),
        RustType::Runtime(name) => {
            let n = ident(name);
            quote!(crate::#n)
        }
        RustType::Bool => quote!(bool),
        RustType::ValueSet(name) => {
            let n = ident(name);
            quote!(crate::value_sets::#n)
        }
        RustType::Count(name) => {
            let n = ident(name);
            quote!(crate::types::Count<crate::value_sets::#n>)
        }
        RustType::Vec(t) => {
            let t = tokens(t, qualify);
            quote!(Vec<#t>)
        }
        RustType::Option(t) => {
            let t = tokens(t, qualify);
            quote!(Option<#t>)
        }
        RustType::Map(t) => {
            let t = tokens(t, qualify);
            quote!(std::collections::BTreeMap<String, #t>)
        }
        RustType::Nested { module, name } => {
            let n = ident(name);
            if qualify {
                let m = ident(module);
                quote!(#m::#n)
            } else {
                quote!(#n)
            }
        }
        RustType::Json => quote!(::serde_json::Value),
    }
}

/// The argument type of a constructor or setter, and the expression converting `name` to the
/// stored value (`None` when the argument is stored as is).
pub fn arg(arg: &ArgType, name: &Ident) -> (TokenStream, Option<TokenStream>) {
    match arg {
        ArgType::IntoString => (quote!(impl Into<String>), Some(quote!(#name.into()))),
        ArgType::IntoDecimal => (
            quote!(impl crate::types::IntoDecimal),
            Some(quote!(crate::types::IntoDecimal::into_decimal(#name))),
        ),
        ArgType::IntoStrings => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Some(quote!(#name.into_iter().map(Into::into).collect())),
        ),
        ArgType::Plain(t) => (tokens(t, true), None),
    }
}

/// A named-argument field of a type that converts: its type parameter's default (the stored
/// type) and its bounds, for `param`; `None` when the field has the stored type itself.
pub fn generic_arg(arg: &ArgType, param: &Ident) -> Option<(TokenStream, TokenStream)> {
    match arg {
        ArgType::IntoString => Some((quote!(String), quote!(#param: Into<String>))),
        ArgType::IntoDecimal => Some((
            quote!(crate::Decimal),
            quote!(#param: crate::types::IntoDecimal),
        )),
        ArgType::IntoStrings => Some((
            quote!(Vec<String>),
            quote!(#param: IntoIterator, #param::Item: Into<String>),
        )),
        ArgType::Plain(_) => None,
    }
}

fn bool_form(form: BoolForm) -> TokenStream {
    match form {
        BoolForm::OneZero => quote!(crate::wire::BoolForm::OneZero),
        BoolForm::YesNo => quote!(crate::wire::BoolForm::YesNo),
        BoolForm::TrueFalse => quote!(crate::wire::BoolForm::TrueFalse),
    }
}

/// The statement writing a value under `wire`: `by_ref` is a reference to it, `by_val` the
/// value itself (used for `bool`, which is `Copy`).
fn put(ty: &Type, wire: &str, by_ref: &TokenStream, by_val: &TokenStream) -> TokenStream {
    match ty {
        Type::Bool(form) => {
            let form = bool_form(*form);
            quote!(form.put_bool(#wire, #by_val, #form);)
        }
        Type::List { sep, .. } => quote!(form.put_list(#wire, #by_ref, #sep);),
        _ => quote!(form.put(#wire, #by_ref);),
    }
}

/// Encoding statements for a parameter stored in `self.<field>`.
pub fn encode<'w>(
    ty: &Type,
    wires: impl Iterator<Item = &'w str>,
    field: &Ident,
    required: bool,
) -> TokenStream {
    if required {
        let (r, v) = (quote!(&self.#field), quote!(self.#field));
        let puts = wires.map(|w| put(ty, w, &r, &v));
        quote! { #(#puts)* }
    } else {
        let (r, v) = (quote!(v), quote!(*v));
        let puts = wires.map(|w| put(ty, w, &r, &v));
        quote! { if let Some(v) = &self.#field { #(#puts)* } }
    }
}
