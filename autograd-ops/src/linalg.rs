//! Linear algebra: products, transposes, triangles and diagonals, and the matrix functions
//! (determinant, inverse, solve, Cholesky, QR, symmetric eigen-decomposition).
//!
//! Every gradient rule is written with recorded primitives (`solve`, `solve_triangular`,
//! `matmul`, `tril` …), so gradients of gradients work. The decompositions are computed in
//! `f64` by [nalgebra](https://nalgebra.org) (pure Rust, no LAPACK) and rounded to the
//! tensor's element type.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use nalgebra::DMatrix;
use ndarray::{Array2, ArrayD, ArrayView2, ArrayViewD, Axis, Ix2, IxDyn};

use crate::kernels::gemm;
use crate::reduce::inverse_permutation;
use crate::TensorMath;

// ---------------------------------------------------------------------------------------------
// Products.

/// The matrix product, with NumPy's `matmul` semantics: two matrices multiply; a 1-d first
/// argument is a row vector and a 1-d second argument a column vector, the added axis being
/// removed from the result (so two vectors give their 0-d inner product); arguments with more
/// than two axes are stacks of matrices in the last two axes, the leading (batch) axes
/// broadcasting against each other.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::matmul;
/// let a = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// let v = Tensor::from(vec![1.0, 0.0, -1.0]);
/// assert_eq!(matmul(&a, &v).to_vec::<f64>(), vec![-2.0, -2.0]);
/// let batch = Tensor::zeros(&[5, 3, 4], DType::F64);
/// assert_eq!(matmul(&a, &batch).shape(), &[5, 2, 4]);
/// ```
///
/// # Panics
/// If either is 0-d, the inner dimensions differ, or the batch axes do not broadcast, naming
/// both shapes.
#[primitive(
    dy => matmul_gradient(a, b, dy, false),
    dy => matmul_gradient(a, b, dy, true),
    check(a = [2, 3], b = [3, 4])
)]
pub fn matmul(a: &Array, b: &Array) -> Array {
    matmul_arrays(a, b)
}

fn matmul_arrays<E: Element>(a: &ArrayD<E>, b: &ArrayD<E>) -> ArrayD<E> {
    let shape_error = || Error::shape("matmul", &[a.shape(), b.shape()]);
    if a.ndim() == 0 || b.ndim() == 0 {
        shape_error().raise();
    }
    if let (Ok(a2), Ok(b2)) =
        (a.view().into_dimensionality::<Ix2>(), b.view().into_dimensionality::<Ix2>())
    {
        if a2.ncols() != b2.nrows() {
            shape_error().raise();
        }
        return gemm::product(a2, b2).into_dyn();
    }
    // Vectors become a row (first argument) or a column (second argument).
    let a2 = if a.ndim() == 1 { a.view().insert_axis(Axis(0)) } else { a.view() };
    let b2 = if b.ndim() == 1 { b.view().insert_axis(Axis(1)) } else { b.view() };
    let (sa, sb) = (a2.shape(), b2.shape());
    let (m, n) = (sa[sa.len() - 2], sa[sa.len() - 1]);
    let (n2, p) = (sb[sb.len() - 2], sb[sb.len() - 1]);
    let batch = match batch_shape(&sa[..sa.len() - 2], &sb[..sb.len() - 2]) {
        Some(batch) if n == n2 => batch,
        _ => shape_error().raise(),
    };
    // Both operands as views of the full batch shape (stride 0 along broadcast axes), so a
    // broadcast operand is read in place rather than copied once per batch entry.
    let full = |rows: usize, cols: usize| -> Vec<usize> {
        batch.iter().copied().chain([rows, cols]).collect()
    };
    let (a_full, b_full) = (
        a2.broadcast(full(m, n)).expect("batch shape broadcasts"),
        b2.broadcast(full(n, p)).expect("batch shape broadcasts"),
    );
    let count: usize = batch.iter().product();
    let out = gemm::batched_product(count, (m, p), |i| {
        (batch_entry(&a_full, &batch, i), batch_entry(&b_full, &batch, i))
    });
    let mut shape = batch;
    if a.ndim() > 1 {
        shape.push(m);
    }
    if b.ndim() > 1 {
        shape.push(p);
    }
    out.into_shape_with_order(IxDyn(&shape)).expect("same number of elements")
}

