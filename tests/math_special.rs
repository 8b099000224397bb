//! Element-wise math, special functions and zero-gradient functions: the values, and the
//! gradients where they need care (ties, `x = 0`, removable singularities).

mod common;

use std::f64::consts::PI;

use autograd::prelude::*;
use autograd::{
    compare::{ceil, floor, ge, lt, trunc},
    math::{
        acos, acosh, acot, acoth, acsc, acsch, asec, asecd, asech, asin, asind, asinh, atan, atanh,
        cbrt, cosd, cosh, cospi, coth, csch, deg2rad, exp10, exp2, expm1, log10, log1p, log2,
        minimum, rad2deg, sech, sign, sinc, sinh, sinpi, tand,
    },
    special::{
        besselj0, besselj1, bessely0, bessely1, digamma, erf, erfc, erfcinv, erfcx, gamma, lgamma,
        trigamma,
    },
};
use autograd::{
    compare::{
        detach, eq, gt, isfinite, isinf, isnan, le, ne, round, round_ties_even, stop_gradient,
    },
    math::{atan2, clamp, hypot, ldexp, log_base, maximum, modulo, pow, pow_int, rem, sind},
    special::{besselj, bessely, beta, erfinv, lbeta, polygamma},
};
use common::assert_close;

const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;
const ZETA_3: f64 = 1.202_056_903_159_594_3;

fn at(f: impl Fn(&Tensor) -> Tensor, x: f64) -> f64 {
    f(&Tensor::from(x)).item::<f64>()
}

/// First-order gradients of Σ f(a, b) in one `diff`: the fused kernel path.
fn fused_gradients(f: fn(&Tensor, &Tensor) -> Tensor, a: &[f64], b: &[f64]) -> [Vec<f64>; 2] {
    let (pa, pb) = (Param::new(a.to_vec()), Param::new(b.to_vec()));
    let tape = diff(|| sum(&f(&pa, &pb)));
    [grad(&tape, &pa).unwrap().to_vec(), grad(&tape, &pb).unwrap().to_vec()]
}

/// The same gradients computed while an outer tape records them: the rule's tensor form.
/// (The weights `w`, all 1, make the incoming gradient itself tracked.)
fn recorded_gradients(f: fn(&Tensor, &Tensor) -> Tensor, a: &[f64], b: &[f64]) -> [Vec<f64>; 2] {
    let (pa, pb) = (Param::new(a.to_vec()), Param::new(b.to_vec()));
    let w = Param::new(vec![1.0; a.len()]);
    let mut inner_grads = None;
    let outer = diff(|| {
        let inner = diff(|| sum(&(&f(&pa, &pb) * &w)));
        let (ga, gb) = (grad(&inner, &pa).unwrap(), grad(&inner, &pb).unwrap());
        assert!(ga.is_tracked(), "the inner gradient should be recorded on the outer tape");
        inner_grads = Some([value(&ga).to_vec(), value(&gb).to_vec()]);
        sum(&ga) + sum(&gb)
    });
    // The two shares add up to the whole at every element, ties included.
    assert_eq!(grad(&outer, &w).unwrap().to_vec::<f64>(), vec![1.0; a.len()]);
    inner_grads.unwrap()
}

#[test]
fn maximum_and_minimum_split_the_gradient_evenly_at_ties_on_both_paths() {
    // Ties at elements 0 and 3 (−0.0 and 0.0 are equal too).
    let a = [1.0, 2.0, 3.0, -0.0];
    let b = [1.0, 0.0, 5.0, 0.0];
    for gradients in [fused_gradients, recorded_gradients] {
        assert_eq!(
            gradients(maximum, &a, &b),
            [vec![0.5, 1.0, 0.0, 0.5], vec![0.5, 0.0, 1.0, 0.5]]
        );
        assert_eq!(
            gradients(minimum, &a, &b),
            [vec![0.5, 0.0, 1.0, 0.5], vec![0.5, 1.0, 0.0, 0.5]]
        );
    }
    // The split adds up to 1: maximum(x, x) = x has derivative 1, not 2.
    let d = gradfun(|x: &Tensor| maximum(x, x));
    assert_eq!(d(&Tensor::from(0.7)).item::<f64>(), 1.0);
    // As a `TensorMath` method, with a number on the right.
    let x = Param::new(vec![-1.0, 0.0, 2.0]);
    let tape = diff(|| sum(&x.maximum(0.0)));
    assert_eq!(tape.value().to_vec::<f64>(), vec![2.0]);
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![0.0, 0.5, 1.0]);
}

