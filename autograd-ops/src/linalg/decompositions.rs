//! Decompositions: Cholesky, QR and the symmetric eigen-decomposition, computed in `f64` by
//! nalgebra.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{ArrayD, IxDyn};

use super::convert::{from_matrix, identity, square, to_matrix};
use super::factorizations::solve_triangular;
use super::structure::{diagm, tril};
use super::test_inputs::symmetric_positive_definite;
use crate::TensorMath;

/// The Cholesky factor: the lower-triangular `L` with a positive diagonal such that
/// `L Lᵀ = a`, for a symmetric positive definite `a`. As in JAX, the input is symmetrized
/// first, `(a + aᵀ) / 2`, so the function is defined (and its gradient exact) for every
/// matrix whose symmetric part is positive definite; the gradient is that of Iain Murray's
/// "Differentiation of the Cholesky decomposition" (2016), symmetrized, written with
/// recorded triangular solves so that it can itself be differentiated.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::cholesky;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![4.0, 2.0, 2.0, 5.0]);
/// let l = cholesky(&a);
/// assert_eq!(l.to_vec::<f64>(), vec![2.0, 0.0, 1.0, 2.0]);
/// ```
///
/// # Panics
/// If `a` is not square or its symmetric part is not positive definite.
#[primitive(
    dy => cholesky_gradient(y, dy),
    check(a = [3, 3]),
    prepare = symmetric_positive_definite
)]
pub fn cholesky(a: &Array) -> Array {
    square("cholesky", a);
    let m = to_matrix(a);
    let symmetric = (&m + m.transpose()) * 0.5;
    match symmetric.cholesky() {
        Some(factor) => from_matrix(&factor.l()),
        None => Error::invalid(
            "cholesky",
            format!("the {:?} matrix is not positive definite", a.shape()),
        )
        .raise(),
    }
}

/// `Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)`, where `Φ` keeps the lower triangle and halves the diagonal.
fn cholesky_gradient(l: &Tensor, dl: &Tensor) -> Tensor {
    let eye = identity(l.shape(), l.dtype());
    let p = l.t().matmul(dl);
    let phi = tril(&p, 0) - &p * &eye * 0.5;
    // L⁻ᵀ Φ, then (L⁻ᵀ (L⁻ᵀ Φ)ᵀ)ᵀ = L⁻ᵀ Φ L⁻¹.
    let left = solve_triangular(&l.t(), &phi, false);
    let s = solve_triangular(&l.t(), &left.t(), false).t();
    (&s + &s.t()) * 0.5
}

/// The reduced QR decomposition `a = Q R` of an m × n matrix with m ≥ n and full column
/// rank: `Q` (m × n) has orthonormal columns, `R` (n × n) is upper triangular with a positive
/// diagonal, which makes the decomposition unique. Computed once for both factors; the
/// gradient takes either or both incoming gradients (`Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ` with
/// `M = R R̄ᵀ − Q̄ᵀ Q`).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::{matmul, qr};
/// let a = Tensor::from_shape_vec(&[3, 2], vec![1.0, 2.0, 0.0, 1.0, 1.0, 0.0]);
/// let (q, r) = qr(&a);
/// let back = matmul(&q, &r).to_vec::<f64>();
/// assert!(back.iter().zip(a.to_vec::<f64>()).all(|(x, y)| (x - y).abs() < 1e-12));
/// ```
///
/// # Panics
/// If `a` is not a matrix with at least as many rows as columns.
#[primitive((dq, dr) => qr_gradient(a, q, r, dq, dr), check(a = [4, 3]))]
pub fn qr(a: &Array) -> (Array, Array) {
    let (q, r) = thin_qr("qr", a);
    (from_matrix(&q), from_matrix(&r))
}

/// The orthonormal factor `Q` of [`qr`].
///
/// # Panics
/// If `a` is not a matrix with at least as many rows as columns.
#[track_caller]
pub fn qr_q(a: &Tensor) -> Tensor {
    tall("qr_q", a.shape());
    qr(a).0
}