/// The matrix at row-major position `flat` of the leading `batch` axes of a stack `x`.
fn batch_entry<'a, E>(
    x: &ArrayViewD<'a, E>,
    batch: &[usize],
    mut flat: usize,
) -> ArrayView2<'a, E> {
    let mut view = x.clone();
    for axis in (0..batch.len()).rev() {
        view = view.index_axis_move(Axis(axis), flat % batch[axis]);
        flat /= batch[axis];
    }
    view.into_dimensionality::<Ix2>().expect("batch axes removed")
}

/// `op(a)·op(b)` for matrices, where `op` transposes when its flag is set: the product with a
/// transposed operand, without copying the transpose (the matrix kernel reads either layout).
/// [`matmul`]'s gradients are made of it.
///
/// # Panics
/// If either is not 2-d or the inner dimensions differ, naming both shapes.
#[primitive(
    dy => transposed_product_gradient(a, b, dy, transpose_a, transpose_b, false),
    dy => transposed_product_gradient(a, b, dy, transpose_a, transpose_b, true),
    check(a = [3, 2], b = [4, 3], transpose_a = true, transpose_b = true)
)]
pub fn matmul_transposed(a: &Array, b: &Array, transpose_a: bool, transpose_b: bool) -> Array {
    let shape_error = || Error::shape("matmul_transposed", &[a.shape(), b.shape()]);
    let (Ok(a2), Ok(b2)) =
        (a.view().into_dimensionality::<Ix2>(), b.view().into_dimensionality::<Ix2>())
    else {
        shape_error().raise();
    };
    let a2 = if transpose_a { a2.reversed_axes() } else { a2 };
    let b2 = if transpose_b { b2.reversed_axes() } else { b2 };
    if a2.ncols() != b2.nrows() {
        shape_error().raise();
    }
    gemm::product(a2, b2).into_dyn()
}

/// The gradient of `C = op(A)·op(B)` with respect to `A` (or `B` if `wrt_b`), itself a
/// transposed product: e.g. for `C = Aᵀ·B`, `dA = B·dCᵀ` and `dB = A·dC`.
fn transposed_product_gradient(
    a: &Tensor,
    b: &Tensor,
    dy: &Tensor,
    transpose_a: bool,
    transpose_b: bool,
    wrt_b: bool,
) -> Tensor {
    match (transpose_a, transpose_b, wrt_b) {
        (false, false, false) => matmul_transposed(dy, b, false, true),
        (false, false, true) => matmul_transposed(a, dy, true, false),
        (true, false, false) => matmul_transposed(b, dy, false, true),
        (true, false, true) => matmul_transposed(a, dy, false, false),
        (false, true, false) => matmul_transposed(dy, b, false, false),
        (false, true, true) => matmul_transposed(dy, a, true, false),
        (true, true, false) => matmul_transposed(b, dy, true, true),
        (true, true, true) => matmul_transposed(dy, a, true, true),
    }
}

/// The broadcast of two batch shapes, or `None` if they do not broadcast.
fn batch_shape(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            let pick = |s: &[usize]| if i + s.len() >= n { s[i + s.len() - n] } else { 1 };
            match (pick(a), pick(b)) {
                (x, y) if x == y || y == 1 => Some(x),
                (1, y) => Some(y),
                _ => None,
            }
        })
        .collect()
}

/// The gradient of [`matmul`] with respect to `a` (or `b` if `wrt_b`), with recorded
/// primitives: the 2-d rule on the promoted, broadcast operands, summed back to the operand.
fn matmul_gradient(a: &Tensor, b: &Tensor, dy: &Tensor, wrt_b: bool) -> Tensor {
    if a.ndim() == 2 && b.ndim() == 2 {
        return if wrt_b {
            matmul_transposed(a, dy, true, false)
        } else {
            matmul_transposed(dy, b, false, true)
        };
    }
    let a2 = if a.ndim() == 1 { a.reshape(&[1, a.len()]) } else { a.clone() };
    let b2 = if b.ndim() == 1 { b.reshape(&[b.len(), 1]) } else { b.clone() };
    let (sa, sb) = (a2.shape(), b2.shape());
    let mut out = batch_shape(&sa[..sa.len() - 2], &sb[..sb.len() - 2]).expect("checked forward");
    out.extend([sa[sa.len() - 2], sb[sb.len() - 1]]);
    let dy2 = reshape_to(dy, &out);
    if wrt_b {
        reshape_to(&matmul(&matrix_transpose(&a2), &dy2).sum_to(b2.shape()), b.shape())
    } else {
        reshape_to(&matmul(&dy2, &matrix_transpose(&b2)).sum_to(a2.shape()), a.shape())
    }
}

