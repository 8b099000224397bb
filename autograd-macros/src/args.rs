//! The attribute's own syntax: `#[primitive(dy => dy / x, _, domain = 0.1..10.0, check(x = [3]))]`,
//! and for a function returning several outputs `(dq, dr) => expr`, one incoming gradient each.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Token};

syn::custom_keyword!(domain);
syn::custom_keyword!(check);
syn::custom_keyword!(prepare);

/// One gradient rule: `dy => expr`, `(dq, dr) => expr` for a function with several outputs
/// (`outputs` holds `dq, dr`), or `_` for an argument that takes no gradient.
pub enum Rule {
    Gradient { dy: Ident, expr: Box<Expr> },
    Outputs { outputs: Punctuated<Ident, Token![,]>, expr: Box<Expr> },
    None(Token![_]),
}

/// `name = example` inside `check(...)`.
pub struct Example {
    pub name: Ident,
    pub value: Expr,
}

impl Parse for Example {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = input.parse()?;
        input.parse::<Token![=]>()?;
        Ok(Example { name, value: input.parse()? })
    }
}

enum Item {
    Rule(Rule),
    Domain(domain, Expr),
    Check(Vec<Example>),
    Prepare(syn::Path),
}

impl Parse for Item {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![_]) {
            return Ok(Item::Rule(Rule::None(input.parse()?)));
        }
        if input.peek(Ident) && input.peek2(Token![=>]) {
            let dy = input.parse()?;
            input.parse::<Token![=>]>()?;
            return Ok(Item::Rule(Rule::Gradient { dy, expr: Box::new(input.parse()?) }));
        }
        if input.peek(syn::token::Paren) {
            let content;
            syn::parenthesized!(content in input);
            let outputs = Punctuated::parse_terminated(&content)?;
            input.parse::<Token![=>]>()?;
            return Ok(Item::Rule(Rule::Outputs { outputs, expr: Box::new(input.parse()?) }));
        }
        if input.peek(domain) {
            let keyword = input.parse()?;
            input.parse::<Token![=]>()?;
            return Ok(Item::Domain(keyword, input.parse()?));
        }
        if input.peek(check) {
            input.parse::<check>()?;
            let content;
            syn::parenthesized!(content in input);
            let examples = Punctuated::<Example, Token![,]>::parse_terminated(&content)?;
            return Ok(Item::Check(examples.into_iter().collect()));
        }
        if input.peek(prepare) {
            input.parse::<prepare>()?;
            input.parse::<Token![=]>()?;
            return Ok(Item::Prepare(input.parse()?));
        }
        Err(input.error(
            "expected a gradient rule `dy => expression` (`(dq, dr) => expression` for several \
             outputs), `_`, `domain = low..high`, \
             `check(argument = example, ...)` or `prepare = function`",
        ))
    }
}

/// Everything inside the attribute's parentheses.
#[derive(Default)]
pub struct Attribute {
    pub rules: Vec<Rule>,
    pub domain: Option<(domain, Expr)>,
    pub examples: Vec<Example>,
    /// A function the generated check passes its sampled tensors through (to make them valid
    /// input, e.g. symmetric positive definite).
    pub prepare: Option<syn::Path>,
}

impl Parse for Attribute {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut attr = Attribute::default();
        for item in Punctuated::<Item, Token![,]>::parse_terminated(input)? {
            match item {
                Item::Rule(rule) => attr.rules.push(rule),
                Item::Domain(keyword, range) => {
                    if attr.domain.is_some() {
                        return Err(syn::Error::new_spanned(range, "`domain` given twice"));
                    }
                    attr.domain = Some((keyword, range));
                }
                Item::Check(examples) => attr.examples.extend(examples),
                Item::Prepare(path) => {
                    if attr.prepare.is_some() {
                        return Err(syn::Error::new_spanned(path, "`prepare` given twice"));
                    }
                    attr.prepare = Some(path);
                }
            }
        }
        Ok(attr)
    }
}
