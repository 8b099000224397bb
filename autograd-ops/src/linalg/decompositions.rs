//! Decompositions: Cholesky, QR and the symmetric eigen-decomposition, computed in `f64` by
//! nalgebra.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{ArrayD, IxDyn};

use super::convert::{from_matrix, identity, matrix, square, to_matrix};
use super::factorizations::solve_triangular;
use super::structure::tril;
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
/// use autograd_core::*;
/// use autograd_ops::*;
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

/// The orthonormal factor `Q` (m × n, orthonormal columns) of the reduced QR decomposition
/// `a = Q R` of an m × n matrix with m ≥ n and full column rank, `R`'s diagonal made positive
/// so that the decomposition is unique. See [`qr_r`] for `R`. (Two primitives rather than one
/// with two outputs; each gradient rule calls the other.)
///
/// ```
/// use autograd_core::*;
/// use autograd_ops::*;
/// let a = Tensor::from_shape_vec(&[3, 2], vec![1.0, 2.0, 0.0, 1.0, 1.0, 0.0]);
/// let (q, r) = (qr_q(&a), qr_r(&a));
/// let back = matmul(&q, &r).to_vec::<f64>();
/// assert!(back.iter().zip(a.to_vec::<f64>()).all(|(x, y)| (x - y).abs() < 1e-12));
/// ```
///
/// # Panics
/// If `a` is not a matrix with at least as many rows as columns.
#[primitive(dy => qr_gradient(a, y, &qr_r(a), Some(dy), None), check(a = [3, 2]))]
pub fn qr_q(a: &Array) -> Array {
    from_matrix(&thin_qr("qr_q", a).0)
}

/// The upper-triangular factor `R` (n × n, positive diagonal) of the reduced QR decomposition
/// of an m × n matrix with m ≥ n and full column rank (see [`qr_q`]).
///
/// # Panics
/// If `a` is not a matrix with at least as many rows as columns.
#[primitive(dy => qr_gradient(a, &qr_q(a), y, None, Some(dy)), check(a = [4, 3]))]
pub fn qr_r(a: &Array) -> Array {
    from_matrix(&thin_qr("qr_r", a).1)
}

/// The reduced QR decomposition with a non-negative diagonal of `R`.
fn thin_qr<E: Element>(op: &'static str, a: &ArrayD<E>) -> (DMatrix<f64>, DMatrix<f64>) {
    let m = matrix(op, a);
    if m.nrows() < m.ncols() {
        Error::invalid(op, format!("needs at least as many rows as columns, got {:?}", a.shape()))
            .raise();
    }
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

/// The eigenvalues of a symmetric matrix, in increasing order. The input is symmetrized
/// first, `(a + aᵀ) / 2`; the gradient is `V diag(∂λ) Vᵀ`.
///
/// ```
/// use autograd_core::*;
/// use autograd_ops::*;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 1.0, 1.0, 2.0]);
/// let values = eigh_values(&a).to_vec::<f64>();
/// assert!((values[0] - 1.0).abs() < 1e-12 && (values[1] - 3.0).abs() < 1e-12);
/// ```
///
/// # Panics
/// If `a` is not square.
#[primitive(
    dy => {
        let v = eigh_vectors(a);
        (&v * &dy.reshape(&[1, dy.len()])).matmul(&v.t())
    },
    check(a = [3, 3])
)]
pub fn eigh_values(a: &Array) -> Array {
    let (values, _) = symmetric_eigen("eigh_values", a);
    ArrayD::from_shape_vec(IxDyn(&[values.len()]), values.into_iter().map(Elem::of).collect())
        .expect("one value per row")
}

/// The eigenvectors of a symmetric matrix, as the columns of an orthogonal matrix, in the
/// order of [`eigh_values`]; each is signed so that its largest component (by magnitude) is
/// positive. The input is symmetrized first. The gradient needs distinct eigenvalues.
///
/// # Panics
/// If `a` is not square.
#[primitive(
    dy => {
        // Ā = sym(V (F ∘ Vᵀ V̄) Vᵀ) with Fᵢⱼ = 1 / (λⱼ - λᵢ) off the diagonal, 0 on it.
        let values = eigh_values(a);
        let n = values.len();
        let eye = identity(&[n, n], a.dtype());
        let gaps = values.reshape(&[1, n]) - values.reshape(&[n, 1]);
        let f = (gaps + &eye).recip() * (1.0 - &eye);
        let s = y.matmul(&(f * y.t().matmul(dy))).matmul(&y.t());
        (&s + &s.t()) * 0.5
    },
    check(a = [3, 3])
)]
pub fn eigh_vectors(a: &Array) -> Array {
    let (_, vectors) = symmetric_eigen("eigh_vectors", a);
    from_matrix(&vectors)
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
