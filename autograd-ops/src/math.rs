//! Element-wise mathematical functions (AutoGrad.jl's math.jl): powers, exponentials and
//! logarithms, trigonometric and hyperbolic functions and their inverses (also in degrees),
//! `sinpi`/`sinc`, `maximum`/`minimum`/`clamp`, remainders.
//!
//! Where a function has a kink or a removable singularity, the rule says what happens there:
//! `maximum` and `minimum` split the gradient evenly at ties, `pow` is exact at `x = 0`, `sinc`
//! and `cosc` are smooth through 0.
//!
//! ```
//! use autograd_core::{diff, grad, gradfun, Param, Tensor};
//! use autograd_ops::{atan2, maximum, pow_int, sinc, sind, sum};
//!
//! assert_eq!(sind(&Tensor::from(180.0)).item::<f64>(), 0.0);
//! let angle = atan2(&Tensor::from(1.0), &Tensor::from(-1.0)).item::<f64>();
//! assert_eq!(angle, 3.0 * std::f64::consts::FRAC_PI_4);
//!
//! // d/dx x¹ at 0 is 1, and d²/dx² x² at 0 is 2: no 0 · ∞.
//! let d1 = gradfun(|x: &Tensor| pow_int(x, 1));
//! let d2 = gradfun(gradfun(|x: &Tensor| pow_int(x, 2)));
//! assert_eq!(d1(&Tensor::from(0.0)).item::<f64>(), 1.0);
//! assert_eq!(d2(&Tensor::from(0.0)).item::<f64>(), 2.0);
//!
//! // At a tie, maximum gives each argument half of the gradient.
//! let (a, b) = (Param::new(vec![1.0, 3.0]), Param::new(vec![1.0, 2.0]));
//! let tape = diff(|| sum(&maximum(&a, &b)));
//! assert_eq!(grad(&tape, &a).unwrap().to_vec::<f64>(), vec![0.5, 1.0]);
//! assert_eq!(grad(&tape, &b).unwrap().to_vec::<f64>(), vec![0.5, 0.0]);
//!
//! // sinc″(0) = −π²/3.
//! let d2 = gradfun(gradfun(sinc));
//! let pi2 = std::f64::consts::PI.powi(2);
//! assert!((d2(&Tensor::from(0.0)).item::<f64>() + pi2 / 3.0).abs() < 1e-14);
//! ```

use autograd_macros::{primitive, zerograd};

use crate::kernels::vmath::VectorMath;
use crate::special::ViaF64;
use crate::{CompareMask, SpecialFunctions, TensorMath};

/// `eˣ`.
#[primitive(dy => dy * y)]
pub fn exp(x: f64) -> f64 {
    x.vexp()
}

/// The natural logarithm.
#[primitive(dy => dy / x, domain = 0.1..10.0)]
pub fn log(x: f64) -> f64 {
    x.vln()
}

/// The square root.
#[primitive(dy => dy / (2.0 * y), domain = 0.1..10.0)]
pub fn sqrt(x: f64) -> f64 {
    x.sqrt()
}

/// The absolute value; its gradient at 0 is 0 (as PyTorch's and JAX's).
// Not `x.signum()`: `f64::signum(0.0)` is 1, while the tensor reading's sign is 0 — the rule
// would mean two things (the generated fused-vs-recorded check catches that).
#[primitive(dy => dy * (x.gt_mask(0.0) - x.lt_mask(0.0)))]
pub fn abs(x: f64) -> f64 {
    x.abs()
}

/// The square, `x * x` (Julia's `abs2`).
#[primitive(dy => dy * 2.0 * x)]
pub fn abs2(x: f64) -> f64 {
    x * x
}

/// The sine.
#[primitive(dy => dy * x.cos())]
pub fn sin(x: f64) -> f64 {
    x.sin()
}

/// The cosine.
#[primitive(dy => -dy * x.sin())]
pub fn cos(x: f64) -> f64 {
    x.cos()
}

/// The hyperbolic tangent.
#[primitive(dy => dy * (1.0 - y * y))]
pub fn tanh(x: f64) -> f64 {
    x.vtanh()
}

/// `xᵖ`, differentiable in both; for non-integer `p`, `x` must be positive.
///
/// At `x = 0` the gradients are the limits, not NaN: `∂/∂x` is `p·0ᵖ⁻¹` (1 for `p = 1`, 0 for
/// `p = 0` and `p > 1`), and `∂/∂p = xᵖ ln x` is 0 for `p ≥ 0`. For a constant integer
/// exponent [`pow_int`] is cheaper and exact.
#[primitive(
    dy => dy * p * x.powf(p - 1.0 + x.eq_mask(0.0) * p.eq_mask(0.0)),
    // ln(x + [x = 0]): ln 1 = 0 where x = 0, so 0ᵖ · ln 0 does not make a NaN.
    dy => dy * y * (x + x.eq_mask(0.0)).ln(),
    domain = 0.5..2.0
)]
pub fn pow(x: f64, p: f64) -> f64 {
    x.powf(p)
}

