//! The arithmetic primitives and the broadcast pair, defined here because Rust's orphan rule
//! puts the `std::ops` impls for `Tensor` in this crate. The operators call these primitives.

use std::ops::{Add, Div, Mul, Neg, Sub};

use autograd_macros::primitive;

use crate::{Param, Tensor};

/// Element-wise `a + b`, with broadcasting.
#[primitive(dy => dy, dy => dy)]
pub fn add(a: f64, b: f64) -> f64 {
    a + b
}

/// Element-wise `a - b`, with broadcasting.
#[primitive(dy => dy, dy => -dy)]
pub fn sub(a: f64, b: f64) -> f64 {
    a - b
}

/// Element-wise `a * b`, with broadcasting.
#[primitive(dy => dy * b, dy => dy * a)]
pub fn mul(a: f64, b: f64) -> f64 {
    a * b
}

/// Element-wise `a / b`, with broadcasting.
// `∂/∂b = -a/b² = -y/b`: with the output, `b²` is never formed, so it neither overflows
// (|b| > 1e154) nor underflows (|b| < 1e-154) where the quotient itself is fine.
#[primitive(dy => dy / b, dy => -dy * (y / b), domain = 0.5..2.0)]
pub fn div(a: f64, b: f64) -> f64 {
    a / b
}

/// Element-wise `-x`.
#[primitive(dy => -dy)]
pub fn neg(x: f64) -> f64 {
    -x
}

/// `x` repeated along new leading axes and along its length-1 axes to fill `shape`.
///
/// # Panics
/// If `x`'s shape does not broadcast to `shape`.
#[primitive(dy => dy.sum_to(x.shape()), check(x = [3], shape = &[2, 3]))]
pub fn broadcast_to(x: &Array, shape: &[usize]) -> Array {
    if let (0, Some(&value)) = (x.ndim(), x.first()) {
        // A scalar (the gradient of a sum or mean) fills the shape directly.
        return crate::tensor::filled_array(shape, value);
    }
    match x.broadcast(shape) {
        Some(view) => {
            let mut data = crate::buffers::with_capacity(view.len());
            data.extend(view.iter().copied());
            Array::from_shape_vec(shape, data).expect("length matches shape")
        }
        None => crate::Error::shape("broadcast_to", &[x.shape(), shape]).raise(),
    }
}

/// `x` summed over the axes that broadcasting to `x`'s shape would have added: the reverse
/// of [`broadcast_to`], used to un-broadcast gradients.
///
/// # Panics
/// If `shape` does not broadcast to `x`'s shape.
#[primitive(dy => dy.broadcast_to(x.shape()), check(x = [2, 3], shape = &[3]))]
pub fn sum_to(x: &Array, shape: &[usize]) -> Array {
    crate::elementwise::sum_to_array(x, shape)
}

impl Tensor {
    /// [`sum_to`] as a method; returns `self` unchanged when the shape already matches.
    #[track_caller]
    pub fn sum_to(&self, shape: &[usize]) -> Tensor {
        if self.shape() == shape {
            self.clone()
        } else {
            sum_to(self, shape)
        }
    }

    /// [`broadcast_to`] as a method; returns `self` unchanged when the shape already matches.
    #[track_caller]
    pub fn broadcast_to(&self, shape: &[usize]) -> Tensor {
        if self.shape() == shape {
            self.clone()
        } else {
            broadcast_to(self, shape)
        }
    }
}

/// Anything that can stand on the right of a tensor operator: tensors, parameters, and plain
/// numbers (which take the element type of the tensor they meet).
pub trait Operand {
    /// This operand as a tensor, with `like`'s element type if it is a plain number.
    fn into_operand(self, like: &Tensor) -> Tensor;
}

impl Operand for Tensor {
    fn into_operand(self, _: &Tensor) -> Tensor {
        self
    }
}

impl Operand for &Tensor {
    fn into_operand(self, _: &Tensor) -> Tensor {
        self.clone()
    }
}

impl Operand for Param {
    fn into_operand(self, _: &Tensor) -> Tensor {
        self.into()
    }
}

impl Operand for &Param {
    fn into_operand(self, _: &Tensor) -> Tensor {
        self.into()
    }
}

impl Operand for f64 {
    fn into_operand(self, like: &Tensor) -> Tensor {
        like.scalar_like(self)
    }
}

impl Operand for f32 {
    fn into_operand(self, like: &Tensor) -> Tensor {
        like.scalar_like(self as f64)
    }
}

macro_rules! binary_operator {
    ($Trait:ident, $method:ident, $primitive:ident) => {
        binary_operator!(@tensor $Trait, $method, $primitive, Tensor);
        binary_operator!(@tensor $Trait, $method, $primitive, &Tensor);
        binary_operator!(@tensor $Trait, $method, $primitive, Param);
        binary_operator!(@tensor $Trait, $method, $primitive, &Param);
        // Only `f64` on the left: with a second float type there, `(2.0 * &t).shape()` would
        // not infer. The number takes the tensor's element type either way.
        binary_operator!(@number $Trait, $method, $primitive, f64);
    };
    (@tensor $Trait:ident, $method:ident, $primitive:ident, $Lhs:ty) => {
        impl<R: Operand> $Trait<R> for $Lhs {
            type Output = Tensor;

            #[track_caller]
            fn $method(self, rhs: R) -> Tensor {
                let lhs: &Tensor = &self;
                let rhs = rhs.into_operand(lhs);
                $primitive(lhs, &rhs)
            }
        }
    };
    (@number $Trait:ident, $method:ident, $primitive:ident, $Number:ty) => {
        binary_operator!(@number_rhs $Trait, $method, $primitive, $Number, Tensor);
        binary_operator!(@number_rhs $Trait, $method, $primitive, $Number, &Tensor);
        binary_operator!(@number_rhs $Trait, $method, $primitive, $Number, Param);
        binary_operator!(@number_rhs $Trait, $method, $primitive, $Number, &Param);
    };
    (@number_rhs $Trait:ident, $method:ident, $primitive:ident, $Number:ty, $Rhs:ty) => {
        impl $Trait<$Rhs> for $Number {
            type Output = Tensor;

            #[track_caller]
            fn $method(self, rhs: $Rhs) -> Tensor {
                let rhs: &Tensor = &rhs;
                $primitive(&rhs.scalar_like(self as f64), rhs)
            }
        }
    };
}

binary_operator!(Add, add, add);
binary_operator!(Sub, sub, sub);
binary_operator!(Mul, mul, mul);
binary_operator!(Div, div, div);

macro_rules! negation {
    ($($T:ty),*) => {$(
        impl Neg for $T {
            type Output = Tensor;

            #[track_caller]
            fn neg(self) -> Tensor {
                neg(&self)
            }
        }
    )*};
}

negation!(Tensor, &Tensor, Param, &Param);
