//! Emits the generated part of the voipms-api crate from a [`Spec`].
//!
//! Everything is built as token streams (syn / quote) and formatted with prettyplease, so the
//! output does not depend on an installed rustfmt and is byte-for-byte deterministic.
//!
//! Files (relative to `voipms-api/src/generated/`), each with a header naming the spec files
//! it is made from and their digest ([`crate::digest::header`]):
//! - `mod.rs`: the module list (one `cfg(feature)` per category), the table of the enabled
//!   categories, the function index page and the every-request / every-update macros, all
//!   assembled from what each category module provides;
//! - `<feature>.rs`: one category: request types, response types and client methods, and its
//!   metadata, decoders, sample answers (feature `mock`), updates and index section;
//! - `value_sets.rs`: one enum per value set;
//! - `errors.rs`: the `ErrorCode` enum of every documented status;
//! - `callback_events.rs`: inbound callback events (feature `callbacks`), when the spec has any.
//!
//! A new function changes its category's file alone; a new category, `mod.rs` and its own.

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

use crate::model::{self, Api, Category};
use crate::spec::{self, Spec};

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

pub use crate::digest::{HEADER_PREFIX, digest_of, sources_of};

fn format_file(path: &str, tokens: TokenStream, header: &str) -> Result<GeneratedFile, EmitError> {
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
        contents: format!("{header}\n\n{body}"),
    })
}

/// Emits every generated file for `spec`, in a fixed order.
pub fn generate(spec: &Spec) -> Result<Vec<GeneratedFile>, EmitError> {
    render(&model::lower(spec))
}

/// One generated file to produce: its path, the spec files it is made from and the function
/// that builds its tokens.
struct Job<'a> {
    path: String,
    sources: Vec<String>,
    tokens: Box<dyn Fn() -> TokenStream + Send + Sync + 'a>,
}

/// Renders every generated file of a lowered API, in a fixed order.
///
/// Building and formatting the files is most of a regeneration (allocation-heavy syn parsing
/// and prettyplease), and each file is independent of the others, so the files are spread over
/// the machine's cores: `cargo xtask codegen` is run by hand after each spec edit.
pub fn render(api: &Api) -> Result<Vec<GeneratedFile>, EmitError> {
    let jobs = jobs(api);
    let files = &api.spec.files;
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
                        let Some(job) = jobs.get(i) else {
                            return mine;
                        };
                        let header = crate::digest::header(files, &job.sources);
                        mine.push((i, format_file(&job.path, (job.tokens)(), &header)));
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

/// The spec files shared by every category module: the types and the status codes.
const SHARED: [&str; 2] = [spec::TYPES_FILE, spec::ERRORS_FILE];

/// Every generated file of `api`, `mod.rs` first, then in a fixed order.
fn jobs<'a>(api: &'a Api<'a>) -> Vec<Job<'a>> {
    let spec = api.spec;
    let has_callbacks_file = spec.files.iter().any(|(p, _)| p == spec::callbacks::FILE);
    let mut root_sources = vec![spec::FUNCTIONS_DIR.to_string()];
    if has_callbacks_file {
        root_sources.push(spec::callbacks::FILE.to_string());
    }
    let mut jobs: Vec<Job<'a>> = vec![Job {
        path: "mod.rs".into(),
        sources: root_sources,
        tokens: Box::new(|| root_module(api)),
    }];
    for cat in &api.categories {
        jobs.push(Job {
            path: format!("{}.rs", cat.module),
            sources: category_sources(api, cat),
            tokens: Box::new(move || functions::category_module(api, cat)),
        });
    }
    jobs.push(Job {
        path: "value_sets.rs".into(),
        // Each set is compiled with the categories that use it: `functions/` (its file names,
        // as for mod.rs) says that the categories are an input too; a function's own use of a
        // set is covered by its category file's digest.
        sources: vec![spec::TYPES_FILE.into(), spec::FUNCTIONS_DIR.into()],
        tokens: Box::new(|| value_sets::module(api)),
    });
    jobs.push(Job {
        path: "errors.rs".into(),
        sources: vec![spec::ERRORS_FILE.into()],
        tokens: Box::new(|| errors::module(api)),
    });
    if !spec.callbacks.is_empty() {
        jobs.push(Job {
            path: callbacks::FILE.into(),
            sources: vec![spec::callbacks::FILE.into(), spec::TYPES_FILE.into()],
            tokens: Box::new(|| callbacks::module(spec).unwrap_or_default()),
        });
    }
    jobs
}