/// `x` reshaped to `shape`, recorded only if the shape changes.
fn reshape_to(x: &Tensor, shape: &[usize]) -> Tensor {
    if x.shape() == shape {
        x.clone()
    } else {
        x.reshape(shape)
    }
}

/// The last two axes swapped: the transpose of each matrix of a stack.
fn matrix_transpose(x: &Tensor) -> Tensor {
    if x.ndim() == 2 {
        return x.t();
    }
    let mut order: Vec<usize> = (0..x.ndim()).collect();
    order.swap(x.ndim() - 2, x.ndim() - 1);
    permute_axes(x, &order)
}

/// The inner product `Σ aᵢ bᵢ` of two tensors of the same shape, as a 0-d tensor.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::dot;
/// let d = dot(&Tensor::from(vec![1.0, 2.0]), &Tensor::from(vec![3.0, 4.0]));
/// assert_eq!(d.item::<f64>(), 11.0);
/// ```
///
/// # Panics
/// If the shapes differ, naming both.
#[primitive(dy => dy * b, dy => dy * a, check(a = [2, 3], b = [2, 3]))]
pub fn dot(a: &Array, b: &Array) -> Array {
    if a.shape() != b.shape() {
        Error::shape("dot", &[a.shape(), b.shape()]).raise();
    }
    let total = ndarray::Zip::from(a).and(b).fold(Elem::zero(), |acc, &x, &y| acc + x * y);
    Array::from_elem(IxDyn(&[]), total)
}

/// The outer product of two vectors: the matrix `aᵢ bⱼ`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::outer;
/// let m = outer(&Tensor::from(vec![1.0, 2.0]), &Tensor::from(vec![3.0, 4.0, 5.0]));
/// assert_eq!(m.shape(), &[2, 3]);
/// ```
///
/// # Panics
/// If either is not 1-d.
#[primitive(dy => matmul(dy, b), dy => matmul(a, dy), check(a = [2], b = [3]))]
pub fn outer(a: &Array, b: &Array) -> Array {
    if a.ndim() != 1 || b.ndim() != 1 {
        Error::shape("outer", &[a.shape(), b.shape()]).raise();
    }
    let column = a.view().insert_axis(Axis(1));
    let row = b.view().insert_axis(Axis(0));
    (&column * &row).into_dyn()
}

/// The Kronecker product: for matrices `a` (m × n) and `b` (p × q), the (mp × nq) block matrix
/// whose block (i, j) is `aᵢⱼ b`. Two vectors give a vector; a vector with a matrix is taken
/// as a column (Julia's `kron`).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::kron;
/// let k = kron(&Tensor::from(vec![1.0, 2.0]), &Tensor::from(vec![1.0, 10.0]));
/// assert_eq!(k.to_vec::<f64>(), vec![1.0, 10.0, 2.0, 20.0]);
/// ```
///
/// # Panics
/// If either has more than two axes or none.
#[primitive(
    dy => {
        let ([m, n], [p, q]) = (as_matrix_shape("kron", a), as_matrix_shape("kron", b));
        let blocks = dy.reshape(&[m, p, n, q]) * b.reshape(&[1, p, 1, q]);
        blocks.sum_axes(&[1, 3]).reshape(a.shape())
    },
    dy => {
        let ([m, n], [p, q]) = (as_matrix_shape("kron", a), as_matrix_shape("kron", b));
        let blocks = dy.reshape(&[m, p, n, q]) * a.reshape(&[m, 1, n, 1]);
        blocks.sum_axes(&[0, 2]).reshape(b.shape())
    },
    check(a = [2, 3], b = [3, 2])
)]
pub fn kron(a: &Array, b: &Array) -> Array {
    let ([m, n], [p, q]) = (as_matrix_shape("kron", a), as_matrix_shape("kron", b));
    let a4 = a.view().into_shape_with_order(IxDyn(&[m, 1, n, 1])).expect("a matrix");
    let b4 = b.view().into_shape_with_order(IxDyn(&[1, p, 1, q])).expect("a matrix");
    // The broadcast product's layout follows its operands: make it row-major to reshape.
    let blocks = (&a4 * &b4).as_standard_layout().into_owned();
    let shape = if a.ndim() == 1 && b.ndim() == 1 { vec![m * p] } else { vec![m * p, n * q] };
    blocks.into_shape_with_order(IxDyn(&shape)).expect("same number of elements")
}

