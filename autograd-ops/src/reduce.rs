//! Reductions.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::{primitive, zerograd};
use ndarray::{ArrayD, Axis, IxDyn, Slice};

use crate::kernels::rows;
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
fn sum_axes_of<E: autograd_core::Element>(
    x: &ndarray::ArrayD<E>,
    axes: &[usize],
) -> ndarray::ArrayD<E> {
    let mut axes = axes.to_vec();
    axes.sort_unstable_by(|a, b| b.cmp(a));
    axes.iter().fold(x.clone(), |acc, &axis| acc.sum_axis(Axis(axis)))
}

/// The axes, deduplicated.
///
/// # Panics
/// If an axis is out of range, naming the operation and the shape.
fn validated_axes(op: &'static str, shape: &[usize], axes: &[usize]) -> Vec<usize> {
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
fn kept_shape(op: &'static str, shape: &[usize], axes: &[usize]) -> Vec<usize> {
    let axes = validated_axes(op, shape, axes);
    shape.iter().enumerate().map(|(i, &n)| if axes.contains(&i) { 1 } else { n }).collect()
}

// ---------------------------------------------------------------------------------------------
// Products.

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

/// Running sums along `axis`: `yₖ = x₀ + … + xₖ`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::cumsum;
/// let y = cumsum(&Tensor::from(vec![1.0, 2.0, 3.0]), 0);
/// assert_eq!(y.to_vec::<f64>(), vec![1.0, 3.0, 6.0]);
/// ```
///
/// # Panics
/// If the axis is out of range.
#[primitive(dy => reverse_cumsum(dy, axis), check(x = [3, 4], axis = 1))]
pub fn cumsum(x: &Array, axis: usize) -> Array {
    check_axis("cumsum", x.shape(), axis);
    let mut out = x.clone();
    for mut lane in out.lanes_mut(Axis(axis)) {
        let mut acc = Elem::zero();
        for v in lane.iter_mut() {
            acc += *v;
            *v = acc;
        }
    }
    out
}

/// Running sums from the end: `yₖ = xₖ + … + xₙ₋₁`, the gradient of [`cumsum`].
#[primitive(dy => cumsum(dy, axis), check(x = [3, 4], axis = 0))]
fn reverse_cumsum(x: &Array, axis: usize) -> Array {
    check_axis("reverse_cumsum", x.shape(), axis);
    let mut out = x.clone();
    for mut lane in out.lanes_mut(Axis(axis)) {
        let mut acc = Elem::zero();
        for v in lane.iter_mut().rev() {
            acc += *v;
            *v = acc;
        }
    }
    out
}

/// Running products along `axis`: `yₖ = x₀ · … · xₖ`.
///
/// The gradient is computed without division, so it is exact when elements are zero.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::cumprod;
/// let x = Tensor::from(vec![2.0, 0.0, 3.0]);
/// assert_eq!(cumprod(&x, 0).to_vec::<f64>(), vec![2.0, 0.0, 0.0]);
/// // d(y₀ + y₁ + y₂)/dx₁ = x₀ + x₀x₂ = 8, although x₁ is 0.
/// let g = gradfun(|x: &Tensor| sum(&cumprod(x, 0)))(&x);
/// assert_eq!(g.to_vec::<f64>(), vec![1.0, 8.0, 0.0]);
/// ```
///
/// # Panics
/// If the axis is out of range.
#[primitive(
    // ∂/∂xₖ = (x₀ ⋯ xₖ₋₁) · Σᵢ≥ₖ dyᵢ · (xₖ₊₁ ⋯ xᵢ): the running product before k (the output
    // shifted by one) times a reverse linear recurrence sₖ = dyₖ + xₖ₊₁ · sₖ₊₁.
    dy => shift_along(y, axis, 1, 1.0)
        * linear_scan(&shift_along(x, axis, -1, 0.0), dy, axis, true),
    check(x = [3, 4], axis = 1)
)]
pub fn cumprod(x: &Array, axis: usize) -> Array {
    check_axis("cumprod", x.shape(), axis);
    let mut out = x.clone();
    for mut lane in out.lanes_mut(Axis(axis)) {
        let mut acc = Elem::one();
        for v in lane.iter_mut() {
            acc *= *v;
            *v = acc;
        }
    }
    out
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

/// `x` moved by `offset` positions along `axis` (towards higher indices if positive), the
/// vacated positions holding `fill`: `yₖ = xₖ₋ₒ`.
///
/// # Panics
/// If the axis is out of range.
#[primitive(
    dy => shift_along(dy, axis, -offset, 0.0),
    check(x = [2, 4], axis = 1, offset = 1, fill = 1.0)
)]
fn shift_along(x: &Array, axis: usize, offset: isize, fill: f64) -> Array {
    check_axis("shift_along", x.shape(), axis);
    let n = x.shape()[axis] as isize;
    let mut out = Array::from_elem(x.raw_dim(), Elem::of(fill));
    if offset.abs() < n {
        let (to, from) = if offset >= 0 {
            (Slice::from(offset..), Slice::from(..n - offset))
        } else {
            (Slice::from(..n + offset), Slice::from(-offset..))
        };
        out.slice_axis_mut(Axis(axis), to).assign(&x.slice_axis(Axis(axis), from));
    }
    out
}