#[test]
fn maximum_propagates_nan() {
    let y = maximum(&Tensor::from(vec![f64::NAN, 1.0]), &Tensor::from(vec![0.0, f64::NAN]));
    assert!(y.to_vec::<f64>().iter().all(|v| v.is_nan()));
}

#[test]
fn integer_powers_have_exact_derivatives_at_zero() {
    // (n, d/dx xⁿ at 0, d²/dx² xⁿ at 0)
    for (n, first, second) in [(0, 0.0, 0.0), (1, 1.0, 0.0), (2, 0.0, 2.0), (3, 0.0, 0.0)] {
        let d1 = gradfun(move |x: &Tensor| pow_int(x, n));
        let d2 = gradfun(gradfun(move |x: &Tensor| x.powi(n)));
        assert_eq!(at(&d1, 0.0), first, "d/dx x^{n}");
        assert_eq!(at(&d2, 0.0), second, "d²/dx² x^{n}");
        // The same through `pow` with a tensor exponent.
        let p = Tensor::from(f64::from(n));
        let pd1 = gradfun(|x: &Tensor| pow(x, &p));
        let pd2 = gradfun(gradfun(|x: &Tensor| pow(x, &p)));
        assert_eq!(at(&pd1, 0.0), first, "pow: d/dx x^{n}");
        assert_eq!(at(&pd2, 0.0), second, "pow: d²/dx² x^{n}");
    }
    // Third derivative of x³ is 6 everywhere, 0 included.
    let d3 = gradfun(gradfun(gradfun(|x: &Tensor| x.powi(3))));
    assert_eq!(at(&d3, 0.0), 6.0);
    assert_eq!(at(&d3, -1.5), 6.0);
}

#[test]
fn pow_exponent_gradient_at_zero_base_is_zero_not_nan() {
    let (x, p) = (Param::new(vec![0.0, 2.0]), Param::new(vec![2.0, 3.0]));
    let tape = diff(|| sum(&pow(&x, &p)));
    let gp = grad(&tape, &p).unwrap().to_vec::<f64>();
    assert_eq!(gp[0], 0.0);
    assert_close(gp[1], 8.0 * 2f64.ln(), 1e-15);
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![0.0, 12.0]);
}

#[test]
fn error_functions_match_known_values() {
    let t = |f: fn(&Tensor) -> Tensor, x: f64| f(&Tensor::from(x)).item::<f64>();
    assert_close(t(erf, 0.5), 0.520_499_877_813_046_5, 1e-15);
    assert_close(t(erfc, 0.5), 0.479_500_122_186_953_5, 1e-15);
    assert_close(t(erfc, 5.0), 1.537_459_794_428_034_8e-12, 1e-14);
    assert_close(t(erfinv, 0.5), 0.476_936_276_204_469_9, 1e-15);
    assert_close(t(erfinv, -0.9), -1.163_087_153_676_674_3, 1e-15);
    assert_close(t(erfinv, 1e-12), 1e-12 * PI.sqrt() / 2.0, 1e-15);
    assert_close(t(erfcinv, 0.5), 0.476_936_276_204_469_9, 1e-15);
    assert_close(t(erfcinv, 1e-20), 6.601_580_622_355_143, 1e-14);
    assert_close(t(erfcx, 1.0), 0.427_583_576_155_807, 1e-15);
    assert_close(t(erfcx, -1.0), 5.008_980_080_762_283, 1e-15);
    assert_close(t(erfcx, 30.0), 0.018_795_888_861_416_75, 1e-14);
    assert_eq!(t(erfinv, 1.0), f64::INFINITY);
    assert!(t(erfcinv, 2.5).is_nan());
}

