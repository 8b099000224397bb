//! `TensorMath`: the methods of `f64` (`x.exp()`, `x.powf(p)` …) for tensors, so that one
//! gradient rule reads the same on numbers and on tensors. Bring it into scope (the prelude
//! does) wherever gradient rules call methods.

use autograd_core::{Operand, Tensor};

use crate::{compare, linalg, math, reduce, shape, special};

/// Float-style methods on tensors, each calling the primitive of the same meaning.
pub trait TensorMath {
    /// [`math::exp`].
    fn exp(&self) -> Tensor;
    /// Natural logarithm, [`math::log`].
    fn ln(&self) -> Tensor;
    /// [`math::sqrt`].
    fn sqrt(&self) -> Tensor;
    /// [`math::abs`].
    fn abs(&self) -> Tensor;
    /// [`math::abs2`]: the square.
    fn abs2(&self) -> Tensor;
    /// [`math::sin`].
    fn sin(&self) -> Tensor;
    /// [`math::cos`].
    fn cos(&self) -> Tensor;
    /// [`math::tanh`].
    fn tanh(&self) -> Tensor;
    /// [`math::sign`]: -1, 0 or 1, NaN for NaN (no gradient). Not named `signum`, because
    /// `f64::signum(0.0)` is 1: a gradient rule reading `x.signum()` would mean two things.
    fn sign(&self) -> Tensor;
    /// `1 / self`.
    fn recip(&self) -> Tensor;
    /// [`math::pow`] with any exponent operand (a tensor or a number).
    fn powf(&self, p: impl Operand) -> Tensor;
    /// [`math::pow_int`]: an integer power, exact at 0.
    fn powi(&self, n: i32) -> Tensor;
    /// [`math::exp2`]: `2ˣ`.
    fn exp2(&self) -> Tensor;
    /// [`math::expm1`]: `eˣ − 1`.
    fn exp_m1(&self) -> Tensor;
    /// [`math::log1p`]: `ln(1 + x)`.
    fn ln_1p(&self) -> Tensor;
    /// [`math::log2`].
    fn log2(&self) -> Tensor;
    /// [`math::log10`].
    fn log10(&self) -> Tensor;
    /// Natural logarithm, [`math::log`] (as the function: one name, one meaning).
    fn log(&self) -> Tensor;
    /// [`math::log_base`]: the logarithm to `base` (a tensor or a number), `f64::log`'s
    /// meaning under the function's name.
    fn log_base(&self, base: impl Operand) -> Tensor;
    /// [`math::cbrt`].
    fn cbrt(&self) -> Tensor;
    /// [`math::hypot`]: `√(self² + other²)`.
    fn hypot(&self, other: impl Operand) -> Tensor;
    /// [`math::tan`].
    fn tan(&self) -> Tensor;
    /// [`math::asin`].
    fn asin(&self) -> Tensor;
    /// [`math::acos`].
    fn acos(&self) -> Tensor;
    /// [`math::atan`].
    fn atan(&self) -> Tensor;
    /// [`math::atan2`]: the angle of the point `(other, self)`, as `f64::atan2`.
    fn atan2(&self, other: impl Operand) -> Tensor;
    /// `(sin, cos)`: [`math::sin`] and [`math::cos`].
    fn sin_cos(&self) -> (Tensor, Tensor);
    /// [`math::sinh`].
    fn sinh(&self) -> Tensor;
    /// [`math::cosh`].
    fn cosh(&self) -> Tensor;
    /// [`math::asinh`].
    fn asinh(&self) -> Tensor;
    /// [`math::acosh`].
    fn acosh(&self) -> Tensor;
    /// [`math::atanh`].
    fn atanh(&self) -> Tensor;
    /// [`math::rad2deg`].
    fn to_degrees(&self) -> Tensor;
    /// [`math::deg2rad`].
    fn to_radians(&self) -> Tensor;
    /// [`math::maximum`]: the element-wise larger of two operands (NaN-propagating, unlike
    /// `f64::max`; ties split the gradient).
    fn maximum(&self, other: impl Operand) -> Tensor;
    /// [`math::minimum`]: the element-wise smaller of two operands (NaN-propagating, unlike
    /// `f64::min`; ties split the gradient).
    fn minimum(&self, other: impl Operand) -> Tensor;
    /// [`reduce::max`]: the largest element (as the function: one name, one meaning).
    fn max(&self) -> Tensor;
    /// [`reduce::min`]: the smallest element.
    fn min(&self) -> Tensor;
    /// [`math::clamp`].
    fn clamp(&self, lo: f64, hi: f64) -> Tensor;
    /// `self * a + b` (recorded as a product and a sum).
    fn mul_add(&self, a: impl Operand, b: impl Operand) -> Tensor;
    /// [`compare::floor`] (no gradient).
    fn floor(&self) -> Tensor;
    /// [`compare::ceil`] (no gradient).
    fn ceil(&self) -> Tensor;
    /// [`compare::round`]: halves away from zero, as `f64::round` (no gradient).
    fn round(&self) -> Tensor;
    /// [`compare::round_ties_even`] (no gradient).
    fn round_ties_even(&self) -> Tensor;
    /// [`compare::trunc`] (no gradient).
    fn trunc(&self) -> Tensor;
    /// `self − trunc(self)`: the fractional part, with gradient 1.
    fn fract(&self) -> Tensor;
    /// [`special::erf`] (`f64::erf` is not stable yet).
    fn erf(&self) -> Tensor;
    /// [`special::erfc`] (`f64::erfc` is not stable yet).
    fn erfc(&self) -> Tensor;
    /// [`special::gamma`] (`f64::gamma` is not stable yet).
    fn gamma(&self) -> Tensor;
    /// [`reduce::sum`]: the sum of all elements.
    fn sum(&self) -> Tensor;
    /// [`reduce::mean`]: the mean of all elements.
    fn mean(&self) -> Tensor;
    /// [`reduce::sum_axes`].
    fn sum_axes(&self, axes: &[usize]) -> Tensor;
    /// [`linalg::matmul`].
    fn matmul(&self, other: &Tensor) -> Tensor;
    /// [`shape::transpose`]: the axes reversed.
    fn t(&self) -> Tensor;
    /// [`shape::reshape`].
    fn reshape(&self, shape: &[usize]) -> Tensor;
}

