//! The modified Bessel functions of integer order, [`besseli`] (`Iₙ`) and [`besselk`] (`Kₙ`).
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
//! use autograd::bessel::{besseli, besselk};
//!
//! let x = Tensor::from(1.0);
//! assert!((besseli(0, &x).item::<f64>() - 1.266_065_877_752_008_4).abs() < 1e-15);
//! assert!((besselk(0, &x).item::<f64>() - 0.421_024_438_240_708_3).abs() < 1e-15);
//! // K₀′ = −K₁.
//! let slope = gradfun(|x| besselk(0, x))(&x).item::<f64>();
//! assert!((slope + besselk(1, &x).item::<f64>()).abs() < 1e-15);
//! ```

use autograd_core::Tensor;
use autograd_macros::primitive;

use crate::special::ViaF64;

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
/// use autograd::bessel::besseli;
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
/// use autograd::bessel::besselk;
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
