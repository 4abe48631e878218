//! The rename heuristic: a removed and an added item that sit in the same place and look alike
//! were possibly one item renamed. The diff still reports a removal and an addition (the Rust
//! names change too); the hint only tells the reviewer where to look.

/// Pairs each removed item with the first unpaired added item that `alike` accepts. Returns, for
/// each removed item, the index of its partner among `added`, and for each added item the index of
/// its partner among `removed`.
pub fn pair<R, A>(
    removed: &[R],
    added: &[A],
    alike: impl Fn(&R, &A) -> bool,
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut to = vec![None; removed.len()];
    let mut from = vec![None; added.len()];
    for (i, r) in removed.iter().enumerate() {
        if let Some(j) = (0..added.len()).find(|&j| from[j].is_none() && alike(r, &added[j])) {
            to[i] = Some(j);
            from[j] = Some(i);
        }
    }
    (to, from)
}

/// The message of a removal, with the hint when it has a partner.
pub fn removed_message(what: &str, partner: Option<&str>) -> String {
    match partner {
        Some(p) => format!("{what} removed (possibly renamed to `{p}`)"),
        None => format!("{what} removed"),
    }
}

/// The message of an addition, with the hint when it has a partner.
pub fn added_message(what: &str, partner: Option<&str>) -> String {
    match partner {
        Some(p) => format!("{what} added (possibly renamed from `{p}`)"),
        None => format!("{what} added"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_greedily_once() {
        let (to, from) = pair(&[1, 2, 3], &[3, 1, 1], |a, b| a == b);
        assert_eq!(to, vec![Some(1), None, Some(0)]);
        assert_eq!(from, vec![Some(2), Some(0), None]);
    }
}
