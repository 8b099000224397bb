//! The axis bookkeeping every reduction shares: validating and deduplicating axes, the
//! kept shape a gradient broadcasts back from, and running a function over each reduced lane.

use autograd_core::{Element, Error};
use ndarray::{ArrayD, IxDyn};

/// The axes, deduplicated.
///
/// # Panics
/// If an axis is out of range, naming the operation and the shape.
pub(super) fn validated_axes(op: &'static str, shape: &[usize], axes: &[usize]) -> Vec<usize> {
    let mut out = axes.to_vec();
    out.sort_unstable();
    out.dedup();
    if let Some(&bad) = out.iter().find(|&&a| a >= shape.len()) {
        autograd_core::Error::invalid(
            op,
            format!("axis {bad} is out of range for shape {shape:?}"),
        )
        .raise();
    }
    out
}

/// `shape` with `axes` kept as length 1: the shape a reduction's gradient is reshaped to
/// before broadcasting back.
pub(super) fn kept_shape(op: &'static str, shape: &[usize], axes: &[usize]) -> Vec<usize> {
    let axes = validated_axes(op, shape, axes);
    shape.iter().enumerate().map(|(i, &n)| if axes.contains(&i) { 1 } else { n }).collect()
}

/// `0, 1, …, ndim - 1`.
pub(super) fn all_axes(ndim: usize) -> Vec<usize> {
    (0..ndim).collect()
}

/// The inverse of a permutation of axes.
pub(crate) fn inverse_permutation(order: &[usize]) -> Vec<usize> {
    let mut inverse = vec![0; order.len()];
    for (i, &a) in order.iter().enumerate() {
        inverse[a] = i;
    }
    inverse
}

/// # Panics
/// If `axis` is out of range for `shape`, naming the operation.
pub(super) fn check_axis(op: &'static str, shape: &[usize], axis: usize) {
    if axis >= shape.len() {
        Error::invalid(op, format!("axis {axis} is out of range for shape {shape:?}")).raise();
    }
}

/// `f` applied to each lane of the reduced `axes` (their elements in row-major order), the
/// results shaped like `x` without those axes.
pub(super) fn reduce_rows<E: Element>(
    op: &'static str,
    x: &ArrayD<E>,
    axes: &[usize],
    f: impl Fn(ndarray::ArrayView1<E>) -> E,
) -> ArrayD<E> {
    let axes = validated_axes(op, x.shape(), axes);
    let kept: Vec<usize> = (0..x.ndim()).filter(|a| !axes.contains(a)).collect();
    let order: Vec<usize> = kept.iter().chain(&axes).copied().collect();
    let out_shape: Vec<usize> = kept.iter().map(|&a| x.shape()[a]).collect();
    let inner: usize = axes.iter().map(|&a| x.shape()[a]).product();
    let outer: usize = out_shape.iter().product();
    // Reducing the trailing axes of a row-major array (the common case: all axes, or the last
    // one) reads the rows in place; any other order is copied into that layout first.
    let in_place = order.iter().enumerate().all(|(i, &a)| i == a) && x.is_standard_layout();
    let moved = if in_place {
        ndarray::CowArray::from(x.view())
    } else {
        ndarray::CowArray::from(x.view().permuted_axes(order).as_standard_layout().into_owned())
    };
    let rows = moved.into_shape_with_order((outer, inner)).expect("same number of elements");
    let values: Vec<E> = rows.outer_iter().map(f).collect();
    ArrayD::from_shape_vec(IxDyn(&out_shape), values).expect("one value per lane")
}
