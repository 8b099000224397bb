//! Procedural macros of the `autograd` crate: `#[primitive]`, `#[zerograd]` and
//! `#[derive(Params)]`. Use them through `autograd` (or `autograd::prelude`); the generated code
//! refers to `::autograd::__private`.
//!
//! The stages: `args` parses the attribute, `ast` reads the function into a typed form,
//! `valid` checks it, `expand` generates code, `fallback` is what is emitted on error
//! (`rewrite` holds the typed substitutions that compile one text for each element type,
//! `derive_params` is the derive).

#![deny(unsafe_code)]

mod args;
mod ast;
mod derive_params;
mod expand;
mod fallback;
mod rewrite;
mod valid;

use proc_macro::TokenStream;

/// Makes a function a differentiable primitive; see the `autograd` crate's documentation.
#[proc_macro_attribute]
pub fn primitive(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::primitive(attr.into(), item.into(), false).into()
}

/// Makes a function a primitive whose output never carries a gradient.
#[proc_macro_attribute]
pub fn zerograd(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::primitive(attr.into(), item.into(), true).into()
}

/// Implements `Params` for a struct or enum by visiting its fields in order.
#[proc_macro_derive(Params, attributes(params))]
pub fn derive_params(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive_params::expand(input).into()
}
