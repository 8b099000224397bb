//! The function item read into a typed form: which arguments are tensors, which are constants,
//! and whether the function is element-wise (over `f64`) or tensor-level (over `&Array`).

use quote::ToTokens;
use syn::visit::Visit;
use syn::{FnArg, Ident, ItemFn, Pat, ReturnType, Type};

use crate::args::{Attribute, Rule};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `fn(x: f64, ...) -> f64`: applied element by element, with broadcasting.
    Elementwise,
    /// `fn(x: &Array, ...) -> Array`: written once, generic over the element type.
    TensorLevel,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Number,
    Bool,
    Array,
    /// `(Array, Array, ...)`: a multi-output primitive, with this many outputs.
    Arrays(usize),
}

pub enum Role {
    Tensor,
    Constant,
}

pub struct Arg {
    pub name: Ident,
    pub ty: Type,
    pub role: Role,
}

pub struct Primitive {
    pub func: ItemFn,
    pub kind: Kind,
    pub output: Output,
    pub args: Vec<Arg>,
    pub attr: Attribute,
    pub zerograd: bool,
}

impl Primitive {
    pub fn tensor_args(&self) -> impl Iterator<Item = &Arg> {
        self.args.iter().filter(|a| matches!(a.role, Role::Tensor))
    }

    pub fn constant_args(&self) -> impl Iterator<Item = &Arg> {
        self.args.iter().filter(|a| matches!(a.role, Role::Constant))
    }

    /// The rule for each tensor argument, in order (`None` for `_`), with the name of its
    /// first incoming gradient (the only one but for a multi-output primitive).
    pub fn gradient_rules(&self) -> impl Iterator<Item = Option<(&Ident, &syn::Expr)>> {
        self.incoming_rules().map(|r| r.map(|(names, expr)| (names[0], expr)))
    }

    /// The rule for each tensor argument, in order (`None` for `_`), with the names of its
    /// incoming gradients, one per output.
    pub fn incoming_rules(&self) -> impl Iterator<Item = Option<(Vec<&Ident>, &syn::Expr)>> {
        self.attr.rules.iter().map(|r| match r {
            Rule::Gradient { dy, expr } => Some((vec![dy], &**expr)),
            Rule::Outputs { outputs, expr } => Some((outputs.iter().collect(), &**expr)),
            Rule::None(_) => None,
        })
    }

    /// How many outputs the function returns.
    pub fn output_count(&self) -> usize {
        match self.output {
            Output::Arrays(n) => n,
            _ => 1,
        }
    }
}

pub fn is_ident(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.is_ident(name))
}

/// `&Array`
pub fn is_array_ref(ty: &Type) -> bool {
    matches!(ty, Type::Reference(r) if r.mutability.is_none() && is_ident(&r.elem, "Array"))
}

/// Whether `ty` names `Array` or `Tensor` anywhere (`Vec<Array>`, `&mut Array`, `&Tensor` …).
pub fn mentions_tensor(ty: &Type) -> bool {
    fn scan(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|tree| match tree {
            proc_macro2::TokenTree::Ident(i) => i == "Array" || i == "Tensor",
            proc_macro2::TokenTree::Group(g) => scan(g.stream()),
            _ => false,
        })
    }
    scan(ty.to_token_stream())
}

/// The names an argument pattern binds (one for `x: f64`, more for a destructuring pattern).
fn bound_names(pat: &Pat) -> Vec<Ident> {
    struct Bindings(Vec<Ident>);
    impl<'ast> Visit<'ast> for Bindings {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            self.0.push(p.ident.clone());
        }
    }
    let mut bindings = Bindings(Vec::new());
    bindings.visit_pat(pat);
    bindings.0
}

/// The number of arrays in a tuple of two or more `Array`s.
pub fn array_tuple(ty: &Type) -> Option<usize> {
    match ty {
        Type::Tuple(t) if t.elems.len() > 1 && t.elems.iter().all(|e| is_ident(e, "Array")) => {
            Some(t.elems.len())
        }
        _ => None,
    }
}

/// The name of the output whose incoming gradient is `dy`: `q` for `dq`.
pub fn output_name(dy: &Ident) -> Option<Ident> {
    let name = dy.to_string();
    let rest = name.strip_prefix('d').filter(|r| !r.is_empty())?;
    Some(Ident::new(rest, dy.span()))
}

/// Tensor-level when the function returns `Array` (or a tuple of them) or takes a `&Array`,
/// else element-wise.
pub fn kind_of(sig: &syn::Signature) -> Kind {
    let returns_array = matches!(
        &sig.output,
        ReturnType::Type(_, ty) if is_ident(ty, "Array") || array_tuple(ty).is_some()
    );
    if returns_array
        || sig.inputs.iter().any(|a| matches!(a, FnArg::Typed(t) if is_array_ref(&t.ty)))
    {
        Kind::TensorLevel
    } else {
        Kind::Elementwise
    }
}

/// Whether an argument is `#[constant]`.
pub fn marked_constant(arg: &syn::PatType) -> bool {
    arg.attrs.iter().any(|a| a.path().is_ident("constant"))
}

/// The scalar types an element-wise primitive may take as constants (captured by the kernel).
const COPY_CONSTANTS: &[&str] =
    &["i8", "i16", "i32", "i64", "isize", "u8", "u16", "u32", "u64", "usize", "bool"];

