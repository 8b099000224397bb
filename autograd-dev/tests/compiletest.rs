//! Compile-fail UI tests of `#[primitive]`, `#[zerograd]` and `#[derive(Params)]`: each file in
//! `tests/ui/` is one mistake, and its `.stderr` is the error the user sees.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test -p autograd-dev --test compiletest`, then
//! read every changed `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
