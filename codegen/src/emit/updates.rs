//! Safe updates of setters with `update_from` (see `voipms_api::update`), in the setter's
//! category module: the record-to-request conversion, `impl Updatable`, the `update_<x>` client
//! helpers, the category's `UPDATES` rows and its part of `for_every_update!`; and the setter
//! docs that point to them.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::{arg, ident, tokens};
use crate::model::update::{Update, helper_name, updates};
use crate::model::{Api, Category, Function, RustType, setter_name};
use crate::spec::Kind;

/// The features an update needs besides its setter's category (whose module it is emitted in):
/// the read's category, and `extra`.
fn cfg(u: &Update, extra: Option<&str>) -> TokenStream {
    let mut feats = Vec::new();
    if u.read.module != u.setter.module {
        feats.push(u.read.module.as_str());
    }
    feats.extend(extra);
    match feats.as_slice() {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        _ => quote!(#[cfg(all(#(feature = #feats),*))]),
    }
}

fn record_path(u: &Update) -> TokenStream {
    let m = ident(&u.read.module);
    match &u.record {
        RustType::Nested { module, name } => {
            let (module, name) = (ident(module), ident(name));
            quote!(crate::#m::#module::#name)
        }
        other => tokens(other, true),
    }
}

fn one(u: &Update, index: usize) -> TokenStream {
    let cfg_both = cfg(u, None);
    let cfg_blocking = cfg(u, Some("blocking"));
    let setter_mod = ident(&u.setter.module);
    let read_mod = ident(&u.read.module);
    let req = ident(&u.setter.request);
    let setter = quote!(crate::#setter_mod::#req);
    let read_req = ident(&u.read.request);
    let read = quote!(crate::#read_mod::#read_req);
    let read_resp = ident(u.read.response_name());
    let resp = ident(u.setter.response_name());
    let resp = match &u.setter.response {
        Some(_) => quote!(crate::#setter_mod::#resp),
        None => quote!(crate::RawResponse),
    };
    let record = record_path(u);
    let list = ident(&u.list);
    let wire = &u.setter.spec.name;
    let fills = u.params.iter().map(|p| {
        let f = ident(&p.ident);
        let param = &p.wire;
        // The record field and the list separator are read from the update table's row.
        let value = match (&p.field, &p.list_sep, p.required) {
            (None, _, _) => quote!(None),
            (Some(_), Some(_), true) => quote!(r.required_list(#param)?),
            (Some(_), Some(_), false) => quote!(r.list(#param)),
            (Some(_), None, true) => quote!(r.required(#param)?),
            (Some(_), None, false) => quote!(r.optional(#param)),
        };
        quote!(#f: #value,)
    });
    let read_request = match &u.filter {
        Some(s) => {
            let s = ident(s);
            quote!(#read::new().#s(key))
        }
        None => quote!({
            let _ = key;
            #read::new()
        }),
    };
    let helper = ident(&u.helper);
    let key_arg = ident(
        &u.spec
            .key
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
    );
    let carried: Vec<String> = u
        .params
        .iter()
        .filter_map(|p| match &p.field {
            Some(f) if *f != p.wire && p.documented => Some(format!("`{}` from `{f}`", p.wire)),
            _ => None,
        })
        .collect();
    let unfilled: Vec<String> = u
        .params
        .iter()
        .filter(|p| !p.documented)
        .map(|p| format!("`{}`", p.wire))
        .collect();
    let mut conv_doc = vec![format!(
        " The request that writes back a record of `{}` unchanged: every parameter filled from \
             its field of the record, including fields VoIP.ms sent that the spec lacks (kept in \
             `extra()`); absent and empty fields are not sent.",
        u.read.spec.name
    )];
    if !carried.is_empty() {
        conv_doc.push(String::new());
        conv_doc.push(format!(
            " Read from fields of other names: {}.",
            carried.join(", ")
        ));
    }
    if !unfilled.is_empty() {
        conv_doc.push(String::new());
        conv_doc.push(format!(
            " The spec's record does not carry {}: sent only when VoIP.ms answered a field of \
             that name anyway (kept in `extra()`; not for a name the record uses otherwise) or \
             the caller sets it.",
            unfilled.join(", ")
        ));
    }
    conv_doc.push(String::new());
    conv_doc.push(" # Errors".to_string());
    conv_doc.push(
        " [`UpdateError::Missing`](crate::update::UpdateError::Missing) naming a required parameter the record lacks."
            .to_string(),
    );
    let helper_doc = format!(
        " Updates the `{}` record whose `{}` is `{}`: reads it with `{}`, applies `change` to the \
         complete request ([`{}::from_record`](crate::{}::{}::from_record)) and sends it as \
         `{wire}`, so the settings not \
         changed are sent again as they were instead of being reset.\n\n # Errors\n The read's \
         or the setter's error; [`crate::Error::Update`] (nothing sent) when no record has the \
         key or a required parameter is absent from it.",
        u.read.spec.name,
        u.spec.key_field,
        key_arg,
        u.read.spec.name,
        u.setter.request,
        u.setter.module,
        u.setter.request
    );
    let setter_path = quote!(crate::#setter_mod::#req);
    // An update changes any parameter, the required ones too (which the constructor sets).
    let required_setters = u
        .setter
        .fields
        .iter()
        .filter(|f| f.param.required)
        .map(|f| {
            let field = ident(&f.ident);
            let method = ident(&setter_name(&f.ident));
            let (ty, conv) = arg(&f.arg, &field);
            let value = conv.unwrap_or_else(|| quote!(#field));
            let doc = format!(" Sets `{}` (required; for updates).", f.param.name);
            quote! {
                #[doc = #doc]
                #[inline]
                pub fn #method(mut self, #field: #ty) -> Self {
                    self.#field = #value;
                    self
                }
            }
        });
    quote! {
        #cfg_both
        impl #setter {
            #(#[doc = #conv_doc])*
            pub fn from_record(record: &#record) -> Result<Self, crate::update::UpdateError> {
                let r = crate::update::RecordFields::of(&UPDATES[#index], record);
                Ok(Self { #(#fills)* })
            }

            #(#required_setters)*
        }

        #cfg_both
        impl crate::update::Updatable for #setter {
            type Read = #read;
            type Record = #record;
            fn update_meta() -> &'static crate::update::UpdateMeta {
                &UPDATES[#index]
            }
            fn read_request(key: &str) -> Self::Read {
                #read_request
            }
            fn records(response: crate::#read_mod::#read_resp) -> Vec<Self::Record> {
                response.#list
            }
            fn from_record(record: &Self::Record) -> Result<Self, crate::update::UpdateError> {
                Self::from_record(record)
            }
        }

        #cfg_both
        impl crate::Client {
            #[doc = #helper_doc]
            pub async fn #helper(
                &self,
                #key_arg: impl Into<String>,
                change: impl FnOnce(#setter_path) -> #setter_path,
            ) -> Result<#resp, crate::Error> {
                self.update::<#setter_path>(&#key_arg.into(), change).await
            }
        }

        #cfg_blocking
        impl crate::blocking::Client {
            #[doc = #helper_doc]
            pub fn #helper(
                &self,
                #key_arg: impl Into<String>,
                change: impl FnOnce(#setter_path) -> #setter_path,
            ) -> Result<#resp, crate::Error> {
                self.update::<#setter_path>(&#key_arg.into(), change)
            }
        }
    }
}

fn meta_entry(u: &Update) -> TokenStream {
    let setter = &u.setter.spec.name;
    let read = &u.read.spec.name;
    let list = &u.spec.list;
    let key = &u.spec.key;
    let key_field = &u.spec.key_field;
    let filter = match &u.spec.filter {
        Some(f) => quote!(Some(#f)),
        None => quote!(None),
    };
    // Each parameter states only what differs from `UpdateParam::new`'s defaults.
    let params = u.params.iter().map(|p| {
        let param = &p.wire;
        let mut calls = Vec::new();
        match &p.field {
            Some(f) if f == param => {}
            Some(f) => calls.push(quote!(.field(#f))),
            None => calls.push(quote!(.not_read())),
        }
        if !p.documented {
            calls.push(quote!(.undocumented()));
        }
        if p.required {
            calls.push(quote!(.required()));
        }
        if let Some(sep) = &p.list_sep {
            calls.push(quote!(.list(#sep)));
        }
        quote!(crate::update::UpdateParam::new(#param) #(#calls)*,)
    });
    quote! {
        crate::update::UpdateMeta {
            setter: #setter,
            read: #read,
            list: #list,
            key: #key,
            key_field: #key_field,
            filter: #filter,
            params: &[#(#params)*],
        },
    }
}

/// The category's updates: its `UPDATES` rows (setters with a read source, in spec order), their
/// conversions, `impl Updatable` and client helpers, and its part of `for_every_update!`.
pub fn category_updates(api: &Api, cat: &Category) -> TokenStream {
    let mine: Vec<Update> = updates(api)
        .into_iter()
        .filter(|u| u.setter.module == cat.module)
        .collect();
    let items = mine.iter().enumerate().map(|(i, u)| one(u, i));
    let entries = mine.iter().map(meta_entry);
    let n = mine.len();
    let macro_name = ident(&super::macro_name("updates", cat));
    let every = mine.iter().map(|u| {
        let m = ident(&u.setter.module);
        let t = ident(&u.setter.request);
        quote!($crate::#m::#t,)
    });
    quote! {
        /// This category's setters with a read source, in spec order (see [`crate::update`]).
        pub(crate) static UPDATES: [crate::update::UpdateMeta; #n] = [#(#entries)*];

        #(#items)*

        #[doc(hidden)]
        #[macro_export]
        macro_rules! #macro_name {
            ($callback:ident!($($args:tt)*)) => {
                $callback!($($args)* [#(#every)*])
            };
        }
    }
}

/// Doc lines for a setter: that VoIP.ms resets what is not sent, the update helper, and the
/// narrower setters of the same record.
pub fn setter_doc(api: &Api, f: &Function) -> Vec<String> {
    let Some(u) = &f.spec.update_from else {
        return Vec::new();
    };
    let helper = helper_name(&f.method);
    let mut out = vec![
        String::new(),
        format!(
            "VoIP.ms replaces the whole record: a parameter not sent is reset. To change some \
             settings and keep the others, use `Client::{helper}` (it reads the record with \
             `{}`, applies your change and sends everything back) or `{}::from_record`.",
            u.function, f.request
        ),
    ];
    // A narrower setter: same category, a write taking the key and a subset of these parameters.
    let narrower: Vec<String> = api
        .functions
        .iter()
        .filter(|g| {
            g.spec.name != f.spec.name
                && g.module == f.module
                && g.spec.kind == Kind::Write
                && g.spec.update_from.is_none()
                && g.spec.params.len() >= 2
                && g.spec.params.iter().any(|p| p.name == u.key)
                && g.spec
                    .params
                    .iter()
                    .all(|p| f.spec.param(&p.name).is_some())
        })
        .map(|g| format!("`{}`", g.spec.name))
        .collect();
    if !narrower.is_empty() {
        out.push(String::new());
        out.push(format!(
            "To change one setting only, the narrower {} send just that setting.",
            narrower.join(", ")
        ));
    }
    out
}
