//! Functions without a gradient: rounding, comparisons, floating-point class tests, and
//! [`stop_gradient`]. Their outputs never carry a gradient, whatever their inputs (the sign,
//! [`sign`](crate::sign), lives with the math functions).
//!
//! Comparisons return 0/1 tensors of their inputs' element type, with broadcasting, so that a
//! mask multiplies like any other tensor. The [`CompareMask`] methods give the same masks on
//! numbers as on tensors, for gradient rules that select by a comparison.

use autograd_core::{Operand, Tensor};
use autograd_macros::zerograd;

use crate::special::ViaF64;

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
/// use autograd::Tensor;
/// use autograd::compare::lt;
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
/// use autograd::{diff, grad, Param};
/// use autograd::compare::stop_gradient;
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
/// `if` on values). Unlike the comparison primitives ([`gt`], [`eq`] …), a mask is NaN where
/// either side is NaN: a rule that selects by a comparison passes a NaN on instead of
/// swallowing it (NaN in, NaN out), so `relu`, `maximum` or `clamp` of a NaN has a NaN
/// gradient. On tensors the masks carry no gradient.
///
/// A gradient rule such as `#[primitive(dy => dy * x.gt_mask(0.0))]` (the rectifier's) reads
/// the same on both:
///
/// ```
/// use autograd::Tensor;
/// use autograd::compare::CompareMask;
///
/// assert_eq!(2.0f64.gt_mask(0.0), 1.0);
/// assert_eq!((-0.0f64).eq_mask(0.0), 1.0);
/// assert!(f64::NAN.gt_mask(0.0).is_nan());
/// let x = Tensor::from(vec![-1.0, 0.0, 2.0, f64::NAN]);
/// let mask = x.gt_mask(0.0).to_vec::<f64>();
/// assert_eq!(mask[..3], [0.0, 0.0, 1.0]);
/// assert!(mask[3].is_nan());
/// ```
pub trait CompareMask<Rhs = Self> {
    /// The mask's type: the receiver's.
    type Output;
    /// 1 where `self < rhs`, else 0 (NaN where either is NaN).
    fn lt_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self <= rhs`, else 0 (NaN where either is NaN).
    fn le_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self > rhs`, else 0 (NaN where either is NaN).
    fn gt_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self >= rhs`, else 0 (NaN where either is NaN).
    fn ge_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self == rhs`, else 0 (NaN where either is NaN).
    fn eq_mask(&self, rhs: Rhs) -> Self::Output;
    /// 1 where `self != rhs`, else 0 (NaN where either is NaN).
    fn ne_mask(&self, rhs: Rhs) -> Self::Output;
}

/// The relations a mask can test, as the constant argument of [`comparison_mask`].
const LT: u8 = 0;
const LE: u8 = 1;
const GT: u8 = 2;
const GE: u8 = 3;
const EQ: u8 = 4;
const NE: u8 = 5;

/// 1 where `relation` holds between `a` and `b`, 0 where it does not, NaN where either is
/// NaN: the tensor form of the [`CompareMask`] methods. No gradient.
#[zerograd(check(relation = 2))]
fn comparison_mask(a: f64, b: f64, relation: u8) -> f64 {
    a.via2(b, |a, b| relation_mask(a, b, relation))
}

/// The one definition of a mask, for `f32` and `f64` alike (an `f32` compares exactly as the
/// `f64` it widens to).
fn relation_mask(a: f64, b: f64, relation: u8) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    let holds = match relation {
        LT => a < b,
        LE => a <= b,
        GT => a > b,
        GE => a >= b,
        EQ => a == b,
        _ => a != b,
    };
    if holds {
        1.0
    } else {
        0.0
    }
}

macro_rules! number_masks {
    ($($T:ty),*) => {$(
        impl CompareMask for $T {
            type Output = $T;

            fn lt_mask(&self, rhs: $T) -> $T {
                relation_mask((*self).into(), rhs.into(), LT) as $T
            }

            fn le_mask(&self, rhs: $T) -> $T {
                relation_mask((*self).into(), rhs.into(), LE) as $T
            }

            fn gt_mask(&self, rhs: $T) -> $T {
                relation_mask((*self).into(), rhs.into(), GT) as $T
            }

            fn ge_mask(&self, rhs: $T) -> $T {
                relation_mask((*self).into(), rhs.into(), GE) as $T
            }

            fn eq_mask(&self, rhs: $T) -> $T {
                relation_mask((*self).into(), rhs.into(), EQ) as $T
            }

            fn ne_mask(&self, rhs: $T) -> $T {
                relation_mask((*self).into(), rhs.into(), NE) as $T
            }
        }
    )*};
}

number_masks!(f32, f64);

impl<R: Operand> CompareMask<R> for Tensor {
    type Output = Tensor;

    fn lt_mask(&self, rhs: R) -> Tensor {
        comparison_mask(self, &rhs.into_operand(self), LT)
    }

    fn le_mask(&self, rhs: R) -> Tensor {
        comparison_mask(self, &rhs.into_operand(self), LE)
    }

    fn gt_mask(&self, rhs: R) -> Tensor {
        comparison_mask(self, &rhs.into_operand(self), GT)
    }

    fn ge_mask(&self, rhs: R) -> Tensor {
        comparison_mask(self, &rhs.into_operand(self), GE)
    }

    fn eq_mask(&self, rhs: R) -> Tensor {
        comparison_mask(self, &rhs.into_operand(self), EQ)
    }

    fn ne_mask(&self, rhs: R) -> Tensor {
        comparison_mask(self, &rhs.into_operand(self), NE)
    }
}
