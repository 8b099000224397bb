//! `TensorMath`: the methods of `f64` (`x.exp()`, `x.powf(p)` …) for tensors, so that one
//! gradient rule reads the same on numbers and on tensors. Bring it into scope (the prelude
//! does) wherever gradient rules call methods.

use autograd_core::{Operand, Tensor};

use crate::{linalg, math, reduce, shape};

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
    /// [`math::sign`] (no gradient).
    fn signum(&self) -> Tensor;
    /// `1 / self`.
    fn recip(&self) -> Tensor;
    /// [`math::pow`] with any exponent operand (a tensor or a number).
    fn powf(&self, p: impl Operand) -> Tensor;
    /// [`math::pow`] with an integer exponent.
    fn powi(&self, n: i32) -> Tensor;
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

    fn signum(&self) -> Tensor {
        math::sign(self)
    }

    fn recip(&self) -> Tensor {
        1.0 / self
    }

    fn powf(&self, p: impl Operand) -> Tensor {
        math::pow(self, &p.into_operand(self))
    }

    fn powi(&self, n: i32) -> Tensor {
        math::pow(self, &self.scalar_like(n as f64))
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
