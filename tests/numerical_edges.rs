//! Numerical edges where an independent comparison with PyTorch, SciPy and mpmath found a
//! wrong or missing answer (issue 8), grouped by op. Each reference value was computed once
//! and is written here as a literal, with how it was made; where ours is the better answer,
//! the test says what the reference does instead.
//!
//! References: PyTorch 2.15 (float64 unless said), SciPy 1.17, mpmath 1.3 at 40 digits, run
//! from a Python 3.11 virtual environment.

// The references keep the digits mpmath printed, more than an f64 holds.
#![allow(clippy::excessive_precision)]

mod common;

use autograd::prelude::*;
use autograd::{
    gradgradcheck,
    index::{index_add, index_select},
    linalg::{det, dot, eigh_values, eigh_vectors, inv, logdet, matmul, outer, solve},
    math::{acosh, asinh, atan2, clamp, cosc, hypot, maximum, minimum, sinc_derivative},
    nn::{binary_cross_entropy, elu, leaky_relu, relu, selu},
    reduce::norm,
    shape::tile,
    special::{beta, erfinv, lbeta},
};
use common::{assert_rel_close, gradient, tensor as t};

/// The gradient of `f` at `x` computed while an outer tape records (the recorded path of
/// every rule, as under a Hessian; the outer result does not use it, so no second
/// derivative is taken).
fn recorded_gradient(f: impl Fn(&Tensor) -> Tensor, x: &Tensor) -> Tensor {
    let p = Param::new(x.clone());
    let mut inner = None;
    let _outer = diff(|| {
        let g = grad(&diff(|| f(&p)), &p).expect("a gradient");
        inner = Some(value(&g));
        sum(&p)
    });
    inner.expect("ran")
}

/// The Hessian of `f` at `x` times `v`, through the tape twice.
fn hvp(f: impl Fn(&Tensor) -> Tensor, x: &Tensor, v: &Tensor) -> Tensor {
    let p = Param::new(x.clone());
    let outer = diff(|| dot(&grad(&diff(|| f(&p)), &p).expect("a gradient"), v));
    grad(&outer, &p).expect("a second-order gradient")
}

fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let err = std::panic::catch_unwind(f).expect_err("expected a panic");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .or_else(|| err.downcast_ref::<autograd::Error>().map(|e| e.to_string()))
        .unwrap_or_default()
}

fn expect_panic(f: impl FnOnce() + std::panic::UnwindSafe, needles: &[&str]) {
    let message = panic_message(f);
    for needle in needles {
        assert!(message.contains(needle), "{message:?} does not mention {needle:?}");
    }
}

fn all_nan(x: &Tensor) -> bool {
    x.to_vec::<f64>().iter().all(|v| v.is_nan())
}

// ----- det, inv, solve: one LU --------------------------------------------------------------

