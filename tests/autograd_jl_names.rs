//! The guide for AutoGrad.jl users (`src/guide/autograd_jl.rs`) maps every AutoGrad.jl primitive
//! to ours and lists every primitive registered here, and its example imports every path it
//! links to (so a doctest proves each one resolves). Adding a primitive without a row fails here.

use std::collections::BTreeSet;

/// Every name AutoGrad.jl (denizyuret/AutoGrad.jl at commit 98610fd) declares with `@primitive`,
/// `@primitive1`, `@primitive2` or `@zerograd` in `src/*.jl`, printed by
/// `grep -oE "@(primitive[12]?|zerograd) +[^ (]+\(" src/*.jl | sort -u`, less its internal
/// helpers (`_varm`, `uncat`, `uncat1`); and those it differentiates by defining them over its
/// tracked `Value`s: `cat`, `vcat`, `hcat`, `cat1d` (cat.jl), `kron` (linearalgebra.jl), `var`,
/// `std`, `varm`, `stdm` (statistics.jl).
const AUTOGRAD_JL: &[&str] = &[
    "!=",
    "!==",
    "*",
    "+",
    "-",
    "/",
    "<",
    "<=",
    "==",
    ">",
    ">=",
    "\\",
    "^",
    "abs",
    "abs2",
    "acos",
    "acosd",
    "acosh",
    "acot",
    "acotd",
    "acoth",
    "acsc",
    "acscd",
    "acsch",
    "adjoint",
    "airyai",
    "airyaiprime",
    "airybi",
    "airybiprime",
    "all",
    "any",
    "argmax",
    "argmin",
    "asec",
    "asecd",
    "asech",
    "asin",
    "asind",
    "asinh",
    "atan",
    "atand",
    "atanh",
    "axes",
    "besselh",
    "besseli",
    "besselj",
    "besselj0",
    "besselj1",
    "besselk",
    "bessely",
    "bessely0",
    "bessely1",
    "big",
    "cbrt",
    "ceil",
    "checkbounds",
    "chol",
    "clamp",
    "copy",
    "cos",
    "cosc",
    "cosd",
    "cosh",
    "cospi",
    "cot",
    "cotd",
    "coth",
    "count",
    "csc",
    "cscd",
    "csch",
    "dawson",
    "deg2rad",
    "det",
    "diag",
    "diagm",
    "digamma",
    "div",
    "dot",
    "eachindex",
    "eltype",
    "eps",
    "erf",
    "erfc",
    "erfcinv",
    "erfcx",
    "erfi",
    "erfinv",
    "exp",
    "exp10",
    "exp2",
    "expm1",
    "exponent",
    "eye",
    "float",
    "floor",
    "gamma",
    "getindex",
    "hankelh1",
    "hankelh2",
    "hypot",
    "identity",
    "inv",
    "invdigamma",
    "isapprox",
    "isassigned",
    "isempty",
    "isequal",
    "isfinite",
    "isinf",
    "isinteger",
    "isless",
    "isnan",
    "lastindex",
    "ldexp",
    "length",
    "lgamma",
    "log",
    "log10",
    "log1p",
    "log2",
    "logabsdet",
    "logdet",
    "loggamma",
    "lq",
    "max",
    "maximum",
    "mean",
    "min",
    "minimum",
    "mod2pi",
    "ndims",
    "norm",
    "oftype",
    "one",
    "ones",
    "permutedims",
    "polygamma",
    "prod",
    "qr",
    "rad2deg",
    "rem",
    "rem2pi",
    "reshape",
    "round",
    "sec",
    "secd",
    "sech",
    "sign",
    "signbit",
    "significand",
    "similar",
    "sin",
    "sinc",
    "sind",
    "sinh",
    "sinpi",
    "size",
    "sizeof",
    "sqrt",
    "stride",
    "strides",
    "sum",
    "svd",
    "tan",
    "tand",
    "tanh",
    "tr",
    "transpose",
    "trigamma",
    "tril",
    "triu",
    "trunc",
    "typemax",
    "typemin",
    "unsafe_trunc",
    "vec",
    "view",
    "widemul",
    "zero",
    "cat",
    "vcat",
    "hcat",
    "cat1d",
    "kron",
    "var",
    "std",
    "varm",
    "stdm",
];

const GUIDE: &str = include_str!("../src/guide/autograd_jl.rs");

/// The guide's section on primitive names (its tables, up to its example), without the `//! `
/// prefixes.
fn section() -> String {
    let text: Vec<&str> = GUIDE.lines().map(|l| l.trim_start_matches("//!").trim_start()).collect();
    let start = text.iter().position(|l| l.starts_with("## Every AutoGrad.jl primitive")).unwrap();
    let end = start + text[start..].iter().position(|l| l.starts_with("```")).unwrap();
    text[start..end].join("\n")
}

/// The `code spans` of a piece of markdown.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The cells of the table rows (`| a | b |`) of the section, by column.
fn column(section: &str, index: usize) -> Vec<String> {
    section
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("| ---"))
        .filter_map(|l| l.split(" | ").nth(index).map(|c| c.trim_matches('|').trim().to_string()))
        .collect()
}

#[test]
fn every_autograd_jl_primitive_has_a_row() {
    let section = section();
    let left: BTreeSet<String> = column(&section, 0)
        .iter()
        .flat_map(|cell| code_spans(cell).into_iter().map(julia_name).collect::<Vec<_>>())
        .collect();
    let missing: Vec<&&str> = AUTOGRAD_JL.iter().filter(|n| !left.contains(**n)).collect();
    assert!(missing.is_empty(), "AutoGrad.jl names missing from the guide: {missing:?}");
}

/// `besselj(n, x)` → `besselj`, `sum(abs, x)` → `sum`, `A \ B` → `\`; operators stay whole.
fn julia_name(span: &str) -> String {
    let span = span.trim();
    if span == "A \\ B" {
        return "\\".into();
    }
    match span.find('(') {
        Some(i) if i > 0 => span[..i].to_string(),
        _ => span.to_string(),
    }
}

#[test]
fn every_registered_primitive_is_in_the_guide() {
    // Our side: the right-hand column of the tables, and the text outside them.
    let section = section();
    let mut ours = column(&section, 1).join("\n");
    ours += &section.lines().filter(|l| !l.starts_with('|')).collect::<Vec<_>>().join("\n");
    let named: BTreeSet<&str> =
        code_spans(&ours).into_iter().map(|span| span.rsplit("::").next().unwrap()).collect();
    let missing: Vec<&str> =
        autograd::primitives().iter().map(|p| p.name).filter(|n| !named.contains(n)).collect();
    assert!(missing.is_empty(), "primitives missing from the AutoGrad.jl guide: {missing:?}");
}

#[test]
fn the_example_imports_every_linked_path() {
    let section = section();
    let linked: BTreeSet<&str> = section
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|target| target.trim_start_matches("fn@").trim_start_matches("crate::"))
        .collect();
    let imported: BTreeSet<&str> = GUIDE
        .lines()
        .filter_map(|l| l.trim_start_matches("//!").trim().strip_prefix("use autograd::"))
        .map(|p| p.trim_end_matches(';'))
        .filter(|p| !p.starts_with("prelude"))
        .collect();
    assert_eq!(linked, imported);
}
