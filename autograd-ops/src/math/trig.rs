//! Angles, the trigonometric functions (also in degrees and in multiples of π, with `sinc`)
//! and the hyperbolic functions, with their inverses.

use autograd_macros::primitive;

use crate::special::ViaF64;
use crate::{SpecialFunctions, TensorMath};

// ----- angles -----

/// Degrees to radians, `x · π/180`.
#[primitive(dy => dy * (std::f64::consts::PI / 180.0))]
pub fn deg2rad(x: f64) -> f64 {
    x.to_radians()
}

/// Radians to degrees, `x · 180/π`.
#[primitive(dy => dy * (180.0 / std::f64::consts::PI))]
pub fn rad2deg(x: f64) -> f64 {
    x.to_degrees()
}

// ----- trigonometric functions -----

/// The tangent.
#[primitive(dy => dy * (1.0 + y * y), domain = -1.2..1.2)]
pub fn tan(x: f64) -> f64 {
    x.tan()
}

/// The cotangent, `1 / tan x`.
#[primitive(dy => -dy * (1.0 + y * y), domain = 0.3..2.8)]
pub fn cot(x: f64) -> f64 {
    1.0 / x.tan()
}

/// The secant, `1 / cos x`.
#[primitive(dy => dy * y * y * x.sin(), domain = -1.2..1.2)]
pub fn sec(x: f64) -> f64 {
    1.0 / x.cos()
}

/// The cosecant, `1 / sin x`.
#[primitive(dy => -dy * y * y * x.cos(), domain = 0.3..2.8)]
pub fn csc(x: f64) -> f64 {
    1.0 / x.sin()
}

/// `sin(πx)`, exact at integers (0) and half-integers (±1).
#[primitive(dy => dy * std::f64::consts::PI * x.cospi())]
pub fn sinpi(x: f64) -> f64 {
    x.sinpi()
}

/// `cos(πx)`, exact at integers (±1) and half-integers (0).
#[primitive(dy => -dy * std::f64::consts::PI * x.sinpi())]
pub fn cospi(x: f64) -> f64 {
    x.cospi()
}

/// The normalized sinc function, `sin(πx)/(πx)`, 1 at 0 (Julia's `sinc`).
#[primitive(dy => dy * x.cosc())]
pub fn sinc(x: f64) -> f64 {
    x.sinc()
}

/// The derivative of [`sinc`], `(cos(πx) − sinc(x))/x`, 0 at 0 (Julia's `cosc`); accurate
/// near 0 by its Taylor series. Its own derivatives are [`sinc_derivative`]'s, so they too
/// keep their digits near 0, to any order.
#[primitive(dy => dy * x.sinc_derivative(2))]
pub fn cosc(x: f64) -> f64 {
    x.cosc()
}

/// The `k`-th derivative of [`sinc`] (`k = 1` is [`cosc`]), by its Taylor series near 0
/// (where the closed forms cancel: at `x = 1e-8` the second derivative is
/// `−π²/3 + π⁴x²/10`) and by Leibniz's rule further out. Its gradient is the next one.
///
/// ```
/// use autograd::Tensor;
/// use autograd::math::sinc_derivative;
/// let pi2 = std::f64::consts::PI.powi(2);
/// let d2 = sinc_derivative(2, &Tensor::from(0.0)).item::<f64>();
/// assert!((d2 + pi2 / 3.0).abs() < 1e-15);
/// ```
///
/// # Panics
/// If `k` is negative.
#[primitive(dy => dy * x.sinc_derivative(k + 1), check(k = 2))]
pub fn sinc_derivative(k: i32, x: f64) -> f64 {
    x.sinc_derivative(k)
}

/// The sine of `x` degrees, exact at multiples of 90.
#[primitive(dy => dy * (std::f64::consts::PI / 180.0) * x.cosd(), domain = -200.0..200.0)]
pub fn sind(x: f64) -> f64 {
    x.sind()
}

/// The cosine of `x` degrees, exact at multiples of 90.
#[primitive(dy => -dy * (std::f64::consts::PI / 180.0) * x.sind(), domain = -200.0..200.0)]
pub fn cosd(x: f64) -> f64 {
    x.cosd()
}

/// The tangent of `x` degrees (0 at multiples of 180, ±∞ at odd multiples of 90).
#[primitive(dy => dy * (std::f64::consts::PI / 180.0) * (1.0 + y * y), domain = -80.0..80.0)]
pub fn tand(x: f64) -> f64 {
    x.tand()
}

/// The cotangent of `x` degrees.
#[primitive(dy => -dy * (std::f64::consts::PI / 180.0) * (1.0 + y * y), domain = 10.0..170.0)]
pub fn cotd(x: f64) -> f64 {
    x.via(|v| {
        let (s, c) = sincosd_of(v);
        c / s
    })
}

