//! The functions built from `exp` alone, written once for both precisions: `tanh` (beyond its
//! polynomial core), the logistic sigmoid and softplus.

use super::Real;

/// `tanh x`: an odd polynomial near 0, `1 - 2/(e²ˣ + 1)` beyond (where tanh ≥ ½, so the
/// subtraction loses nothing).
///
/// ```
/// use autograd::kernels::vmath::derived::tanh;
///
/// assert!((tanh(0.5f64) - 0.5f64.tanh()).abs() < 1e-15);
/// assert_eq!(tanh(-30.0f32), -1.0);
/// ```
#[inline(always)]
pub fn tanh<T: Real>(x: T) -> T {
    // Both pieces are computed for |x| and take x's sign at the end (which keeps tanh(-0) = -0).
    let a = x.abs();
    let z = a * a;
    let small = a + a * z * T::tanh_core(z);
    // Where e²ˣ is ∞ (|x| > 44 in f32, 355 in f64) the quotient is 0: exactly 1, as it should be.
    let one = T::from(1.0);
    let large = one - T::from(2.0) / ((T::from(2.0) * a).exp_kernel() + one);
    let y = if a < T::from(0.625) { small } else { large };
    y.copysign(x)
}

/// The logistic sigmoid, from `e^-|x|` so that nothing overflows: `1/(1 + e)` for x ≥ 0 and
/// `e/(1 + e)` below, which keeps full relative accuracy down to the subnormals.
///
/// ```
/// use autograd::kernels::vmath::derived::sigmoid;
///
/// assert_eq!(sigmoid(0.0f32), 0.5);
/// // Far in the lower tail, σ(x) ≈ eˣ to full relative accuracy.
/// assert!((sigmoid(-700.0f64) / (-700.0f64).exp() - 1.0).abs() < 1e-15);
/// ```
#[inline(always)]
pub fn sigmoid<T: Real>(x: T) -> T {
    let e = (-x.abs()).exp_kernel();
    let one = T::from(1.0);
    let s = one / (one + e);
    let zero = T::from(0.0);
    if x >= zero {
        s
    } else if x < zero {
        e * s
    } else {
        x
    }
}

/// `ln(1 + eˣ) = max(x, 0) + ln(1 + e^-|x|)`, with `ln(1 + u)` corrected for the rounding of
/// `1 + u` so that tiny `u` keep their digits.
///
/// ```
/// use autograd::kernels::vmath::derived::softplus;
///
/// assert!((softplus(0.0f64) - std::f64::consts::LN_2).abs() < 1e-16);
/// assert!((softplus(-200.0f64) / (-200.0f64).exp() - 1.0).abs() < 1e-15);
/// ```
#[inline(always)]
pub fn softplus<T: Real>(x: T) -> T {
    let u = (-x.abs()).exp_kernel();
    let one = T::from(1.0);
    let w = one + u;
    let log1p = w.ln_kernel() + (u - (w - one)) / w;
    let zero = T::from(0.0);
    let y = if x > zero { x } else { zero } + log1p;
    if x.is_nan() {
        x
    } else {
        y
    }
}