/// The upper-triangular factor `R` of [`qr`].
///
/// # Panics
/// If `a` is not a matrix with at least as many rows as columns.
#[track_caller]
pub fn qr_r(a: &Tensor) -> Tensor {
    tall("qr_r", a.shape());
    qr(a).1
}

/// Raises, naming `op`, unless `shape` is a matrix with at least as many rows as columns.
#[track_caller]
fn tall(op: &'static str, shape: &[usize]) {
    match *shape {
        [rows, cols] if rows >= cols => {}
        [_, _] => {
            Error::invalid(op, format!("needs at least as many rows as columns, got {shape:?}"))
                .raise()
        }
        _ => Error::invalid(op, format!("needs a matrix, got shape {shape:?}")).raise(),
    }
}

/// The LQ decomposition `a = L Q` of an m × n matrix with m ≤ n and full row rank: `L`
/// (m × m) is lower triangular with a positive diagonal, `Q` (m × n) has orthonormal rows.
/// It is the transpose of [`qr`] of `aᵀ`, computed once for both factors, and so is its
/// gradient.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::{lq, matmul};
/// let a = Tensor::from_shape_vec(&[2, 3], vec![1.0, 0.0, 1.0, 2.0, 1.0, 0.0]);
/// let (l, q) = lq(&a);
/// let back = matmul(&l, &q).to_vec::<f64>();
/// assert!(back.iter().zip(a.to_vec::<f64>()).all(|(x, y)| (x - y).abs() < 1e-12));
/// ```
///
/// # Panics
/// If `a` is not a matrix with at most as many rows as columns.
#[primitive((dl, dq) => lq_gradient(a, l, q, dl, dq), check(a = [3, 4]))]
pub fn lq(a: &Array) -> (Array, Array) {
    if !matches!(*a.shape(), [rows, cols] if rows <= cols) {
        Error::invalid(
            "lq",
            format!("needs a matrix with at most as many rows as columns, got {:?}", a.shape()),
        )
        .raise();
    }
    let (q, r) = thin_qr("lq", &a.t().to_owned());
    (from_matrix(&r.transpose()), from_matrix(&q.transpose()))
}

/// The gradient of [`lq`]: that of [`qr`] of `aᵀ`, transposed.
fn lq_gradient(
    a: &Tensor,
    l: &Tensor,
    q: &Tensor,
    dl: Option<&Tensor>,
    dq: Option<&Tensor>,
) -> Tensor {
    let (dl_t, dq_t) = (dl.map(Tensor::t), dq.map(Tensor::t));
    qr_gradient(&a.t(), &q.t(), &l.t(), dq_t.as_ref(), dl_t.as_ref()).t()
}

/// The reduced QR decomposition with a non-negative diagonal of `R`.
fn thin_qr<E: Element>(op: &'static str, a: &ArrayD<E>) -> (DMatrix<f64>, DMatrix<f64>) {
    tall(op, a.shape());
    let qr = to_matrix(a).qr();
    let (mut q, mut r) = (qr.q(), qr.r());
    for i in 0..r.nrows() {
        if r[(i, i)] < 0.0 {
            q.column_mut(i).neg_mut();
            r.row_mut(i).neg_mut();
        }
    }
    (q, r)
}

