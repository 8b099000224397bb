//! Helpers the integration tests share (`mod common;` in each file that needs them): closeness
//! of numbers, the gradient of a one-argument function, and tensors from literals.
#![allow(dead_code)]

use autograd::prelude::*;

/// Anything that reads as a list of numbers: a number, a slice, an array, a `Vec`, a tensor.
pub trait Numbers {
    /// The numbers, in row-major order.
    fn numbers(&self) -> Vec<f64>;
}

impl Numbers for f64 {
    fn numbers(&self) -> Vec<f64> {
        vec![*self]
    }
}

impl Numbers for [f64] {
    fn numbers(&self) -> Vec<f64> {
        self.to_vec()
    }
}

impl<const N: usize> Numbers for [f64; N] {
    fn numbers(&self) -> Vec<f64> {
        self.to_vec()
    }
}

impl Numbers for Vec<f64> {
    fn numbers(&self) -> Vec<f64> {
        self.clone()
    }
}

impl Numbers for Tensor {
    fn numbers(&self) -> Vec<f64> {
        self.to_vec::<f64>()
    }
}

impl<T: Numbers + ?Sized> Numbers for &T {
    fn numbers(&self) -> Vec<f64> {
        (**self).numbers()
    }
}

/// Asserts `|got − expected| ≤ tol·(1 + |expected|)` element by element (absolute near zero,
/// relative for large numbers); infinities must be equal.
#[track_caller]
pub fn assert_close(got: impl Numbers, expected: impl Numbers, tol: f64) {
    compare(&got.numbers(), &expected.numbers(), |a, e| (a - e).abs() <= tol * (1.0 + e.abs()));
}

/// Asserts `|got − expected| ≤ rel·|expected|` element by element: relative at every scale
/// (for values near 1e±200); infinities must be equal.
#[track_caller]
pub fn assert_rel_close(got: impl Numbers, expected: impl Numbers, rel: f64) {
    compare(&got.numbers(), &expected.numbers(), |a, e| (a - e).abs() <= rel * e.abs().max(1e-300));
}

#[track_caller]
fn compare(got: &[f64], expected: &[f64], close: impl Fn(f64, f64) -> bool) {
    assert_eq!(got.len(), expected.len(), "{got:?} vs {expected:?}");
    for (i, (&a, &e)) in got.iter().zip(expected).enumerate() {
        let ok = if e.is_infinite() { a == e } else { close(a, e) };
        assert!(ok, "element {i}: {a:e} vs {e:e}\n{got:?}\nvs {expected:?}");
    }
}

/// The gradient of `f` at `x` (plain values: the fused first-order path).
pub fn gradient(f: impl Fn(&Tensor) -> Tensor, x: &Tensor) -> Tensor {
    let (_, grads) = value_and_gradients(|xs| f(&xs[0]), std::slice::from_ref(x));
    grads[0].clone()
}

/// A tensor of the given shape from a slice in row-major order.
pub fn tensor(shape: &[usize], data: &[f64]) -> Tensor {
    Tensor::from_shape_vec(shape, data.to_vec())
}