/// `xⁿ` for a constant integer `n` (`f64::powi`): exact derivatives at `x = 0` to every order
/// (`d/dx x = 1`, `d²/dx² x² = 2`, `d/dx x⁰ = 0`), and no exponent gradient to compute.
#[primitive(
    dy => if n == 0 { dy * 0.0 } else { dy * (n as f64) * x.powi(n - 1) },
    check(n = 3)
)]
pub fn pow_int(x: f64, n: i32) -> f64 {
    x.powi(n)
}

/// The sign: -1, 0 or 1 (NaN for NaN). No gradient.
#[zerograd]
pub fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

// ----- exponentials and logarithms -----

/// `2ˣ`.
#[primitive(dy => dy * y * std::f64::consts::LN_2)]
pub fn exp2(x: f64) -> f64 {
    x.exp2()
}

/// `10ˣ`.
#[primitive(dy => dy * y * std::f64::consts::LN_10)]
pub fn exp10(x: f64) -> f64 {
    x.via(libm::exp10)
}

/// `eˣ − 1`, accurate for small `x`.
#[primitive(dy => dy * (y + 1.0))]
pub fn expm1(x: f64) -> f64 {
    x.exp_m1()
}

/// The base-2 logarithm.
#[primitive(dy => dy / (x * std::f64::consts::LN_2), domain = 0.1..10.0)]
pub fn log2(x: f64) -> f64 {
    x.log2()
}

/// The base-10 logarithm.
#[primitive(dy => dy / (x * std::f64::consts::LN_10), domain = 0.1..10.0)]
pub fn log10(x: f64) -> f64 {
    x.log10()
}

/// `ln(1 + x)`, accurate for small `x`.
#[primitive(dy => dy / (1.0 + x), domain = -0.5..2.0)]
pub fn log1p(x: f64) -> f64 {
    x.ln_1p()
}

/// The logarithm of `x` to the base `b`, `ln x / ln b` (Julia's `log(b, x)`), differentiable in
/// both.
#[primitive(
    dy => dy / (x * b.ln()),
    dy => -dy * y / (b * b.ln()),
    domain = 1.5..4.0
)]
pub fn log_base(x: f64, b: f64) -> f64 {
    x.ln() / b.ln()
}

// ----- roots and norms -----

/// The cube root (real, also of negative numbers).
#[primitive(dy => dy / (3.0 * y * y), domain = 0.2..2.0)]
pub fn cbrt(x: f64) -> f64 {
    x.cbrt()
}

/// `√(a² + b²)` without overflow. At `a = b = 0` the gradient is 0 (a subgradient).
// The ratio first: `a / y` is at most 1, so neither `dy · a` nor (in the second derivative)
// `a / y²` is formed, and large or small arguments keep their gradients.
#[primitive(
    dy => dy * (a / (y + y.eq_mask(0.0))),
    dy => dy * (b / (y + y.eq_mask(0.0)))
)]
pub fn hypot(a: f64, b: f64) -> f64 {
    a.hypot(b)
}

// ----- maximum, minimum, clamp -----

/// The element-wise maximum, with broadcasting; NaN if either is NaN, and then the gradient of
/// both is NaN (PyTorch passes the whole gradient to both, JAX none to either; a NaN that
/// shows is what NaN in, NaN out asks). At ties the gradient is split evenly: each argument
/// gets half.
#[primitive(
    dy => dy * (a.gt_mask(b) + 0.5 * a.eq_mask(b)),
    dy => dy * (b.gt_mask(a) + 0.5 * a.eq_mask(b))
)]
pub fn maximum(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// The element-wise minimum, with broadcasting; NaN if either is NaN, and then the gradient of
/// both is NaN (see [`maximum`]). At ties the gradient is split evenly: each argument gets
/// half.
#[primitive(
    dy => dy * (a.lt_mask(b) + 0.5 * a.eq_mask(b)),
    dy => dy * (b.lt_mask(a) + 0.5 * a.eq_mask(b))
)]
pub fn minimum(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

/// `x` limited to `[lo, hi]` (NaN stays NaN, with a NaN gradient). The gradient is 1 inside
/// the interval, its ends included, and 0 outside.
///
/// # Panics
/// If `lo > hi`.
#[primitive(dy => dy * x.ge_mask(lo) * x.le_mask(hi), check(lo = -0.5, hi = 1.0))]
pub fn clamp(x: f64, #[constant] lo: f64, #[constant] hi: f64) -> f64 {
    if lo > hi {
        autograd_core::Error::invalid("clamp", format!("lower bound {lo} is above {hi}")).raise();
    }
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

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
/// use autograd_core::Tensor;
/// use autograd_ops::sinc_derivative;
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
