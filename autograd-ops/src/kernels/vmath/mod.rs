//! Transcendental functions written so that LLVM vectorizes a loop over them: straight-line
//! code, polynomials, bit manipulation and selects — no calls, no table lookups, no branches
//! the optimizer cannot turn into selects. Element-wise kernels run such loops compiled for
//! AVX-512 or AVX2 + FMA when the processor has them (see `autograd_core`'s element-wise
//! dispatch), so one call handles 4 to 16 elements where the system libm handles one.
//!
//! Each function exists for `f32` ([`single`]'s kernels) and `f64` ([`double`]'s), and `erf`,
//! the normal distribution function Φ and through it `gelu` for both ([`erf`]'s). The tests
//! bound every one's error in ulps against the system libm (computed in f64 for the f32
//! kernels) over the whole range of the type.
//!
//! Element-wise bodies and gradient rules reach them as methods of [`VectorMath`]: a method
//! call keeps the text self-contained, so the macro compiles it natively for `f32` (a call of
//! a free function would make the f32 kernel widen to `f64`), and the same text on tensors
//! calls the primitive of the same function, which keeps the rule differentiable.

pub mod double;
pub mod erf;
pub mod single;

use std::f64::consts::FRAC_1_SQRT_2;

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

/// The impl for one float type, from its module's kernels.
macro_rules! scalar_kernels {
    ($t:ty, $exp:path, $ln:path, $tanh:path, $sigmoid:path, $softplus:path, $erf:path, $cdf:path,
     $gelu:path) => {
        impl VectorMath for $t {
            #[inline(always)]
            fn vexp(&self) -> $t {
                $exp(*self)
            }
            #[inline(always)]
            fn vln(&self) -> $t {
                $ln(*self)
            }
            #[inline(always)]
            fn vtanh(&self) -> $t {
                $tanh(*self)
            }
            #[inline(always)]
            fn vsigmoid(&self) -> $t {
                $sigmoid(*self)
            }
            #[inline(always)]
            fn vsoftplus(&self) -> $t {
                $softplus(*self)
            }
            #[inline(always)]
            fn verf(&self) -> $t {
                $erf(*self)
            }
            #[inline(always)]
            fn vnormal_cdf(&self) -> $t {
                $cdf(*self)
            }
            #[inline(always)]
            fn vgelu(&self) -> $t {
                $gelu(*self)
            }
        }
    };
}

scalar_kernels!(
    f32,
    single::exp_f32,
    single::ln_f32,
    single::tanh_f32,
    single::sigmoid_f32,
    single::softplus_f32,
    erf::erf_f32,
    erf::normal_cdf_f32,
    erf::gelu_f32
);
scalar_kernels!(
    f64,
    double::exp_f64,
    double::ln_f64,
    double::tanh_f64,
    double::sigmoid_f64,
    double::softplus_f64,
    erf::erf_f64,
    erf::normal_cdf_f64,
    erf::gelu_f64
);

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

    use super::{double, erf, single};
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
            ("tanh", (math::tanh, single::tanh_f32, double::tanh_f64)),
            ("sigmoid", (nn::sigmoid, single::sigmoid_f32, double::sigmoid_f64)),
            ("softplus", (nn::softplus, single::softplus_f32, double::softplus_f64)),
            ("erf", (special::erf, erf::erf_f32, erf::erf_f64)),
            ("gelu", (nn::gelu, erf::gelu_f32, erf::gelu_f64)),
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
        let want: Vec<f32> = xs.iter().map(|&x| single::sigmoid_f32(x as f32)).collect();
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
