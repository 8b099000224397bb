//! The matrix functions built on the LU factorisation: `det` (and its gradient `cofactors`),
//! `logdet`, `slogdet`, `logabsdet`, `inv`. Each takes a matrix or a stack of them.

use autograd_core::Element;
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{Array2, ArrayD, ArrayView2, IxDyn};

use super::batch::{matrix_sums, matrix_transpose, per_matrix, Stack};
use super::convert::{from_matrix, to_matrix};
use super::lu::{norm_1, Lu};
use super::test_inputs::{symmetric_positive_definite, well_conditioned};
use crate::TensorMath;

/// The determinant of a square matrix (1 for a 0 × 0 one), from the same LU factorisation
/// with partial pivoting as [`inv`] and [`solve`](super::solve), the product of the pivots
/// formed without intermediate overflow or underflow. Its gradient is the cofactor matrix (the
/// transposed adjugate, `det(A) A⁻ᵀ` where `A` is invertible), which exists, and is returned,
/// at singular matrices too.
///
/// A stack of matrices `[..., n, n]` gives the stack of their determinants `[...]`.
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
/// // A stack of two matrices: two determinants.
/// let stack = Tensor::from_shape_vec(&[2, 2, 2], vec![2.0, 1.0, 1.0, 3.0, 1.0, 2.0, 2.0, 4.0]);
/// assert_eq!(det(&stack).shape(), &[2]);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them.
#[primitive(dy => per_matrix(dy) * cofactors(a), check(a = [2, 3, 3]), prepare = well_conditioned)]
pub fn det(a: &Array) -> Array {
    let [d] = Stack::square("det", a).map([&[]], |_, m| [scalar(Lu::new(m).det())]);
    d
}

/// A 0-d array.
fn scalar<E: Element>(value: E) -> ArrayD<E> {
    ArrayD::from_elem(IxDyn(&[]), value)
}

/// The cofactor matrix `adj(a)ᵀ` of a square matrix (`det(a) a⁻ᵀ` where `a` is invertible):
/// the gradient of [`det`]. From the singular value decomposition `a = U Σ Vᵀ` it is
/// `det(U) det(V) U adj(Σ) Vᵀ`, `adj(Σ)` holding the products of all singular values but
/// one, so no inverse is formed and singular matrices are no special case (rank n − 1 gives
/// a rank-one result, lower ranks zero). Computed in `f64`, per matrix of a stack.
#[primitive(
    // d adj(A)ᵀ = d(det A⁻ᵀ): Ā = ⟨Ḡ, C⟩ A⁻ᵀ − A⁻ᵀ Ḡᵀ C. Only where A is invertible, as the
    // second derivative of det needs.
    dy => {
        let inverse_t = matrix_transpose(&inverse_for(a, InverseFor::Det));
        matrix_sums(&(dy * y)) * &inverse_t
            - inverse_t.matmul(&matrix_transpose(dy)).matmul(y)
    },
    check(a = [2, 3, 3]),
    prepare = well_conditioned
)]
fn cofactors(a: &Array) -> Array {
    let stack = Stack::square("det", a);
    let n = stack.rows();
    let [c] = stack.map([&[n, n]], |_, m| [cofactor_matrix(m)]);
    c
}

fn cofactor_matrix<E: Element>(a: ArrayView2<E>) -> ArrayD<E> {
    let n = a.nrows();
    if n == 0 {
        return a.to_owned().into_dyn();
    }
    let nan = || ArrayD::from_elem(IxDyn(&[n, n]), E::nan());
    // Without convergence (a NaN entry) there are no cofactors to give.
    let Some(svd) = to_matrix(a).try_svd(true, true, f64::EPSILON, 10_000) else {
        return nan();
    };
    let (Some(u), Some(v_t)) = (svd.u, svd.v_t) else {
        return nan();
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
/// NaN if the determinant is negative (see [`logabsdet`]), `-∞` if it is 0. A stack of
/// matrices `[..., n, n]` gives one value per matrix, `[...]`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::logdet;
/// let stack = Tensor::from_shape_vec(&[2, 2, 2], vec![2.0, 0.0, 0.0, 2.0, 1.0, 0.0, 0.0, 1.0]);
/// let values = logdet(&stack).to_vec::<f64>();
/// assert!((values[0] - 4f64.ln()).abs() < 1e-12 && values[1] == 0.0);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them.
#[primitive(
    dy => per_matrix(dy) * matrix_transpose(&inverse_for(a, InverseFor::Logdet)),
    check(a = [2, 3, 3]),
    prepare = symmetric_positive_definite
)]
pub fn logdet(a: &Array) -> Array {
    let [d] = Stack::square("logdet", a).map([&[]], |_, m| {
        let (log_abs, sign) = Lu::new(m).log_abs_det();
        let value = if sign > 0.0 {
            log_abs
        } else if sign == 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::NAN
        };
        [scalar(Elem::of(value))]
    });
    d
}

