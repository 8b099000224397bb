//! Linear solves: `solve` (by LU, with its gradient `solve_transposed`) and
//! `solve_triangular`, for a matrix or a stack of them.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use ndarray::{ArrayD, ArrayView2, Axis, IxDyn};

use super::batch::{as_matrices, broadcast_batch, matrix_transpose, Stack};
use super::convert::{from_matrix, to_matrix};
use super::lu::Lu;
use super::products::outer;
use super::structure::{tril, triu};
use super::test_inputs::well_conditioned;
use crate::TensorMath;

/// The solution `x` of `a x = b` (Julia's `a \ b`) for a square matrix `a` and a vector or
/// matrix `b`, by LU decomposition with partial pivoting in the element type of the
/// arguments. Differentiable in both: `∂b = a⁻ᵀ ∂x`, `∂a = -∂b xᵀ`. A matrix singular to
/// working precision is an error, as for [`inv`](super::inv) (with the inverse's norm
/// estimated by Hager's and Higham's method, LAPACK's `xLACON`); the same test on the same
/// factors decides for the gradient's solves, so a solve that succeeds forward succeeds
/// backward.
///
/// Stacks follow `torch.linalg.solve`: `a` is `[..., n, n]`; `b` is a stack of vectors if it
/// is 1-d or has the shape of `a` without its last axis (`[..., n]`), and otherwise a stack of
/// `n × k` matrices `[..., n, k]`. The batch axes of `a` and `b` broadcast (NumPy's rules),
/// and `x` has the broadcast batch shape followed by `[n]` or `[n, k]`. (NumPy ≥ 2 takes `b`
/// as vectors only when it is 1-d: for `a` `[2, 3, 3]` and `b` `[2, 3]` it raises where this
/// solves two vector systems.)
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::solve;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![2.0, 1.0, 1.0, 3.0]);
/// let x = solve(&a, &Tensor::from(vec![3.0, 5.0]));
/// assert!((x.to_vec::<f64>()[0] - 0.8).abs() < 1e-12);
/// // Two systems at once: a stack of matrices and a stack of vectors.
/// let stack = Tensor::from_shape_vec(&[2, 2, 2], vec![2.0, 0.0, 0.0, 4.0, 1.0, 0.0, 0.0, 1.0]);
/// let b = Tensor::from_shape_vec(&[2, 2], vec![2.0, 4.0, 5.0, 6.0]);
/// assert_eq!(solve(&stack, &b).to_vec::<f64>(), vec![1.0, 1.0, 5.0, 6.0]);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them, `b` does not match it, or a matrix is
/// singular to working precision.
#[primitive(
    dy => (-times_transpose(&solve_transposed(a, dy), y, a)).sum_to(a.shape()),
    dy => solve_transposed(a, dy).sum_to(b.shape()),
    check(a = [2, 3, 3], b = [2, 3, 2]),
    prepare = well_conditioned
)]
pub fn solve(a: &Array, b: &Array) -> Array {
    lu_solve("solve", a, b, false)
}

/// The solution `x` of `aᵀ x = b`, from the factorisation of `a` itself: the gradient of
/// [`solve`], which therefore checks the very factors the forward pass checked.
#[primitive(
    dy => (-times_transpose(y, &solve(a, dy), a)).sum_to(a.shape()),
    dy => solve(a, dy).sum_to(b.shape()),
    check(a = [2, 3, 3], b = [2, 3, 2]),
    prepare = well_conditioned
)]
fn solve_transposed(a: &Array, b: &Array) -> Array {
    lu_solve("solve", a, b, true)
}

/// The right-hand sides of a solve for the square matrices `a`: `b` as a stack of matrices
/// (a vector as a column), the broadcast batch shape, and the shape of one solution.
struct RightHandSide<'a, E> {
    matrices: Stack<'a, E>,
    batch: Vec<usize>,
    solution: Vec<usize>,
}

impl<'a, E: Element> RightHandSide<'a, E> {
    fn new(op: &'static str, a: &ArrayD<E>, b: &'a ArrayD<E>) -> Self {
        let shape_error = || Error::shape(op, &[a.shape(), b.shape()]);
        let (nd, n) = (a.ndim(), a.shape()[a.ndim() - 1]);
        let vectors = b.ndim() == 1 || (b.ndim() + 1 == nd && b.shape() == &a.shape()[..nd - 1]);
        let (matrices, solution) = if vectors {
            let columns = b.view().insert_axis(Axis(b.ndim()));
            (Stack::from_view(columns), vec![b.shape()[b.ndim() - 1]])
        } else if b.ndim() >= 2 {
            (Stack::from_view(b.view()), b.shape()[b.ndim() - 2..].to_vec())
        } else {
            shape_error().raise()
        };
        if solution[0] != n {
            shape_error().raise();
        }
        let Some(batch) = broadcast_batch(&a.shape()[..nd - 2], matrices.batch()) else {
            shape_error().raise()
        };
        RightHandSide { matrices, batch, solution }
    }
}

