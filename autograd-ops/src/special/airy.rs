//! The Airy functions [`airyai`], [`airyaiprime`], [`airybi`] and [`airybiprime`]: the
//! solutions of `w″ = x w` that decay (`Ai`) and grow (`Bi`) as `x → +∞`, and their
//! derivatives.
//!
//! The values come from `complex-bessel`, a pure-Rust translation of Amos's TOMS 644 (the
//! code behind SciPy's `scipy.special.airy`), evaluated on the real axis. Within x ∈ [−30, 30]
//! it agrees with mpmath to 7·10⁻¹⁴ of the functions' envelope `√(Ai² + Bi²)` (the sensible
//! measure near the zeros, where a relative error means nothing), as SciPy does. Where Amos
//! declares an overflow for `Bi` (from x ≈ 104, though `Bi` itself only passes `f64::MAX` at
//! x ≈ 104.45), the exponentially scaled value `e^(−ζ) Bi(x)`, ζ = ⅔ x^(3/2), is multiplied
//! back in two halves, so every finite `Bi` is returned and the rest is +∞. `Ai` and `Ai′`
//! underflow to 0 from x ≈ 104. Below x ≈ −10⁶ no digit of the phase survives in `f64`:
//! the four functions are NaN there (and at −∞ `Ai` and `Bi` are 0, their limit).
//!
//! Because `Ai″ = x Ai` and `Bi″ = x Bi`, the derivative of each primitive is another of the
//! four (times `x`), and every order of derivative is exact.
//!
//! ```
//! use autograd::{gradfun, Tensor};
//! use autograd::special::{airyai, airyaiprime};
//!
//! let x = Tensor::from(1.0);
//! assert!((airyai(&x).item::<f64>() - 0.135_292_416_312_881_42).abs() < 1e-16);
//! // Ai″(x) = x Ai(x), here at x = 1.
//! let curvature = gradfun(gradfun(airyai))(&x).item::<f64>();
//! assert!((curvature - 0.135_292_416_312_881_42).abs() < 1e-15);
//! assert!((gradfun(airyai)(&x).item::<f64>() - airyaiprime(&x).item::<f64>()).abs() < 1e-16);
//! ```

use autograd_core::Tensor;
use autograd_macros::primitive;
use complex_bessel::Error as AmosError;
use num_complex::Complex;

use super::ViaF64;

/// [`airyai`], [`airyaiprime`], [`airybi`] and [`airybiprime`] as methods of `f32`, `f64` and
/// [`Tensor`], so that one gradient rule reads the same on numbers and on tensors.
///
/// ```
/// use autograd::special::Airy;
/// assert!((0.0f64.airyai() - 0.355_028_053_887_817_24).abs() < 1e-16);
/// assert!((0.0f32.airybiprime() - 0.448_288_36).abs() < 1e-7);
/// ```
pub trait Airy: Sized {
    /// `Ai(x)` ([`airyai`]).
    fn airyai(&self) -> Self;
    /// `Ai′(x)` ([`airyaiprime`]).
    fn airyaiprime(&self) -> Self;
    /// `Bi(x)` ([`airybi`]).
    fn airybi(&self) -> Self;
    /// `Bi′(x)` ([`airybiprime`]).
    fn airybiprime(&self) -> Self;
}

impl Airy for f64 {
    fn airyai(&self) -> f64 {
        airy_of(Kind::Ai, *self)
    }

    fn airyaiprime(&self) -> f64 {
        airy_of(Kind::AiPrime, *self)
    }

    fn airybi(&self) -> f64 {
        airy_of(Kind::Bi, *self)
    }

    fn airybiprime(&self) -> f64 {
        airy_of(Kind::BiPrime, *self)
    }
}

impl Airy for f32 {
    fn airyai(&self) -> f32 {
        self.via(|x| airy_of(Kind::Ai, x))
    }

    fn airyaiprime(&self) -> f32 {
        self.via(|x| airy_of(Kind::AiPrime, x))
    }

    fn airybi(&self) -> f32 {
        self.via(|x| airy_of(Kind::Bi, x))
    }

    fn airybiprime(&self) -> f32 {
        self.via(|x| airy_of(Kind::BiPrime, x))
    }
}

impl Airy for Tensor {
    fn airyai(&self) -> Tensor {
        airyai(self)
    }

    fn airyaiprime(&self) -> Tensor {
        airyaiprime(self)
    }

    fn airybi(&self) -> Tensor {
        airybi(self)
    }

    fn airybiprime(&self) -> Tensor {
        airybiprime(self)
    }
}

/// The Airy function `Ai(x)` (SciPy's `airy(x)[0]`, Julia's `airyai`): oscillating for
/// x < 0, decaying like `e^(−⅔x^(3/2))` for x > 0 (0 from x ≈ 104). Its derivative is
/// [`airyaiprime`].
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::airyai;
/// let ai = airyai(&Tensor::from(vec![-10.0, 0.0, 5.0])).to_vec::<f64>();
/// assert!((ai[0] - 0.040_241_238_486_443_19).abs() < 1e-14);
/// assert!((ai[1] - 0.355_028_053_887_817_24).abs() < 1e-16);
/// assert!((ai[2] / 1.083_444_281_360_744_2e-4 - 1.0).abs() < 1e-13);
/// ```
#[doc(alias = "airy")]
#[primitive(dy => dy * x.airyaiprime(), domain = -3.0..3.0)]
pub fn airyai(x: f64) -> f64 {
    x.airyai()
}