#[test]
fn gamma_functions_match_known_values() {
    let t = |f: fn(&Tensor) -> Tensor, x: f64| f(&Tensor::from(x)).item::<f64>();
    assert_close(t(gamma, 0.5), PI.sqrt(), 1e-15);
    assert_close(t(gamma, 5.0), 24.0, 1e-15);
    assert_close(t(lgamma, 0.5), 0.572_364_942_924_700_1, 1e-15);
    assert_close(t(lgamma, 100.0), 359.134_205_369_575_4, 1e-15);
    assert_close(t(digamma, 1.0), -EULER_GAMMA, 1e-15);
    assert_close(t(digamma, 0.5), -EULER_GAMMA - 2.0 * 2f64.ln(), 1e-15);
    assert_close(t(trigamma, 1.0), PI * PI / 6.0, 1e-15);
    assert_close(t(trigamma, 0.5), PI * PI / 2.0, 1e-15);
    let poly = |k: i32, x: f64| polygamma(k, &Tensor::from(x)).item::<f64>();
    assert_close(poly(0, 1.0), -EULER_GAMMA, 1e-15);
    assert_close(poly(1, 1.0), PI * PI / 6.0, 1e-15);
    assert_close(poly(2, 1.0), -2.0 * ZETA_3, 1e-15);
    // ψ⁽³⁾(1/2) = π⁴, and ψ⁽³⁾(3/2) = ψ⁽³⁾(1/2) − 3!/(1/2)⁴.
    assert_close(poly(3, 1.5), PI.powi(4) - 96.0, 1e-13);
    assert_close(poly(3, -0.5), PI.powi(4) + 96.0, 1e-13);
    assert_close(beta(&Tensor::from(2.0), &Tensor::from(3.0)).item::<f64>(), 1.0 / 12.0, 1e-15);
    assert_close(lbeta(&Tensor::from(2.0), &Tensor::from(3.0)).item::<f64>(), -(12f64.ln()), 1e-15);
}

#[test]
fn bessel_functions_match_known_values() {
    let t = |f: fn(&Tensor) -> Tensor, x: f64| f(&Tensor::from(x)).item::<f64>();
    assert_close(t(besselj0, 1.0), 0.765_197_686_557_966_6, 1e-15);
    assert_close(t(besselj1, 1.0), 0.440_050_585_744_933_5, 1e-15);
    assert_close(besselj(2, &Tensor::from(1.0)).item::<f64>(), 0.114_903_484_931_900_5, 1e-15);
    assert_close(t(bessely0, 1.0), 0.088_256_964_215_676_96, 1e-15);
    assert_close(t(bessely1, 1.0), -0.781_212_821_300_288_7, 1e-15);
    assert_close(bessely(2, &Tensor::from(1.0)).item::<f64>(), -1.650_682_606_816_254_4, 1e-15);
}

#[test]
fn special_function_derivatives_chain_through_the_family() {
    let x = 1.7;
    // lgamma′ = ψ, lgamma″ = ψ′, lgamma‴ = ψ″.
    let d1 = gradfun(lgamma);
    let d2 = gradfun(gradfun(lgamma));
    let d3 = gradfun(gradfun(gradfun(lgamma)));
    assert_close(at(&d1, x), at(digamma, x), 1e-15);
    assert_close(at(&d2, x), at(trigamma, x), 1e-15);
    assert_close(at(&d3, x), polygamma(2, &Tensor::from(x)).item::<f64>(), 1e-15);
    // J₀′ = −J₁ and J₀″ = −(J₀ − J₂)/2.
    assert_close(at(gradfun(besselj0), x), -at(besselj1, x), 1e-15);
    let j2 = besselj(2, &Tensor::from(x)).item::<f64>();
    assert_close(at(gradfun(gradfun(besselj0)), x), -(at(besselj0, x) - j2) / 2.0, 1e-15);
    // erfinv′(x) = √π/2 · exp(erfinv(x)²).
    let e = at(erfinv, 0.3);
    assert_close(at(gradfun(erfinv), 0.3), PI.sqrt() / 2.0 * (e * e).exp(), 1e-15);
}

