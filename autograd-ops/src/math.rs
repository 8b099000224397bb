//! Element-wise mathematical functions.

use autograd_macros::{primitive, zerograd};

use crate::TensorMath;

/// `eˣ`.
#[primitive(dy => dy * y)]
pub fn exp(x: f64) -> f64 {
    x.exp()
}

/// The natural logarithm.
#[primitive(dy => dy / x, domain = 0.1..10.0)]
pub fn log(x: f64) -> f64 {
    x.ln()
}

/// The square root.
#[primitive(dy => dy / (2.0 * y), domain = 0.1..10.0)]
pub fn sqrt(x: f64) -> f64 {
    x.sqrt()
}

/// The absolute value; its gradient at 0 is 0.
#[primitive(dy => dy * x.signum())]
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
    x.tanh()
}

/// `xᵖ`, differentiable in both; for non-integer `p`, `x` must be positive.
#[primitive(dy => dy * p * x.powf(p - 1.0), dy => dy * y * x.ln(), domain = 0.5..2.0)]
pub fn pow(x: f64, p: f64) -> f64 {
    x.powf(p)
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
