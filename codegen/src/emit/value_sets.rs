//! One enum per value set, with an `Unknown` fallback so new wire values never fail decoding.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust_type::ident;
use crate::model::Api;

/// The `value_sets` module.
pub fn module(api: &Api) -> TokenStream {
    let enums = api.value_sets.iter().map(|vs| {
        let cfg = cfg(vs);
        let name = ident(&vs.name);
        let doc = docs::attrs(&docs::escape(&vs.spec.doc));
        let variants = vs.variants.iter().map(|v| {
            let var = ident(&v.name);
            let d = match &v.spec.doc {
                Some(doc) => format!(" `{}`: {}", v.spec.wire, docs::escape_line(doc)),
                None => format!(" `{}`", v.spec.wire),
            };
            quote! { #[doc = #d] #var, }
        });
        let to_wire = vs.variants.iter().map(|v| {
            let var = ident(&v.name);
            let w = &v.spec.wire;
            quote! { Self::#var => #w, }
        });
        let from_wire = vs.variants.iter().map(|v| {
            let var = ident(&v.name);
            let w = &v.spec.wire;
            quote! { #w => Self::#var, }
        });
        // What `Display` prints: the documented meaning, else the variant's name (`Sent`, not `0`).
        let meanings = vs.variants.iter().map(|v| {
            let var = ident(&v.name);
            let m = v.spec.doc.clone().unwrap_or_else(|| v.name.clone());
            quote! { Self::#var => #m, }
        });
        let wires = vs.variants.iter().map(|v| &v.spec.wire);
        let expected = format!("a {} value", vs.name);
        quote! {
            #doc
            #cfg
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A value the spec does not list (decoded from a response; never valid in a request).
                Unknown(crate::UnknownValue),
            }

            #cfg
            impl #name {
                /// Every documented wire value.
                pub const VALUES: &'static [&'static str] = &[#(#wires),*];

                /// The wire spelling.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#to_wire)*
                        Self::Unknown(s) => s.as_str(),
                    }
                }

                /// What the value means, as documented (the variant's name when the
                /// documentation gives no meaning; the wire spelling for an unknown value).
                /// This is what `Display` prints; [`as_str`](Self::as_str) is the wire form.
                pub fn meaning(&self) -> &str {
                    match self {
                        #(#meanings)*
                        Self::Unknown(s) => s.as_str(),
                    }
                }

                /// The value for a wire spelling (`Unknown` for one the spec does not list).
                pub fn from_wire(s: &str) -> Self {
                    match s {
                        #(#from_wire)*
                        other => Self::Unknown(crate::UnknownValue::new(other)),
                    }
                }
            }

            #cfg
            impl std::fmt::Display for #name {
                /// The documented meaning ([`meaning`](Self::meaning)), not the wire code.
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.meaning())
                }
            }

            #cfg
            crate::wire::scalar_to_json!(#name);

            #cfg
            impl crate::wire::WireValue for #name {
                const EXPECTED: &'static str = #expected;
                fn write_wire(&self, out: &mut String) {
                    out.push_str(self.as_str());
                }
                fn from_wire(s: &str) -> Option<Self> {
                    Some(Self::from_wire(s.trim()))
                }
                fn is_unknown_value(&self) -> bool {
                    matches!(self, Self::Unknown(_))
                }
            }

            #cfg
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }
        }
    });
    let table = api.value_sets.iter().map(|v| {
        let (name, id, cfg) = (&v.spec.name, ident(&v.name), cfg(v));
        quote!(#cfg (#name, #id::VALUES))
    });
    quote! {
        //! Named value sets of the API: each enum lists the exact documented wire values. A set
        //! is compiled with any category whose functions use it.

        /// Every value set of the enabled categories, in spec order: its name and accepted
        /// wire values.
        pub static VALUE_SETS: &[(&str, &[&str])] = &[#(#table),*];

        #(#enums)*
    }
}

/// `#[cfg(any(feature = ..))]` of the categories that use a value set; nothing when none does.
fn cfg(vs: &crate::model::ValueSet) -> TokenStream {
    match vs.features.as_slice() {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        features => quote!(#[cfg(any(#(feature = #features),*))]),
    }
}
