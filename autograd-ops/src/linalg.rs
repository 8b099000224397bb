//! Linear algebra.

use autograd_macros::primitive;
use ndarray::Ix2;

use crate::TensorMath;

/// The matrix product of two 2-d tensors.
///
/// # Panics
/// If either is not 2-d or the inner dimensions differ, naming both shapes.
#[primitive(dy => dy.matmul(&b.t()), dy => a.t().matmul(dy), check(a = [2, 3], b = [3, 4]))]
pub fn matmul(a: &Array, b: &Array) -> Array {
    let shape_error = || autograd_core::Error::shape("matmul", &[a.shape(), b.shape()]);
    let (Ok(a2), Ok(b2)) =
        (a.view().into_dimensionality::<Ix2>(), b.view().into_dimensionality::<Ix2>())
    else {
        panic!("{}", shape_error());
    };
    if a2.ncols() != b2.nrows() {
        panic!("{}", shape_error());
    }
    a2.dot(&b2).into_dyn()
}
