//! The Bessel functions of integer order: [`besselj0`], [`besselj1`], [`besselj`] (`Jₙ`),
//! [`bessely0`], [`bessely1`], [`bessely`] (`Yₙ`), the modified [`besseli`] (`Iₙ`) and
//! [`besselk`] (`Kₙ`), and the Hankel functions [`besselh`], [`hankelh1`], [`hankelh2`].
//!
//! - `Iₙ(x) = Σₖ (x/2)²ᵏ⁺ⁿ / (k! (k+n)!)` (DLMF 10.25.2): every term positive, so it is summed
//!   as it stands, for every `x` (about `x` terms).
//! - `Kₙ(x) = ∫₀^∞ e^(−x cosh t) cosh(nt) dt` (DLMF 10.32.9) by the trapezoidal rule, which
//!   converges geometrically for an integrand analytic in a strip |Im t| < d: the error is
//!   about `e^(−2πd/h)` times the integrand's size in the strip (Trefethen and Weideman, "The
//!   exponentially convergent trapezoidal rule", SIAM Review 56, 2014). With `d` = 0.5
//!   (narrower for large `x`, where `e^(−x cosh t)` grows off the real axis) and `h = d/10`
//!   the error is below 10⁻²⁵ relative. The integrand is computed as `e^(−x (cosh t − 1))`,
//!   in logarithms, so neither the integrand nor `Kₙ` itself overflows before the final scaling.
//!
//! ```
//! use autograd::{gradfun, Tensor};
//! use autograd::special::{besseli, besselk};
//!
//! let x = Tensor::from(1.0);
//! assert!((besseli(0, &x).item::<f64>() - 1.266_065_877_752_008_4).abs() < 1e-15);
//! assert!((besselk(0, &x).item::<f64>() - 0.421_024_438_240_708_3).abs() < 1e-15);
//! // K₀′ = −K₁.
//! let slope = gradfun(|x| besselk(0, x))(&x).item::<f64>();
//! assert!((slope + besselk(1, &x).item::<f64>()).abs() < 1e-15);
//! ```
//!
//! The Hankel functions (Bessel functions of the third kind): `H⁽¹⁾ₙ = Jₙ + iYₙ` and `H⁽²⁾ₙ = Jₙ − iYₙ` (DLMF 10.4.3).
//!
//! A tensor holds real numbers, so each returns its real and imaginary parts as a pair of
//! tensors. On the real axis (x > 0) these are exactly [`besselj`] and ±[`bessely`], so the
//! parts are built from those primitives and their gradients (to any order) come from theirs:
//! `H′ₙ = (Hₙ₋₁ − Hₙ₊₁)/2`, part by part. As for [`bessely`], x < 0 gives a NaN imaginary part.
//!
//! ```
//! use autograd::{gradfun, Tensor};
//! use autograd::special::hankelh1;
//!
//! let x = Tensor::from(1.0);
//! let (re, im) = hankelh1(0, &x);
//! assert!((re.item::<f64>() - 0.765_197_686_557_966_6).abs() < 1e-15);
//! assert!((im.item::<f64>() - 0.088_256_964_215_676_96).abs() < 1e-15);
//! // d/dx Im H⁽¹⁾₀ = Y₀′ = −Y₁.
//! let slope = gradfun(|x| hankelh1(0, x).1)(&x).item::<f64>();
//! assert!((slope - 0.781_212_821_300_288_7).abs() < 1e-15);
//! ```

use autograd_core::{Error, Tensor};
use autograd_macros::primitive;

use super::ViaF64;
use crate::SpecialFunctions;

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

/// [`besseli`] and [`besselk`] as methods of `f32`, `f64` and [`Tensor`], for gradient rules.
pub trait ModifiedBessel: Sized {
    /// `Iₙ` ([`besseli`]).
    fn besseli(&self, n: i32) -> Self;
    /// `Kₙ` ([`besselk`]).
    fn besselk(&self, n: i32) -> Self;
}

