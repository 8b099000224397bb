//! NumPy/Julia broadcasting; each gradient has its argument's shape.

use autograd::prelude::*;
use autograd::{gradcheck, gradgradcheck, linalg::matmul, math::tanh};
use ndarray::{array, Array2};

#[test]
fn matrix_plus_row_and_column_gradients_have_argument_shapes() {
    let m = Param::new(Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f64));
    let row = Param::new(array![1.0, 2.0, 3.0, 4.0]);
    let column = Param::new(array![[1.0], [-1.0], [0.5]]);
    let t = diff(|| sum(&((&m + &row) * &column)));
    let (gm, gr, gc) = (grad(&t, &m).unwrap(), grad(&t, &row).unwrap(), grad(&t, &column).unwrap());
    assert_eq!(gm.shape(), &[3, 4]);
    assert_eq!(gr.shape(), &[4]);
    assert_eq!(gc.shape(), &[3, 1]);
    // d/d row[j] = Σᵢ column[i] = 0.5; d/d column[i] = Σⱼ (m[i,j] + row[j]).
    assert_eq!(gr.to_vec::<f64>(), vec![0.5; 4]);
    assert_eq!(gc.to_vec::<f64>(), vec![16.0, 32.0, 48.0]);
}

#[test]
fn broadcast_gradients_agree_with_central_differences() {
    let f = |t: &[Tensor]| tanh(&(&t[0] * &t[1] - &t[2]));
    let args = [
        Tensor::from(Array2::from_shape_fn((3, 4), |(i, j)| 0.1 * (i as f64) - 0.2 * j as f64)),
        Tensor::from(array![0.3, -0.7, 1.1, 0.2]),
        Tensor::from(array![[0.5], [-0.25], [0.0]]),
    ];
    gradcheck(f, &args).unwrap();
    gradgradcheck(f, &args).unwrap();
}

#[test]
fn incompatible_shapes_name_the_operation_and_both_shapes() {
    let a = Tensor::from(vec![1.0, 2.0, 3.0]);
    let b = Tensor::from(vec![1.0, 2.0]);
    let message = std::panic::catch_unwind(|| &a + &b).unwrap_err();
    let message = message.downcast_ref::<String>().unwrap();
    assert_eq!(message, "add: incompatible shapes [3] and [2]");
}

#[test]
fn matmul_shape_errors_name_both_shapes() {
    let a = Tensor::from(Array2::<f64>::zeros((2, 3)));
    let message = std::panic::catch_unwind(|| matmul(&a, &a)).unwrap_err();
    assert_eq!(
        message.downcast_ref::<String>().unwrap(),
        "matmul: incompatible shapes [2, 3] and [2, 3]"
    );
}
