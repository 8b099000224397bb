//! The error function, the normal distribution function Φ and GELU (`x·Φ(x)`), written once
//! for both precisions over [`Real`]'s polynomial cores, which LLVM vectorizes.
//!
//! For `|t| < 0.875`, `erf t = t·P(t²)`. From `t = 0.375` on, `erfc t = e^(−t²)·R(t)`, where
//! `R` (the scaled `erfcx`) is a polynomial in `u = (t − c)/h` on `[c − h, c + h]` (centred and
//! scaled so that its terms shrink and nothing cancels) and `S(1/t²)/t` past it. `erf` takes
//! `1 − erfc` from 0.875 on; the lower tail of Φ takes `erfc` itself from 0.5 on (below,
//! `1 − erf` loses at most a bit), so it keeps full relative accuracy down to the underflow.
//! `t²` is carried as an exact sum `hi + lo` (one fused multiply-add), so the exponential's
//! argument is exact even where it is large: `e^(−hi−lo) = e^(−hi)·(1 − lo)`. Φ and GELU take
//! `x²/2` from `x` directly rather than squaring the rounded `x/√2`.
//!
//! All the polynomials (in [`single`](super::single) and [`double`](super::double), with `c`,
//! `h` and the saturation points as [`Real`]'s constants) were fitted with mpmath's `chebyfit`
//! at 40 digits: `P` on t² in [0, 0.875²]; `R` on [0.375, 2.375] (f32: c = 1.375, h = 1) or
//! [0.375, 4.375] (f64: c = 2.375, h = 2); `S` on 1/t² in [0, 1/2.375²] or [0, 1/4.375²]. Fit
//! errors: f32 2·10⁻¹⁰, 2.9·10⁻⁹, 6.5·10⁻¹⁰; f64 3·10⁻¹⁹, 7.6·10⁻¹⁹, 1.4·10⁻¹⁸.

use super::Real;

/// `erfc t = e·r` for `t ≥ 0.375`, `t² = hi + lo`, as `(e, r)`: callers multiply their own
/// factors into `r` before `e`, which may be subnormal.
#[inline(always)]
fn erfc_parts<T: Real>(t: T, hi: T, lo: T) -> (T, T) {
    let one = T::from(1.0);
    let middle = T::erfc_middle((t - T::ERFC_CENTER) * (one / T::ERFC_HALF_WIDTH));
    let tail = T::erfc_tail(one / (t * t)) / t;
    let r = if t < T::ERFC_CENTER + T::ERFC_HALF_WIDTH { middle } else { tail };
    ((-hi).exp_kernel(), r * (one - lo))
}

/// `Φ(−|x|) = erfc(|x|/√2)/2` as `p·e`, `(p, e)`: `e` is 1 near 0, else `e^(−x²/2)`.
#[inline(always)]
fn lower_tail<T: Real>(x: T) -> (T, T) {
    let half = T::from(0.5);
    let a = x.abs().clamp(T::from(0.0), T::NORMAL_CDF_UNDERFLOWS);
    let t = a * T::FRAC_1_SQRT_2;
    let near = half - half * (t * T::erf_core(t * t));
    let hi = a * a;
    let lo = a.mul_add(a, -hi);
    let (e, r) = erfc_parts(t, half * hi, half * lo);
    if t < half {
        (near, T::from(1.0))
    } else {
        (half * r, e)
    }
}

/// The error function.
///
/// ```
/// use autograd::kernels::vmath::erf::erf;
///
/// assert!((erf(0.5f32) - 0.520_499_9).abs() < 1e-7);
/// assert_eq!(erf(-7.0f64), -1.0);
/// ```
#[inline(always)]
pub fn erf<T: Real>(x: T) -> T {
    let a = x.abs();
    let near = a * T::erf_core(a * a);
    // `clamp` keeps a NaN, which runs through to the result.
    let t = a.clamp(T::from(0.0), T::ERF_SATURATES);
    let hi = t * t;
    let lo = t.mul_add(t, -hi);
    let (e, r) = erfc_parts(t, hi, lo);
    let y = if a < T::from(0.875) { near } else { T::from(1.0) - e * r };
    y.copysign(x)
}

/// The standard normal distribution function `Φ(x) = erfc(−x/√2)/2`.
///
/// ```
/// use autograd::kernels::vmath::erf::normal_cdf;
///
/// assert_eq!(normal_cdf(0.0f64), 0.5);
/// assert!((normal_cdf(-1.0f32) - 0.158_655_25).abs() < 1e-7);
/// ```
#[inline(always)]
pub fn normal_cdf<T: Real>(x: T) -> T {
    let (p, e) = lower_tail(x);
    let zero = T::from(0.0);
    if x < zero {
        p * e
    } else if x >= zero {
        T::from(1.0) - p * e
    } else {
        x
    }
}

/// GELU, `x·Φ(x)`; the product is formed before the exponential factor, so a result in the
/// subnormal range rounds once.
///
/// ```
/// use autograd::kernels::vmath::erf::gelu;
///
/// assert!((gelu(1.0f64) - 0.841_344_746_068_543).abs() < 1e-15);
/// assert_eq!(gelu(0.0f32), 0.0);
/// ```
#[inline(always)]
pub fn gelu<T: Real>(x: T) -> T {
    let (p, e) = lower_tail(x);
    let zero = T::from(0.0);
    if x < zero {
        x * p * e
    } else if x >= zero {
        x * (T::from(1.0) - p * e)
    } else {
        x
    }
}

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
        sweep32("erf32", erf::<f32>, libm::erf, 2.5);
    }

    #[test]
    fn erf_f64_is_within_two_ulps_everywhere() {
        sweep64("erf64", erf::<f64>, libm::erf, 6.0, 2.0);
    }

    #[test]
    fn normal_cdf_f32_is_within_four_and_a_half_ulps_everywhere() {
        sweep32("cdf32", normal_cdf::<f32>, normal_cdf_reference, 4.5);
    }

    #[test]
    fn normal_cdf_f64_is_within_six_ulps_everywhere() {
        sweep64("cdf64", normal_cdf::<f64>, normal_cdf_reference, 38.0, 6.0);
    }

    #[test]
    fn gelu_f32_is_within_five_ulps_everywhere() {
        sweep32("gelu32", gelu::<f32>, |x| x * normal_cdf_reference(x), 5.0);
    }

    #[test]
    fn gelu_f64_is_within_seven_ulps_everywhere() {
        let exact = |x: f64| x * normal_cdf_reference(x);
        // Where Φ is subnormal (below −37.5), the reference x·Φ(x) multiplies the error of
        // libm's subnormal erfc (a spacing, 2⁻¹⁰⁷⁴, or two) by |x|/2: there the check allows
        // 2|x| spacings plus six ulps.
        let ours = |x: f64| {
            let (got, reference) = (gelu::<f64>(x), exact(x));
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
        assert_eq!(erf::<f32>(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(erf::<f64>(f64::INFINITY), 1.0);
        assert_eq!(erf::<f32>(f32::NEG_INFINITY), -1.0);
        assert!(erf::<f64>(f64::NAN).is_nan() && normal_cdf::<f32>(f32::NAN).is_nan());
        assert_eq!(normal_cdf::<f64>(0.0), 0.5);
        assert_eq!(normal_cdf::<f64>(f64::NEG_INFINITY), 0.0);
        assert_eq!(normal_cdf::<f32>(f32::INFINITY), 1.0);
        assert_eq!(gelu::<f64>(f64::INFINITY), f64::INFINITY);
        assert_eq!(gelu::<f32>(0.0), 0.0);
        assert!(gelu::<f64>(f64::NAN).is_nan());
    }
}