fn singular_3x3() -> Tensor {
    t(&[3, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
}

fn scaled_diagonal(scale: f64, n: usize) -> Tensor {
    let mut data = vec![0.0; n * n];
    for i in 0..n {
        data[i * n + i] = scale * (i + 1) as f64;
    }
    t(&[n, n], &data)
}

#[test]
fn inv_of_a_rank_one_matrix_is_an_error_naming_inv() {
    let v = Tensor::from(vec![1.0, 2.0, 3.0]);
    let rank_one = outer(&v, &v);
    // One factorisation: det is exactly 0 where inv refuses.
    assert_eq!(det(&rank_one).item::<f64>(), 0.0);
    expect_panic(|| drop(inv(&rank_one)), &["inv", "singular to working precision", "3×3"]);
    let w = Tensor::from(vec![0.3, -1.7, 2.9, 0.1]);
    expect_panic(|| drop(inv(&outer(&w, &w))), &["inv", "singular"]);
}

#[test]
fn solve_of_a_numerically_singular_matrix_fails_in_the_forward_pass() {
    // NumPy/LAPACK return ±4.5e15 here; the reciprocal condition number is ~1e-18.
    let b = Tensor::from(vec![1.0, 0.0, 0.0]);
    expect_panic(|| drop(solve(&singular_3x3(), &b)), &["solve", "singular", "rcond"]);
    // Under differentiation the error comes from the forward solve, before any backward pass.
    let a = Param::new(singular_3x3());
    let message = panic_message(|| drop(diff(|| sum(&solve(&a, &b)))));
    assert!(message.starts_with("solve: ") && message.contains("singular"), "{message}");
}

#[test]
fn solve_and_its_gradient_agree_with_inv_on_a_well_conditioned_matrix() {
    let a = t(&[3, 3], &[4.0, 1.0, -1.0, 2.0, 5.0, 1.0, 0.5, -1.0, 3.0]);
    let b = t(&[3, 2], &[1.0, 2.0, -1.0, 0.5, 3.0, -2.0]);
    let x = solve(&a, &b).to_vec::<f64>();
    assert_rel_close(matmul(&inv(&a), &b), &x, 1e-14);
    // d Σ x / d b = a⁻ᵀ 1: the gradient's transposed solve uses the same factors.
    let g = gradient(|b| sum(&solve(&a, b)), &b);
    let expected = matmul(&inv(&a).t(), &Tensor::ones(&[3, 2], DType::F64));
    assert_rel_close(&g, expected.to_vec::<f64>(), 1e-14);
}

#[test]
fn badly_scaled_matrices_invert_without_overflow() {
    // torch.linalg.inv(s * torch.diag(torch.tensor([1., 2, 3], dtype=torch.float64))):
    assert_rel_close(
        inv(&scaled_diagonal(1e110, 3)),
        [
            9.999999999999999e-111,
            0.0,
            0.0,
            0.0,
            4.9999999999999995e-111,
            0.0,
            0.0,
            0.0,
            3.333333333333333e-111,
        ],
        1e-15,
    );
    assert_rel_close(
        inv(&scaled_diagonal(1e-110, 3)),
        [1e+110, 0.0, 0.0, 0.0, 5e+109, 0.0, 0.0, 0.0, 3.333333333333333e+109],
        1e-15,
    );
    // The sizes nalgebra used closed forms for (2×2 gave "singular", 4×4 zeros).
    for n in [2, 4] {
        for scale in [1e-150, 1e150] {
            let i = matmul(&inv(&scaled_diagonal(scale, n)), &scaled_diagonal(scale, n));
            let eye: Vec<f64> =
                (0..n * n).map(|k| if k % (n + 1) == 0 { 1.0 } else { 0.0 }).collect();
            assert_rel_close(&i, &eye, 1e-15);
        }
    }
}

#[test]
fn det_and_logdet_gradients_of_badly_scaled_matrices_are_finite() {
    // torch.logdet(s * diag(1, 2, 3)).backward() gives the inverse transposed:
    let g = gradient(logdet, &scaled_diagonal(1e110, 3));
    assert_rel_close(
        &g,
        [1e-110, 0.0, 0.0, 0.0, 5e-111, 0.0, 0.0, 0.0, 3.333333333333333e-111],
        1e-15,
    );
    let g = gradient(logdet, &scaled_diagonal(1e-110, 3));
    assert_rel_close(
        &g,
        [1e110, 0.0, 0.0, 0.0, 5e109, 0.0, 0.0, 0.0, 3.333333333333333e109],
        1e-15,
    );
    assert_rel_close(logdet(&scaled_diagonal(1e110, 3)), [761.6448401572632], 1e-15);
    // det's gradient is the cofactor matrix, ∏_{j≠i} dⱼ on the diagonal (exact; mpmath agrees).
    // PyTorch gives NaN at 1e110 (det = ∞ times A⁻ᵀ) and 0 at 1e-110 (det underflows).
    let g = gradient(det, &scaled_diagonal(1e110, 3));
    assert_rel_close(&g, [6e220, 0.0, 0.0, 0.0, 3e220, 0.0, 0.0, 0.0, 2e220], 1e-14);
    let g = gradient(det, &scaled_diagonal(1e-110, 3));
    assert_rel_close(&g, [6e-220, 0.0, 0.0, 0.0, 3e-220, 0.0, 0.0, 0.0, 2e-220], 1e-14);
    assert_eq!(det(&scaled_diagonal(1e110, 3)).item::<f64>(), f64::INFINITY);
    // The product of the pivots is formed without intermediate overflow: 1e200 · 1e200 · 1e-300.
    let d = det(&t(&[3, 3], &[1e200, 0.0, 0.0, 0.0, 1e200, 0.0, 0.0, 0.0, 1e-300]));
    assert_rel_close(&d, [1e100], 1e-14);
}

#[test]
fn det_gradient_at_a_singular_matrix_is_the_cofactor_matrix() {
    // The gradient of the polynomial det is the cofactor matrix everywhere. Reference: central
    // differences with step 1 of det (exact for a polynomial of degree 1 in each entry) in
    // mpmath. PyTorch 2.15 returns zeros for the first two, which is wrong (rank n − 1).
    let g = gradient(det, &singular_3x3());
    assert_rel_close(&g, [-3.0, 6.0, -3.0, 6.0, -12.0, 6.0, -3.0, 6.0, -3.0], 1e-13);
    let g = gradient(det, &t(&[2, 2], &[1.0, 2.0, 2.0, 4.0]));
    assert_rel_close(&g, [4.0, -2.0, -2.0, 1.0], 1e-13);
    // Rank one in 3×3: every 2×2 minor is 0 (PyTorch and mpmath agree).
    let v = Tensor::from(vec![1.0, 2.0, 3.0]);
    let g = gradient(det, &outer(&v, &v)).to_vec::<f64>();
    assert!(g.iter().all(|x| x.abs() < 1e-13), "{g:?}");
    // The recorded path (under an outer tape) gives the same.
    let g = recorded_gradient(det, &singular_3x3());
    assert_rel_close(&g, [-3.0, 6.0, -3.0, 6.0, -12.0, 6.0, -3.0, 6.0, -3.0], 1e-13);
}

#[test]
fn det_second_order_still_works_where_the_matrix_is_invertible() {
    let a = t(&[3, 3], &[4.0, 1.0, -1.0, 2.0, 5.0, 1.0, 0.5, -1.0, 3.0]);
    if let Err(e) = gradgradcheck(|x| det(&x[0]), std::slice::from_ref(&a)) {
        panic!("{e}");
    }
}

#[test]
fn f32_inv_judges_singularity_in_f32_precision() {
    // 1 + 2⁻²² is exact in f32; rcond ≈ 2⁻²⁴ is below 2·ε(f32) but far above 2·ε(f64).
    let near = 1.0 + 2f64.powi(-22);
    let a64 = t(&[2, 2], &[1.0, 1.0, 1.0, near]);
    let inverse = inv(&a64).to_vec::<f64>();
    assert!((inverse[0] - 4_194_305.0).abs() < 1e-6, "{inverse:?}");
    let a32 = a64.to_dtype(DType::F32);
    expect_panic(|| drop(inv(&a32)), &["inv", "singular"]);
    // A well-conditioned f32 matrix inverts in f32.
    let b32 = t(&[2, 2], &[2.0, 1.0, 1.0, 3.0]).to_dtype(DType::F32);
    assert_eq!(inv(&b32).dtype(), DType::F32);
    assert_rel_close(inv(&b32), [0.6, -0.2, -0.2, 0.4], 1e-6);
}

#[test]
fn nan_in_a_matrix_is_nan_out_not_an_error() {
    let a = t(&[2, 2], &[f64::NAN, 1.0, 1.0, 2.0]);
    assert!(all_nan(&inv(&a)));
    assert!(det(&a).item::<f64>().is_nan());
}

// ----- binary cross-entropy -------------------------------------------------------------------

#[test]
fn binary_cross_entropy_has_finite_gradients_at_probabilities_0_and_1() {
    // p = [0, 1, 0, 1, 0.5], t = [0, 1, 1, 0, 0.3];
    // torch.nn.functional.binary_cross_entropy(p, t) and its gradient in p. (PyTorch clamps
    // p(1-p) at 1e-12 held as an f32, 9.99999996e-13, hence the 8e-9 relative difference.)
    let p = Tensor::from(vec![0.0, 1.0, 0.0, 1.0, 0.5]);
    let target = Tensor::from(vec![0.0, 1.0, 1.0, 0.0, 0.3]);
    assert_rel_close(binary_cross_entropy(&p, &target), [40.13862943611199], 1e-15);
    let g = gradient(|p| binary_cross_entropy(p, &target), &p);
    assert_rel_close(&g, [0.0, 0.0, -200000000799.16058, 200000000799.16058, 0.16], 1e-8);
    // The target's gradient is that of the clamped loss, (max(ln(1-p), -100) - max(ln p,
    // -100)) / N. (PyTorch's is ±∞ there: it differentiates the unclamped logarithms.)
    let g = gradient(|t| binary_cross_entropy(&p, t), &target);
    assert_rel_close(&g, [20.0, -20.0, 20.0, -20.0, 0.0], 1e-15);
    // f32, as a saturated sigmoid gives: torch float32 gradient in p.
    let (p32, t32) = (p.to_dtype(DType::F32), target.to_dtype(DType::F32));
    let g = gradient(|p| binary_cross_entropy(p, &t32), &p32);
    assert_rel_close(&g, [0.0, 0.0, -199999995904.0, 199999995904.0, 0.1599999964237213], 1e-7);
    // A NaN probability is a NaN loss, not the clamped floor.
    let nan = Tensor::from(vec![f64::NAN, 0.5]);
    assert!(binary_cross_entropy(&nan, &Tensor::from(vec![1.0, 0.0])).item::<f64>().is_nan());
}

// ----- NaN in, NaN out -----------------------------------------------------------------------

/// The value and both paths' gradients of `f` at NaN are all NaN.
fn nan_in_nan_out(name: &str, f: impl Fn(&Tensor) -> Tensor + Copy) {
    let x = Tensor::from(vec![f64::NAN]);
    assert!(all_nan(&f(&x)), "{name}: value");
    assert!(all_nan(&gradient(|x| sum(&f(x)), &x)), "{name}: fused gradient");
    assert!(all_nan(&recorded_gradient(|x| sum(&f(x)), &x)), "{name}: recorded gradient");
}

#[test]
fn activations_and_clamps_pass_a_nan_on_with_a_nan_gradient() {
    // PyTorch's gradients at NaN are inconsistent: relu 1, leaky_relu 0.1, elu 1, hardtanh 1,
    // clamp 0, abs 0. Every one of ours is NaN, on both paths.
    nan_in_nan_out("relu", relu);
    nan_in_nan_out("leaky_relu", |x| leaky_relu(x, 0.1));
    nan_in_nan_out("elu", |x| elu(x, 1.0));
    nan_in_nan_out("selu", selu);
    nan_in_nan_out("clamp", |x| clamp(x, -0.5, 1.0));
    nan_in_nan_out("max with a number", |x| maximum(x, &Tensor::from(0.0)));
    nan_in_nan_out("min with a number", |x| minimum(x, &Tensor::from(0.0)));
    nan_in_nan_out("hypot", |x| hypot(x, &Tensor::from(1.0)));
    // Finite inputs are unchanged: relu'(0) = 0, clamp keeps its ends.
    assert_rel_close(gradient(|x| sum(&relu(x)), &Tensor::from(vec![0.0, 2.0])), [0.0, 1.0], 0.0);
    let g = gradient(|x| sum(&clamp(x, -0.5, 1.0)), &Tensor::from(vec![-0.5, 1.0, 2.0]));
    assert_rel_close(&g, [1.0, 1.0, 0.0], 0.0);
}

#[test]
fn maximum_and_minimum_with_a_nan_give_both_arguments_a_nan_gradient() {
    // torch.maximum(a, b) with a = [nan, 1], b = [1, nan]: value [nan, nan], and PyTorch gives
    // both arguments the whole gradient (1); JAX gives neither any. Ours: NaN to both.
    let (a, b) = (Tensor::from(vec![f64::NAN, 1.0]), Tensor::from(vec![1.0, f64::NAN]));
    for (name, f) in [("maximum", maximum as fn(&Tensor, &Tensor) -> Tensor), ("minimum", minimum)]
    {
        assert!(all_nan(&f(&a, &b)), "{name}");
        let (_, grads) = value_and_gradients(|x| sum(&f(&x[0], &x[1])), &[a.clone(), b.clone()]);
        assert!(all_nan(&grads[0]) && all_nan(&grads[1]), "{name}: {grads:?}");
    }
}

#[test]
fn elu_and_selu_have_finite_gradients_at_infinity() {
    // torch.nn.functional.elu / selu of [inf]: gradient 1 and λ = 1.0507009873554805.
    let inf = Tensor::from(vec![f64::INFINITY]);
    assert_rel_close(gradient(|x| sum(&elu(x, 1.0)), &inf), [1.0], 0.0);
    assert_rel_close(gradient(|x| sum(&selu(x)), &inf), [1.0507009873554805], 1e-15);
    assert_rel_close(recorded_gradient(|x| sum(&selu(x)), &inf), [1.0507009873554805], 1e-15);
    // Left of 0 unchanged: elu'(-1) = e⁻¹, and elu''(0) is the left one, alpha.
    let g = gradient(|x| sum(&elu(x, 2.0)), &Tensor::from(vec![-1.0]));
    assert_rel_close(&g, [2.0 * (-1f64).exp()], 1e-15);
    let h = hvp(|x| sum(&elu(x, 2.0)), &Tensor::from(vec![0.0]), &Tensor::from(vec![1.0]));
    assert_rel_close(&h, [2.0], 1e-15);
}

// ----- norm ----------------------------------------------------------------------------------

#[test]
fn norm_gradient_at_a_zero_element_is_zero_for_p_below_1() {
    // torch.linalg.vector_norm(x, 0.5) at x = [0, 3, -4] and its gradient:
    let x = Tensor::from(vec![0.0, 3.0, -4.0]);
    assert_rel_close(norm(&x, 0.5), [13.928203230275509], 1e-15);
    let expected = [0.0, 2.154700538379252, -1.8660254037844386];
    assert_rel_close(gradient(|x| norm(x, 0.5), &x), expected, 1e-14);
    assert_rel_close(recorded_gradient(|x| norm(x, 0.5), &x), expected, 1e-14);
}

#[test]
fn norm_hessian_vector_product_is_finite_at_a_zero_element() {
    // torch.autograd.grad of <∇‖x‖ₚ, v> at x = [0, 3, -4], v = [1, 0.5, -0.25]: PyTorch gives
    // NaN in the zero element's entry and these in the others. Ours matches them and gives the
    // zero element's entry finite (the diverging ∂²/∂x₀² is taken as 0; ∂²/∂x₀∂xⱼ = 0).
    let x = Tensor::from(vec![0.0, 3.0, -4.0]);
    let v = Tensor::from(vec![1.0, 0.5, -0.25]);
    for (p, entries) in [
        (1.5, [0.023142998187100867, 0.017357248640325642]),
        (0.5, [-0.060140653040585995, -0.045105489780439524]),
    ] {
        let h = hvp(|x| norm(x, p), &x, &v).to_vec::<f64>();
        assert_eq!(h[0], 0.0, "p = {p}: {h:?}");
        assert_rel_close(Tensor::from(h[1..].to_vec()), entries, 1e-14);
    }
}

// ----- special functions ---------------------------------------------------------------------

#[test]
fn erfinv_is_nan_outside_its_domain_and_infinite_at_its_ends() {
    // torch.erfinv([1.5, -1.5, 1, -1]) = [nan, nan, inf, -inf]; scipy.special.erfinv agrees.
    let y = erfinv(&Tensor::from(vec![1.5, -1.5, 1.0, -1.0, f64::NAN])).to_vec::<f64>();
    assert!(y[0].is_nan() && y[1].is_nan() && y[4].is_nan(), "{y:?}");
    assert_eq!(y[2..4], [f64::INFINITY, f64::NEG_INFINITY]);
    let y32 = erfinv(&Tensor::from(vec![1.5f32, 1.0])).to_vec::<f32>();
    assert!(y32[0].is_nan() && y32[1] == f32::INFINITY, "{y32:?}");
}

#[test]
fn lbeta_keeps_its_digits_for_large_arguments() {
    // mpmath.log(mpmath.beta(a, b)) at 40 digits.
    let cases = [
        (1e14, 1.0, -32.23619130191663957625),
        (1e14, 2.5, -80.30579538431869853100),
        (50.0, 60.0, -76.52272335335051268109),
        (1e8, 1e8, -138629444.0568173091250),
        (0.5, 12.0, -0.6596747231378597752748),
        (12.0, 0.5, -0.6596747231378597752748),
    ];
    for (a, b, expected) in cases {
        let got = lbeta(&Tensor::from(a), &Tensor::from(b));
        assert_rel_close(&got, [expected], 2e-15);
        let beta_value = beta(&Tensor::from(a), &Tensor::from(b));
        assert_rel_close(&beta_value, [f64::exp(expected)], 1e-13);
    }
}

// ----- hypot, atan2 and the inverse hyperbolic functions at large and small arguments ------

#[test]
fn hypot_second_derivatives_do_not_overflow_for_large_arguments() {
    // mpmath: with h = hypot(a, b), ∂h/∂a = a/h, ∂²h/∂a² = b²/h³, ∂²h/∂a∂b = -ab/h³.
    for (scale, d2) in [(1e200, [1.28e-201, -9.6e-202]), (1e-200, [1.28e199, -9.6e198])] {
        let (a, b) = (3.0 * scale, 4.0 * scale);
        let f = |x: &[Tensor]| hypot(&x[0], &x[1]);
        let (_, g) = value_and_gradients(f, &[Tensor::from(a), Tensor::from(b)]);
        assert_rel_close(&g[0], [0.6], 1e-15);
        assert_rel_close(&g[1], [0.8], 1e-15);
        let (pa, pb) = (Param::new(a), Param::new(b));
        let outer = diff(|| grad(&diff(|| hypot(&pa, &pb)), &pa).expect("a gradient"));
        assert_rel_close(grad(&outer, &pa).expect("∂²/∂a²"), &d2[..1], 1e-14);
        assert_rel_close(grad(&outer, &pb).expect("∂²/∂a∂b"), &d2[1..], 1e-14);
    }
}

#[test]
fn atan2_asinh_and_acosh_gradients_hold_at_extreme_arguments() {
    // mpmath: ∂atan2(a, b)/∂a = b / (a² + b²) = 5e199 at a = b = 1e-200 (torch.atan2 gives
    // 0, forming a² + b²), and 5e-201 at 1e200; asinh′(1e200) = acosh′(1e200) = 1e-200.
    for (s, expected) in [(1e-200, 5e199), (1e200, 5e-201)] {
        let (_, g) =
            value_and_gradients(|x| atan2(&x[0], &x[1]), &[Tensor::from(s), Tensor::from(s)]);
        assert_rel_close(&g[0], [expected], 1e-15);
        assert_rel_close(&g[1], [-expected], 1e-15);
    }
    assert_rel_close(gradient(asinh, &Tensor::from(1e200)), [1e-200], 1e-15);
    assert_rel_close(gradient(acosh, &Tensor::from(1e200)), [1e-200], 1e-15);
    // Near 1 without cancellation: mpmath 1/√(x² − 1) at x = 1.0000001.
    assert_rel_close(gradient(acosh, &Tensor::from(1.0000001)), [2236.067921598092], 1e-8);
}

// ----- messages that name our op ---------------------------------------------------------------

#[test]
fn eigh_of_an_empty_matrix_is_empty() {
    // NumPy and PyTorch return empty results; nalgebra panicked with its own message.
    let empty = Tensor::zeros(&[0, 0], DType::F64);
    assert_eq!(eigh_values(&empty).shape(), &[0]);
    assert_eq!(eigh_vectors(&empty).shape(), &[0, 0]);
    assert_eq!(inv(&empty).shape(), &[0, 0]);
    assert_eq!(det(&empty).item::<f64>(), 1.0);
}

#[test]
fn eigh_of_a_matrix_with_a_nan_is_all_nan() {
    // nalgebra gave finite eigenvalues for this one.
    let a = t(&[2, 2], &[f64::NAN, 1.0, 1.0, 2.0]);
    assert!(all_nan(&eigh_values(&a)));
    assert!(all_nan(&eigh_vectors(&a)));
}

#[test]
fn impossible_sizes_are_errors_naming_the_op_and_the_shape() {
    let x = Tensor::from(vec![1.0, 2.0]);
    expect_panic(|| drop(tile(&x, &[usize::MAX, 1])), &["tile", "overflows", "[2]"]);
    expect_panic(|| drop(tile(&x, &[1 << 40, 1 << 30])), &["tile", "overflows"]);
    let huge = [1usize << 40, 1 << 40];
    expect_panic(|| drop(Tensor::zeros(&huge, DType::F64)), &["zeros", "too many elements"]);
    expect_panic(|| drop(Tensor::ones(&huge, DType::F32)), &["ones", "[1099511627776"]);
    expect_panic(|| drop(Tensor::full(&[0, usize::MAX, 2], 1.0, DType::F64)), &["full"]);
    let values = Tensor::zeros(&[1, 2], DType::F64);
    expect_panic(
        || drop(index_add(&values, 0, &[0], &[1 << 62, 2])),
        &["index_add", "too many elements"],
    );
}

// ----- index_select -----------------------------------------------------------------------------

#[test]
fn index_select_copies_rows_and_agrees_with_the_general_path() {
    let x = Tensor::from_shape_vec(&[4, 3], (0..12).map(f64::from).collect());
    let rows = index_select(&x, 0, &[3, 0, 3]);
    assert_eq!(rows.shape(), &[3, 3]);
    assert_eq!(rows.to_vec::<f64>(), vec![9.0, 10.0, 11.0, 0.0, 1.0, 2.0, 9.0, 10.0, 11.0]);
    // A transposed (column-major) input takes the general path: the same numbers.
    let xt = x.t();
    let general = index_select(&xt, 0, &[2, 1]);
    assert_eq!(general.to_vec::<f64>(), vec![2.0, 5.0, 8.0, 11.0, 1.0, 4.0, 7.0, 10.0]);
    // Other axes, 1-d inputs and empty selections.
    assert_eq!(index_select(&x, 1, &[2]).to_vec::<f64>(), vec![2.0, 5.0, 8.0, 11.0]);
    assert_eq!(
        index_select(&Tensor::from(vec![5.0, 6.0]), 0, &[1, 1]).to_vec::<f64>(),
        vec![6.0, 6.0]
    );
    assert_eq!(index_select(&x, 0, &[]).shape(), &[0, 3]);
}

// ----- cosc near 0 ---------------------------------------------------------------------------

#[test]
fn cosc_derivatives_keep_their_digits_near_zero() {
    // mpmath.diff(lambda t: mpmath.sinc(mpmath.pi * t), x, k) at 40 digits, k = 1, 2, 3.
    let cases = [
        (1e-8, [-3.289868133696452548e-8, -3.289868133696451899, 1.948181820680048516e-7]),
        (1e-3, [-3.289864886727896250e-3, -3.289858392793072026, 1.948179531659037847e-2]),
        (0.2, [-0.6323614470684580456, -2.909294681767703331, 3.716031785320220051]),
    ];
    for (x, [d1, d2, d3]) in cases {
        let at = Tensor::from(x);
        assert_rel_close(cosc(&at), [d1], 1e-15);
        assert_rel_close(gradfun(cosc)(&at), [d2], 1e-15);
        assert_rel_close(gradfun(gradfun(cosc))(&at), [d3], 1e-13);
        assert_rel_close(recorded_gradient(cosc, &at), [d2], 1e-15);
    }
    // Either side of where the series hands over to Leibniz's rule (|πx| = 4), and beyond:
    // mpmath, k = 1 … 4.
    for (x, expected) in [
        (
            1.2,
            [
                -0.54425176145292298769,
                2.4459044611635856105,
                0.53913692062359095888,
                -16.984649869728849865,
            ],
        ),
        (
            1.3,
            [
                -0.29976492342010244699,
                2.4162551484598729245,
                -1.113505794198774585,
                -15.869678146045449823,
            ],
        ),
        (
            3.7,
            [
                0.17767155156189864941,
                0.59088074136049529975,
                -2.046986523514242625,
                -4.5666645061073547593,
            ],
        ),
    ] {
        for (k, d) in (1..=4).zip(expected) {
            assert_rel_close(sinc_derivative(k, &Tensor::from(x)), [d], 1e-14);
        }
    }
}
