//! Rust names for wire names: acronym-aware snake/camel case, keywords escaped.
//!
//! VoIP.ms names are lowerCamelCase with upper-case acronyms (`getDIDsInfo`, `getFaxMessagePDF`,
//! `setDIDvPRI`). Plain `heck` would split every capital (`get_di_ds_info`), so known acronyms are
//! first folded to one capitalised word, then `heck` does the rest.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Acronyms as they appear in wire names, longest first so `DIDs` wins over `DID`.
const ACRONYMS: &[(&str, &str)] = &[
    ("DIDs", "Dids"),
    ("vPRIs", "Vpris"),
    ("VPRIs", "Vpris"),
    ("vPRI", "Vpri"),
    ("VPRI", "Vpri"),
    ("DTMF", "Dtmf"),
    ("CNAM", "Cnam"),
    ("DISA", "Disa"),
    ("SIPURIs", "Sipuris"),
    ("SIPURI", "Sipuri"),
    ("URIs", "Uris"),
    ("URI", "Uri"),
    ("USA", "Usa"),
    ("CAN", "Can"),
    ("DID", "Did"),
    ("SMS", "Sms"),
    ("MMS", "Mms"),
    ("IVRs", "Ivrs"),
    ("IVR", "Ivr"),
    ("LNP", "Lnp"),
    ("CDR", "Cdr"),
    ("PDF", "Pdf"),
    ("POP", "Pop"),
    ("NAT", "Nat"),
    ("SIP", "Sip"),
    ("FAX", "Fax"),
    ("IP", "Ip"),
    ("US", "Us"),
];

/// Folds known acronyms into capitalised words: `getDIDsInfo` -> `getDidsInfo`.
fn fold_acronyms(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    let bytes = wire.as_bytes();
    let mut i = 0;
    'outer: while i < bytes.len() {
        for (acr, word) in ACRONYMS {
            if wire[i..].starts_with(acr) {
                let end = i + acr.len();
                // An acronym ends where a new word starts: end of input, an upper-case letter, a
                // digit or an underscore. `CANcel` is not `CAN`.
                let boundary = end == bytes.len()
                    || bytes[end].is_ascii_uppercase()
                    || bytes[end].is_ascii_digit()
                    || bytes[end] == b'_';
                // `USA` inside `getDIDsUSA` is an acronym; `US` inside `USA` is handled by order.
                if boundary {
                    out.push_str(word);
                    i = end;
                    continue 'outer;
                }
            }
        }
        let ch = wire[i..].chars().next().unwrap_or_default();
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

/// `snake_case` for functions, fields and parameters. Keywords are left as they are: fields and
/// parameters go through [`field_ident`], which renames them (`type` -> `type_`).
pub fn snake(wire: &str) -> String {
    let s = fold_acronyms(wire).to_snake_case();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    }
}

/// `UpperCamelCase` for types and enum variants.
pub fn camel(wire: &str) -> String {
    let s = fold_acronyms(wire).to_upper_camel_case();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{s}")
    } else {
        s
    }
}

/// Rust keywords (strict and reserved, 2024 edition) that cannot be plain identifiers.
pub fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// A snake-case Rust field/parameter name that is a valid identifier: keywords get a trailing
/// underscore (`type` -> `type_`), which reads better in setters than `r#type`.
pub fn field_ident(wire: &str) -> String {
    let s = snake(wire);
    if is_keyword(&s) || s == "_" {
        format!("{s}_")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_aware_names() {
        let cases = [
            ("getDIDsInfo", "get_dids_info"),
            ("getFaxMessagePDF", "get_fax_message_pdf"),
            ("getCDR", "get_cdr"),
            ("sendSMS", "send_sms"),
            ("getDIDsUSA", "get_dids_usa"),
            ("searchDIDsCAN", "search_dids_can"),
            ("assignDIDvPRI", "assign_did_vpri"),
            ("getDTMFModes", "get_dtmf_modes"),
            ("getIP", "get_ip"),
            ("getSIPURIs", "get_sipuris"),
            ("setSIPURI", "set_sipuri"),
            ("e911Provision", "e911_provision"),
            ("getLNPStatus", "get_lnp_status"),
            ("searchTollFreeCanUS", "search_toll_free_can_us"),
            ("cancelDID", "cancel_did"),
            ("getIVRs", "get_ivrs"),
            ("statementName", "statement_name"),
            ("date_from", "date_from"),
        ];
        for (wire, want) in cases {
            assert_eq!(snake(wire), want, "{wire}");
        }
        assert_eq!(camel("getDIDsInfo"), "GetDidsInfo");
        assert_eq!(camel("e911Provision"), "E911Provision");
        assert_eq!(camel("rfc2833"), "Rfc2833");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(field_ident("type"), "type_");
        assert_eq!(field_ident("ref"), "ref_");
        assert_eq!(field_ident("order"), "order");
    }
}
