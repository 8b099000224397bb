//! Transcendental functions written so that LLVM vectorizes a loop over them: straight-line
//! code, polynomials, bit manipulation and selects — no calls, no table lookups, no branches
//! the optimizer cannot turn into selects. Element-wise kernels run such loops compiled for
//! AVX-512 or AVX2 + FMA when the processor has them (see `autograd_core`'s element-wise
//! dispatch), so one call handles 4 to 16 elements where the system libm handles one.
//!
//! What differs by precision lives in [`single`] (`f32`) and [`double`] (`f64`): `exp` and `ln`
//! with their bit manipulation, and the polynomial cores with the constants tied to each
//! type's range, handed to the formulas through the [`Real`] trait. The formulas built on them
//! are written once, generic over [`Real`]: `tanh`, the sigmoid and softplus in [`derived`],
//! `erf`, the normal distribution function Φ and `gelu` in [`erf`]. The tests bound every
//! function's error in ulps against the system libm (computed in f64 for the f32 kernels) over
//! the whole range of each type.
//!
//! Element-wise bodies and gradient rules reach them as methods of [`VectorMath`]: a method
//! call keeps the text self-contained, so the macro compiles it natively for `f32` (a call of
//! a free function would make the f32 kernel widen to `f64`), and the same text on tensors
//! calls the primitive of the same function, which keeps the rule differentiable.

pub mod derived;
pub mod double;
pub mod erf;
pub mod single;

use std::f64::consts::FRAC_1_SQRT_2;
use std::ops::{Add, Div, Mul, Neg, Sub};

use autograd_core::Tensor;

use crate::{math, nn, special, TensorMath};

/// The vectorizable kernels as methods, for `f32`, `f64` and [`Tensor`], so that one
/// element-wise body or gradient rule reads the same in the three compilations the macro makes
/// of it. On numbers each is the kernel of this module; on tensors, the primitive.
///
/// The names carry a `v` because `f64` has inherent `exp`, `ln` and `tanh` (and unstable
/// `erf`), which a trait method of the same name could never override.
///
/// ```
/// use autograd::kernels::vmath::VectorMath;
///
/// assert!((1.0f64.vexp() - std::f64::consts::E).abs() < 1e-15);
/// assert!((0.5f32.verf() - 0.520_499_9).abs() < 1e-7);
/// assert_eq!(0.0f64.vnormal_cdf(), 0.5);
/// ```
pub trait VectorMath: Sized {
    /// `eˣ` ([`exp`](math::exp)).
    fn vexp(&self) -> Self;
    /// The natural logarithm ([`log`](math::log)).
    fn vln(&self) -> Self;
    /// The hyperbolic tangent ([`tanh`](math::tanh)).
    fn vtanh(&self) -> Self;
    /// The logistic sigmoid ([`sigmoid`](nn::sigmoid)).
    fn vsigmoid(&self) -> Self;
    /// `ln(1 + eˣ)` ([`softplus`](nn::softplus)).
    fn vsoftplus(&self) -> Self;
    /// The error function ([`erf`](special::erf)).
    fn verf(&self) -> Self;
    /// The standard normal distribution function `Φ(x) = erfc(-x/√2)/2`, with full relative
    /// accuracy in the lower tail (on tensors, through [`erfc`](special::erfc)).
    fn vnormal_cdf(&self) -> Self;
    /// The Gaussian error linear unit `x·Φ(x)` ([`gelu`](nn::gelu)).
    fn vgelu(&self) -> Self;
}