#[test]
fn sinc_is_smooth_through_zero() {
    assert_eq!(at(sinc, 0.0), 1.0);
    assert_eq!(at(gradfun(sinc), 0.0), 0.0);
    assert_close(at(gradfun(gradfun(sinc)), 0.0), -PI * PI / 3.0, 1e-15);
    assert_eq!(at(gradfun(gradfun(gradfun(sinc))), 0.0), 0.0);
    // Near 0 the series and the closed form meet: sinc″(x) ≈ −π²/3 + π⁴x²/10.
    let x = 1e-3;
    assert_close(at(gradfun(gradfun(sinc)), x), -PI * PI / 3.0 + PI.powi(4) * x * x / 10.0, 1e-9);
    assert_eq!(at(sinc, 2.0), 0.0);
}

#[test]
fn pi_and_degree_functions_are_exact_at_special_angles() {
    assert_eq!(at(sinpi, 1.0), 0.0);
    assert_eq!(at(sinpi, 1e15 + 0.5), 1.0);
    assert_eq!(at(cospi, 0.5), 0.0);
    assert_eq!(at(cospi, 3.0), -1.0);
    assert_eq!(at(sind, 180.0), 0.0);
    assert_eq!(at(sind, 90.0), 1.0);
    assert_eq!(at(cosd, 90.0), 0.0);
    assert_eq!(at(cosd, -720.0), 1.0);
    assert_eq!(at(tand, 180.0), 0.0);
    assert_close(at(sind, 30.0), 0.5, 1e-15);
    assert_close(at(asind, 0.5), 30.0, 1e-15);
    assert_close(at(gradfun(sind), 60.0), PI / 180.0 * 0.5, 1e-15);
}

#[test]
fn inverse_and_hyperbolic_functions_match_std() {
    let x = 0.4f64;
    for (f, expected) in [
        (asin as fn(&Tensor) -> Tensor, x.asin()),
        (acos, x.acos()),
        (atan, x.atan()),
        (acot, (1.0 / x).atan()),
        (sinh, x.sinh()),
        (cosh, x.cosh()),
        (coth, 1.0 / x.tanh()),
        (sech, 1.0 / x.cosh()),
        (csch, 1.0 / x.sinh()),
        (asinh, x.asinh()),
        (atanh, x.atanh()),
        (asech, (1.0 / x).acosh()),
        (acsch, (1.0 / x).asinh()),
        (exp2, x.exp2()),
        (exp10, 10f64.powf(x)),
        (expm1, x.exp_m1()),
        (log1p, x.ln_1p()),
        (log2, x.log2()),
        (log10, x.log10()),
        (cbrt, x.cbrt()),
        (deg2rad, x.to_radians()),
        (rad2deg, x.to_degrees()),
    ] {
        assert_close(at(f, x), expected, 1e-15);
    }
    for (f, expected) in [
        (acosh as fn(&Tensor) -> Tensor, 2.5f64.acosh()),
        (acoth, 0.4f64.atanh()),
        (asec, 0.4f64.acos()),
        (acsc, 0.4f64.asin()),
        (asecd, 0.4f64.acos().to_degrees()),
    ] {
        assert_close(at(f, 2.5), expected, 1e-15);
    }
    let (a, b) = (Tensor::from(-1.0), Tensor::from(-2.0));
    assert_close(atan2(&a, &b).item::<f64>(), (-1f64).atan2(-2.0), 1e-15);
    assert_close(hypot(&a, &b).item::<f64>(), 5f64.sqrt(), 1e-15);
    assert_close(log_base(&Tensor::from(8.0), &Tensor::from(2.0)).item::<f64>(), 3.0, 1e-15);
}

