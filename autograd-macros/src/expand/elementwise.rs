//! The kernels of an element-wise primitive: its body, and each gradient rule on the fused
//! first-order path, compiled for `f32` and `f64`.
//!
//! The `f64` kernel is the text as written. The `f32` kernel is the same text respelled for
//! `f32` (the type `f64`, `std::f64::consts`, `1.0f64`) when the text is self-contained (see
//! [`rewrite::self_contained`]): that keeps it a pure f32 loop. A text that reaches outside itself,
//! such as a call of the user's own `fn(f64) -> f64`, may exist for `f64` only, so its `f32`
//! kernel widens each input to `f64`, runs the `f64` text and rounds the result.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::Ident;

use super::{private, tensor_names};
use crate::ast::{self, Output, Primitive};
use crate::rewrite;

/// The `f32` and `f64` kernels of the function body.
pub fn body_kernels(p: &Primitive) -> (TokenStream, TokenStream) {
    let names = tensor_names(p);
    let scope: Vec<&Ident> = p.args.iter().map(|a| &a.name).collect();
    let block = &p.func.block;
    // The statements are spliced into the kernel's own braces: a one-line body written as
    // the kernel's tail `{ x * x }` would trip `unused_braces` on the user's tokens.
    let statements = |block: &syn::Block| {
        let stmts = &block.stmts;
        match p.output {
            Output::Bool => quote!(if (move || -> bool { #(#stmts)* })() { 1.0 } else { 0.0 }),
            _ => quote!(#(#stmts)*),
        }
    };
    let native = rewrite::self_contained(&**block, &scope).then(|| {
        let mut block32 = (**block).clone();
        rewrite::ToF32.visit_block_mut(&mut block32);
        statements(&block32)
    });
    kernels(p, &names, native, statements(block))
}

/// The `f32` and `f64` kernels over the closure parameters `bindings`: natively from `text32`
/// when given, else by widening to the `f64` text.
fn kernels(
    p: &Primitive,
    bindings: &[&Ident],
    text32: Option<TokenStream>,
    text64: TokenStream,
) -> (TokenStream, TokenStream) {
    let n = bindings.len();
    let k64 = quote!(move |[#(#bindings),*]: [f64; #n]| -> f64 { #text64 });
    let k32 = match text32 {
        Some(text32) => {
            let narrow = f32_constants(p);
            quote!(move |[#(#bindings),*]: [f32; #n]| -> f32 { #narrow #text32 })
        }
        None => quote! {
            move |[#(#bindings),*]: [f32; #n]| -> f32 {
                let __kernel = #k64;
                __kernel([#(#bindings as f64),*]) as f32
            }
        },
    };
    (k32, k64)
}

/// In a native f32 kernel, `#[constant] c: f64` arguments are used as f32.
fn f32_constants(p: &Primitive) -> TokenStream {
    let narrowed = p.constant_args().filter(|a| ast::is_ident(&a.ty, "f64")).map(|a| {
        let n = &a.name;
        quote!(let #n = #n as f32;)
    });
    quote!(#(#narrowed)*)
}

/// `match __arg { k => gradient of argument k, … }`: the fused kernel when no outer tape records
/// (all inputs plain), else the rule on recorded tensors.
pub fn rules(p: &Primitive) -> TokenStream {
    let pv = private();
    let name = super::name_str(p);
    let names = tensor_names(p);
    let y = Ident::new("y", proc_macro2::Span::call_site());
    let arms = p.gradient_rules().enumerate().filter_map(|(k, rule)| {
        let (dy, expr) = rule?;
        let used = used_names(expr);
        // The fused kernel reads only the arrays the rule mentions: `dy * b` never touches `a`
        // or `y`, and a rule that is just `dy` needs no kernel at all.
        let mut arrays = vec![quote!(__dy)];
        let mut bindings = vec![dy];
        for (i, n) in names.iter().enumerate() {
            if used.contains(&n.to_string()) {
                arrays.push(quote!(&__args[#i]));
                bindings.push(n);
            }
        }
        if used.contains("y") {
            arrays.push(quote!(__y));
            bindings.push(&y);
        }
        let fused = if matches!(expr, syn::Expr::Path(path) if path.path.is_ident(dy)) {
            quote!(::std::clone::Clone::clone(__dy))
        } else {
            let mut scope: Vec<&Ident> = p.args.iter().map(|a| &a.name).collect();
            scope.extend([dy, &y]);
            let native = rewrite::self_contained(expr, &scope).then(|| {
                let mut expr32 = expr.clone();
                rewrite::ToF32.visit_expr_mut(&mut expr32);
                expr32.into_token_stream()
            });
            let (k32, k64) = kernels(p, &bindings, native, expr.to_token_stream());
            quote!(#pv::map_tensors(#name, [#(#arrays),*], #k32, #k64))
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
fn used_names(expr: &syn::Expr) -> HashSet<String> {
    struct Names(HashSet<String>);
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