/// The secant of `x` degrees.
#[primitive(dy => dy * (std::f64::consts::PI / 180.0) * y * y * x.sind(), domain = -80.0..80.0)]
pub fn secd(x: f64) -> f64 {
    x.via(|v| 1.0 / sincosd_of(v).1)
}

/// The cosecant of `x` degrees.
#[primitive(dy => -dy * (std::f64::consts::PI / 180.0) * y * y * x.cosd(), domain = 10.0..170.0)]
pub fn cscd(x: f64) -> f64 {
    x.via(|v| 1.0 / sincosd_of(v).0)
}

// ----- inverse trigonometric functions -----

/// The arcsine, in `[−π/2, π/2]`; NaN outside `[−1, 1]`.
#[primitive(dy => dy / (1.0 - x * x).sqrt(), domain = -0.9..0.9)]
pub fn asin(x: f64) -> f64 {
    x.asin()
}

/// The arccosine, in `[0, π]`; NaN outside `[−1, 1]`.
#[primitive(dy => -dy / (1.0 - x * x).sqrt(), domain = -0.9..0.9)]
pub fn acos(x: f64) -> f64 {
    x.acos()
}

/// The arctangent, in `(−π/2, π/2)`.
#[primitive(dy => dy / (1.0 + x * x))]
pub fn atan(x: f64) -> f64 {
    x.atan()
}

/// The angle of the point `(b, a)`, in `(−π, π]`: `atan(a / b)` in the right quadrant
/// (`f64::atan2(a, b)`, Julia's `atan(a, b)`).
// Divided by the careful `hypot` twice rather than by `a² + b²`, which overflows from 1e155
// and underflows below 1e-154.
#[primitive(
    dy => dy * (b / a.hypot(b)) / a.hypot(b),
    dy => -dy * (a / a.hypot(b)) / a.hypot(b)
)]
pub fn atan2(a: f64, b: f64) -> f64 {
    a.atan2(b)
}

/// The arccotangent, `atan(1/x)`, in `(−π/2, π/2]` (Julia's `acot`).
#[primitive(dy => -dy / (1.0 + x * x), domain = 0.3..2.0)]
pub fn acot(x: f64) -> f64 {
    (1.0 / x).atan()
}

/// The arcsecant, `acos(1/x)`; NaN for `|x| < 1`.
#[primitive(dy => dy / (x.abs() * (x * x - 1.0).sqrt()), domain = 1.2..3.0)]
pub fn asec(x: f64) -> f64 {
    (1.0 / x).acos()
}

/// The arccosecant, `asin(1/x)`; NaN for `|x| < 1`.
#[primitive(dy => -dy / (x.abs() * (x * x - 1.0).sqrt()), domain = 1.2..3.0)]
pub fn acsc(x: f64) -> f64 {
    (1.0 / x).asin()
}

/// The arcsine in degrees.
#[primitive(
    dy => dy * (180.0 / std::f64::consts::PI) / (1.0 - x * x).sqrt(),
    domain = -0.9..0.9
)]
pub fn asind(x: f64) -> f64 {
    x.asin().to_degrees()
}

/// The arccosine in degrees.
#[primitive(
    dy => -dy * (180.0 / std::f64::consts::PI) / (1.0 - x * x).sqrt(),
    domain = -0.9..0.9
)]
pub fn acosd(x: f64) -> f64 {
    x.acos().to_degrees()
}

/// The arctangent in degrees.
#[primitive(dy => dy * (180.0 / std::f64::consts::PI) / (1.0 + x * x))]
pub fn atand(x: f64) -> f64 {
    x.atan().to_degrees()
}

/// The arccotangent in degrees.
#[primitive(dy => -dy * (180.0 / std::f64::consts::PI) / (1.0 + x * x), domain = 0.3..2.0)]
pub fn acotd(x: f64) -> f64 {
    (1.0 / x).atan().to_degrees()
}

/// The arcsecant in degrees.
#[primitive(
    dy => dy * (180.0 / std::f64::consts::PI) / (x.abs() * (x * x - 1.0).sqrt()),
    domain = 1.2..3.0
)]
pub fn asecd(x: f64) -> f64 {
    (1.0 / x).acos().to_degrees()
}

/// The arccosecant in degrees.
#[primitive(
    dy => -dy * (180.0 / std::f64::consts::PI) / (x.abs() * (x * x - 1.0).sqrt()),
    domain = 1.2..3.0
)]
pub fn acscd(x: f64) -> f64 {
    (1.0 / x).asin().to_degrees()
}

// ----- hyperbolic functions -----

/// The hyperbolic sine.
#[primitive(dy => dy * x.cosh())]
pub fn sinh(x: f64) -> f64 {
    x.sinh()
}