/// The first-order linear recurrence `hₖ = bₖ + aₖ · hₖ₋₁` along `axis` (`h₋₁ = 0`), or from
/// the end, `hₖ = bₖ + aₖ · hₖ₊₁`, if `reverse`. Its gradient is the same recurrence run the
/// other way, which is what makes running products differentiable to any order without
/// division.
///
/// # Panics
/// If the shapes differ or the axis is out of range.
#[primitive(
    dy => scan_adjoint(a, dy, axis, reverse) * shift_along(y, axis, if reverse { -1 } else { 1 }, 0.0),
    dy => scan_adjoint(a, dy, axis, reverse),
    check(a = [2, 4], b = [2, 4], axis = 1, reverse = false)
)]
fn linear_scan(a: &Array, b: &Array, axis: usize, reverse: bool) -> Array {
    if a.shape() != b.shape() {
        Error::shape("linear_scan", &[a.shape(), b.shape()]).raise();
    }
    check_axis("linear_scan", a.shape(), axis);
    let mut out = b.clone();
    ndarray::Zip::from(out.lanes_mut(Axis(axis))).and(a.lanes(Axis(axis))).for_each(|mut h, a| {
        let n = h.len();
        let mut prev = Elem::zero();
        for i in 0..n {
            let k = if reverse { n - 1 - i } else { i };
            h[k] += a[k] * prev;
            prev = h[k];
        }
    });
    out
}

/// The adjoint of [`linear_scan`]: `λ` with `λₖ = dyₖ + aₖ₊₁ · λₖ₊₁` (mirrored if `reverse`).
fn scan_adjoint(a: &Tensor, dy: &Tensor, axis: usize, reverse: bool) -> Tensor {
    let offset = if reverse { 1 } else { -1 };
    linear_scan(&shift_along(a, axis, offset, 0.0), dy, axis, !reverse)
}

// ---------------------------------------------------------------------------------------------
// Extremes.

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
fn tie_weights(x: &Array, axes: &[usize], smallest: bool) -> Array {
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

// ---------------------------------------------------------------------------------------------
// Statistics.

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
fn nonzero_or_one(x: &Tensor) -> Tensor {
    x + is_zero(x)
}

/// 1 where `x` is 0, else 0. No gradient.
#[zerograd]
fn is_zero(x: f64) -> bool {
    x == 0.0
}

/// `log(Σ exp(x))` over all elements, as a 0-d tensor, computed without overflow (the
/// maximum is subtracted first); `-∞` for an empty tensor.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::logsumexp;
/// let y = logsumexp(&Tensor::from(vec![1000.0, 1000.0]));
/// assert!((y.item::<f64>() - (1000.0 + 2f64.ln())).abs() < 1e-12);
/// ```
#[primitive(dy => dy * (x - y).exp())]
pub fn logsumexp(x: &Array) -> Array {
    log_sum_exp("logsumexp", x, &all_axes(x.ndim()))
}

/// `log(Σ exp(x))` over `axes`, which are removed from the shape (see [`logsumexp`]).
///
/// # Panics
/// If an axis is out of range.
#[primitive(
    dy => {
        let kept = kept_shape("logsumexp_axes", x.shape(), axes);
        dy.reshape(&kept) * (x - y.reshape(&kept)).exp()
    },
    check(x = [2, 3, 4], axes = &[0, 2])
)]
pub fn logsumexp_axes(x: &Array, axes: &[usize]) -> Array {
    log_sum_exp("logsumexp_axes", x, axes)
}

fn log_sum_exp<E: Element>(op: &'static str, x: &ArrayD<E>, axes: &[usize]) -> ArrayD<E> {
    reduce_rows(op, x, axes, |row| {
        let m =
            row.iter()
                .copied()
                .fold(E::neg_infinity(), |a, v| if v > a || v.is_nan() { v } else { a });
        if !m.is_finite() {
            // All -∞ (or empty): -∞; any +∞: +∞; any NaN: NaN.
            return m;
        }
        m + row.iter().map(|&v| (v - m).exp()).sum::<E>().ln()
    })
}

// ---------------------------------------------------------------------------------------------
// Norms.

