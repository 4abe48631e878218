//! Typed decoding by wire name: for tools that only know a function's name at run time (the
//! command-line tool, the mock's self-checks), each category's function from wire name to the
//! decoder of the function's typed response (the decoding itself is the runtime's
//! `dispatch::typed`).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;
use crate::model::{Api, Category};

/// The category's `decoder` function.
pub fn category_decoder(api: &Api, cat: &Category) -> TokenStream {
    let arms = api.functions_of(cat).map(|f| {
        let name = &f.spec.name;
        let ty = if f.response.is_some() {
            let t = ident(f.response_name());
            quote!(#t)
        } else {
            quote!(crate::RawResponse)
        };
        quote! {
            #name => Some(crate::body::typed::<#ty>),
        }
    });
    quote! {
        /// The decoder of `function`'s typed response; `None` when `function` is not one of
        /// this category's.
        pub(crate) fn decoder(function: &str) -> Option<crate::body::Decoder> {
            match function {
                #(#arms)*
                _ => None,
            }
        }
    }
}