/// The gradient of the reduced QR decomposition (m ≥ n) for incoming gradients of `Q` and/or
/// `R`: `Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ` with `M = R R̄ᵀ - Q̄ᵀ Q` and `copyltu(M)` the symmetric
/// matrix with `M`'s lower triangle.
fn qr_gradient(
    a: &Tensor,
    q: &Tensor,
    r: &Tensor,
    dq: Option<&Tensor>,
    dr: Option<&Tensor>,
) -> Tensor {
    let n = r.shape()[0];
    let mut m = Tensor::zeros(&[n, n], a.dtype());
    if let Some(dr) = dr {
        m = m + r.matmul(&dr.t());
    }
    if let Some(dq) = dq {
        m = m - dq.t().matmul(q);
    }
    let lower = tril(&m, -1);
    let copyltu = &lower + &lower.t() + &m * &identity(&[n, n], a.dtype());
    let mut b = q.matmul(&copyltu);
    if let Some(dq) = dq {
        b = b + dq;
    }
    // B R⁻ᵀ = (R⁻¹ Bᵀ)ᵀ.
    solve_triangular(r, &b.t(), false).t()
}

/// The eigen-decomposition `a = V diag(λ) Vᵀ` of a symmetric matrix: the eigenvalues `λ` in
/// increasing order and the eigenvectors as the columns of an orthogonal `V`, each signed so
/// that its largest component (by magnitude) is positive. The input is symmetrized first,
/// `(a + aᵀ) / 2`. Computed once for both; the gradient is
/// `Ā = sym(V (diag(λ̄) + F ∘ Vᵀ V̄) Vᵀ)` with `Fᵢⱼ = 1 / (λⱼ − λᵢ)` off the diagonal, so the
/// eigenvectors' part needs distinct eigenvalues (the eigenvalues' part does not).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::eigh;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 1.0, 1.0, 2.0]);
/// let (values, vectors) = eigh(&a);
/// let values = values.to_vec::<f64>();
/// assert!((values[0] - 1.0).abs() < 1e-12 && (values[1] - 3.0).abs() < 1e-12);
/// assert_eq!(vectors.shape(), &[2, 2]);
/// ```
///
/// # Panics
/// If `a` is not square.
#[primitive((dvalues, dvectors) => eigh_gradient(values, vectors, dvalues, dvectors), check(a = [3, 3]))]
pub fn eigh(a: &Array) -> (Array, Array) {
    let (values, vectors) = symmetric_eigen("eigh", a);
    let values =
        ArrayD::from_shape_vec(IxDyn(&[values.len()]), values.into_iter().map(Elem::of).collect())
            .expect("one value per row");
    (values, from_matrix(&vectors))
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
/// If `a` is not square.
#[track_caller]
pub fn eigh_values(a: &Tensor) -> Tensor {
    square_shape("eigh_values", a.shape());
    eigh(a).0
}

/// The eigenvectors of a symmetric matrix, as the columns of an orthogonal matrix: the second
/// output of [`eigh`].
///
/// # Panics
/// If `a` is not square.
#[track_caller]
pub fn eigh_vectors(a: &Tensor) -> Tensor {
    square_shape("eigh_vectors", a.shape());
    eigh(a).1
}

/// Raises, naming `op`, unless `shape` is a square matrix.
#[track_caller]
fn square_shape(op: &'static str, shape: &[usize]) {
    if !matches!(*shape, [rows, cols] if rows == cols) {
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
    let n = values.len();
    let mut inner = Tensor::zeros(&[n, n], values.dtype());
    if let Some(dvalues) = dvalues {
        inner = inner + diagm(dvalues);
    }
    if let Some(dvectors) = dvectors {
        let eye = identity(&[n, n], values.dtype());
        let gaps = values.reshape(&[1, n]) - values.reshape(&[n, 1]);
        let f = (gaps + &eye).recip() * (1.0 - &eye);
        inner = inner + f * vectors.t().matmul(dvectors);
    }
    let s = vectors.matmul(&inner).matmul(&vectors.t());
    (&s + &s.t()) * 0.5
}

/// Eigenvalues (increasing) and eigenvectors (columns, largest component positive) of the
/// symmetric part of `a`.
fn symmetric_eigen<E: Element>(op: &'static str, a: &ArrayD<E>) -> (Vec<f64>, DMatrix<f64>) {
    let n = square(op, a).nrows();
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