pub fn read(func: ItemFn, attr: Attribute, zerograd: bool) -> syn::Result<Primitive> {
    let mut errors: Vec<syn::Error> = Vec::new();
    let sig = &func.sig;
    if let Some(receiver) = sig.receiver() {
        errors.push(syn::Error::new_spanned(
            receiver,
            "a primitive cannot be a method: write a free function and call it from the method",
        ));
    }
    if !sig.generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            &sig.generics,
            "a primitive cannot be generic: element-wise functions are written over `f64`, \
             tensor-level ones over `&Array` with the element type `Elem`",
        ));
    }
    if let Some(asyncness) = &sig.asyncness {
        errors.push(syn::Error::new_spanned(asyncness, "a primitive cannot be `async`"));
    }
    let expected_output = if zerograd {
        "expected return type `f64` or `bool` (element-wise) or `Array` (tensor-level)"
    } else {
        "expected return type `f64` (element-wise), `Array` or a tuple `(Array, Array, ...)` \
         (tensor-level)"
    };
    let output = match &sig.output {
        ReturnType::Type(_, ty) if is_ident(ty, "f64") => Some(Output::Number),
        ReturnType::Type(_, ty) if is_ident(ty, "bool") && zerograd => Some(Output::Bool),
        ReturnType::Type(_, ty) if is_ident(ty, "Array") => Some(Output::Array),
        ReturnType::Type(_, ty) if array_tuple(ty).is_some() && zerograd => {
            errors.push(syn::Error::new_spanned(
                ty,
                "`#[zerograd]` takes one output: write a function per output",
            ));
            None
        }
        ReturnType::Type(_, ty) if array_tuple(ty).is_some() => array_tuple(ty).map(Output::Arrays),
        ReturnType::Type(_, ty) if is_ident(ty, "bool") => {
            errors.push(syn::Error::new_spanned(
                ty,
                "a `bool` output has no gradient: write `#[zerograd]` instead of `#[primitive]`",
            ));
            None
        }
        ReturnType::Type(_, ty) => {
            errors.push(syn::Error::new_spanned(ty, expected_output));
            None
        }
        // No tokens to point at: point just before where `-> f64` belongs.
        ReturnType::Default => {
            errors.push(syn::Error::new(sig.paren_token.span.close(), expected_output));
            None
        }
    };
    let kind = kind_of(sig);
    let tensor_level = kind == Kind::TensorLevel;
    if tensor_level && matches!(output, Some(Output::Number | Output::Bool)) {
        errors.push(syn::Error::new_spanned(
            &sig.output,
            "a function over `&Array` must return `Array` (a 0-d array for a scalar)",
        ));
    }

    let mut args = Vec::new();
    let mut names = Vec::new();
    for input in &sig.inputs {
        let FnArg::Typed(typed) = input else { continue };
        names.extend(bound_names(&typed.pat));
        let Pat::Ident(pat) = &*typed.pat else {
            errors.push(syn::Error::new_spanned(&typed.pat, "expected a plain argument name"));
            continue;
        };
        let name = pat.ident.clone();
        let ty = (*typed.ty).clone();
        let marked_constant = marked_constant(typed);
        let role = match kind {
            Kind::Elementwise if marked_constant && is_ident(&ty, "f64") => Some(Role::Constant),
            Kind::Elementwise if is_ident(&ty, "f64") => Some(Role::Tensor),
            Kind::Elementwise if COPY_CONSTANTS.iter().any(|c| is_ident(&ty, c)) => {
                Some(Role::Constant)
            }
            Kind::Elementwise => None,
            Kind::TensorLevel if is_array_ref(&ty) => Some(Role::Tensor),
            // `Array`, `&mut Array`, `&Tensor`, `Vec<Array>` …: tensors go in as `&Array` only.
            Kind::TensorLevel if mentions_tensor(&ty) => None,
            Kind::TensorLevel if matches!(&ty, Type::Reference(r) if r.mutability.is_some()) => {
                errors.push(syn::Error::new_spanned(
                    &typed.ty,
                    "unsupported argument type: a constant argument is taken by value or by \
                     shared reference, not `&mut`",
                ));
                continue;
            }
            Kind::TensorLevel => Some(Role::Constant),
        };
        match role {
            Some(role) => args.push(Arg { name, ty, role }),
            None => errors.push(syn::Error::new_spanned(
                &typed.ty,
                match kind {
                    Kind::Elementwise => {
                        "unsupported argument type: an element-wise primitive takes `f64` \
                         (a tensor argument) or an integer or `bool` constant"
                    }
                    Kind::TensorLevel => {
                        "unsupported argument type: a tensor-level primitive takes tensors as \
                         `&Array`"
                    }
                },
            )),
        }
    }
    if args.iter().all(|a| matches!(a.role, Role::Constant)) && errors.is_empty() {
        errors.push(syn::Error::new_spanned(
            &sig.inputs,
            "a primitive needs at least one tensor argument (`f64` or `&Array`)",
        ));
    }
    if !errors.is_empty() {
        // Report the attribute's own mistakes in the same compile.
        let names: Vec<&Ident> = names.iter().collect();
        let method = sig.receiver().is_some();
        errors.extend(crate::valid::check_attribute(&attr, &names, zerograd, method));
    }
    crate::valid::combine(errors)?;
    Ok(Primitive { func, kind, output: output.expect("checked above"), args, attr, zerograd })
}
