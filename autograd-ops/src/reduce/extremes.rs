//! Extremes: the largest and smallest elements (ties share the gradient) and their indices.

use autograd_core::{Element, Error};
use autograd_macros::{primitive, zerograd};
use ndarray::{ArrayD, Axis};

use super::axes::{all_axes, check_axis, kept_shape, reduce_rows, validated_axes};
use super::sums::sum_axes_of;
use crate::kernels::rows;
use crate::TensorMath;

/// The largest element, as a 0-d tensor (NaN if any element is NaN). Where several elements
/// tie for the maximum, the gradient is split equally among them. (A reduction, like NumPy's
/// `max` and Julia's `maximum`; the element-wise maximum of two tensors is `maximum`.)
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::max;
/// let g = gradfun(|x: &Tensor| max(x))(&Tensor::from(vec![3.0, 1.0, 3.0]));
/// assert_eq!(g.to_vec::<f64>(), vec![0.5, 0.0, 0.5]);
/// ```
///
/// # Panics
/// If the tensor is empty.
#[primitive(dy => dy.broadcast_to(x.shape()) * tie_weights(x, &all_axes(x.ndim()), false))]
pub fn max(x: &Array) -> Array {
    extreme("max", x, &all_axes(x.ndim()), false)
}

/// The largest element over `axes`, which are removed from the shape; ties split the
/// gradient equally, as in [`max`].
///
/// # Panics
/// If an axis is out of range or has length 0.
#[primitive(
    dy => dy.reshape(&kept_shape("max_axes", x.shape(), axes)).broadcast_to(x.shape())
        * tie_weights(x, axes, false),
    check(x = [2, 3, 4], axes = &[1])
)]
pub fn max_axes(x: &Array, axes: &[usize]) -> Array {
    extreme("max_axes", x, axes, false)
}

/// The smallest element, as a 0-d tensor (NaN if any element is NaN). Where several elements
/// tie for the minimum, the gradient is split equally among them. (A reduction; the
/// element-wise minimum of two tensors is `minimum`.)
///
/// # Panics
/// If the tensor is empty.
#[primitive(dy => dy.broadcast_to(x.shape()) * tie_weights(x, &all_axes(x.ndim()), true))]
pub fn min(x: &Array) -> Array {
    extreme("min", x, &all_axes(x.ndim()), true)
}

/// The smallest element over `axes`, which are removed from the shape; ties split the
/// gradient equally, as in [`min`].
///
/// # Panics
/// If an axis is out of range or has length 0.
#[primitive(
    dy => dy.reshape(&kept_shape("min_axes", x.shape(), axes)).broadcast_to(x.shape())
        * tie_weights(x, axes, true),
    check(x = [2, 3, 4], axes = &[0, 2])
)]
pub fn min_axes(x: &Array, axes: &[usize]) -> Array {
    extreme("min_axes", x, axes, true)
}

/// For each element, `1 / count` if it is one of the `count` elements that attain the
/// maximum (minimum if `smallest`) over `axes`, else 0: how an extreme shares its gradient.
#[zerograd(check(x = [2, 3, 4], axes = &[0, 2], smallest = false))]
pub(super) fn tie_weights(x: &Array, axes: &[usize], smallest: bool) -> Array {
    let kept = kept_shape("tie_weights", x.shape(), axes);
    if x.is_empty() {
        return Array::zeros(x.raw_dim());
    }
    let m = extreme("tie_weights", x, axes, smallest).into_shape_with_order(kept).expect("kept");
    let m = m.broadcast(x.raw_dim()).expect("kept shape broadcasts");
    let attains = |v: Elem, m: Elem| v == m || (v.is_nan() && m.is_nan());
    let mask = ndarray::Zip::from(x).and(&m).map_collect(|&v, &m| {
        if attains(v, m) {
            Elem::one()
        } else {
            Elem::zero()
        }
    });
    let count = sum_axes_of(&mask, &validated_axes("tie_weights", x.shape(), axes));
    let count = count.into_shape_with_order(kept_shape("tie_weights", x.shape(), axes));
    mask / &count.expect("kept shape")
}

