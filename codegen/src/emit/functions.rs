//! One category module: request types, response types and client methods.

use std::collections::HashSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use super::rust_type::{self, arg, decode_scalar, encode, field, ident, response_scalar};
use crate::names;
use crate::spec::{Category, Field, Function, Kind, Param, Shape, Spec, Type};

/// The module of one category.
pub fn category_module(spec: &Spec, cat: &Category, fns: &[&Function]) -> TokenStream {
    let doc = format!(
        " {}: the functions of this documentation category (cargo feature `{}`).",
        cat.name, cat.feature
    );
    let items = fns.iter().map(|f| {
        let index = spec
            .functions
            .iter()
            .position(|g| g.name == f.name)
            .unwrap_or_default();
        function_items(f, index)
    });
    quote! {
        #![doc = #doc]
        #![allow(clippy::too_many_arguments, rustdoc::bare_urls)]
        #(#items)*
    }
}

fn kind_sentence(kind: Kind) -> &'static str {
    match kind {
        Kind::Read => "Kind: read-only; the retry policy may repeat it.",
        Kind::Write => "Kind: changes account state; never retried automatically.",
        Kind::Spend => {
            "Kind: spends money or sends something; never retried automatically (a duplicate would be worse than an error)."
        }
    }
}

fn param_doc(p: &Param) -> Vec<String> {
    let mut lines = docs::escape(&p.doc);
    if lines.iter().all(|l| l.is_empty()) {
        lines = vec![format!("The `{}` parameter (undocumented).", p.name)];
    }
    let mut facts = Vec::new();
    facts.push(format!(
        "Wire name `{}`, type `{}`{}.",
        p.name,
        p.ty,
        if p.required { ", required" } else { "" }
    ));
    if let Some(e) = &p.example {
        facts.push(format!("Example: {}.", docs::escape_line(e)));
    }
    if let Some(v) = &p.values_from {
        facts.push(format!("Values from `{v}`."));
    }
    match (p.min, p.max) {
        (Some(lo), Some(hi)) => facts.push(format!("Between {lo} and {hi}.")),
        (Some(lo), None) => facts.push(format!("At least {lo}.")),
        (None, Some(hi)) => facts.push(format!("At most {hi}.")),
        (None, None) => {}
    }
    if let Some(n) = p.max_length {
        facts.push(format!("At most {n} characters."));
    }
    if !p.aliases.is_empty() {
        let a: Vec<String> = p.aliases.iter().map(|a| format!("`{a}`")).collect();
        facts.push(format!("Also sent as {}.", a.join(", ")));
    }
    if let Some(n) = &p.note {
        facts.push(format!("Note: {}", docs::escape_line(n)));
    }
    lines.push(String::new());
    lines.push(facts.join(" "));
    lines
}

fn function_items(f: &Function, index: usize) -> TokenStream {
    let type_name = names::camel(&f.name);
    let req = ident(&type_name);
    let method = ident(&names::snake(&f.name));
    let wire = &f.name;
    let mut summary = docs::escape(f.summary.trim());
    summary.push(String::new());
    summary.push(format!(
        "Wire function `{wire}` ({}). {}",
        f.category,
        kind_sentence(f.kind)
    ));
    if let Some(n) = &f.note {
        summary.push(String::new());
        summary.push(format!("Note: {}", docs::escape_line(n)));
    }
    let summary_attrs = docs::attrs(&summary);

    let (resp_ty, resp_items) = match &f.response {
        Some(fields) => {
            let resp = format_ident!("{}Response", type_name);
            let modname = ident(&names::snake(&f.name));
            let mut nested = Nested {
                out: Vec::new(),
                used: HashSet::new(),
                module: modname.clone(),
            };
            let doc = vec![format!(
                "The success response of [`{type_name}`] (`{wire}`)."
            )];
            let top = object_struct(&resp, &doc, fields, &mut nested, true);
            let nested_items = nested.out;
            let nested_mod = if nested_items.is_empty() {
                quote!()
            } else {
                let mdoc = format!(" Nested types of the `{wire}` response.");
                quote! {
                    #[doc = #mdoc]
                    pub mod #modname {
                        #(#nested_items)*
                    }
                }
            };
            (quote!(#resp), quote! { #top #nested_mod })
        }
        None => (quote!(crate::RawResponse), quote!()),
    };

    let request = if f.params_undocumented {
        undocumented_request(f, &req, &summary_attrs)
    } else {
        typed_request(f, &req, &summary_attrs)
    };
    let meta_doc = " The function's entry in the metadata table.";
    let encode_body = if f.params_undocumented {
        quote! {
            for (k, v) in &self.params {
                form.put_raw(k.clone(), v.clone());
            }
        }
    } else {
        let stmts = f.params.iter().map(|p| {
            let mut wires: Vec<&str> = vec![p.name.as_str()];
            wires.extend(p.aliases.iter().map(String::as_str));
            encode(&p.ty, &wires, &field(&p.name), p.required)
        });
        quote! { #(#stmts)* }
    };
    let unused_form = if f.params.is_empty() && !f.params_undocumented {
        quote!(let _ = form;)
    } else {
        quote!()
    };
    let method_doc = docs::attrs(&{
        let mut d = docs::escape(f.summary.trim());
        d.push(String::new());
        d.push(format!(
            "Sends [`{type_name}`] as `{wire}`. {}",
            kind_sentence(f.kind)
        ));
        if !f.params.is_empty() {
            d.push(String::new());
            d.push("# Parameters".to_string());
            d.push(String::new());
            for p in &f.params {
                let mut line = format!(
                    "- `{}` ({}{}): {}",
                    names::field_ident(&p.name),
                    p.ty,
                    if p.required { ", required" } else { "" },
                    docs::escape_line(&p.doc)
                );
                if let Some(e) = p.example.as_ref().filter(|e| !p.doc.contains(e.as_str())) {
                    line.push_str(&format!(" Example: {}.", docs::escape_line(e)));
                }
                d.push(line);
            }
        }
        d
    });
    quote! {
        #request

        impl crate::Request for #req {
            type Response = #resp_ty;
            #[doc = #meta_doc]
            fn meta() -> &'static crate::meta::FunctionMeta {
                &crate::meta::FUNCTIONS[#index]
            }
            fn encode(&self, form: &mut crate::wire::Form) {
                #unused_form
                #encode_body
            }
        }

        #resp_items

        impl crate::Client {
            #method_doc
            pub async fn #method(&self, request: #req) -> Result<#resp_ty, crate::Error> {
                self.call(request).await
            }
        }

        #[cfg(feature = "blocking")]
        impl crate::blocking::Client {
            #method_doc
            pub fn #method(&self, request: #req) -> Result<#resp_ty, crate::Error> {
                self.call(request)
            }
        }
    }
}

