//! `#[derive(Params)]`: visits every field in declaration order; `#[params(skip)]` skips one.
//!
//! Each type parameter that appears in a visited field gets a `Params` bound (as serde's derives
//! bound `T: Serialize`): `struct Chain<A, B> { first: A, second: B }` implements `Params` when
//! `A` and `B` do. A parameter used only in skipped fields gets none.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit::Visit;
use syn::{Data, DeriveInput, Fields, Ident};

pub fn expand(input: DeriveInput) -> TokenStream {
    match try_expand(input) {
        Ok(tokens) => tokens,
        Err(e) => e.to_compile_error(),
    }
}

fn try_expand(input: DeriveInput) -> syn::Result<TokenStream> {
    let name = &input.ident;
    let mut errors = misplaced(&input.attrs);
    let mut visited: Vec<&syn::Field> = Vec::new();
    let named_body = named_visit(&input);
    let body = match &input.data {
        Data::Struct(s) => {
            let members = fields(&s.fields, &mut errors);
            visited.extend(members.iter().map(|(_, f)| *f));
            let visits = members.iter().map(
                |(member, _)| quote!(::autograd::Params::collect_params(&self.#member, __out);),
            );
            quote!(#(#visits)*)
        }
        Data::Enum(e) => {
            let arms: Vec<_> = e
                .variants
                .iter()
                .map(|v| {
                    errors.extend(misplaced(&v.attrs));
                    let variant = &v.ident;
                    let members = fields(&v.fields, &mut errors);
                    visited.extend(members.iter().map(|(_, f)| *f));
                    let bindings: Vec<_> =
                        (0..members.len()).map(|i| quote::format_ident!("__field{}", i)).collect();
                    let members = members.iter().map(|(m, _)| m);
                    quote! {
                        #name::#variant { #(#members: #bindings,)* .. } => {
                            #(::autograd::Params::collect_params(#bindings, __out);)*
                        }
                    }
                })
                .collect();
            quote!(match self { #(#arms)* })
        }
        Data::Union(u) => {
            return Err(syn::Error::new_spanned(
                u.union_token,
                "`Params` cannot be derived for a union",
            ));
        }
    };
    let mut generics = input.generics.clone();
    let bounded = type_parameters_in(&input.generics, &visited);
    let where_clause = generics.make_where_clause();
    for param in input.generics.type_params().filter(|p| bounded.contains(&p.ident)) {
        let ident = &param.ident;
        where_clause.predicates.push(syn::parse_quote!(#ident: ::autograd::Params));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let implementation = quote! {
        #[automatically_derived]
        impl #impl_generics ::autograd::Params for #name #ty_generics #where_clause {
            fn collect_params(&self, __out: &mut ::std::vec::Vec<::autograd::Param>) {
                #body
            }

            fn collect_named_params(
                &self,
                __prefix: &str,
                __out: &mut ::std::vec::Vec<(::std::string::String, ::autograd::Param)>,
            ) {
                #named_body
            }
        }
    };
    // With a wrong `#[params]`, the impl is still emitted (as if it were absent), so that uses of
    // the type do not cascade into "`Params` is not implemented".
    let errors = crate::valid::combine(errors).err().map(|e| e.to_compile_error());
    Ok(quote!(#errors #implementation))
}

/// The body of `collect_named_params`: each field visited under `prefix.field` (its name, or
/// its index in a tuple struct or variant), so checkpoints name parameters `layers.0.weight`.
/// (Attribute errors are reported once, by `try_expand`'s own walk.)
fn named_visit(input: &DeriveInput) -> TokenStream {
    let mut ignored = Vec::new();
    let path = |member: &syn::Member| {
        let segment = match member {
            syn::Member::Named(ident) => ident.to_string(),
            syn::Member::Unnamed(index) => index.index.to_string(),
        };
        quote! {
            &if __prefix.is_empty() {
                ::std::string::String::from(#segment)
            } else {
                ::std::format!("{}.{}", __prefix, #segment)
            }
        }
    };
    match &input.data {
        Data::Struct(s) => {
            let visits = fields(&s.fields, &mut ignored).into_iter().map(|(member, _)| {
                let path = path(&member);
                quote!(::autograd::Params::collect_named_params(&self.#member, #path, __out);)
            });
            quote!(#(#visits)*)
        }
        Data::Enum(e) => {
            let name = &input.ident;
            let arms: Vec<_> = e
                .variants
                .iter()
                .map(|v| {
                    let variant = &v.ident;
                    let bound = fields(&v.fields, &mut ignored);
                    let bindings: Vec<_> =
                        (0..bound.len()).map(|i| quote::format_ident!("__field{}", i)).collect();
                    let members = bound.iter().map(|(m, _)| m);
                    let paths = bound.iter().map(|(m, _)| path(m));
                    quote! {
                        #name::#variant { #(#members: #bindings,)* .. } => {
                            #(::autograd::Params::collect_named_params(#bindings, #paths, __out);)*
                        }
                    }
                })
                .collect();
            quote!(match self { #(#arms)* })
        }
        // A union is rejected by `try_expand` before this body is used.
        Data::Union(_) => TokenStream::new(),
    }
}

/// The type parameters named in the visited fields' types (`A` in `A`, `Vec<A>`, `Option<Box<A>>`).
fn type_parameters_in(generics: &syn::Generics, fields: &[&syn::Field]) -> HashSet<Ident> {
    struct Mentions<'a> {
        params: &'a HashSet<Ident>,
        found: HashSet<Ident>,
    }
    impl<'ast> Visit<'ast> for Mentions<'_> {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            // `A` or `A::Assoc`: a path starting at a type parameter.
            if path.leading_colon.is_none() {
                if let Some(first) = path.segments.first() {
                    if self.params.contains(&first.ident) {
                        self.found.insert(first.ident.clone());
                    }
                }
            }
            syn::visit::visit_path(self, path);
        }
    }
    let params: HashSet<Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    let mut mentions = Mentions { params: &params, found: HashSet::new() };
    for field in fields {
        mentions.visit_type(&field.ty);
    }
    mentions.found
}

/// `#[params(...)]` belongs on fields only.
fn misplaced(attrs: &[syn::Attribute]) -> Vec<syn::Error> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("params"))
        .map(|a| {
            syn::Error::new_spanned(
                a,
                "`#[params(skip)]` goes on a field, not on a type or variant",
            )
        })
        .collect()
}

/// Whether a field is marked `#[params(skip)]`; any other argument is an error.
fn is_skipped(field: &syn::Field, errors: &mut Vec<syn::Error>) -> bool {
    let mut skip = false;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("params")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                if skip {
                    return Err(meta.error("`skip` given twice"));
                }
                if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                    return Err(meta.error("expected `#[params(skip)]`, without a value"));
                }
                skip = true;
                Ok(())
            } else {
                Err(meta.error("unknown `params` argument; expected `#[params(skip)]`"))
            }
        });
        if let Err(e) = parsed {
            errors.push(e);
        }
    }
    skip
}

/// The members to visit, with their fields.
fn fields<'a>(
    fields: &'a Fields,
    errors: &mut Vec<syn::Error>,
) -> Vec<(syn::Member, &'a syn::Field)> {
    fields.members().zip(fields.iter()).filter(|(_, f)| !is_skipped(f, errors)).collect()
}
