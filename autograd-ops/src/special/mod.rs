//! Special functions (Julia's SpecialFunctions.jl, as AutoGrad.jl differentiates them), by
//! concern: the error functions and Dawson's integral ([`erf`], [`erfc`], [`erfinv`],
//! [`erfcinv`], [`erfcx`], [`erfi`], [`dawson`]), the gamma family ([`gamma`], [`lgamma`],
//! [`digamma`], [`invdigamma`], [`trigamma`], [`polygamma`], [`beta`], [`lbeta`]), the Bessel
//! functions of integer order ([`besselj0`], [`besselj1`], [`besselj`], [`bessely0`],
//! [`bessely1`], [`bessely`], [`besseli`], [`besselk`], and the Hankel functions [`besselh`],
//! [`hankelh1`], [`hankelh2`]), and the Airy functions ([`airyai`], [`airyaiprime`],
//! [`airybi`], [`airybiprime`]).
//!
//! Where the values come from:
//! - the vectorized kernels of `kernels::vmath`: [`erf`];
//! - `libm` (the Rust port of musl's math library): [`erfc`], [`gamma`], [`lgamma`]
//!   and the Bessel functions [`besselj0`], [`besselj1`], [`besselj`], [`bessely0`],
//!   [`bessely1`], [`bessely`];
//! - `statrs` (Boost's rational approximations): [`erfinv`], [`erfcinv`];
//! - `puruspe` (a port of libcerf's Chebyshev and asymptotic expansions): [`erfcx`];
//! - `complex-bessel` (Amos's TOMS 644 in pure Rust, as in SciPy): the Airy functions;
//! - this module (no crate has polygamma of every order): [`digamma`], [`trigamma`],
//!   [`polygamma`], by the recurrence ψ⁽ᵏ⁾(x) = ψ⁽ᵏ⁾(x+1) − (−1)ᵏ k!/xᵏ⁺¹ up to x ≥ 10 + k,
//!   the asymptotic series with Bernoulli numbers there, and the reflection formula for x < 0;
//!   and [`besseli`], [`besselk`], [`dawson`], [`erfi`], [`invdigamma`] (see their files).
//!
//! Element-wise gradient rules need these functions as methods on numbers and on tensors
//! alike (`dy * x.digamma()` in the rule of [`lgamma`]): [`SpecialFunctions`] provides them
//! for `f32`, `f64` and [`Tensor`].
//!
//! ```
//! use autograd::{gradfun, Tensor};
//! use autograd::special::{besselj, besselj0, erfinv, lgamma, polygamma};
//!
//! let at = |x: f64| Tensor::from(x);
//! assert!((erfinv(&at(0.5)).item::<f64>() - 0.476_936_276_204_47).abs() < 1e-15);
//! // lgamma″ = trigamma, and trigamma(1) = π²/6.
//! let d2 = gradfun(gradfun(lgamma));
//! let pi2 = std::f64::consts::PI.powi(2);
//! assert!((d2(&at(1.0)).item::<f64>() - pi2 / 6.0).abs() < 1e-14);
//! // ψ⁽³⁾(3/2) = π⁴ − 96.
//! let psi3 = polygamma(3, &at(1.5)).item::<f64>();
//! assert!((psi3 - (std::f64::consts::PI.powi(4) - 96.0)).abs() < 1e-12);
//! // J₀′ = −J₁ = (J₋₁ − J₁)/2.
//! let slope = gradfun(besselj0)(&at(2.0)).item::<f64>();
//! assert!((slope + besselj(1, &at(2.0)).item::<f64>()).abs() < 1e-15);
//! ```

mod airy;
mod bessel;
mod error_functions;
mod gamma;

pub use airy::*;
pub use bessel::*;
pub use error_functions::*;
pub use gamma::*;

use autograd_core::Tensor;

use crate::math::{self, cosc_of, cospi_of, sinc_derivative_of, sinc_of, sincosd_of, sinpi_of};

