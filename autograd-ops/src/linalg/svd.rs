//! The singular value decomposition, computed in `f64` by nalgebra, for a matrix or a stack
//! of them.

use autograd_core::{Element, Tensor};
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{ArrayD, ArrayView2, IxDyn};

use super::batch::{as_matrices, diag_embed, matrix_transpose, Stack};
use super::convert::{from_matrix, identity, to_matrix};
use crate::TensorMath;

/// The thin singular value decomposition `a = U diag(S) Vᵀ` of an m × n matrix, k = min(m, n):
/// `U` (m × k) and `V` (n × k) with orthonormal columns, the singular values `S` (k) in
/// decreasing order; each column of `V` is signed so that its largest component (by
/// magnitude) is positive, and `U`'s column with it. Computed once for all three. (NumPy's
/// `svd` returns `Vᵀ`; this returns `V`, as Julia's `svd` does.)
///
/// The gradient (J. Townsend, "Differentiating the singular value decomposition", 2016) is
/// `Ā = U [diag(S̄) + (F ∘ (UᵀŪ − ŪᵀU)) S + S (F ∘ (VᵀV̄ − V̄ᵀV))] Vᵀ
///    + (I − UUᵀ) Ū S⁻¹ Vᵀ + U S⁻¹ V̄ᵀ (I − VVᵀ)`, `Fᵢⱼ = 1 / (sⱼ² − sᵢ²)` off the diagonal,
/// written with recorded primitives; the singular vectors' part needs distinct, non-zero
/// singular values (the singular values' part does not).
///
/// A stack of matrices `[..., m, n]` gives stacks `[..., m, k]`, `[..., k]` and `[..., n, k]`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::{matmul, svd};
/// let a = Tensor::from_shape_vec(&[3, 2], vec![3.0, 0.0, 0.0, -2.0, 0.0, 0.0]);
/// let (u, s, v) = svd(&a);
/// assert_eq!(s.to_vec::<f64>(), vec![3.0, 2.0]);
/// let back = matmul(&(&u * &s), &v.t()).to_vec::<f64>();
/// assert!(back.iter().zip(a.to_vec::<f64>()).all(|(x, y)| (x - y).abs() < 1e-12));
/// let stack = Tensor::from_shape_vec(&[2, 3, 2], [3.0, 0.0, 0.0, -2.0, 0.0, 0.0].repeat(2));
/// assert_eq!(svd(&stack).1.to_vec::<f64>(), vec![3.0, 2.0, 3.0, 2.0]);
/// ```
///
/// # Panics
/// If `a` is not a matrix or a stack of them.
#[primitive((du, ds, dv) => svd_gradient(u, s, v, du, ds, dv), check(a = [2, 4, 3]))]
pub fn svd(a: &Array) -> (Array, Array, Array) {
    let stack = Stack::new("svd", a);
    let (rows, cols) = (stack.rows(), stack.cols());
    let k = rows.min(cols);
    stack.map([&[rows, k], &[k], &[cols, k]], |_, m| thin_svd(m)).into()
}

/// The thin SVD of one matrix, as [`svd`] orders and signs it.
fn thin_svd<E: Element>(a: ArrayView2<E>) -> [ArrayD<E>; 3] {
    let (rows, cols) = a.dim();
    let k = rows.min(cols);
    if k == 0 {
        return [
            ArrayD::zeros(IxDyn(&[rows, 0])),
            ArrayD::zeros(IxDyn(&[0])),
            ArrayD::zeros(IxDyn(&[cols, 0])),
        ];
    }
    let m = to_matrix(a);
    let nan = || {
        [
            ArrayD::from_elem(IxDyn(&[rows, k]), E::nan()),
            ArrayD::from_elem(IxDyn(&[k]), E::nan()),
            ArrayD::from_elem(IxDyn(&[cols, k]), E::nan()),
        ]
    };
    if m.iter().any(|x| !x.is_finite()) {
        return nan();
    }
    let Some(decomposition) = m.try_svd(true, true, f64::EPSILON, 10_000) else {
        return nan();
    };
    let (Some(u), Some(v_t)) = (decomposition.u, decomposition.v_t) else {
        return nan();
    };
    let values = decomposition.singular_values;
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&i, &j| values[j].total_cmp(&values[i]));
    let signs: Vec<f64> = order
        .iter()
        .map(|&i| {
            let row = v_t.row(i);
            let largest =
                row.iter().copied().fold(0.0f64, |a, x| if x.abs() > a.abs() { x } else { a });
            if largest < 0.0 {
                -1.0
            } else {
                1.0
            }
        })
        .collect();
    let u = DMatrix::from_fn(rows, k, |r, c| u[(r, order[c])] * signs[c]);
    let v = DMatrix::from_fn(cols, k, |r, c| v_t[(order[c], r)] * signs[c]);
    let s = ArrayD::from_shape_fn(IxDyn(&[k]), |i| E::of(values[order[i[0]]]));
    [from_matrix(&u), s, from_matrix(&v)]
}

/// The gradient of [`svd`] for any of the three incoming gradients (per matrix, for stacks).
fn svd_gradient(
    u: &Tensor,
    s: &Tensor,
    v: &Tensor,
    du: Option<&Tensor>,
    ds: Option<&Tensor>,
    dv: Option<&Tensor>,
) -> Tensor {
    let t = matrix_transpose;
    let k = s.shape()[s.ndim() - 1];
    let eye = identity(&[k, k], s.dtype());
    let (s_row, s_column) = (as_matrices(s, false), as_matrices(s, true));
    let squares = s * s;
    let gaps = as_matrices(&squares, false) - as_matrices(&squares, true);
    let f = (gaps + &eye).recip() * (1.0 - &eye);
    let square: Vec<usize> = s.shape().iter().copied().chain([k]).collect();
    let mut inner = Tensor::zeros(&square, s.dtype());
    if let Some(ds) = ds {
        inner = inner + diag_embed(ds);
    }
    let mut outside = u.zeros_like().matmul(&t(v));
    if let Some(du) = du {
        let j = t(u).matmul(du);
        inner = inner + (&f * (&j - &t(&j))) * &s_row;
        // (I − UUᵀ) Ū S⁻¹ Vᵀ.
        outside = outside + ((du - u.matmul(&j)) / &s_row).matmul(&t(v));
    }
    if let Some(dv) = dv {
        let j = t(v).matmul(dv);
        inner = inner + &s_column * (&f * (&j - &t(&j)));
        // U S⁻¹ V̄ᵀ (I − VVᵀ).
        outside = outside + u.matmul(&((t(dv) - t(&j).matmul(&t(v))) / &s_column));
    }
    u.matmul(&inner).matmul(&t(v)) + outside
}
