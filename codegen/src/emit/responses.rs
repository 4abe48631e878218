//! Response structs: each struct of a [`Response`], its `Object` decoder and its `Serialize`
//! impl. Everything the generated crate declares for a response is emitted here.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust_type::{ident, tokens};
use crate::model::{FieldKind, Response, Struct, StructField, StructRole};

/// The response struct (at category level) followed by the module of its nested structs.
pub fn response(r: &Response, request: &str, wire: &str) -> TokenStream {
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
        FieldKind::Object => format!("`{wire}`: an object."),
        FieldKind::ObjectList => {
            format!("`{wire}`: a list (empty when VoIP.ms has nothing to list).")
        }
        FieldKind::ScalarList(item) => format!("`{wire}`: a list of {item}."),
        FieldKind::JsonList => format!("`{wire}`: nested lists, kept as JSON."),
        FieldKind::ObjectMap => format!("`{wire}`: objects by key."),
        FieldKind::ScalarMap(item) => format!("`{wire}`: values of type {item} by key."),
        FieldKind::JsonMap => format!("`{wire}`: nested maps, kept as JSON."),
    }
}

/// The expression decoding the field's value from `map`.
fn decode(f: &StructField, qualify: bool) -> TokenStream {
    let t = tokens(f.ty.inner(), qualify);
    match &f.kind {
        FieldKind::Scalar {
            ty: crate::spec::Type::List { sep, .. },
            ..
        } => quote!(map.next_value_seed(crate::wire::SeparatedList::<#t>::new(#sep))?),
        FieldKind::Scalar { .. } => quote!(map.next_value::<crate::wire::Scalar<#t>>()?.0),
        FieldKind::Object => quote!(map.next_value::<crate::wire::Nested<#t>>()?.0),
        FieldKind::ObjectList => quote!(map.next_value::<crate::wire::Many<#t>>()?.0),
        FieldKind::ScalarList(_) => quote!(map.next_value::<crate::wire::List<#t>>()?.0),
        FieldKind::ObjectMap => quote!(map.next_value::<crate::wire::ObjectMap<#t>>()?.0),
        FieldKind::ScalarMap(_) => quote!(map.next_value::<crate::wire::ScalarMap<#t>>()?.0),
        FieldKind::JsonList | FieldKind::JsonMap => {
            let ty = tokens(&f.ty, qualify);
            quote!(map.next_value::<#ty>()?)
        }
    }
}

/// A struct, its `Object` decoder and its `Serialize` impl. `top` is the function's response
/// (defined at category level, nested types referenced through their module).
fn object_struct(s: &Struct, request: &str, wire: &str, top: bool) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs::attrs(&[struct_doc(s, request, wire)]);
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    let mut ser = Vec::new();
    for f in &s.fields {
        let fid = ident(&f.ident);
        let fwire = f.wire;
        let ty = tokens(&f.ty, top);
        let decode = decode(f, top);
        let fdoc = format!(" {}", field_doc(f));
        decls.push(quote! { #[doc = #fdoc] pub #fid: #ty, });
        arms.push(quote! { #fwire => self.#fid = #decode, });
        ser.push(quote! { st.serialize_field(#fwire, &self.#fid)?; });
    }
    let n_fields = s.fields.len();
    let name_str = &s.name;
    let body = if s.fields.is_empty() {
        quote! {
            let _ = key;
            map.next_value::<serde::de::IgnoredAny>()?;
        }
    } else {
        quote! {
            match key {
                #(#arms)*
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
    };
    let ser_binding = if s.fields.is_empty() {
        quote!(let st)
    } else {
        quote!(let mut st)
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#decls)*
        }

        impl crate::wire::Object for #name {
            fn field<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                #body
                Ok(())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                #ser_binding = serializer.serialize_struct(#name_str, #n_fields)?;
                #(#ser)*
                st.end()
            }
        }
    }
}