/// The functions that `f64` lacks as methods, for `f32`, `f64` and [`Tensor`], so that one
/// gradient rule reads the same on numbers and on tensors (see [`TensorMath`](crate::TensorMath) for the methods
/// that `f64` has). On tensors each calls the primitive of the same name; `f32` values are
/// computed in `f64`.
///
/// (`erf`, `erfc` and `gamma` are missing: `f64` has unstable methods of those names, which
/// would shadow them once stable. [`TensorMath`](crate::TensorMath) has them for tensors.)
///
/// ```
/// use autograd::special::SpecialFunctions;
///
/// let euler_gamma = 0.577_215_664_901_532_9;
/// assert!((1.0f64.digamma() + euler_gamma).abs() < 1e-15);
/// assert_eq!(1.0f64.sinpi(), 0.0);
/// ```
pub trait SpecialFunctions: Sized {
    /// `sin(πx)`, exact at integers and half-integers ([`sinpi`](math::sinpi)).
    fn sinpi(&self) -> Self;
    /// `cos(πx)`, exact at integers and half-integers ([`cospi`](math::cospi)).
    fn cospi(&self) -> Self;
    /// `sin(πx)/(πx)`, 1 at 0 ([`sinc`](math::sinc)).
    fn sinc(&self) -> Self;
    /// The derivative of [`sinc`](math::sinc) ([`cosc`](math::cosc)).
    fn cosc(&self) -> Self;
    /// The `k`-th derivative of [`sinc`](math::sinc) ([`sinc_derivative`](math::sinc_derivative)).
    fn sinc_derivative(&self, k: i32) -> Self;
    /// The sine of `x` degrees ([`sind`](math::sind)).
    fn sind(&self) -> Self;
    /// The cosine of `x` degrees ([`cosd`](math::cosd)).
    fn cosd(&self) -> Self;
    /// The tangent of `x` degrees ([`tand`](math::tand)).
    fn tand(&self) -> Self;
    /// The inverse error function ([`erfinv`]).
    fn erfinv(&self) -> Self;
    /// The inverse complementary error function ([`erfcinv`]).
    fn erfcinv(&self) -> Self;
    /// The scaled complementary error function `exp(x²) erfc(x)` ([`erfcx`]).
    fn erfcx(&self) -> Self;
    /// The logarithm of the absolute value of the gamma function ([`lgamma`]).
    fn lgamma(&self) -> Self;
    /// ψ, the derivative of [`lgamma`] ([`digamma`]).
    fn digamma(&self) -> Self;
    /// ψ′ ([`trigamma`]).
    fn trigamma(&self) -> Self;
    /// ψ⁽ᵏ⁾ ([`polygamma`]).
    fn polygamma(&self, k: i32) -> Self;
    /// The Bessel function of the first kind of order 0 ([`besselj0`]).
    fn besselj0(&self) -> Self;
    /// The Bessel function of the first kind of order 1 ([`besselj1`]).
    fn besselj1(&self) -> Self;
    /// The Bessel function of the first kind of integer order `n` ([`besselj`]).
    fn besselj(&self, n: i32) -> Self;
    /// The Bessel function of the second kind of order 0 ([`bessely0`]).
    fn bessely0(&self) -> Self;
    /// The Bessel function of the second kind of order 1 ([`bessely1`]).
    fn bessely1(&self) -> Self;
    /// The Bessel function of the second kind of integer order `n` ([`bessely`]).
    fn bessely(&self, n: i32) -> Self;
}

impl SpecialFunctions for f64 {
    fn sinpi(&self) -> f64 {
        sinpi_of(*self)
    }

    fn cospi(&self) -> f64 {
        cospi_of(*self)
    }

    fn sinc(&self) -> f64 {
        sinc_of(*self)
    }

    fn cosc(&self) -> f64 {
        cosc_of(*self)
    }

    fn sinc_derivative(&self, k: i32) -> f64 {
        sinc_derivative_of(k, *self)
    }

    fn sind(&self) -> f64 {
        sincosd_of(*self).0
    }

    fn cosd(&self) -> f64 {
        sincosd_of(*self).1
    }

    fn tand(&self) -> f64 {
        let (s, c) = sincosd_of(*self);
        s / c
    }

    fn erfinv(&self) -> f64 {
        erfinv_of(*self)
    }

    fn erfcinv(&self) -> f64 {
        erfcinv_of(*self)
    }

    fn erfcx(&self) -> f64 {
        puruspe::erfcx(*self)
    }

    fn lgamma(&self) -> f64 {
        libm::lgamma(*self)
    }

    fn digamma(&self) -> f64 {
        digamma_of(*self)
    }

