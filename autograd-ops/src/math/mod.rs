//! Element-wise mathematical functions (AutoGrad.jl's math.jl): powers, exponentials and
//! logarithms, trigonometric and hyperbolic functions and their inverses (also in degrees),
//! `sinpi`/`sinc`, `maximum`/`minimum`/`clamp`, remainders and the parts of a float
//! (`exponent`, `significand`, `mod2pi`, `rem2pi`).
//!
//! By concern: powers, exponentials, logarithms, roots and the extrema here; the trigonometric
//! and hyperbolic functions in `trig.rs`; remainders and float parts in `float_parts.rs`.
//!
//! Where a function has a kink or a removable singularity, the rule says what happens there:
//! `maximum` and `minimum` split the gradient evenly at ties, `pow` is exact at `x = 0`, `sinc`
//! and `cosc` are smooth through 0.
//!
//! ```
//! use autograd::{diff, grad, gradfun, Param, Tensor};
//! use autograd::math::{atan2, maximum, pow_int, sinc, sind};
//! use autograd::reduce::sum;
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

mod float_parts;
mod trig;

pub use float_parts::*;
pub use trig::*;

use autograd_macros::{primitive, zerograd};

use crate::kernels::vmath::VectorMath;
use crate::special::ViaF64;
use crate::{CompareMask, TensorMath};

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
