//! What is emitted when the attribute or function is wrong: the errors, and a function of the
//! shape the macro would have generated (`&Tensor` in, `Tensor` out), so that call sites written
//! for the primitive compile and the user sees only the mistake itself.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{FnArg, ItemFn};

use crate::ast::{self, Kind};

pub fn emit(error: syn::Error, item: TokenStream) -> TokenStream {
    let errors = error.to_compile_error();
    match syn::parse2::<ItemFn>(item.clone()) {
        // A method has no generated shape (a primitive is a free function): its callers were
        // written for the method, so it stays as written.
        Ok(func) if func.sig.receiver().is_none() => {
            let stub = generated_shape(&func);
            quote!(#errors #stub)
        }
        Ok(func) => {
            let func = without_constant_markers(func);
            quote!(#errors #[allow(dead_code)] #func)
        }
        // Not a function: the error says so; the item itself stays as written.
        Err(_) => quote!(#errors #item),
    }
}

fn without_constant_markers(mut func: ItemFn) -> ItemFn {
    for input in &mut func.sig.inputs {
        if let FnArg::Typed(typed) = input {
            typed.attrs.retain(|a| !a.path().is_ident("constant"));
        }
    }
    func
}

/// The user's attributes, visibility and name over the generated signature, with a body that
/// never runs (the crate does not compile). The user's own function is kept inside it, so that
/// the helpers it calls are not reported as unused.
fn generated_shape(func: &ItemFn) -> TokenStream {
    let pv = quote!(::autograd::__private);
    let sig = &func.sig;
    let kind = ast::kind_of(sig);
    let inputs = sig.inputs.iter().map(|input| match input {
        FnArg::Typed(typed) if takes_tensor(kind, typed) => {
            let pat = &typed.pat;
            quote!(#pat: &#pv::Tensor)
        }
        FnArg::Typed(typed) => {
            let (pat, ty) = (&typed.pat, &typed.ty);
            quote!(#pat: #ty)
        }
        FnArg::Receiver(receiver) => receiver.to_token_stream(),
    });
    let (attrs, vis, name) = (&func.attrs, &func.vis, &sig.ident);
    let (generics, where_clause) = (&sig.generics, &sig.generics.where_clause);
    let original = original(func, kind);
    let output = match &sig.output {
        syn::ReturnType::Type(_, ty) if ast::array_tuple(ty).is_some() => {
            let each = (0..ast::array_tuple(ty).unwrap_or(1)).map(|_| quote!(#pv::Tensor));
            quote!((#(#each),*))
        }
        _ => quote!(#pv::Tensor),
    };
    quote! {
        #(#attrs)*
        #[allow(dead_code, unused_variables, clippy::too_many_arguments)]
        #vis fn #name #generics(#(#inputs),*) -> #output #where_clause {
            #original
            ::core::panic!()
        }
    }
}

/// Whether the generated function would take this argument as `&Tensor`.
fn takes_tensor(kind: Kind, arg: &syn::PatType) -> bool {
    match kind {
        Kind::Elementwise => ast::is_ident(&arg.ty, "f64") && !ast::marked_constant(arg),
        Kind::TensorLevel => ast::mentions_tensor(&arg.ty),
    }
}

/// The user's function, renamed and without `#[constant]` markers; a tensor-level one sees
/// `Array` and `Elem` for `f64`, as the generated code's `f64` instance does. Omitted where it
/// cannot stand alone: a function that is itself generic.
fn original(func: &ItemFn, kind: Kind) -> TokenStream {
    let sig = &func.sig;
    if !sig.generics.params.is_empty() {
        return TokenStream::new();
    }
    let mut original = without_constant_markers(func.clone());
    original.attrs.clear();
    original.vis = syn::Visibility::Inherited;
    original.sig.ident = syn::Ident::new("__autograd_original", sig.ident.span());
    match kind {
        Kind::Elementwise => original.into_token_stream(),
        Kind::TensorLevel => quote! {
            #[allow(unused_imports)]
            use ::autograd::__private::Element as _;
            type Elem = f64;
            type Array = ::autograd::__private::ndarray::ArrayD<f64>;
            #original
        },
    }
}
