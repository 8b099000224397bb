//! Valid inputs for the generated gradient checks (`prepare = ...`), which sample uniformly.

use autograd_core::Tensor;
use ndarray::Ix2;

/// The first sampled matrix `A` made well conditioned, `A + n·I`; any other inputs unchanged.
pub(super) fn well_conditioned(mut inputs: Vec<Tensor>) -> Vec<Tensor> {
    let a = inputs[0].to_array::<f64>();
    let n = a.shape()[0];
    inputs[0] = Tensor::from(&a + &(ndarray::Array2::<f64>::eye(n) * n as f64));
    inputs
}

/// The first sampled matrix `A` made symmetric positive definite, `A·Aᵀ + I`.
pub(super) fn symmetric_positive_definite(mut inputs: Vec<Tensor>) -> Vec<Tensor> {
    let a = inputs[0].to_array::<f64>().into_dimensionality::<Ix2>().expect("a matrix");
    let n = a.nrows();
    inputs[0] = Tensor::from(a.dot(&a.t()) + ndarray::Array2::<f64>::eye(n));
    inputs
}
