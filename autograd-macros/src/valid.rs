//! Semantic checks, all collected so the user sees every mistake in one compile.

use std::collections::HashSet;

use proc_macro2::Span;
use quote::ToTokens;
use syn::visit::Visit;
use syn::{Expr, ExprLit, Ident, Lit, UnOp};

use crate::args::{Attribute, Rule};
use crate::ast::{Primitive, Role};

/// Combines errors into one, or `Ok` if there are none.
pub fn combine(errors: Vec<syn::Error>) -> syn::Result<()> {
    let mut errors = errors.into_iter();
    let Some(mut first) = errors.next() else { return Ok(()) };
    for e in errors {
        first.combine(e);
    }
    Err(first)
}

pub fn check(p: &Primitive, attr: &proc_macro2::TokenStream) -> syn::Result<()> {
    let mut errors = Vec::new();
    let tensors: Vec<_> = p.tensor_args().map(|a| &a.name).collect();
    if !p.zerograd && p.attr.rules.len() != tensors.len() {
        let found = p.attr.rules.len();
        let listed = tensors.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
        let mut message = format!(
            "expected one gradient expression per tensor argument ({}: {listed}), found {found}",
            tensors.len()
        );
        if found < tensors.len() {
            message.push_str("; write `_` for an argument without a gradient");
        }
        errors.push(match p.attr.rules.get(tensors.len()) {
            Some(Rule::Gradient { expr, .. } | Rule::Outputs { expr, .. }) => {
                syn::Error::new_spanned(expr, message)
            }
            Some(Rule::None(u)) => syn::Error::new_spanned(u, message),
            None if attr.is_empty() => syn::Error::new(Span::call_site(), message),
            None => syn::Error::new_spanned(attr, message),
        });
    }
    let names: Vec<_> = p.args.iter().map(|a| &a.name).collect();
    errors.extend(check_attribute(&p.attr, &names, p.zerograd, false));
    let outputs = p.output_count();
    for rule in &p.attr.rules {
        let (count, tokens) = match rule {
            Rule::Gradient { dy, .. } => (1, dy.to_token_stream()),
            Rule::Outputs { outputs, .. } => (outputs.len(), outputs.to_token_stream()),
            Rule::None(_) => continue,
        };
        if count != outputs {
            let message = if outputs == 1 {
                "the function has one output: write `dy => expression`".to_string()
            } else {
                format!(
                    "the function has {outputs} outputs: name one incoming gradient for each, \
                     `(dq, dr, ...) => expression`"
                )
            };
            errors.push(syn::Error::new_spanned(tokens, message));
        }
    }
    for arg in p.args.iter().filter(|a| matches!(a.role, Role::Constant)) {
        if !p.attr.examples.iter().any(|e| e.name == arg.name) {
            errors.push(syn::Error::new_spanned(
                &arg.name,
                format!(
                    "the generated gradient test needs an example value for `{0}`: add \
                     `check({0} = ...)` to the attribute",
                    arg.name
                ),
            ));
        }
    }
    combine(errors)
}

/// The checks that need only the arguments' names, not their types: `ast::read` runs them too
/// when the signature is wrong, so those mistakes are reported in the same compile. (The number
/// of rules and the `check` examples depend on which arguments are tensors, so they wait.)
pub fn check_attribute(
    attr: &Attribute,
    args: &[&Ident],
    zerograd: bool,
    method: bool,
) -> Vec<syn::Error> {
    let mut errors = Vec::new();
    if zerograd {
        if let Some(rule) = attr.rules.first() {
            errors.push(match rule {
                Rule::Gradient { dy, .. } => syn::Error::new_spanned(dy, ZEROGRAD_RULES),
                Rule::Outputs { outputs, .. } => syn::Error::new_spanned(outputs, ZEROGRAD_RULES),
                Rule::None(underscore) => syn::Error::new_spanned(underscore, ZEROGRAD_RULES),
            });
        }
    }
    for name in args {
        if *name == "y" {
            errors.push(syn::Error::new_spanned(
                name,
                "the name `y` is reserved for the output in gradient rules; rename this argument",
            ));
        }
    }
    let mut scope: HashSet<String> = args.iter().map(|a| a.to_string()).collect();
    scope.insert("y".into());
    if method {
        // Already reported: a primitive cannot be a method.
        scope.insert("self".into());
    }
    for rule in &attr.rules {
        if let Rule::Gradient { dy, expr } = rule {
            if args.contains(&dy) {
                errors.push(syn::Error::new_spanned(
                    dy,
                    format!("`{dy}` names an argument; call the incoming gradient `dy`"),
                ));
            }
            let mut names = Names {
                scope: scope.clone(),
                errors: Vec::new(),
                incoming: vec![dy.to_string()],
                header: format!("`{dy}` (incoming gradient), `y` (output)"),
            };
            names.scope.insert(dy.to_string());
            names.visit_expr(expr);
            errors.extend(names.errors);
        }
        if let Rule::Outputs { outputs, expr } = rule {
            // Each incoming gradient is `d` + its output's name, which the rule also sees.
            let mut names = Names {
                scope: scope.clone(),
                errors: Vec::new(),
                incoming: outputs.iter().map(|o| o.to_string()).collect(),
                header: String::new(),
            };
            for dy in outputs {
                match crate::ast::output_name(dy) {
                    Some(output) if !args.contains(&&output) && !args.contains(&dy) => {
                        names.scope.insert(dy.to_string());
                        names.scope.insert(output.to_string());
                    }
                    _ => errors.push(syn::Error::new_spanned(
                        dy,
                        format!(
                            "name each incoming gradient `d` + its output's name, e.g. `dq` for \
                             an output `q`, distinct from the arguments; found `{dy}`"
                        ),
                    )),
                }
            }
            let described: Vec<String> = outputs
                .iter()
                .filter_map(|dy| Some(format!("`{dy}` and `{}`", crate::ast::output_name(dy)?)))
                .collect();
            names.header = format!("{} (incoming gradients and outputs)", described.join(", "));
            names
                .incoming
                .extend(outputs.iter().filter_map(crate::ast::output_name).map(|o| o.to_string()));
            names.visit_expr(expr);
            errors.extend(names.errors);
        }
    }
    if let Some((_, range)) = &attr.domain {
        if domain_bounds(range).is_none() {
            errors.push(syn::Error::new_spanned(
                range,
                "expected `domain = low..high` with number literals and low < high",
            ));
        }
    }
    for example in &attr.examples {
        if !args.contains(&&example.name) {
            errors.push(syn::Error::new_spanned(
                &example.name,
                format!("`check` names `{}`, which is not an argument", example.name),
            ));
        }
    }
    errors
}

