//! The likely status codes of each function (see [`crate::model::function_errors`]): a doc
//! section on the request type and its `ERRORS` constant.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rust_type::ident;
use crate::model::function_errors::{FunctionError, Why, function_errors};
use crate::model::{Api, Function};

/// The likely codes of `f`.
pub fn of(api: &Api, f: &Function) -> Vec<FunctionError> {
    function_errors(api, f)
}

/// Doc lines listing the codes, grouped by how they were derived.
pub fn doc(errors: &[FunctionError]) -> Vec<String> {
    let mut out = vec![
        String::new(),
        "# Status codes".to_string(),
        String::new(),
        "Likely answers besides `success` (also in `ERRORS`), derived from the spec: the codes \
         of its parameters, codes whose text names what it works on, and those any call can \
         answer. VoIP.ms may answer others."
            .to_string(),
        String::new(),
    ];
    for why in [Why::Param, Why::Text, Why::Common] {
        let codes: Vec<String> = errors
            .iter()
            .filter(|e| e.why == why)
            .map(|e| format!("`{}`", e.code))
            .collect();
        if !codes.is_empty() {
            out.push(format!("- {}: {}", why.describe(), codes.join(", ")));
        }
    }
    out
}

/// `impl Request { pub const ERRORS }`.
pub fn constant(errors: &[FunctionError], req: &Ident) -> TokenStream {
    let variants = errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote!(crate::ErrorCode::#v)
    });
    quote! {
        impl #req {
            /// The status codes this function is likely to answer (see the type's docs: derived
            /// from the spec, not exhaustive).
            pub const ERRORS: &'static [crate::ErrorCode] = &[#(#variants),*];
        }
    }
}
