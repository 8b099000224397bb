//! The Hankel functions (Bessel functions of the third kind) of integer order, [`besselh`],
//! [`hankelh1`] and [`hankelh2`]: `H⁽¹⁾ₙ = Jₙ + iYₙ` and `H⁽²⁾ₙ = Jₙ − iYₙ` (DLMF 10.4.3).
//!
//! A tensor holds real numbers, so each returns its real and imaginary parts as a pair of
//! tensors. On the real axis (x > 0) these are exactly [`besselj`] and ±[`bessely`], so the
//! parts are built from those primitives and their gradients (to any order) come from theirs:
//! `H′ₙ = (Hₙ₋₁ − Hₙ₊₁)/2`, part by part. As for [`bessely`], x < 0 gives a NaN imaginary part.
//!
//! ```
//! use autograd_core::{gradfun, Tensor};
//! use autograd_ops::hankelh1;
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

use crate::special::{besselj, bessely};

/// The Hankel function of kind `k` (1 or 2) and integer order `n`, `H⁽ᵏ⁾ₙ(x)` (Julia's
/// `besselh(n, k, x)`), as its (real part, imaginary part): (`Jₙ(x)`, `±Yₙ(x)`).
///
/// # Panics
/// If `k` is neither 1 nor 2 (the error names `besselh`; [`catch`](autograd_core::catch)
/// returns it as a value).
///
/// ```
/// use autograd_core::Tensor;
/// use autograd_ops::besselh;
///
/// let (re, im) = besselh(1, 2, &Tensor::from(vec![0.5, 3.0]));
/// assert_eq!(re.to_vec::<f64>(), autograd_ops::besselj(1, &Tensor::from(vec![0.5, 3.0])).to_vec::<f64>());
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
/// use autograd_core::Tensor;
/// use autograd_ops::hankelh1;
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
/// use autograd_core::Tensor;
/// use autograd_ops::hankelh2;
///
/// let (re, im) = hankelh2(2, &Tensor::from(5.0));
/// assert!((re.item::<f64>() - 0.046_565_116_277_752_29).abs() < 1e-15);
/// assert!((im.item::<f64>() + 0.367_662_882_605_524_6).abs() < 1e-15);
/// ```
pub fn hankelh2(n: i32, x: &Tensor) -> (Tensor, Tensor) {
    (besselj(n, x), -bessely(n, x))
}
