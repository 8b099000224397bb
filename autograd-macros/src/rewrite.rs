//! Typed substitutions on the syntax tree: the one text of a body or gradient rule, compiled for
//! each element type. Each works on syn's tree (types, paths, literals), never on raw tokens, so
//! `ndarray::Array<f64, Ix2>` or a name that merely contains `f64` is left alone.

use std::collections::HashSet;

use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Expr, Ident, Token};

/// Whether an element-wise text (a body or a gradient rule) can be compiled natively for `f32`:
/// it mentions only its arguments (`scope`), its own locals, literals, method calls and `f64`'s
/// own items (`f64::EPSILON`, `std::f64::consts::PI`). Anything else, such as a call of the
/// user's own `fn(f64) -> f64`, a `const`, a macro or a nested item, may exist for `f64` only,
/// so the f32 kernel widens to `f64` instead.
pub fn self_contained(text: &impl SyntaxNode, scope: &[&Ident]) -> bool {
    let mut check =
        SelfContained { bound: scope.iter().map(|i| i.to_string()).collect(), ok: true };
    text.bind_into(&mut check);
    text.visit_with(&mut check);
    check.ok
}

/// A body (`syn::Block`) or a gradient rule (`syn::Expr`).
pub trait SyntaxNode {
    fn visit_with(&self, v: &mut SelfContained);
    fn bind_into(&self, v: &mut SelfContained);
}

impl SyntaxNode for syn::Block {
    fn visit_with(&self, v: &mut SelfContained) {
        v.visit_block(self);
    }
    fn bind_into(&self, v: &mut SelfContained) {
        Bindings(&mut v.bound).visit_block(self);
    }
}

impl SyntaxNode for Expr {
    fn visit_with(&self, v: &mut SelfContained) {
        v.visit_expr(self);
    }
    fn bind_into(&self, v: &mut SelfContained) {
        Bindings(&mut v.bound).visit_expr(self);
    }
}

/// Every name a pattern binds anywhere in the text: a superset of what is in scope at any point,
/// which is enough to tell a local from an item defined outside.
struct Bindings<'a>(&'a mut HashSet<String>);

impl<'ast> Visit<'ast> for Bindings<'_> {
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        self.0.insert(p.ident.to_string());
        syn::visit::visit_pat_ident(self, p);
    }
}

pub struct SelfContained {
    bound: HashSet<String>,
    ok: bool,
}

/// Scalar types that mean the same in both compilations (or, `f64`, are respelled).
const SCALARS: &[&str] =
    &["f32", "f64", "bool", "i8", "i16", "i32", "i64", "isize", "u8", "u16", "u32", "u64", "usize"];

impl<'ast> Visit<'ast> for SelfContained {
    fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
        let path = &e.path;
        let local = path.get_ident().is_some_and(|i| self.bound.contains(&i.to_string()));
        if e.qself.is_some() || !(local || float_item(path)) {
            self.ok = false;
        }
    }

    fn visit_type(&mut self, ty: &'ast syn::Type) {
        let scalar = matches!(ty, syn::Type::Path(p)
            if p.qself.is_none() && SCALARS.iter().any(|s| p.path.is_ident(s)));
        if !scalar {
            self.ok = false;
        }
    }

    // A struct literal, an enum pattern, a macro or a nested item names something from outside
    // (a unit variant pattern such as `None` is a path, seen above).
    fn visit_expr_struct(&mut self, _: &'ast syn::ExprStruct) {
        self.ok = false;
    }
    fn visit_pat_struct(&mut self, _: &'ast syn::PatStruct) {
        self.ok = false;
    }
    fn visit_pat_tuple_struct(&mut self, _: &'ast syn::PatTupleStruct) {
        self.ok = false;
    }
    fn visit_macro(&mut self, _: &'ast syn::Macro) {
        self.ok = false;
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {
        self.ok = false;
    }
}

/// `f64::…`, `f32::…`, `std::f64::…`, `core::f64::…`: items of the float types themselves.
fn float_item(path: &syn::Path) -> bool {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    match names.as_slice() {
        [first, _, ..] if path.leading_colon.is_none() && (first == "f64" || first == "f32") => {
            true
        }
        [krate, float, _, ..] => {
            (krate == "std" || krate == "core") && (float == "f64" || float == "f32")
        }
        _ => false,
    }
}

/// Respells a self-contained element-wise text for `f32`: the type `f64`, `f64::…` and
/// `std::f64::…` paths, and `f64`-suffixed literals.
pub struct ToF32;

