//! Shape changes.

use autograd_macros::primitive;

use crate::TensorMath;

/// The axes in reverse order: the transpose of a matrix.
#[primitive(dy => dy.t(), check(x = [2, 3]))]
pub fn transpose(x: &Array) -> Array {
    x.t().as_standard_layout().into_owned()
}

/// The same elements, in row-major order, with a new shape.
///
/// # Panics
/// If the number of elements differs, naming both shapes.
#[primitive(dy => dy.reshape(x.shape()), check(x = [2, 3], shape = &[3, 2]))]
pub fn reshape(x: &Array, shape: &[usize]) -> Array {
    match x.as_standard_layout().into_owned().into_shape_with_order(shape) {
        Ok(reshaped) => reshaped,
        Err(_) => panic!("{}", autograd_core::Error::shape("reshape", &[x.shape(), shape])),
    }
}
