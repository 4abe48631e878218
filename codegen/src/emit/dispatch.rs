//! Typed decoding by wire name: for tools that only know a function's name at run time (the
//! command-line tool, the mock's self-checks), decode a body through the function's typed
//! response and give it back as normalized JSON.

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
            #name => Some(typed::<#ty>(body)),
        }
    });
    quote! {
        //! Typed decoding by wire name.

        /// Decodes `body` through the typed response of `function` and serializes the result
        /// back to JSON; `None` when the function is unknown or its category feature is off.
        pub(crate) fn decode_json(
            function: &str,
            body: &[u8],
        ) -> Option<Result<serde_json::Value, serde_json::Error>> {
            let _ = body;
            match function {
                #(#arms)*
                _ => None,
            }
        }

        #[allow(dead_code)]
        fn typed<T: crate::wire::Object + serde::Serialize>(
            body: &[u8],
        ) -> Result<serde_json::Value, serde_json::Error> {
            let envelope = crate::wire::decode_response::<T>(body)?;
            serde_json::to_value(&envelope.body)
        }
    }
}