impl TensorMath for Tensor {
    fn exp(&self) -> Tensor {
        math::exp(self)
    }

    fn ln(&self) -> Tensor {
        math::log(self)
    }

    fn sqrt(&self) -> Tensor {
        math::sqrt(self)
    }

    fn abs(&self) -> Tensor {
        math::abs(self)
    }

    fn abs2(&self) -> Tensor {
        math::abs2(self)
    }

    fn sin(&self) -> Tensor {
        math::sin(self)
    }

    fn cos(&self) -> Tensor {
        math::cos(self)
    }

    fn tanh(&self) -> Tensor {
        math::tanh(self)
    }

    fn sign(&self) -> Tensor {
        math::sign(self)
    }

    fn recip(&self) -> Tensor {
        1.0 / self
    }

    fn powf(&self, p: impl Operand) -> Tensor {
        math::pow(self, &p.into_operand(self))
    }

    fn powi(&self, n: i32) -> Tensor {
        math::pow_int(self, n)
    }

    fn exp2(&self) -> Tensor {
        math::exp2(self)
    }

    fn exp_m1(&self) -> Tensor {
        math::expm1(self)
    }

    fn ln_1p(&self) -> Tensor {
        math::log1p(self)
    }

    fn log2(&self) -> Tensor {
        math::log2(self)
    }

    fn log10(&self) -> Tensor {
        math::log10(self)
    }

    fn log(&self) -> Tensor {
        math::log(self)
    }

    fn log_base(&self, base: impl Operand) -> Tensor {
        math::log_base(self, &base.into_operand(self))
    }

    fn cbrt(&self) -> Tensor {
        math::cbrt(self)
    }

    fn hypot(&self, other: impl Operand) -> Tensor {
        math::hypot(self, &other.into_operand(self))
    }

    fn tan(&self) -> Tensor {
        math::tan(self)
    }

    fn asin(&self) -> Tensor {
        math::asin(self)
    }

    fn acos(&self) -> Tensor {
        math::acos(self)
    }

    fn atan(&self) -> Tensor {
        math::atan(self)
    }

    fn atan2(&self, other: impl Operand) -> Tensor {
        math::atan2(self, &other.into_operand(self))
    }

    fn sin_cos(&self) -> (Tensor, Tensor) {
        (math::sin(self), math::cos(self))
    }

    fn sinh(&self) -> Tensor {
        math::sinh(self)
    }

    fn cosh(&self) -> Tensor {
        math::cosh(self)
    }

    fn asinh(&self) -> Tensor {
        math::asinh(self)
    }

    fn acosh(&self) -> Tensor {
        math::acosh(self)
    }

    fn atanh(&self) -> Tensor {
        math::atanh(self)
    }

    fn to_degrees(&self) -> Tensor {
        math::rad2deg(self)
    }

    fn to_radians(&self) -> Tensor {
        math::deg2rad(self)
    }

    fn maximum(&self, other: impl Operand) -> Tensor {
        math::maximum(self, &other.into_operand(self))
    }

    fn minimum(&self, other: impl Operand) -> Tensor {
        math::minimum(self, &other.into_operand(self))
    }

    fn max(&self) -> Tensor {
        reduce::max(self)
    }

    fn min(&self) -> Tensor {
        reduce::min(self)
    }

    fn clamp(&self, lo: f64, hi: f64) -> Tensor {
        math::clamp(self, lo, hi)
    }

    fn mul_add(&self, a: impl Operand, b: impl Operand) -> Tensor {
        let product = self * a.into_operand(self);
        let b = b.into_operand(self);
        product + b
    }

    fn floor(&self) -> Tensor {
        compare::floor(self)
    }

    fn ceil(&self) -> Tensor {
        compare::ceil(self)
    }

    fn round(&self) -> Tensor {
        compare::round(self)
    }

    fn round_ties_even(&self) -> Tensor {
        compare::round_ties_even(self)
    }

    fn trunc(&self) -> Tensor {
        compare::trunc(self)
    }

    fn fract(&self) -> Tensor {
        self - compare::trunc(self)
    }

    fn erf(&self) -> Tensor {
        special::erf(self)
    }

    fn erfc(&self) -> Tensor {
        special::erfc(self)
    }

    fn gamma(&self) -> Tensor {
        special::gamma(self)
    }

    fn sum(&self) -> Tensor {
        reduce::sum(self)
    }

    fn mean(&self) -> Tensor {
        reduce::mean(self)
    }

    fn sum_axes(&self, axes: &[usize]) -> Tensor {
        reduce::sum_axes(self, axes)
    }

    fn matmul(&self, other: &Tensor) -> Tensor {
        linalg::matmul(self, other)
    }

    fn t(&self) -> Tensor {
        shape::transpose(self)
    }

    fn reshape(&self, shape: &[usize]) -> Tensor {
        shape::reshape(self, shape)
    }
}
