//! The matrix functions built on the LU factorisation (`det`, `logdet`, `logabsdet`, `inv`,
//! `solve`) and triangular solves.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{Array2, ArrayD, IxDyn};

use super::convert::{from_matrix, square, to_f64, to_matrix};
use super::lu::{norm_1, Lu};
use super::products::outer;
use super::structure::{tril, triu};
use super::test_inputs::{symmetric_positive_definite, well_conditioned};
use crate::TensorMath;

/// The determinant of a square matrix (1 for a 0 × 0 one), from the same LU factorisation
/// with partial pivoting as [`inv`] and [`solve`], the product of the pivots formed without
/// intermediate overflow or underflow. Its gradient is the cofactor matrix (the transposed
/// adjugate, `det(A) A⁻ᵀ` where `A` is invertible), which exists, and is returned, at
/// singular matrices too.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::det;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 1.0, 1.0, 3.0]);
/// assert!((det(&a).item::<f64>() - 5.0).abs() < 1e-12);
/// // A singular matrix: determinant 0, gradient the cofactors [[4, -2], [-2, 1]].
/// let s = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 2.0, 4.0]);
/// assert_eq!(det(&s).item::<f64>(), 0.0);
/// let g = gradfun(det)(&s).to_vec::<f64>();
/// assert!(g.iter().zip([4.0, -2.0, -2.0, 1.0]).all(|(x, y)| (x - y).abs() < 1e-12));
/// ```
///
/// # Panics
/// If `a` is not a square matrix.
#[primitive(dy => dy * cofactors(a), check(a = [3, 3]), prepare = well_conditioned)]
pub fn det(a: &Array) -> Array {
    Array::from_elem(IxDyn(&[]), Lu::new(square("det", a)).det())
}

/// The cofactor matrix `adj(a)ᵀ` of a square matrix (`det(a) a⁻ᵀ` where `a` is invertible):
/// the gradient of [`det`]. From the singular value decomposition `a = U Σ Vᵀ` it is
/// `det(U) det(V) U adj(Σ) Vᵀ`, `adj(Σ)` holding the products of all singular values but
/// one, so no inverse is formed and singular matrices are no special case (rank n − 1 gives
/// a rank-one result, lower ranks zero). Computed in `f64`.
#[primitive(
    // d adj(A)ᵀ = d(det A⁻ᵀ): Ā = ⟨Ḡ, C⟩ A⁻ᵀ − A⁻ᵀ Ḡᵀ C. Only where A is invertible, as the
    // second derivative of det needs.
    dy => {
        let inverse_t = inverse_for(a, InverseFor::Det).t();
        (dy * y).sum() * &inverse_t - inverse_t.matmul(&dy.t()).matmul(y)
    },
    check(a = [3, 3]),
    prepare = well_conditioned
)]
fn cofactors(a: &Array) -> Array {
    let n = square("det", a).nrows();
    if n == 0 {
        return a.clone();
    }
    // Without convergence (a NaN entry) there are no cofactors to give.
    let Some(svd) = to_matrix(a).try_svd(true, true, f64::EPSILON, 10_000) else {
        return Array::from_elem(a.raw_dim(), Elem::nan());
    };
    let (Some(u), Some(v_t)) = (svd.u, svd.v_t) else {
        return Array::from_elem(a.raw_dim(), Elem::nan());
    };
    let sigma = svd.singular_values;
    // ∏_{j≠i} σⱼ from running products on both sides: no division by a zero σᵢ.
    let mut others = vec![1.0; n];
    let mut before = 1.0;
    for i in 0..n {
        others[i] = before;
        before *= sigma[i];
    }
    let mut after = 1.0;
    for i in (0..n).rev() {
        others[i] *= after;
        after *= sigma[i];
    }
    let sign = u.determinant().signum() * v_t.determinant().signum();
    let middle = DMatrix::from_diagonal(&nalgebra::DVector::from_vec(others));
    from_matrix(&((u * middle * v_t) * sign))
}

/// The natural logarithm of the determinant, computed from the LU factors without overflow;
/// NaN if the determinant is negative (see [`logabsdet`]), `-∞` if it is 0.
///
/// # Panics
/// If `a` is not a square matrix.
#[primitive(
    dy => dy * inverse_for(a, InverseFor::Logdet).t(),
    check(a = [3, 3]),
    prepare = symmetric_positive_definite
)]
pub fn logdet(a: &Array) -> Array {
    let (log_abs, sign) = Lu::new(square("logdet", a)).log_abs_det();
    let value = if sign > 0.0 {
        log_abs
    } else if sign == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    };
    Array::from_elem(IxDyn(&[]), Elem::of(value))
}

