//! Running sums and products along an axis, and the linear recurrence (with its shift) that
//! makes running products differentiable to any order without division.

use autograd_core::{Error, Tensor};
use autograd_macros::primitive;
use ndarray::{Axis, Slice};

use super::axes::check_axis;

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

/// `x` moved by `offset` positions along `axis` (towards higher indices if positive), the
/// vacated positions holding `fill`: `yₖ = xₖ₋ₒ`.
///
/// # Panics
/// If the axis is out of range.
#[primitive(
    dy => shift_along(dy, axis, -offset, 0.0),
    check(x = [2, 4], axis = 1, offset = 1, fill = 1.0)
)]
pub(super) fn shift_along(x: &Array, axis: usize, offset: isize, fill: f64) -> Array {
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
pub(super) fn linear_scan(a: &Array, b: &Array, axis: usize, reverse: bool) -> Array {
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
