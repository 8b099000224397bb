//! What is emitted when the attribute or function is wrong: the errors, and the user's function
//! itself so that call sites do not cascade into more errors.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(error: syn::Error, item: TokenStream) -> TokenStream {
    let errors = error.to_compile_error();
    let item = crate::rewrite::array_to_f64(without_constant_markers(item));
    quote! {
        #errors
        #[allow(dead_code)]
        #item
    }
}

/// The function with `#[constant]` removed from its arguments (the attribute is the macro's).
fn without_constant_markers(item: TokenStream) -> TokenStream {
    let Ok(mut func) = syn::parse2::<syn::ItemFn>(item.clone()) else { return item };
    for input in &mut func.sig.inputs {
        if let syn::FnArg::Typed(typed) = input {
            typed.attrs.retain(|a| !a.path().is_ident("constant"));
        }
    }
    quote::ToTokens::into_token_stream(func)
}
