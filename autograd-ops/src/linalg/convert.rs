//! Matrix views of arrays with the op's name in their errors, and conversions to and from
//! nalgebra's `f64` matrices.

use autograd_core::{Element, Error, Tensor};
use nalgebra::DMatrix;
use ndarray::{Array2, ArrayD, ArrayView2, Ix2};

/// The identity pattern of a matrix shape (ones on the main diagonal), as a constant; of the
/// last two axes of a longer shape, so that it broadcasts against a stack of that shape.
pub(super) fn identity(shape: &[usize], dtype: autograd_core::DType) -> Tensor {
    let (rows, cols) = (shape[shape.len() - 2], shape[shape.len() - 1]);
    let data: Vec<f64> =
        (0..rows * cols).map(|i| if i / cols == i % cols { 1.0 } else { 0.0 }).collect();
    Tensor::from_shape_vec(&[rows, cols], data).to_dtype(dtype)
}

/// `x` as a matrix view.
///
/// # Panics
/// If `x` is not 2-d, naming the operation.
pub(super) fn matrix<'a, E: Element>(op: &'static str, x: &'a ArrayD<E>) -> ArrayView2<'a, E> {
    match x.view().into_dimensionality::<Ix2>() {
        Ok(m) => m,
        Err(_) => Error::invalid(op, format!("needs a matrix, got shape {:?}", x.shape())).raise(),
    }
}

pub(super) fn to_f64<E: Element>(v: E) -> f64 {
    v.to_f64().expect("a float converts to f64")
}

/// A matrix in `f64`, for nalgebra.
pub(super) fn to_matrix<E: Element>(m: ArrayView2<E>) -> DMatrix<f64> {
    DMatrix::from_fn(m.nrows(), m.ncols(), |i, j| to_f64(m[[i, j]]))
}

/// An nalgebra matrix back as a 2-d array of the element type.
pub(super) fn from_matrix<E: Element>(m: &DMatrix<f64>) -> ArrayD<E> {
    Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| E::of(m[(i, j)])).into_dyn()
}
