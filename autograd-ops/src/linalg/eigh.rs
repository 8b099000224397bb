//! The symmetric eigen-decomposition, computed in `f64` by nalgebra, for a matrix or a stack
//! of them.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{ArrayD, ArrayView2, IxDyn};

use super::batch::{as_matrices, diag_embed, matrix_transpose, Stack};
use super::convert::{from_matrix, identity, to_matrix};
use crate::TensorMath;

/// The eigen-decomposition `a = V diag(λ) Vᵀ` of a symmetric matrix: the eigenvalues `λ` in
/// increasing order and the eigenvectors as the columns of an orthogonal `V`, each signed so
/// that its largest component (by magnitude) is positive. The input is symmetrized first,
/// `(a + aᵀ) / 2`. Computed once for both; the gradient is
/// `Ā = sym(V (diag(λ̄) + F ∘ Vᵀ V̄) Vᵀ)` with `Fᵢⱼ = 1 / (λⱼ − λᵢ)` off the diagonal, so the
/// eigenvectors' part needs distinct eigenvalues (the eigenvalues' part does not). A stack of
/// matrices `[..., n, n]` gives stacks of eigenvalues `[..., n]` and eigenvectors
/// `[..., n, n]`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::eigh;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 1.0, 1.0, 2.0]);
/// let (values, vectors) = eigh(&a);
/// let values = values.to_vec::<f64>();
/// assert!((values[0] - 1.0).abs() < 1e-12 && (values[1] - 3.0).abs() < 1e-12);
/// assert_eq!(vectors.shape(), &[2, 2]);
/// let stack = Tensor::from_shape_vec(&[3, 2, 2], [2.0, 1.0, 1.0, 2.0].repeat(3));
/// assert_eq!(eigh(&stack).0.shape(), &[3, 2]);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them.
#[primitive(
    (dvalues, dvectors) => eigh_gradient(values, vectors, dvalues, dvectors),
    check(a = [2, 3, 3])
)]
pub fn eigh(a: &Array) -> (Array, Array) {
    let stack = Stack::square("eigh", a);
    let n = stack.rows();
    let [values, vectors] = stack.map([&[n], &[n, n]], |_, m| {
        let (values, vectors) = symmetric_eigen(m);
        let values =
            ArrayD::from_shape_vec(IxDyn(&[n]), values.into_iter().map(Elem::of).collect())
                .expect("one value per row");
        [values, from_matrix(&vectors)]
    });
    (values, vectors)
}

/// The eigenvalues of a symmetric matrix, in increasing order: the first output of [`eigh`].
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::eigh_values;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 1.0, 1.0, 2.0]);
/// let values = eigh_values(&a).to_vec::<f64>();
/// assert!((values[0] - 1.0).abs() < 1e-12 && (values[1] - 3.0).abs() < 1e-12);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them.
#[track_caller]
pub fn eigh_values(a: &Tensor) -> Tensor {
    square_shape("eigh_values", a.shape());
    eigh(a).0
}

/// The eigenvectors of a symmetric matrix, as the columns of an orthogonal matrix: the second
/// output of [`eigh`].
///
/// # Panics
/// If `a` is not a square matrix or a stack of them.
#[track_caller]
pub fn eigh_vectors(a: &Tensor) -> Tensor {
    square_shape("eigh_vectors", a.shape());
    eigh(a).1
}

/// Raises, naming `op`, unless `shape` is a square matrix or a stack of them.
#[track_caller]
fn square_shape(op: &'static str, shape: &[usize]) {
    if !matches!(*shape, [.., rows, cols] if rows == cols) {
        Error::invalid(op, format!("needs a square matrix, got shape {shape:?}")).raise();
    }
}

/// The gradient of [`eigh`] for incoming gradients of the values and/or the vectors.
fn eigh_gradient(
    values: &Tensor,
    vectors: &Tensor,
    dvalues: Option<&Tensor>,
    dvectors: Option<&Tensor>,
) -> Tensor {
    let t = matrix_transpose;
    let mut inner = Tensor::zeros(vectors.shape(), values.dtype());
    if let Some(dvalues) = dvalues {
        inner = inner + diag_embed(dvalues);
    }
    if let Some(dvectors) = dvectors {
        let eye = identity(vectors.shape(), values.dtype());
        let gaps = as_matrices(values, false) - as_matrices(values, true);
        let f = (gaps + &eye).recip() * (1.0 - &eye);
        inner = inner + f * t(vectors).matmul(dvectors);
    }
    let s = vectors.matmul(&inner).matmul(&t(vectors));
    (&s + &t(&s)) * 0.5
}

/// Eigenvalues (increasing) and eigenvectors (columns, largest component positive) of the
/// symmetric part of `a`.
fn symmetric_eigen<E: Element>(a: ArrayView2<E>) -> (Vec<f64>, DMatrix<f64>) {
    let n = a.nrows();
    if n == 0 {
        // Nothing to decompose (nalgebra would panic with its own message).
        return (Vec::new(), DMatrix::zeros(0, 0));
    }
    let m = to_matrix(a);
    // NaN in, NaN out (nalgebra returns some finite numbers), and a bounded iteration.
    let nan = || (vec![f64::NAN; n], DMatrix::from_element(n, n, f64::NAN));
    if m.iter().any(|v| v.is_nan()) {
        return nan();
    }
    let symmetric = (&m + m.transpose()) * 0.5;
    let Some(eigen) = symmetric.try_symmetric_eigen(f64::EPSILON, 10_000) else {
        return nan();
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| eigen.eigenvalues[i].total_cmp(&eigen.eigenvalues[j]));
    let values = order.iter().map(|&i| eigen.eigenvalues[i]).collect();
    let vectors = DMatrix::from_fn(n, n, |row, col| {
        let column = eigen.eigenvectors.column(order[col]);
        let largest =
            column.iter().copied().fold(0.0f64, |a, v| if v.abs() > a.abs() { v } else { a });
        column[row] * if largest < 0.0 { -1.0 } else { 1.0 }
    });
    (values, vectors)
}
