//! Documentation text from the spec, made safe for rustdoc.
//!
//! The documentation's prose contains `[Required]`, `<` and `>`, bare URLs and indented lines;
//! left alone, rustdoc would read them as links, HTML and code blocks (and run them as doctests).

/// Escapes one line of prose for a doc comment.
pub fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line.trim();
    while !rest.is_empty() {
        // Wrap bare URLs in angle brackets so rustdoc links them instead of warning.
        let url_at = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (text, url) = match url_at {
            Some(i) => {
                let end = rest[i..]
                    .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | '<' | '>'))
                    .map_or(rest.len(), |e| i + e);
                (&rest[..i], Some(&rest[i..end]))
            }
            None => (rest, None),
        };
        for c in text.chars() {
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '`' => out.push('\''),
                '\\' => out.push_str("\\\\"),
                '*' => out.push_str("\\*"),
                '_' => out.push_str("\\_"),
                '#' if out.is_empty() => out.push_str("\\#"),
                _ => out.push(c),
            }
        }
        match url {
            Some(u) => {
                out.push('<');
                out.push_str(u.trim_end_matches(['.', ',']));
                out.push('>');
                rest = &rest[text.len() + u.len()..];
                let trailing = &u[u.trim_end_matches(['.', ',']).len()..];
                out.push_str(trailing);
            }
            None => break,
        }
    }
    out
}

/// Escapes multi-line prose: every line trimmed (no accidental code blocks), blank lines kept.
pub fn escape(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_list = false;
    for line in text.lines().map(escape_line) {
        let item = line.starts_with("- ");
        // A plain line right after a list item would continue the item lazily: end the list.
        if in_list && !item && !line.is_empty() {
            out.push(String::new());
        }
        in_list = item;
        out.push(line);
    }
    out
}

/// A function's summary: escaped like [`escape`], and a lone `- ` bullet (the documentation lists
/// what a function does as bullets even when there is one) made a sentence.
pub fn summary(text: &str) -> Vec<String> {
    let mut lines = escape(text.trim());
    let bullets = lines.iter().filter(|l| l.starts_with("- ")).count();
    if bullets == 1
        && let Some(first) = lines.first_mut().filter(|l| l.starts_with("- "))
    {
        *first = first[2..].to_string();
    }
    lines
}

/// `#[doc = ...]` attributes, one per line.
pub fn attrs(lines: &[String]) -> proc_macro2::TokenStream {
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote::quote! { #(#[doc = #lines])* }
}

#[cfg(test)]
mod tests {
    use super::{escape_line, summary};

    #[test]
    fn a_lone_bullet_becomes_a_sentence() {
        assert_eq!(
            summary("- Deletes a Sub Account"),
            ["Deletes a Sub Account"]
        );
        assert_eq!(
            summary("- Lists all\n- Or one"),
            ["- Lists all", "- Or one"]
        );
    }

    #[test]
    fn escapes_markdown_and_links() {
        assert_eq!(
            escape_line("  [Required] a <b> c"),
            "\\[Required\\] a &lt;b&gt; c"
        );
        assert_eq!(
            escape_line("see https://voip.ms/api. Then"),
            "see <https://voip.ms/api>. Then"
        );
        assert_eq!(escape_line("a_b *c*"), "a\\_b \\*c\\*");
        assert_eq!(escape_line("# not a heading"), "\\# not a heading");
    }
}
