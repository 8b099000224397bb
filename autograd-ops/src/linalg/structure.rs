//! Axes, diagonals and triangles: `permute_axes`, `trace`, `diag`, `diagm`, `tril`, `triu`.

use autograd_core::{Element, Error};
use autograd_macros::primitive;
use ndarray::{Array2, ArrayD, IxDyn};

use super::convert::{identity, matrix};
use crate::reduce::inverse_permutation;

/// The axes rearranged: axis `i` of the result is axis `axes[i]` of `x` (NumPy's
/// `transpose(x, axes)`, Julia's `permutedims`).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::permute_axes;
/// let x = Tensor::zeros(&[2, 3, 4], DType::F64);
/// assert_eq!(permute_axes(&x, &[2, 0, 1]).shape(), &[4, 2, 3]);
/// ```
///
/// # Panics
/// If `axes` is not a permutation of `0..x.ndim()`.
#[primitive(
    dy => permute_axes(dy, &inverse_permutation(axes)),
    check(x = [2, 3, 4], axes = &[2, 0, 1])
)]
pub fn permute_axes(x: &Array, axes: &[usize]) -> Array {
    let mut seen = vec![false; x.ndim()];
    let valid = axes.len() == x.ndim()
        && axes.iter().all(|&a| a < x.ndim() && !std::mem::replace(&mut seen[a], true));
    if !valid {
        Error::invalid(
            "permute_axes",
            format!("{axes:?} is not a permutation of the axes of shape {:?}", x.shape()),
        )
        .raise();
    }
    x.view().permuted_axes(axes).as_standard_layout().into_owned()
}

/// The sum of the diagonal of a matrix, as a 0-d tensor (for a non-square matrix, of its
/// `min(rows, cols)` diagonal elements).
///
/// # Panics
/// If `x` is not 2-d.
#[primitive(dy => dy * identity(x.shape(), x.dtype()), check(x = [3, 3]))]
pub fn trace(x: &Array) -> Array {
    Array::from_elem(IxDyn(&[]), matrix("trace", x).diag().sum())
}

/// The diagonal of a matrix as a vector, of length `min(rows, cols)`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::diag;
/// let x = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert_eq!(diag(&x).to_vec::<f64>(), vec![1.0, 5.0]);
/// ```
///
/// # Panics
/// If `x` is not 2-d.
#[primitive(dy => embed_diagonal(dy, x.shape()), check(x = [2, 3]))]
pub fn diag(x: &Array) -> Array {
    matrix("diag", x).diag().to_owned().into_dyn()
}

/// The square matrix with the vector `v` on its diagonal and zeros elsewhere (Julia's
/// `diagm(v)`).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::diagm;
/// let m = diagm(&Tensor::from(vec![1.0, 2.0]));
/// assert_eq!(m.to_vec::<f64>(), vec![1.0, 0.0, 0.0, 2.0]);
/// ```
///
/// # Panics
/// If `v` is not 1-d.
#[primitive(dy => diag(dy), check(v = [3]))]
pub fn diagm(v: &Array) -> Array {
    let n = v.len();
    embed_diagonal_array("diagm", v, &[n, n])
}

/// Zeros of the matrix shape `shape` with `v` on the diagonal: the gradient of [`diag`].
#[primitive(dy => diag(dy), check(v = [2], shape = &[2, 3]))]
fn embed_diagonal(v: &Array, shape: &[usize]) -> Array {
    embed_diagonal_array("embed_diagonal", v, shape)
}

fn embed_diagonal_array<E: Element>(op: &'static str, v: &ArrayD<E>, shape: &[usize]) -> ArrayD<E> {
    if v.ndim() != 1 || shape.len() != 2 || v.len() != shape[0].min(shape[1]) {
        Error::shape(op, &[v.shape(), shape]).raise();
    }
    let mut out = Array2::<E>::zeros((shape[0], shape[1]));
    out.diag_mut().assign(&v.view().into_dimensionality::<ndarray::Ix1>().expect("1-d"));
    out.into_dyn()
}

/// The lower triangle: the elements on and below the `k`-th diagonal (`k = 0` the main one,
/// `k > 0` above it, `k < 0` below), the others zero. Applies to the last two axes, so a
/// stack of matrices works too.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::tril;
/// let x = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(tril(&x, 0).to_vec::<f64>(), vec![1.0, 0.0, 3.0, 4.0]);
/// ```
///
/// # Panics
/// If `x` has fewer than two axes.
#[primitive(dy => tril(dy, k), check(x = [2, 3, 3], k = 0))]
pub fn tril(x: &Array, k: isize) -> Array {
    keep_triangle("tril", x, |i, j| j - i <= k)
}

/// The upper triangle: the elements on and above the `k`-th diagonal, the others zero (see
/// [`tril`]).
///
/// # Panics
/// If `x` has fewer than two axes.
#[primitive(dy => triu(dy, k), check(x = [3, 4], k = 1))]
pub fn triu(x: &Array, k: isize) -> Array {
    keep_triangle("triu", x, |i, j| j - i >= k)
}

fn keep_triangle<E: Element>(
    op: &'static str,
    x: &ArrayD<E>,
    keep: impl Fn(isize, isize) -> bool,
) -> ArrayD<E> {
    let nd = x.ndim();
    if nd < 2 {
        Error::invalid(op, format!("needs a matrix, got shape {:?}", x.shape())).raise();
    }
    let mut out = x.clone();
    for (index, v) in out.indexed_iter_mut() {
        if !keep(index[nd - 2] as isize, index[nd - 1] as isize) {
            *v = E::zero();
        }
    }
    out
}
