//! Arrays built from pieces: [`cat1d`] (AutoGrad.jl's `cat1d`), and matrices with a vector on
//! an off-main diagonal, [`diagm_offset`] (Julia's `diagm(k => v)`), with its reverse
//! [`diag_offset`] (Julia's `diag(A, k)`).

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use ndarray::{ArrayD, Ix1, Ix2, IxDyn};

use crate::cat::concatenate;
use crate::shape::flatten;

/// The tensors flattened (row-major) and joined into one vector: AutoGrad.jl's
/// `cat1d(xs...)`, its fast `vcat(vec.(xs)...)`. Recorded as [`reshape`](crate::reshape)s and
/// [`cat2`](crate::cat2)s, so its gradient hands each tensor its slice back in its own shape.
///
/// ```
/// use autograd::{value_and_gradients, Tensor};
/// use autograd::array_builders::cat1d;
/// use autograd::reduce::sum;
/// let a = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 3.0, 4.0]);
/// let b = Tensor::from(5.0);
/// assert_eq!(cat1d(&[&a, &b]).to_vec::<f64>(), [1.0, 2.0, 3.0, 4.0, 5.0]);
/// let weights = Tensor::from(vec![1.0, 2.0, 3.0, 4.0, 5.0]);
/// let (_, g) = value_and_gradients(|t| sum(&(cat1d(t) * &weights)), &[a, b]);
/// assert_eq!(g[0].shape(), &[2, 2]);
/// assert_eq!(g[0].to_vec::<f64>(), [1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(g[1].item::<f64>(), 5.0);
/// ```
///
/// # Panics
/// If there are no tensors.
pub fn cat1d<T: Clone + Into<Tensor>>(xs: &[T]) -> Tensor {
    if xs.is_empty() {
        Error::invalid("cat1d", "needs at least one tensor").raise();
    }
    let flat: Vec<Tensor> = xs.iter().map(|x| flatten(&x.clone().into())).collect();
    concatenate(&flat, 0)
}

/// The square matrix of size `len(v) + |k|` with `v` on its `k`-th diagonal (`k > 0` above
/// the main one, `k < 0` below) and zeros elsewhere: Julia's `diagm(k => v)`.
///
/// ```
/// use autograd::Tensor;
/// use autograd::array_builders::diagm_offset;
/// let m = diagm_offset(&Tensor::from(vec![1.0, 2.0]), 1);
/// assert_eq!(m.shape(), &[3, 3]);
/// assert_eq!(m.to_vec::<f64>(), [0.0, 1.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0]);
/// ```
///
/// # Panics
/// If `v` is not 1-d.
#[primitive(dy => diag_offset(dy, k), check(v = [3], k = -1))]
pub fn diagm_offset(v: &Array, k: isize) -> Array {
    let n = vector("diagm_offset", v).len() + k.unsigned_abs();
    embed("diagm_offset", v, &[n, n], k)
}

/// The `k`-th diagonal of a matrix (`k > 0` above the main one, `k < 0` below), as a vector:
/// Julia's `diag(A, k)`. Empty when the diagonal lies outside the matrix.
///
/// ```
/// use autograd::Tensor;
/// use autograd::array_builders::diag_offset;
/// let a = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert_eq!(diag_offset(&a, 1).to_vec::<f64>(), [2.0, 6.0]);
/// assert_eq!(diag_offset(&a, -1).to_vec::<f64>(), [4.0]);
/// ```
///
/// # Panics
/// If `x` is not a matrix.
#[primitive(dy => embed_diagonal_offset(dy, x.shape(), k), check(x = [3, 4], k = 1))]
pub fn diag_offset(x: &Array, k: isize) -> Array {
    let m = match x.view().into_dimensionality::<Ix2>() {
        Ok(m) => m,
        Err(_) => {
            Error::invalid("diag_offset", format!("needs a matrix, got shape {:?}", x.shape()))
                .raise()
        }
    };
    let (rows, columns) = m.dim();
    let cells: Vec<Elem> = diagonal(rows, columns, k).map(|(i, j)| m[[i, j]]).collect();
    ArrayD::from_shape_vec(IxDyn(&[cells.len()]), cells).expect("a vector")
}

/// Zeros of the matrix shape `shape` with `v` on the `k`-th diagonal: the gradient of
/// [`diag_offset`].
#[primitive(dy => diag_offset(dy, k), check(v = [2], shape = &[2, 4], k = 2))]
fn embed_diagonal_offset(v: &Array, shape: &[usize], k: isize) -> Array {
    embed("embed_diagonal_offset", v, shape, k)
}

/// The cells `(i, j)` of the `k`-th diagonal of a `rows × columns` matrix, in order.
fn diagonal(rows: usize, columns: usize, k: isize) -> impl Iterator<Item = (usize, usize)> {
    let (i0, j0) = if k >= 0 { (0, k.unsigned_abs()) } else { (k.unsigned_abs(), 0) };
    let len = rows.saturating_sub(i0).min(columns.saturating_sub(j0));
    (0..len).map(move |t| (i0 + t, j0 + t))
}

fn vector<'a, E: Element>(op: &'static str, v: &'a ArrayD<E>) -> ndarray::ArrayView1<'a, E> {
    match v.view().into_dimensionality::<Ix1>() {
        Ok(v) => v,
        Err(_) => Error::invalid(op, format!("needs a vector, got shape {:?}", v.shape())).raise(),
    }
}

fn embed<E: Element>(op: &'static str, v: &ArrayD<E>, shape: &[usize], k: isize) -> ArrayD<E> {
    let v = vector(op, v);
    let cells: Vec<(usize, usize)> = match shape {
        &[rows, columns] => diagonal(rows, columns, k).collect(),
        _ => Vec::new(),
    };
    if shape.len() != 2 || cells.len() != v.len() {
        Error::shape(op, &[&[v.len()], shape]).raise();
    }
    let mut out = ArrayD::<E>::zeros(IxDyn(shape));
    for (&(i, j), &value) in cells.iter().zip(v.iter()) {
        out[[i, j]] = value;
    }
    out
}