impl ModifiedBessel for f64 {
    fn besseli(&self, n: i32) -> f64 {
        besseli_of(n, *self)
    }

    fn besselk(&self, n: i32) -> f64 {
        besselk_of(n, *self)
    }
}

impl ModifiedBessel for f32 {
    fn besseli(&self, n: i32) -> f32 {
        self.via(|x| besseli_of(n, x))
    }

    fn besselk(&self, n: i32) -> f32 {
        self.via(|x| besselk_of(n, x))
    }
}

impl ModifiedBessel for Tensor {
    fn besseli(&self, n: i32) -> Tensor {
        besseli(n, self)
    }

    fn besselk(&self, n: i32) -> Tensor {
        besselk(n, self)
    }
}

/// The modified Bessel function of the first kind of integer order `n`, `Iₙ(x)`
/// (`I₋ₙ = Iₙ`, `Iₙ(−x) = (−1)ⁿ Iₙ(x)`); it grows like `eˣ/√(2πx)` and overflows past
/// x ≈ 713. Its derivative is `(Iₙ₋₁ + Iₙ₊₁)/2`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::besseli;
/// let i = besseli(2, &Tensor::from(vec![0.5, -3.0])).to_vec::<f64>();
/// assert!((i[0] - 0.031_906_149_177_738_256).abs() < 1e-17);
/// assert!((i[1] - 2.245_212_440_929_951).abs() < 1e-14);
/// ```
#[doc(alias = "iv")]
#[primitive(dy => dy * 0.5 * (x.besseli(n - 1) + x.besseli(n + 1)), check(n = 2), domain = -2.0..2.0)]
pub fn besseli(n: i32, x: f64) -> f64 {
    x.besseli(n)
}

/// The modified Bessel function of the second kind of integer order `n`, `Kₙ(x)` for x > 0
/// (`K₋ₙ = Kₙ`); +∞ at 0, NaN for x < 0; it decays like `e⁻ˣ √(π/(2x))`. Its derivative is
/// `−(Kₙ₋₁ + Kₙ₊₁)/2`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::besselk;
/// let k = besselk(3, &Tensor::from(vec![0.1, 50.0])).to_vec::<f64>();
/// assert!((k[0] / 7990.012_430_465_435 - 1.0).abs() < 1e-14);
/// assert!((k[1] / 3.727_936_773_826_211e-23 - 1.0).abs() < 1e-14);
/// ```
#[doc(alias = "kv")]
#[primitive(dy => -dy * 0.5 * (x.besselk(n - 1) + x.besselk(n + 1)), check(n = 1), domain = 0.5..3.0)]
pub fn besselk(n: i32, x: f64) -> f64 {
    x.besselk(n)
}

fn besseli_of(n: i32, x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let n = n.unsigned_abs();
    let sign = if x < 0.0 && n % 2 == 1 { -1.0 } else { 1.0 };
    let half = x.abs() / 2.0;
    if half == 0.0 {
        return if n == 0 { 1.0 } else { 0.0 };
    }
    // (x/2)ⁿ / n!, in logarithms so that neither factor overflows on its own.
    let lead = (f64::from(n) * half.ln() - ln_factorial(n)).exp();
    if lead == 0.0 {
        return 0.0;
    }
    let q = half * half;
    let (mut sum, mut term) = (1.0, 1.0);
    for k in 1..100_000u32 {
        term *= q / (f64::from(k) * f64::from(k + n));
        sum += term;
        if term <= sum * f64::EPSILON * 0.5 {
            break;
        }
    }
    sign * lead * sum
}

fn ln_factorial(n: u32) -> f64 {
    (2..=n).map(|k| f64::from(k).ln()).sum()
}

