//! The generated gradient check of a primitive, its registration in the registry, and a
//! `#[test]` that runs it.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use super::{name_str, private};
use crate::ast::{Kind, Output, Primitive, Role};
use crate::valid;

/// The generated gradient check, its registration, and a `#[test]` that runs it.
pub fn check_and_register(p: &Primitive) -> TokenStream {
    let pv = private();
    let name = &p.func.sig.ident;
    let label = name_str(p);
    let check_fn = format_ident!("__autograd_check_{}", name);
    let test_mod = format_ident!("__autograd_test_{}", name);
    let suffix = format!("::{test_mod}");
    let example = |arg: &Ident| p.attr.examples.iter().find(|e| e.name == *arg).map(|e| &e.value);
    let shapes = p.tensor_args().enumerate().map(|(k, a)| match example(&a.name) {
        Some(shape) => quote!(&#shape),
        None => match (p.kind, k) {
            (Kind::Elementwise, 0) => quote!(&[2, 3]),
            (Kind::Elementwise, _) => quote!(&[3]),
            (Kind::TensorLevel, _) => quote!(&[3, 3]),
        },
    });
    let mut tensor_index = 0usize;
    let call_args = p.args.iter().map(|a| match a.role {
        Role::Tensor => {
            let i = tensor_index;
            tensor_index += 1;
            quote!(&__t[#i])
        }
        Role::Constant => {
            let value = example(&a.name).expect("checked by valid");
            quote!(#value)
        }
    });
    let differentiable: Vec<bool> = if p.zerograd {
        p.tensor_args().map(|_| false).collect()
    } else {
        p.gradient_rules().map(|r| r.is_some()).collect()
    };
    let (low, high) = p
        .attr
        .domain
        .as_ref()
        .and_then(|(_, range)| valid::domain_bounds(range))
        .unwrap_or((-2.0, 2.0));
    let kind = match (p.zerograd, p.kind) {
        (true, _) => quote!(#pv::PrimitiveKind::ZeroGrad),
        (false, Kind::Elementwise) => quote!(#pv::PrimitiveKind::Elementwise),
        (false, Kind::TensorLevel) => quote!(#pv::PrimitiveKind::TensorLevel),
    };
    let prepare = match &p.attr.prepare {
        Some(path) => quote!(::std::option::Option::Some(#path)),
        None => quote!(::std::option::Option::None),
    };
    // Every output of a multi-output primitive enters the checked function, through a fixed
    // random linear combination (a wrong rule for any output shows).
    let call = match p.output {
        Output::Arrays(n) => {
            let outs = super::output_idents(n);
            quote! {
                let (#(#outs),*) = #name(#(#call_args),*);
                #pv::combine_outputs(&[#(#outs),*])
            }
        }
        _ => quote!(#name(#(#call_args),*)),
    };
    let span = Span::call_site();
    quote::quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_snake_case, dead_code)]
        fn #check_fn() -> #pv::CheckResult {
            #pv::check_primitive(
                &#pv::CheckSpec {
                    name: #label,
                    kind: #kind,
                    domain: (#low, #high),
                    shapes: &[#(#shapes),*],
                    differentiable: &[#(#differentiable),*],
                    prepare: #prepare,
                },
                &|__t: &[#pv::Tensor]| -> #pv::Tensor { #call },
            )
        }

        #pv::inventory::submit! {
            #pv::PrimitiveInfo {
                name: #label,
                module: ::std::module_path!(),
                kind: #kind,
                check: #check_fn,
            }
        }

        // The test finds the check through the registry rather than as `super::#check_fn`:
        // for a primitive defined inside a function body (a `#[test]`, say), `super::` is the
        // enclosing module, which cannot see the function's items. There Rust cannot run the
        // test either (an inner item), so it stays quiet instead of warning.
        #[cfg(test)]
        #[allow(non_snake_case, dead_code, unnameable_test_items)]
        mod #test_mod {
            #[test]
            fn gradients_match_central_differences() {
                let __module = ::std::module_path!();
                let __defined_in = __module.strip_suffix(#suffix).unwrap_or(__module);
                let mut __checked = false;
                for __p in #pv::inventory::iter::<#pv::PrimitiveInfo> {
                    if __p.name == #label && __p.module == __defined_in {
                        #pv::assert_check(#label, (__p.check)());
                        __checked = true;
                    }
                }
                ::std::assert!(__checked, "`{}` is not registered", #label);
            }
        }
    }
}
