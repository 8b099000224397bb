//! Softmax and log-softmax along any axis, and their gradients.
//!
//! Forward and first-order backward run as vectorized passes over the data in memory order,
//! whichever axis is reduced; the gradients are primitives of their own, whose gradients are
//! written with recorded primitives, so second derivatives work as before.

use std::any::Any;

use autograd_core::{map_arrays, Element, Error, Tensor};
use autograd_macros::primitive;
use ndarray::{ArrayD, Axis, IxDyn};

use crate::kernels::rows;
use crate::kernels::vmath::VectorMath;
use crate::{reduce, TensorMath};

/// `x - max(x)` along `axis` (a non-finite maximum is taken as 0, so rows of `-∞` stay `-∞`
/// rather than NaN), and `ln Σ exp` of that, kept as a length-1 axis.
fn shifted_and_log_sum_exp<E: Element>(x: &ArrayD<E>, axis: usize) -> (ArrayD<E>, ArrayD<E>) {
    let ax = Axis(axis);
    let max = x
        .fold_axis(ax, E::neg_infinity(), |&m, &v| if v > m { v } else { m })
        .mapv(|m| if m.is_finite() { m } else { E::zero() })
        .insert_axis(ax);
    let shifted = x - &max;
    let lse = shifted.mapv(|v| v.exp()).sum_axis(ax).mapv(|s| s.ln()).insert_axis(ax);
    (shifted, lse)
}

/// Softmax (or its logarithm) along `axis`, in vectorized passes: each lane's maximum (a
/// contiguous row's in eight lanes, or along another axis row by row, which reads the data in
/// memory order), the shifted exponentials (the vector `exp`) with their sums, and the
/// quotient (or `x − max − ln Σ`). `None` for an element type without the vector kernels.
fn softmax_of_rows<E: Element>(x: &ArrayD<E>, axis: usize, log: bool) -> Option<ArrayD<E>> {
    let fits = x.shape()[axis] > 0;
    fits.then(|| rows::with_kernels(x, SoftmaxRows { log, axis })).flatten()
}

struct SoftmaxRows {
    log: bool,
    axis: usize,
}

impl rows::WithKernels for SoftmaxRows {
    fn run<K: Element + VectorMath>(self, x: &ArrayD<K>) -> ArrayD<K> {
        let (op, ax) = (if self.log { "log_softmax" } else { "softmax" }, Axis(self.axis));
        // A non-finite maximum (a lane of -∞, or with +∞ or NaN) is taken as 0, as in
        // `shifted_and_log_sum_exp`.
        let finite = |m: K| if m.is_finite() { m } else { K::zero() };
        let max = if self.axis + 1 == x.ndim() && x.is_standard_layout() {
            let max = x.rows().into_iter().map(|row| {
                finite(rows::extreme::<K, false>(row.as_slice().expect("row-major rows")))
            });
            let mut kept = x.shape().to_vec();
            kept[self.axis] = 1;
            ArrayD::from_shape_vec(IxDyn(&kept), max.collect()).expect("one per row")
        } else {
            x.fold_axis(ax, K::neg_infinity(), |&m, &v| if v > m || v.is_nan() { v } else { m })
                .mapv(finite)
                .insert_axis(ax)
        };
        let e = map_arrays(op, [x, &max], |[v, m]| (v - m).vexp());
        let total = e.sum_axis(ax).insert_axis(ax);
        if self.log {
            let lse = total.mapv(|t| t.vln());
            map_arrays(op, [x, &max, &lse], |[v, m, l]| (v - m) - l)
        } else {
            map_arrays(op, [&e, &total], |[v, t]| v / t)
        }
    }
}

/// `shape` with `axis` of length 1: the shape a reduction along `axis` broadcasts back from.
///
/// # Panics
/// If `axis` is out of range, naming the operation and the shape.
fn kept_axis_shape(op: &'static str, shape: &[usize], axis: usize) -> Vec<usize> {
    if axis >= shape.len() {
        Error::invalid(op, format!("axis {axis} is out of range for shape {shape:?}")).raise();
    }
    let mut kept = shape.to_vec();
    kept[axis] = 1;
    kept
}

