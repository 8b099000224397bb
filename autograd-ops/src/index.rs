//! Indexing along an axis. Repeated indices add up in the gradient; the gradient of a lookup of
//! rows (axis 0) is row-sparse, so looking up a few rows of a large table (an embedding) does not
//! allocate a dense zero table per lookup. Every gradient here is itself a recorded primitive
//! (`slice` ↔ `slice_add`, `gather` ↔ `scatter_add`, `masked_select` ↔ `masked_scatter`,
//! `index_select` ↔ `index_add`), so they differentiate again, to any order.

use std::ops::Range;

use autograd_core::{Error, Tensor};
use autograd_macros::primitive;
use ndarray::{Axis, IxDyn, Slice};

use crate::shape::{check_axis, unsqueeze};

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
    // Rows of a row-major array are contiguous: copy them whole (an embedding lookup), ~100×
    // faster than ndarray's element-wise `select` for many short rows.
    if let (0, Some(data)) = (axis, x.as_slice()) {
        let row = x.shape()[1..].iter().product::<usize>();
        let mut out = Vec::with_capacity(indices.len() * row);
        for &i in indices {
            out.extend_from_slice(&data[i * row..(i + 1) * row]);
        }
        let mut shape = x.shape().to_vec();
        shape[0] = indices.len();
        return Array::from_shape_vec(shape, out).expect("one row per index");
    }
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
        Error::shape("index_add", &[values.shape(), &expected]).raise();
    }
    let mut out = zeros("index_add", shape);
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
        Error::invalid(op, format!("axis {axis} is out of range for shape {shape:?}")).raise();
    }
    if let Some(bad) = indices.iter().find(|&&i| i >= shape[axis]) {
        Error::invalid(
            op,
            format!("index {bad} is out of range for axis {axis} of shape {shape:?}"),
        )
        .raise();
    }
}

/// The entry at `index` along `axis`, which is removed from the shape (Julia's `x[:, i]`).
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::index::select;
/// let x = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert_eq!(select(&x, 1, 2).to_vec::<f64>(), vec![3.0, 6.0]);
/// assert_eq!(select(&x, 0, 1).to_vec::<f64>(), vec![4.0, 5.0, 6.0]);
/// ```
///
/// # Panics
/// If the axis or the index is out of range, naming the shape.
#[primitive(
    dy => slice_gradient(&unsqueeze(dy, axis), axis, index..index + 1, 1, x.shape()),
    check(x = [3, 4], axis = 1, index = 2)
)]
pub fn select(x: &Array, axis: usize, index: usize) -> Array {
    check_indices("select", x.shape(), axis, &[index]);
    x.index_axis(Axis(axis), index).as_standard_layout().into_owned()
}

/// The entries at `range` along `axis`, every `step`-th one (Julia's `x[:, a:step:b]`, with
/// Rust's exclusive end): positions `range.start`, `range.start + step`, … below `range.end`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::index::slice;
/// let x = Tensor::from(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
/// assert_eq!(slice(&x, 0, 1..6, 2).to_vec::<f64>(), vec![1.0, 3.0, 5.0]);
/// assert_eq!(slice(&x, 0, 2..4, 1).to_vec::<f64>(), vec![2.0, 3.0]);
/// ```
///
/// # Panics
/// If the axis is out of range, the range does not fit the axis (`start > end` or
/// `end > length`), or `step` is 0; the message names the shape.
#[primitive(
    dy => slice_gradient(dy, axis, range.clone(), step, x.shape()),
    check(x = [3, 5], axis = 1, range = 0..5, step = 2)
)]
pub fn slice(x: &Array, axis: usize, range: Range<usize>, step: usize) -> Array {
    let slice = checked_slice("slice", x.shape(), axis, &range, step);
    x.slice_axis(Axis(axis), slice).as_standard_layout().into_owned()
}

/// The gradient of a slice (or a `select`). On the fused path (an untracked `dy`) along axis
/// 0 it is the rows the slice covers, as a row-sparse tensor: the gradients of the pieces of
/// one tensor (`unstack`, `split`, `chunk`) then accumulate into one buffer of rows, linear in
/// the number of pieces, instead of one dense zero tensor of the full shape per piece.
/// Otherwise it is the recorded [`slice_add`].
fn slice_gradient(
    dy: &Tensor,
    axis: usize,
    range: Range<usize>,
    step: usize,
    shape: &[usize],
) -> Tensor {
    if axis == 0 && !dy.is_tracked() {
        Tensor::sparse_rows(shape, range.step_by(step).collect(), dy.clone())
    } else {
        slice_add(dy, axis, range, step, shape)
    }
}