#[test]
fn log_base_is_differentiable_in_both_arguments() {
    let (x, b) = (Param::new(8.0), Param::new(2.0));
    let tape = diff(|| log_base(&x, &b));
    let ln2 = 2f64.ln();
    assert_close(grad(&tape, &x).unwrap().item::<f64>(), 1.0 / (8.0 * ln2), 1e-15);
    assert_close(grad(&tape, &b).unwrap().item::<f64>(), -3.0 / (2.0 * ln2), 1e-15);
}

#[test]
fn hypot_has_a_zero_subgradient_at_the_origin() {
    let (a, b) = (Param::new(0.0), Param::new(0.0));
    let tape = diff(|| hypot(&a, &b));
    assert_eq!(grad(&tape, &a).unwrap().item::<f64>(), 0.0);
    assert_eq!(grad(&tape, &b).unwrap().item::<f64>(), 0.0);
}

#[test]
fn remainders_truncate_or_floor_and_differentiate_in_both_arguments() {
    let a = Param::new(vec![-7.0, 7.0, 1.0]);
    let b = Param::new(vec![3.0, -3.0, 0.1]);
    let tape = diff(|| sum(&rem(&a, &b)));
    assert_eq!(rem(&a, &b).to_vec::<f64>()[..2], [-1.0, 1.0]);
    assert_eq!(grad(&tape, &a).unwrap().to_vec::<f64>(), vec![1.0; 3]);
    // −trunc(a/b), from the exact quotient: 1.0 % 0.1 = 0.0999…, so the quotient is 9, not 10.
    assert_eq!(grad(&tape, &b).unwrap().to_vec::<f64>(), vec![2.0, 2.0, -9.0]);

    let tape = diff(|| sum(&modulo(&a, &b)));
    assert_eq!(modulo(&a, &b).to_vec::<f64>()[..2], [2.0, -2.0]);
    assert_eq!(grad(&tape, &a).unwrap().to_vec::<f64>(), vec![1.0; 3]);
    assert_eq!(grad(&tape, &b).unwrap().to_vec::<f64>(), vec![3.0, 3.0, -9.0]);
}

#[test]
fn clamp_passes_the_gradient_inside_and_at_the_bounds_only() {
    let x = Param::new(vec![-2.0, -1.0, 0.3, 1.0, 4.0]);
    let tape = diff(|| sum(&clamp(&x, -1.0, 1.0)));
    assert_eq!(tape.value().item::<f64>(), -1.0 - 1.0 + 0.3 + 1.0 + 1.0);
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![0.0, 1.0, 1.0, 1.0, 0.0]);
    assert_eq!(x.clamp(0.0, 0.5).to_vec::<f64>(), vec![0.0, 0.0, 0.3, 0.5, 0.5]);
}

#[test]
#[should_panic(expected = "clamp")]
fn clamp_with_crossed_bounds_panics() {
    clamp(&Tensor::from(1.0), 2.0, 1.0);
}

#[test]
fn ldexp_scales_by_a_power_of_two() {
    let x = Param::new(vec![0.75, -3.0]);
    let tape = diff(|| sum(&ldexp(&x, 4)));
    assert_eq!(ldexp(&x, 4).to_vec::<f64>(), vec![12.0, -48.0]);
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![16.0, 16.0]);
}