fn besselk_of(n: i32, x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::INFINITY;
    }
    if x.is_infinite() {
        return 0.0;
    }
    let nu = f64::from(n.unsigned_abs());
    let d = (40.0 / x).sqrt().min(0.5);
    let h = d / 10.0;
    // log of e^(−x (cosh t − 1)) cosh(νt).
    let log_integrand = |t: f64| {
        // cosh t − 1 = 2 sinh²(t/2), without the cancellation near t = 0.
        let decay = -2.0 * x * (t / 2.0).sinh().powi(2);
        let grow = nu * t;
        decay + grow + (-2.0 * grow).exp().ln_1p() - std::f64::consts::LN_2
    };
    // The scale: the integrand's largest value (at t = asinh(ν/x) roughly), so the sum stays
    // in range whatever Kₙ is.
    let peak = log_integrand((nu / x).asinh());
    let mut sum = 0.5 * (log_integrand(0.0) - peak).exp();
    let mut k = 1u32;
    loop {
        let t = f64::from(k) * h;
        let term = (log_integrand(t) - peak).exp();
        sum += term;
        if (term < sum * 1e-18 && t > (nu / x).asinh()) || k > 1_000_000 {
            break;
        }
        k += 1;
    }
    // Kₙ(x) = h Σ · e^(peak − x).
    ((sum * h).ln() + peak - x).exp()
}

/// The Hankel function of kind `k` (1 or 2) and integer order `n`, `H⁽ᵏ⁾ₙ(x)` (Julia's
/// `besselh(n, k, x)`), as its (real part, imaginary part): (`Jₙ(x)`, `±Yₙ(x)`).
///
/// # Panics
/// If `k` is neither 1 nor 2 (the error names `besselh`; [`catch`](autograd_core::catch)
/// returns it as a value).
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::besselh;
///
/// let (re, im) = besselh(1, 2, &Tensor::from(vec![0.5, 3.0]));
/// assert_eq!(re.to_vec::<f64>(), autograd::special::besselj(1, &Tensor::from(vec![0.5, 3.0])).to_vec::<f64>());
/// let im = im.to_vec::<f64>();
/// assert!((im[0] - 1.471_472_392_670_243_3).abs() < 1e-14);
/// assert!((im[1] + 0.324_674_424_791_800_14).abs() < 1e-15);
/// ```
#[track_caller]
pub fn besselh(n: i32, k: i32, x: &Tensor) -> (Tensor, Tensor) {
    match k {
        1 => hankelh1(n, x),
        2 => hankelh2(n, x),
        _ => Error::invalid("besselh", format!("kind {k} is neither 1 nor 2")).raise(),
    }
}

/// The Hankel function of the first kind and integer order `n`, `H⁽¹⁾ₙ(x) = Jₙ(x) + iYₙ(x)`
/// (SciPy's `hankel1`), as its (real part, imaginary part).
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::hankelh1;
///
/// let (re, im) = hankelh1(2, &Tensor::from(5.0));
/// assert!((re.item::<f64>() - 0.046_565_116_277_752_29).abs() < 1e-15);
/// assert!((im.item::<f64>() - 0.367_662_882_605_524_6).abs() < 1e-15);
/// ```
pub fn hankelh1(n: i32, x: &Tensor) -> (Tensor, Tensor) {
    (besselj(n, x), bessely(n, x))
}

/// The Hankel function of the second kind and integer order `n`, `H⁽²⁾ₙ(x) = Jₙ(x) − iYₙ(x)`
/// (SciPy's `hankel2`), the complex conjugate of [`hankelh1`] for real `x`, as its
/// (real part, imaginary part).
///
/// ```
/// use autograd::Tensor;
/// use autograd::special::hankelh2;
///
/// let (re, im) = hankelh2(2, &Tensor::from(5.0));
/// assert!((re.item::<f64>() - 0.046_565_116_277_752_29).abs() < 1e-15);
/// assert!((im.item::<f64>() + 0.367_662_882_605_524_6).abs() < 1e-15);
/// ```
pub fn hankelh2(n: i32, x: &Tensor) -> (Tensor, Tensor) {
    (besselj(n, x), -bessely(n, x))
}