/// The sign of the determinant (-1, 0 or 1) and `log |det(a)|`, both from one LU
/// factorisation, without overflow (NumPy's `slogdet`, Julia's `logabsdet` in the other
/// order). The sign has a zero gradient; that of `log |det|` is `a⁻ᵀ`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::{logabsdet, slogdet};
/// use autograd::math::sign;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 3.0, 4.0]);
/// let (sign, logabsdet) = slogdet(&a);
/// assert_eq!(sign.item::<f64>(), -1.0);
/// assert!((logabsdet.item::<f64>() - 2f64.ln()).abs() < 1e-12);
/// ```
///
/// # Panics
/// If `a` is not a square matrix; its gradient, if `a` is singular to working precision.
#[primitive(
    (dsign, dlogabsdet) => match dlogabsdet {
        Some(g) => g * inverse_for(a, InverseFor::Slogdet).t(),
        None => a.zeros_like(),
    },
    check(a = [3, 3]),
    prepare = well_conditioned
)]
pub fn slogdet(a: &Array) -> (Array, Array) {
    let (log_abs, sign) = Lu::new(square("slogdet", a)).log_abs_det();
    (Array::from_elem(IxDyn(&[]), Elem::of(sign)), Array::from_elem(IxDyn(&[]), Elem::of(log_abs)))
}

/// `log |det(a)|`, computed from the LU factors without overflow (Julia's
/// `first(logabsdet(a))`); see [`slogdet`] for the sign too. (A primitive of its own rather
/// than a function over `slogdet`, so that an error in its gradient names it.)
///
/// # Panics
/// If `a` is not a square matrix; its gradient, if `a` is singular to working precision.
#[primitive(
    dy => dy * inverse_for(a, InverseFor::Logabsdet).t(),
    check(a = [3, 3]),
    prepare = well_conditioned
)]
pub fn logabsdet(a: &Array) -> Array {
    let (log_abs, _) = Lu::new(square("logabsdet", a)).log_abs_det();
    Array::from_elem(IxDyn(&[]), Elem::of(log_abs))
}

/// The inverse of a square matrix, from its LU factorisation with partial pivoting, in the
/// matrix's own element type. A matrix singular to working precision is an error: a zero
/// pivot, or a reciprocal condition number `1 / (‖a‖ ‖a⁻¹‖)` (in the worse of the 1- and
/// ∞-norms) below `n·ε`. The condition number does not depend on scale, so `1e±300 · I` is
/// as good as `I`. A matrix with a NaN or infinite entry is not checked: NaN in, NaN out.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::inv;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 0.0, 0.0, 4.0]);
/// assert_eq!(inv(&a).to_vec::<f64>(), vec![0.5, 0.0, 0.0, 0.25]);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or is singular to working precision.
#[primitive(dy => -(y.t().matmul(dy).matmul(&y.t())), check(a = [3, 3]), prepare = well_conditioned)]
pub fn inv(a: &Array) -> Array {
    inverse("inv", a)
}

/// The public function whose gradient needs an inverse, so that a singular matrix is an
/// error naming the function the user called rather than `inv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InverseFor {
    Det,
    Logdet,
    Logabsdet,
    Slogdet,
}

impl InverseFor {
    fn op(self) -> &'static str {
        match self {
            InverseFor::Det => "det",
            InverseFor::Logdet => "logdet",
            InverseFor::Logabsdet => "logabsdet",
            InverseFor::Slogdet => "slogdet",
        }
    }
}

/// [`inv`] inside the gradient of another function, named in its errors.
#[primitive(
    dy => -(y.t().matmul(dy).matmul(&y.t())),
    check(a = [3, 3], caller = InverseFor::Det),
    prepare = well_conditioned
)]
fn inverse_for(a: &Array, caller: InverseFor) -> Array {
    inverse(caller.op(), a)
}

/// The inverse by LU, a matrix singular to working precision an error naming `op`.
fn inverse<E: Element>(op: &'static str, a: &ArrayD<E>) -> ArrayD<E> {
    let m = square(op, a);
    let n = m.nrows();
    let lu = Lu::new(m);
    let mut x = vec![E::zero(); n * n];
    for i in 0..n {
        x[i * n + i] = E::one();
    }
    lu.solve_in_place(&mut x, n, false);
    let inverse = Array2::from_shape_vec((n, n), x).expect("n × n");
    // With the inverse at hand, the condition number is exact rather than estimated.
    let rcond =
        (norm_1(m) * norm_1(inverse.view())).max(norm_1(m.t()) * norm_1(inverse.t())).recip();
    lu.ensure_invertible(op, m, rcond);
    inverse.into_dyn()
}

