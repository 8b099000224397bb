//! The f64 kernels, built as the f32 ones are (Cody–Waite reduction, a polynomial, a scale by
//! `2ⁿ` read into the exponent bits) with polynomials long enough for 53 bits: LLVM vectorizes
//! them 4 wide (AVX2) or 8 wide (AVX-512).
//!
//! Where the coefficients come from: `exp` and `ln` use their Taylor series (`1/k!`, and
//! `2/(2k+1)` for `2·atanh`), truncated where the next term is below 10⁻¹⁸ of the result on the
//! reduced interval; `tanh`'s odd polynomial was fitted with mpmath's `chebyfit` at 40 digits
//! (fit error 1.4·10⁻¹⁹). Each is printed as the shortest decimal that rounds to the f64. The
//! formulas built on these parts are shared with f32 ([`derived`](super::derived),
//! [`erf`](super::erf)).

use super::{forward_std_methods, horner, Real};

// ln 2 in two parts (Cody–Waite): the high part has 32 significant bits, so `n · LN2_HI` is
// exact for the |n| ≤ 1077 that f64 exponents need, and the low part carries the rest.
const LN2_HI: f64 = 0.693_147_180_369_123_8;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
/// 1.5 · 2⁵²: adding it to a float of magnitude < 2⁵¹ rounds it to an integer held in the low
/// mantissa bits.
const SHIFTER: f64 = 6_755_399_441_055_744.0;

/// `2ⁿ` for an integer `n` in [-1077, 1025], as the product of two normal powers of two, so
/// that results in the subnormal range and just below overflow both come out right.
#[inline(always)]
fn scale_by_pow2(p: f64, n: i64) -> f64 {
    let half = n >> 1;
    let rest = n.wrapping_sub(half);
    let pow2 = |k: i64| f64::from_bits((k.wrapping_add(1023) as u64) << 52);
    p * pow2(half) * pow2(rest)
}

/// `eˣ`: `x = n·ln 2 + r` with |r| ≤ ln2/2, `eʳ` by its Taylor series to `r¹³/13!` (the next
/// term is below 5·10⁻¹⁸), then scaled by `2ⁿ`.
#[inline(always)]
pub fn exp_f64(x: f64) -> f64 {
    // 1/k! for k = 13 down to 2: eʳ = 1 + r + r²·q(r).
    const Q: [f64; 12] = [
        1.6059043836821613e-10,
        2.08767569878681e-09,
        2.505210838544172e-08,
        2.755731922398589e-07,
        2.7557319223985893e-06,
        2.48015873015873e-05,
        0.0001984126984126984,
        0.001388888888888889,
        0.008333333333333333,
        0.041666666666666664,
        0.16666666666666666,
        0.5,
    ];
    // Beyond these bounds eˣ is ∞ or 0 in f64; clamping keeps n in scale_by_pow2's range
    // (and a NaN runs through to the result).
    let x = x.clamp(-746.0, 710.0);
    let t = x * std::f64::consts::LOG2_E + SHIFTER;
    let n = t - SHIFTER;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let p = 1.0 + (r + r * r * horner(&Q, r));
    let n = (t.to_bits() as i64).wrapping_sub(SHIFTER.to_bits() as i64);
    scale_by_pow2(p, n)
}

