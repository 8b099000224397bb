//! The error function, the normal distribution function Φ and GELU (`x·Φ(x)`) in f32 and f64,
//! as polynomials LLVM vectorizes.
//!
//! For `|t| < 0.875`, `erf t = t·P(t²)`. From `t = 0.375` on, `erfc t = e^(−t²)·R(t)`, where `R` (the scaled
//! `erfcx`) is a polynomial in `u = (t − c)/h` on `[c − h, c + h]` (centred and scaled so that
//! its terms shrink and nothing cancels) and `S(1/t²)/t` past it. `erf` takes `1 − erfc`
//! from 0.875 on; the lower tail of Φ takes `erfc` itself from 0.5 on (below, `1 − erf` loses
//! at most a bit), so it keeps full relative accuracy down to the underflow. `t²` is carried as an exact sum `hi + lo` (one fused multiply-add), so the
//! exponential's argument is exact even where it is large: `e^(−hi−lo) = e^(−hi)·(1 − lo)`.
//! Φ and GELU take `x²/2` from `x` directly rather than squaring the rounded `x/√2`.
//!
//! All the polynomials were fitted with mpmath's `chebyfit` at 40 digits: `P` on t² in
//! [0, 0.875²]; `R` on [0.375, 2.375] (f32: c = 1.375, h = 1) or [0.375, 4.375] (f64: c = 2.375,
//! h = 2); `S` on 1/t² in [0, 1/2.375²] or [0, 1/4.375²]. Fit errors: f32 2·10⁻¹⁰, 2.9·10⁻⁹,
//! 6.5·10⁻¹⁰; f64 3·10⁻¹⁹, 7.6·10⁻¹⁹, 1.4·10⁻¹⁸.

use super::double::exp_f64;
use super::horner;
use super::single::exp_f32;

// The constant term is the fit's, close to 2/√π but not it: the fit trades it against the rest.
#[allow(clippy::approx_constant)]
const ERF_SMALL32: [f32; 7] =
    [8.690369e-05, -8.2145707e-04, 0.0052070487, -0.026861707, 0.11283735, -0.37612635, 1.1283792];