/// The solution `x` of `a x = b` (Julia's `a \ b`) for a square matrix `a` and a vector or
/// matrix `b`, by LU decomposition with partial pivoting in the element type of the
/// arguments. Differentiable in both: `∂b = a⁻ᵀ ∂x`, `∂a = -∂b xᵀ`. A matrix singular to
/// working precision is an error, as for [`inv`] (with the inverse's norm estimated by
/// Hager's and Higham's method, LAPACK's `xLACON`); the same test on the same factors decides
/// for the gradient's solves, so a solve that succeeds forward succeeds backward.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::solve;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 1.0, 1.0, 3.0]);
/// let x = solve(&a, &Tensor::from(vec![3.0, 5.0]));
/// assert!((x.to_vec::<f64>()[0] - 0.8).abs() < 1e-12);
/// ```
///
/// # Panics
/// If `a` is not square, `b`'s first axis does not match, or `a` is singular to working
/// precision.
#[primitive(
    dy => -times_transpose(&solve_transposed(a, dy), y),
    dy => solve_transposed(a, dy),
    check(a = [3, 3], b = [3, 2]),
    prepare = well_conditioned
)]
pub fn solve(a: &Array, b: &Array) -> Array {
    lu_solve("solve", a, b, false)
}

/// The solution `x` of `aᵀ x = b`, from the factorisation of `a` itself: the gradient of
/// [`solve`], which therefore checks the very factors the forward pass checked.
#[primitive(
    dy => -times_transpose(y, &solve(a, dy)),
    dy => solve(a, dy),
    check(a = [3, 3], b = [3, 2]),
    prepare = well_conditioned
)]
fn solve_transposed(a: &Array, b: &Array) -> Array {
    lu_solve("solve", a, b, true)
}

/// `a x = b`, or `aᵀ x = b` if `transposed`, for a vector or matrix `b`.
fn lu_solve<E: Element>(
    op: &'static str,
    a: &ArrayD<E>,
    b: &ArrayD<E>,
    transposed: bool,
) -> ArrayD<E> {
    let m = square(op, a);
    let n = m.nrows();
    let columns = match *b.shape() {
        [rows] if rows == n => 1,
        [rows, k] if rows == n => k,
        _ => Error::shape(op, &[a.shape(), b.shape()]).raise(),
    };
    let lu = Lu::new(m);
    lu.ensure_invertible(op, m, lu.rcond_estimate(m));
    let mut x: Vec<E> = b.iter().copied().collect();
    lu.solve_in_place(&mut x, columns, transposed);
    ArrayD::from_shape_vec(b.raw_dim(), x).expect("b's shape")
}

/// The solution `x` of `a x = b` for a triangular `a`, by substitution: only the lower
/// triangle of `a` (with its diagonal) is read if `lower`, else only the upper one, and the
/// gradient with respect to `a` lies in that triangle.
///
/// # Panics
/// If `a` is not square, `b`'s first axis does not match, or a diagonal element is 0.
#[primitive(
    dy => {
        let gradient = -times_transpose(&solve_triangular(&a.t(), dy, !lower), y);
        if lower { tril(&gradient, 0) } else { triu(&gradient, 0) }
    },
    dy => solve_triangular(&a.t(), dy, !lower),
    domain = 1.0..2.0,
    check(a = [3, 3], b = [3], lower = true)
)]
pub fn solve_triangular(a: &Array, b: &Array, lower: bool) -> Array {
    let n = square("solve_triangular", a).nrows();
    let rhs = right_hand_side("solve_triangular", a, b, n);
    let a = to_matrix(a);
    let solution =
        if lower { a.solve_lower_triangular(&rhs) } else { a.solve_upper_triangular(&rhs) };
    match solution {
        Some(x) => from_matrix(&x).into_shape_with_order(b.raw_dim()).expect("b's shape"),
        None => {
            Error::invalid("solve_triangular", "singular matrix: a diagonal element is 0").raise()
        }
    }
}

/// `g xᵀ` for matrices, the outer product for vectors: the gradient of `a` in `a x = b`.
fn times_transpose(g: &Tensor, x: &Tensor) -> Tensor {
    if x.ndim() == 1 {
        outer(g, x)
    } else {
        g.matmul(&x.t())
    }
}

/// `b` as an n × k matrix (a vector as a column), checking it against `a`.
fn right_hand_side<E: Element>(
    op: &'static str,
    a: &ArrayD<E>,
    b: &ArrayD<E>,
    n: usize,
) -> DMatrix<f64> {
    match *b.shape() {
        [m] if m == n => DMatrix::from_fn(n, 1, |i, _| to_f64(b[[i]])),
        [m, _] if m == n => to_matrix(b),
        _ => Error::shape(op, &[a.shape(), b.shape()]).raise(),
    }
}
