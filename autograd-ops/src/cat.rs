//! Concatenation and its reverses: joining tensors along an axis (`concatenate`, `stack`, and
//! after flattening, `cat1d`) and cutting one into pieces (`split`, `chunk`, `unstack`); and
//! placing a vector on a diagonal and reading it back (`diagm_offset`, `diag_offset`).
//!
//! A primitive takes a fixed number of tensors, so the one primitive here joins two, [`cat2`],
//! and [`concatenate`] joins any number as a balanced tree of `cat2`s: `n` tensors cost `n - 1`
//! tape nodes and each element is copied about `log₂ n` times. The pieces of a split are
//! [`slice()`]s, whose gradient ([`slice_add`](crate::index::slice_add)) is a primitive too, so everything here
//! differentiates to any order.

use autograd_core::{Element, Error, Tensor};
use autograd_macros::primitive;
use ndarray::{ArrayD, Axis, Ix1, Ix2, IxDyn};

use crate::index::{select, slice};
use crate::shape::{flatten, unsqueeze};

/// `a` followed by `b` along `axis`; their other axes must agree. The two-tensor primitive
/// behind [`concatenate`].
///
/// # Panics
/// If the axis is out of range or the other axes differ, naming both shapes.
#[primitive(
    dy => slice(dy, axis, 0..a.shape()[axis], 1),
    dy => slice(dy, axis, a.shape()[axis]..y.shape()[axis], 1),
    check(a = [2, 3], b = [2, 2], axis = 1)
)]
pub fn cat2(a: &Array, b: &Array, axis: usize) -> Array {
    check_joinable("cat2", &[a.shape(), b.shape()], axis);
    match ndarray::concatenate(Axis(axis), &[a.view(), b.view()]) {
        Ok(joined) => joined,
        Err(_) => unreachable!("shapes checked above"),
    }
}

/// The tensors joined along `axis` (Julia's `cat(xs...; dims = axis)`, NumPy's
/// `concatenate`): their other axes must agree. Takes a slice of anything that converts into
/// a tensor: `&[Tensor]`, `&[&Tensor]`, `&[Param]`, `&[&Param]`. One tensor is returned as is.
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::cat::concatenate;
/// let a = Tensor::from_shape_vec(&[1, 2], vec![1.0, 2.0]);
/// let b = Tensor::from_shape_vec(&[2, 2], vec![3.0, 4.0, 5.0, 6.0]);
/// let joined = concatenate(&[&a, &b, &a], 0);
/// assert_eq!(joined.shape(), &[4, 2]);
/// assert_eq!(joined.to_vec::<f64>(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 1.0, 2.0]);
/// ```
///
/// # Panics
/// If there are no tensors, the axis is out of range, or the other axes differ; the message
/// names every shape.
pub fn concatenate<T: Clone + Into<Tensor>>(xs: &[T], axis: usize) -> Tensor {
    let xs: Vec<Tensor> = xs.iter().map(|x| x.clone().into()).collect();
    let shapes: Vec<&[usize]> = xs.iter().map(|x| x.shape()).collect();
    check_joinable("concatenate", &shapes, axis);
    join(&xs, axis)
}

/// A balanced tree of [`cat2`]s over a non-empty list.
fn join(xs: &[Tensor], axis: usize) -> Tensor {
    match xs {
        [x] => x.clone(),
        _ => {
            let (left, right) = xs.split_at(xs.len() / 2);
            cat2(&join(left, axis), &join(right, axis), axis)
        }
    }
}

/// The tensors, which must have one shape, joined along a new `axis` (`0..=ndim`): NumPy's
/// `stack`. The reverse of [`unstack`].
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::cat::stack;
/// let a = Tensor::from(vec![1.0, 2.0]);
/// let b = Tensor::from(vec![3.0, 4.0]);
/// assert_eq!(stack(&[&a, &b], 0).to_vec::<f64>(), vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(stack(&[&a, &b], 1).to_vec::<f64>(), vec![1.0, 3.0, 2.0, 4.0]);
/// ```
///
/// # Panics
/// If there are no tensors, the shapes differ, or the axis is beyond the last; the message
/// names every shape.
pub fn stack<T: Clone + Into<Tensor>>(xs: &[T], axis: usize) -> Tensor {
    let xs: Vec<Tensor> = xs.iter().map(|x| x.clone().into()).collect();
    let shapes: Vec<&[usize]> = xs.iter().map(|x| x.shape()).collect();
    if shapes.is_empty() {
        Error::invalid("stack", "needs at least one tensor").raise();
    }
    if shapes.iter().any(|s| s != &shapes[0]) {
        Error::shape("stack", &shapes).raise();
    }
    if axis > shapes[0].len() {
        Error::invalid("stack", format!("cannot insert axis {axis} into shape {:?}", shapes[0]))
            .raise();
    }
    let lifted: Vec<Tensor> = xs.iter().map(|x| unsqueeze(x, axis)).collect();
    join(&lifted, axis)
}

