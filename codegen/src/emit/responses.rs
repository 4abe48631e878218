//! Response structs: each struct of a [`Response`] and its table of fields, which the runtime
//! decodes into (`RecordMut`: each field as the slot its kind is read through) and reads from
//! (`Record`: its JSON and `Serialize` forms). Everything the generated crate declares for a
//! response is emitted here; a response of `status` alone is an alias of the runtime's
//! `Acknowledgement`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust_type::{ident, tokens};
use crate::model::{FieldKind, Response, RustType, Struct, StructField, StructRole};

/// The response struct (at category level) followed by the module of its nested structs.
pub fn response(r: &Response, request: &str, wire: &str) -> TokenStream {
    if r.is_status_only() {
        let name = ident(&r.top.name);
        let doc = docs::attrs(&[format!(
            "The success response of [`{request}`] (`{wire}`): VoIP.ms documents no field \
             besides `status`, so this is the shared [`Acknowledgement`](crate::Acknowledgement) \
             (fields sent anyway are in its `extra()` and `drift()`)."
        )]);
        return quote! {
            #doc
            pub type #name = crate::Acknowledgement;
        };
    }
    let top = object_struct(&r.top, request, wire, true);
    if r.nested.is_empty() {
        return top;
    }
    let nested = r
        .nested
        .iter()
        .map(|s| object_struct(s, request, wire, false));
    let modname = ident(&r.module);
    let mdoc = format!(" Nested types of the `{wire}` response.");
    quote! {
        #top
        #[doc = #mdoc]
        pub mod #modname {
            #(#nested)*
        }
    }
}

fn struct_doc(s: &Struct, request: &str, wire: &str) -> String {
    match s.role {
        StructRole::Response => format!("The success response of [`{request}`] (`{wire}`)."),
        StructRole::Object(w) => format!("The `{w}` object."),
        StructRole::ListElement(w) => format!("One element of the `{w}` list."),
        StructRole::MapValue(w) => format!("One value of the `{w}` map."),
    }
}

/// The nested struct a field's objects are read into, as `module::Name`.
fn nested_name(f: &StructField) -> String {
    match f.ty.inner() {
        RustType::Nested { module, name } => format!("{module}::{name}"),
        other => format!("{other:?}"),
    }
}

fn field_doc(f: &StructField) -> String {
    let wire = f.wire;
    match &f.kind {
        FieldKind::Scalar { ty, example } => {
            let mut d = format!("`{wire}`: {ty}.");
            if let Some(e) = example {
                d.push_str(&format!(" Example: {}.", docs::escape_line(e)));
            }
            d
        }
        FieldKind::Object => format!("`{wire}`: an object, read into `{}`.", nested_name(f)),
        FieldKind::ObjectList => format!(
            "`{wire}`: a list of objects, each read into `{}` (empty when VoIP.ms has nothing to list).",
            nested_name(f)
        ),
        FieldKind::ScalarList(item) => format!("`{wire}`: a list of {item}."),
        FieldKind::JsonList => format!("`{wire}`: nested lists, kept as JSON."),
        FieldKind::ObjectMap => format!(
            "`{wire}`: objects by key, each read into `{}`.",
            nested_name(f)
        ),
        FieldKind::ScalarMap(item) => format!("`{wire}`: values of type {item} by key."),
        FieldKind::JsonMap => format!("`{wire}`: nested maps, kept as JSON."),
    }
}

/// The slot field `fid` is read through: the runtime reader of its kind
/// (`crate::wire::read`), which keeps a value that does not fit instead of failing.
fn slot(f: &StructField, fid: &proc_macro2::Ident) -> TokenStream {
    let at = quote!(&mut self.#fid);
    match &f.kind {
        FieldKind::Scalar {
            ty: crate::spec::Type::List { sep, .. },
            ..
        } => quote!(Slot::Separated(#at, #sep)),
        FieldKind::Scalar { .. } => quote!(Slot::Scalar(#at)),
        FieldKind::Object => quote!(Slot::Object(#at)),
        FieldKind::ObjectList => quote!(Slot::Records(#at)),
        FieldKind::ScalarList(_) => quote!(Slot::Scalars(#at)),
        FieldKind::ObjectMap => quote!(Slot::RecordMap(#at)),
        FieldKind::ScalarMap(_) => quote!(Slot::ScalarMap(#at)),
        FieldKind::JsonList | FieldKind::JsonMap => quote!(Slot::Json(#at)),
    }
}

/// A struct, its table of fields (`Record`, `RecordMut`) and its `Serialize` impl. `top` is the function's response
/// (defined at category level, nested types referenced through their module; it also keeps the
/// response's drift).
fn object_struct(s: &Struct, request: &str, wire: &str, top: bool) -> TokenStream {
    let name = ident(&s.name);
    let name_str = &s.name;
    let doc = docs::attrs(&[struct_doc(s, request, wire)]);
    let mut decls = Vec::new();
    let mut names = Vec::new();
    let mut values = Vec::new();
    let mut slots = Vec::new();
    for (index, f) in s.fields.iter().enumerate() {
        let fid = ident(&f.ident);
        let ty = tokens(&f.ty, top);
        let fdoc = format!(" {}", field_doc(f));
        decls.push(quote! { #[doc = #fdoc] pub #fid: #ty, });
        names.push(f.wire);
        let at = proc_macro2::Literal::usize_unsuffixed(index);
        values.push(quote! { #at => &self.#fid, });
        let slot = slot(f, &fid);
        slots.push(quote! { #at => #slot, });
    }
    let drift_method = if top {
        quote! {
            /// Where this response differed from the spec, by field path (see [`crate::Drift`]);
            /// empty when it did not. Each is also logged once per client on target
            /// `voipms_api::drift`.
            #[inline]
            pub fn drift(&self) -> &[crate::Drift] {
                self.received.drift()
            }
        }
    } else {
        quote!()
    };
    let (field_body, slot_body) = if s.fields.is_empty() {
        (quote!(let _ = index; None), quote!(let _ = index; None))
    } else {
        (
            quote! {
                Some(match index {
                    #(#values)*
                    _ => return None,
                })
            },
            quote! {
                use crate::wire::Slot;
                Some(match index {
                    #(#slots)*
                    _ => return None,
                })
            },
        )
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#decls)*
            received: crate::wire::Received,
        }

        impl #name {
            /// The fields VoIP.ms sent that this type does not hold (see [`crate::Extra`]).
            #[inline]
            pub fn extra(&self) -> &crate::Extra {
                self.received.extra()
            }

            #drift_method
        }

        impl crate::wire::Record for #name {
            fn layout(&self) -> &'static crate::wire::Layout {
                &crate::wire::Layout {
                    name: #name_str,
                    fields: &[#(#names),*],
                }
            }
            fn field(&self, index: usize) -> Option<&dyn crate::wire::ToJson> {
                #field_body
            }
            fn received(&self) -> &crate::wire::Received {
                &self.received
            }
        }

        impl crate::wire::RecordMut for #name {
            fn slot(&mut self, index: usize) -> Option<crate::wire::Slot<'_>> {
                #slot_body
            }
            fn received_mut(&mut self) -> &mut crate::wire::Received {
                &mut self.received
            }
        }

        /// A flat record of its fields (see [`serialize_record`](crate::wire::serialize_record)).
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                crate::wire::serialize_record(self, serializer)
            }
        }
    }
}