/// The derivative of the Airy function, `Ai′(x)`. Its own derivative is `x Ai(x)`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::airyaiprime;
/// let d = airyaiprime(&Tensor::from(vec![-2.0, 0.0])).to_vec::<f64>();
/// assert!((d[0] - 0.618_259_020_741_691_1).abs() < 1e-15);
/// assert!((d[1] + 0.258_819_403_792_806_8).abs() < 1e-16);
/// ```
#[primitive(dy => dy * x * x.airyai(), domain = -3.0..3.0)]
pub fn airyaiprime(x: f64) -> f64 {
    x.airyaiprime()
}

/// The Airy function of the second kind, `Bi(x)`: oscillating for x < 0, growing like
/// `e^(⅔x^(3/2))` for x > 0 (+∞ past x ≈ 104.45). Its derivative is [`airybiprime`].
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::airybi;
/// let bi = airybi(&Tensor::from(vec![0.0, 10.0, 105.0])).to_vec::<f64>();
/// assert!((bi[0] - 0.614_926_627_446_000_7).abs() < 1e-16);
/// assert!((bi[1] / 4.556_411_535_482_251_4e8 - 1.0).abs() < 1e-13);
/// assert_eq!(bi[2], f64::INFINITY);
/// ```
#[primitive(dy => dy * x.airybiprime(), domain = -3.0..3.0)]
pub fn airybi(x: f64) -> f64 {
    x.airybi()
}

/// The derivative of the Airy function of the second kind, `Bi′(x)`. Its own derivative is
/// `x Bi(x)`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::airybiprime;
/// let d = airybiprime(&Tensor::from(vec![0.0, 1.0])).to_vec::<f64>();
/// assert!((d[0] - 0.448_288_357_353_826_36).abs() < 1e-16);
/// assert!((d[1] - 0.932_435_933_392_775_6).abs() < 1e-15);
/// ```
#[primitive(dy => dy * x * x.airybi(), domain = -3.0..3.0)]
pub fn airybiprime(x: f64) -> f64 {
    x.airybiprime()
}

#[derive(Clone, Copy)]
enum Kind {
    Ai,
    AiPrime,
    Bi,
    BiPrime,
}

fn airy_of(kind: Kind, x: f64) -> f64 {
    use complex_bessel::{airy, airyprime, biry, biryprime};
    if x.is_nan() {
        return x;
    }
    if x.is_infinite() {
        return match (kind, x > 0.0) {
            (Kind::Ai | Kind::AiPrime, true) => 0.0,
            (Kind::Bi | Kind::BiPrime, true) => f64::INFINITY,
            (Kind::Ai | Kind::Bi, false) => 0.0,
            // Ai′ and Bi′ oscillate with a growing amplitude: no limit.
            (Kind::AiPrime | Kind::BiPrime, false) => f64::NAN,
        };
    }
    if x > 105.0 {
        // Past both Ai's underflow and Bi's overflow (where Amos stops with an error).
        return match kind {
            Kind::Ai => 0.0,
            Kind::AiPrime => -0.0,
            Kind::Bi | Kind::BiPrime => f64::INFINITY,
        };
    }
    let z = Complex::new(x, 0.0);
    let value = match kind {
        Kind::Ai => airy(z),
        Kind::AiPrime => airyprime(z),
        Kind::Bi => biry(z),
        Kind::BiPrime => biryprime(z),
    };
    match value {
        Ok(w) => w.re,
        Err(AmosError::Overflow) if x > 0.0 => match kind {
            Kind::Ai | Kind::AiPrime => 0.0,
            Kind::Bi | Kind::BiPrime => rescaled_bi(kind, x),
        },
        // Total loss of precision (|x| past ~10⁶) or non-convergence: no digit is known.
        Err(_) => f64::NAN,
    }
}

/// `Bi` or `Bi′` from `e^(−ζ) Bi`, ζ = ⅔ x^(3/2), multiplying `e^ζ` back in two halves so that
/// a product just below `f64::MAX` is not lost to an intermediate overflow.
fn rescaled_bi(kind: Kind, x: f64) -> f64 {
    let z = Complex::new(x, 0.0);
    let scaled = match kind {
        Kind::BiPrime => complex_bessel::biryprime_scaled(z),
        _ => complex_bessel::biry_scaled(z),
    };
    match scaled {
        Ok(w) => {
            let half = (x * x.sqrt() / 3.0).exp();
            w.re * half * half
        }
        Err(_) => f64::INFINITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_at_the_infinities() {
        assert_eq!(airy_of(Kind::Ai, f64::INFINITY), 0.0);
        assert_eq!(airy_of(Kind::BiPrime, f64::INFINITY), f64::INFINITY);
        assert_eq!(airy_of(Kind::Bi, f64::NEG_INFINITY), 0.0);
        assert!(airy_of(Kind::AiPrime, f64::NEG_INFINITY).is_nan());
        assert!(airy_of(Kind::Ai, f64::NAN).is_nan());
        // Past the range where any digit survives.
        assert!(airy_of(Kind::Ai, -1e7).is_nan());
        assert_eq!(airy_of(Kind::Ai, 1e7), 0.0);
        assert_eq!(airy_of(Kind::Bi, 1e7), f64::INFINITY);
    }
}
