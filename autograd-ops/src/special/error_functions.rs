//! The error functions [`erf`], [`erfc`], their inverses [`erfinv`], [`erfcinv`], the scaled
//! [`erfcx`], and the imaginary error function [`erfi`] with Dawson's integral [`dawson`].
//!
//! [`erfi`] and [`dawson`] come from one series with positive terms, so nothing cancels: by Kummer's
//! transformation `D(x) = x·₁F₁(1; 3/2; −x²) = x e^(−x²) Σₖ x²ᵏ / (k! (2k+1))`, and
//! `erfi(x) = 2/√π · e^(x²) D(x) = 2/√π · x Σₖ x²ᵏ / (k! (2k+1))` (Abramowitz and Stegun
//! 7.1.8 and 13.1.27). Beyond |x| = 7, where the series needs many terms, Dawson's integral
//! uses its asymptotic series `D(x) ~ 1/(2x) Σₖ (2k−1)!! / (2x²)ᵏ` (A&S 7.1.23), cut at its
//! smallest term (below 10⁻¹⁹ there). (puruspe's Dawson function is not used: it returns
//! D(0.5) = −1.00; the true value is 0.4244.)
//!
//! ```
//! use autograd::{gradfun, Tensor};
//! use autograd::special::{dawson, erfi};
//!
//! let x = Tensor::from(1.0);
//! assert!((dawson(&x).item::<f64>() - 0.538_079_506_912_768_4).abs() < 1e-15);
//! assert!((erfi(&x).item::<f64>() - 1.650_425_758_797_542_8).abs() < 1e-14);
//! // D′ = 1 − 2xD.
//! let slope = gradfun(dawson)(&x).item::<f64>();
//! assert!((slope - (1.0 - 2.0 * 0.538_079_506_912_768_4)).abs() < 1e-15);
//! ```

use autograd_macros::primitive;

use super::ViaF64;
use crate::kernels::vmath::VectorMath;
use crate::{SpecialFunctions, TensorMath};

/// The error function, `erf(x) = 2/√π ∫₀ˣ e^(−t²) dt`.
#[primitive(dy => dy * std::f64::consts::FRAC_2_SQRT_PI * (-(x * x)).vexp())]
pub fn erf(x: f64) -> f64 {
    x.verf()
}

/// The complementary error function, `1 − erf(x)`, accurate where it is small.
#[primitive(dy => -dy * std::f64::consts::FRAC_2_SQRT_PI * (-(x * x)).vexp())]
pub fn erfc(x: f64) -> f64 {
    x.via(libm::erfc)
}

/// The inverse of [`erf`] on (−1, 1); ±∞ at ±1, NaN outside (as in PyTorch and SciPy).
#[primitive(dy => dy / std::f64::consts::FRAC_2_SQRT_PI * (y * y).exp(), domain = -0.9..0.9)]
pub fn erfinv(x: f64) -> f64 {
    x.erfinv()
}

/// The inverse of [`erfc`] on (0, 2); ±∞ at 0 and 2, NaN outside.
#[primitive(dy => -dy / std::f64::consts::FRAC_2_SQRT_PI * (y * y).exp(), domain = 0.1..1.9)]
pub fn erfcinv(x: f64) -> f64 {
    x.erfcinv()
}

/// The scaled complementary error function, `exp(x²) erfc(x)`, without overflow or
/// underflow for large `x`.
#[primitive(dy => dy * (2.0 * x * y - std::f64::consts::FRAC_2_SQRT_PI))]
pub fn erfcx(x: f64) -> f64 {
    x.erfcx()
}

/// Dawson's integral `D(x) = e^(−x²) ∫₀ˣ e^(t²) dt` (SciPy's `dawsn`, Julia's `dawson`); odd,
/// with its maximum 0.541 at x ≈ 0.924 and `D(x) ~ 1/(2x)` for large `x`. Its derivative is
/// `1 − 2x D(x)`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::dawson;
/// let d = dawson(&Tensor::from(vec![0.5, -0.5, 10.0])).to_vec::<f64>();
/// assert!((d[0] - 0.424_436_383_502_022_3).abs() < 1e-15);
/// assert_eq!(d[1], -d[0]);
/// assert!((d[2] - 0.050_253_847_187_598_53).abs() < 1e-16);
/// ```
#[primitive(dy => dy * (1.0 - 2.0 * x * y), domain = -3.0..3.0)]
pub fn dawson(x: f64) -> f64 {
    x.via(dawson_of)
}

/// The imaginary error function `erfi(x) = −i erf(ix) = 2/√π ∫₀ˣ e^(t²) dt`; odd, growing
/// like `e^(x²)/(x√π)`, infinite beyond |x| ≈ 26.6. Its derivative is `2/√π e^(x²)`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::erfi;
/// let e = erfi(&Tensor::from(vec![0.5, 3.5])).to_vec::<f64>();
/// assert!((e[0] - 0.614_952_094_696_511).abs() < 1e-15);
/// assert!((e[1] / 35_282.287_715_171_68 - 1.0).abs() < 1e-14);
/// ```
#[primitive(dy => dy * std::f64::consts::FRAC_2_SQRT_PI * (x * x).exp(), domain = -2.0..2.0)]
pub fn erfi(x: f64) -> f64 {
    x.via(erfi_of)
}

/// Beyond this |x| Dawson's integral takes its asymptotic series.
const ASYMPTOTIC_FROM: f64 = 7.0;

/// `Σₖ x²ᵏ / (k! (2k+1))`, summed until a term no longer changes the sum.
fn kummer_series(x: f64) -> f64 {
    let z = x * x;
    let (mut sum, mut power) = (1.0, 1.0);
    for k in 1..400 {
        power *= z / f64::from(k);
        let term = power / f64::from(2 * k + 1);
        sum += term;
        if term <= sum * f64::EPSILON * 0.5 {
            break;
        }
    }
    sum
}

fn dawson_of(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let a = x.abs();
    if a < ASYMPTOTIC_FROM {
        return x * (-(x * x)).exp() * kummer_series(x);
    }
    if a.is_infinite() {
        return 0.0f64.copysign(x);
    }
    // 1/(2x) Σ (2k−1)!!/(2x²)ᵏ, stopped at the smallest term.
    let w = 1.0 / (2.0 * x * x);
    let (mut sum, mut term) = (1.0, 1.0);
    for k in 1..200 {
        let next = term * f64::from(2 * k - 1) * w;
        if next >= term || next < sum * f64::EPSILON * 0.5 {
            break;
        }
        term = next;
        sum += term;
    }
    sum / (2.0 * x)
}

fn erfi_of(x: f64) -> f64 {
    if x.abs() < ASYMPTOTIC_FROM {
        return std::f64::consts::FRAC_2_SQRT_PI * x * kummer_series(x);
    }
    // e^(x²) overflows past |x| ≈ 26.6, as erfi does.
    std::f64::consts::FRAC_2_SQRT_PI * (x * x).exp() * dawson_of(x)
}

/// The inverse error function, with the edges of its domain made explicit (statrs gives ±∞
/// outside [−1, 1]).
pub(crate) fn erfinv_of(x: f64) -> f64 {
    if x.is_nan() || !(-1.0..=1.0).contains(&x) {
        f64::NAN
    } else {
        statrs::function::erf::erf_inv(x)
    }
}

/// The inverse complementary error function, with the edges of its domain made explicit.
pub(crate) fn erfcinv_of(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=2.0).contains(&p) {
        f64::NAN
    } else {
        statrs::function::erf::erfc_inv(p)
    }
}