/// `ln x`: `x = 2ᵏ·m` with m in [√½, √2), `ln m = f - s·(f - R(s²))` with `f = m - 1` and
/// `s = f / (2 + f)`, plus `k·ln 2`.
#[inline(always)]
pub fn ln_f64(x: f64) -> f64 {
    // 2/(2k+1) for k = 11 down to 1: 2·atanh(s) = 2s + s·R with R = Σ 2s²ᵏ/(2k+1); with
    // s² ≤ 0.0295 the next term is below 10⁻¹⁸.
    const L: [f64; 11] = [
        0.08695652173913043,
        0.09523809523809523,
        0.10526315789473684,
        0.11764705882352941,
        0.13333333333333333,
        0.15384615384615385,
        0.18181818181818182,
        0.2222222222222222,
        0.2857142857142857,
        0.4,
        0.6666666666666666,
    ];
    const SQRT_HALF_BITS: i64 = 0x3fe6_a09e_667f_3bcd;
    let subnormal = x < f64::MIN_POSITIVE;
    let scaled = if subnormal { x * 4_503_599_627_370_496.0 } else { x };
    // Offset the exponent so that the mantissa lands in [√½, √2) rather than [1, 2).
    let bits = (scaled.to_bits() as i64).wrapping_add(0x3ff0_0000_0000_0000 - SQRT_HALF_BITS);
    let k = (bits >> 52) - 1023 - if subnormal { 52 } else { 0 };
    let m = f64::from_bits(((bits & 0x000f_ffff_ffff_ffff) + SQRT_HALF_BITS) as u64);
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let r = z * horner(&L, z);
    let kf = k as f64;
    let y = kf * LN2_HI + (f - s * (f - r) + kf * LN2_LO);
    // The edges, as selects: ∞ stays ∞, 0 gives -∞, negatives and NaN give NaN.
    let y = if x == f64::INFINITY { x } else { y };
    let y = if x == 0.0 { f64::NEG_INFINITY } else { y };
    if x < 0.0 || x.is_nan() {
        f64::NAN
    } else {
        y
    }
}

// tanh x = x + x³·t(x²) for |x| < 0.625 (chebyfit on x² in [0, 0.390625], error 1.4e-19).
const TANH_SMALL: [f64; 13] = [
    -2.438831631472088e-06,
    1.2209921790162781e-05,
    -3.708106921544234e-05,
    9.604109157026265e-05,
    -0.00023888944636751174,
    0.0005899818158388232,
    -0.0014558283998303246,
    0.003592127507599252,
    -0.008863235499801992,
    0.021869488535133222,
    -0.0539682539682359,
    0.13333333333333322,
    -0.3333333333333333,
];

// erf's polynomials (see `erf` for the intervals and fits), from the highest power down.
// The constant term is the fit's, close to 2/√π but not it: the fit trades it against the rest.
#[allow(clippy::approx_constant)]
const ERF_SMALL: [f64; 12] = [
    -8.666276629203472e-10,
    1.4122777660357666e-08,
    -1.6289242608284092e-07,
    1.6456607597388118e-06,
    -1.492538720169797e-05,
    0.00012055324561705379,
    -0.0008548326845690305,
    0.005223977623059443,
    -0.026866170644942594,
    0.11283791670954353,
    -0.3761263890318374,
    1.1283791670955126,
];
const ERFC_MIDDLE: [f64; 30] = [
    -7.042375253830468e-10,
    1.8845003681045893e-09,
    2.929121264351744e-10,
    -1.0710917352505839e-09,
    -1.4229616179719544e-08,
    3.629169784080082e-08,
    -5.581640642852875e-08,
    1.3291948769352167e-07,
    -3.5867548232138643e-07,
    8.426692777060781e-07,
    -1.9065240756116265e-06,
    4.3277980815155504e-06,
    -9.689718632711815e-06,
    2.1269447580598942e-05,
    -4.583795237171329e-05,
    9.696079549129188e-05,
    -0.00020109040068509563,
    0.00040847941106023463,
    -0.0008118404494071065,
    0.0015767789997073237,
    -0.0029887057975082933,
    0.005520061973144304,
    -0.009917367603381706,
    0.017296935994543548,
    -0.029217808147206273,
    0.04766884917108288,
    -0.07486788848264173,
    0.11274004215867023,
    -0.16195425824441184,
    0.22050569220490668,
];
const ERFC_TAIL: [f64; 14] = [
    -15035356.796599373,
    7016502.376448195,
    -1620162.1390787142,
    258418.89797339382,
    -34285.51252721324,
    4368.29841128146,
    -593.69638381297,
    91.60953545086306,
    -16.66096098405746,
    3.7024924791400022,
    -1.0578554627883496,
    0.42314218764801476,
    -0.2820947917738679,
    0.5641895835477563,
];