/// The maximum (minimum if `smallest`) over `axes`, NaN-propagating.
fn extreme<E: Element>(
    op: &'static str,
    x: &ArrayD<E>,
    axes: &[usize],
    smallest: bool,
) -> ArrayD<E> {
    let axes = validated_axes(op, x.shape(), axes);
    if let Some(&a) = axes.iter().find(|&&a| x.shape()[a] == 0) {
        Error::invalid(
            op,
            format!("cannot reduce over axis {a} of length 0 (shape {:?})", x.shape()),
        )
        .raise();
    }
    reduce_rows(op, x, &axes, |row| {
        if let Some(s) = row.as_slice() {
            return if smallest {
                rows::extreme::<E, true>(s)
            } else {
                rows::extreme::<E, false>(s)
            };
        }
        row.iter().copied().fold(row[0], |acc, v| {
            let better = if smallest { v < acc } else { v > acc };
            if !acc.is_nan() && (v.is_nan() || better) {
                v
            } else {
                acc
            }
        })
    })
}

/// The flat (row-major) index of the largest element, as a 0-d float tensor; the first one
/// if several tie, and the first NaN if there is one. No gradient.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::argmax;
/// let x = Tensor::from_shape_vec(&[2, 2], vec![1.0, 5.0, 5.0, 2.0]);
/// assert_eq!(argmax(&x).item::<f64>(), 1.0);
/// ```
///
/// # Panics
/// If the tensor is empty.
#[zerograd]
pub fn argmax(x: &Array) -> Array {
    let flat = x.iter().copied().collect::<ndarray::Array1<Elem>>().into_dyn();
    arg_extreme("argmax", &flat, 0, false)
}

/// The index along `axis` of the largest element of each lane, as float tensor with `axis`
/// removed; the first one if several tie, the first NaN if there is one. No gradient.
///
/// # Panics
/// If the axis is out of range or has length 0.
#[zerograd(check(x = [3, 4], axis = 1))]
pub fn argmax_axis(x: &Array, axis: usize) -> Array {
    arg_extreme("argmax_axis", x, axis, false)
}

/// The flat (row-major) index of the smallest element, as a 0-d float tensor; the first one
/// if several tie, and the first NaN if there is one. No gradient.
///
/// # Panics
/// If the tensor is empty.
#[zerograd]
pub fn argmin(x: &Array) -> Array {
    let flat = x.iter().copied().collect::<ndarray::Array1<Elem>>().into_dyn();
    arg_extreme("argmin", &flat, 0, true)
}

/// The index along `axis` of the smallest element of each lane, as float tensor with `axis`
/// removed; the first one if several tie, the first NaN if there is one. No gradient.
///
/// # Panics
/// If the axis is out of range or has length 0.
#[zerograd(check(x = [3, 4], axis = 0))]
pub fn argmin_axis(x: &Array, axis: usize) -> Array {
    arg_extreme("argmin_axis", x, axis, true)
}

fn arg_extreme<E: Element>(
    op: &'static str,
    x: &ArrayD<E>,
    axis: usize,
    smallest: bool,
) -> ArrayD<E> {
    check_axis(op, x.shape(), axis);
    if x.shape()[axis] == 0 {
        Error::invalid(op, format!("cannot search an empty axis (shape {:?})", x.shape())).raise();
    }
    x.map_axis(Axis(axis), |lane| {
        let mut best = 0;
        for (i, &v) in lane.iter().enumerate() {
            let current = lane[best];
            if current.is_nan() {
                break;
            }
            if v.is_nan() || (smallest && v < current) || (!smallest && v > current) {
                best = i;
            }
        }
        E::of(best as f64)
    })
}