/// The hyperbolic cosine.
#[primitive(dy => dy * x.sinh())]
pub fn cosh(x: f64) -> f64 {
    x.cosh()
}

/// The hyperbolic cotangent, `1 / tanh x`.
#[primitive(dy => dy * (1.0 - y * y), domain = 0.3..2.0)]
pub fn coth(x: f64) -> f64 {
    1.0 / x.tanh()
}

/// The hyperbolic secant, `1 / cosh x`.
#[primitive(dy => -dy * y * x.tanh())]
pub fn sech(x: f64) -> f64 {
    1.0 / x.cosh()
}

/// The hyperbolic cosecant, `1 / sinh x`.
#[primitive(dy => -dy * y * y * x.cosh(), domain = 0.3..2.0)]
pub fn csch(x: f64) -> f64 {
    1.0 / x.sinh()
}

/// The inverse hyperbolic sine.
// `hypot(x, 1)`, not `√(x² + 1)`, which overflows from 1e154.
#[primitive(dy => dy / x.hypot(1.0))]
pub fn asinh(x: f64) -> f64 {
    x.asinh()
}

/// The inverse hyperbolic cosine; NaN for `x < 1`.
// `√(x - 1) √(x + 1)`, not `√(x² - 1)`: no overflow from 1e154, no cancellation near 1.
#[primitive(dy => dy / ((x - 1.0).sqrt() * (x + 1.0).sqrt()), domain = 1.1..3.0)]
pub fn acosh(x: f64) -> f64 {
    x.acosh()
}

/// The inverse hyperbolic tangent; ±∞ at ±1, NaN for `|x| > 1`.
#[primitive(dy => dy / (1.0 - x * x), domain = -0.9..0.9)]
pub fn atanh(x: f64) -> f64 {
    x.atanh()
}

/// The inverse hyperbolic cotangent, `atanh(1/x)`; NaN for `|x| < 1`.
#[primitive(dy => dy / (1.0 - x * x), domain = 1.2..3.0)]
pub fn acoth(x: f64) -> f64 {
    (1.0 / x).atanh()
}

/// The inverse hyperbolic secant, `acosh(1/x)`; NaN outside `(0, 1]`.
#[primitive(dy => -dy / (x * (1.0 - x * x).sqrt()), domain = 0.2..0.9)]
pub fn asech(x: f64) -> f64 {
    (1.0 / x).acosh()
}

/// The inverse hyperbolic cosecant, `asinh(1/x)`.
#[primitive(dy => -dy / (x.abs() * (1.0 + x * x).sqrt()), domain = 0.3..2.0)]
pub fn acsch(x: f64) -> f64 {
    (1.0 / x).asinh()
}

// ----- the numbers -----

/// `sin(πx)`: `x` is reduced exactly to `r ∈ [−¼, ¼]` and a quadrant first, so integers give
/// exactly 0 and half-integers exactly ±1, however large.
pub(crate) fn sinpi_of(x: f64) -> f64 {
    let (r, quadrant) = quarter_turns(x);
    let t = std::f64::consts::PI * r;
    match quadrant {
        0 => t.sin(),
        1 => t.cos(),
        2 => -t.sin(),
        _ => -t.cos(),
    }
}

/// `cos(πx)`, reduced as in [`sinpi_of`].
pub(crate) fn cospi_of(x: f64) -> f64 {
    let (r, quadrant) = quarter_turns(x);
    let t = std::f64::consts::PI * r;
    match quadrant {
        0 => t.cos(),
        1 => -t.sin(),
        2 => -t.cos(),
        _ => t.sin(),
    }
}

/// `x = r + n/2` with `|r| ≤ ¼` (exact: `2x` and `n/2` are representable), and `n mod 4`.
/// NaN for infinite or NaN `x`.
fn quarter_turns(x: f64) -> (f64, u8) {
    if !x.is_finite() {
        return (f64::NAN, 0);
    }
    let n = (2.0 * x).round();
    let r = x - 0.5 * n;
    (r, n.rem_euclid(4.0) as u8)
}

