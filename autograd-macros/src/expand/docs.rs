//! The "Gradient" section appended to a primitive's doc comment, written from its attribute, so
//! that each primitive's rustdoc page shows its rule as the source does.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{Kind, Primitive};

/// `#[doc = "…"]` lines: a `# Gradient` heading and one line per argument.
pub fn gradient_section(p: &Primitive) -> TokenStream {
    let lines = gradient_lines(p);
    quote!(#(#[doc = #lines])*)
}

pub fn gradient_lines(p: &Primitive) -> Vec<String> {
    let mut lines = vec![String::new(), "# Gradient".to_string(), String::new()];
    if p.zerograd {
        lines.push(
            "Zero gradient (`#[zerograd]`): the output carries no gradient back to any argument."
                .into(),
        );
        return lines;
    }
    lines.push(if p.output_count() > 1 {
        "From the attribute `#[primitive(...)]`, one rule per tensor argument: the names before \
         `=>` are the gradients arriving at the outputs (`dq` at the output `q`), each an \
         `Option<&Tensor>` that is `None` where that output took no part in the result."
            .into()
    } else {
        "From the attribute `#[primitive(...)]`, one rule per tensor argument: the name before \
         `=>` is the gradient arriving at the output, `y` is the output."
            .into()
    });
    if p.kind == Kind::Elementwise && p.tensor_args().count() > 1 {
        lines.push(
            "Where an argument was broadcast, its gradient is summed back to its shape.".into(),
        );
    }
    lines.push(String::new());
    for (arg, rule) in p.tensor_args().zip(p.incoming_rules()) {
        lines.push(match rule {
            Some((incoming, expr)) => {
                let names: Vec<String> = incoming.iter().map(|n| n.to_string()).collect();
                let names = if names.len() == 1 {
                    names.join("")
                } else {
                    format!("({})", names.join(", "))
                };
                format!("- `{}`: `{names} => {}`", arg.name, one_line(expr))
            }
            None => format!("- `{}`: no gradient (`_`)", arg.name),
        });
    }
    for arg in p.constant_args() {
        lines.push(format!("- `{}`: a constant, no gradient", arg.name));
    }
    lines
}

/// The expression as rustfmt would write it, on one line.
fn one_line(expr: &syn::Expr) -> String {
    let file: syn::File = syn::parse_quote!(fn f() { #expr });
    let text = prettyplease::unparse(&file);
    // Between `fn f() {` and the closing `}`.
    let lines: Vec<&str> = text.lines().collect();
    let inner = lines.get(1..lines.len().saturating_sub(1)).unwrap_or_default();
    let joined = inner.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    // Undo the line breaks of a long call: `f( a, b, )` → `f(a, b)`.
    joined.replace("( ", "(").replace(", )", ")").replace("[ ", "[").replace(", ]", "]")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(attr: proc_macro2::TokenStream, func: proc_macro2::TokenStream, zero: bool) -> String {
        let attr = syn::parse2(attr).unwrap();
        let p =
            crate::ast::read(syn::parse2(func).unwrap(), attr, zero).unwrap_or_else(|_| panic!());
        gradient_lines(&p).join("\n")
    }

    #[test]
    fn each_argument_gets_its_rule_as_written() {
        let doc = lines(
            quote!(dy => dy * k.exp(), _),
            quote!(
                fn scaled(x: f64, k: f64) -> f64 {
                    x * k.exp()
                }
            ),
            false,
        );
        assert!(doc.starts_with("\n# Gradient\n"), "{doc}");
        assert!(doc.contains("\n- `x`: `dy => dy * k.exp()`\n- `k`: no gradient (`_`)"), "{doc}");
        assert!(doc.contains("summed back to its shape"), "{doc}");
    }

    #[test]
    fn tensor_level_rules_and_constants_are_listed() {
        let doc = lines(
            quote!(g => g.matmul(&b.t()), g => a.t().matmul(&g), check(flag = true)),
            quote!(
                fn mm(a: &Array, b: &Array, flag: bool) -> Array {
                    a.dot(b)
                }
            ),
            false,
        );
        assert!(doc.contains("- `a`: `g => g.matmul(&b.t())`\n"), "{doc}");
        assert!(doc.contains("- `b`: `g => a.t().matmul(&g)`\n"), "{doc}");
        assert!(doc.ends_with("- `flag`: a constant, no gradient"), "{doc}");
    }

    #[test]
    fn a_long_rule_stays_on_one_line() {
        let doc = lines(
            quote!(dy => dy * some_long_function_name(x, another_long_argument_name_for_wrapping, x, x, x, x)),
            quote!(
                fn f(x: f64) -> f64 {
                    x
                }
            ),
            false,
        );
        let rule = doc.lines().last().unwrap();
        assert_eq!(
            rule,
            "- `x`: `dy => dy * some_long_function_name(x, another_long_argument_name_for_wrapping, x, x, x, x)`"
        );
    }

    #[test]
    fn zerograd_says_zero_gradient() {
        let doc = lines(
            quote!(),
            quote!(
                fn sign(x: f64) -> f64 {
                    x.signum()
                }
            ),
            true,
        );
        assert!(doc.ends_with("Zero gradient (`#[zerograd]`): the output carries no gradient back to any argument."), "{doc}");
    }
}
