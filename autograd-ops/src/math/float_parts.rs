//! Remainders ([`rem`], [`modulo`], [`mod2pi`], [`rem2pi`]) and the parts of a float
//! ([`ldexp`], [`exponent`], [`significand`]).
//!
//! The parts of a floating-point number and angle reduction: [`exponent`], [`significand`],
//! [`mod2pi`], [`rem2pi`] (Julia's `Base` functions of those names).
//!
//! `2π` has no exact `f64`, so `x mod 2π` computed as `x % (2.0 * PI)` is off by `x·2.4e-16`
//! (the error of `2.0 * PI`), which is the whole answer once `x` is large. [`mod2pi`] and
//! [`rem2pi`] subtract `k·2π` with `2π` split into three `f64`s (Cody and Waite's reduction,
//! each product by a fused multiply-add), which keeps the reduced angle to about one rounding
//! for `|x|` up to ~2⁵⁰.
//!
//! ```
//! use autograd::{gradfun, Tensor};
//! use autograd::math::{exponent, mod2pi, significand};
//!
//! let x = Tensor::from(vec![12.0, -0.375]);
//! assert_eq!(exponent(&x).to_vec::<f64>(), [3.0, -2.0]);
//! assert_eq!(significand(&x).to_vec::<f64>(), [1.5, -1.5]);
//! // d significand(x)/dx = 2^−exponent(x).
//! assert_eq!(gradfun(significand)(&Tensor::from(12.0)).item::<f64>(), 0.125);
//! // 2π·10⁶ + 1 reduces to 1, to the last few bits.
//! let big = 2.0e6 * std::f64::consts::PI + 1.0;
//! assert!((mod2pi(&Tensor::from(big)).item::<f64>() - 1.0).abs() < 1e-9);
//! ```

use autograd_core::Tensor;
use autograd_macros::{primitive, zerograd};

use crate::special::ViaF64;
use crate::TensorMath;

// ----- remainders -----

/// The remainder of `a / b` with the quotient truncated toward zero (Julia's `rem`, Rust's
/// `%`): it has the sign of `a`. Gradients: 1 for `a`, `−trunc(a/b)` for `b`.
#[primitive(dy => dy, dy => -dy * ((a - y) / b).round(), domain = 0.5..2.0)]
pub fn rem(a: f64, b: f64) -> f64 {
    a % b
}

/// The remainder of `a / b` with the quotient floored (Julia's `mod`, Python's `%`): it has
/// the sign of `b`. Gradients: 1 for `a`, `−floor(a/b)` for `b`.
#[primitive(dy => dy, dy => -dy * ((a - y) / b).round(), domain = 0.5..2.0)]
pub fn modulo(a: f64, b: f64) -> f64 {
    let r = a % b;
    if r != 0.0 && (r < 0.0) != (b < 0.0) {
        r + b
    } else {
        r
    }
}

/// `x · 2ⁿ` for a constant integer `n`, without forming `2ⁿ`.
#[primitive(dy => dy * 2.0f64.powi(n), check(n = 3))]
pub fn ldexp(x: f64, n: i32) -> f64 {
    x.via(|v| libm::scalbn(v, n))
}

/// [`exponent`] as a method of `f32`, `f64` and [`Tensor`], for gradient rules.
pub trait FloatParts: Sized {
    /// The binary exponent ([`exponent`]).
    fn exponent(&self) -> Self;
}

impl FloatParts for f64 {
    fn exponent(&self) -> f64 {
        exponent_of(*self)
    }
}

impl FloatParts for f32 {
    fn exponent(&self) -> f32 {
        self.via(exponent_of)
    }
}

impl FloatParts for Tensor {
    fn exponent(&self) -> Tensor {
        exponent(self)
    }
}

/// The binary exponent `e` of `x = s·2ᵉ` with `1 ≤ |s| < 2` (Julia's `exponent`), as a float;
/// subnormal numbers get their true exponent (below −1022). NaN for 0, ±∞ and NaN, where no
/// such `e` exists (Julia raises a `DomainError`). No gradient: it is piecewise constant.
///
/// ```
/// use autograd::Tensor;
/// use autograd::math::exponent;
/// let x = Tensor::from(vec![1.0, 0.75, 1024.0, 5e-324]);
/// assert_eq!(exponent(&x).to_vec::<f64>(), [0.0, -1.0, 10.0, -1074.0]);
/// ```
#[zerograd]
pub fn exponent(x: f64) -> f64 {
    x.via(exponent_of)
}

