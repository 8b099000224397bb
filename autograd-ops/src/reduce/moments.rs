//! Moments: variance and standard deviation, over all elements or over axes.

use autograd_core::{Element, Tensor};
use autograd_macros::{primitive, zerograd};
use ndarray::ArrayD;

use super::axes::{all_axes, kept_shape, reduce_rows, validated_axes};
use super::sums::mean_axes;
use crate::TensorMath;

/// The variance of all elements, as a 0-d tensor: the mean squared deviation from the mean,
/// divided by `n - 1` instead of `n` if `corrected` (Bessel's correction, Julia's default).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::var;
/// let x = Tensor::from(vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(var(&x, false).item::<f64>(), 1.25);
/// assert!((var(&x, true).item::<f64>() - 5.0 / 3.0).abs() < 1e-15);
/// ```
#[primitive(
    dy => variance_gradient(x, dy, &all_axes(x.ndim()), corrected),
    check(x = [2, 3], corrected = true)
)]
pub fn var(x: &Array, corrected: bool) -> Array {
    variance("var", x, &all_axes(x.ndim()), corrected)
}

/// The variance over `axes`, which are removed from the shape (see [`var`]).
///
/// # Panics
/// If an axis is out of range.
#[primitive(
    dy => variance_gradient(x, dy, axes, corrected),
    check(x = [2, 3, 4], axes = &[0, 2], corrected = false)
)]
pub fn var_axes(x: &Array, axes: &[usize], corrected: bool) -> Array {
    variance("var_axes", x, axes, corrected)
}

/// The standard deviation of all elements, the square root of [`var`], as a 0-d tensor.
/// Where it is 0 (all elements equal) its gradient is taken to be 0.
///
/// (Named `std_dev` because a public item named `std` would make `std::…` paths ambiguous
/// in code that glob-imports the prelude.)
#[primitive(
    dy => variance_gradient(x, &(dy / (2.0 * nonzero_or_one(y))), &all_axes(x.ndim()), corrected),
    check(x = [2, 3], corrected = false)
)]
pub fn std_dev(x: &Array, corrected: bool) -> Array {
    variance("std_dev", x, &all_axes(x.ndim()), corrected).mapv(|v| v.sqrt())
}

/// The standard deviation over `axes`, which are removed from the shape (see [`std_dev`]).
///
/// # Panics
/// If an axis is out of range.
#[primitive(
    dy => variance_gradient(x, &(dy / (2.0 * nonzero_or_one(y))), axes, corrected),
    check(x = [2, 3, 4], axes = &[1], corrected = true)
)]
pub fn std_dev_axes(x: &Array, axes: &[usize], corrected: bool) -> Array {
    variance("std_dev_axes", x, axes, corrected).mapv(|v| v.sqrt())
}

fn variance<E: Element>(
    op: &'static str,
    x: &ArrayD<E>,
    axes: &[usize],
    corrected: bool,
) -> ArrayD<E> {
    let axes = validated_axes(op, x.shape(), axes);
    let n: usize = axes.iter().map(|&a| x.shape()[a]).product();
    let denominator = E::of(n as f64 - if corrected { 1.0 } else { 0.0 });
    reduce_rows(op, x, &axes, |row| {
        let mean = row.sum() / E::of(n as f64);
        row.iter().map(|&v| (v - mean) * (v - mean)).sum::<E>() / denominator
    })
}

/// The gradient of the variance over `axes` for the incoming gradient `dy` (shaped like the
/// variance): `dy · 2 (x - mean) / (n - c)`.
fn variance_gradient(x: &Tensor, dy: &Tensor, axes: &[usize], corrected: bool) -> Tensor {
    let kept = kept_shape("var", x.shape(), axes);
    let n: usize = validated_axes("var", x.shape(), axes).iter().map(|&a| x.shape()[a]).product();
    let denominator = n as f64 - if corrected { 1.0 } else { 0.0 };
    let centered = x - mean_axes(x, axes).reshape(&kept);
    dy.reshape(&kept) * centered * (2.0 / denominator)
}

/// `x` with its zeros replaced by ones (recorded: the replacement is a constant), for
/// dividing by a quantity that is 0 only where the numerator is.
pub(super) fn nonzero_or_one(x: &Tensor) -> Tensor {
    x + is_zero(x)
}

/// 1 where `x` is 0, else 0. No gradient.
#[zerograd]
pub(super) fn is_zero(x: f64) -> bool {
    x == 0.0
}
