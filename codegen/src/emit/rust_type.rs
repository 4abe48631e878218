//! Spec types as Rust types, and the code that encodes and decodes them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::names;
use crate::spec::{BoolForm, Type};

/// An identifier token (raw if it is a keyword that cannot be escaped by renaming).
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
        Type::String | Type::Phone | Type::Id => quote!(::std::string::String),
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
            quote!(::std::vec::Vec<#inner>)
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
        t if is_text(t) => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(#name.into()),
        ),
        Type::Decimal => (
            quote!(impl ::std::convert::Into<crate::Decimal>),
            quote!(#name.into()),
        ),
        Type::List { item, .. } if is_text(item) => (
            quote!(
                impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>>
            ),
            quote!(#name.into_iter().map(::std::convert::Into::into).collect()),
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

/// Statements writing `value` (an expression of the field's type, by reference for non-Copy)
/// under `wire`.
fn put(ty: &Type, wire: &str, value: TokenStream) -> TokenStream {
    match ty {
        Type::Bool(form) => {
            let form = bool_form(*form);
            quote!(form.put_bool(#wire, *#value, #form);)
        }
        Type::List { sep, .. } => quote!(form.put_list(#wire, #value, #sep);),
        _ => quote!(form.put(#wire, #value);),
    }
}

/// Encoding statements for a parameter stored in `self.<field>`.
pub fn encode(ty: &Type, wires: &[&str], field: &Ident, required: bool) -> TokenStream {
    let puts: Vec<TokenStream> = wires.iter().map(|w| put(ty, w, quote!(v))).collect();
    if required {
        quote! { { let v = &self.#field; #(#puts)* } }
    } else {
        quote! { if let ::std::option::Option::Some(v) = &self.#field { #(#puts)* } }
    }
}

/// The Rust type of a response scalar field (`Option<T>`, or `Vec<T>` for list types).
pub fn response_scalar(ty: &Type) -> TokenStream {
    match ty {
        Type::List { .. } => scalar(ty),
        other => {
            let t = scalar(other);
            quote!(::std::option::Option<#t>)
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
