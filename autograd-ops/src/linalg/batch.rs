//! Stacks of matrices: an array of shape `[..., m, n]` is the `m × n` matrices indexed by its
//! leading (batch) axes, as in NumPy, PyTorch and JAX. The matrix functions run their 2-d
//! kernel once per matrix through [`Stack::map`], and their gradient rules are written with
//! the batched helpers here (`matrix_transpose`, `per_matrix`, `diag_embed` ...), so that one
//! rule serves a single matrix and a stack.

use autograd_core::{Element, Error, Tensor};
use ndarray::{ArrayD, ArrayView2, ArrayViewD, Axis, Ix2, IxDyn};

use super::convert::identity;
use super::structure::permute_axes;
use crate::TensorMath;

/// The matrices of an array `[..., m, n]`, in row-major order of the batch axes.
pub(super) struct Stack<'a, E> {
    /// The array itself.
    view: ArrayViewD<'a, E>,
    /// The batch shape iterated over: the array's own leading axes, or a shape they broadcast
    /// to (see [`Stack::broadcast`]).
    batch: Vec<usize>,
}

impl<'a, E: Element> Stack<'a, E> {
    /// The matrices of `x`.
    ///
    /// # Panics
    /// If `x` has fewer than two axes, naming `op`.
    pub(super) fn new(op: &'static str, x: &'a ArrayD<E>) -> Self {
        if x.ndim() < 2 {
            Error::invalid(op, format!("needs a matrix, got shape {:?}", x.shape())).raise();
        }
        Stack::from_view(x.view())
    }

    /// The matrices of a view with at least two axes.
    pub(super) fn from_view(view: ArrayViewD<'a, E>) -> Self {
        let batch = view.shape()[..view.ndim() - 2].to_vec();
        Stack { view, batch }
    }

    /// The matrices of `x`, which must be square.
    ///
    /// # Panics
    /// If `x` is not a square matrix or a stack of them, naming `op`.
    pub(super) fn square(op: &'static str, x: &'a ArrayD<E>) -> Self {
        let stack = Stack::new(op, x);
        if stack.rows() != stack.cols() {
            Error::invalid(op, format!("needs a square matrix, got shape {:?}", x.shape())).raise();
        }
        stack
    }

    /// The same matrices repeated over the batch shape `batch`, into which this stack's batch
    /// shape broadcasts (checked by the caller), without copying.
    pub(super) fn broadcast(&self, batch: &[usize]) -> Stack<'a, E> {
        Stack { view: self.view.clone(), batch: batch.to_vec() }
    }

    pub(super) fn rows(&self) -> usize {
        self.view.shape()[self.view.ndim() - 2]
    }

    pub(super) fn cols(&self) -> usize {
        self.view.shape()[self.view.ndim() - 1]
    }

    pub(super) fn batch(&self) -> &[usize] {
        &self.batch
    }

    /// The number of matrices.
    pub(super) fn len(&self) -> usize {
        self.batch.iter().product()
    }

    /// The matrix at row-major position `flat` of the batch axes (of the broadcast batch
    /// shape, where the stack was broadcast: an axis of length 1 repeats its one matrix).
    pub(super) fn get(&self, flat: usize) -> ArrayView2<'a, E> {
        let index = unravel(flat, &self.batch);
        let own = self.view.ndim() - 2;
        let skip = index.len() - own;
        let mut view = self.view.clone();
        // From the last batch axis back, so that the axes still to index keep their numbers.
        for axis in (0..own).rev() {
            let i = if view.shape()[axis] == 1 { 0 } else { index[skip + axis] };
            view = view.index_axis_move(Axis(axis), i);
        }
        view.into_dimensionality::<Ix2>().expect("the batch axes removed")
    }

    /// Where matrix `flat` is, for an error message: nothing for a single matrix, else
    /// ` at batch index [i, j]`.
    pub(super) fn location(&self, flat: usize) -> String {
        if self.batch.is_empty() {
            return String::new();
        }
        format!(" at batch index {:?}", unravel(flat, &self.batch))
    }

    /// `f` applied to every matrix (with its position), its `K` results stacked: result `k`
    /// has the shape `batch ++ shapes[k]`, each call returning arrays of `shapes[k]`. A single
    /// matrix gives exactly `f`'s results.
    pub(super) fn map<const K: usize>(
        &self,
        shapes: [&[usize]; K],
        mut f: impl FnMut(usize, ArrayView2<'a, E>) -> [ArrayD<E>; K],
    ) -> [ArrayD<E>; K] {
        if self.batch.is_empty() {
            return f(0, self.get(0));
        }
        let count = self.len();
        let mut data: [Vec<E>; K] = std::array::from_fn(|k| {
            Vec::with_capacity(count * shapes[k].iter().product::<usize>())
        });
        for i in 0..count {
            for (k, out) in f(i, self.get(i)).into_iter().enumerate() {
                debug_assert_eq!(out.shape(), shapes[k], "a per-matrix result's shape");
                data[k].extend(out.iter().copied());
            }
        }
        let mut data = data.into_iter();
        std::array::from_fn(|k| {
            let shape: Vec<usize> = self.batch.iter().chain(shapes[k]).copied().collect();
            ArrayD::from_shape_vec(IxDyn(&shape), data.next().expect("K results"))
                .expect("one result of its shape per matrix")
        })
    }
}