/// The `p`-norm of all elements seen as one vector, as a 0-d tensor: `(Σ |xᵢ|ᵖ)^(1/p)`;
/// `p = ∞` is the largest `|xᵢ|`, `p = -∞` the smallest, `p = 0` the number of non-zero
/// elements (Julia's `norm(x, p)`). Computed without overflow. The norm of an empty tensor is
/// 0.
///
/// Gradient: `sign(x) (|x| / ‖x‖)^(p-1)`; at `x = 0` it is 0 (the smallest subgradient, also
/// for `0 < p < 1`, where the formula would be `0 · ∞`), for `p = ±∞` ties split it equally,
/// for `p = 0` it is 0. Second derivatives are finite at zero elements too (the term that
/// diverges there for `p < 2`, `∂²/∂xᵢ²` at `xᵢ = 0`, is taken as 0).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::norm;
/// let x = Tensor::from(vec![3.0, -4.0]);
/// assert_eq!(norm(&x, 2.0).item::<f64>(), 5.0);
/// assert_eq!(norm(&x, 1.0).item::<f64>(), 7.0);
/// assert_eq!(norm(&x, f64::INFINITY).item::<f64>(), 4.0);
/// ```
///
/// # Panics
/// If `p` is NaN or negative and finite.
#[primitive(dy => norm_gradient(x, y, dy, &all_axes(x.ndim()), p), check(x = [2, 3], p = 3.0))]
pub fn norm(x: &Array, p: f64) -> Array {
    p_norm("norm", x, &all_axes(x.ndim()), p)
}

/// The `p`-norm over `axes`, which are removed from the shape (see [`norm`]).
///
/// # Panics
/// If an axis is out of range, or `p` is NaN or negative and finite.
#[primitive(dy => norm_gradient(x, y, dy, axes, p), check(x = [2, 3, 4], axes = &[1, 2], p = 2.0))]
pub fn norm_axes(x: &Array, axes: &[usize], p: f64) -> Array {
    p_norm("norm_axes", x, axes, p)
}

fn p_norm<E: Element>(op: &'static str, x: &ArrayD<E>, axes: &[usize], p: f64) -> ArrayD<E> {
    if p.is_nan() || (p < 0.0 && p.is_finite()) {
        Error::invalid(op, format!("p must be 0, positive or ±∞, got {p}")).raise();
    }
    reduce_rows(op, x, axes, |row| {
        // p = 2 on a contiguous row: one pass without scaling when the sum of squares neither
        // overflowed nor came near the subnormals (else the scaled path below).
        if let Some(s) = row.as_slice().filter(|_| p == 2.0) {
            let squares = rows::sum_of_squares(s);
            if squares.is_finite() && squares >= E::min_positive_value() / E::epsilon() {
                return squares.sqrt();
            }
        }
        let abs = row.iter().map(|v| v.abs());
        if p == f64::NEG_INFINITY {
            return abs.fold(E::infinity(), |a, v| if v < a || v.is_nan() { v } else { a });
        }
        if p == 0.0 {
            return E::of(row.iter().filter(|v| **v != E::zero()).count() as f64);
        }
        let largest = abs.fold(E::zero(), |a, v| if v > a || v.is_nan() { v } else { a });
        if p == f64::INFINITY || largest == E::zero() || !largest.is_finite() {
            return largest;
        }
        if p == 1.0 {
            return row.iter().map(|v| v.abs()).sum();
        }
        // Scaled by the largest magnitude so that neither overflows nor underflows.
        let scaled: E = if p == 2.0 {
            row.iter().map(|&v| (v / largest) * (v / largest)).sum()
        } else {
            row.iter().map(|&v| (v.abs() / largest).powf(E::of(p))).sum()
        };
        largest * scaled.powf(E::of(1.0 / p))
    })
}

/// The gradient of the `p`-norm over `axes` (see [`norm`]), written with recorded primitives.
fn norm_gradient(x: &Tensor, y: &Tensor, dy: &Tensor, axes: &[usize], p: f64) -> Tensor {
    let kept = kept_shape("norm", x.shape(), axes);
    let (dy, y) = (dy.reshape(&kept), y.reshape(&kept));
    if p == 0.0 {
        // The number of non-zero elements is locally constant.
        return Tensor::zeros(x.shape(), x.dtype());
    }
    let direction = if p == 1.0 {
        x.sign()
    } else if p == 2.0 {
        // x / ‖x‖, and 0 where the norm is 0 (x is 0 there too).
        x / nonzero_or_one(&y)
    } else if p.is_infinite() {
        x.sign() * tie_weights(&x.abs(), axes, p < 0.0)
    } else {
        // A zero element's base is made 1 (its sign then makes the term 0): `0^(p-1)` is ∞
        // for p < 1, and its derivative ∞ for p < 2, and either times the sign's 0 is NaN.
        let base = (x.abs() + is_zero(x)) / nonzero_or_one(&y);
        x.sign() * base.powf(p - 1.0)
    };
    dy * direction
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// `0, 1, …, ndim - 1`.
fn all_axes(ndim: usize) -> Vec<usize> {
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
fn check_axis(op: &'static str, shape: &[usize], axis: usize) {
    if axis >= shape.len() {
        Error::invalid(op, format!("axis {axis} is out of range for shape {shape:?}")).raise();
    }
}

/// `f` applied to each lane of the reduced `axes` (their elements in row-major order), the
/// results shaped like `x` without those axes.
fn reduce_rows<E: Element>(
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
