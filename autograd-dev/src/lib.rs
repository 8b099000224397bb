//! Development only: the benchmark binary, the criterion bench, the compile-fail (UI) tests and
//! checks on the repository itself. Never published; the facade's dev-dependencies stay what its
//! examples and tests need, so a user's first build compiles none of this.
#![deny(unsafe_code)]
