//! Token rewriting: the one text of a body or gradient rule, compiled for each element type.

use proc_macro2::{Group, Ident, Literal, TokenStream, TokenTree};
use quote::{quote, ToTokens};

/// `f64` → `f32` in identifiers (`f64`, `std::f64::consts::PI`) and literal suffixes (`1.0f64`).
pub fn to_f32(tokens: impl ToTokens) -> TokenStream {
    map_tokens(tokens.into_token_stream(), &|tree| match tree {
        TokenTree::Ident(ident) if ident == "f64" => {
            Some(Ident::new("f32", ident.span()).into_token_stream())
        }
        TokenTree::Literal(lit) => {
            let text = lit.to_string();
            let stripped = text.strip_suffix("f64")?;
            let mut new: Literal = format!("{stripped}f32").parse().ok()?;
            new.set_span(lit.span());
            Some(new.into_token_stream())
        }
        _ => None,
    })
}

/// `Array` → `ndarray::ArrayD::<Elem>` (turbofish, so it works in types and expressions alike).
pub fn array_to_generic(tokens: impl ToTokens) -> TokenStream {
    replace_array(tokens, quote!(::autograd::__private::ndarray::ArrayD::<Elem>))
}

/// `Array` → `ndarray::ArrayD::<f64>` and `Elem` → `f64`: the fallback's concrete spelling.
pub fn array_to_f64(tokens: impl ToTokens) -> TokenStream {
    let replaced = replace_array(tokens, quote!(::autograd::__private::ndarray::ArrayD::<f64>));
    map_tokens(replaced, &|tree| match tree {
        TokenTree::Ident(ident) if ident == "Elem" => {
            Some(Ident::new("f64", ident.span()).into_token_stream())
        }
        _ => None,
    })
}

fn replace_array(tokens: impl ToTokens, with: TokenStream) -> TokenStream {
    map_tokens(tokens.into_token_stream(), &|tree| match tree {
        TokenTree::Ident(ident) if ident == "Array" => Some(with.clone()),
        _ => None,
    })
}

fn map_tokens(tokens: TokenStream, f: &dyn Fn(&TokenTree) -> Option<TokenStream>) -> TokenStream {
    let mut out = TokenStream::new();
    for tree in tokens {
        if let Some(new) = f(&tree) {
            out.extend(new);
            continue;
        }
        match tree {
            TokenTree::Group(g) => {
                let mut new = Group::new(g.delimiter(), map_tokens(g.stream(), f));
                new.set_span(g.span());
                out.extend([TokenTree::Group(new)]);
            }
            other => out.extend([other]),
        }
    }
    out
}