/// `exp(x) / Σ exp(x)` along `axis` (each lane sums to 1), computed stably by subtracting
/// the maximum first.
///
/// # Panics
/// If `axis` is out of range.
#[primitive(
    dy => softmax_gradient(y, dy, axis),
    check(x = [2, 3], axis = 1)
)]
pub fn softmax(x: &Array, axis: usize) -> Array {
    kept_axis_shape("softmax", x.shape(), axis);
    if let Some(y) = softmax_of_rows(x, axis, false) {
        return y;
    }
    let e = shifted_and_log_sum_exp(x, axis).0.mapv(|v| v.exp());
    let total = e.sum_axis(Axis(axis)).insert_axis(Axis(axis));
    e / &total
}

/// `x - ln Σ exp(x)` along `axis`: the logarithm of [`softmax`], computed stably (no overflow
/// for inputs of any size).
///
/// # Panics
/// If `axis` is out of range.
#[primitive(
    dy => log_softmax_gradient(y, dy, axis),
    check(x = [3, 4], axis = 0)
)]
pub fn log_softmax(x: &Array, axis: usize) -> Array {
    kept_axis_shape("log_softmax", x.shape(), axis);
    if let Some(y) = softmax_of_rows(x, axis, true) {
        return y;
    }
    let (shifted, lse) = shifted_and_log_sum_exp(x, axis);
    shifted - &lse
}

/// The gradient of [`softmax`] for the incoming gradient `g`, given its output `s`:
/// `s · (g − Σ g·s)` along `axis`, in three passes.
// With T = Σₖ gₖsₖ, ∂/∂sⱼ of Σᵢ dyᵢ sᵢ(gᵢ − T) is dyⱼ(gⱼ − T) − gⱼ Σᵢ dyᵢsᵢ; in g it is this
// same function of (s, dy).
#[primitive(
    dy => dy * (g - lane_sums(&(g * s), axis)) - g * lane_sums(&(dy * s), axis),
    dy => softmax_gradient(s, dy, axis),
    check(s = [3, 4], g = [3, 4], axis = 0)
)]
fn softmax_gradient(s: &Array, g: &Array, axis: usize) -> Array {
    kept_axis_shape("softmax", s.shape(), axis);
    let total = map_arrays("softmax", [g, s], |[g, s]| g * s).sum_axis(Axis(axis));
    map_arrays("softmax", [s, g, &total.insert_axis(Axis(axis))], |[s, g, t]| s * (g - t))
}

/// The gradient of [`log_softmax`] for the incoming gradient `g`, given its output `l`:
/// `g − exp(l) · Σ g` along `axis`, in two passes (the vector `exp`).
// ∂/∂lⱼ of Σᵢ dyᵢ(gᵢ − exp(lᵢ) Σₖgₖ) is −dyⱼ exp(lⱼ) Σₖgₖ; in gⱼ it is dyⱼ − Σᵢ dyᵢ exp(lᵢ).
#[primitive(
    dy => -(dy * l.exp() * lane_sums(g, axis)),
    dy => dy - lane_sums(&(dy * l.exp()), axis),
    check(l = [2, 3], g = [2, 3], axis = 1)
)]
fn log_softmax_gradient(l: &Array, g: &Array, axis: usize) -> Array {
    kept_axis_shape("log_softmax", l.shape(), axis);
    let total = g.sum_axis(Axis(axis)).insert_axis(Axis(axis));
    if let Some(out) = rows::with_kernels(l, LogSoftmaxGradient { g, total: &total }) {
        return out;
    }
    map_arrays("log_softmax", [g, l, &total], |[g, l, t]| g - l.exp() * t)
}

struct LogSoftmaxGradient<'a, E> {
    g: &'a ArrayD<E>,
    total: &'a ArrayD<E>,
}