impl Real for f64 {
    const FRAC_1_SQRT_2: f64 = std::f64::consts::FRAC_1_SQRT_2;
    const ERFC_CENTER: f64 = 2.375;
    const ERFC_HALF_WIDTH: f64 = 2.0;
    const ERF_SATURATES: f64 = 6.0;
    const NORMAL_CDF_UNDERFLOWS: f64 = 40.0;

    #[inline(always)]
    fn exp_kernel(self) -> f64 {
        exp_f64(self)
    }
    #[inline(always)]
    fn ln_kernel(self) -> f64 {
        ln_f64(self)
    }
    #[inline(always)]
    fn tanh_core(z: f64) -> f64 {
        horner(&TANH_SMALL, z)
    }
    #[inline(always)]
    fn erf_core(z: f64) -> f64 {
        horner(&ERF_SMALL, z)
    }
    #[inline(always)]
    fn erfc_middle(u: f64) -> f64 {
        horner(&ERFC_MIDDLE, u)
    }
    #[inline(always)]
    fn erfc_tail(w: f64) -> f64 {
        horner(&ERFC_TAIL, w)
    }
    forward_std_methods!(f64);
}

#[cfg(test)]
mod tests {
    use super::super::derived::{sigmoid, softplus, tanh};
    use super::super::tests::sweep64;
    use super::*;

    #[test]
    fn exp_is_within_one_ulp_everywhere() {
        sweep64("exp", exp_f64, f64::exp, 40.0, 1.0);
    }

    #[test]
    fn ln_is_within_one_ulp_everywhere() {
        sweep64("ln", ln_f64, f64::ln, 4.0, 1.0);
    }

    #[test]
    fn tanh_is_within_two_ulps_everywhere() {
        sweep64("tanh", tanh::<f64>, f64::tanh, 4.0, 2.0);
    }

    #[test]
    fn sigmoid_is_within_three_ulps_everywhere() {
        let exact =
            |x: f64| if x >= 0.0 { 1.0 / (1.0 + (-x).exp()) } else { x.exp() / (1.0 + x.exp()) };
        sweep64("sigmoid", sigmoid::<f64>, exact, 40.0, 3.0);
    }

    #[test]
    fn softplus_is_within_three_ulps_everywhere() {
        // The reference rounds twice (exp, then ln_1p), so a part of the bound is its own.
        sweep64("softplus", softplus::<f64>, |x| x.max(0.0) + (-x.abs()).exp().ln_1p(), 40.0, 3.0);
    }

    #[test]
    fn edges_match_libm() {
        assert_eq!(exp_f64(-0.0), 1.0);
        assert_eq!(exp_f64(709.8), f64::INFINITY);
        assert_eq!(exp_f64(-745.2), 0.0);
        assert_eq!(exp_f64(-745.0), f64::from_bits(1) * 1.0);
        assert_eq!(ln_f64(1.0), 0.0);
        assert_eq!(ln_f64(0.0), f64::NEG_INFINITY);
        assert_eq!(ln_f64(f64::from_bits(1)), (f64::from_bits(1)).ln());
        assert!(ln_f64(-1.0).is_nan() && ln_f64(f64::NAN).is_nan());
        assert_eq!(tanh::<f64>(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(tanh::<f64>(f64::NEG_INFINITY), -1.0);
        assert!(tanh::<f64>(f64::NAN).is_nan() && sigmoid::<f64>(f64::NAN).is_nan());
        assert_eq!(sigmoid::<f64>(f64::INFINITY), 1.0);
        assert_eq!(sigmoid::<f64>(f64::NEG_INFINITY), 0.0);
        assert_eq!(softplus::<f64>(f64::INFINITY), f64::INFINITY);
        assert!(softplus::<f64>(f64::NAN).is_nan());
    }
}