#[test]
fn comparisons_and_rounding_give_no_gradient() {
    let x = Param::new(vec![-1.5, 0.5, 2.5]);
    let y = Param::new(vec![0.0, 0.5, 1.0]);
    type Unary = fn(&Tensor) -> Tensor;
    type Binary = fn(&Tensor, &Tensor) -> Tensor;
    for f in [floor as Unary, ceil, round, round_ties_even, trunc, sign, isnan, isinf, isfinite] {
        assert!(grad(&diff(|| sum(&f(&x))), &x).is_none());
    }
    for f in [lt as Binary, le, gt, ge, eq, ne] {
        let tape = diff(|| sum(&f(&x, &y)));
        assert!(grad(&tape, &x).is_none() && grad(&tape, &y).is_none());
    }
    // Used as a mask, a comparison leaves the gradient of what it multiplies.
    let tape = diff(|| sum(&(&gt(&x, &y) * &x)));
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![0.0, 0.0, 1.0]);
}

#[test]
fn comparisons_broadcast_and_return_the_input_element_type() {
    let a = Tensor::from_shape_vec(&[2, 2], vec![1.0f32, 2.0, 3.0, 4.0]);
    let b = Tensor::from(vec![2.0f32, 3.0]);
    let m = le(&a, &b);
    assert_eq!(m.dtype(), DType::F32);
    assert_eq!(m.shape(), &[2, 2]);
    assert_eq!(m.to_vec::<f32>(), vec![1.0, 1.0, 0.0, 0.0]);
    assert_eq!(eq(&a, &b).to_vec::<f64>(), vec![0.0, 0.0, 0.0, 0.0]);
    assert_eq!(ne(&a, &a).to_vec::<f64>(), vec![0.0; 4]);
    let odd = Tensor::from(vec![f64::NAN, f64::INFINITY, -1.0]);
    assert_eq!(isnan(&odd).to_vec::<f64>(), vec![1.0, 0.0, 0.0]);
    assert_eq!(isinf(&odd).to_vec::<f64>(), vec![0.0, 1.0, 0.0]);
    assert_eq!(isfinite(&odd).to_vec::<f64>(), vec![0.0, 0.0, 1.0]);
    let halves = Tensor::from(vec![2.5, -2.5, 0.5]);
    assert_eq!(round(&halves).to_vec::<f64>(), vec![3.0, -3.0, 1.0]);
    assert_eq!(round_ties_even(&halves).to_vec::<f64>(), vec![2.0, -2.0, 0.0]);
}

#[test]
fn compare_masks_agree_on_numbers_and_tensors() {
    let (a, b) = (vec![1.0, 2.0, -0.0], vec![2.0, 2.0, 0.0]);
    let (ta, tb) = (Tensor::from(a.clone()), Tensor::from(b.clone()));
    let number =
        |f: fn(&f64, f64) -> f64| a.iter().zip(&b).map(|(x, y)| f(x, *y)).collect::<Vec<_>>();
    assert_eq!(ta.lt_mask(&tb).to_vec::<f64>(), number(|x, y| x.lt_mask(y)));
    assert_eq!(ta.le_mask(&tb).to_vec::<f64>(), number(|x, y| x.le_mask(y)));
    assert_eq!(ta.gt_mask(&tb).to_vec::<f64>(), number(|x, y| x.gt_mask(y)));
    assert_eq!(ta.ge_mask(&tb).to_vec::<f64>(), number(|x, y| x.ge_mask(y)));
    assert_eq!(ta.eq_mask(&tb).to_vec::<f64>(), number(|x, y| x.eq_mask(y)));
    assert_eq!(ta.ne_mask(&tb).to_vec::<f64>(), number(|x, y| x.ne_mask(y)));
    assert_eq!(ta.eq_mask(0.0).to_vec::<f64>(), vec![0.0, 0.0, 1.0]);
}

