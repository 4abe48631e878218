//! `callback_events.rs` (feature `callbacks`): one event type per inbound callback of
//! `callbacks.yaml`, each parsed from the raw query string or body by the hand-written runtime
//! in `voipms_api::callbacks`, and the `Inbound` enum a receiver dispatches on.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust_type::{ident, tokens};
use crate::model::RustType;
use crate::spec::{BodyForm, Callback, CallbackField, Spec};

/// The generated file, relative to the generated directory.
pub const FILE: &str = "callback_events.rs";

/// The module declaration for the generated `mod.rs`, or nothing when the spec has no callbacks.
pub fn declaration(spec: &Spec) -> TokenStream {
    if spec.callbacks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[cfg(feature = "callbacks")]
        pub(crate) mod callback_events;
    }
}

/// The module, or `None` when the spec has no callbacks.
pub fn module(spec: &Spec) -> Option<TokenStream> {
    if spec.callbacks.is_empty() {
        return None;
    }
    let events = spec.callbacks.iter().map(event);
    let inbound = inbound(&spec.callbacks);
    Some(quote! {
        //! Inbound callback events, generated from `spec/callbacks.yaml`.
        #[allow(unused_imports)]
        use crate::callbacks::event_json;
        use crate::callbacks::json_body::JsonBody;
        use crate::callbacks::query::Query;
        use crate::callbacks::reply::{CallbackError, Reply};
        #(#events)*
        #inbound
    })
}

