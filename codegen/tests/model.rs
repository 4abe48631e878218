//! The model of the real spec: facts the generated crate relies on.

use std::path::Path;

use voipms_codegen::{model, spec};

fn real_spec() -> spec::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    spec::load_dir(&dir).unwrap_or_else(|d| panic!("spec/ is invalid:\n{d}"))
}

/// Every function the spec limits gets `impl DateRanged` (over `date` fields), and each is a
/// read, which the range helper may repeat window by window.
#[test]
fn every_range_limited_function_is_date_ranged() {
    let spec = real_spec();
    let api = model::lower(&spec);
    let limited: Vec<_> = api
        .functions
        .iter()
        .filter(|f| f.spec.date_range.is_some())
        .collect();
    assert_eq!(limited.len(), 14);
    for f in limited {
        let d = f
            .date_ranged
            .as_ref()
            .unwrap_or_else(|| panic!("{} has a date_range but no DateRanged", f.spec.name));
        assert!(
            matches!(d.record, model::RustType::Nested { .. }),
            "{}",
            f.spec.name
        );
        assert_eq!(
            f.spec.kind,
            spec::Kind::Read,
            "{} is a list read",
            f.spec.name
        );
    }
}

/// No positional constructor takes two adjacent arguments of one type (a swap would compile);
/// those that would take them by name, and constructors whose positions differ in type stay
/// positional.
#[test]
fn no_positional_constructor_has_swappable_neighbours() {
    let spec = real_spec();
    let api = model::lower(&spec);
    for f in &api.functions {
        let required: Vec<_> = f.fields.iter().filter(|p| p.setter.is_none()).collect();
        let swappable = required.windows(2).any(|w| w[0].arg == w[1].arg);
        assert_eq!(
            f.args.is_some(),
            swappable,
            "{}: named arguments exactly when two neighbours share a type",
            f.spec.name
        );
    }
    let args = |name: &str| {
        api.functions
            .iter()
            .find(|f| f.spec.name == name)
            .unwrap_or_else(|| panic!("{name} in the spec"))
            .args
            .clone()
    };
    assert_eq!(
        args("createSubAccount").as_deref(),
        Some("CreateSubAccountArgs")
    );
    assert_eq!(args("sendSMS").as_deref(), Some("SendSmsArgs"));
    assert_eq!(args("getCDR").as_deref(), Some("GetCdrArgs"));
    // A DID and a routing target: positions of different types.
    assert_eq!(args("setDIDRouting"), None);
}

/// A value set is compiled with exactly the categories whose functions name it (in a
/// parameter or anywhere in a response), so turning a category off never removes a set one
/// of its functions needs, and a set no enabled category uses is not compiled.
#[test]
fn a_value_set_is_compiled_with_the_categories_that_use_it() {
    let spec = real_spec();
    let api = model::lower(&spec);
    let features_of = |name: &str| {
        api.value_sets
            .iter()
            .find(|vs| vs.name == name)
            .map(|vs| vs.features.clone())
            .unwrap_or_else(|| panic!("no value set {name}"))
    };
    for f in &spec.functions {
        for set in f.value_sets() {
            assert!(
                features_of(set).contains(&f.feature.as_str()),
                "{} uses {set} but its feature `{}` does not compile it",
                f.name,
                f.feature
            );
        }
    }
    for vs in &api.value_sets {
        for feature in &vs.features {
            assert!(
                spec.functions
                    .iter()
                    .any(|f| f.feature == *feature && f.value_sets().contains(&vs.name.as_str())),
                "{} is compiled with `{feature}`, which does not use it",
                vs.name
            );
        }
    }
    // getSMS (dids) and getResellerSMS (cdr) both take and answer a message type.
    assert_eq!(features_of("MessageType"), ["cdr", "dids"]);
}
