//! The function index: one table row per wire function, so a reader finds `sendSMS` without
//! knowing which documentation category VoIP.ms filed it under.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust_type::ident;
use crate::model::{Api, Category};

/// The first line of a function's summary, made fit for one table cell.
fn one_line(summary: &str) -> String {
    let first = docs::summary(summary)
        .into_iter()
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let first = first.strip_prefix("- ").unwrap_or(&first);
    first.replace('|', "\\|")
}

/// The opening of the `function_index` module's documentation, before each category's section.
pub fn intro() -> Vec<String> {
    [
        "Every VoIP.ms function, by category and wire name: the [`Client`](crate::Client) method,",
        "the request type, the kind (`read` calls may be retried; `write` and `spend` never are)",
        "and what it does. Generated from the spec; each category is a module and a cargo feature.",
        "",
        "See also the [common tasks](crate::guide).",
    ]
    .map(|l| format!(" {l}"))
    .to_vec()
}

/// The category's section of the function index, as a macro giving the Markdown text, so the
/// index is assembled from the category modules and a new function changes only its own.
pub fn category_rows(api: &Api, cat: &Category) -> TokenStream {
    let m = &cat.module;
    let mut lines = vec![
        String::new(),
        format!("## {} ([`{m}`](crate::{m}))", cat.spec.name),
        String::new(),
        "| wire name | method | request | kind | what it does |".to_string(),
        "| --- | --- | --- | --- | --- |".to_string(),
    ];
    let mut by_name: Vec<_> = api.functions_of(cat).collect();
    by_name.sort_by_key(|f| f.spec.name.to_ascii_lowercase());
    for f in by_name {
        lines.push(format!(
            "| `{name}` | [`{method}`](crate::Client::{method}) | [`{req}`](crate::{m}::{req}) | {kind} | {what} |",
            name = f.spec.name,
            method = f.method,
            req = f.request,
            kind = f.spec.kind.as_str(),
            what = one_line(&f.spec.summary),
        ));
    }
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let name = ident(&super::macro_name("function_index", cat));
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #name {
            () => {
                #text
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn one_line_takes_the_first_line_without_bullet_and_escapes_pipes() {
        assert_eq!(one_line("- Sends a SMS\n- more"), "Sends a SMS");
        assert_eq!(one_line("a | b"), "a \\| b");
    }
}
