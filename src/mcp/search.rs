//! `search_functions`: the spec's functions ranked for a question in words ("send a text
//! message" finds sendSMS), over their names, summaries, categories and parameter docs.
//!
//! Words are compared lower-cased and without a plural `s`; a few everyday words are read as
//! the API's terms (a text is an SMS, a phone number a DID, a call log the CDR). A word in the
//! name counts most, then in the summary, then in the category and the parameters.

use voipms_api::meta::FunctionMeta;

use voipms_api::catalog::FUNCTIONS;

/// Everyday words and the API's terms they stand for.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("text", &["sms"]),
    ("texting", &["sms"]),
    ("picture", &["mms"]),
    ("photo", &["mms"]),
    ("image", &["mms"]),
    ("number", &["did"]),
    ("phone", &["did"]),
    ("log", &["cdr"]),
    ("history", &["cdr"]),
    ("record", &["cdr"]),
    ("credit", &["balance"]),
    ("fund", &["balance"]),
    ("money", &["balance"]),
    ("extension", &["subaccount", "account"]),
    ("user", &["subaccount", "client"]),
    ("mailbox", &["voicemail"]),
    ("emergency", &["e911"]),
    ("911", &["e911"]),
    ("port", &["lnp"]),
    ("transfer", &["lnp", "forwarding"]),
    ("forward", &["forwarding"]),
    ("buy", &["order"]),
    ("purchase", &["order"]),
    ("remove", &["del"]),
    ("delete", &["del"]),
    ("cancel", &["cancel", "del"]),
    ("change", &["set"]),
    ("update", &["set"]),
    ("list", &["get"]),
    ("show", &["get"]),
    ("find", &["search", "get"]),
];

/// Words that say nothing about which function.
const STOP: &[&str] = &[
    "a", "an", "the", "to", "of", "for", "my", "me", "i", "in", "on", "and", "or", "with", "from",
    "all", "is", "are", "be", "how", "do", "can", "what", "which", "this", "that", "it", "by",
];

/// One match.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The function.
    pub function: &'static FunctionMeta,
    /// Its score (higher is better).
    pub score: u32,
}

/// A word as compared: lower case, a plural `s` dropped.
fn norm(w: &str) -> String {
    let w = w.to_lowercase();
    match w.strip_suffix('s') {
        Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem.to_string(),
        _ => w,
    }
}

/// The words of a text: letters and digits, camelCase and acronyms split (`sendSMS` gives
/// `send`, `sms`; `getDIDsInfo` gives `get`, `did`, `info`).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = token.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (prev, c) = (chars[i - 1], chars[i]);
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            // An acronym's plural (`DIDs`, `CDRs`) ends the acronym's word, not starts the next.
            let plural = chars.get(i + 1) == Some(&'s')
                && chars.get(i + 2).is_none_or(|n| !n.is_ascii_lowercase());
            let boundary = (prev.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (prev.is_ascii_uppercase() && c.is_ascii_uppercase() && next_lower && !plural)
                || (prev.is_ascii_digit() && c.is_ascii_uppercase());
            if boundary {
                out.push(chars[start..i].iter().collect::<String>());
                start = i;
            }
        }
        if start < chars.len() {
            out.push(chars[start..].iter().collect::<String>());
        }
    }
    out.into_iter()
        .map(|w| norm(&w))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The query's terms: its words without stop words, each with the terms it stands for.
fn terms(query: &str) -> Vec<Vec<String>> {
    words(query)
        .into_iter()
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| {
            let mut alts = vec![w.clone()];
            if let Some((_, also)) = SYNONYMS.iter().find(|(k, _)| norm(k) == w) {
                alts.extend(also.iter().map(|a| norm(a)));
            }
            alts
        })
        .collect()
}

fn score(f: &FunctionMeta, terms: &[Vec<String>]) -> u32 {
    let name = words(f.name);
    let summary = words(f.summary);
    let mut category = words(f.category);
    category.extend(words(f.feature));
    let params: Vec<String> = f
        .params
        .iter()
        .flat_map(|p| words(p.name).into_iter().chain(words(p.doc)))
        .collect();
    let mut total = 0;
    for alts in terms {
        let has = |list: &[String]| alts.iter().any(|a| list.contains(a));
        let best = if has(&name) {
            6
        } else if has(&summary) {
            3
        } else if has(&category) {
            2
        } else if has(&params) {
            1
        } else {
            0
        };
        total += best;
    }
    total
}

/// The functions that match `query`, best first (ties in the spec's order), at most `limit`.
pub fn search(query: &str, limit: usize) -> Vec<Hit> {
    let terms = terms(query);
    if terms.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<Hit> = FUNCTIONS
        .iter()
        .map(|f| Hit {
            function: f,
            score: score(f, &terms),
        })
        .filter(|h| h.score > 0)
        .collect();
    // Equal scores: the name with fewer words says less beside the query (getBalance before
    // getBalanceManagement); then the spec's order (the sort is stable).
    hits.sort_by_key(|h| (std::cmp::Reverse(h.score), words(h.function.name).len()));
    hits.truncate(limit);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(query: &str) -> &'static str {
        search(query, 5).first().map_or("", |h| h.function.name)
    }

    #[test]
    fn everyday_questions_find_their_function() {
        assert_eq!(first("send a text message"), "sendSMS");
        assert_eq!(first("send a picture message"), "sendMMS");
        assert_eq!(first("what is my balance"), "getBalance");
        assert_eq!(first("call detail records"), "getCDR");
        assert_eq!(first("delete a sub account"), "delSubAccount");
        assert_eq!(first("getDIDsInfo"), "getDIDsInfo");
        assert!(search("the of a", 5).is_empty());
        assert!(search("zzzqqq", 5).is_empty());
    }

    #[test]
    fn words_split_names_and_acronyms() {
        assert_eq!(words("sendSMS"), ["send", "sms"]);
        assert_eq!(words("getDIDsInfo"), ["get", "did", "info"]);
        assert_eq!(words("e911Validate"), ["e911", "validate"]);
        assert_eq!(
            words("Messages, to 5551234567"),
            ["message", "to", "5551234567"]
        );
    }
}