#[test]
fn stop_gradient_blocks_the_gradient() {
    let x = Param::new(vec![1.0, 2.0]);
    // d/dx Σ x · stop_gradient(x)² = stop_gradient(x)², not 3x².
    let tape = diff(|| sum(&(&x * &abs2(&stop_gradient(&x)))));
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![1.0, 4.0]);
    assert!(grad(&diff(|| sum(&detach(&x))), &x).is_none());
    // Inside a nested derivative it is a constant to the outer tape as well.
    let d2 = gradfun(gradfun(|x: &Tensor| x * &abs2(&stop_gradient(x))));
    assert_eq!(d2(&Tensor::from(3.0)).item::<f64>(), 0.0);
}

#[test]
fn f32_tensors_work_through_math_and_special_functions() {
    let x = Param::new(vec![0.3f32, 0.6]);
    let tape = diff(|| {
        let parts = [
            sind(&(&x * 100.0)),
            erfinv(&x),
            polygamma(2, &(&x + 1.0)),
            besselj(3, &x),
            maximum(&x, &Tensor::from(0.6f32)),
            x.powi(2),
            clamp(&x, 0.0, 0.5),
        ];
        parts.iter().map(sum).fold(Tensor::from(0.0f32), |acc, p| acc + p)
    });
    assert_eq!(tape.value().dtype(), DType::F32);
    let g32 = grad(&tape, &x).unwrap();
    assert_eq!(g32.dtype(), DType::F32);

    let x64 = Param::new(vec![0.3f64, 0.6]);
    let tape64 = diff(|| {
        let parts = [
            sind(&(&x64 * 100.0)),
            erfinv(&x64),
            polygamma(2, &(&x64 + 1.0)),
            besselj(3, &x64),
            maximum(&x64, &Tensor::from(0.6)),
            x64.powi(2),
            clamp(&x64, 0.0, 0.5),
        ];
        parts.iter().map(sum).fold(Tensor::from(0.0), |acc, p| acc + p)
    });
    let g64 = grad(&tape64, &x64).unwrap().to_vec::<f64>();
    for (a, b) in g32.to_vec::<f64>().iter().zip(&g64) {
        assert!((a - b).abs() < 1e-4 * (1.0 + b.abs()), "{a} vs {b}");
    }
}

#[test]
fn special_function_methods_read_the_same_on_numbers_and_tensors() {
    let x = 0.7f64;
    let t = Tensor::from(x);
    assert_close(t.digamma().item::<f64>(), x.digamma(), 1e-15);
    assert_close(t.polygamma(3).item::<f64>(), x.polygamma(3), 1e-15);
    assert_close(t.besselj(2).item::<f64>(), x.besselj(2), 1e-15);
    assert_close(t.erfcx().item::<f64>(), x.erfcx(), 1e-15);
    assert_close(t.sinpi().item::<f64>(), x.sinpi(), 1e-15);
    assert_close(t.cosd().item::<f64>(), x.cosd(), 1e-15);
    assert_close(t.lgamma().item::<f64>(), x.lgamma(), 1e-15);
    assert_close(0.7f32.digamma() as f64, x.digamma(), 1e-7);
    // TensorMath: the methods of f64, on tensors.
    assert_close(t.atan2(2.0).item::<f64>(), x.atan2(2.0), 1e-15);
    assert_close(t.log_base(3.0).item::<f64>(), x.log(3.0), 1e-15);
    assert_close(t.hypot(2.0).item::<f64>(), x.hypot(2.0), 1e-15);
    assert_close(t.mul_add(2.0, 1.0).item::<f64>(), x.mul_add(2.0, 1.0), 1e-15);
    assert_close(t.fract().item::<f64>(), x.fract(), 1e-15);
    assert_close(t.to_degrees().item::<f64>(), x.to_degrees(), 1e-15);
    assert_close(t.erf().item::<f64>(), 0.677_801_193_837_418_5, 1e-15);
    assert_close(t.gamma().item::<f64>(), 1.298_055_332_647_558, 1e-15);
}

#[test]
#[should_panic(expected = "polygamma")]
fn polygamma_of_negative_order_panics_naming_the_operation() {
    polygamma(-1, &Tensor::from(1.0));
}