/// The shape of a matrix, or of a vector taken as a column.
fn as_matrix_shape(op: &'static str, x: &impl Shaped) -> [usize; 2] {
    match *x.dims() {
        [n] => [n, 1],
        [m, n] => [m, n],
        ref other => {
            Error::invalid(op, format!("needs a vector or a matrix, got shape {other:?}")).raise()
        }
    }
}

/// Something with a shape: an array or a tensor.
trait Shaped {
    fn dims(&self) -> &[usize];
}

impl<E: Element> Shaped for ArrayD<E> {
    fn dims(&self) -> &[usize] {
        self.shape()
    }
}

impl Shaped for Tensor {
    fn dims(&self) -> &[usize] {
        self.shape()
    }
}

// ---------------------------------------------------------------------------------------------
// Axes, diagonals and triangles.

/// The axes rearranged: axis `i` of the result is axis `axes[i]` of `x` (NumPy's
/// `transpose(x, axes)`, Julia's `permutedims`).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::permute_axes;
/// let x = Tensor::zeros(&[2, 3, 4], DType::F64);
/// assert_eq!(permute_axes(&x, &[2, 0, 1]).shape(), &[4, 2, 3]);
/// ```
///
/// # Panics
/// If `axes` is not a permutation of `0..x.ndim()`.
#[primitive(
    dy => permute_axes(dy, &inverse_permutation(axes)),
    check(x = [2, 3, 4], axes = &[2, 0, 1])
)]
pub fn permute_axes(x: &Array, axes: &[usize]) -> Array {
    let mut seen = vec![false; x.ndim()];
    let valid = axes.len() == x.ndim()
        && axes.iter().all(|&a| a < x.ndim() && !std::mem::replace(&mut seen[a], true));
    if !valid {
        Error::invalid(
            "permute_axes",
            format!("{axes:?} is not a permutation of the axes of shape {:?}", x.shape()),
        )
        .raise();
    }
    x.view().permuted_axes(axes).as_standard_layout().into_owned()
}

/// The sum of the diagonal of a matrix, as a 0-d tensor (for a non-square matrix, of its
/// `min(rows, cols)` diagonal elements).
///
/// # Panics
/// If `x` is not 2-d.
#[primitive(dy => dy * identity(x.shape(), x.dtype()), check(x = [3, 3]))]
pub fn trace(x: &Array) -> Array {
    Array::from_elem(IxDyn(&[]), matrix("trace", x).diag().sum())
}

/// The diagonal of a matrix as a vector, of length `min(rows, cols)`.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::diag;
/// let x = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert_eq!(diag(&x).to_vec::<f64>(), vec![1.0, 5.0]);
/// ```
///
/// # Panics
/// If `x` is not 2-d.
#[primitive(dy => embed_diagonal(dy, x.shape()), check(x = [2, 3]))]
pub fn diag(x: &Array) -> Array {
    matrix("diag", x).diag().to_owned().into_dyn()
}

/// The square matrix with the vector `v` on its diagonal and zeros elsewhere (Julia's
/// `diagm(v)`).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::diagm;
/// let m = diagm(&Tensor::from(vec![1.0, 2.0]));
/// assert_eq!(m.to_vec::<f64>(), vec![1.0, 0.0, 0.0, 2.0]);
/// ```
///
/// # Panics
/// If `v` is not 1-d.
#[primitive(dy => diag(dy), check(v = [3]))]
pub fn diagm(v: &Array) -> Array {
    let n = v.len();
    embed_diagonal_array("diagm", v, &[n, n])
}

