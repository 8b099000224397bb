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
    let output = output_type(p);
    quote! {
        #(#attrs)*
        #gradient_doc
        #[allow(clippy::too_many_arguments)]
        #[track_caller]
        #vis fn #name(#(#signature),*) -> #output {
            #pv::entry(|| { #body })
        }
        #check
    }
}

/// `Tensor`, or `(Tensor, Tensor, ...)` for a multi-output primitive.
pub(crate) fn output_type(p: &Primitive) -> TokenStream {
    let pv = private();
    match p.output {
        Output::Arrays(n) => {
            let each = (0..n).map(|_| quote!(#pv::Tensor));
            quote!((#(#each),*))
        }
        _ => quote!(#pv::Tensor),
    }
}

/// Numbered names `__o0, __o1, ...`, one per output.
pub(crate) fn output_idents(n: usize) -> Vec<Ident> {
    (0..n).map(|k| quote::format_ident!("__o{}", k)).collect()
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
                #pv::Outputs::from_elem(
                    #pv::map_tensors(#name, [#(&__args[#indices]),*], #k32, #k64),
                    1,
                )
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
                match p.output {
                    Output::Arrays(n) => {
                        let outs = output_idents(n);
                        quote! {{
                            let (#(#outs),*) = __forward::<#elem>(#(#args),*);
                            [#(#pv::Tensor::from_array(#outs)),*].into_iter().collect()
                        }}
                    }
                    _ => quote! {
                        #pv::Outputs::from_elem(
                            #pv::Tensor::from_array(__forward::<#elem>(#(#args),*)),
                            1,
                        )
                    },
                }
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
    // A single output always has its gradient when the backward pass reaches the node.
    let single_output = match p.output {
        Output::Arrays(_) => quote!(),
        _ => quote! {
            let __dy: &#pv::Tensor = __dys[0].as_ref().expect("the output's gradient");
            let __y: &#pv::Tensor = &__ys[0];
        },
    };
    let op = quote!(__Op { #(#captures),* });
    let apply = match p.output {
        Output::Arrays(n) => {
            let outs = output_idents(n);
            quote! {{
                let mut __outputs = #pv::apply_outputs(#op, &[#(#names),*]).into_iter();
                #(let #outs = __outputs.next().expect("one tensor per output");)*
                (#(#outs),*)
            }}
        }
        _ => quote!(#pv::apply(#op, &[#(#names),*])),
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
            fn forward(&self, __args: &[#pv::Tensor]) -> #pv::Outputs {
                #(#bindings)*
                #forward
            }

            #[allow(unused_variables, clippy::redundant_locals)]
            fn backward(
                &self,
                __arg: usize,
                __dys: &[::std::option::Option<#pv::Tensor>],
                __args: &[#pv::Tensor],
                __ys: &[#pv::Tensor],
            ) -> ::std::option::Option<#pv::Tensor> {
                #(#bindings)*
                #single_output
                #rules
            }

            #describe
        }
        #apply
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
    let several = p.output_count() > 1;
    let arms = p.incoming_rules().enumerate().filter_map(|(k, rule)| {
        let (incoming, expr) = rule?;
        let bind = if several {
            // `dq: Option<&Tensor>` (None: `q` took no part), and the output `q` itself.
            let outputs = incoming.iter().map(|dy| ast::output_name(dy).expect("checked"));
            let positions: Vec<usize> = (0..incoming.len()).collect();
            quote! {
                #(let #incoming: ::std::option::Option<&#pv::Tensor> = __dys[#positions].as_ref();)*
                #(let #outputs: &#pv::Tensor = &__ys[#positions];)*
            }
        } else {
            let dy = incoming[0];
            quote!(let #dy: &#pv::Tensor = __dy;)
        };
        Some(quote! {
            #k => {
                #bind
                ::std::option::Option::Some(::std::convert::Into::<#pv::Tensor>::into(#expr))
            }
        })
    });
    let y = if several { quote!() } else { quote!(let y: &#pv::Tensor = __y;) };
    quote! {
        #(let #names: &#pv::Tensor = &__args[#indices];)*
        #y
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
