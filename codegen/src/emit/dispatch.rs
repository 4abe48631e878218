//! Typed decoding by wire name: for tools that only know a function's name at run time (the
//! command-line tool, the mock's self-checks), decode a body through the function's typed
//! response and give it back as normalized JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;
use crate::names;
use crate::spec::Spec;

/// The `dispatch` module.
pub fn module(spec: &Spec) -> TokenStream {
    let arms = spec.functions.iter().map(|f| {
        let name = &f.name;
        let feature = &f.feature;
        let ty = if f.response.is_some() {
            let m = ident(&f.feature);
            let t = ident(&format!("{}Response", names::camel(&f.name)));
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