impl VisitMut for ToF32 {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let relative = path.leading_colon.is_none();
        for (i, segment) in path.segments.iter_mut().enumerate() {
            // `f64` leads a path (`f64`, `f64::EPSILON`) or follows `std`/`core`.
            if segment.ident == "f64" && (i > 0 || relative) {
                segment.ident = Ident::new("f32", segment.ident.span());
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_lit_mut(&mut self, lit: &mut syn::Lit) {
        let respelled = match &*lit {
            syn::Lit::Float(f) if f.suffix() == "f64" => {
                Some(syn::LitFloat::new(&format!("{}f32", f.base10_digits()), f.span()))
            }
            syn::Lit::Int(i) if i.suffix() == "f64" => {
                Some(syn::LitFloat::new(&format!("{}f32", i.base10_digits()), i.span()))
            }
            _ => None,
        };
        if let Some(new) = respelled {
            *lit = syn::Lit::Float(new);
        }
    }
}

/// In a tensor-level function, `Array` means `ArrayD<Elem>`: a path whose first segment is the
/// bare `Array` (the type, or `Array::zeros`) is given the full path. `ndarray::Array<…>`,
/// `Array<f64, Ix2>` (the user's own import, with arguments) and `MyArray` are left alone.
/// Macro arguments that parse as comma-separated expressions (`vec![…]`, `assert_eq!(…)`) are
/// respelled too.
#[derive(Default)]
pub struct ArrayToGeneric {
    changed: bool,
}

impl VisitMut for ArrayToGeneric {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let bare_array = path.leading_colon.is_none()
            && path.segments.first().is_some_and(|s| s.ident == "Array" && s.arguments.is_empty());
        if bare_array {
            let span = path.segments[0].ident.span();
            let mut full: syn::Path = parse_quote!(::autograd::__private::ndarray::ArrayD::<Elem>);
            for segment in &mut full.segments {
                segment.ident.set_span(span);
            }
            full.segments.extend(path.segments.iter().skip(1).cloned());
            *path = full;
            self.changed = true;
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        let Ok(mut args) = syn::parse::Parser::parse2(parser, mac.tokens.clone()) else { return };
        let mut inner = ArrayToGeneric::default();
        for arg in &mut args {
            inner.visit_expr_mut(arg);
        }
        // Reprint only what changed: other macros keep their tokens exactly.
        if inner.changed {
            mac.tokens = quote::ToTokens::into_token_stream(args);
            self.changed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    fn contained(body: proc_macro2::TokenStream) -> bool {
        let block: syn::Block = syn::parse2(body).unwrap();
        let x = Ident::new("x", proc_macro2::Span::call_site());
        self_contained(&block, &[&x])
    }

    #[test]
    fn methods_literals_locals_and_float_items_are_self_contained() {
        assert!(contained(quote!({ x * x })));
        assert!(contained(quote!({
            let t: f64 = x.tanh();
            1.0 - t * t
        })));
        assert!(contained(quote!({ (x as f64).max(f64::EPSILON) * std::f64::consts::PI })));
        assert!(contained(quote!({
            if x > 0.0 {
                x
            } else {
                [1.0f64, 2.0].iter().map(|v| v * x).sum()
            }
        })));
    }

    #[test]
    fn calls_consts_macros_and_items_from_outside_are_not() {
        assert!(!contained(quote!({ helper(x) })));
        assert!(!contained(quote!({ x * SCALE })));
        assert!(!contained(quote!({ crate::util::f(x) })));
        assert!(!contained(quote!({
            debug_assert!(x > 0.0);
            x
        })));
        assert!(!contained(quote!({
            fn g(v: f64) -> f64 {
                v
            }
            g(x)
        })));
        assert!(!contained(quote!({
            let p = Point { x };
            p.x
        })));
        assert!(!contained(quote!({
            let t: MyFloat = x.into();
            t.0
        })));
    }

    #[test]
    fn to_f32_respells_types_float_paths_and_suffixes_only() {
        let mut block: syn::Block = syn::parse_quote!({
            let t: f64 = (x as f64) + 1.5f64 + 2f64 + f64::EPSILON + std::f64::consts::PI;
            t.max(0.5) + my_f64_value
        });
        ToF32.visit_block_mut(&mut block);
        let text = block.into_token_stream().to_string();
        let expected = quote!({
            let t: f32 = (x as f32) + 1.5f32 + 2f32 + f32::EPSILON + std::f32::consts::PI;
            t.max(0.5) + my_f64_value
        });
        assert_eq!(text, expected.to_string());
    }

    #[test]
    fn only_the_bare_array_path_becomes_arrayd_of_elem() {
        let mut item: syn::ItemFn = syn::parse_quote! {
            fn f(x: &Array) -> Array {
                let a: ndarray::Array<f64, ndarray::Ix2> = ndarray::Array::zeros((2, 2));
                let b = vec![Array::zeros(x.raw_dim())];
                let c: MyArray = MyArray;
                Array::from_elem(x.raw_dim(), Elem::of(a[[0, 0]]))
            }
        };
        ArrayToGeneric::default().visit_item_fn_mut(&mut item);
        let full = quote!(::autograd::__private::ndarray::ArrayD::<Elem>);
        let expected = quote! {
            fn f(x: &#full) -> #full {
                let a: ndarray::Array<f64, ndarray::Ix2> = ndarray::Array::zeros((2, 2));
                let b = vec![#full::zeros(x.raw_dim())];
                let c: MyArray = MyArray;
                #full::from_elem(x.raw_dim(), Elem::of(a[[0, 0]]))
            }
        };
        assert_eq!(item.into_token_stream().to_string(), expected.to_string());
    }
}
