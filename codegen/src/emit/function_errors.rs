//! The likely status codes of each function (see [`crate::model::function_errors`]): a doc
//! section on the request type, and the function's own codes in its metadata row
//! (`FunctionMeta::errors`; the codes any call can answer are `ErrorCode::COMMON`, once).

use proc_macro2::TokenStream;
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
        "Likely answers besides `success` (also `Self::meta().likely_errors()`), derived from the \
         spec: the codes of its parameters, codes whose text names what it works on, and those \
         any call can answer. VoIP.ms may answer others."
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

/// The metadata row's `.errors(..)` call: the function's likely codes that neither its
/// parameters' rows (`in_params`, variant names) nor `ErrorCode::COMMON` already name; `None`
/// when there are none.
pub fn meta_call(errors: &[FunctionError], in_params: &[String]) -> Option<TokenStream> {
    let own: Vec<_> = errors
        .iter()
        .filter(|e| e.why != Why::Common && !in_params.contains(&e.variant))
        .map(|e| {
            let v = ident(&e.variant);
            quote!(ErrorCode::#v)
        })
        .collect();
    (!own.is_empty()).then(|| quote!(.errors(&[#(#own),*])))
}
