//! Code generation for `#[primitive]` and `#[zerograd]`.
//!
//! For `fn name(...)`, the user's function becomes `fn name(&Tensor, ...) -> Tensor`, whose body
//! defines the operation (`Op`: forward, and one gradient rule per argument) and applies it;
//! beside it, a registered gradient check and a `#[test]` that runs it (`check`). Its doc
//! comment gains a "Gradient" section written from the attribute (`docs`); the element-wise
//! kernels are in `elementwise`.

mod check;
mod docs;
mod elementwise;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{Ident, ItemFn, Type};

use crate::args::Attribute;
use crate::ast::{self, Kind, Primitive, Role};
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

pub(crate) fn private() -> TokenStream {
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
    let check = check::check_and_register(p);
    let gradient_doc = docs::gradient_section(p);
    quote! {
        #(#attrs)*
        #gradient_doc
        #[allow(clippy::too_many_arguments)]
        #[track_caller]
        #vis fn #name(#(#signature),*) -> #pv::Tensor {
            #pv::entry(|| { #body })
        }
        #check
    }
}

pub(crate) fn name_str(p: &Primitive) -> String {
    p.func.sig.ident.to_string()
}

pub(crate) fn tensor_names(p: &Primitive) -> Vec<&Ident> {
    p.tensor_args().map(|a| &a.name).collect()
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
            let (k32, k64) = elementwise::body_kernels(p);
            let forward = quote! {
                #pv::map_tensors(#name, [#(&__args[#indices]),*], #k32, #k64)
            };
            (quote!(), forward, elementwise::rules(p))
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

/// `fn __forward<Elem: Element>(...)`: the user's tensor-level function, generic, with `Array`
/// spelled `ArrayD<Elem>`.
fn generic_helper(p: &Primitive) -> TokenStream {
    let pv = private();
    let inputs = p.args.iter().map(|a| {
        let (n, ty) = (&a.name, &a.ty);
        quote!(#n: #ty)
    });
    let output = &p.func.sig.output;
    let block = &p.func.block;
    let mut helper: ItemFn = syn::parse_quote! {
        #[allow(clippy::needless_pass_by_value)]
        fn __forward<Elem: #pv::Element>(#(#inputs),*) #output #block
    };
    rewrite::ArrayToGeneric::default().visit_item_fn_mut(&mut helper);
    helper.into_token_stream()
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
    let (k32, k64) = elementwise::body_kernels(p);
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
