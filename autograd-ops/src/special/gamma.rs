//! The gamma family: [`gamma`], [`lgamma`], [`digamma`] and its inverse [`invdigamma`],
//! [`trigamma`], [`polygamma`], [`beta`], [`lbeta`].
//!
//! [`invdigamma`] (Julia's `invdigamma`) is Newton's method on `ψ(x) = y`, which is increasing and concave on x > 0, from Minka's
//! starting point (T. Minka, "Estimating a Dirichlet distribution", 2000, appendix C):
//! `x₀ = eʸ + 1/2` for y ≥ −2.22 and `x₀ = −1/(y + γ)` below, where `ψ(x) ≈ −1/x − γ`.
//! Newton converges quadratically from there; it stops when a step no longer changes `x`.
//!
//! ```
//! use autograd::{gradfun, Tensor};
//! use autograd::special::{digamma, invdigamma};
//!
//! let x = invdigamma(&Tensor::from(0.0)).item::<f64>();
//! assert!((x - 1.461_632_144_968_362_2).abs() < 1e-15); // the minimum of Γ
//! assert!(digamma(&Tensor::from(x)).item::<f64>().abs() < 1e-15);
//! ```

use autograd_macros::primitive;

use super::ViaF64;
use crate::math::{cospi_of, sinpi_of};
use crate::SpecialFunctions;

/// The gamma function, `Γ(x)`; `Γ(n) = (n−1)!`.
#[primitive(dy => dy * y * x.digamma(), domain = 0.5..3.0)]
pub fn gamma(x: f64) -> f64 {
    x.via(libm::tgamma)
}

/// `ln |Γ(x)|`, finite where `Γ` overflows.
#[primitive(dy => dy * x.digamma(), domain = 0.5..3.0)]
pub fn lgamma(x: f64) -> f64 {
    x.lgamma()
}

/// The digamma function, `ψ(x) = Γ′(x)/Γ(x)`, the derivative of [`lgamma`]; NaN at the poles
/// 0, −1, −2 …
#[primitive(dy => dy * x.trigamma(), domain = 0.5..3.0)]
pub fn digamma(x: f64) -> f64 {
    x.digamma()
}

/// The trigamma function, `ψ′(x)`, the derivative of [`digamma`]; +∞ at the poles.
#[primitive(dy => dy * x.polygamma(2), domain = 0.5..3.0)]
pub fn trigamma(x: f64) -> f64 {
    x.trigamma()
}

/// The polygamma function of order `k`, `ψ⁽ᵏ⁾(x)`, the `k`-th derivative of [`digamma`]
/// (order 0 is [`digamma`], 1 [`trigamma`]). Accurate for orders up to about 100, beyond
/// which `k!` overflows.
///
/// # Panics
/// If `k` is negative.
#[primitive(dy => dy * x.polygamma(k + 1), domain = 0.5..3.0, check(k = 3))]
pub fn polygamma(k: i32, x: f64) -> f64 {
    x.polygamma(k)
}

/// The beta function, `B(a, b) = Γ(a)Γ(b)/Γ(a+b)`.
#[primitive(
    dy => dy * y * (a.digamma() - (a + b).digamma()),
    dy => dy * y * (b.digamma() - (a + b).digamma()),
    domain = 0.5..3.0
)]
pub fn beta(a: f64, b: f64) -> f64 {
    a.via2(b, |a, b| {
        let (ln, sign) = lbeta_of(a, b);
        sign * ln.exp()
    })
}

/// `ln |B(a, b)|`, finite where [`beta`] underflows.
#[primitive(
    dy => dy * (a.digamma() - (a + b).digamma()),
    dy => dy * (b.digamma() - (a + b).digamma()),
    domain = 0.5..3.0
)]
pub fn lbeta(a: f64, b: f64) -> f64 {
    a.via2(b, |a, b| lbeta_of(a, b).0)
}

/// The inverse of [`digamma`](crate::digamma) on its principal branch: the `y > 0` with
/// `ψ(y) = x`, for every real `x`. Its derivative is `1/ψ′(x)` ([`trigamma`](crate::trigamma)
/// at the result).
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::invdigamma;
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