/// The multi-index of row-major position `flat` in `shape`.
fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for axis in (0..shape.len()).rev() {
        index[axis] = flat % shape[axis];
        flat /= shape[axis];
    }
    index
}

/// The broadcast of two batch shapes (NumPy's rules), or `None` if they do not broadcast.
pub(super) fn broadcast_batch(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
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

/// The last two axes swapped: the transpose of each matrix of a stack (recorded).
pub(super) fn matrix_transpose(x: &Tensor) -> Tensor {
    if x.ndim() == 2 {
        return x.t();
    }
    let mut order: Vec<usize> = (0..x.ndim()).collect();
    order.swap(x.ndim() - 2, x.ndim() - 1);
    permute_axes(x, &order)
}

/// A tensor of one number per matrix (shape `batch`) given two trailing axes of length 1, so
/// that it scales each matrix of a `batch ++ [m, n]` stack; a 0-d tensor as it is.
pub(super) fn per_matrix(x: &Tensor) -> Tensor {
    if x.ndim() == 0 {
        return x.clone();
    }
    let shape: Vec<usize> = x.shape().iter().copied().chain([1, 1]).collect();
    x.reshape(&shape)
}

/// The sum of each matrix of a stack, shaped to scale the stack (see [`per_matrix`]); of a
/// single matrix, the 0-d sum.
pub(super) fn matrix_sums(x: &Tensor) -> Tensor {
    let nd = x.ndim();
    if nd == 2 {
        return x.sum();
    }
    per_matrix(&x.sum_axes(&[nd - 2, nd - 1]))
}

/// The last axis of `v` (`[..., n]`) as the diagonal of `n × n` matrices, zeros elsewhere:
/// `[..., n, n]` (PyTorch's `diag_embed`), recorded.
pub(super) fn diag_embed(v: &Tensor) -> Tensor {
    let n = v.shape()[v.ndim() - 1];
    as_matrices(v, false) * identity(&[n, n], v.dtype())
}

/// `v` (`[..., n]`) as a stack of rows `[..., 1, n]` (or columns `[..., n, 1]` if `column`),
/// recorded.
pub(super) fn as_matrices(v: &Tensor, column: bool) -> Tensor {
    let (leading, n) = v.shape().split_at(v.ndim() - 1);
    let last = if column { [n[0], 1] } else { [1, n[0]] };
    v.reshape(&[leading, &last].concat())
}
