//! f32 and f64 tensors, plain number literals, and gradients in the argument's element type.

use autograd::math::exp;
use autograd::prelude::*;
use ndarray::array;

#[test]
fn f32_stays_f32_through_literals_and_gradients() {
    let x = Param::new(array![1.0f32, 2.0, 3.0]);
    let t = diff(|| sum(&(&x * 2.0 + 1.0 - 0.5 * exp(&x) / 4.0)));
    assert_eq!(t.value().dtype(), DType::F32);
    let g = grad(&t, &x).unwrap();
    assert_eq!(g.dtype(), DType::F32);
    let expected: Vec<f32> = [1.0f32, 2.0, 3.0].iter().map(|v| 2.0 - 0.125 * v.exp()).collect();
    for (a, b) in g.to_vec::<f32>().iter().zip(expected) {
        assert!((a - b).abs() < 1e-5);
    }
}

#[test]
fn f64_literals_on_both_sides() {
    let x = Param::new(2.0);
    let t = diff(|| 1.0 / &x + 3.0 * &x - (2.0 - &x));
    assert_eq!(grad(&t, &x).unwrap().item::<f64>(), -0.25 + 3.0 + 1.0);
    let y = Tensor::from(4.0f32);
    assert_eq!((&y * 2.0f32).dtype(), DType::F32);
    assert_eq!((2.0 * &y).dtype(), DType::F32, "a plain number takes the tensor's type");
}

#[test]
fn mixing_element_types_is_a_clear_error() {
    let a = Tensor::from(vec![1.0f32]);
    let b = Tensor::from(vec![1.0f64]);
    let err = std::panic::catch_unwind(|| &a * &b).unwrap_err();
    assert_eq!(
        err.downcast_ref::<String>().unwrap(),
        "mul: mixed element types f32 and f64; convert one with `to_dtype` first"
    );
    assert_eq!((&a * &b.to_dtype(DType::F32)).to_vec::<f32>(), vec![1.0]);
}

#[test]
fn tensors_from_vectors_scalars_and_arrays() {
    assert_eq!(Tensor::from(vec![1.0f32, 2.0]).shape(), &[2]);
    assert_eq!(Tensor::from(3.0).shape(), &[] as &[usize]);
    assert_eq!(Tensor::from(array![[1.0, 2.0], [3.0, 4.0]]).shape(), &[2, 2]);
    assert_eq!(Tensor::from(array![[[1.0f32]]]).to_vec::<f64>(), vec![1.0]);
    assert_eq!(Tensor::from(2.5f32).item::<f64>(), 2.5);
}
