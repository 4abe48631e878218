//! Keeping the API password out of every text the crate produces: error messages, excerpts of
//! answers, validation errors, logs. A server may echo the request back, encoded in any of the
//! ways below.

/// `text` with every occurrence of `secret`, plain or form-encoded, replaced by `<redacted>`.
/// Secrets shorter than 3 characters are left alone (masking them would garble the text).
pub(crate) fn mask(text: String, secret: &str) -> String {
    if secret.len() < 3 {
        return text;
    }
    let mut text = text;
    if text.contains(secret) {
        text = text.replace(secret, "<redacted>");
    }
    let mut encoded = String::new();
    crate::wire::encode_component(secret, &mut encoded);
    if encoded != secret && text.contains(&encoded) {
        text = text.replace(&encoded, "<redacted>");
    }
    // Echoed inside a JSON string, `"` and `\` come escaped, and `/` too from PHP.
    let json = secret.replace('\\', "\\\\").replace('"', "\\\"");
    let php = json.replace('/', "\\/");
    // Echoed inside XML (a SOAP fault or answer), `&`, `<`, `>` and maybe quotes come escaped.
    let xml = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let xml_quotes = xml.replace('"', "&quot;").replace('\'', "&apos;");
    for escaped in [json, php, xml, xml_quotes] {
        if escaped != secret && text.contains(&escaped) {
            text = text.replace(&escaped, "<redacted>");
        }
    }
    text
}