/// Zeros of `shape` with `values` added at `range` (every `step`-th position) along `axis`:
/// the reverse (and the gradient) of [`slice()`].
///
/// # Panics
/// As [`slice()`], or if `values` does not fit the slice, naming both shapes.
#[primitive(
    dy => slice(dy, axis, range.clone(), step),
    check(values = [3, 2], axis = 1, range = 1..5, step = 2, shape = &[3, 5])
)]
pub fn slice_add(
    values: &Array,
    axis: usize,
    range: Range<usize>,
    step: usize,
    shape: &[usize],
) -> Array {
    let slice = checked_slice("slice_add", shape, axis, &range, step);
    let mut expected = shape.to_vec();
    expected[axis] = range.len().div_ceil(step);
    if values.shape() != expected.as_slice() {
        Error::shape("slice_add", &[values.shape(), &expected]).raise();
    }
    let mut out = zeros("slice_add", shape);
    out.slice_axis_mut(Axis(axis), slice).assign(values);
    out
}

/// The entries of `x` where `mask` is true, in row-major order, as a 1-d tensor (Julia's
/// `x[mask]`). The mask is a constant, one flag per element of `x` in row-major order; from a
/// 0/1 tensor `m` (a comparison's result) it is
/// `m.to_vec::<f64>().iter().map(|&v| v != 0.0).collect::<Vec<bool>>()`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::index::masked_select;
/// let x = Tensor::from_shape_vec(&[2, 2], vec![1.0, -2.0, 3.0, -4.0]);
/// let positive: Vec<bool> = x.to_vec::<f64>().iter().map(|&v| v > 0.0).collect();
/// assert_eq!(masked_select(&x, &positive).to_vec::<f64>(), vec![1.0, 3.0]);
/// ```
///
/// # Panics
/// If the mask's length differs from the number of elements, naming the shape.
#[primitive(
    dy => masked_scatter(dy, mask, x.shape()),
    check(x = [2, 3], mask = &[true, false, true, true, false, false])
)]
pub fn masked_select(x: &Array, mask: &[bool]) -> Array {
    check_mask("masked_select", x.shape(), mask);
    let picked: Vec<Elem> = x.iter().zip(mask).filter(|(_, &keep)| keep).map(|(&v, _)| v).collect();
    Array::from_shape_vec(IxDyn(&[picked.len()]), picked)
        .unwrap_or_else(|_| unreachable!("a 1-d shape of the vector's length"))
}

/// Zeros of `shape` with the entries of the 1-d `values` placed, in row-major order, where
/// `mask` is true: the reverse (and the gradient) of [`masked_select`].
///
/// # Panics
/// If the mask's length differs from the number of elements of `shape`, or `values` is not
/// 1-d with one entry per true flag.
#[primitive(
    dy => masked_select(dy, mask),
    check(values = [3], mask = &[true, false, true, true, false, false], shape = &[2, 3])
)]
pub fn masked_scatter(values: &Array, mask: &[bool], shape: &[usize]) -> Array {
    check_mask("masked_scatter", shape, mask);
    let count = mask.iter().filter(|&&keep| keep).count();
    if values.shape() != [count] {
        Error::shape("masked_scatter", &[values.shape(), &[count]]).raise();
    }
    let mut out = zeros("masked_scatter", shape);
    for (slot, &v) in out.iter_mut().zip(mask).filter(|(_, &keep)| keep).map(|(s, _)| s).zip(values)
    {
        *slot = v;
    }
    out
}

/// Entries of `x` picked along `axis` separately at every position of the other axes (NumPy's
/// `take_along_axis`, PyTorch's `gather`). The result has `x`'s shape with `axis` of length
/// `k = indices.len() / (elements of x / x.shape()[axis])`, and `indices` lists, in its
/// row-major order, which entry of `axis` each output element takes. Repeats are allowed (their
/// gradients add up).
///
/// Picking one class per row, as a loss over labels does:
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::index::gather;
/// let scores = Tensor::from_shape_vec(&[2, 3], vec![0.1, 0.7, 0.2, 0.5, 0.3, 0.2]);
/// let picked = gather(&scores, 1, &[1, 0]);
/// assert_eq!(picked.shape(), &[2, 1]);
/// assert_eq!(picked.to_vec::<f64>(), vec![0.7, 0.5]);
/// ```
///
/// # Panics
/// If the axis or an index is out of range, or the number of indices does not fill whole
/// positions of the other axes; the message names the shape.
#[primitive(
    dy => scatter_add(dy, axis, indices, x.shape()),
    check(x = [3, 4], axis = 1, indices = &[3, 0, 1, 1, 2, 0])
)]
pub fn gather(x: &Array, axis: usize, indices: &[usize]) -> Array {
    let shape = gathered_shape("gather", x.shape(), axis, indices);
    // `indices` and `ndarray::indices` both run in row-major order.
    let picked = ndarray::indices(shape.as_slice()).into_iter().zip(indices).map(|(mut at, &i)| {
        at[axis] = i;
        x[&at]
    });
    Array::from_shape_vec(shape, picked.collect())
        .unwrap_or_else(|_| unreachable!("one element per index"))
}