/// `(ln |B(a, b)|, sign of B(a, b))`.
///
/// For positive arguments the larger of which is at least 10, `ln Γ(a) + ln Γ(b) − ln Γ(a+b)`
/// would cancel (for `lbeta(1e14, 1)` the terms are 3·10¹⁵ and the answer −32): Stirling's
/// `ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + δ(x)` is substituted and the large terms cancelled
/// by hand, leaving `log1p` and the small corrections δ.
pub(crate) fn lbeta_of(a: f64, b: f64) -> (f64, f64) {
    let (small, large) = if a <= b { (a, b) } else { (b, a) };
    if small > 0.0 && large >= 10.0 && large.is_finite() {
        let total = small + large;
        let log = if small >= 10.0 {
            // Both large: −½ ln q + ½ ln 2π + (p − ½) ln(p/(p+q)) + q ln(1 − p/(p+q)) + δs.
            let correction = stirling_correction(small) + stirling_correction(large)
                - stirling_correction(total);
            -0.5 * large.ln()
                + 0.5 * (2.0 * std::f64::consts::PI).ln()
                + correction
                + (small - 0.5) * (small / total).ln()
                + large * (-small / total).ln_1p()
        } else {
            // Only q large: ln Γ(p) + p − p ln(p+q) + (q − ½) ln(1 − p/(p+q)) + δs.
            let correction = stirling_correction(large) - stirling_correction(total);
            libm::lgamma(small) + correction + small - small * total.ln()
                + (large - 0.5) * (-small / total).ln_1p()
        };
        return (log, 1.0);
    }
    let (la, sa) = libm::lgamma_r(a);
    let (lb, sb) = libm::lgamma_r(b);
    let (lab, sab) = libm::lgamma_r(a + b);
    (la + lb - lab, f64::from(sa * sb * sab))
}

/// δ(x) = ln Γ(x) − (x − ½) ln x + x − ½ ln 2π for x ≥ 10, by its asymptotic series
/// Σⱼ B₂ⱼ / (2j (2j−1) x²ʲ⁻¹) (ten terms: below 10⁻¹⁸ at x = 10).
fn stirling_correction(x: f64) -> f64 {
    let inv2 = 1.0 / (x * x);
    let mut power = 1.0 / x;
    let mut sum = 0.0;
    for (j, b) in BERNOULLI.iter().enumerate() {
        let two_j = 2.0 * (j + 1) as f64;
        sum += b / (two_j * (two_j - 1.0)) * power;
        power *= inv2;
    }
    sum
}

/// B₂ⱼ for j = 1 … 10: the asymptotic series of ψ⁽ᵏ⁾ needs ten terms at x ≥ 10 + k.
const BERNOULLI: [f64; 10] = [
    1.0 / 6.0,
    -1.0 / 30.0,
    1.0 / 42.0,
    -1.0 / 30.0,
    5.0 / 66.0,
    -691.0 / 2730.0,
    7.0 / 6.0,
    -3617.0 / 510.0,
    43867.0 / 798.0,
    -174611.0 / 330.0,
];

/// ψ(x): the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then
/// ψ(x) ~ ln x − 1/(2x) − Σⱼ B₂ⱼ/(2j x²ʲ); for x < 0 the reflection ψ(x) = ψ(1−x) − π cot(πx).
pub(crate) fn digamma_of(x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return f64::INFINITY;
    }
    if x <= 0.0 {
        if x == x.floor() {
            return f64::NAN; // a pole: −∞ on one side, +∞ on the other
        }
        return digamma_of(1.0 - x) - std::f64::consts::PI * cospi_of(x) / sinpi_of(x);
    }
    let (mut z, mut shift) = (x, 0.0);
    while z < 10.0 {
        shift -= 1.0 / z;
        z += 1.0;
    }
    let inv2 = 1.0 / (z * z);
    let mut power = inv2;
    let mut series = 0.0;
    for (j, b) in BERNOULLI.iter().enumerate() {
        series += b / (2.0 * (j + 1) as f64) * power;
        power *= inv2;
    }
    shift + z.ln() - 0.5 / z - series
}

/// ψ⁽ᵏ⁾(x) for k ≥ 0 (see the module documentation for the method).
///
/// # Panics
/// If `k` is negative.
pub(crate) fn polygamma_of(k: i32, x: f64) -> f64 {
    if k < 0 {
        autograd_core::Error::invalid("polygamma", format!("order {k} is negative")).raise();
    }
    if k == 0 {
        return digamma_of(x);
    }
    if x.is_nan() || x == f64::NEG_INFINITY {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return 0.0;
    }
    let odd = k % 2 == 1;
    if x <= 0.0 {
        if x == x.floor() {
            // A pole: ψ⁽ᵏ⁾ → +∞ on both sides for odd k, and changes sign for even k.
            return if odd { f64::INFINITY } else { f64::NAN };
        }
        // Differentiating ψ(1−x) − ψ(x) = π cot(πx) k times:
        // ψ⁽ᵏ⁾(x) = (−1)ᵏ ψ⁽ᵏ⁾(1−x) − πᵏ⁺¹ cot⁽ᵏ⁾(πx).
        let reflected = polygamma_of(k, 1.0 - x);
        let cot = cospi_of(x) / sinpi_of(x);
        let sign = if odd { -1.0 } else { 1.0 };
        let pi = std::f64::consts::PI;
        return sign * reflected - pi.powi(k + 1) * cot_derivative(k as usize, cot);
    }
    let factorial_k: f64 = (1..=k).map(f64::from).product();
    // ψ⁽ᵏ⁾(x) = (−1)ᵏ⁺¹ [k! Σᵢ 1/(x+i)ᵏ⁺¹ + A(z)] with z = x + n ≥ 10 + k and
    // A(z) ~ (k−1)!/zᵏ + k!/(2zᵏ⁺¹) + Σⱼ B₂ⱼ (2j+k−1)!/((2j)! z²ʲ⁺ᵏ).
    let (mut z, mut sum) = (x, 0.0);
    let start = 10.0 + f64::from(k);
    while z < start {
        sum += z.powi(-(k + 1));
        z += 1.0;
    }
    let inv = 1.0 / z;
    let inv2 = inv * inv;
    let mut tail = factorial_k / f64::from(k) * inv.powi(k) + 0.5 * factorial_k * inv.powi(k + 1);
    let mut power = inv.powi(k) * inv2; // z^-(2j+k) at j = 1
    for (j, b) in BERNOULLI.iter().enumerate() {
        let two_j = 2 * (j as i32 + 1);
        // (2j+k−1)!/(2j)! = (2j+1)(2j+2)⋯(2j+k−1)
        let rising: f64 = (two_j + 1..two_j + k).map(f64::from).product();
        tail += b * rising * power;
        power *= inv2;
    }
    let sign = if odd { 1.0 } else { -1.0 };
    sign * (factorial_k * sum + tail)
}

