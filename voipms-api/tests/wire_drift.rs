//! Real answers never break a typed call: every function's sample body, drifted one way at a
//! time, still decodes through its typed response, keeps what did not fit and reports it.
//!
//! The functions and their bodies come from the generated tables (the metadata and the mock's
//! samples), so a function added to the spec is covered without touching this file.

#![cfg(feature = "mock")]

use proptest::prelude::*;
use serde_json::{Value, json};
use voipms_api::DriftKind;
use voipms_api::catalog::FUNCTIONS;
use voipms_api::dispatch::{TypedJson, decode_typed_json};
use voipms_api::mock::example_response;

/// Every function with its sample success body.
fn samples() -> Vec<(&'static str, Value)> {
    FUNCTIONS
        .iter()
        .filter_map(|f| {
            let body = example_response(f.name)?;
            let v: Value = serde_json::from_str(body).ok()?;
            Some((f.name, v))
        })
        .collect()
}

fn decode(function: &str, body: &Value) -> Result<TypedJson, String> {
    let bytes = serde_json::to_vec(body).map_err(|e| e.to_string())?;
    match decode_typed_json(function, &bytes) {
        Some(Ok(t)) => Ok(t),
        Some(Err(e)) => Err(format!("{function}: {e} in {body}")),
        None => Err(format!("{function}: no typed decoder")),
    }
}

/// What sits at a JSON pointer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Node {
    Object,
    Scalar { in_array: bool },
    ArrayOfObjects,
}

/// JSON pointers of every object, scalar and array of objects below the body (not `status`).
fn nodes(v: &Value, ptr: &str, in_array: bool, out: &mut Vec<(String, Node)>) {
    match v {
        Value::Object(m) => {
            out.push((ptr.to_string(), Node::Object));
            for (k, child) in m {
                if ptr.is_empty() && k == "status" {
                    continue;
                }
                let p = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                nodes(child, &p, false, out);
            }
        }
        Value::Array(a) => {
            if !a.is_empty() && a.iter().all(Value::is_object) {
                out.push((ptr.to_string(), Node::ArrayOfObjects));
            }
            for (i, child) in a.iter().enumerate() {
                nodes(child, &format!("{ptr}/{i}"), true, out);
            }
        }
        _ => out.push((ptr.to_string(), Node::Scalar { in_array })),
    }
}

fn contains(v: &Value, needle: &str) -> bool {
    match v {
        Value::String(s) => s == needle,
        Value::Array(a) => a.iter().any(|x| contains(x, needle)),
        Value::Object(m) => m.iter().any(|(k, x)| k == needle || contains(x, needle)),
        _ => false,
    }
}

fn all_nodes() -> Vec<(&'static str, Value, String, Node)> {
    let mut out = Vec::new();
    for (name, body) in samples() {
        let mut ns = Vec::new();
        nodes(&body, "", false, &mut ns);
        for (ptr, node) in ns {
            out.push((name, body.clone(), ptr, node));
        }
    }
    out
}

#[test]
fn every_function_has_a_sample_that_decodes_without_drift() {
    let samples = samples();
    assert_eq!(samples.len(), FUNCTIONS.len());
    for (name, body) in &samples {
        let t = decode(name, body).unwrap_or_else(|e| panic!("{e}"));
        assert!(t.drift.is_empty(), "{name}: {:?}", t.drift);
    }
}

#[test]
fn an_unknown_field_at_any_depth_is_kept_and_reported() {
    let mut checked = 0;
    for (name, mut body, ptr, node) in all_nodes() {
        if node != Node::Object {
            continue;
        }
        let Some(Value::Object(m)) = body.pointer_mut(&ptr) else {
            continue;
        };
        m.insert("zz_unknown_field".into(), json!("kept-value"));
        let t = decode(name, &body).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            contains(&t.value, "kept-value"),
            "{name} {ptr}: the unknown field is not in {}",
            t.value
        );
        // A field of a record is drift; a new key of a map is just data.
        if let Some(d) = t.drift.first() {
            assert!(d.path.ends_with("zz_unknown_field"), "{name} {ptr}: {d}");
            assert!(matches!(d.kind, DriftKind::UnknownField { .. }), "{d}");
        }
        checked += 1;
    }
    assert!(checked > 300, "only {checked} objects checked");
}