/// Zeros of the matrix shape `shape` with `v` on the diagonal: the gradient of [`diag`].
#[primitive(dy => diag(dy), check(v = [2], shape = &[2, 3]))]
fn embed_diagonal(v: &Array, shape: &[usize]) -> Array {
    embed_diagonal_array("embed_diagonal", v, shape)
}

fn embed_diagonal_array<E: Element>(op: &'static str, v: &ArrayD<E>, shape: &[usize]) -> ArrayD<E> {
    if v.ndim() != 1 || shape.len() != 2 || v.len() != shape[0].min(shape[1]) {
        Error::shape(op, &[v.shape(), shape]).raise();
    }
    let mut out = Array2::<E>::zeros((shape[0], shape[1]));
    out.diag_mut().assign(&v.view().into_dimensionality::<ndarray::Ix1>().expect("1-d"));
    out.into_dyn()
}

/// The lower triangle: the elements on and below the `k`-th diagonal (`k = 0` the main one,
/// `k > 0` above it, `k < 0` below), the others zero. Applies to the last two axes, so a
/// stack of matrices works too.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::tril;
/// let x = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(tril(&x, 0).to_vec::<f64>(), vec![1.0, 0.0, 3.0, 4.0]);
/// ```
///
/// # Panics
/// If `x` has fewer than two axes.
#[primitive(dy => tril(dy, k), check(x = [2, 3, 3], k = 0))]
pub fn tril(x: &Array, k: isize) -> Array {
    keep_triangle("tril", x, |i, j| j - i <= k)
}

/// The upper triangle: the elements on and above the `k`-th diagonal, the others zero (see
/// [`tril`]).
///
/// # Panics
/// If `x` has fewer than two axes.
#[primitive(dy => triu(dy, k), check(x = [3, 4], k = 1))]
pub fn triu(x: &Array, k: isize) -> Array {
    keep_triangle("triu", x, |i, j| j - i >= k)
}

