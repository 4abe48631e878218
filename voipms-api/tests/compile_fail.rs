//! A forgotten required parameter does not compile; the right parameters do; arguments that
//! could be swapped silently are taken by name only.

// The cases use requests of several categories.
#![cfg(feature = "all-categories")]

#[test]
fn required_parameters_are_enforced_by_the_compiler() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/required_given.rs");
    t.compile_fail("tests/ui/missing_required.rs");
    t.compile_fail("tests/ui/unknown_setter.rs");
}

#[test]
fn swappable_arguments_are_named_and_each_is_required() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/missing_named_argument.rs");
    t.compile_fail("tests/ui/positional_swappable.rs");
}

#[test]
fn records_takes_only_requests_holding_their_dates() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/records_with_range.rs");
    t.compile_fail("tests/ui/records_without_range.rs");
}