#[test]
fn a_value_of_the_wrong_kind_never_fails_the_call() {
    let mut checked = 0;
    for (name, mut body, ptr, node) in all_nodes() {
        let Node::Scalar { in_array } = node else {
            continue;
        };
        let Some(slot) = body.pointer_mut(&ptr) else {
            continue;
        };
        *slot = json!({"zz_wrong": [1]});
        let t = decode(name, &body).unwrap_or_else(|e| panic!("{e}"));
        let d = t
            .drift
            .first()
            .unwrap_or_else(|| panic!("{name} {ptr}: no drift recorded"));
        assert!(
            matches!(d.kind, DriftKind::InvalidValue { .. }),
            "{name} {ptr}: {d}"
        );
        assert_eq!(t.drift.len(), 1, "{name} {ptr}: {:?}", t.drift);
        // The value is shown where the field was; an odd element of a list or map stays
        // reachable through `extra()` (checked in the unit tests).
        if !in_array && !d.path.contains('{') {
            assert!(
                contains(&t.value, "zz_wrong"),
                "{name} {ptr}: the odd value is not in {}",
                t.value
            );
        }
        checked += 1;
    }
    assert!(checked > 700, "only {checked} fields checked");
}

#[test]
fn a_list_answered_as_one_bare_record_is_a_one_element_list() {
    let mut checked = 0;
    for (name, body, ptr, node) in all_nodes() {
        if node != Node::ArrayOfObjects {
            continue;
        }
        let mut drifted = body.clone();
        let Some(slot) = drifted.pointer_mut(&ptr) else {
            continue;
        };
        let Some(first) = slot.as_array().and_then(|a| a.first()).cloned() else {
            continue;
        };
        let single = slot.as_array().is_some_and(|a| a.len() == 1);
        *slot = first;
        let want = decode(name, &body).unwrap_or_else(|e| panic!("{e}"));
        let got = decode(name, &drifted).unwrap_or_else(|e| panic!("{e}"));
        if single {
            assert_eq!(got.value, want.value, "{name} {ptr}");
        }
        assert!(
            got.drift
                .iter()
                .any(|d| matches!(d.kind, DriftKind::ShapeFallback { .. })),
            "{name} {ptr}: {:?}",
            got.drift
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} lists checked");
}

/// A mutation of a sample body, as bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Splice { at: usize, bytes: Vec<u8> },
    ReplaceNode { node: usize, with: Value },
    SwapNodes { a: usize, b: usize },
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        Just(json!("0000-00-00")),
        Just(json!("Unlimited")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z0-9]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Splice { at, bytes }),
        (any::<usize>(), json_value())
            .prop_map(|(node, with)| Mutation::ReplaceNode { node, with }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapNodes { a, b }),
    ]
}

