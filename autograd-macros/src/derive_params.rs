//! `#[derive(Params)]`: visits every field in declaration order; `#[params(skip)]` skips one.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

pub fn expand(input: DeriveInput) -> TokenStream {
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let named_body = named_visit(&input);
    let body = match &input.data {
        Data::Struct(s) => {
            let visits = fields(&s.fields).into_iter().map(
                |(member, _)| quote!(::autograd::Params::collect_params(&self.#member, __out);),
            );
            quote!(#(#visits)*)
        }
        Data::Enum(e) => {
            let arms = e.variants.iter().map(|v| {
                let variant = &v.ident;
                let bound = fields(&v.fields);
                let bindings: Vec<_> = bound
                    .iter()
                    .enumerate()
                    .map(|(i, _)| quote::format_ident!("__field{}", i))
                    .collect();
                let members = bound.iter().map(|(m, _)| m);
                quote! {
                    #name::#variant { #(#members: #bindings,)* .. } => {
                        #(::autograd::Params::collect_params(#bindings, __out);)*
                    }
                }
            });
            quote!(match self { #(#arms)* })
        }
        Data::Union(u) => {
            return syn::Error::new_spanned(
                u.union_token,
                "`Params` cannot be derived for a union",
            )
            .to_compile_error();
        }
    };
    quote! {
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
    }
}

/// The body of `collect_named_params`: each field visited under `prefix.field` (its name, or
/// its index in a tuple struct or variant), so checkpoints name parameters `layers.0.weight`.
fn named_visit(input: &DeriveInput) -> TokenStream {
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
            let visits = fields(&s.fields).into_iter().map(|(member, _)| {
                let path = path(&member);
                quote!(::autograd::Params::collect_named_params(&self.#member, #path, __out);)
            });
            quote!(#(#visits)*)
        }
        Data::Enum(e) => {
            let name = &input.ident;
            let arms = e.variants.iter().map(|v| {
                let variant = &v.ident;
                let bound = fields(&v.fields);
                let bindings: Vec<_> =
                    (0..bound.len()).map(|i| quote::format_ident!("__field{}", i)).collect();
                let members = bound.iter().map(|(m, _)| m);
                let paths = bound.iter().map(|(m, _)| path(m));
                quote! {
                    #name::#variant { #(#members: #bindings,)* .. } => {
                        #(::autograd::Params::collect_named_params(#bindings, #paths, __out);)*
                    }
                }
            });
            quote!(match self { #(#arms)* })
        }
        // A union is rejected by `expand` before this body is used.
        Data::Union(_) => TokenStream::new(),
    }
}

fn is_skipped(field: &syn::Field) -> bool {
    field.attrs.iter().any(|a| {
        a.path().is_ident("params") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "skip")
    })
}

/// The members to visit, with their fields.
fn fields(fields: &Fields) -> Vec<(syn::Member, &syn::Field)> {
    fields.members().zip(fields.iter()).filter(|(_, f)| !is_skipped(f)).collect()
}