const ERFC_MID32: [f32; 12] = [
    -1.4377747e-05,
    4.6715657e-05,
    -1.0417588e-04,
    3.0974313e-04,
    -9.342392e-04,
    0.0025836045,
    -0.0068040923,
    0.017083239,
    -0.040503416,
    0.08986227,
    -0.18431547,
    0.3432959,
];
const ERFC_TAIL32: [f32; 9] = [
    86.449326,
    -85.91435,
    40.346798,
    -12.798226,
    3.5071812,
    -1.0518717,
    0.42304587,
    -0.28209418,
    0.56418955,
];
// The constant term is the fit's, close to 2/√π but not it: the fit trades it against the rest.
#[allow(clippy::approx_constant)]
const ERF_SMALL64: [f64; 12] = [
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
const ERFC_MID64: [f64; 30] = [
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
const ERFC_TAIL64: [f64; 14] = [
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

/// The kernels of one float type: `$erf`, `$cdf` (Φ) and `$gelu`, from the type's exponential,
/// polynomials, the centre and half-width of `R`'s interval, and the `|x|` beyond which erf is 1
/// and Φ(−|x|) 0.
macro_rules! erf_kernels {
    (
        $t:ident, $exp:path, $small:expr, $mid:expr, $tail:expr, $center:expr, $half:expr,
        $erf_saturates:expr, $cdf_underflows:expr, $erf:ident, $cdf:ident, $gelu:ident,
        $erfc_parts:ident, $lower_tail:ident
    ) => {
        /// `erfc t = e·r` for `t ≥ 0.375`, `t² = hi + lo`, as `(e, r)`: callers multiply their
        /// own factors into `r` before `e`, which may be subnormal.
        #[inline(always)]
        fn $erfc_parts(t: $t, hi: $t, lo: $t) -> ($t, $t) {
            let mid = horner(&$mid, (t - $center) * (1.0 / $half));
            let tail = horner(&$tail, 1.0 / (t * t)) / t;
            let r = if t < $center + $half { mid } else { tail };
            ($exp(-hi), r * (1.0 - lo))
        }

        /// `Φ(−|x|) = erfc(|x|/√2)/2` as `p·e`, `(p, e)`: `e` is 1 near 0, else `e^(−x²/2)`.
        #[inline(always)]
        fn $lower_tail(x: $t) -> ($t, $t) {
            let a = x.abs().clamp(0.0, $cdf_underflows);
            let t = a * std::$t::consts::FRAC_1_SQRT_2;
            let near = 0.5 - 0.5 * (t * horner(&$small, t * t));
            let hi = a * a;
            let lo = a.mul_add(a, -hi);
            let (e, r) = $erfc_parts(t, 0.5 * hi, 0.5 * lo);
            if t < 0.5 {
                (near, 1.0)
            } else {
                (0.5 * r, e)
            }
        }

        /// The error function.
        #[inline(always)]
        pub fn $erf(x: $t) -> $t {
            let a = x.abs();
            let near = a * horner(&$small, a * a);
            // `clamp` keeps a NaN, which runs through to the result.
            let t = a.clamp(0.0, $erf_saturates);
            let hi = t * t;
            let lo = t.mul_add(t, -hi);
            let (e, r) = $erfc_parts(t, hi, lo);
            let y = if a < 0.875 { near } else { 1.0 - e * r };
            y.copysign(x)
        }

        /// The standard normal distribution function `Φ(x) = erfc(−x/√2)/2`.
        #[inline(always)]
        pub fn $cdf(x: $t) -> $t {
            let (p, e) = $lower_tail(x);
            if x < 0.0 {
                p * e
            } else if x >= 0.0 {
                1.0 - p * e
            } else {
                x
            }
        }

        /// GELU, `x·Φ(x)`; the product is formed before the exponential factor, so a result
        /// in the subnormal range rounds once.
        #[inline(always)]
        pub fn $gelu(x: $t) -> $t {
            let (p, e) = $lower_tail(x);
            if x < 0.0 {
                x * p * e
            } else if x >= 0.0 {
                x * (1.0 - p * e)
            } else {
                x
            }
        }
    };
}

erf_kernels!(
    f32,
    exp_f32,
    ERF_SMALL32,
    ERFC_MID32,
    ERFC_TAIL32,
    1.375,
    1.0,
    4.0,
    15.0,
    erf_f32,
    normal_cdf_f32,
    gelu_f32,
    erfc_parts_f32,
    lower_tail_f32
);
erf_kernels!(
    f64,
    exp_f64,
    ERF_SMALL64,
    ERFC_MID64,
    ERFC_TAIL64,
    2.375,
    2.0,
    6.0,
    40.0,
    erf_f64,
    normal_cdf_f64,
    gelu_f64,
    erfc_parts_f64,
    lower_tail_f64
);

#[cfg(test)]
mod tests {
    use super::super::tests::{sweep32, sweep64};
    use super::*;

    /// Φ in f64 from the system libm's `erfc`, with the rounding of `−x/√2` corrected to first
    /// order (`erfc(t + δ) ≈ erfc t − δ·2/√π·e^(−t²)`): without it the reference itself is off
    /// by `t²·2⁻⁵²` relative, hundreds of ulps in the far tail.
    fn normal_cdf_reference(x: f64) -> f64 {
        const LOW: f64 = -4.833_646_656_726_457e-17; // 1/√2 − FRAC_1_SQRT_2, from mpmath
        let t = -x * std::f64::consts::FRAC_1_SQRT_2;
        if !t.is_finite() {
            return 0.5 * libm::erfc(t);
        }
        let delta = (-x).mul_add(std::f64::consts::FRAC_1_SQRT_2, -t) - x * LOW;
        let slope = std::f64::consts::FRAC_2_SQRT_PI * (-t * t).exp();
        0.5 * (libm::erfc(t) - delta * slope)
    }

    // The bounds are the measured worst cases, rounded up. Φ's and GELU's lower tails are
    // relative errors down to the underflow (1e-45 in f32, 1e-308 in f64): five or six
    // roundings of the tail formula, plus the reference's own (libm's erfc there).
    #[test]
    fn erf_f32_is_within_two_and_a_half_ulps_everywhere() {
        sweep32("erf32", erf_f32, libm::erf, 2.5);
    }

    #[test]
    fn erf_f64_is_within_two_ulps_everywhere() {
        sweep64("erf64", erf_f64, libm::erf, 6.0, 2.0);
    }

    #[test]
    fn normal_cdf_f32_is_within_four_and_a_half_ulps_everywhere() {
        sweep32("cdf32", normal_cdf_f32, normal_cdf_reference, 4.5);
    }

    #[test]
    fn normal_cdf_f64_is_within_six_ulps_everywhere() {
        sweep64("cdf64", normal_cdf_f64, normal_cdf_reference, 38.0, 6.0);
    }

    #[test]
    fn gelu_f32_is_within_five_ulps_everywhere() {
        sweep32("gelu32", gelu_f32, |x| x * normal_cdf_reference(x), 5.0);
    }

    #[test]
    fn gelu_f64_is_within_seven_ulps_everywhere() {
        let exact = |x: f64| x * normal_cdf_reference(x);
        // Where Φ is subnormal (below −37.5), the reference x·Φ(x) multiplies the error of
        // libm's subnormal erfc (a spacing, 2⁻¹⁰⁷⁴, or two) by |x|/2: there the check allows
        // 2|x| spacings plus six ulps.
        let ours = |x: f64| {
            let (got, reference) = (gelu_f64(x), exact(x));
            let tiny = f64::from_bits(1);
            let allowed = 2.0 * x.abs() * tiny + 6.0 * (reference.abs() * f64::EPSILON).max(tiny);
            let close = (got - reference).abs() <= allowed;
            if normal_cdf_reference(x) < f64::MIN_POSITIVE && close {
                reference
            } else {
                got
            }
        };
        sweep64("gelu64", ours, exact, 38.0, 7.0);
    }

    #[test]
    fn edges_are_exact() {
        assert_eq!(erf_f32(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(erf_f64(f64::INFINITY), 1.0);
        assert_eq!(erf_f32(f32::NEG_INFINITY), -1.0);
        assert!(erf_f64(f64::NAN).is_nan() && normal_cdf_f32(f32::NAN).is_nan());
        assert_eq!(normal_cdf_f64(0.0), 0.5);
        assert_eq!(normal_cdf_f64(f64::NEG_INFINITY), 0.0);
        assert_eq!(normal_cdf_f32(f32::INFINITY), 1.0);
        assert_eq!(gelu_f64(f64::INFINITY), f64::INFINITY);
        assert_eq!(gelu_f32(0.0), 0.0);
        assert!(gelu_f64(f64::NAN).is_nan());
    }
}
