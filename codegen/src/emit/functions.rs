//! One category module: request types, response types and client methods, and the category's
//! part of the crate's tables (metadata, decoders, sample answers, updates, index), so a new
//! function changes its category's file alone.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rust_type::{arg, encode, generic_arg, ident, tokens};
use super::{docs, responses};
use crate::model::{Api, Category, DateRanged, Function, RequestField, type_param};
use crate::spec::{Kind, Param};

/// The module of one category.
pub fn category_module(api: &Api, cat: &Category) -> TokenStream {
    let doc = format!(
        " {}: typed requests, responses and client methods (cargo feature `{}`).",
        cat.spec.name, cat.spec.feature
    );
    let (mut items, mut methods, mut blocking) = (Vec::new(), Vec::new(), Vec::new());
    for f in api.functions_of(cat) {
        let (i, m, b) = function_items(api, f);
        items.push(i);
        methods.push(m);
        blocking.push(b);
    }
    let meta = super::meta::category_table(api, cat);
    let decoder = super::dispatch::category_decoder(api, cat);
    let examples = super::examples::category_examples(api, cat);
    let updates = super::updates::category_updates(api, cat);
    let index = super::index::category_rows(api, cat);
    let requests = every_request(api, cat);
    quote! {
        #![doc = #doc]
        #![allow(clippy::too_many_arguments, rustdoc::bare_urls)]
        #(#items)*

        impl crate::Client {
            #(#methods)*
        }

        #[cfg(feature = "blocking")]
        impl crate::blocking::Client {
            #(#blocking)*
        }

        #meta

        #decoder

        #examples

        #updates

        #index

        #requests

        /// What this category adds to the crate's tables (see `crate::category`).
        pub(crate) static CATEGORY: crate::category::Category = crate::category::Category {
            functions: &meta::FUNCTIONS,
            decoder,
            updates: &UPDATES,
            #[cfg(feature = "mock")]
            examples: &EXAMPLES,
        };
    }
}

