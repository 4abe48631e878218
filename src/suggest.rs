//! "Did you mean": the known names closest to a mistyped one.

/// Up to three of `candidates` that `input` was probably meant to be, best first: a match
/// ignoring case, else names within a small edit distance, else names containing the input.
pub fn similar<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let lower = input.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some(exact) = candidates.iter().find(|c| c.to_lowercase() == lower) {
        return vec![exact];
    }
    let limit = (lower.chars().count() / 3).max(2);
    let mut close: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    close.sort();
    if close.is_empty() && lower.chars().count() >= 3 {
        close = candidates
            .iter()
            .filter(|c| c.to_lowercase().contains(&lower))
            .map(|c| (c.len(), *c))
            .collect();
        close.sort();
    }
    close.into_iter().take(3).map(|(_, c)| c).collect()
}

/// ` (did you mean `a` or `b`?)`, or nothing.
pub fn hint(similar: &[&str]) -> String {
    match similar {
        [] => String::new(),
        [one] => format!(" (did you mean `{one}`?)"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|s| format!("`{s}`")).collect();
            format!(" (did you mean {} or `{last}`?)", init.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 5] = ["getBalance", "getCDR", "sendSMS", "getSMS", "getDIDsInfo"];

    #[test]
    fn finds_typos_case_and_substrings() {
        assert_eq!(similar("getbalance", NAMES), ["getBalance"]);
        assert_eq!(similar("getBalanse", NAMES), ["getBalance"]);
        assert_eq!(similar("sendSMs", NAMES), ["sendSMS"]);
        assert_eq!(similar("DIDs", NAMES), ["getDIDsInfo"]);
        assert!(similar("zzzzzzzz", NAMES).is_empty());
    }

    #[test]
    fn hints_read_naturally() {
        assert_eq!(hint(&[]), "");
        assert_eq!(hint(&["a"]), " (did you mean `a`?)");
        assert_eq!(hint(&["a", "b", "c"]), " (did you mean `a`, `b` or `c`?)");
    }
}
