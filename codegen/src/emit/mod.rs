//! Emits the generated part of the voipms-api crate from a [`Spec`].
//!
//! Everything is built as token streams (syn / quote) and formatted with prettyplease, so the
//! output does not depend on an installed rustfmt and is byte-for-byte deterministic.
//!
//! Files (relative to `voipms-api/src/generated/`):
//! - `mod.rs`: the module list, one `cfg(feature)` per category;
//! - `<feature>.rs`: request types, response types and client methods of one category;
//! - `value_sets.rs`: one enum per value set;
//! - `errors.rs`: the `ErrorCode` enum of every documented status;
//! - `meta.rs`: the static function metadata table;
//! - `examples.rs`: sample success responses per function (feature `mock`);
//! - `dispatch.rs`: typed decoding by wire name, for tools;
//! - `callback_events.rs`: inbound callback events (feature `callbacks`), when the spec has any.
//! - `function_index.rs`: the table of every function (documentation only).
//! - `updates.rs`: safe updates of setters with a read source.

mod callbacks;
mod dispatch;
mod docs;
mod errors;
mod examples;
mod function_errors;
mod functions;
mod index;
mod meta;
mod responses;
mod rust_type;
mod updates;
mod value_sets;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{self, Api};
use crate::spec::Spec;

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated directory, `/`-separated.
    pub path: String,
    /// Full contents, header included.
    pub contents: String,
}

/// The generated files could not be formatted (a generator bug, not a spec problem).
#[derive(Debug, thiserror::Error)]
#[error("generated `{file}` is not valid Rust: {message}")]
pub struct EmitError {
    /// The file being generated.
    pub file: String,
    /// The parser's message.
    pub message: String,
}

pub use crate::digest::{HEADER_PREFIX, digest_of};

fn format_file(path: &str, tokens: TokenStream, digest: &str) -> Result<GeneratedFile, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError {
        file: path.to_string(),
        message: e.to_string(),
    })?;
    // One item at a time, joined by blank lines: prettyplease puts none between items.
    let mut parts = Vec::with_capacity(file.items.len() + 1);
    if !file.attrs.is_empty() {
        parts.push(prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: file.attrs,
            items: Vec::new(),
        }));
    }
    parts.extend(file.items.into_iter().map(|item| {
        prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        })
    }));
    let body = parts.join("\n");
    Ok(GeneratedFile {
        path: path.to_string(),
        contents: format!("{HEADER_PREFIX}{digest}\n\n{body}"),
    })
}

/// Emits every generated file for `spec`, in a fixed order.
pub fn generate(spec: &Spec) -> Result<Vec<GeneratedFile>, EmitError> {
    render(&model::lower(spec))
}

/// Renders every generated file of a lowered API, in a fixed order.
pub fn render(api: &Api) -> Result<Vec<GeneratedFile>, EmitError> {
    let spec = api.spec;
    let d = &spec.digest;
    let mut out = Vec::new();
    let mut mods = Vec::new();
    for cat in &api.categories {
        let tokens = functions::category_module(api, cat);
        out.push(format_file(&format!("{}.rs", cat.module), tokens, d)?);
        let ident = rust_type::ident(&cat.module);
        let feature = &cat.spec.feature;
        // The module's doc is its inner `//!` doc alone: an outer doc here would be joined to it.
        mods.push(quote! {
            #[cfg(feature = #feature)]
            pub mod #ident;
        });
    }
    out.push(format_file("value_sets.rs", value_sets::module(api), d)?);
    out.push(format_file("errors.rs", errors::module(api), d)?);
    out.push(format_file("meta.rs", meta::module(api), d)?);
    out.push(format_file("examples.rs", examples::module(spec), d)?);
    out.push(format_file("dispatch.rs", dispatch::module(api), d)?);
    out.push(format_file("function_index.rs", index::module(api), d)?);
    let all_features = api.categories.iter().map(|c| &c.spec.feature);
    out.push(format_file("updates.rs", updates::module(api), d)?);
    let every = api.functions.iter().map(|f| {
        let m = rust_type::ident(&f.module);
        let t = rust_type::ident(&f.request);
        quote!($crate::#m::#t,)
    });
    if let Some(tokens) = callbacks::module(spec) {
        out.push(format_file(callbacks::FILE, tokens, d)?);
    }
    let callback_mod = callbacks::declaration(spec);
    let root = quote! {
        //! Code generated from `spec/` by `cargo xtask codegen`. Do not edit: change the spec or
        //! the generator and regenerate.
        #(#mods)*
        pub mod value_sets;
        pub(crate) mod errors;
        pub(crate) mod meta;
        #[cfg(feature = "mock")]
        pub(crate) mod examples;
        pub(crate) mod dispatch;
        #[cfg(all(#(feature = #all_features),*))]
        pub mod function_index;
        pub(crate) mod updates;

        /// Calls `callback!(args [Request, ...])` with the request type of every function in
        /// spec order, so tests cover each function without listing it. Needs every category.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_every_request {
            ($callback:ident!($($args:tt)*)) => {
                $callback!($($args)* [#(#every)*])
            };
        }

        #callback_mod
    };
    out.insert(0, format_file("mod.rs", root, d)?);
    Ok(out)
}

/// The cargo features the generated crate needs: one per category.
pub fn features(spec: &Spec) -> Vec<String> {
    spec.categories.iter().map(|c| c.feature.clone()).collect()
}
