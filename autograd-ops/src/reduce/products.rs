//! Products, over all elements or over axes, and their division-free gradient.

use autograd_core::Tensor;
use autograd_macros::primitive;
use ndarray::IxDyn;

use super::axes::{all_axes, inverse_permutation, kept_shape, reduce_rows, validated_axes};
use super::scans::{linear_scan, shift_along};
use crate::TensorMath;

/// The product of all elements, as a 0-d tensor (1 for an empty tensor).
///
/// Its gradient with respect to `xᵢ` is the product of the other elements, computed without
/// division (from running products on both sides), so it is exact when elements are zero:
/// with one zero only that element gets a gradient, with two or more none does.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::prod;
/// let g = gradfun(|x: &Tensor| prod(x))(&Tensor::from(vec![2.0, 0.0, 3.0]));
/// assert_eq!(g.to_vec::<f64>(), vec![0.0, 6.0, 0.0]);
/// ```
#[primitive(dy => dy.broadcast_to(x.shape()) * products_of_others(x, &all_axes(x.ndim())))]
pub fn prod(x: &Array) -> Array {
    Array::from_elem(IxDyn(&[]), x.product())
}

/// The product over `axes`, which are removed from the shape; zeros are handled exactly, as
/// in [`prod`].
///
/// # Panics
/// If an axis is out of range.
#[primitive(
    dy => dy.reshape(&kept_shape("prod_axes", x.shape(), axes)).broadcast_to(x.shape())
        * products_of_others(x, axes),
    check(x = [2, 3, 4], axes = &[0, 2])
)]
pub fn prod_axes(x: &Array, axes: &[usize]) -> Array {
    reduce_rows("prod_axes", x, axes, |row| row.product())
}

/// For each element, the product of the others in its lane of the reduced `axes`: the
/// gradient of a product, with recorded primitives and without division.
fn products_of_others(x: &Tensor, axes: &[usize]) -> Tensor {
    let axes = validated_axes("prod", x.shape(), axes);
    // Move the reduced axes last and flatten them into one, so the running products run
    // along a single axis.
    let kept: Vec<usize> = (0..x.ndim()).filter(|a| !axes.contains(a)).collect();
    let order: Vec<usize> = kept.iter().chain(&axes).copied().collect();
    let moved = crate::linalg::permute_axes(x, &order);
    let outer: Vec<usize> = kept.iter().map(|&a| x.shape()[a]).collect();
    let inner: usize = axes.iter().map(|&a| x.shape()[a]).product();
    let rows = moved.reshape(&[outer.iter().product(), inner]);
    let others = exclusive_cumprod(&rows, false) * exclusive_cumprod(&rows, true);
    let moved_shape: Vec<usize> = order.iter().map(|&a| x.shape()[a]).collect();
    crate::linalg::permute_axes(&others.reshape(&moved_shape), &inverse_permutation(&order))
}

/// Along axis 1 of a matrix, the product of the elements before each (after each if
/// `reverse`), 1 for the first: `hₖ = eₖ + xₖ₋₁ · hₖ₋₁` where `e` is 1 at the start.
fn exclusive_cumprod(x: &Tensor, reverse: bool) -> Tensor {
    let (rows, n) = (x.shape()[0], x.shape()[1]);
    let first = if reverse { n.saturating_sub(1) } else { 0 };
    let start: Vec<f64> = (0..rows * n).map(|i| if i % n == first { 1.0 } else { 0.0 }).collect();
    let start = Tensor::from_shape_vec(&[rows, n], start).to_dtype(x.dtype());
    let offset = if reverse { -1 } else { 1 };
    linear_scan(&shift_along(x, 1, offset, 0.0), &start, 1, reverse)
}
