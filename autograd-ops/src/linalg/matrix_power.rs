//! Matrix powers: [`matrix_power`] for integer exponents (Julia's `A^n`), and [`matrix_powf`]
//! for real exponents of symmetric positive definite matrices.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use ndarray::{Array2, ArrayView2};

use super::batch::{as_matrices, matrix_transpose, Stack};
use super::eigh::eigh;
use super::factorizations::inv;
use crate::TensorMath;

/// `aⁿ` for a square matrix and an integer `n`: the identity for `n = 0`, repeated squaring
/// for `n > 0`, and the power of the [`inv`]erse for `n < 0`.
///
/// The gradient of `Y = Aⁿ` (n > 0) is `Σᵢ (Aⁱ)ᵀ dY (Aⁿ⁻¹⁻ⁱ)ᵀ`, `n` terms written with
/// recorded products, so it differentiates again; for `n < 0` the same rule for `B = A⁻¹`
/// is followed by `dA = −Bᵀ dB Bᵀ`. A stack of matrices `[..., m, m]` gives the stack of
/// their powers.
///
/// ```
/// use autograd::Tensor;
/// use autograd::linalg::matrix_power;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![1.0, 1.0, 1.0, 0.0]);
/// // Fibonacci numbers: [[F₆, F₅], [F₅, F₄]].
/// assert_eq!(matrix_power(&a, 5).to_vec::<f64>(), [8.0, 5.0, 5.0, 3.0]);
/// assert_eq!(matrix_power(&a, -1).to_vec::<f64>(), [0.0, 1.0, 1.0, -1.0]);
/// let stack = Tensor::from_shape_vec(&[2, 1, 1], vec![2.0, 3.0]);
/// assert_eq!(matrix_power(&stack, 3).to_vec::<f64>(), [8.0, 27.0]);
/// ```
///
/// # Panics
/// If `a` is not a square matrix or a stack of them, or `n < 0` and a matrix is singular.
#[primitive(dy => power_gradient(a, dy, n), check(a = [2, 3, 3], n = 3))]
pub fn matrix_power(a: &Array, n: i64) -> Array {
    let m = Stack::square("matrix_power", a).rows();
    let inverse;
    let base = if n >= 0 {
        a
    } else {
        inverse = inv(&Tensor::from_array(a.to_owned())).to_array::<Elem>();
        &inverse
    };
    let [powers] = Stack::square("matrix_power", base)
        .map([&[m, m]], |_, x| [power(x, n.unsigned_abs()).into_dyn()]);
    powers
}

/// `aᵖ` for a symmetric positive definite matrix and a real `p`: `V diag(λᵖ) Vᵀ` from the
/// eigendecomposition `a = V diag(λ) Vᵀ` ([`eigh`]), the one real power that is again
/// symmetric positive definite. Recorded as that primitive and products, so it is
/// differentiable through them (to any order, where the eigenvalues are distinct). For an
/// integer power of any square matrix use [`matrix_power`]. A stack of matrices
/// `[..., n, n]` gives the stack of their powers.
///
/// ```
/// use autograd::Tensor;
/// use autograd::linalg::matmul;
/// use autograd::linalg::matrix_powf;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![5.0, 2.0, 2.0, 2.0]);
/// let root = matrix_powf(&a, 0.5);
/// let back = matmul(&root, &root).to_vec::<f64>();
/// for (x, y) in back.iter().zip([5.0, 2.0, 2.0, 2.0]) {
///     assert!((x - y).abs() < 1e-12);
/// }
/// ```
///
/// # Panics
/// If `a` is not a symmetric matrix (to a relative `1e-8`) or a stack of them, or an
/// eigenvalue is not positive.
pub fn matrix_powf(a: &Tensor, p: f64) -> Tensor {
    let values = a.to_array::<f64>();
    let stack = Stack::square("matrix_powf", &values);
    let scale = values.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let asymmetry = (0..stack.len()).fold(0.0f64, |m, i| m.max(asymmetry(stack.get(i))));
    if asymmetry > 1e-8 * scale {
        Error::invalid(
            "matrix_powf",
            format!("needs a symmetric matrix; |a − aᵀ| reaches {asymmetry:.3e}"),
        )
        .raise();
    }
    let (lambda, v) = eigh(a);
    let smallest = lambda.to_vec::<f64>().into_iter().fold(f64::INFINITY, f64::min);
    if smallest.is_nan() || smallest <= 0.0 {
        Error::invalid(
            "matrix_powf",
            format!("needs a positive definite matrix; its smallest eigenvalue is {smallest:e}"),
        )
        .raise();
    }
    // Each column of V times its λᵖ, for one matrix or a stack.
    (&v * &as_matrices(&lambda.powf(p), false)).matmul(&matrix_transpose(&v))
}

/// The largest `|aᵢⱼ − aⱼᵢ|` of a square matrix.
fn asymmetry(a: ArrayView2<f64>) -> f64 {
    let n = a.nrows();
    (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .fold(0.0f64, |m, (i, j)| m.max((a[[i, j]] - a[[j, i]]).abs()))
}

/// The gradient of [`matrix_power`] with respect to `a`, written with recorded primitives.
fn power_gradient(a: &Tensor, dy: &Tensor, n: i64) -> Tensor {
    let base = if n >= 0 { a.clone() } else { inv(a) };
    let m = n.unsigned_abs();
    let mut total = base.zeros_like();
    for i in 0..m {
        let left = matrix_transpose(&matrix_power(&base, i as i64));
        let right = matrix_transpose(&matrix_power(&base, (m - 1 - i) as i64));
        total = total + left.matmul(dy).matmul(&right);
    }
    if n >= 0 {
        total
    } else {
        let base_t = matrix_transpose(&base);
        -(base_t.matmul(&total).matmul(&base_t))
    }
}

/// `baseⁿ` by repeated squaring.
fn power<E: Element>(base: ArrayView2<E>, mut n: u64) -> Array2<E> {
    let mut base = base.to_owned();
    let mut result = Array2::<E>::eye(base.nrows());
    while n > 0 {
        if n & 1 == 1 {
            result = result.dot(&base);
        }
        n >>= 1;
        if n > 0 {
            base = base.dot(&base);
        }
    }
    result
}
