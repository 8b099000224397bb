//! The singular value decomposition, computed in `f64` by nalgebra.

use autograd_core::Tensor;
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{ArrayD, IxDyn};

use super::convert::{from_matrix, identity, matrix, to_matrix};
use super::structure::diagm;
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
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::{matmul, svd};
/// let a = Tensor::from_shape_vec(&[3, 2], vec![3.0, 0.0, 0.0, -2.0, 0.0, 0.0]);
/// let (u, s, v) = svd(&a);
/// assert_eq!(s.to_vec::<f64>(), vec![3.0, 2.0]);
/// let back = matmul(&(&u * &s), &v.t()).to_vec::<f64>();
/// assert!(back.iter().zip(a.to_vec::<f64>()).all(|(x, y)| (x - y).abs() < 1e-12));
/// ```
///
/// # Panics
/// If `a` is not a matrix.
#[primitive((du, ds, dv) => svd_gradient(u, s, v, du, ds, dv), check(a = [4, 3]))]
pub fn svd(a: &Array) -> (Array, Array, Array) {
    let (rows, cols) = matrix("svd", a).dim();
    let k = rows.min(cols);
    if k == 0 {
        return (
            Array::zeros(IxDyn(&[rows, 0])),
            Array::zeros(IxDyn(&[0])),
            Array::zeros(IxDyn(&[cols, 0])),
        );
    }
    let m = to_matrix(a);
    let nan = || {
        (
            Array::from_elem(IxDyn(&[rows, k]), Elem::nan()),
            Array::from_elem(IxDyn(&[k]), Elem::nan()),
            Array::from_elem(IxDyn(&[cols, k]), Elem::nan()),
        )
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
    let s = ArrayD::from_shape_fn(IxDyn(&[k]), |i| Elem::of(values[order[i[0]]]));
    (from_matrix(&u), s, from_matrix(&v))
}

/// The gradient of [`svd`] for any of the three incoming gradients.
fn svd_gradient(
    u: &Tensor,
    s: &Tensor,
    v: &Tensor,
    du: Option<&Tensor>,
    ds: Option<&Tensor>,
    dv: Option<&Tensor>,
) -> Tensor {
    let k = s.len();
    let eye = identity(&[k, k], s.dtype());
    let (s_row, s_column) = (s.reshape(&[1, k]), s.reshape(&[k, 1]));
    let squares = s * s;
    let gaps = squares.reshape(&[1, k]) - squares.reshape(&[k, 1]);
    let f = (gaps + &eye).recip() * (1.0 - &eye);
    let mut inner = Tensor::zeros(&[k, k], s.dtype());
    if let Some(ds) = ds {
        inner = inner + diagm(ds);
    }
    let mut outside = u.zeros_like().matmul(&v.t());
    if let Some(du) = du {
        let j = u.t().matmul(du);
        inner = inner + (&f * (&j - &j.t())) * &s_row;
        // (I − UUᵀ) Ū S⁻¹ Vᵀ.
        outside = outside + ((du - u.matmul(&j)) / &s_row).matmul(&v.t());
    }
    if let Some(dv) = dv {
        let j = v.t().matmul(dv);
        inner = inner + &s_column * (&f * (&j - &j.t()));
        // U S⁻¹ V̄ᵀ (I − VVᵀ).
        outside = outside + u.matmul(&((dv.t() - j.t().matmul(&v.t())) / &s_column));
    }
    u.matmul(&inner).matmul(&v.t()) + outside
}