/// `a x = b`, or `aᵀ x = b` if `transposed`, for every matrix of `a` (see [`solve`]).
fn lu_solve<E: Element>(
    op: &'static str,
    a: &ArrayD<E>,
    b: &ArrayD<E>,
    transposed: bool,
) -> ArrayD<E> {
    let stack = Stack::square(op, a);
    let rhs = RightHandSide::new(op, a, b);
    let (stack, b) = (stack.broadcast(&rhs.batch), rhs.matrices.broadcast(&rhs.batch));
    let [x] = stack.map([&rhs.solution], |i, m| {
        let lu = Lu::new(m);
        lu.ensure_invertible(op, m, lu.rcond_estimate(m), &stack.location(i));
        let rhs_i = b.get(i);
        let mut x: Vec<E> = rhs_i.iter().copied().collect();
        lu.solve_in_place(&mut x, rhs_i.ncols(), transposed);
        [ArrayD::from_shape_vec(IxDyn(&rhs.solution), x).expect("one solution's shape")]
    });
    x
}

/// The solution `x` of `a x = b` for a triangular `a`, by substitution: only the lower
/// triangle of `a` (with its diagonal) is read if `lower`, else only the upper one, and the
/// gradient with respect to `a` lies in that triangle. Stacks of matrices and right-hand
/// sides are taken as by [`solve`].
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::solve_triangular;
/// let l = Tensor::from_shape_vec(&[2, 2, 2], vec![2.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 4.0]);
/// let b = Tensor::from_shape_vec(&[2, 2], vec![2.0, 3.0, 1.0, 8.0]);
/// assert_eq!(solve_triangular(&l, &b, true).to_vec::<f64>(), vec![1.0, 2.0, 1.0, 2.0]);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them, `b` does not match it, or a diagonal
/// element is 0.
#[primitive(
    dy => {
        let a_t = matrix_transpose(a);
        let gradient = -times_transpose(&solve_triangular(&a_t, dy, !lower), y, a);
        let gradient = if lower { tril(&gradient, 0) } else { triu(&gradient, 0) };
        gradient.sum_to(a.shape())
    },
    dy => solve_triangular(&matrix_transpose(a), dy, !lower).sum_to(b.shape()),
    domain = 1.0..2.0,
    check(a = [2, 3, 3], b = [2, 3], lower = true)
)]
pub fn solve_triangular(a: &Array, b: &Array, lower: bool) -> Array {
    let op = "solve_triangular";
    let stack = Stack::square(op, a);
    let rhs = RightHandSide::new(op, a, b);
    let (stack, b) = (stack.broadcast(&rhs.batch), rhs.matrices.broadcast(&rhs.batch));
    let [x] = stack.map([&rhs.solution], |i, m| {
        [substitute(m, b.get(i), lower, &rhs.solution, &stack.location(i))]
    });
    x
}

/// `m x = b` for one triangular matrix, `x` of shape `solution`.
fn substitute<E: Element>(
    m: ArrayView2<E>,
    b: ArrayView2<E>,
    lower: bool,
    solution: &[usize],
    location: &str,
) -> ArrayD<E> {
    let (m, b) = (to_matrix(m), to_matrix(b));
    let x = if lower { m.solve_lower_triangular(&b) } else { m.solve_upper_triangular(&b) };
    match x {
        Some(x) => from_matrix(&x).into_shape_with_order(IxDyn(solution)).expect("b's shape"),
        None => Error::invalid(
            "solve_triangular",
            format!("singular matrix{location}: a diagonal element is 0"),
        )
        .raise(),
    }
}

/// `g xᵀ` for (stacks of) matrices, the outer product for (stacks of) vectors: the gradient
/// of the matrix `a` in `a x = b`. `x` is a stack of vectors exactly when it has fewer axes
/// than `a` (see [`solve`]).
fn times_transpose(g: &Tensor, x: &Tensor, a: &Tensor) -> Tensor {
    if x.ndim() == 1 {
        outer(g, x)
    } else if x.ndim() < a.ndim() {
        as_matrices(g, true) * as_matrices(x, false)
    } else {
        g.matmul(&matrix_transpose(x))
    }
}