/// The significand `s = x / 2^exponent(x)`, with `1 ≤ |s| < 2` and the sign of `x` (Julia's
/// `significand`); ±0 for ±0, NaN for ±∞ and NaN. Its derivative is `2^−exponent(x)`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::math::significand;
/// let x = Tensor::from(vec![12.0, -0.375, 5e-324]);
/// assert_eq!(significand(&x).to_vec::<f64>(), [1.5, -1.5, 1.0]);
/// ```
#[primitive(dy => dy / x.exponent().exp2(), domain = 2.2..3.8)]
pub fn significand(x: f64) -> f64 {
    x.via(significand_of)
}

/// `x mod 2π`, in `[0, 2π)`, with `2π` to triple `f64` precision (Julia's `mod2pi`; see the
/// module documentation). Its derivative is 1 (away from the jumps at multiples of 2π).
///
/// ```
/// use autograd::Tensor;
/// use autograd::math::mod2pi;
/// let x = Tensor::from(vec![-1.0, 7.0]);
/// let two_pi = 2.0 * std::f64::consts::PI;
/// let expected = [two_pi - 1.0, 7.0 - two_pi];
/// for (got, want) in mod2pi(&x).to_vec::<f64>().iter().zip(expected) {
///     assert!((got - want).abs() < 1e-15);
/// }
/// ```
#[primitive(dy => dy, domain = 6.5..12.0)]
pub fn mod2pi(x: f64) -> f64 {
    x.via(mod2pi_of)
}

/// `x − 2πk` with `k` the integer nearest `x / 2π` (ties to even), in `[−π, π]` (Julia's
/// `rem2pi(x, RoundNearest)`), with `2π` to triple `f64` precision. Its derivative is 1 (away
/// from the jumps at odd multiples of π).
///
/// ```
/// use autograd::Tensor;
/// use autograd::math::rem2pi;
/// let two_pi = 2.0 * std::f64::consts::PI;
/// let r = rem2pi(&Tensor::from(vec![7.0, -4.0])).to_vec::<f64>();
/// assert!((r[0] - (7.0 - two_pi)).abs() < 1e-15);
/// assert!((r[1] - (two_pi - 4.0)).abs() < 1e-15);
/// ```
#[primitive(dy => dy, domain = 3.5..9.0)]
pub fn rem2pi(x: f64) -> f64 {
    x.via(rem2pi_of)
}

fn exponent_of(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return f64::NAN;
    }
    // frexp gives x = m·2ᵉ with 1/2 ≤ |m| < 1, subnormals included.
    f64::from(libm::frexp(x).1 - 1)
}

fn significand_of(x: f64) -> f64 {
    if x == 0.0 || x.is_nan() {
        return x;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    2.0 * libm::frexp(x).0
}

/// 2π = P1 + P2 + P3 to about 160 bits (the digits of 2π, split greedily into `f64`s;
/// P1 is `TAU`, the `f64` nearest 2π).
const TWO_PI: [f64; 3] = [std::f64::consts::TAU, 2.4492935982947064e-16, -5.989539619436679e-33];

/// `x − k·2π`, each term of the split 2π subtracted by one fused multiply-add.
fn reduce(x: f64, k: f64) -> f64 {
    TWO_PI.iter().fold(x, |r, &p| (-k).mul_add(p, r))
}

fn mod2pi_of(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let mut r = reduce(x, (x / TWO_PI[0]).floor());
    // The quotient's rounding can leave r just outside [0, 2π).
    if r < 0.0 {
        r = reduce(r, -1.0);
    } else if r >= TWO_PI[0] {
        r = reduce(r, 1.0);
    }
    r
}

fn rem2pi_of(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let r = reduce(x, (x / TWO_PI[0]).round_ties_even());
    let half = std::f64::consts::PI;
    if r > half {
        reduce(r, 1.0)
    } else if r < -half {
        reduce(r, -1.0)
    } else {
        r
    }
}
