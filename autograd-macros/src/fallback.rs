//! What is emitted when the attribute or function is wrong: the errors, and the user's function
//! itself so that call sites do not cascade into more errors.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(error: syn::Error, item: TokenStream) -> TokenStream {
    let errors = error.to_compile_error();
    let item = crate::rewrite::array_to_f64(item);
    quote! {
        #errors
        #[allow(dead_code)]
        #item
    }
}