/// The Rust type of a field: `T`, `Option<T>` or `Vec<T>`.
fn field_type(f: &CallbackField) -> TokenStream {
    let t = tokens(&RustType::of(&f.ty), true);
    if f.is_many() {
        quote!(Vec<#t>)
    } else if f.required {
        t
    } else {
        quote!(Option<#t>)
    }
}

fn field_doc(f: &CallbackField) -> TokenStream {
    let mut lines = docs::escape(&f.doc);
    let origin = match (&f.placeholder, &f.param, &f.path) {
        (Some(ph), Some(p), _) => format!("`{ph}`, query parameter `{p}`"),
        (_, _, Some(path)) => format!("JSON `{path}`"),
        _ => String::new(),
    };
    lines.push(String::new());
    lines.push(format!("{origin} ({}).", f.source.as_str()));
    docs::attrs(&lines)
}

fn event(c: &Callback) -> TokenStream {
    let name = ident(&c.event);
    let event_name = &c.event;
    let mut doc = docs::escape(&c.summary);
    if let Some(note) = &c.note {
        doc.push(String::new());
        doc.extend(docs::escape(note));
    }
    let configured: Vec<String> = c
        .configured_by
        .iter()
        .map(|cb| {
            let params: Vec<String> = cb.params.iter().map(|p| format!("`{p}`")).collect();
            format!("`{}` ({})", cb.function, params.join(", "))
        })
        .collect();
    if !configured.is_empty() {
        doc.push(String::new());
        doc.push(format!("Configured by {}.", configured.join("; ")));
    }
    let doc = docs::attrs(&doc);
    let method = c.method.as_str();
    let reply = match &c.reply {
        Some(r) => quote!(Some(#r)),
        None => quote!(None),
    };
    let reply_doc = match &c.reply {
        Some(r) => format!(" The body VoIP.ms expects in reply before it stops resending: `{r}`."),
        None => " No reply body is documented: any 2xx status answers it.".to_string(),
    };
    let decls = c.fields.iter().map(|f| {
        let id = ident(&f.name);
        let ty = field_type(f);
        let d = field_doc(f);
        quote! { #d pub #id: #ty, }
    });
    let json_puts = c.fields.iter().map(|f| {
        let id = ident(&f.name);
        let key = &f.name;
        if f.is_many() {
            quote! { event_json::put_many(&mut m, #key, &self.#id); }
        } else if f.required {
            quote! { event_json::put_one(&mut m, #key, &self.#id); }
        } else {
            quote! { event_json::put_opt(&mut m, #key, &self.#id); }
        }
    });
    let (extra_decl, extra_json, parse) = match c.body {
        BodyForm::Query => {
            let reads = c.fields.iter().map(|f| {
                let id = ident(&f.name);
                let p = f.param.as_deref().unwrap_or(&f.name);
                let ph = f.placeholder.as_deref().unwrap_or_default();
                if f.required {
                    quote! { #id: q.required(#p, #ph)?, }
                } else {
                    quote! { #id: q.optional(#p, #ph), }
                }
            });
            let placeholders = c.fields.iter().map(|f| {
                let p = f.param.as_deref().unwrap_or(&f.name);
                let ph = f.placeholder.as_deref().unwrap_or_default();
                quote! { (#p, #ph), }
            });
            (
                quote! {
                    /// Query parameters no field reads, and values that did not parse as their
                    /// field's type, as received (the receiver's secret left out).
                    pub extra: Vec<(String, String)>,
                },
                quote! { event_json::put_pairs(&mut m, "extra", &self.extra); },
                quote! {
                    /// The `(query parameter, placeholder)` pairs a URL callback template holds.
                    pub const PLACEHOLDERS: &'static [(&'static str, &'static str)] =
                        &[#(#placeholders)*];

                    /// Parses the query string of the request (without the `?`). Pairs may be
                    /// separated by `&` or `;`; `+` and `%20` are spaces; a placeholder left
                    /// unsubstituted or empty is absent. Fails only when a required field is
                    /// missing or does not parse.
                    pub fn from_query(query: &str) -> Result<Self, CallbackError> {
                        let mut q = Query::parse(query);
                        Ok(Self {
                            #(#reads)*
                            extra: q.into_rest(),
                        })
                    }
                },
            )
        }
        BodyForm::Json => {
            let reads = c.fields.iter().map(|f| {
                let id = ident(&f.name);
                let path = f.path.as_deref().unwrap_or(&f.name);
                if f.is_many() {
                    quote! { #id: j.many(#path), }
                } else if f.required {
                    quote! { #id: j.required(#path)?, }
                } else {
                    quote! { #id: j.optional(#path), }
                }
            });
            (
                quote! {
                    /// The whole body as received: every field, known or not.
                    pub raw: serde_json::Value,
                },
                quote! { m.insert("raw".to_string(), self.raw.clone()); },
                quote! {
                    /// Parses the JSON body. Unknown fields stay in `raw`; a field of the wrong
                    /// type reads as absent. Fails when the body is not JSON or a required field
                    /// is missing.
                    pub fn from_json(body: &[u8]) -> Result<Self, CallbackError> {
                        let j = JsonBody::parse(body)?;
                        Ok(Self {
                            #(#reads)*
                            raw: j.into_value(),
                        })
                    }
                },
            )
        }
        BodyForm::Raw => (
            quote! {
                /// The body as received (its format is not documented).
                pub body: Vec<u8>,
                /// The query parameters of the request (the receiver's secret left out).
                pub extra: Vec<(String, String)>,
            },
            quote! {
                m.insert("body".to_string(), String::from_utf8_lossy(&self.body).into_owned().into());
                event_json::put_pairs(&mut m, "extra", &self.extra);
            },
            quote! {
                /// Keeps the body and the query parameters as they arrived; never fails.
                pub fn from_raw(query: &str, body: &[u8]) -> Self {
                    Self {
                        body: body.to_vec(),
                        extra: Query::parse(query).into_rest(),
                    }
                }
            },
        ),
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#decls)*
            #extra_decl
        }

        impl #name {
            /// The HTTP method VoIP.ms uses.
            pub const METHOD: &'static str = #method;
            #[doc = #reply_doc]
            pub const REPLY: Option<&'static str> = #reply;

            #parse

            /// What to answer so VoIP.ms does not send the request again.
            pub fn reply(&self) -> Reply {
                Reply::new(Self::REPLY)
            }

            /// The event as a JSON object: `{"event": "<type>", <fields>...}`, absent optional
            /// fields left out, unknown ones included.
            pub fn to_json(&self) -> serde_json::Value {
                let mut m = serde_json::Map::new();
                m.insert("event".to_string(), #event_name.into());
                #(#json_puts)*
                #extra_json
                serde_json::Value::Object(m)
            }
        }
    }
}

/// `Inbound`: every event, and the dispatch from method and body to the right one.
fn inbound(callbacks: &[Callback]) -> TokenStream {
    let variants = callbacks.iter().map(|c| {
        let n = ident(&c.event);
        let d = format!(" A [`{}`].", c.event);
        quote! { #[doc = #d] #n(#n), }
    });
    let arm = |f: &dyn Fn(&TokenStream) -> TokenStream| {
        callbacks
            .iter()
            .map(|c| {
                let n = ident(&c.event);
                f(&quote!(Self::#n(e)))
            })
            .collect::<Vec<_>>()
    };
    let to_json = arm(&|p| quote! { #p => e.to_json(), });
    let reply = arm(&|p| quote! { #p => e.reply(), });
    let find = |body: BodyForm| callbacks.iter().find(|c| c.body == body);
    let get = match find(BodyForm::Query) {
        Some(c) => {
            let n = ident(&c.event);
            quote! { return #n::from_query(query).map(Self::#n); }
        }
        None => quote! { return Err(CallbackError::UnexpectedMethod(method.to_string())); },
    };
    let json = find(BodyForm::Json).map(|c| {
        let n = ident(&c.event);
        quote! {
            if JsonBody::looks_like_json(body) {
                return #n::from_json(body).map(Self::#n);
            }
        }
    });
    let raw = match find(BodyForm::Raw) {
        Some(c) => {
            let n = ident(&c.event);
            quote! { Ok(Self::#n(#n::from_raw(query, body))) }
        }
        None => quote! { Err(CallbackError::UnexpectedMethod(method.to_string())) },
    };
    quote! {
        /// Any inbound request VoIP.ms sends, told apart by method and body.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Inbound {
            #(#variants)*
        }

        impl Inbound {
            /// Parses a request: `GET` is the URL callback (from the query string); a `POST`
            /// whose body is a JSON object is the webhook; any other `POST` is the fax callback
            /// (body kept raw).
            pub fn parse(method: &str, query: &str, body: &[u8]) -> Result<Self, CallbackError> {
                if method.eq_ignore_ascii_case("GET") {
                    #get
                }
                if !method.eq_ignore_ascii_case("POST") {
                    return Err(CallbackError::UnexpectedMethod(method.to_string()));
                }
                #json
                #raw
            }

            /// The event as one JSON object (see each event's `to_json`).
            pub fn to_json(&self) -> serde_json::Value {
                match self {
                    #(#to_json)*
                }
            }

            /// What to answer so VoIP.ms does not send the request again.
            pub fn reply(&self) -> Reply {
                match self {
                    #(#reply)*
                }
            }
        }
    }
}