/// `x` cut along `axis` into consecutive pieces of the given lengths, which must add up to
/// the axis length. Each piece is a [`slice()`]: [`concatenate`] puts them back together.
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::cat::split;
/// let x = Tensor::from(vec![1.0, 2.0, 3.0, 4.0, 5.0]);
/// let pieces = split(&x, 0, &[2, 3]);
/// assert_eq!(pieces[0].to_vec::<f64>(), vec![1.0, 2.0]);
/// assert_eq!(pieces[1].to_vec::<f64>(), vec![3.0, 4.0, 5.0]);
/// ```
///
/// # Panics
/// If the axis is out of range or the lengths do not add up to the axis length, naming the
/// shape.
pub fn split(x: &Tensor, axis: usize, sizes: &[usize]) -> Vec<Tensor> {
    let shape = x.shape();
    check_joinable("split", &[shape], axis);
    let total: usize = sizes.iter().sum();
    if total != shape[axis] {
        Error::invalid(
            "split",
            format!(
                "sizes {sizes:?} add up to {total}, but axis {axis} of shape {shape:?} has \
                     length {}",
                shape[axis]
            ),
        )
        .raise();
    }
    let mut start = 0;
    sizes
        .iter()
        .map(|&n| {
            start += n;
            slice(x, axis, start - n..start, 1)
        })
        .collect()
}

/// `x` cut along `axis` into `n` consecutive pieces whose lengths differ by at most one, the
/// longer ones first (NumPy's `array_split`); pieces are empty when `n` exceeds the length.
///
/// ```
/// use autograd::{DType, Tensor};
/// use autograd::prelude::*;
/// use autograd::cat::chunk;
/// let x = Tensor::zeros(&[7, 2], DType::F64);
/// let lengths: Vec<usize> = chunk(&x, 0, 3).iter().map(|p| p.shape()[0]).collect();
/// assert_eq!(lengths, vec![3, 2, 2]);
/// ```
///
/// # Panics
/// If `n` is 0 or the axis is out of range, naming the shape.
pub fn chunk(x: &Tensor, axis: usize, n: usize) -> Vec<Tensor> {
    check_joinable("chunk", &[x.shape()], axis);
    if n == 0 {
        Error::invalid("chunk", "needs at least one piece, got 0").raise();
    }
    let length = x.shape()[axis];
    let sizes: Vec<usize> = (0..n).map(|i| length / n + usize::from(i < length % n)).collect();
    split(x, axis, &sizes)
}

/// The entries of `x` along `axis`, each with that axis removed (a [`select`] each): iterating
/// over a tensor, as Julia's `for xi in eachslice(x; dims = axis)`. The reverse of [`stack`].
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::cat::unstack;
/// let x = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// let rows = unstack(&x, 0);
/// assert_eq!(rows.len(), 2);
/// assert_eq!(rows[1].to_vec::<f64>(), vec![4.0, 5.0, 6.0]);
/// ```
///
/// # Panics
/// If the axis is out of range, naming the shape.
pub fn unstack(x: &Tensor, axis: usize) -> Vec<Tensor> {
    check_joinable("unstack", &[x.shape()], axis);
    (0..x.shape()[axis]).map(|i| select(x, axis, i)).collect()
}

/// Panics unless there is at least one shape, `axis` is one of its axes, and all shapes agree
/// outside `axis`; the message names the operation and every shape.
fn check_joinable(op: &'static str, shapes: &[&[usize]], axis: usize) {
    let Some(first) = shapes.first() else {
        Error::invalid(op, "needs at least one tensor").raise();
    };
    if axis >= first.len() {
        let message = match shapes {
            [one] => format!("axis {axis} is out of range for shape {one:?}"),
            _ => format!("axis {axis} is out of range for shapes {shapes:?}"),
        };
        Error::invalid(op, message).raise();
    }
    let agrees = |s: &&[usize]| {
        s.len() == first.len()
            && s.iter().zip(first.iter()).enumerate().all(|(i, (a, b))| i == axis || a == b)
    };
    if !shapes.iter().all(agrees) {
        Error::shape(op, shapes).raise();
    }
}

