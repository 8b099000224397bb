//! Code generation for `#[primitive]` and `#[zerograd]`.
//!
//! For `fn name(...)`, the user's function becomes `fn name(&Tensor, ...) -> Tensor`, whose body
//! defines the operation (`Op`: forward, and one gradient rule per argument) and applies it;
//! beside it, a registered gradient check and a `#[test]` that runs it.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::{Ident, ItemFn, Type};

use crate::args::Attribute;
use crate::ast::{self, Kind, Output, Primitive, Role};
use crate::{fallback, rewrite, valid};

pub fn primitive(attr: TokenStream, item: TokenStream, zerograd: bool) -> TokenStream {
    let attr_tokens = attr.clone();
    let parsed = syn::parse2::<Attribute>(attr).and_then(|attr| {
        let func = syn::parse2::<ItemFn>(item.clone())?;
        let p = ast::read(func, attr, zerograd)?;
        valid::check(&p, &attr_tokens)?;
        Ok(p)
    });
    match parsed {
        Ok(p) => generate(&p),
        Err(e) => fallback::emit(e, item),
    }
}

fn private() -> TokenStream {
    quote!(::autograd::__private)
}

fn generate(p: &Primitive) -> TokenStream {
    let pv = private();
    let func = &p.func;
    let (attrs, vis, name) = (&func.attrs, &func.vis, &func.sig.ident);
    let signature = p.args.iter().map(|a| {
        let n = &a.name;
        match a.role {
            Role::Tensor => quote!(#n: &#pv::Tensor),
            Role::Constant => {
                let ty = &a.ty;
                quote!(#n: #ty)
            }
        }
    });
    let body = match (p.zerograd, p.kind) {
        (false, _) => differentiable_body(p),
        (true, Kind::Elementwise) => zerograd_elementwise_body(p),
        (true, Kind::TensorLevel) => zerograd_tensor_body(p),
    };
    let check = check_and_register(p);
    quote! {
        #(#attrs)*
        #[allow(clippy::too_many_arguments)]
        #[track_caller]
        #vis fn #name(#(#signature),*) -> #pv::Tensor {
            #pv::entry(|| { #body })
        }
        #check
    }
}

fn name_str(p: &Primitive) -> String {
    p.func.sig.ident.to_string()
}

fn tensor_names(p: &Primitive) -> Vec<&Ident> {
    p.tensor_args().map(|a| &a.name).collect()
}

/// The element-wise kernels of the function body, for f32 and f64.
fn elementwise_kernels(p: &Primitive) -> (TokenStream, TokenStream) {
    let names = tensor_names(p);
    let n = names.len();
    let block = &p.func.block;
    let body = match p.output {
        Output::Bool => quote!({ if (move || -> bool #block)() { 1.0 } else { 0.0 } }),
        _ => block.to_token_stream(),
    };
    let body32 = rewrite::to_f32(&body);
    let narrow = f32_constants(p);
    (
        quote!(move |[#(#names),*]: [f32; #n]| -> f32 { #narrow #body32 }),
        quote!(move |[#(#names),*]: [f64; #n]| -> f64 #body),
    )
}

/// In an f32 kernel, `#[constant] c: f64` arguments are used as f32.
fn f32_constants(p: &Primitive) -> TokenStream {
    let narrowed = p.constant_args().filter(|a| ast::is_ident(&a.ty, "f64")).map(|a| {
        let n = &a.name;
        quote!(let #n = #n as f32;)
    });
    quote!(#(#narrowed)*)
}

/// How each constant is stored in the operation, bound in its methods, and captured.
struct Constant<'a> {
    name: &'a Ident,
    field_ty: TokenStream,
    binding: TokenStream,
    capture: TokenStream,
}

fn constants(p: &Primitive) -> Vec<Constant<'_>> {
    p.constant_args()
        .map(|a| {
            let name = &a.name;
            match &a.ty {
                Type::Reference(r) => {
                    let inner = &r.elem;
                    Constant {
                        name,
                        field_ty: quote!(<#inner as ::std::borrow::ToOwned>::Owned),
                        binding: quote! {
                            let #name: &#inner = ::std::borrow::Borrow::borrow(&self.#name);
                        },
                        capture: quote!(::std::borrow::ToOwned::to_owned(#name)),
                    }
                }
                ty => Constant {
                    name,
                    field_ty: ty.to_token_stream(),
                    binding: quote!(let #name: #ty = ::std::clone::Clone::clone(&self.#name);),
                    capture: quote!(#name),
                },
            }
        })
        .collect()
}

fn differentiable_body(p: &Primitive) -> TokenStream {
    let pv = private();
    let name = name_str(p);
    let names = tensor_names(p);
    let indices: Vec<usize> = (0..names.len()).collect();
    let consts = constants(p);
    let fields = consts.iter().map(|c| {
        let (n, t) = (c.name, &c.field_ty);
        quote!(#n: #t)
    });
    let bindings: Vec<_> = consts.iter().map(|c| &c.binding).collect();
    let captures = consts.iter().map(|c| {
        let (n, v) = (c.name, &c.capture);
        quote!(#n: #v)
    });
    let describe = if consts.is_empty() {
        quote!()
    } else {
        let parts = consts.iter().map(|c| {
            let n = c.name;
            let label = n.to_string();
            quote!(::std::format!("{} = {:?}", #label, &self.#n))
        });
        quote! {
            fn constants(&self) -> ::std::string::String {
                [#(#parts),*].join(", ")
            }
        }
    };
    let (helper, forward, rules) = match p.kind {
        Kind::Elementwise => {
            let (k32, k64) = elementwise_kernels(p);
            let forward = quote! {
                #pv::map_tensors(#name, [#(&__args[#indices]),*], #k32, #k64)
            };
            (quote!(), forward, elementwise_rules(p))
        }
        Kind::TensorLevel => {
            let helper = generic_helper(p);
            let call = |elem: TokenStream| {
                let args = p.args.iter().map(|a| {
                    let n = &a.name;
                    match a.role {
                        Role::Tensor => {
                            let i = names.iter().position(|t| *t == n).expect("tensor arg");
                            quote!(__args[#i].array::<#elem>())
                        }
                        Role::Constant => quote!(#n),
                    }
                });
                quote!(#pv::Tensor::from_array(__forward::<#elem>(#(#args),*)))
            };
            let (c32, c64) = (call(quote!(f32)), call(quote!(f64)));
            let forward = quote! {
                match #pv::common_dtype(#name, &[#(&__args[#indices]),*]) {
                    #pv::DType::F32 => #c32,
                    #pv::DType::F64 => #c64,
                }
            };
            (helper, forward, tensor_level_rules(p))
        }
    };
    quote! {
        #helper
        #[derive(Clone)]
        struct __Op { #(#fields),* }
        impl #pv::Op for __Op {
            fn name(&self) -> &'static str {
                #name
            }

            #[allow(unused_variables)]
            fn forward(&self, __args: &[#pv::Tensor]) -> #pv::Tensor {
                #(#bindings)*
                #forward
            }

            #[allow(unused_variables, clippy::redundant_locals)]
            fn backward(
                &self,
                __arg: usize,
                __dy: &#pv::Tensor,
                __args: &[#pv::Tensor],
                __y: &#pv::Tensor,
            ) -> ::std::option::Option<#pv::Tensor> {
                #(#bindings)*
                #rules
            }

            #describe
        }
        #pv::apply(__Op { #(#captures),* }, &[#(#names),*])
    }
}

/// `fn __forward<Elem: Element>(...)`: the user's tensor-level function, generic.
fn generic_helper(p: &Primitive) -> TokenStream {
    let pv = private();
    let inputs = p.args.iter().map(|a| {
        let (n, ty) = (&a.name, &a.ty);
        quote!(#n: #ty)
    });
    let output = &p.func.sig.output;
    let block = &p.func.block;
    rewrite::array_to_generic(quote! {
        #[allow(clippy::needless_pass_by_value)]
        fn __forward<Elem: #pv::Element>(#(#inputs),*) #output #block
    })
}

fn elementwise_rules(p: &Primitive) -> TokenStream {
    let pv = private();
    let name = name_str(p);
    let names = tensor_names(p);
    let narrow = f32_constants(p);
    let arms = p.gradient_rules().enumerate().filter_map(|(k, rule)| {
        let (dy, expr) = rule?;
        let expr32 = rewrite::to_f32(expr);
        let used = used_names(expr);
        // The fused kernel reads only the arrays the rule mentions: `dy * b` never touches `a`
        // or `y`, and a rule that is just `dy` needs no kernel at all.
        let mut arrays = vec![quote!(__dy)];
        let mut bindings = vec![quote!(#dy)];
        for (i, n) in names.iter().enumerate() {
            if used.contains(&n.to_string()) {
                arrays.push(quote!(&__args[#i]));
                bindings.push(quote!(#n));
            }
        }
        if used.contains("y") {
            arrays.push(quote!(__y));
            bindings.push(quote!(y));
        }
        let n = arrays.len();
        let fused = if matches!(expr, syn::Expr::Path(path) if path.path.is_ident(dy)) {
            quote!(::std::clone::Clone::clone(__dy))
        } else {
            quote! {
                #pv::map_tensors(
                    #name,
                    [#(#arrays),*],
                    move |[#(#bindings),*]: [f32; #n]| -> f32 { #narrow #expr32 },
                    move |[#(#bindings),*]: [f64; #n]| -> f64 { #expr },
                )
            }
        };
        let indices: Vec<usize> = (0..names.len()).collect();
        Some(quote! {
            #k => {
                let __g: #pv::Tensor = if #pv::all_plain(&[#(#arrays),*]) {
                    #fused
                } else {
                    let #dy: &#pv::Tensor = __dy;
                    #(let #names: &#pv::Tensor = &__args[#indices];)*
                    let y: &#pv::Tensor = __y;
                    ::std::convert::Into::<#pv::Tensor>::into(#expr)
                };
                ::std::option::Option::Some(__g.sum_to(__args[#k].shape()))
            }
        })
    });
    quote! {
        match __arg {
            #(#arms)*
            _ => ::std::option::Option::None,
        }
    }
}

/// The single-segment names an expression mentions (variables, and harmlessly some functions).
fn used_names(expr: &syn::Expr) -> std::collections::HashSet<String> {
    struct Names(std::collections::HashSet<String>);
    impl<'ast> syn::visit::Visit<'ast> for Names {
        fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
            if let Some(ident) = path.path.get_ident() {
                self.0.insert(ident.to_string());
            }
        }
    }
    let mut names = Names(Default::default());
    syn::visit::Visit::visit_expr(&mut names, expr);
    names.0
}

fn tensor_level_rules(p: &Primitive) -> TokenStream {
    let pv = private();
    let names = tensor_names(p);
    let indices: Vec<usize> = (0..names.len()).collect();
    let arms = p.gradient_rules().enumerate().filter_map(|(k, rule)| {
        let (dy, expr) = rule?;
        Some(quote! {
            #k => {
                let #dy: &#pv::Tensor = __dy;
                ::std::option::Option::Some(::std::convert::Into::<#pv::Tensor>::into(#expr))
            }
        })
    });
    quote! {
        #(let #names: &#pv::Tensor = &__args[#indices];)*
        let y: &#pv::Tensor = __y;
        match __arg {
            #(#arms)*
            _ => ::std::option::Option::None,
        }
    }
}

fn zerograd_elementwise_body(p: &Primitive) -> TokenStream {
    let pv = private();
    let name = name_str(p);
    let names = tensor_names(p);
    let (k32, k64) = elementwise_kernels(p);
    quote! {
        #(let #names: #pv::Tensor = #names.detach();)*
        #pv::map_tensors(#name, [#(&#names),*], #k32, #k64)
    }
}

fn zerograd_tensor_body(p: &Primitive) -> TokenStream {
    let pv = private();
    let name = name_str(p);
    let names = tensor_names(p);
    let helper = generic_helper(p);
    let call = |elem: TokenStream| {
        let args = p.args.iter().map(|a| {
            let n = &a.name;
            match a.role {
                Role::Tensor => quote!(#n.array::<#elem>()),
                Role::Constant => quote!(#n),
            }
        });
        quote!(#pv::Tensor::from_array(__forward::<#elem>(#(#args),*)))
    };
    let (c32, c64) = (call(quote!(f32)), call(quote!(f64)));
    quote! {
        #helper
        #(let #names: #pv::Tensor = #names.detach();)*
        match #pv::common_dtype(#name, &[#(&#names),*]) {
            #pv::DType::F32 => #c32,
            #pv::DType::F64 => #c64,
        }
    }
}

/// The generated gradient check, its registration, and a `#[test]` that runs it.
fn check_and_register(p: &Primitive) -> TokenStream {
    let pv = private();
    let name = &p.func.sig.ident;
    let label = name_str(p);
    let check_fn = format_ident!("__autograd_check_{}", name);
    let test_mod = format_ident!("__autograd_test_{}", name);
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
                &|__t: &[#pv::Tensor]| -> #pv::Tensor { #name(#(#call_args),*) },
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

        #[cfg(test)]
        #[allow(non_snake_case)]
        mod #test_mod {
            #[test]
            fn gradients_match_central_differences() {
                #pv::assert_check(#label, super::#check_fn());
            }
        }
    }
}