/// Zeros of `shape` with each entry of `values` added along `axis` at the position `indices`
/// gives it (in row-major order; repeats add up): the reverse (and the gradient) of [`gather`].
///
/// # Panics
/// As [`gather`], or if `values` does not have the gathered shape, naming both shapes.
#[primitive(
    dy => gather(dy, axis, indices),
    check(values = [3, 2], axis = 1, indices = &[3, 0, 1, 1, 2, 0], shape = &[3, 4])
)]
pub fn scatter_add(values: &Array, axis: usize, indices: &[usize], shape: &[usize]) -> Array {
    let expected = gathered_shape("scatter_add", shape, axis, indices);
    if values.shape() != expected.as_slice() {
        Error::shape("scatter_add", &[values.shape(), &expected]).raise();
    }
    let mut out = zeros("scatter_add", shape);
    for ((mut at, &i), &v) in ndarray::indices(values.shape()).into_iter().zip(indices).zip(values)
    {
        at[axis] = i;
        out[&at] += v;
    }
    out
}

/// The shape [`gather`] produces from `shape`: `axis` holds as many entries as `indices`
/// gives each position of the other axes.
///
/// # Panics
/// If the axis or an index is out of range, or the indices do not fill whole positions.
fn gathered_shape(op: &'static str, shape: &[usize], axis: usize, indices: &[usize]) -> Vec<usize> {
    check_indices(op, shape, axis, indices);
    element_count(op, shape);
    let positions: usize =
        shape.iter().enumerate().filter(|&(a, _)| a != axis).map(|(_, &n)| n).product();
    let per_position = match positions {
        0 if indices.is_empty() => 0,
        0 => usize::MAX,
        _ if indices.len().is_multiple_of(positions) => indices.len() / positions,
        _ => usize::MAX,
    };
    if per_position == usize::MAX {
        Error::invalid(
            op,
            format!(
                "{} indices do not give each of the {positions} positions outside axis {axis} \
                     of shape {shape:?} the same number of entries",
                indices.len()
            ),
        )
        .raise();
    }
    let mut out = shape.to_vec();
    out[axis] = per_position;
    out
}

/// The `ndarray` slice of `range` by `step`, checked against `axis` of `shape`.
///
/// # Panics
/// If the axis is out of range, the range does not fit the axis, or `step` is 0.
fn checked_slice(
    op: &'static str,
    shape: &[usize],
    axis: usize,
    range: &Range<usize>,
    step: usize,
) -> Slice {
    check_axis(op, shape, axis);
    let problem = if step == 0 {
        Some("the step must be at least 1".to_string())
    } else if range.start > range.end {
        Some(format!("range {range:?} starts after it ends"))
    } else if range.end > shape[axis] {
        Some(format!("range {range:?} is out of range for axis {axis} of shape {shape:?}"))
    } else {
        None
    };
    if let Some(problem) = problem {
        Error::invalid(op, problem).raise();
    }
    Slice::new(range.start as isize, Some(range.end as isize), step as isize)
}

/// The number of elements of `shape`.
///
/// # Panics
/// If it overflows what an array can hold (`isize::MAX`), naming the operation and the shape.
pub(crate) fn element_count(op: &'static str, shape: &[usize]) -> usize {
    // ndarray's limit: the product of the non-zero lengths fits in an isize.
    let nonzero = shape.iter().filter(|&&n| n != 0).try_fold(1usize, |t, &n| t.checked_mul(n));
    if nonzero.is_none_or(|total| isize::try_from(total).is_err()) {
        Error::invalid(op, format!("shape {shape:?} has too many elements")).raise();
    }
    shape.iter().product()
}

/// Zeros of a shape given by the caller, its size checked first.
fn zeros<E: autograd_core::Element>(op: &'static str, shape: &[usize]) -> ndarray::ArrayD<E> {
    element_count(op, shape);
    ndarray::ArrayD::zeros(shape)
}

/// Panics unless `mask` has one flag per element of `shape`.
fn check_mask(op: &'static str, shape: &[usize], mask: &[bool]) {
    let elements = element_count(op, shape);
    if mask.len() != elements {
        Error::invalid(
            op,
            format!(
                "the mask has {} flags for the {elements} elements of shape {shape:?}",
                mask.len()
            ),
        )
        .raise();
    }
}
