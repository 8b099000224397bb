//! Products: `matmul` (batched, broadcasting) and its transposed-operand kernel, `dot`,
//! `outer`, `kron`.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use ndarray::{ArrayD, ArrayView2, ArrayViewD, Axis, Ix2, IxDyn};

use super::batch::{broadcast_batch, matrix_transpose};
use crate::kernels::gemm;
use crate::TensorMath;

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
    let batch = match broadcast_batch(&sa[..sa.len() - 2], &sb[..sb.len() - 2]) {
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
    let mut out =
        broadcast_batch(&sa[..sa.len() - 2], &sb[..sb.len() - 2]).expect("checked forward");
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
