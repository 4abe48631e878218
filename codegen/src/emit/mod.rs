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

/// One generated file to produce: its path and the function that builds its tokens.
type Job<'a> = (String, Box<dyn Fn() -> TokenStream + Send + Sync + 'a>);

/// Renders every generated file of a lowered API, in a fixed order.
///
/// Building and formatting the files is most of a regeneration (allocation-heavy syn parsing
/// and prettyplease), and each file is independent of the others, so the files are spread over
/// the machine's cores: `cargo xtask codegen` is run by hand after each spec edit.
pub fn render(api: &Api) -> Result<Vec<GeneratedFile>, EmitError> {
    let jobs = jobs(api);
    let digest = api.spec.digest.as_str();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<GeneratedFile, EmitError>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((path, tokens)) = jobs.get(i) else {
                            return mine;
                        };
                        mine.push((i, format_file(path, tokens(), digest)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            // A worker only panics if the emitter itself has a bug: pass the panic on as is.
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, file)| file).collect()
}

/// Every generated file of `api`, `mod.rs` first, then in a fixed order.
fn jobs<'a>(api: &'a Api<'a>) -> Vec<Job<'a>> {
    let spec = api.spec;
    let mut jobs: Vec<Job<'a>> = vec![("mod.rs".to_string(), Box::new(|| root_module(api)))];
    for cat in &api.categories {
        jobs.push((
            format!("{}.rs", cat.module),
            Box::new(move || functions::category_module(api, cat)),
        ));
    }
    jobs.push(("value_sets.rs".into(), Box::new(|| value_sets::module(api))));
    jobs.push(("errors.rs".into(), Box::new(|| errors::module(api))));
    jobs.push(("meta.rs".into(), Box::new(|| meta::module(api))));
    jobs.push(("examples.rs".into(), Box::new(|| examples::module(spec))));
    jobs.push(("dispatch.rs".into(), Box::new(|| dispatch::module(api))));
    jobs.push(("function_index.rs".into(), Box::new(|| index::module(api))));
    jobs.push(("updates.rs".into(), Box::new(|| updates::module(api))));
    if !spec.callbacks.is_empty() {
        jobs.push((
            callbacks::FILE.into(),
            Box::new(|| callbacks::module(spec).unwrap_or_default()),
        ));
    }
    jobs
}

/// `mod.rs`: the module list, one `cfg(feature)` per category, and the every-request macro.
fn root_module(api: &Api) -> TokenStream {
    let spec = api.spec;
    let mods = api.categories.iter().map(|cat| {
        let ident = rust_type::ident(&cat.module);
        let feature = &cat.spec.feature;
        // The module's doc is its inner `//!` doc alone: an outer doc here would be joined to it.
        quote! {
            #[cfg(feature = #feature)]
            pub mod #ident;
        }
    });
    let all_features = api.categories.iter().map(|c| &c.spec.feature);
    let every = api.functions.iter().map(|f| {
        let m = rust_type::ident(&f.module);
        let t = rust_type::ident(&f.request);
        quote!($crate::#m::#t,)
    });
    let callback_mod = callbacks::declaration(spec);
    quote! {
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
    }
}

/// The cargo features the generated crate needs: one per category.
pub fn features(spec: &Spec) -> Vec<String> {
    spec.categories.iter().map(|c| c.feature.clone()).collect()
}
