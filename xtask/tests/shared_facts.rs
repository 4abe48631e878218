//! Facts both the generator (`voipms-codegen`) and the runtime (`voipms-api`) define, each
//! for itself: a function's kind, a boolean's wire form, the names of value types. The
//! generator decides them from the spec; the runtime needs them compiled in. This test fails
//! when the two disagree: in variants (the conversions below match exhaustively both ways,
//! so a variant added on one side does not compile here until the other has it), in wire
//! spellings, and in `Display`.

use std::path::Path;

use voipms_api::meta::{self as runtime, WireType};
use voipms_codegen::spec::{self, BoolForm, Kind, Type};

const FORMS: [BoolForm; 3] = [BoolForm::OneZero, BoolForm::YesNo, BoolForm::TrueFalse];
const KINDS: [Kind; 3] = [Kind::Read, Kind::Write, Kind::Spend];

fn bool_to_runtime(f: BoolForm) -> runtime::BoolForm {
    // Listed in FORMS as well: a new form is added to both.
    match f {
        BoolForm::OneZero => runtime::BoolForm::OneZero,
        BoolForm::YesNo => runtime::BoolForm::YesNo,
        BoolForm::TrueFalse => runtime::BoolForm::TrueFalse,
    }
}

fn bool_from_runtime(f: runtime::BoolForm) -> BoolForm {
    match f {
        runtime::BoolForm::OneZero => BoolForm::OneZero,
        runtime::BoolForm::YesNo => BoolForm::YesNo,
        runtime::BoolForm::TrueFalse => BoolForm::TrueFalse,
    }
}

fn kind_to_runtime(k: Kind) -> runtime::Kind {
    match k {
        Kind::Read => runtime::Kind::Read,
        Kind::Write => runtime::Kind::Write,
        Kind::Spend => runtime::Kind::Spend,
    }
}

fn kind_from_runtime(k: runtime::Kind) -> Kind {
    match k {
        runtime::Kind::Read => Kind::Read,
        runtime::Kind::Write => Kind::Write,
        runtime::Kind::Spend => Kind::Spend,
    }
}

/// Every runtime type, and a list of each.
fn runtime_types() -> Vec<WireType> {
    let scalars = [
        WireType::String,
        WireType::Integer,
        WireType::Decimal,
        WireType::Phone,
        WireType::Id,
        WireType::Date,
        WireType::DateTime,
        WireType::Timestamp,
        WireType::Routing,
        WireType::Bool(runtime::BoolForm::YesNo),
        WireType::Enum {
            name: "DtmfMode",
            values: &["auto"],
        },
        WireType::Count {
            name: "ConferenceLimit",
            values: &["Unlimited"],
        },
    ];
    // Exhaustive: a new runtime type is added to the list above.
    for t in &scalars {
        match t {
            WireType::String
            | WireType::Integer
            | WireType::Decimal
            | WireType::Phone
            | WireType::Id
            | WireType::Date
            | WireType::DateTime
            | WireType::Timestamp
            | WireType::Routing
            | WireType::Bool(_)
            | WireType::Enum { .. }
            | WireType::Count { .. }
            | WireType::List { .. } => {}
        }
    }
    let lists = scalars.map(|t| WireType::List {
        item: Box::leak(Box::new(t)),
        sep: ";",
    });
    scalars.into_iter().chain(lists).collect()
}

#[test]
fn boolean_forms_agree() {
    for f in FORMS {
        let r = bool_to_runtime(f);
        assert_eq!(bool_from_runtime(r), f);
        assert_eq!(f.wire(), (r.spell(true), r.spell(false)), "{f:?}");
        assert_eq!(runtime::BoolForm::read(f.wire().0), Some(true), "{f:?}");
        assert_eq!(runtime::BoolForm::read(f.wire().1), Some(false), "{f:?}");
        assert_eq!(
            Type::Bool(f).to_string(),
            WireType::Bool(r).to_string(),
            "{f:?}"
        );
    }
}

#[test]
fn kinds_agree() {
    for k in KINDS {
        let r = kind_to_runtime(k);
        assert_eq!(kind_from_runtime(r), k);
        assert_eq!(k.as_str(), r.as_str());
    }
}

/// Every runtime type prints as the spec type it stands for (the spec types the generator
/// emits are compared on the real table below).
#[test]
fn type_names_agree() {
    for r in runtime_types() {
        let text = r.to_string();
        let ty = Type::parse(&text).unwrap_or_else(|e| panic!("`{text}`: {e}"));
        assert_eq!(ty.to_string(), text);
    }
}

/// The generated metadata table says what the spec says: kinds, parameters, their types.
#[test]
fn the_metadata_table_follows_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = spec::load_dir(&root.join("spec")).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(voipms_api::catalog::FUNCTIONS.len(), spec.functions.len());
    for (r, s) in voipms_api::catalog::FUNCTIONS.iter().zip(&spec.functions) {
        assert_eq!(r.name, s.name);
        assert_eq!(kind_from_runtime(r.kind), s.kind, "{}", s.name);
        assert_eq!(r.params.len(), s.params.len(), "{}", s.name);
        for (rp, sp) in r.params.iter().zip(&s.params) {
            assert_eq!(rp.name, sp.name, "{}", s.name);
            assert_eq!(
                rp.ty.to_string(),
                sp.ty.to_string(),
                "{}.{}",
                s.name,
                sp.name
            );
            assert_eq!(rp.required, sp.required, "{}.{}", s.name, sp.name);
        }
    }
}

/// The spec validator's rule for a value ([`Type::fit`]) and the runtime's
/// ([`WireType::first_invalid`]) agree on every parameter example of the spec in wire form:
/// an example the spec accepts is one the client sends. Booleans and phone numbers are left
/// out: the client rewrites their other spellings first (the validation tests cover that).
#[test]
fn spec_examples_the_spec_accepts_pass_the_runtime_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = spec::load_dir(&root.join("spec")).unwrap_or_else(|d| panic!("{d}"));
    let in_set = |set: &str, v: &str| {
        spec.value_set(set)
            .is_some_and(|s| s.values.iter().any(|e| e.wire == v))
    };
    let rewritten = |ty: &Type| {
        let item = match ty {
            Type::List { item, .. } => item.as_ref(),
            other => other,
        };
        matches!(item, Type::Bool(_) | Type::Phone)
    };
    let mut checked = 0;
    let mut disagree = Vec::new();
    for (r, s) in voipms_api::catalog::FUNCTIONS.iter().zip(&spec.functions) {
        for (rp, sp) in r.params.iter().zip(&s.params) {
            let Some(example) = sp.example.as_deref().filter(|e| !e.trim().is_empty()) else {
                continue;
            };
            if rewritten(&sp.ty) || sp.ty.fit(example, &in_set) != spec::Fit::Fits {
                continue;
            }
            checked += 1;
            if let Some((part, ty)) = rp.ty.first_invalid(example) {
                disagree.push(format!(
                    "{}.{} = {example:?}: `{part}` is not {ty}",
                    s.name, sp.name
                ));
            }
        }
    }
    assert!(checked > 100, "only {checked} examples checked");
    assert!(disagree.is_empty(), "{disagree:#?}");
}