/// The category's part of `for_every_request!`: calls `callback!(args [Request, ...])` with the
/// request type of each of its functions, in spec order.
fn every_request(api: &Api, cat: &Category) -> TokenStream {
    let name = ident(&super::macro_name("requests", cat));
    let m = ident(&cat.module);
    let types = api.functions_of(cat).map(|f| {
        let t = ident(&f.request);
        quote!($crate::#m::#t,)
    });
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #name {
            ($callback:ident!($($args:tt)*)) => {
                $callback!($($args)* [#(#types)*])
            };
        }
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

/// A parameter's documented text.
fn param_text(p: &Param) -> Vec<String> {
    let lines = docs::escape(&p.doc);
    if lines.iter().all(|l| l.is_empty()) {
        return vec![format!("The `{}` parameter (undocumented).", p.name)];
    }
    lines
}

fn param_doc(p: &Param) -> Vec<String> {
    let mut lines = param_text(p);
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

/// A function's items (request, response, their impls), and its async and blocking client
/// methods (gathered in one `impl` block each per category).
fn function_items(api: &Api, model: &Function) -> (TokenStream, TokenStream, TokenStream) {
    let f = model.spec;
    let meta_const = ident(&model.meta_const);
    let type_name = &model.request;
    let req = ident(type_name);
    let method = ident(&model.method);
    let wire = &f.name;
    let mut summary = docs::summary(&f.summary);
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
    summary.extend(super::updates::setter_doc(api, model));
    let errors = super::function_errors::of(api, model);
    summary.extend(super::function_errors::doc(&errors));
    let summary_attrs = docs::attrs(&summary);

    let resp_ty = ident(model.response_name());
    let resp_ty = match &model.response {
        Some(_) => quote!(#resp_ty),
        None => quote!(crate::RawResponse),
    };
    let resp_items = match &model.response {
        Some(r) => responses::response(r, type_name, wire),
        None => quote!(),
    };

    let request = if f.params_undocumented {
        undocumented_request(model, &req, &summary_attrs)
    } else {
        typed_request(model, &req, &summary_attrs)
    };
    let date_ranged = model
        .date_ranged
        .as_ref()
        .map(|d| date_ranged(d, &req))
        .unwrap_or_default();
    let encode_body = if f.params_undocumented {
        quote! {
            for (k, v) in &self.params {
                form.put_raw(k.clone(), v.clone());
            }
        }
    } else {
        let stmts = model
            .fields
            .iter()
            .map(|p| encode(&p.param.ty, p.wires(), &ident(&p.ident), p.param.required));
        quote! { #(#stmts)* }
    };
    let unused_form = if f.params.is_empty() && !f.params_undocumented {
        quote!(let _ = form;)
    } else {
        quote!()
    };
    // The parameters are documented once, on the request's fields.
    let method_doc = docs::attrs(&{
        let mut d = docs::summary(&f.summary);
        d.push(String::new());
        d.push(format!(
            "Sends [`{type_name}`] as `{wire}` (its fields are the parameters, its docs list the likely status codes). {}",
            kind_sentence(f.kind)
        ));
        d
    });
    let blocking_doc = format!(
        " [`Client::{method}`](crate::Client::{method}), waiting for the answer: sends [`{type_name}`] as `{wire}`."
    );
    let items = quote! {
        #request

        impl crate::Request for #req {
            type Response = #resp_ty;
            fn meta() -> &'static crate::meta::FunctionMeta {
                self::meta::#meta_const
            }
            fn encode(&self, form: &mut crate::wire::Form) {
                #unused_form
                #encode_body
            }
        }

        #resp_items

        #date_ranged
    };
    let async_method = quote! {
        #method_doc
        #[inline]
        pub fn #method(&self, request: #req) -> crate::ResponseFuture<'_, #resp_ty> {
            self.call(request)
        }
    };
    let blocking_method = quote! {
        #[doc = #blocking_doc]
        #[inline]
        pub fn #method(&self, request: #req) -> Result<#resp_ty, crate::Error> {
            self.call(request)
        }
    };
    (items, async_method, blocking_method)
}

/// `impl DateRanged`: the range fields, and the records of one response.
fn date_ranged(d: &DateRanged, req: &Ident) -> TokenStream {
    let get = |(name, required): &(String, bool)| {
        let f = ident(name);
        if *required {
            quote!(Some(self.#f))
        } else {
            quote!(self.#f)
        }
    };
    let set = |(name, required): &(String, bool), value: TokenStream| {
        let f = ident(name);
        if *required {
            quote!(r.#f = #value;)
        } else {
            quote!(r.#f = Some(#value);)
        }
    };
    let (get_from, get_to) = (get(&d.from), get(&d.to));
    let (set_from, set_to) = (set(&d.from, quote!(from)), set(&d.to, quote!(to)));
    let records = ident(&d.records);
    let record = tokens(&d.record, true);
    // Only a request holding both dates may go to `Client::records` as it is.
    let given = if d.from.1 && d.to.1 {
        quote!(impl crate::ranges::RangeGiven for #req {})
    } else {
        quote!()
    };
    quote! {
        #given

        impl crate::ranges::DateRanged for #req {
            type Record = #record;
            fn range(&self) -> (Option<crate::Date>, Option<crate::Date>) {
                (#get_from, #get_to)
            }
            fn with_range(&self, from: crate::Date, to: crate::Date) -> Self {
                let mut r = self.clone();
                #set_from
                #set_to
                r
            }
            fn records(response: Self::Response) -> Vec<Self::Record> {
                response.#records
            }
        }
    }
}

fn undocumented_request(f: &Function, req: &Ident, summary: &TokenStream) -> TokenStream {
    let note = format!(
        " No source names the parameters of `{}`: pass them by wire name with [`{}::param`].",
        f.spec.name, req
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
            #[inline]
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
    let mut named = NamedArgs::default();
    let has_required = f.fields.iter().any(|p| p.param.required);
    for p in &f.fields {
        let name = ident(&p.ident);
        let doc = docs::attrs(&param_doc(p.param));
        let ty = tokens(&p.ty(), true);
        fields.push(quote! { #doc pub #name: #ty, });
        let (arg_ty, conv) = arg(&p.arg, &name);
        match &p.setter {
            None => {
                if f.args.is_some() {
                    // The request's field has the whole doc; the argument its text and a link.
                    let req_name = &f.request;
                    let mut short = param_text(p.param);
                    short.push(String::new());
                    short.push(format!("Sets [`{req_name}::{}`].", p.ident));
                    named.push(p, &name, &docs::attrs(&short));
                } else {
                    ctor_args.push(quote! { #name: #arg_ty });
                }
                match conv {
                    Some(conv) => ctor_inits.push(quote! { #name: #conv, }),
                    None => ctor_inits.push(quote! { #name, }),
                }
            }
            Some(setter) => {
                ctor_inits.push(quote! { #name: None, });
                let setter = ident(setter);
                let conv = conv.unwrap_or_else(|| quote!(#name));
                let sdoc = format!(" Sets `{}` (optional).", p.param.name);
                setters.push(quote! {
                    #[doc = #sdoc]
                    #[inline]
                    pub fn #setter(mut self, #name: #arg_ty) -> Self {
                        self.#name = Some(#conv);
                        self
                    }
                });
            }
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
    let (constructor, args_items) = match &f.args {
        Some(args) => named.render(&ident(args), req, &ctor_inits),
        None => (
            quote! {
                #[doc = #new_doc]
                #[inline]
                pub fn new(#(#ctor_args),*) -> Self {
                    Self { #(#ctor_inits)* }
                }
            },
            quote!(),
        ),
    };
    quote! {
        #summary
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #req {
            #(#fields)*
        }

        #args_items

        impl #req {
            #constructor

            #(#setters)*
        }
    }
}

/// The required parameters of a request whose `new` takes them by name
/// ([`crate::model::named_args`]): one public field each, generic where the value converts.
#[derive(Default)]
struct NamedArgs {
    /// `#[doc] pub name: Type,` per field.
    fields: Vec<TokenStream>,
    /// Every field name, for destructuring.
    names: Vec<Ident>,
    /// `Param = Default` per converting field.
    params: Vec<TokenStream>,
    /// The type parameters alone, in order.
    param_names: Vec<Ident>,
    /// Their bounds.
    bounds: Vec<TokenStream>,
}

impl NamedArgs {
    fn push(&mut self, p: &RequestField, name: &Ident, doc: &TokenStream) {
        let ty = match generic_arg(&p.arg, &ident(&type_param(&p.ident))) {
            Some((default, bound)) => {
                let param = ident(&type_param(&p.ident));
                self.params.push(quote!(#param = #default));
                self.param_names.push(param.clone());
                self.bounds.push(bound);
                quote!(#param)
            }
            None => tokens(&p.value, true),
        };
        self.fields.push(quote! { #doc pub #name: #ty, });
        self.names.push(name.clone());
    }

    /// `new` taking the struct (its items: the struct and `From`), given the field initializers.
    fn render(
        &self,
        args: &Ident,
        req: &Ident,
        inits: &[TokenStream],
    ) -> (TokenStream, TokenStream) {
        let NamedArgs {
            fields,
            names,
            params,
            param_names,
            bounds,
        } = self;
        let struct_doc = format!(
            " The required parameters of [`{req}`] by name, for [`{req}::new`]: two of them \
             would take the same type in order, so a swap would compile. Every field must be \
             given (there is no `Default`); text and decimals take any convertible value."
        );
        let new_doc = format!(
            " A request with its required parameters, named in [`{args}`]; optional ones are set \
             with the methods below."
        );
        let generics = if param_names.is_empty() {
            quote!()
        } else {
            quote!(<#(#param_names),*>)
        };
        let where_clause = if bounds.is_empty() {
            quote!()
        } else {
            quote!(where #(#bounds),*)
        };
        let declared = if params.is_empty() {
            quote!()
        } else {
            quote!(<#(#params),*>)
        };
        let ctor = quote! {
            #[doc = #new_doc]
            #[inline]
            pub fn new #generics (args: #args #generics) -> Self #where_clause {
                let #args { #(#names),* } = args;
                Self { #(#inits)* }
            }
        };
        let from_doc = format!(" Same as [`{req}::new`].");
        let items = quote! {
            #[doc = #struct_doc]
            #[derive(Debug, Clone)]
            pub struct #args #declared {
                #(#fields)*
            }

            impl #generics From<#args #generics> for #req #where_clause {
                #[doc = #from_doc]
                fn from(args: #args #generics) -> Self {
                    Self::new(args)
                }
            }
        };
        (ctor, items)
    }
}