/// A float type the kernels are written for (`f32` and `f64`): its arithmetic, and what the
/// shared formulas take from each precision — `exp`, `ln`, the polynomial cores and the
/// constants tied to the type's range.
///
/// The trait deliberately lacks `exp`, `ln` and `tanh` under those names: in a generic formula
/// they would have to be this module's kernels, and a name that could also reach the system
/// libm (as `num_traits::Float` would) would compile to a call, which stops vectorization, or
/// to a different result, without a word. It is sealed: the formulas' accuracy is tested for
/// these two types only.
///
/// ```
/// use autograd::kernels::vmath::{Real, VectorMath};
///
/// fn softplus_slope<T: Real>(x: T) -> T {
///     x.vsigmoid()
/// }
/// assert_eq!(softplus_slope(0.0f32), 0.5);
/// assert_eq!(softplus_slope(0.0f64), 0.5);
/// ```
pub trait Real:
    Copy
    + PartialOrd
    + From<f32>
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + sealed::Sealed
{
    /// `1/√2`, rounded to the type.
    const FRAC_1_SQRT_2: Self;
    /// The centre of the interval on which [`erfc_middle`](Real::erfc_middle) was fitted.
    const ERFC_CENTER: Self;
    /// The half-width of that interval.
    const ERFC_HALF_WIDTH: Self;
    /// The `|x|` from which `erf x` rounds to ±1.
    const ERF_SATURATES: Self;
    /// The `|x|` from which `Φ(−|x|)` underflows to 0.
    const NORMAL_CDF_UNDERFLOWS: Self;

    /// `eˣ`, this precision's kernel.
    fn exp_kernel(self) -> Self;
    /// `ln x`, this precision's kernel.
    fn ln_kernel(self) -> Self;
    /// `t(z)` with `tanh x = x + x³·t(x²)` for `|x| < 0.625`.
    fn tanh_core(z: Self) -> Self;
    /// `P(z)` with `erf t = t·P(t²)` for `|t| < 0.875`.
    fn erf_core(z: Self) -> Self;
    /// `R(u)` with `erfc t = e^(−t²)·R((t − c)/h)` on `[c − h, c + h]` (`c`, `h`: the
    /// [centre](Real::ERFC_CENTER) and [half-width](Real::ERFC_HALF_WIDTH)).
    fn erfc_middle(u: Self) -> Self;
    /// `S(w)` with `erfc t = e^(−t²)·S(1/t²)/t` past that interval.
    fn erfc_tail(w: Self) -> Self;

    /// `|x|` (the type's `abs`).
    fn abs(self) -> Self;
    /// `|self|` with the sign of `sign` (the type's `copysign`).
    fn copysign(self, sign: Self) -> Self;
    /// `self` limited to `[lo, hi]`, NaN kept (the type's `clamp`).
    fn clamp(self, lo: Self, hi: Self) -> Self;
    /// `self·a + b` rounded once (the type's `mul_add`).
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// Whether `self` is NaN.
    fn is_nan(self) -> bool;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// The std methods [`Real`] needs, forwarded for one type. A macro because no std trait names
/// them: generics cannot reach `f32::mul_add` and `f64::mul_add` as one function.
macro_rules! forward_std_methods {
    ($t:ty) => {
        #[inline(always)]
        fn abs(self) -> $t {
            <$t>::abs(self)
        }
        #[inline(always)]
        fn copysign(self, sign: $t) -> $t {
            <$t>::copysign(self, sign)
        }
        #[inline(always)]
        fn clamp(self, lo: $t, hi: $t) -> $t {
            <$t>::clamp(self, lo, hi)
        }
        #[inline(always)]
        fn mul_add(self, a: $t, b: $t) -> $t {
            <$t>::mul_add(self, a, b)
        }
        #[inline(always)]
        fn is_nan(self) -> bool {
            <$t>::is_nan(self)
        }
    };
}
pub(crate) use forward_std_methods;

impl<T: Real> VectorMath for T {
    #[inline(always)]
    fn vexp(&self) -> T {
        self.exp_kernel()
    }
    #[inline(always)]
    fn vln(&self) -> T {
        self.ln_kernel()
    }
    #[inline(always)]
    fn vtanh(&self) -> T {
        derived::tanh(*self)
    }
    #[inline(always)]
    fn vsigmoid(&self) -> T {
        derived::sigmoid(*self)
    }
    #[inline(always)]
    fn vsoftplus(&self) -> T {
        derived::softplus(*self)
    }
    #[inline(always)]
    fn verf(&self) -> T {
        erf::erf(*self)
    }
    #[inline(always)]
    fn vnormal_cdf(&self) -> T {
        erf::normal_cdf(*self)
    }
    #[inline(always)]
    fn vgelu(&self) -> T {
        erf::gelu(*self)
    }
}

impl VectorMath for Tensor {
    fn vexp(&self) -> Tensor {
        math::exp(self)
    }
    fn vln(&self) -> Tensor {
        math::log(self)
    }
    fn vtanh(&self) -> Tensor {
        math::tanh(self)
    }
    fn vsigmoid(&self) -> Tensor {
        nn::sigmoid(self)
    }
    fn vsoftplus(&self) -> Tensor {
        nn::softplus(self)
    }
    fn verf(&self) -> Tensor {
        special::erf(self)
    }
    fn vnormal_cdf(&self) -> Tensor {
        0.5 * (self * -FRAC_1_SQRT_2).erfc()
    }
    fn vgelu(&self) -> Tensor {
        nn::gelu(self)
    }
}

/// Horner's scheme, coefficients from the highest power down (as `chebyfit` lists them). The
/// arrays are constants, so the loop unrolls into straight-line code.
#[inline(always)]
fn horner<T: Copy + std::ops::Mul<Output = T> + std::ops::Add<Output = T>, const N: usize>(
    coefficients: &[T; N],
    x: T,
) -> T {
    let mut acc = coefficients[0];
    for &c in &coefficients[1..] {
        acc = acc * x + c;
    }
    acc
}

#[cfg(test)]
pub(crate) mod tests {
    use autograd_core::{gradfun, Tensor};

    use super::{derived, double, erf, single};
    use crate::{math, nn, special, sum};

    /// The primitives' f32 and f64 kernels are these functions, bit for bit: the macro
    /// compiles the method-call bodies natively per type (a free-function call would have
    /// widened f32 to f64 and reached the system libm instead).
    #[test]
    fn primitives_and_fused_gradients_run_these_kernels_in_both_types() {
        let xs: Vec<f64> = (0..3000).map(|i| -15.0 + f64::from(i) * 0.01 + 1e-4).collect();
        type Case = (fn(&Tensor) -> Tensor, fn(f32) -> f32, fn(f64) -> f64);
        let cases: [(&str, Case); 7] = [
            ("exp", (math::exp, single::exp_f32, double::exp_f64)),
            (
                "log",
                (
                    |t| math::log(&math::abs(t)),
                    |x| single::ln_f32(x.abs()),
                    |x| double::ln_f64(x.abs()),
                ),
            ),
            ("tanh", (math::tanh, derived::tanh, derived::tanh)),
            ("sigmoid", (nn::sigmoid, derived::sigmoid, derived::sigmoid)),
            ("softplus", (nn::softplus, derived::softplus, derived::softplus)),
            ("erf", (special::erf, erf::erf, erf::erf)),
            ("gelu", (nn::gelu, erf::gelu, erf::gelu)),
        ];
        for (name, (primitive, k32, k64)) in cases {
            let x64 = Tensor::from(xs.clone());
            let x32 = Tensor::from(xs.iter().map(|&x| x as f32).collect::<Vec<_>>());
            let want64: Vec<u64> = xs.iter().map(|&x| k64(x).to_bits()).collect();
            let want32: Vec<u32> = xs.iter().map(|&x| k32(x as f32).to_bits()).collect();
            let bits64: Vec<u64> =
                primitive(&x64).to_vec::<f64>().iter().map(|v| v.to_bits()).collect();
            let bits32: Vec<u32> =
                primitive(&x32).to_vec::<f32>().iter().map(|v| v.to_bits()).collect();
            assert_eq!(bits64, want64, "{name} f64");
            assert_eq!(bits32, want32, "{name} f32");
        }
        // The fused gradient of softplus is dy·sigmoid(x), with dy = 1 from the sum.
        let slope = gradfun(|t: &Tensor| sum(&nn::softplus(t)));
        let x32 = Tensor::from(xs.iter().map(|&x| x as f32).collect::<Vec<_>>());
        let want: Vec<f32> = xs.iter().map(|&x| derived::sigmoid(x as f32)).collect();
        assert_eq!(slope(&x32).to_vec::<f32>(), want);
        let slope = gradfun(|t: &Tensor| sum(&special::erf(t)));
        let want: Vec<f64> = xs
            .iter()
            .map(|&x| std::f64::consts::FRAC_2_SQRT_PI * double::exp_f64(-(x * x)))
            .collect();
        assert_eq!(slope(&Tensor::from(xs.clone())).to_vec::<f64>(), want);
    }

    /// The distance in ulps between an f32 result and the exact value (given in f64), in units
    /// of the f32 spacing at the exact value; both infinite or both NaN count as 0.
    fn ulps32(got: f32, exact: f64) -> f64 {
        if got.is_nan() && exact.is_nan() {
            return 0.0;
        }
        if got.is_infinite() || exact.is_infinite() || exact.abs() > f64::from(f32::MAX) {
            let rounded = exact as f32;
            return if got == rounded { 0.0 } else { f64::INFINITY };
        }
        let e = exact.abs().max(f64::from(f32::from_bits(1)));
        let spacing = if e < f64::from(f32::MIN_POSITIVE) {
            f64::from(f32::from_bits(1))
        } else {
            2f64.powf(e.log2().floor() - 23.0)
        };
        (f64::from(got) - exact).abs() / spacing
    }

    /// The same for f64 results against a reference in f64 (the system libm, itself within an
    /// ulp): the distance in units of the f64 spacing at the reference.
    fn ulps64(got: f64, exact: f64) -> f64 {
        if got.is_nan() && exact.is_nan() || got == exact {
            return 0.0;
        }
        if got.is_infinite() || exact.is_infinite() || got.is_nan() || exact.is_nan() {
            return f64::INFINITY;
        }
        let e = exact.abs().max(f64::from_bits(1));
        let spacing = if e < f64::MIN_POSITIVE {
            f64::from_bits(1)
        } else {
            // 2^(exponent − 52), from the exponent bits (log2 would round near 2ᵏ).
            f64::from_bits((e.to_bits() >> 52) << 52) * 2f64.powi(-52)
        };
        (got - exact).abs() / spacing
    }

    /// Every 997th f32 bit pattern, both signs, plus the special values: all of f32's range,
    /// subnormals to infinities (about 4.3 million inputs).
    pub(crate) fn sweep32(
        name: &str,
        f: impl Fn(f32) -> f32,
        exact: impl Fn(f64) -> f64,
        bound: f64,
    ) {
        let specials = [0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, 1.0, -1.0];
        let mut worst = (0.0, 0.0f32);
        let mut check = |x: f32| {
            let u = ulps32(f(x), exact(f64::from(x)));
            if u > worst.0 || u.is_nan() {
                worst = (u, x);
            }
        };
        specials.iter().for_each(|&x| check(x));
        (0..=u32::MAX).step_by(997).for_each(|b| check(f32::from_bits(b)));
        assert!(worst.0 <= bound, "{name}: {} ulps at {:e} (bound {bound})", worst.0, worst.1);
        println!("{name}: at most {:.3} ulps (at {:e})", worst.0, worst.1);
    }

    /// About 4.1 million f64 inputs: a stride through all bit patterns of both signs (every
    /// binade, subnormals to infinities), two million evenly spaced over [-`dense`, `dense`]
    /// where the function varies, and the special values.
    pub(crate) fn sweep64(
        name: &str,
        f: impl Fn(f64) -> f64,
        exact: impl Fn(f64) -> f64,
        dense: f64,
        bound: f64,
    ) {
        let specials = [0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1.0, -1.0];
        let mut worst = (0.0, 0.0f64);
        let mut check = |x: f64| {
            let u = ulps64(f(x), exact(x));
            if u > worst.0 || u.is_nan() {
                worst = (u, x);
            }
        };
        specials.iter().for_each(|&x| check(x));
        // An odd stride, so that the low mantissa bits vary too.
        (0..=u64::MAX).step_by((1 << 43) + 12_345).for_each(|b| check(f64::from_bits(b)));
        let n = 1_000_000;
        (-n..=n).for_each(|i| check(dense * f64::from(i) / f64::from(n)));
        assert!(worst.0 <= bound, "{name}: {} ulps at {:e} (bound {bound})", worst.0, worst.1);
        println!("{name}: at most {:.3} ulps (at {:e})", worst.0, worst.1);
    }
}