fn apply(body: &Value, m: &Mutation) -> Vec<u8> {
    let mut ns = Vec::new();
    nodes(body, "", false, &mut ns);
    let mut v = body.clone();
    match m {
        Mutation::Truncate(at) => {
            let bytes = serde_json::to_vec(body).unwrap_or_default();
            return bytes[..at % (bytes.len() + 1)].to_vec();
        }
        Mutation::Splice { at, bytes } => {
            let mut out = serde_json::to_vec(body).unwrap_or_default();
            let at = at % (out.len() + 1);
            out.splice(at..at, bytes.iter().copied());
            return out;
        }
        Mutation::ReplaceNode { node, with } => {
            if let Some((ptr, _)) = ns.get(node % ns.len().max(1))
                && let Some(slot) = v.pointer_mut(ptr)
            {
                *slot = with.clone();
            }
        }
        Mutation::SwapNodes { a, b } => {
            let pick = |i: &usize| ns.get(i % ns.len().max(1)).map(|(p, _)| p.clone());
            if let (Some(pa), Some(pb)) = (pick(a), pick(b))
                && !pa.starts_with(&pb)
                && !pb.starts_with(&pa)
                && let (Some(va), Some(vb)) = (body.pointer(&pa), body.pointer(&pb))
            {
                let (va, vb) = (va.clone(), vb.clone());
                if let Some(s) = v.pointer_mut(&pa) {
                    *s = vb;
                }
                if let Some(s) = v.pointer_mut(&pb) {
                    *s = va;
                }
            }
        }
    }
    serde_json::to_vec(&v).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// No body panics the decoder: truncated, spliced with random bytes, values and shapes
    /// swapped. Well-formed JSON with a `status` always decodes.
    #[test]
    fn no_mutated_body_panics_the_decoder(pick in any::<usize>(), ms in prop::collection::vec(mutation(), 1..4)) {
        let samples = samples();
        let (name, body) = &samples[pick % samples.len()];
        let mut bytes = serde_json::to_vec(body).unwrap_or_default();
        for m in &ms {
            let current: Value = match serde_json::from_slice(&bytes) {
                Ok(v) => v,
                Err(_) => break,
            };
            bytes = apply(&current, m);
        }
        let result = decode_typed_json(name, &bytes);
        prop_assert!(result.is_some());
        if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&bytes)
            && m.contains_key("status")
        {
            prop_assert!(matches!(result, Some(Ok(_))), "{name}: {result:?}");
        }
    }
}

/// `v` as JSON text with the keys of every object in an order given by `seed` (rotated, and
/// reversed when the seed is odd), so a decoder cannot rely on the order VoIP.ms uses.
fn reordered(v: &Value, seed: usize, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            if !entries.is_empty() {
                let n = entries.len();
                entries.rotate_left(seed % n);
            }
            if seed % 2 == 1 {
                entries.reverse();
            }
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                reordered(v, seed / 2 + i, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                reordered(item, seed + i, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The decoder tries the field after the last one read first (VoIP.ms sends them in spec
    /// order); in any other order, and with a field sent twice (the last one counts), a body
    /// decodes to the same typed values and the same drift.
    #[test]
    fn field_order_does_not_change_what_is_decoded(pick in any::<usize>(), seed in any::<usize>()) {
        let samples = samples();
        let (name, body) = &samples[pick % samples.len()];
        let in_order = decode(name, body).map_err(TestCaseError::fail)?;
        let mut text = String::new();
        reordered(body, seed, &mut text);
        let shuffled = match decode_typed_json(name, text.as_bytes()) {
            Some(Ok(t)) => t,
            other => return Err(TestCaseError::fail(format!("{name}: {other:?} for {text}"))),
        };
        prop_assert_eq!(&in_order.value, &shuffled.value, "{}: {}", name, text);
        prop_assert_eq!(in_order.drift.len(), shuffled.drift.len());
        // The same body with its first field sent twice, a wrong value first.
        if let Value::Object(m) = body
            && let Some(k) = m.keys().find(|k| *k != "status")
        {
            let rest = text.strip_prefix('{').unwrap_or(&text);
            let twice = format!(
                "{{{}:{},{}",
                Value::String(k.clone()),
                json!({"not": "this"}),
                rest
            );
            let last_wins = match decode_typed_json(name, twice.as_bytes()) {
                Some(Ok(t)) => t,
                other => return Err(TestCaseError::fail(format!("{name}: {other:?} for {twice}"))),
            };
            prop_assert_eq!(
                last_wins.value.get(k.as_str()),
                in_order.value.get(k.as_str()),
                "{}: {} sent twice in {}", name, k, twice
            );
        }
    }
}
