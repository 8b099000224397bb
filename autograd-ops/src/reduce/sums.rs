//! Sums and means, over all elements or over axes.

use autograd_macros::primitive;
use ndarray::{Axis, IxDyn};

use super::axes::{kept_shape, validated_axes};
use crate::TensorMath;

/// The sum of all elements, as a 0-d tensor.
#[primitive(dy => dy.broadcast_to(x.shape()))]
pub fn sum(x: &Array) -> Array {
    Array::from_elem(IxDyn(&[]), x.sum())
}

/// The mean of all elements, as a 0-d tensor (NaN for an empty tensor).
#[primitive(dy => dy.broadcast_to(x.shape()) / x.len() as f64)]
pub fn mean(x: &Array) -> Array {
    Array::from_elem(IxDyn(&[]), x.mean().unwrap_or(Elem::nan()))
}

/// The sum over `axes`, which are removed from the shape.
///
/// # Panics
/// If an axis is out of range.
#[primitive(
    dy => dy.reshape(&kept_shape("sum_axes", x.shape(), axes)).broadcast_to(x.shape()),
    check(x = [2, 3, 4], axes = &[0, 2])
)]
pub fn sum_axes(x: &Array, axes: &[usize]) -> Array {
    sum_axes_of(x, &validated_axes("sum_axes", x.shape(), axes))
}

/// The mean over `axes`, which are removed from the shape.
///
/// # Panics
/// If an axis is out of range.
#[primitive(
    dy => dy.reshape(&kept_shape("mean_axes", x.shape(), axes)).broadcast_to(x.shape())
        * (y.len() as f64 / x.len() as f64),
    check(x = [2, 3, 4], axes = &[1])
)]
pub fn mean_axes(x: &Array, axes: &[usize]) -> Array {
    let axes = validated_axes("mean_axes", x.shape(), axes);
    let count: usize = axes.iter().map(|&a| x.shape()[a]).product();
    sum_axes_of(x, &axes).mapv(|v| v / Elem::of(count as f64))
}

/// Sums over `axes` (valid and deduplicated), highest first so the lower indices stay valid.
pub(super) fn sum_axes_of<E: autograd_core::Element>(
    x: &ndarray::ArrayD<E>,
    axes: &[usize],
) -> ndarray::ArrayD<E> {
    let mut axes = axes.to_vec();
    axes.sort_unstable_by(|a, b| b.cmp(a));
    axes.iter().fold(x.clone(), |acc, &axis| acc.sum_axis(Axis(axis)))
}
