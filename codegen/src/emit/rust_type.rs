//! Spec types as Rust types, and the code that encodes and decodes them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::names;
use crate::spec::{BoolForm, Type};

/// An identifier token for a name that is already valid Rust (keywords were renamed, `type` ->
/// `type_`, by [`names::field_ident`]).
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The field/parameter identifier for a wire name.
pub fn field(wire: &str) -> Ident {
    ident(&names::field_ident(wire))
}

/// The Rust type of a scalar (non-list) spec type.
pub fn scalar(ty: &Type) -> TokenStream {
    match ty {
        Type::String | Type::Phone | Type::Id => quote!(String),
        Type::Integer => quote!(i64),
        Type::Decimal => quote!(crate::Decimal),
        Type::Date => quote!(crate::Date),
        Type::DateTime => quote!(crate::DateTime),
        Type::Routing => quote!(crate::Routing),
        Type::Bool(_) => quote!(bool),
        Type::Enum(name) => {
            let n = ident(name);
            quote!(crate::value_sets::#n)
        }
        Type::List { item, .. } => {
            let inner = scalar(item);
            quote!(Vec<#inner>)
        }
    }
}

/// Whether constructor arguments and setters of this type take `impl Into<String>`.
pub fn is_text(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Phone | Type::Id)
}

/// The argument type of a constructor or setter, and the expression converting it.
pub fn arg(ty: &Type, name: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        t if is_text(t) => (quote!(impl Into<String>), quote!(#name.into())),
        Type::Decimal => (quote!(impl Into<crate::Decimal>), quote!(#name.into())),
        Type::List { item, .. } if is_text(item) => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#name.into_iter().map(Into::into).collect()),
        ),
        other => (scalar(other), quote!(#name)),
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
pub fn encode(ty: &Type, wires: &[&str], field: &Ident, required: bool) -> TokenStream {
    if required {
        let (r, v) = (quote!(&self.#field), quote!(self.#field));
        let puts = wires.iter().map(|w| put(ty, w, &r, &v));
        quote! { #(#puts)* }
    } else {
        let (r, v) = (quote!(v), quote!(*v));
        let puts = wires.iter().map(|w| put(ty, w, &r, &v));
        quote! { if let Some(v) = &self.#field { #(#puts)* } }
    }
}

/// The Rust type of a response scalar field (`Option<T>`, or `Vec<T>` for list types).
pub fn response_scalar(ty: &Type) -> TokenStream {
    match ty {
        Type::List { .. } => scalar(ty),
        other => {
            let t = scalar(other);
            quote!(Option<#t>)
        }
    }
}

/// The expression decoding a response scalar field from `map`.
pub fn decode_scalar(ty: &Type) -> TokenStream {
    match ty {
        Type::List { item, sep } => {
            let t = scalar(item);
            quote!(map.next_value_seed(crate::wire::SeparatedList::<#t>::new(#sep))?)
        }
        other => {
            let t = scalar(other);
            quote!(map.next_value::<crate::wire::Scalar<#t>>()?.0)
        }
    }
}