/// The `k`-th derivative of `cot` at a point where `cot = c`, from d(cot)/du = −(1 + cot²):
/// a polynomial Pₖ in `c` with P₀ = c and Pₘ₊₁ = −(1 + c²) Pₘ′.
fn cot_derivative(k: usize, c: f64) -> f64 {
    let mut coefficients = vec![0.0, 1.0]; // P₀ = c, lowest power first
    for _ in 0..k {
        let derivative: Vec<f64> =
            coefficients.iter().enumerate().skip(1).map(|(i, a)| i as f64 * a).collect();
        let mut next = vec![0.0; derivative.len() + 2];
        for (i, d) in derivative.iter().enumerate() {
            next[i] -= d;
            next[i + 2] -= d;
        }
        coefficients = next;
    }
    coefficients.iter().rev().fold(0.0, |acc, a| acc * c + a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + b.abs())
    }

    #[test]
    fn digamma_matches_known_values() {
        let euler = 0.577_215_664_901_532_9;
        let ln2 = std::f64::consts::LN_2;
        assert!(close(digamma_of(1.0), -euler, 1e-15));
        assert!(close(digamma_of(0.5), -euler - 2.0 * ln2, 1e-15));
        assert!(close(digamma_of(-0.5), 2.0 - euler - 2.0 * ln2, 1e-14));
        assert!(close(digamma_of(100.0), 4.600_161_852_738_087, 1e-15));
        assert!(digamma_of(-2.0).is_nan());
    }

    #[test]
    fn polygamma_matches_known_values() {
        let pi = std::f64::consts::PI;
        let zeta3 = 1.202_056_903_159_594_3;
        assert!(close(polygamma_of(1, 1.0), pi * pi / 6.0, 1e-15));
        assert!(close(polygamma_of(1, 0.5), pi * pi / 2.0, 1e-15));
        assert!(close(polygamma_of(2, 1.0), -2.0 * zeta3, 1e-15));
        assert!(close(polygamma_of(3, 0.5), pi.powi(4), 1e-14));
        assert!(close(polygamma_of(3, 1.5), pi.powi(4) - 96.0, 1e-13));
        assert!(close(polygamma_of(1, -0.5), pi * pi / 2.0 + 4.0, 1e-14));
        // ψ⁽ᵏ⁾(1) = (−1)ᵏ⁺¹ k! ζ(k+1); ζ(5) and ζ(6) = π⁶/945.
        assert!(close(polygamma_of(4, 1.0), -24.0 * 1.036_927_755_143_37, 1e-14));
        assert!(close(polygamma_of(5, 1.0), 120.0 * pi.powi(6) / 945.0, 1e-14));
        assert_eq!(polygamma_of(1, -3.0), f64::INFINITY);
    }

    #[test]
    fn polygamma_reflection_agrees_with_the_recurrence() {
        // ψ⁽ᵏ⁾(x) = ψ⁽ᵏ⁾(x+1) − (−1)ᵏ k!/xᵏ⁺¹, across x < 0 (reflection) and x > 0.
        for k in 1..=4 {
            let factorial: f64 = (1..=k).map(f64::from).product();
            for x in [-2.7, -1.3, -0.4] {
                let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
                let expected = polygamma_of(k, x + 1.0) - sign * factorial / x.powi(k + 1);
                assert!(close(polygamma_of(k, x), expected, 1e-12), "k = {k}, x = {x}");
            }
        }
    }
}