fn undocumented_request(f: &Function, req: &Ident, summary: &TokenStream) -> TokenStream {
    let note = format!(
        " No source names the parameters of `{}`: pass them by wire name with [`{}::param`].",
        f.name, req
    );
    quote! {
        #summary
        #[doc = ""]
        #[doc = #note]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #req {
            /// Parameters as `(wire name, value)` pairs, sent in order.
            pub params: Vec<(String, String)>,
        }

        impl #req {
            /// A request without parameters.
            pub fn new() -> Self {
                Self::default()
            }

            /// Adds a parameter by wire name.
            pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.params.push((name.into(), value.into()));
                self
            }
        }
    }
}

fn typed_request(f: &Function, req: &Ident, summary: &TokenStream) -> TokenStream {
    let mut fields = Vec::new();
    let mut ctor_args = Vec::new();
    let mut ctor_inits = Vec::new();
    let mut setters = Vec::new();
    let has_required = f.params.iter().any(|p| p.required);
    for p in &f.params {
        let name = field(&p.name);
        let doc = docs::attrs(&param_doc(p));
        let ty = rust_type::scalar(&p.ty);
        if p.required {
            fields.push(quote! { #doc pub #name: #ty, });
            let (arg_ty, conv) = arg(&p.ty, &name);
            ctor_args.push(quote! { #name: #arg_ty });
            if conv.to_string() == name.to_string().as_str() {
                ctor_inits.push(quote! { #name, });
            } else {
                ctor_inits.push(quote! { #name: #conv, });
            }
        } else {
            fields.push(quote! { #doc pub #name: Option<#ty>, });
            ctor_inits.push(quote! { #name: None, });
            let setter = if name == "new" || name == "param" {
                format_ident!("with_{}", name)
            } else {
                name.clone()
            };
            let (arg_ty, conv) = arg(&p.ty, &name);
            let sdoc = format!(" Sets `{}` (optional).", p.name);
            setters.push(quote! {
                #[doc = #sdoc]
                pub fn #setter(mut self, #name: #arg_ty) -> Self {
                    self.#name = Some(#conv);
                    self
                }
            });
        }
    }
    let derive_default = if has_required {
        quote!()
    } else {
        quote!(Default,)
    };
    let new_doc = if has_required {
        " A request with its required parameters; optional ones are set with the methods below."
    } else {
        " A request with no parameters set; optional ones are set with the methods below."
    };
    quote! {
        #summary
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #req {
            #(#fields)*
        }

        impl #req {
            #[doc = #new_doc]
            pub fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_inits)* }
            }

            #(#setters)*
        }
    }
}

/// Collects nested response types of one function, naming them uniquely.
struct Nested {
    out: Vec<TokenStream>,
    used: HashSet<String>,
    module: Ident,
}

const RESERVED: &[&str] = &[
    "Option",
    "Vec",
    "String",
    "Result",
    "Box",
    "Default",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "Object",
    "Serialize",
    "Deserialize",
];

impl Nested {
    fn name(&mut self, parent: &str, field: &str) -> String {
        let base = names::camel(field);
        let mut cand = if RESERVED.contains(&base.as_str()) {
            format!("{base}Item")
        } else {
            base.clone()
        };
        if self.used.contains(&cand) {
            cand = format!("{}{}", parent.trim_end_matches("Response"), base);
        }
        let mut n = 2;
        let stem = cand.clone();
        while self.used.contains(&cand) {
            cand = format!("{stem}{n}");
            n += 1;
        }
        self.used.insert(cand.clone());
        cand
    }
}

/// A struct for an object shape, its `Object` decoder and its `Serialize` impl. `top` is the
/// function's response (defined at category level, nested types referenced through the module).
fn object_struct(
    name: &Ident,
    doc: &[String],
    fields: &[Field],
    nested: &mut Nested,
    top: bool,
) -> TokenStream {
    let doc = docs::attrs(doc);
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    let mut ser = Vec::new();
    let prefix = if top {
        let m = &nested.module;
        quote!(#m::)
    } else {
        quote!()
    };
    for f in fields {
        let fid = field(&f.name);
        let wire = &f.name;
        let (ty, decode, fdoc) = match &f.shape {
            Shape::Scalar { ty, example } => {
                let mut d = format!("`{wire}`: {ty}.");
                if let Some(e) = example {
                    d.push_str(&format!(" Example: {}.", docs::escape_line(e)));
                }
                (response_scalar(ty), decode_scalar(ty), d)
            }
            Shape::Object(inner) => {
                let n = nested.name(&name.to_string(), wire);
                let nid = ident(&n);
                let d = vec![format!("The `{wire}` object.")];
                let s = object_struct(&nid, &d, inner, nested, false);
                nested.out.push(s);
                (
                    quote!(Option<#prefix #nid>),
                    quote!(map.next_value::<crate::wire::Nested<#prefix #nid>>()?.0),
                    format!("`{wire}`: an object."),
                )
            }
            Shape::List(inner) => match inner.as_ref() {
                Shape::Object(inner_fields) => {
                    let n = nested.name(&name.to_string(), wire);
                    let nid = ident(&n);
                    let d = vec![format!("One element of the `{wire}` list.")];
                    let s = object_struct(&nid, &d, inner_fields, nested, false);
                    nested.out.push(s);
                    (
                        quote!(Vec<#prefix #nid>),
                        quote!(map.next_value::<crate::wire::Many<#prefix #nid>>()?.0),
                        format!("`{wire}`: a list (empty when VoIP.ms has nothing to list)."),
                    )
                }
                Shape::Scalar { ty, .. } => {
                    let item = match ty {
                        Type::List { item, .. } => item.as_ref(),
                        t => t,
                    };
                    let t = rust_type::scalar(item);
                    (
                        quote!(Vec<#t>),
                        quote!(map.next_value::<crate::wire::List<#t>>()?.0),
                        format!("`{wire}`: a list of {item}."),
                    )
                }
                Shape::List(_) | Shape::Map(_) => (
                    quote!(Vec<::serde_json::Value>),
                    quote!(map.next_value::<Vec<::serde_json::Value>>()?),
                    format!("`{wire}`: nested lists, kept as JSON."),
                ),
            },
            Shape::Map(inner) => match inner.as_ref() {
                Shape::Object(inner_fields) => {
                    let n = nested.name(&name.to_string(), wire);
                    let nid = ident(&n);
                    let d = vec![format!("One value of the `{wire}` map.")];
                    let s = object_struct(&nid, &d, inner_fields, nested, false);
                    nested.out.push(s);
                    (
                        quote!(std::collections::BTreeMap<String, #prefix #nid>),
                        quote!(map.next_value::<crate::wire::ObjectMap<#prefix #nid>>()?.0),
                        format!("`{wire}`: objects by key."),
                    )
                }
                Shape::Scalar { ty, .. } => {
                    let item = match ty {
                        Type::List { item, .. } => item.as_ref(),
                        t => t,
                    };
                    let t = rust_type::scalar(item);
                    (
                        quote!(std::collections::BTreeMap<String, #t>),
                        quote!(map.next_value::<crate::wire::ScalarMap<#t>>()?.0),
                        format!("`{wire}`: values of type {item} by key."),
                    )
                }
                Shape::List(_) | Shape::Map(_) => (
                    quote!(std::collections::BTreeMap<String, ::serde_json::Value>),
                    quote!(
                        map.next_value::<std::collections::BTreeMap<String, ::serde_json::Value>>(
                        )?
                    ),
                    format!("`{wire}`: nested maps, kept as JSON."),
                ),
            },
        };
        let fdoc = format!(" {fdoc}");
        decls.push(quote! { #[doc = #fdoc] pub #fid: #ty, });
        arms.push(quote! { #wire => self.#fid = #decode, });
        ser.push(quote! { st.serialize_field(#wire, &self.#fid)?; });
    }
    let n_fields = fields.len();
    let name_str = name.to_string();
    let body = if fields.is_empty() {
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
    let ser_binding = if fields.is_empty() {
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