const ZEROGRAD_RULES: &str =
    "`#[zerograd]` takes no gradient rules: its output never carries a gradient";

/// The bounds of `low..high` when both are number literals (possibly negated) and low < high.
pub fn domain_bounds(range: &Expr) -> Option<(f64, f64)> {
    let Expr::Range(r) = range else { return None };
    if !matches!(r.limits, syn::RangeLimits::HalfOpen(_)) {
        return None;
    }
    let low = number(r.start.as_deref()?)?;
    let high = number(r.end.as_deref()?)?;
    (low < high).then_some((low, high))
}

fn number(e: &Expr) -> Option<f64> {
    match e {
        Expr::Lit(ExprLit { lit: Lit::Float(f), .. }) => f.base10_parse().ok(),
        Expr::Lit(ExprLit { lit: Lit::Int(i), .. }) => {
            i.base10_parse::<i64>().ok().map(|i| i as f64)
        }
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => number(&u.expr).map(|v| -v),
        Expr::Paren(p) => number(&p.expr),
        _ => None,
    }
}

/// Finds lowercase single-segment names that are neither arguments, `y`, the incoming
/// gradient, nor bound inside the expression.
struct Names {
    scope: HashSet<String>,
    errors: Vec<syn::Error>,
    /// The names the header already describes.
    incoming: Vec<String>,
    /// How the message introduces the incoming gradients and outputs.
    header: String,
}

impl<'ast> Visit<'ast> for Names {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if !matches!(&*call.func, Expr::Path(_)) {
            self.visit_expr(&call.func);
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        for input in &closure.inputs {
            self.bind(input);
        }
        self.visit_expr(&closure.body);
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.bind(&arm.pat);
        if let Some((_, guard)) = &arm.guard {
            self.visit_expr(guard);
        }
        self.visit_expr(&arm.body);
    }

    fn visit_expr_let(&mut self, expr: &'ast syn::ExprLet) {
        self.bind(&expr.pat);
        self.visit_expr(&expr.expr);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        self.bind(&local.pat);
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
        }
    }

    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        let Some(ident) = path.path.get_ident() else { return };
        let name = ident.to_string();
        let is_variable = name.starts_with(|c: char| c.is_lowercase() || c == '_');
        if path.qself.is_none() && is_variable && !self.scope.contains(&name) {
            let mut known: Vec<_> = self.scope.iter().cloned().collect();
            known.sort();
            known.retain(|k| !self.incoming.contains(k) && k != "y" && k != "self");
            self.errors.push(syn::Error::new_spanned(
                ident,
                format!(
                    "unknown name `{name}` in a gradient rule; in scope: {}{}",
                    self.header,
                    known.iter().map(|k| format!(", `{k}`")).collect::<String>()
                ),
            ));
        }
    }
}

impl Names {
    fn bind(&mut self, pat: &syn::Pat) {
        struct Bindings<'a>(&'a mut HashSet<String>);
        impl<'ast> Visit<'ast> for Bindings<'_> {
            fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
                self.0.insert(p.ident.to_string());
            }
        }
        Bindings(&mut self.scope).visit_pat(pat);
    }
}