/// The sign of the determinant (-1, 0 or 1) and `log |det(a)|`, both from one LU
/// factorisation, without overflow (NumPy's `slogdet`, Julia's `logabsdet` in the other
/// order). The sign has a zero gradient; that of `log |det|` is `a⁻ᵀ`. A stack of matrices
/// `[..., n, n]` gives a sign and a logarithm per matrix, each of shape `[...]`.
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
/// If `a` is not a square matrix or a stack of them; its gradient, if a matrix is singular to
/// working precision.
#[primitive(
    (dsign, dlogabsdet) => match dlogabsdet {
        Some(g) => per_matrix(g) * matrix_transpose(&inverse_for(a, InverseFor::Slogdet)),
        None => a.zeros_like(),
    },
    check(a = [2, 3, 3]),
    prepare = well_conditioned
)]
pub fn slogdet(a: &Array) -> (Array, Array) {
    let [sign, log_abs] = Stack::square("slogdet", a).map([&[], &[]], |_, m| {
        let (log_abs, sign) = Lu::new(m).log_abs_det();
        [scalar(Elem::of(sign)), scalar(Elem::of(log_abs))]
    });
    (sign, log_abs)
}

/// `log |det(a)|`, computed from the LU factors without overflow (Julia's
/// `first(logabsdet(a))`); see [`slogdet`] for the sign too. (A primitive of its own rather
/// than a function over `slogdet`, so that an error in its gradient names it.) A stack of
/// matrices `[..., n, n]` gives one value per matrix, `[...]`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::logabsdet;
/// let stack = Tensor::from_shape_vec(&[2, 1, 1], vec![-2.0, 3.0]);
/// let values = logabsdet(&stack).to_vec::<f64>();
/// assert!((values[0] - 2f64.ln()).abs() < 1e-12 && (values[1] - 3f64.ln()).abs() < 1e-12);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them; its gradient, if a matrix is singular to
/// working precision.
#[primitive(
    dy => per_matrix(dy) * matrix_transpose(&inverse_for(a, InverseFor::Logabsdet)),
    check(a = [2, 3, 3]),
    prepare = well_conditioned
)]
pub fn logabsdet(a: &Array) -> Array {
    let [d] = Stack::square("logabsdet", a)
        .map([&[]], |_, m| [scalar(Elem::of(Lu::new(m).log_abs_det().0))]);
    d
}

/// The inverse of a square matrix, from its LU factorisation with partial pivoting, in the
/// matrix's own element type. A matrix singular to working precision is an error: a zero
/// pivot, or a reciprocal condition number `1 / (‖a‖ ‖a⁻¹‖)` (in the worse of the 1- and
/// ∞-norms) below `n·ε`. The condition number does not depend on scale, so `1e±300 · I` is
/// as good as `I`. A matrix with a NaN or infinite entry is not checked: NaN in, NaN out.
///
/// A stack of matrices `[..., n, n]` gives the stack of their inverses; the error for a
/// singular one names its batch index.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::inv;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 0.0, 0.0, 4.0]);
/// assert_eq!(inv(&a).to_vec::<f64>(), vec![0.5, 0.0, 0.0, 0.25]);
/// let stack = Tensor::from_shape_vec(&[2, 1, 1], vec![2.0, 4.0]);
/// assert_eq!(inv(&stack).to_vec::<f64>(), vec![0.5, 0.25]);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them, or a matrix is singular to working
/// precision.
#[primitive(
    dy => -(matrix_transpose(y).matmul(dy).matmul(&matrix_transpose(y))),
    check(a = [2, 3, 3]),
    prepare = well_conditioned
)]
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
    dy => -(matrix_transpose(y).matmul(dy).matmul(&matrix_transpose(y))),
    check(a = [2, 3, 3], caller = InverseFor::Det),
    prepare = well_conditioned
)]
fn inverse_for(a: &Array, caller: InverseFor) -> Array {
    inverse(caller.op(), a)
}

/// The inverse by LU of each matrix, a matrix singular to working precision an error naming
/// `op`.
fn inverse<E: Element>(op: &'static str, a: &ArrayD<E>) -> ArrayD<E> {
    let stack = Stack::square(op, a);
    let n = stack.rows();
    let [x] = stack.map([&[n, n]], |i, m| [inverse_of(op, m, &stack.location(i))]);
    x
}

fn inverse_of<E: Element>(op: &'static str, m: ArrayView2<E>, location: &str) -> ArrayD<E> {
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
    lu.ensure_invertible(op, m, rcond, location);
    inverse.into_dyn()
}