    fn trigamma(&self) -> f64 {
        polygamma_of(1, *self)
    }

    fn polygamma(&self, k: i32) -> f64 {
        polygamma_of(k, *self)
    }

    fn besselj0(&self) -> f64 {
        libm::j0(*self)
    }

    fn besselj1(&self) -> f64 {
        libm::j1(*self)
    }

    fn besselj(&self, n: i32) -> f64 {
        libm::jn(n, *self)
    }

    fn bessely0(&self) -> f64 {
        libm::y0(*self)
    }

    fn bessely1(&self) -> f64 {
        libm::y1(*self)
    }

    fn bessely(&self, n: i32) -> f64 {
        libm::yn(n, *self)
    }
}

/// `f32` through `f64`: one implementation, rounded once at the end.
macro_rules! through_f64 {
    ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        impl SpecialFunctions for f32 {
            $(
                fn $name(&self, $($arg: $ty),*) -> f32 {
                    f64::from(*self).$name($($arg),*) as f32
                }
            )*
        }
    };
}

through_f64!(
    sinpi(),
    cospi(),
    sinc(),
    cosc(),
    sinc_derivative(k: i32),
    sind(),
    cosd(),
    tand(),
    erfinv(),
    erfcinv(),
    erfcx(),
    lgamma(),
    digamma(),
    trigamma(),
    polygamma(k: i32),
    besselj0(),
    besselj1(),
    besselj(n: i32),
    bessely0(),
    bessely1(),
    bessely(n: i32),
);

impl SpecialFunctions for Tensor {
    fn sinpi(&self) -> Tensor {
        math::sinpi(self)
    }

    fn cospi(&self) -> Tensor {
        math::cospi(self)
    }

    fn sinc(&self) -> Tensor {
        math::sinc(self)
    }

    fn cosc(&self) -> Tensor {
        math::cosc(self)
    }

    fn sinc_derivative(&self, k: i32) -> Tensor {
        math::sinc_derivative(k, self)
    }

    fn sind(&self) -> Tensor {
        math::sind(self)
    }

    fn cosd(&self) -> Tensor {
        math::cosd(self)
    }

    fn tand(&self) -> Tensor {
        math::tand(self)
    }

    fn erfinv(&self) -> Tensor {
        erfinv(self)
    }

    fn erfcinv(&self) -> Tensor {
        erfcinv(self)
    }

    fn erfcx(&self) -> Tensor {
        erfcx(self)
    }

    fn lgamma(&self) -> Tensor {
        lgamma(self)
    }

    fn digamma(&self) -> Tensor {
        digamma(self)
    }

    fn trigamma(&self) -> Tensor {
        trigamma(self)
    }

    fn polygamma(&self, k: i32) -> Tensor {
        polygamma(k, self)
    }

    fn besselj0(&self) -> Tensor {
        besselj0(self)
    }

    fn besselj1(&self) -> Tensor {
        besselj1(self)
    }

    fn besselj(&self, n: i32) -> Tensor {
        besselj(n, self)
    }

    fn bessely0(&self) -> Tensor {
        bessely0(self)
    }

    fn bessely1(&self) -> Tensor {
        bessely1(self)
    }

    fn bessely(&self, n: i32) -> Tensor {
        bessely(n, self)
    }
}

/// A function of `f64`s applied to `f32` or `f64` numbers: how a primitive's body, compiled
/// for both element types, calls a library function defined for `f64` (`f32` is computed in
/// `f64` and rounded once).
pub(crate) trait ViaF64: Copy {
    /// `f(self)`.
    fn via(self, f: impl Fn(f64) -> f64) -> Self;
    /// `f(self, other)`.
    fn via2(self, other: Self, f: impl Fn(f64, f64) -> f64) -> Self;
}

impl ViaF64 for f64 {
    fn via(self, f: impl Fn(f64) -> f64) -> f64 {
        f(self)
    }

    fn via2(self, other: f64, f: impl Fn(f64, f64) -> f64) -> f64 {
        f(self, other)
    }
}

impl ViaF64 for f32 {
    fn via(self, f: impl Fn(f64) -> f64) -> f32 {
        f(f64::from(self)) as f32
    }

    fn via2(self, other: f32, f: impl Fn(f64, f64) -> f64) -> f32 {
        f(f64::from(self), f64::from(other)) as f32
    }
}
