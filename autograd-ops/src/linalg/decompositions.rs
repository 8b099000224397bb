//! Decompositions: Cholesky, QR and LQ, computed in `f64` by nalgebra, for a matrix or a
//! stack of them.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{ArrayD, ArrayView2};

use super::batch::{matrix_transpose, Stack};
use super::convert::{from_matrix, identity, to_matrix};
use super::solve::solve_triangular;
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
/// A stack of matrices `[..., n, n]` gives the stack of their factors; the error for one that
/// is not positive definite names its batch index.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::cholesky;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![4.0, 2.0, 2.0, 5.0]);
/// let l = cholesky(&a);
/// assert_eq!(l.to_vec::<f64>(), vec![2.0, 0.0, 1.0, 2.0]);
/// let stack = Tensor::from_shape_vec(&[2, 1, 1], vec![4.0, 9.0]);
/// assert_eq!(cholesky(&stack).to_vec::<f64>(), vec![2.0, 3.0]);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them, or the symmetric part of a matrix is not
/// positive definite.
#[primitive(
    dy => cholesky_gradient(y, dy),
    check(a = [2, 3, 3]),
    prepare = symmetric_positive_definite
)]
pub fn cholesky(a: &Array) -> Array {
    let stack = Stack::square("cholesky", a);
    let n = stack.rows();
    let [l] = stack.map([&[n, n]], |i, m| [cholesky_factor(m, &stack.location(i))]);
    l
}

fn cholesky_factor<E: Element>(a: ArrayView2<E>, location: &str) -> ArrayD<E> {
    let m = to_matrix(a);
    let symmetric = (&m + m.transpose()) * 0.5;
    match symmetric.cholesky() {
        Some(factor) => from_matrix(&factor.l()),
        None => Error::invalid(
            "cholesky",
            format!("the {:?} matrix{location} is not positive definite", a.shape()),
        )
        .raise(),
    }
}

/// `Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)`, where `Φ` keeps the lower triangle and halves the diagonal.
fn cholesky_gradient(l: &Tensor, dl: &Tensor) -> Tensor {
    let eye = identity(l.shape(), l.dtype());
    let l_t = matrix_transpose(l);
    let p = l_t.matmul(dl);
    let phi = tril(&p, 0) - &p * &eye * 0.5;
    // L⁻ᵀ Φ, then (L⁻ᵀ (L⁻ᵀ Φ)ᵀ)ᵀ = L⁻ᵀ Φ L⁻¹.
    let left = solve_triangular(&l_t, &phi, false);
    let s = matrix_transpose(&solve_triangular(&l_t, &matrix_transpose(&left), false));
    (&s + &matrix_transpose(&s)) * 0.5
}

/// The reduced QR decomposition `a = Q R` of an m × n matrix with m ≥ n and full column
/// rank: `Q` (m × n) has orthonormal columns, `R` (n × n) is upper triangular with a positive
/// diagonal, which makes the decomposition unique. Computed once for both factors; the
/// gradient takes either or both incoming gradients (`Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ` with
/// `M = R R̄ᵀ − Q̄ᵀ Q`). A stack of matrices `[..., m, n]` gives stacks of factors,
/// `[..., m, n]` and `[..., n, n]`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::{matmul, qr};
/// let a = Tensor::from_shape_vec(&[3, 2], vec![1.0, 2.0, 0.0, 1.0, 1.0, 0.0]);
/// let (q, r) = qr(&a);
/// let back = matmul(&q, &r).to_vec::<f64>();
/// assert!(back.iter().zip(a.to_vec::<f64>()).all(|(x, y)| (x - y).abs() < 1e-12));
/// let stack = Tensor::from_shape_vec(&[5, 3, 2], vec![1.0; 30]) + &a;
/// let (q, r) = qr(&stack);
/// assert_eq!((q.shape(), r.shape()), (&[5, 3, 2][..], &[5, 2, 2][..]));
/// ```
///
/// # Panics
/// If `a` is not a matrix with at least as many rows as columns, or a stack of them.
#[primitive((dq, dr) => qr_gradient(a, q, r, dq, dr), check(a = [2, 4, 3]))]
pub fn qr(a: &Array) -> (Array, Array) {
    tall("qr", a.shape());
    let stack = Stack::new("qr", a);
    let (m, n) = (stack.rows(), stack.cols());
    let [q, r] = stack.map([&[m, n], &[n, n]], |_, x| {
        let (q, r) = thin_qr(x);
        [from_matrix(&q), from_matrix(&r)]
    });
    (q, r)
}

