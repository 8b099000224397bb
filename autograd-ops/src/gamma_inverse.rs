//! The inverse of the digamma function, [`invdigamma`] (Julia's `invdigamma`).
//!
//! Newton's method on `ψ(x) = y`, which is increasing and concave on x > 0, from Minka's
//! starting point (T. Minka, "Estimating a Dirichlet distribution", 2000, appendix C):
//! `x₀ = eʸ + 1/2` for y ≥ −2.22 and `x₀ = −1/(y + γ)` below, where `ψ(x) ≈ −1/x − γ`.
//! Newton converges quadratically from there; it stops when a step no longer changes `x`.
//!
//! ```
//! use autograd::{gradfun, Tensor};
//! use autograd::gamma_inverse::invdigamma;
//! use autograd::special::digamma;
//!
//! let x = invdigamma(&Tensor::from(0.0)).item::<f64>();
//! assert!((x - 1.461_632_144_968_362_2).abs() < 1e-15); // the minimum of Γ
//! assert!(digamma(&Tensor::from(x)).item::<f64>().abs() < 1e-15);
//! ```

use autograd_macros::primitive;

use crate::special::ViaF64;
use crate::SpecialFunctions;

/// The inverse of [`digamma`](crate::digamma) on its principal branch: the `y > 0` with
/// `ψ(y) = x`, for every real `x`. Its derivative is `1/ψ′(x)` ([`trigamma`](crate::trigamma)
/// at the result).
///
/// ```
/// use autograd::Tensor;
/// use autograd::gamma_inverse::invdigamma;
/// let euler_gamma = 0.577_215_664_901_532_9;
/// assert!((invdigamma(&Tensor::from(-euler_gamma)).item::<f64>() - 1.0).abs() < 1e-15);
/// ```
#[primitive(dy => dy / y.trigamma(), domain = -2.0..2.0)]
pub fn invdigamma(x: f64) -> f64 {
    x.via(invdigamma_of)
}

fn invdigamma_of(y: f64) -> f64 {
    if y.is_nan() {
        return y;
    }
    if y == f64::INFINITY {
        return y;
    }
    const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;
    if y == f64::NEG_INFINITY {
        return 0.0;
    }
    let mut x = if y >= -2.22 { y.exp() + 0.5 } else { -1.0 / (y + EULER_GAMMA) };
    for _ in 0..100 {
        let step = (x.digamma() - y) / x.trigamma();
        // ψ is concave, so a Newton step from either side never leaves x > 0 for long;
        // halving keeps the iterate positive where a far start would overshoot.
        let next = if x - step > 0.0 { x - step } else { x / 2.0 };
        if next == x || (next - x).abs() <= x * f64::EPSILON {
            return next;
        }
        x = next;
    }
    x
}
