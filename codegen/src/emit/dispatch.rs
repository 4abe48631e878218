//! Typed decoding by wire name: for tools that only know a function's name at run time (the
//! command-line tool, the mock's self-checks), the table from wire name to the decoder of the
//! function's typed response (the decoding itself is the runtime's `dispatch::typed`).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;
use crate::model::Api;

/// The `dispatch` module.
pub fn module(api: &Api) -> TokenStream {
    let arms = api.functions.iter().map(|f| {
        let name = &f.spec.name;
        let feature = &f.spec.feature;
        let ty = if f.response.is_some() {
            let m = ident(&f.module);
            let t = ident(f.response_name());
            quote!(crate::#m::#t)
        } else {
            quote!(crate::RawResponse)
        };
        quote! {
            #[cfg(feature = #feature)]
            #name => Some(crate::dispatch::typed::<#ty>),
        }
    });
    quote! {
        //! Typed decoding by wire name.

        /// The decoder of `function`'s typed response; `None` when the function is unknown
        /// or its category feature is off.
        pub(crate) fn decoder(function: &str) -> Option<crate::dispatch::Decoder> {
            match function {
                #(#arms)*
                _ => None,
            }
        }
    }
}
