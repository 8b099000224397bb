//! `logsumexp` and the `p`-norms, both computed without overflow.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use ndarray::ArrayD;

use super::axes::{all_axes, kept_shape, reduce_rows};
use super::extremes::tie_weights;
use super::moments::{is_zero, nonzero_or_one};
use crate::kernels::rows;
use crate::TensorMath;

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
