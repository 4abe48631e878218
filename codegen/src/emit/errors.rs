//! `ErrorCode`: every documented status code, plus `Unknown` for new ones.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust_type::ident;
use crate::model::Api;

/// The `errors` module.
pub fn module(api: &Api) -> TokenStream {
    let spec = api.spec;
    let vars: Vec<_> = api.error_codes.iter().map(|e| ident(&e.name)).collect();
    let variants = spec.errors.iter().zip(&vars).map(|(e, v)| {
        let d = format!(" `{}`: {}", e.code, docs::escape_line(&e.description));
        let note = e.note.iter().map(|n| {
            let n = format!(" {}", docs::escape_line(n));
            quote! { #[doc = ""] #[doc = #n] }
        });
        quote! { #[doc = #d] #(#note)* #v, }
    });
    // Two tables instead of three 484-arm matches: wire spellings sorted for `from_code`'s
    // binary search, descriptions in `ALL` order.
    let mut by_code: Vec<_> = spec.errors.iter().zip(&vars).collect();
    by_code.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    let codes = by_code.iter().map(|(e, v)| {
        let c = &e.code;
        quote! { (#c, ErrorCode::#v), }
    });
    let descriptions = spec.errors.iter().map(|e| &e.description);
    let empties = spec
        .errors
        .iter()
        .zip(&vars)
        .filter(|(e, _)| e.empty_list)
        .map(|(_, v)| v);
    let retry = spec
        .errors
        .iter()
        .zip(&vars)
        .filter(|(e, _)| e.retryable)
        .map(|(_, v)| v);
    let all = vars.iter();
    let count = spec.errors.len();
    let common: Vec<_> = crate::model::function_errors::COMMON
        .iter()
        .filter_map(|c| {
            let i = spec.errors.iter().position(|e| e.code == *c)?;
            Some(&vars[i])
        })
        .collect();
    let common_count = common.len();
    quote! {
        //! Status codes of the API.

        /// A status code VoIP.ms answers instead of `success`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #(#variants)*
            /// A code the spec does not list.
            Unknown(crate::UnknownValue),
        }

        impl ErrorCode {
            /// Every documented code (`Unknown` excluded).
            pub const ALL: [ErrorCode; #count] = [#(ErrorCode::#all),*];

            /// The codes any call can answer, whatever the function (credentials, IP, API
            /// access, limits, method): the last part of every function's
            /// [`likely_errors`](crate::meta::FunctionMeta::likely_errors).
            pub const COMMON: [ErrorCode; #common_count] = [#(ErrorCode::#common),*];

            /// The code for a wire status (`Unknown` for one the spec does not list).
            pub fn from_code(code: &str) -> Self {
                match CODES.binary_search_by(|(c, _)| (*c).cmp(code)) {
                    Ok(i) => CODES[i].1.clone(),
                    Err(_) => Self::Unknown(crate::UnknownValue::new(code)),
                }
            }

            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(s) => s.as_str(),
                    known => CODES.iter().find(|(_, c)| c == known).map_or("", |(s, _)| s),
                }
            }

            /// The documentation's description.
            pub fn description(&self) -> &'static str {
                Self::ALL
                    .iter()
                    .position(|c| c == self)
                    .map_or("undocumented status code", |i| DESCRIPTIONS[i])
            }

            /// The code means "nothing to list": typed calls return an empty result instead.
            pub fn is_empty_list(&self) -> bool {
                matches!(self, #(Self::#empties)|*)
            }

            /// The condition is transient, so the same call may succeed later.
            pub fn is_retryable(&self) -> bool {
                matches!(self, #(Self::#retry)|*)
            }
        }

        /// Each documented code's wire spelling, sorted by it.
        static CODES: [(&str, ErrorCode); #count] = [#(#codes)*];

        /// Each documented code's description, in the order of [`ErrorCode::ALL`].
        static DESCRIPTIONS: [&str; #count] = [#(#descriptions),*];

        impl std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