/// The orthonormal factor `Q` of [`qr`] (of each matrix of a stack).
///
/// # Panics
/// If `a` is not a matrix with at least as many rows as columns, or a stack of them.
#[track_caller]
pub fn qr_q(a: &Tensor) -> Tensor {
    tall("qr_q", a.shape());
    qr(a).0
}

/// The upper-triangular factor `R` of [`qr`] (of each matrix of a stack).
///
/// # Panics
/// If `a` is not a matrix with at least as many rows as columns, or a stack of them.
#[track_caller]
pub fn qr_r(a: &Tensor) -> Tensor {
    tall("qr_r", a.shape());
    qr(a).1
}

/// Raises, naming `op`, unless `shape` is a matrix with at least as many rows as columns, or
/// a stack of them.
#[track_caller]
fn tall(op: &'static str, shape: &[usize]) {
    match *shape {
        [.., rows, cols] if rows >= cols => {}
        [_, _, ..] => {
            Error::invalid(op, format!("needs at least as many rows as columns, got {shape:?}"))
                .raise()
        }
        _ => Error::invalid(op, format!("needs a matrix, got shape {shape:?}")).raise(),
    }
}

/// The LQ decomposition `a = L Q` of an m × n matrix with m ≤ n and full row rank: `L`
/// (m × m) is lower triangular with a positive diagonal, `Q` (m × n) has orthonormal rows.
/// It is the transpose of [`qr`] of `aᵀ`, computed once for both factors, and so is its
/// gradient. A stack of matrices `[..., m, n]` gives stacks of factors, `[..., m, m]` and
/// `[..., m, n]`.
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
/// If `a` is not a matrix with at most as many rows as columns, or a stack of them.
#[primitive((dl, dq) => lq_gradient(a, l, q, dl, dq), check(a = [2, 3, 4]))]
pub fn lq(a: &Array) -> (Array, Array) {
    if !matches!(*a.shape(), [.., rows, cols] if rows <= cols) {
        Error::invalid(
            "lq",
            format!("needs a matrix with at most as many rows as columns, got {:?}", a.shape()),
        )
        .raise();
    }
    let stack = Stack::new("lq", a);
    let (m, n) = (stack.rows(), stack.cols());
    let [l, q] = stack.map([&[m, m], &[m, n]], |_, x| {
        let (q, r) = thin_qr(x.t());
        [from_matrix(&r.transpose()), from_matrix(&q.transpose())]
    });
    (l, q)
}

/// The gradient of [`lq`]: that of [`qr`] of `aᵀ`, transposed.
fn lq_gradient(
    a: &Tensor,
    l: &Tensor,
    q: &Tensor,
    dl: Option<&Tensor>,
    dq: Option<&Tensor>,
) -> Tensor {
    let t = matrix_transpose;
    let (dl_t, dq_t) = (dl.map(t), dq.map(t));
    t(&qr_gradient(&t(a), &t(q), &t(l), dq_t.as_ref(), dl_t.as_ref()))
}

/// The reduced QR decomposition with a non-negative diagonal of `R`, of a matrix with at
/// least as many rows as columns.
fn thin_qr<E: Element>(a: ArrayView2<E>) -> (DMatrix<f64>, DMatrix<f64>) {
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
/// matrix with `M`'s lower triangle; for stacks, per matrix.
fn qr_gradient(
    a: &Tensor,
    q: &Tensor,
    r: &Tensor,
    dq: Option<&Tensor>,
    dr: Option<&Tensor>,
) -> Tensor {
    let t = matrix_transpose;
    let mut m = Tensor::zeros(r.shape(), a.dtype());
    if let Some(dr) = dr {
        m = m + r.matmul(&t(dr));
    }
    if let Some(dq) = dq {
        m = m - t(dq).matmul(q);
    }
    let lower = tril(&m, -1);
    let copyltu = &lower + &t(&lower) + &m * &identity(r.shape(), a.dtype());
    let mut b = q.matmul(&copyltu);
    if let Some(dq) = dq {
        b = b + dq;
    }
    // B R⁻ᵀ = (R⁻¹ Bᵀ)ᵀ.
    t(&solve_triangular(r, &t(&b), false))
}
