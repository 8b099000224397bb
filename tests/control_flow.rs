//! Ordinary Rust — loops, branches on computed values, helpers, recursion, closures, structs
//! with methods — differentiates, and agrees with central differences.

use autograd::prelude::*;
use autograd::{linalg::matmul, math::tanh};
use ndarray::array;

/// The tape's gradient with respect to `p` agrees with central differences (the parameter is
/// perturbed in place and restored).
fn assert_gradient_matches(f: impl Fn() -> Tensor, p: &Param) {
    assert!(grad(&diff(&f), p).is_some(), "the result depends on p");
    if let Err(e) = autograd::gradcheck_params(f, std::slice::from_ref(p)) {
        panic!("{e}");
    }
}

#[test]
fn loops_and_branches_on_computed_values() {
    let x = Param::new(array![0.3, -0.8, 1.2]);
    let f = || {
        let mut h = x.detach() * 0.0 + &x;
        for step in 0..5 {
            let total = sum(&h).item::<f64>();
            h = if total > 0.0 { tanh(&(&h * 1.5)) } else { &h * &h - 0.1 * step as f64 };
        }
        sum(&h)
    };
    assert_gradient_matches(f, &x);
}

fn polynomial(coefficients: &[f64], x: &Tensor) -> Tensor {
    // Horner's rule, recursively.
    match coefficients {
        [] => x.scalar_like(0.0),
        [c, rest @ ..] => polynomial(rest, x) * x + *c,
    }
}

#[test]
fn helper_functions_and_recursion() {
    let x = Param::new(array![0.5, 1.5]);
    assert_gradient_matches(|| sum(&polynomial(&[1.0, -2.0, 0.5, 3.0], &x)), &x);
}

#[test]
fn closures_that_capture_params() {
    let w = Param::new(array![[0.2, -0.4], [0.7, 0.1]]);
    let layer = |x: &Tensor| tanh(&matmul(x, &w));
    let input = Tensor::from(array![[1.0, 2.0], [-1.0, 0.5]]);
    assert_gradient_matches(|| sum(&layer(&layer(&input))), &w);
}

#[derive(Params)]
struct Linear {
    w: Param,
    b: Param,
}

impl Linear {
    fn forward(&self, x: &Tensor) -> Tensor {
        matmul(x, &self.w) + &self.b
    }
}

#[test]
fn callable_objects_with_methods() {
    let model = Linear {
        w: Param::new(array![[0.1, 0.2, 0.3], [-0.3, 0.4, 0.0]]),
        b: Param::new(array![0.0, 0.1, -0.1]),
    };
    let x = Tensor::from(array![[1.0, 2.0], [3.0, -1.0], [0.5, 0.5], [0.0, 1.0]]);
    let loss = || mean(&abs2(&model.forward(&x)));
    for p in params(&model) {
        assert_gradient_matches(loss, &p);
    }
}