impl<'a, E: Element> rows::WithKernels for LogSoftmaxGradient<'a, E> {
    fn run<K: Element + VectorMath>(self, l: &ArrayD<K>) -> ArrayD<K> {
        // `K` is `E`, known here to have the vector kernels.
        let same = |a: &'a ArrayD<E>| (a as &dyn Any).downcast_ref::<ArrayD<K>>();
        let (g, total) = (same(self.g).expect("one type"), same(self.total).expect("one type"));
        map_arrays("log_softmax", [g, l, total], |[g, l, t]| g - l.vexp() * t)
    }
}

/// Sums along `axis`, kept as a length-1 axis (recorded).
fn lane_sums(x: &Tensor, axis: usize) -> Tensor {
    reduce::sum_axes(x, &[axis]).reshape(&kept_axis_shape("softmax", x.shape(), axis))
}

#[cfg(test)]
mod tests {
    use autograd_core::DType;

    use super::*;

    /// A 3-d tensor of spread values (with a large one, so that the maximum matters) and the
    /// same shape in column-major order (a non-contiguous layout for the lanes), each as f64
    /// and f32.
    fn inputs() -> Vec<Tensor> {
        let mut v: Vec<f64> = (0..60).map(|i| ((i * 37) % 23) as f64 / 4.0 - 3.0).collect();
        v[7] = 80.0;
        let row_major = ArrayD::from_shape_vec(IxDyn(&[3, 4, 5]), v.clone()).unwrap();
        let column_major = ArrayD::from_shape_vec(IxDyn(&[5, 4, 3]), v).unwrap().reversed_axes();
        assert!(!column_major.is_standard_layout());
        [row_major, column_major]
            .into_iter()
            .flat_map(|a| [Tensor::from(a.mapv(|v| v as f32)), Tensor::from(a)])
            .collect()
    }

    /// `log_softmax` by the generic path, which needs no vector kernels.
    fn generic_log_softmax(x: &Tensor, axis: usize) -> Tensor {
        fn on<E: Element>(x: &ArrayD<E>, axis: usize) -> Tensor {
            let (shifted, lse) = shifted_and_log_sum_exp(x, axis);
            Tensor::from(shifted - &lse)
        }
        match x.dtype() {
            DType::F32 => on(&x.to_array::<f32>(), axis),
            _ => on(&x.to_array::<f64>(), axis),
        }
    }

    fn assert_close(a: &Tensor, b: &Tensor, tol: f64) {
        assert_eq!(a.shape(), b.shape());
        for (x, y) in a.to_vec::<f64>().iter().zip(b.to_vec::<f64>()) {
            assert!((x - y).abs() <= tol * y.abs().max(1.0), "{x} vs {y}");
        }
    }

    #[test]
    fn softmax_along_any_axis_matches_the_generic_path() {
        for x in inputs() {
            let tol = if x.dtype() == DType::F32 { 1e-6 } else { 1e-14 };
            for axis in 0..3 {
                let expected = generic_log_softmax(&x, axis);
                assert_close(&log_softmax(&x, axis), &expected, tol);
                assert_close(&softmax(&x, axis), &expected.exp(), tol);
            }
        }
    }

    #[test]
    fn softmax_gradients_match_the_recorded_formulas() {
        for x in inputs() {
            let tol = if x.dtype() == DType::F32 { 1e-6 } else { 1e-14 };
            let g = (&x * 0.3).sin();
            for axis in 0..3 {
                let s = softmax(&x, axis);
                let recorded = &s * (&g - lane_sums(&(&g * &s), axis));
                assert_close(&softmax_gradient(&s, &g, axis), &recorded, tol);
                let l = log_softmax(&x, axis);
                let recorded = &g - l.exp() * lane_sums(&g, axis);
                assert_close(&log_softmax_gradient(&l, &g, axis), &recorded, tol);
            }
        }
    }
}
