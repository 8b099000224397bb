//! Special functions (Julia's SpecialFunctions.jl, as AutoGrad.jl differentiates them): error
//! functions, gamma functions, Bessel functions of integer order, beta.
//!
//! Where the values come from:
//! - the vectorized kernels of [`crate::kernels::vmath`]: [`erf`];
//! - `libm` (the Rust port of musl's math library): [`erfc`], [`gamma`], [`lgamma`]
//!   and the Bessel functions [`besselj0`], [`besselj1`], [`besselj`], [`bessely0`],
//!   [`bessely1`], [`bessely`];
//! - `statrs` (Boost's rational approximations): [`erfinv`], [`erfcinv`];
//! - `puruspe` (a port of libcerf's Chebyshev and asymptotic expansions): [`erfcx`];
//! - this module (no crate has polygamma of every order): [`digamma`], [`trigamma`],
//!   [`polygamma`], by the recurrence ψ⁽ᵏ⁾(x) = ψ⁽ᵏ⁾(x+1) − (−1)ᵏ k!/xᵏ⁺¹ up to x ≥ 10 + k,
//!   the asymptotic series with Bernoulli numbers there, and the reflection formula for x < 0.
//!
//! Element-wise gradient rules need these functions as methods on numbers and on tensors
//! alike (`dy * x.digamma()` in the rule of [`lgamma`]): [`SpecialFunctions`] provides them
//! for `f32`, `f64` and [`Tensor`].
//!
//! ```
//! use autograd_core::{gradfun, Tensor};
//! use autograd_ops::{besselj, besselj0, erfinv, lgamma, polygamma};
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

use autograd_core::Tensor;
use autograd_macros::primitive;

use crate::kernels::vmath::VectorMath;
use crate::math::{cospi_of, sincosd_of, sinpi_of};
use crate::{math, TensorMath};

/// The functions that `f64` lacks as methods, for `f32`, `f64` and [`Tensor`], so that one
/// gradient rule reads the same on numbers and on tensors (see [`TensorMath`] for the methods
/// that `f64` has). On tensors each calls the primitive of the same name; `f32` values are
/// computed in `f64`.
///
/// (`erf`, `erfc` and `gamma` are missing: `f64` has unstable methods of those names, which
/// would shadow them once stable. [`TensorMath`] has them for tensors.)
///
/// ```
/// use autograd_ops::SpecialFunctions;
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

// ----- error functions -----

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

// ----- gamma functions -----

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

// ----- Bessel functions -----

/// The Bessel function of the first kind of order 0, `J₀(x)`.
#[doc(alias = "j0")]
#[primitive(dy => -dy * x.besselj1())]
pub fn besselj0(x: f64) -> f64 {
    x.besselj0()
}

/// The Bessel function of the first kind of order 1, `J₁(x)`.
#[doc(alias = "j1")]
#[primitive(dy => dy * 0.5 * (x.besselj0() - x.besselj(2)))]
pub fn besselj1(x: f64) -> f64 {
    x.besselj1()
}

/// The Bessel function of the first kind of integer order `n`, `Jₙ(x)` (`J₋ₙ = (−1)ⁿ Jₙ`).
#[doc(alias = "jn")]
#[primitive(dy => dy * 0.5 * (x.besselj(n - 1) - x.besselj(n + 1)), check(n = 2))]
pub fn besselj(n: i32, x: f64) -> f64 {
    x.besselj(n)
}

/// The Bessel function of the second kind of order 0, `Y₀(x)`; −∞ at 0, NaN for `x < 0`.
#[doc(alias = "y0")]
#[primitive(dy => -dy * x.bessely1(), domain = 0.5..4.0)]
pub fn bessely0(x: f64) -> f64 {
    x.bessely0()
}

/// The Bessel function of the second kind of order 1, `Y₁(x)`; −∞ at 0, NaN for `x < 0`.
#[doc(alias = "y1")]
#[primitive(dy => dy * 0.5 * (x.bessely0() - x.bessely(2)), domain = 0.5..4.0)]
pub fn bessely1(x: f64) -> f64 {
    x.bessely1()
}

/// The Bessel function of the second kind of integer order `n`, `Yₙ(x)`; NaN for `x < 0`.
#[doc(alias = "yn")]
#[primitive(
    dy => dy * 0.5 * (x.bessely(n - 1) - x.bessely(n + 1)),
    domain = 0.5..4.0,
    check(n = 2)
)]
pub fn bessely(n: i32, x: f64) -> f64 {
    x.bessely(n)
}

// ----- the numbers -----

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

/// The inverse error function, with the edges of its domain made explicit (statrs gives ±∞
/// outside [−1, 1]).
fn erfinv_of(x: f64) -> f64 {
    if x.is_nan() || !(-1.0..=1.0).contains(&x) {
        f64::NAN
    } else {
        statrs::function::erf::erf_inv(x)
    }
}

/// The inverse complementary error function, with the edges of its domain made explicit.
fn erfcinv_of(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=2.0).contains(&p) {
        f64::NAN
    } else {
        statrs::function::erf::erfc_inv(p)
    }
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