// ----- building from pieces: cat1d, diagm_offset, diag_offset -----
// Arrays built from pieces: `cat1d` (AutoGrad.jl's `cat1d`), and matrices with a vector on
// an off-main diagonal, `diagm_offset` (Julia's `diagm(k => v)`), with its reverse
// `diag_offset` (Julia's `diag(A, k)`).

/// The tensors flattened (row-major) and joined into one vector: AutoGrad.jl's
/// `cat1d(xs...)`, its fast `vcat(vec.(xs)...)`. Recorded as [`reshape`](crate::reshape)s and
/// [`cat2`]s, so its gradient hands each tensor its slice back in its own shape.
///
/// ```
/// use autograd::{value_and_gradients, Tensor};
/// use autograd::cat::cat1d;
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
/// use autograd::cat::diagm_offset;
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
/// use autograd::cat::diag_offset;
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

#[cfg(test)]
mod tests {
    use autograd_core::{diff, grad, Param, Tensor};

    use super::*;
    use crate::sum;

    /// `Σᵢ (i + 1) · Σ pieceᵢ²` over the pieces `cut` makes of a 6×4 parameter, and its gradient.
    fn weighted_pieces_gradient(cut: impl Fn(&Tensor) -> Vec<Tensor>) -> Vec<f64> {
        let x = Param::new(Tensor::from_shape_vec(
            &[6, 4],
            (0..24).map(|v| f64::from(v) * 0.25 - 2.0).collect(),
        ));
        let tape = diff(|| {
            let pieces = cut(&Tensor::from(&x));
            let terms: Vec<Tensor> =
                pieces.iter().enumerate().map(|(i, p)| sum(&(p * p)) * (i as f64 + 1.0)).collect();
            terms.iter().skip(1).fold(terms[0].clone(), |acc, t| acc + t)
        });
        let g = grad(&tape, &x).expect("x is used");
        assert!(!g.is_sparse(), "a leaf's gradient is densified");
        g.to_vec::<f64>()
    }

    /// The gradient above, written out: `2 · weight · x` where the weight is the piece's.
    fn expected(weight_of: impl Fn(usize, usize) -> f64) -> Vec<f64> {
        (0..24)
            .map(|k| 2.0 * weight_of(k / 4, k % 4) * (f64::from(k as u32) * 0.25 - 2.0))
            .collect()
    }

    #[test]
    fn gradients_of_unstacked_rows_accumulate_to_the_dense_gradient() {
        let got = weighted_pieces_gradient(|x| unstack(x, 0));
        assert_eq!(got, expected(|row, _| row as f64 + 1.0));
    }

    #[test]
    fn gradients_of_split_and_chunked_pieces_accumulate_to_the_dense_gradient() {
        let got = weighted_pieces_gradient(|x| split(x, 0, &[1, 3, 2]));
        let piece = |row: usize| match row {
            0 => 1.0,
            1..=3 => 2.0,
            _ => 3.0,
        };
        assert_eq!(got, expected(|row, _| piece(row)));
        // Along another axis the gradient is the recorded dense one, and the same.
        let got = weighted_pieces_gradient(|x| chunk(x, 1, 2));
        assert_eq!(got, expected(|_, col| (col / 2) as f64 + 1.0));
        let got = weighted_pieces_gradient(|x| unstack(x, 1));
        assert_eq!(got, expected(|_, col| col as f64 + 1.0));
    }

    #[test]
    fn second_order_through_unstack_is_recorded() {
        // d/dx of ⟨∇ Σ rowᵢ³, v⟩ = 6 x v: the inner gradient is recorded, not row-sparse.
        let x = Param::new(Tensor::from_shape_vec(&[3, 2], vec![1.0, -2.0, 0.5, 3.0, -1.0, 2.0]));
        let v = Tensor::from_shape_vec(&[3, 2], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let outer = diff(|| {
            let inner = diff(|| {
                let rows = unstack(&Tensor::from(&x), 0);
                let cubes: Vec<Tensor> = rows.iter().map(|r| sum(&(r * r * r))).collect();
                cubes.iter().skip(1).fold(cubes[0].clone(), |acc, t| acc + t)
            });
            sum(&(grad(&inner, &x).expect("x is used") * &v))
        });
        let got = grad(&outer, &x).expect("x is used").to_vec::<f64>();
        let xs = x.value().to_vec::<f64>();
        let want: Vec<f64> = xs.iter().zip(v.to_vec::<f64>()).map(|(x, v)| 6.0 * x * v).collect();
        assert_eq!(got, want);
    }
}