/// The spec files a category module is made from: its own, the shared ones, and those of the
/// categories whose functions its updates read and its probes take inputs from.
fn category_sources(api: &Api, cat: &Category) -> Vec<String> {
    let spec = api.spec;
    let file_of = |function: &str| {
        let f = spec.function(function)?;
        spec.categories
            .iter()
            .find(|c| c.feature == f.feature)
            .map(|c| c.file.clone())
    };
    let mut others = std::collections::BTreeSet::new();
    for f in api.functions_of(cat) {
        if let Some(u) = &f.spec.update_from {
            others.extend(file_of(&u.function));
        }
        if let Some(crate::spec::probe::Probe::Run(inputs)) = &f.spec.probe {
            for input in inputs {
                if let crate::spec::probe::ProbeSource::Field { function, .. } = &input.source {
                    others.extend(file_of(function));
                }
            }
        }
    }
    others.remove(&cat.spec.file);
    let mut sources = vec![cat.spec.file.clone()];
    sources.extend(SHARED.map(String::from));
    sources.extend(others);
    sources
}

/// The name of a category's part of a crate-wide macro (`__cdr_requests`): exported, hidden, and
/// assembled by `mod.rs`.
pub(crate) fn macro_name(what: &str, cat: &Category) -> String {
    format!("__{}_{what}", cat.module)
}

/// `mod.rs`: the module list, one `cfg(feature)` per category, and what is assembled from the
/// category modules: the table of enabled categories, the function index page and the
/// every-request / every-update macros.
fn root_module(api: &Api) -> TokenStream {
    let spec = api.spec;
    let mods = api.categories.iter().map(|cat| {
        let ident = rust_type::ident(&cat.module);
        let feature = &cat.spec.feature;
        // The module's doc is its inner `//!` doc alone: an outer doc here would be joined to it.
        // `macro_use`: its parts of the crate-wide macros below are named by textual scope (a
        // path to a `macro_export` macro in a `cfg`'d module is refused, rust-lang/rust#52234).
        quote! {
            #[cfg(feature = #feature)]
            #[macro_use]
            pub mod #ident;
        }
    });
    let tables = api.categories.iter().map(|cat| {
        let ident = rust_type::ident(&cat.module);
        let feature = &cat.spec.feature;
        quote!(#[cfg(feature = #feature)] &#ident::CATEGORY,)
    });
    let all_features = api.categories.iter().map(|c| &c.spec.feature);
    let parts = |what: &str| -> Vec<TokenStream> {
        api.categories
            .iter()
            .map(|cat| {
                let m = rust_type::ident(&macro_name(what, cat));
                quote!($crate::#m!($callback!($($args)*));)
            })
            .collect()
    };
    let (requests, updates) = (parts("requests"), parts("updates"));
    let intro = index::intro();
    let sections = api.categories.iter().map(|cat| {
        let m = rust_type::ident(&macro_name("function_index", cat));
        quote!(#[doc = #m!()])
    });
    let callback_mod = callbacks::declaration(spec);
    quote! {
        //! Code generated from `spec/` by `cargo xtask codegen`. Do not edit: change the spec or
        //! the generator and regenerate.
        #(#mods)*
        pub mod value_sets;
        pub(crate) mod errors;

        /// What each enabled category adds to the crate's tables, in spec order (see
        /// `crate::catalog`).
        pub(crate) static CATEGORIES: &[&crate::category::Category] = &[#(#tables)*];

        #[cfg(all(#(feature = #all_features),*))]
        #(#[doc = #intro])*
        #(#sections)*
        pub mod function_index {}

        /// Calls `callback!(args [Request, ...])` with the request types of each category's
        /// functions in spec order (once per category), so tests cover each function without
        /// listing it. Needs every category.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_every_request {
            ($callback:ident!($($args:tt)*)) => {
                #(#requests)*
            };
        }

        /// Calls `callback!(args [Setter, ...])` with each category's setters that have a read
        /// source (once per category), so tests cover each without listing it. Needs every
        /// category.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_every_update {
            ($callback:ident!($($args:tt)*)) => {
                #(#updates)*
            };
        }

        #callback_mod
    }
}

/// The cargo features the generated crate needs: one per category.
pub fn features(spec: &Spec) -> Vec<String> {
    spec.categories.iter().map(|c| c.feature.clone()).collect()
}