fn keep_triangle<E: Element>(
    op: &'static str,
    x: &ArrayD<E>,
    keep: impl Fn(isize, isize) -> bool,
) -> ArrayD<E> {
    let nd = x.ndim();
    if nd < 2 {
        Error::invalid(op, format!("needs a matrix, got shape {:?}", x.shape())).raise();
    }
    let mut out = x.clone();
    for (index, v) in out.indexed_iter_mut() {
        if !keep(index[nd - 2] as isize, index[nd - 1] as isize) {
            *v = E::zero();
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Matrix functions.

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
        let inverse_t = inv(a).t();
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
#[primitive(dy => dy * inv(a).t(), check(a = [3, 3]), prepare = symmetric_positive_definite)]
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

/// `log |det(a)|`, computed from the LU factors without overflow (Julia's
/// `first(logabsdet(a))`).
///
/// # Panics
/// If `a` is not a square matrix.
#[primitive(dy => dy * inv(a).t(), check(a = [3, 3]), prepare = well_conditioned)]
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
    let m = square("inv", a);
    let n = m.nrows();
    let lu = Lu::new(m);
    let mut x = vec![Elem::zero(); n * n];
    for i in 0..n {
        x[i * n + i] = Elem::one();
    }
    lu.solve_in_place(&mut x, n, false);
    let inverse = Array2::from_shape_vec((n, n), x).expect("n × n");
    // With the inverse at hand, the condition number is exact rather than estimated.
    let rcond =
        (norm_1(m) * norm_1(inverse.view())).max(norm_1(m.t()) * norm_1(inverse.t())).recip();
    lu.ensure_invertible("inv", m, rcond);
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

/// The orthonormal factor `Q` (m × n, orthonormal columns) of the reduced QR decomposition
/// `a = Q R` of an m × n matrix with m ≥ n and full column rank, `R`'s diagonal made positive
/// so that the decomposition is unique. See [`qr_r`] for `R`. (Two primitives rather than one
/// with two outputs; each gradient rule calls the other.)
///
/// ```
/// use autograd::prelude::*;
/// use autograd::linalg::{matmul, qr_q, qr_r};
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
/// use autograd::prelude::*;
/// use autograd::linalg::eigh_values;
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

// ---------------------------------------------------------------------------------------------
// The LU factorisation behind det, inv and solve.

/// `P A = L U`, the LU factorisation with partial pivoting of a square matrix, in the
/// matrix's own element type. `L` (unit lower triangular, its diagonal not stored) and `U`
/// share one row-major array; row `i` of `P A` is row `rows[i]` of `A`. A column that is
/// zero from the diagonal down is left as it is: a zero pivot, the matrix singular.
struct Lu<E> {
    n: usize,
    factors: Vec<E>,
    rows: Vec<usize>,
    odd_permutation: bool,
}

impl<E: Element> Lu<E> {
    fn new(a: ArrayView2<E>) -> Self {
        let n = a.nrows();
        let mut factors: Vec<E> = a.iter().copied().collect();
        let mut rows: Vec<usize> = (0..n).collect();
        let mut odd_permutation = false;
        for k in 0..n {
            let column = |i: usize| factors[i * n + k].abs();
            let pivot_row =
                (k + 1..n).fold(k, |best, i| if column(i) > column(best) { i } else { best });
            if pivot_row != k {
                for j in 0..n {
                    factors.swap(k * n + j, pivot_row * n + j);
                }
                rows.swap(k, pivot_row);
                odd_permutation = !odd_permutation;
            }
            let pivot = factors[k * n + k];
            if pivot == E::zero() {
                continue;
            }
            let (top, below) = factors.split_at_mut((k + 1) * n);
            let pivot_tail = &top[k * n + k + 1..];
            for row in below.chunks_exact_mut(n) {
                let l = row[k] / pivot;
                row[k] = l;
                if l != E::zero() {
                    for (v, &u) in row[k + 1..].iter_mut().zip(pivot_tail) {
                        *v -= l * u;
                    }
                }
            }
        }
        Lu { n, factors, rows, odd_permutation }
    }

    fn pivot(&self, i: usize) -> E {
        self.factors[i * self.n + i]
    }

    fn has_zero_pivot(&self) -> bool {
        (0..self.n).any(|i| self.pivot(i) == E::zero())
    }

    /// The determinant: the signed product of the pivots, carried as a mantissa and a binary
    /// exponent so that it overflows or underflows only if the determinant itself does.
    fn det(&self) -> E {
        let mut mantissa = if self.odd_permutation { -1.0 } else { 1.0 };
        let mut exponent = 0i32;
        for i in 0..self.n {
            let (m, e) = libm::frexp(to_f64(self.pivot(i)));
            let (product, carry) = libm::frexp(mantissa * m);
            mantissa = product;
            exponent = exponent.saturating_add(e).saturating_add(carry);
        }
        E::of(libm::ldexp(mantissa, exponent))
    }

    /// `(ln |det|, sign of det)`, the sign -1, 0 or 1.
    fn log_abs_det(&self) -> (f64, f64) {
        let mut sign = if self.odd_permutation { -1.0 } else { 1.0 };
        let mut log_abs = 0.0;
        for i in 0..self.n {
            let d = to_f64(self.pivot(i));
            sign = if d == 0.0 { 0.0 } else { sign * d.signum() };
            log_abs += d.abs().ln();
        }
        (log_abs, sign)
    }

    /// Overwrites the row-major n × `columns` array `b` with the solution of `A X = B`, or of
    /// `Aᵀ X = B` if `transposed` (`Aᵀ = Uᵀ Lᵀ P`).
    fn solve_in_place(&self, b: &mut [E], columns: usize, transposed: bool) {
        let (n, k, f) = (self.n, columns, &self.factors);
        if n == 0 || k == 0 {
            return;
        }
        if !transposed {
            let mut x = vec![E::zero(); n * k];
            for (i, &r) in self.rows.iter().enumerate() {
                x[i * k..(i + 1) * k].copy_from_slice(&b[r * k..(r + 1) * k]);
            }
            // L y = P b, forward; U x = y, backward.
            for i in 0..n {
                let (done, rest) = x.split_at_mut(i * k);
                let row = &mut rest[..k];
                for j in 0..i {
                    subtract_scaled(row, f[i * n + j], &done[j * k..(j + 1) * k]);
                }
            }
            for i in (0..n).rev() {
                let (head, done) = x.split_at_mut((i + 1) * k);
                let row = &mut head[i * k..];
                for j in i + 1..n {
                    subtract_scaled(row, f[i * n + j], &done[(j - i - 1) * k..(j - i) * k]);
                }
                divide(row, f[i * n + i]);
            }
            b.copy_from_slice(&x);
        } else {
            // Uᵀ z = b, forward; Lᵀ w = z, backward; x = Pᵀ w.
            for i in 0..n {
                let (done, rest) = b.split_at_mut(i * k);
                let row = &mut rest[..k];
                for j in 0..i {
                    subtract_scaled(row, f[j * n + i], &done[j * k..(j + 1) * k]);
                }
                divide(row, f[i * n + i]);
            }
            for i in (0..n).rev() {
                let (head, done) = b.split_at_mut((i + 1) * k);
                let row = &mut head[i * k..];
                for j in i + 1..n {
                    subtract_scaled(row, f[j * n + i], &done[(j - i - 1) * k..(j - i) * k]);
                }
            }
            let w = b.to_vec();
            for (i, &r) in self.rows.iter().enumerate() {
                b[r * k..(r + 1) * k].copy_from_slice(&w[i * k..(i + 1) * k]);
            }
        }
    }

    /// An estimate of the reciprocal condition number `1 / (‖A‖ ‖A⁻¹‖)`, the worse of the 1-
    /// and ∞-norm ones, so that `A` and `Aᵀ` get one verdict: `‖A⁻¹‖₁` by Hager's method with
    /// Higham's refinements (LAPACK's `xLACON`), a few solves instead of an inverse.
    fn rcond_estimate(&self, a: ArrayView2<E>) -> E {
        if self.has_zero_pivot() {
            return E::zero();
        }
        let by_columns = norm_1(a) * self.inverse_norm_1_estimate(false);
        let by_rows = norm_1(a.t()) * self.inverse_norm_1_estimate(true);
        by_columns.max(by_rows).recip()
    }

    /// An estimate (from below) of `‖A⁻¹‖₁`, or of `‖A⁻ᵀ‖₁ = ‖A⁻¹‖∞` if `transposed`.
    fn inverse_norm_1_estimate(&self, transposed: bool) -> E {
        let n = self.n;
        let abs_sum = |v: &[E]| v.iter().map(|x| x.abs()).sum::<E>();
        let mut x = vec![E::of(1.0 / n as f64); n];
        let mut estimate = E::zero();
        let mut last = usize::MAX;
        for iteration in 0..5 {
            let mut y = x.clone();
            self.solve_in_place(&mut y, 1, transposed);
            let norm = abs_sum(&y);
            if iteration > 0 && (norm <= estimate || norm.is_nan()) {
                break;
            }
            estimate = norm;
            let mut z: Vec<E> =
                y.iter().map(|&v| if v >= E::zero() { E::one() } else { -E::one() }).collect();
            self.solve_in_place(&mut z, 1, !transposed);
            let j = (0..n).fold(0, |best, i| if z[i].abs() > z[best].abs() { i } else { best });
            let along_x: E = z.iter().zip(&x).map(|(&a, &b)| a * b).sum();
            if j == last || z[j].abs() <= along_x || z[j].is_nan() {
                break;
            }
            last = j;
            x = vec![E::zero(); n];
            x[j] = E::one();
        }
        // Higham's extra test vector catches the matrices that fool the iteration.
        let mut alternating: Vec<E> = (0..n)
            .map(|i| {
                let magnitude = 1.0 + i as f64 / (n.max(2) - 1) as f64;
                E::of(if i % 2 == 0 { magnitude } else { -magnitude })
            })
            .collect();
        self.solve_in_place(&mut alternating, 1, transposed);
        estimate.max(E::of(2.0 / (3.0 * n as f64)) * abs_sum(&alternating))
    }

    /// Panics, naming `op`, if the matrix is singular to working precision: a zero pivot, or
    /// `rcond < n·ε`. A matrix with a NaN or infinite entry passes (NaN in, NaN out).
    fn ensure_invertible(&self, op: &'static str, a: ArrayView2<E>, rcond: E) {
        let n = self.n;
        if n == 0 || !a.iter().all(|v| v.is_finite()) {
            return;
        }
        let threshold = E::of(n as f64) * E::epsilon();
        let reason = if self.has_zero_pivot() {
            "a zero pivot".to_string()
        } else if rcond < threshold || rcond.is_nan() {
            format!("rcond ≈ {:.1e}, below n·ε = {:.1e}", to_f64(rcond), to_f64(threshold))
        } else {
            return;
        };
        Error::invalid(
            op,
            format!("the {n}×{n} matrix is singular to working precision ({reason})"),
        )
        .raise();
    }
}

fn subtract_scaled<E: Element>(row: &mut [E], scale: E, other: &[E]) {
    if scale != E::zero() {
        for (v, &o) in row.iter_mut().zip(other) {
            *v -= scale * o;
        }
    }
}

fn divide<E: Element>(row: &mut [E], divisor: E) {
    for v in row.iter_mut() {
        *v /= divisor;
    }
}

/// The 1-norm of a matrix: its largest absolute column sum.
fn norm_1<E: Element>(m: ArrayView2<E>) -> E {
    m.columns().into_iter().map(|c| c.iter().map(|v| v.abs()).sum::<E>()).fold(E::zero(), |a, s| {
        if s > a || s.is_nan() {
            s
        } else {
            a
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The identity pattern of a matrix shape (ones on the main diagonal), as a constant.
fn identity(shape: &[usize], dtype: autograd_core::DType) -> Tensor {
    let (rows, cols) = (shape[0], shape[1]);
    let data: Vec<f64> =
        (0..rows * cols).map(|i| if i / cols == i % cols { 1.0 } else { 0.0 }).collect();
    Tensor::from_shape_vec(&[rows, cols], data).to_dtype(dtype)
}

/// `x` as a matrix view.
///
/// # Panics
/// If `x` is not 2-d, naming the operation.
fn matrix<'a, E: Element>(op: &'static str, x: &'a ArrayD<E>) -> ArrayView2<'a, E> {
    match x.view().into_dimensionality::<Ix2>() {
        Ok(m) => m,
        Err(_) => Error::invalid(op, format!("needs a matrix, got shape {:?}", x.shape())).raise(),
    }
}

/// `x` as a square matrix view.
///
/// # Panics
/// If `x` is not a square matrix, naming the operation.
fn square<'a, E: Element>(op: &'static str, x: &'a ArrayD<E>) -> ArrayView2<'a, E> {
    let m = matrix(op, x);
    if m.nrows() != m.ncols() {
        Error::invalid(op, format!("needs a square matrix, got shape {:?}", x.shape())).raise();
    }
    m
}

fn to_f64<E: Element>(v: E) -> f64 {
    v.to_f64().expect("a float converts to f64")
}

/// A matrix (2-d array) in `f64`, for nalgebra.
fn to_matrix<E: Element>(x: &ArrayD<E>) -> DMatrix<f64> {
    let m = matrix("linalg", x);
    DMatrix::from_fn(m.nrows(), m.ncols(), |i, j| to_f64(m[[i, j]]))
}

/// An nalgebra matrix back as a 2-d array of the element type.
fn from_matrix<E: Element>(m: &DMatrix<f64>) -> ArrayD<E> {
    Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| E::of(m[(i, j)])).into_dyn()
}

// ---------------------------------------------------------------------------------------------
// Valid inputs for the generated gradient checks (`prepare = ...`), which sample uniformly.

/// The first sampled matrix `A` made well conditioned, `A + n·I`; any other inputs unchanged.
fn well_conditioned(mut inputs: Vec<Tensor>) -> Vec<Tensor> {
    let a = inputs[0].to_array::<f64>();
    let n = a.shape()[0];
    inputs[0] = Tensor::from(&a + &(ndarray::Array2::<f64>::eye(n) * n as f64));
    inputs
}

/// The first sampled matrix `A` made symmetric positive definite, `A·Aᵀ + I`.
fn symmetric_positive_definite(mut inputs: Vec<Tensor>) -> Vec<Tensor> {
    let a = inputs[0].to_array::<f64>().into_dimensionality::<Ix2>().expect("a matrix");
    let n = a.nrows();
    inputs[0] = Tensor::from(a.dot(&a.t()) + ndarray::Array2::<f64>::eye(n));
    inputs
}