/// `(sin, cos)` of `x` degrees: `x` is reduced exactly modulo 360 and then to
/// `d ∈ [−45, 45]` around a multiple of 90 (the subtraction is exact by Sterbenz's lemma), so
/// multiples of 90 give exact zeros and ones.
pub(crate) fn sincosd_of(x: f64) -> (f64, f64) {
    if !x.is_finite() {
        return (f64::NAN, f64::NAN);
    }
    let r = x % 360.0;
    let n = (r / 90.0).round();
    let (s, c) = (r - 90.0 * n).to_radians().sin_cos();
    match n.rem_euclid(4.0) as u8 {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

/// `sin(πx)/(πx)`.
pub(crate) fn sinc_of(x: f64) -> f64 {
    if x == 0.0 {
        1.0
    } else if x.is_infinite() {
        0.0
    } else {
        sinpi_of(x) / (std::f64::consts::PI * x)
    }
}

/// `sinc′(x) = (cos(πx) − sinc(x))/x`, by its Taylor series near 0 where that cancels.
pub(crate) fn cosc_of(x: f64) -> f64 {
    let pi = std::f64::consts::PI;
    if x.is_infinite() {
        return 0.0;
    }
    if (pi * x).abs() < 1.0 {
        // sinc(x) = Σₙ (−1)ⁿ (πx)²ⁿ/(2n+1)!, so sinc′(x) = Σₙ≥₁ (−1)ⁿ 2n π²ⁿ x²ⁿ⁻¹/(2n+1)!;
        // twelve terms reach below 1/25! at |πx| < 1.
        let t2 = (pi * x) * (pi * x);
        let mut power = pi * pi * x; // π²ⁿ x²ⁿ⁻¹
        let mut factorial = 6.0; // (2n+1)!
        let mut sum = 0.0;
        for n in 1..=12 {
            let sign = if n % 2 == 1 { -1.0 } else { 1.0 };
            let n = f64::from(n);
            sum += sign * 2.0 * n * power / factorial;
            power *= t2;
            factorial *= (2.0 * n + 2.0) * (2.0 * n + 3.0);
        }
        sum
    } else {
        (cospi_of(x) - sinc_of(x)) / x
    }
}

/// The `k`-th derivative of `sinc(x) = sin(πx)/(πx)`.
///
/// Near 0 (`|πx| < 4`) by its Taylor series: with `t = πx`,
/// `sinc⁽ᵏ⁾(x) = πᵏ Σ (−1)ⁿ tᵐ / ((m + k + 1) m!)` over `m = 2n − k ≥ 0`, which has no
/// cancellation to speak of there; further out by Leibniz's rule on `sin(u) · u⁻¹`, `u = πx`:
/// `πᵏ Σⱼ C(k, j) sin(u + jπ/2) (−1)ᵏ⁻ʲ (k−j)! / uᵏ⁻ʲ⁺¹`.
///
/// # Panics
/// If `k` is negative.
pub(crate) fn sinc_derivative_of(k: i32, x: f64) -> f64 {
    if k < 0 {
        autograd_core::Error::invalid("sinc_derivative", format!("order {k} is negative")).raise();
    }
    if x.is_nan() {
        return f64::NAN;
    }
    if x.is_infinite() {
        return 0.0;
    }
    let pi = std::f64::consts::PI;
    let t = pi * x;
    let pi_k = pi.powi(k);
    if t.abs() < 4.0 {
        let mut sum = 0.0;
        // m = 2n − k, starting at the smallest n with m ≥ 0; power = tᵐ / m!.
        let mut n = (k + 1) / 2;
        let mut m = 2 * n - k;
        let mut power = if m == 0 { 1.0 } else { t };
        loop {
            let sign = if n % 2 == 0 { 1.0 } else { -1.0 };
            let term = sign * power / f64::from(m + k + 1);
            sum += term;
            if term.abs() <= 1e-18 * sum.abs() && m > 8 {
                break;
            }
            power *= t * t / f64::from((m + 1) * (m + 2));
            m += 2;
            n += 1;
            if m > 200 {
                break;
            }
        }
        return pi_k * sum;
    }
    let (s, c) = (sinpi_of(x), cospi_of(x));
    let mut sum = 0.0;
    let mut binomial = 1.0; // C(k, j)
    for j in 0..=k {
        let derivative_of_sin = match j % 4 {
            0 => s,
            1 => c,
            2 => -s,
            _ => -c,
        };
        let m = k - j; // the order of the derivative of u⁻¹: (−1)ᵐ m! / uᵐ⁺¹
        let factorial: f64 = (1..=m).map(f64::from).product();
        let sign = if m % 2 == 0 { 1.0 } else { -1.0 };
        sum += binomial * derivative_of_sin * sign * factorial / t.powi(m + 1);
        binomial = binomial * f64::from(k - j) / f64::from(j + 1);
    }
    pi_k * sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + b.abs())
    }

    #[test]
    fn cosc_series_meets_the_closed_form() {
        let edge = std::f64::consts::FRAC_1_PI; // where the series hands over
        for x in [0.3, 0.999 * edge, 1.001 * edge, -0.31] {
            let closed = (cospi_of(x) - sinc_of(x)) / x;
            assert!(close(cosc_of(x), closed, 1e-13), "{x}");
        }
        assert_eq!(cosc_of(0.0), 0.0);
        let pi = std::f64::consts::PI;
        assert!(close(cosc_of(1e-8), -pi * pi / 3.0 * 1e-8, 1e-12));
    }
}
