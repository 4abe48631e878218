//! The function index: one table row per wire function, so a reader finds `sendSMS` without
//! knowing which documentation category VoIP.ms filed it under.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::model::Api;

/// The first line of a function's summary, made fit for one table cell.
fn one_line(summary: &str) -> String {
    let first = docs::summary(summary)
        .into_iter()
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let first = first.strip_prefix("- ").unwrap_or(&first);
    first.replace('|', "\\|")
}

/// The `function_index` module: documentation only, compiled when every category is, since its
/// links reach into every category module.
pub fn module(api: &Api) -> TokenStream {
    let mut lines = vec![
        "Every VoIP.ms function, by wire name: the [`Client`](crate::Client) method, the request"
            .to_string(),
        "type, the module (= cargo feature), the kind (`read` calls may be retried; `write` and"
            .to_string(),
        "`spend` never are) and what it does. Generated from the spec.".to_string(),
        String::new(),
        "See also the [common tasks](crate::guide).".to_string(),
        String::new(),
        "| wire name | method | request | module | kind | what it does |".to_string(),
        "| --- | --- | --- | --- | --- | --- |".to_string(),
    ];
    let mut by_name: Vec<_> = api.functions.iter().collect();
    by_name.sort_by_key(|f| f.spec.name.to_ascii_lowercase());
    for f in by_name {
        let m = &f.module;
        lines.push(format!(
            "| `{name}` | [`{method}`](crate::Client::{method}) | [`{req}`](crate::{m}::{req}) | [`{m}`](crate::{m}) | {kind} | {what} |",
            name = f.spec.name,
            method = f.method,
            req = f.request,
            kind = f.spec.kind.as_str(),
            what = one_line(&f.spec.summary),
        ));
    }
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote! { #(#![doc = #lines])* }
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
