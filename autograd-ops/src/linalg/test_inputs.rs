//! Valid inputs for the generated gradient checks (`prepare = ...`), which sample uniformly.
//! The first input may be a matrix or a stack of them; each matrix is made valid.

use autograd_core::Tensor;
use ndarray::{Array2, ArrayD, Axis, Ix2};

/// Each matrix `A` of the first sampled input made well conditioned, `A + n·I`; any other
/// inputs unchanged.
pub(super) fn well_conditioned(mut inputs: Vec<Tensor>) -> Vec<Tensor> {
    inputs[0] = Tensor::from(per_matrix(inputs[0].to_array::<f64>(), |a| {
        let n = a.nrows();
        a + Array2::<f64>::eye(n) * n as f64
    }));
    inputs
}

/// Each matrix `A` of the first sampled input made symmetric positive definite, `A·Aᵀ + I`.
pub(super) fn symmetric_positive_definite(mut inputs: Vec<Tensor>) -> Vec<Tensor> {
    inputs[0] = Tensor::from(per_matrix(inputs[0].to_array::<f64>(), |a| {
        a.dot(&a.t()) + Array2::<f64>::eye(a.nrows())
    }));
    inputs
}

/// `f` applied to each square matrix (the last two axes) of `x`.
fn per_matrix(mut x: ArrayD<f64>, f: impl Fn(Array2<f64>) -> Array2<f64>) -> ArrayD<f64> {
    let nd = x.ndim();
    let shape = x.shape().to_vec();
    let count: usize = shape[..nd - 2].iter().product();
    let mut stack = x
        .view_mut()
        .into_shape_with_order((count, shape[nd - 2], shape[nd - 1]))
        .expect("a standard-layout sample");
    for mut m in stack.axis_iter_mut(Axis(0)) {
        let valid = f(m.to_owned().into_dimensionality::<Ix2>().expect("a matrix"));
        m.assign(&valid);
    }
    x
}
