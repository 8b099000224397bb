//! Indexing along an axis. Repeated indices add up in the gradient; the gradient of a lookup of
//! rows (axis 0) is row-sparse, so looking up a few rows of a large table (an embedding) does not
//! allocate a dense zero table per lookup.

use autograd_core::{Error, Tensor};
use autograd_macros::primitive;
use ndarray::Axis;

/// The entries of `x` at `indices` along `axis`, in that order (repeats allowed).
///
/// # Panics
/// If the axis or an index is out of range.
#[primitive(
    dy => index_gradient(dy, axis, indices, x.shape()),
    check(x = [4, 3], axis = 0, indices = &[2, 0, 2])
)]
pub fn index_select(x: &Array, axis: usize, indices: &[usize]) -> Array {
    check_indices("index_select", x.shape(), axis, indices);
    x.select(Axis(axis), indices)
}

/// Zeros of `shape` with the entries of `values` added at `indices` along `axis`: the reverse
/// (and the gradient) of [`index_select`].
///
/// # Panics
/// If the axis or an index is out of range, or `values` does not fit.
#[primitive(
    dy => index_select(dy, axis, indices),
    check(values = [3, 3], axis = 1, indices = &[1, 0, 1], shape = &[3, 2])
)]
pub fn index_add(values: &Array, axis: usize, indices: &[usize], shape: &[usize]) -> Array {
    check_indices("index_add", shape, axis, indices);
    let mut expected = shape.to_vec();
    expected[axis] = indices.len();
    if values.shape() != expected.as_slice() {
        panic!("{}", Error::shape("index_add", &[values.shape(), &expected]));
    }
    let mut out = Array::zeros(shape);
    for (k, &i) in indices.iter().enumerate() {
        let mut slot = out.index_axis_mut(Axis(axis), i);
        slot += &values.index_axis(Axis(axis), k);
    }
    out
}

/// The gradient of [`index_select`]: row-sparse for rows looked up outside nested
/// differentiation, else the recorded [`index_add`].
fn index_gradient(dy: &Tensor, axis: usize, indices: &[usize], shape: &[usize]) -> Tensor {
    if axis == 0 && !dy.is_tracked() {
        Tensor::sparse_rows(shape, indices.to_vec(), dy.clone())
    } else {
        index_add(dy, axis, indices, shape)
    }
}

fn check_indices(op: &'static str, shape: &[usize], axis: usize, indices: &[usize]) {
    if axis >= shape.len() {
        panic!(
            "{}",
            Error::invalid(op, format!("axis {axis} is out of range for shape {shape:?}"))
        );
    }
    if let Some(bad) = indices.iter().find(|&&i| i >= shape[axis]) {
        panic!(
            "{}",
            Error::invalid(
                op,
                format!("index {bad} is out of range for axis {axis} of shape {shape:?}")
            )
        );
    }
}
