//! Functions without a gradient: rounding, comparisons, floating-point class tests, and
//! [`stop_gradient`]. Their outputs never carry a gradient, whatever their inputs (the sign,
//! [`sign`](crate::sign), lives with the math functions).
//!
//! Comparisons return 0/1 tensors of their inputs' element type, with broadcasting, so that a
//! mask multiplies like any other tensor. The [`CompareMask`] methods give the same masks on
//! numbers as on tensors, for gradient rules that select by a comparison.

use autograd_core::{Operand, Tensor};
use autograd_macros::zerograd;

/// The largest integer not above `x` (`⌊x⌋`). No gradient.
#[zerograd]
pub fn floor(x: f64) -> f64 {
    x.floor()
}

/// The smallest integer not below `x` (`⌈x⌉`). No gradient.
#[zerograd]
pub fn ceil(x: f64) -> f64 {
    x.ceil()
}

/// The nearest integer, halves rounded away from zero (as [`f64::round`]; see
/// [`round_ties_even`] for Julia's, NumPy's and PyTorch's rounding). No gradient.
#[zerograd]
pub fn round(x: f64) -> f64 {
    x.round()
}

/// The nearest integer, halves rounded to the even one (`round(2.5) == 2`, as in Julia, NumPy
/// and PyTorch). No gradient.
#[zerograd]
pub fn round_ties_even(x: f64) -> f64 {
    x.round_ties_even()
}

/// The integer part of `x`, rounded toward zero. No gradient.
#[zerograd]
pub fn trunc(x: f64) -> f64 {
    x.trunc()
}

/// 1 where `a < b`, else 0, with broadcasting. No gradient.
///
/// ```
/// use autograd_core::Tensor;
/// use autograd_ops::lt;
///
/// let a = Tensor::from(vec![1.0, 2.0, 3.0]);
/// assert_eq!(lt(&a, &Tensor::from(2.0)).to_vec::<f64>(), vec![1.0, 0.0, 0.0]);
/// ```
#[zerograd]
pub fn lt(a: f64, b: f64) -> bool {
    a < b
}

/// 1 where `a <= b`, else 0, with broadcasting. No gradient.
#[zerograd]
pub fn le(a: f64, b: f64) -> bool {
    a <= b
}

/// 1 where `a > b`, else 0, with broadcasting. No gradient.
#[zerograd]
pub fn gt(a: f64, b: f64) -> bool {
    a > b
}

/// 1 where `a >= b`, else 0, with broadcasting. No gradient.
#[zerograd]
pub fn ge(a: f64, b: f64) -> bool {
    a >= b
}

/// 1 where `a == b`, else 0, with broadcasting (`-0.0 == 0.0`; NaN equals nothing). No
/// gradient.
#[zerograd]
pub fn eq(a: f64, b: f64) -> bool {
    a == b
}

/// 1 where `a != b`, else 0, with broadcasting (NaN differs from everything). No gradient.
#[zerograd]
pub fn ne(a: f64, b: f64) -> bool {
    a != b
}

/// 1 where `x` is NaN, else 0. No gradient.
#[zerograd]
pub fn isnan(x: f64) -> bool {
    x.is_nan()
}

/// 1 where `x` is infinite (either sign), else 0. No gradient.
#[zerograd]
pub fn isinf(x: f64) -> bool {
    x.is_infinite()
}

/// 1 where `x` is neither infinite nor NaN, else 0. No gradient.
#[zerograd]
pub fn isfinite(x: f64) -> bool {
    x.is_finite()
}

/// `x`'s value with its tracking removed: a constant to every tape, so no gradient flows
/// through it (JAX's `stop_gradient`, PyTorch's `detach`). Shares `x`'s data.
///
/// ```
/// use autograd_core::{diff, grad, Param};
/// use autograd_ops::stop_gradient;
///
/// let x = Param::new(3.0);
/// // d/dx [x · stop_gradient(x)] = stop_gradient(x) = 3, not 2x = 6.
/// let tape = diff(|| &x * &stop_gradient(&x));
/// assert_eq!(grad(&tape, &x).unwrap().item::<f64>(), 3.0);
/// ```
#[doc(alias = "detach")]
pub fn stop_gradient(x: &Tensor) -> Tensor {
    x.detach()
}

/// The same as [`stop_gradient`] (PyTorch's name; [`Tensor::detach`] as a function).
pub fn detach(x: &Tensor) -> Tensor {
    x.detach()
}

/// Comparisons as 0/1 masks of the receiver's type, for numbers and tensors alike, so that one
/// gradient rule can select by a comparison in both of its compilations (a rule cannot use
/// `if` on values). On tensors they call the comparison primitives ([`gt`], [`eq`] …) and
/// carry no gradient.
///
/// A gradient rule such as `#[primitive(dy => dy * x.gt_mask(0.0))]` (the rectifier's) reads
/// the same on both:
///
/// ```
/// use autograd_core::Tensor;
/// use autograd_ops::CompareMask;
///
/// assert_eq!(2.0f64.gt_mask(0.0), 1.0);
/// assert_eq!((-0.0f64).eq_mask(0.0), 1.0);
/// let x = Tensor::from(vec![-1.0, 0.0, 2.0]);
/// assert_eq!(x.gt_mask(0.0).to_vec::<f64>(), vec![0.0, 0.0, 1.0]);
/// ```
pub trait CompareMask<Rhs = Self> {
    /// The mask's type: the receiver's.
    type Output;
    /// 1 where `self < rhs`, else 0.
    fn lt_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self <= rhs`, else 0.
    fn le_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self > rhs`, else 0.
    fn gt_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self >= rhs`, else 0.
    fn ge_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self == rhs`, else 0.
    fn eq_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self != rhs`, else 0.
    fn ne_mask(&self, rhs: Rhs) -> Self::Output;
}

macro_rules! number_masks {
    ($($T:ty),*) => {$(
        impl CompareMask for $T {
            type Output = $T;

            fn lt_mask(&self, rhs: $T) -> $T {
                if *self < rhs { 1.0 } else { 0.0 }
            }

            fn le_mask(&self, rhs: $T) -> $T {
                if *self <= rhs { 1.0 } else { 0.0 }
            }

            fn gt_mask(&self, rhs: $T) -> $T {
                if *self > rhs { 1.0 } else { 0.0 }
            }

            fn ge_mask(&self, rhs: $T) -> $T {
                if *self >= rhs { 1.0 } else { 0.0 }
            }

            fn eq_mask(&self, rhs: $T) -> $T {
                if *self == rhs { 1.0 } else { 0.0 }
            }

            fn ne_mask(&self, rhs: $T) -> $T {
                if *self != rhs { 1.0 } else { 0.0 }
            }
        }
    )*};
}

number_masks!(f32, f64);

impl<R: Operand> CompareMask<R> for Tensor {
    type Output = Tensor;

    fn lt_mask(&self, rhs: R) -> Tensor {
        lt(self, &rhs.into_operand(self))
    }

    fn le_mask(&self, rhs: R) -> Tensor {
        le(self, &rhs.into_operand(self))
    }

    fn gt_mask(&self, rhs: R) -> Tensor {
        gt(self, &rhs.into_operand(self))
    }

    fn ge_mask(&self, rhs: R) -> Tensor {
        ge(self, &rhs.into_operand(self))
    }

    fn eq_mask(&self, rhs: R) -> Tensor {
        eq(self, &rhs.into_operand(self))
    }

    fn ne_mask(&self, rhs: R) -> Tensor {
        ne(self, &rhs.into_operand(self))
    }
}
