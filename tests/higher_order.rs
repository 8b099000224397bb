//! Gradients of gradients, to any order.

use autograd::prelude::*;
use autograd::{
    linalg::matmul,
    math::{exp, sin, tanh},
};
use ndarray::{array, Array2};

#[test]
fn fourth_derivative_of_tanh_matches_closed_form() {
    let d4 = gradfun(gradfun(gradfun(gradfun(tanh))));
    let x = 0.5f64;
    let t = x.tanh();
    let closed_form = 8.0 * t * (1.0 - t * t) * (2.0 - 3.0 * t * t);
    let got = d4(&Tensor::from(x)).item::<f64>();
    assert!((got - closed_form).abs() < 1e-12, "{got} vs {closed_form}");
    assert!((got - 3.9522195637245).abs() < 1e-12);
}

#[test]
fn mixed_partial_derivative_of_two_params() {
    let (x, y) = (Param::new(1.3), Param::new(0.7));
    let f = || &x * &x * &y * &y * &y + sin(&(&x * &y));
    let outer = diff(|| {
        let inner = diff(f);
        grad(&inner, &x).unwrap()
    });
    let (a, b) = (1.3f64, 0.7f64);
    let closed_form = 6.0 * a * b * b + (a * b).cos() - a * b * (a * b).sin();
    let got = grad(&outer, &y).unwrap().item::<f64>();
    assert!((got - closed_form).abs() < 1e-12, "{got} vs {closed_form}");
    // d²f/dx² on the same nesting.
    let xx = grad(&diff(|| grad(&diff(f), &x).unwrap()), &x).unwrap().item::<f64>();
    assert!((xx - (2.0 * b.powi(3) - b * b * (a * b).sin())).abs() < 1e-12);
}

#[test]
fn nested_derivatives_do_not_confuse_perturbations() {
    // d/dx [x * d/dy (x + y)] = d/dx [x * 1] = 1 for every x (Siskind and Pearlmutter).
    for x0 in [-2.0, 0.0, 1.0, 3.5] {
        let outer = gradfun(|x: &Tensor| {
            let x_inner = x.clone();
            let inner = gradfun(move |y: &Tensor| &x_inner + y);
            x * inner(&Tensor::from(1.0))
        });
        assert_eq!(outer(&Tensor::from(x0)).item::<f64>(), 1.0);
    }
}

#[test]
fn second_derivative_through_gradloss_and_params() {
    let w = Param::new(0.3);
    let outer = diff(|| {
        let inner = diff(|| exp(&(&w * &w)));
        grad(&inner, &w).unwrap()
    });
    // d/dw [2w e^{w²}] = (2 + 4w²) e^{w²}
    let expected = (2.0 + 4.0 * 0.09) * 0.09f64.exp();
    assert!((grad(&outer, &w).unwrap().item::<f64>() - expected).abs() < 1e-12);
}

struct Mlp {
    w1: Param,
    b1: Param,
    w2: Param,
}

fn mlp_loss(m: &Mlp, x: &Tensor, target: &Tensor) -> Tensor {
    let h = tanh(&(matmul(x, &m.w1) + &m.b1));
    mean(&abs2(&(matmul(&h, &m.w2) - target)))
}

fn gradient_w1(m: &Mlp, x: &Tensor, t: &Tensor) -> Vec<f64> {
    grad(&diff(|| mlp_loss(m, x, t)), &m.w1).unwrap().to_vec()
}

#[test]
fn hessian_vector_product_of_an_mlp_matches_finite_differences() {
    let grid = |r: usize, c: usize, s: f64| {
        Array2::from_shape_fn((r, c), |(i, j)| ((i * c + j) as f64 * s).sin())
    };
    let m = Mlp {
        w1: Param::new(grid(3, 4, 0.7)),
        b1: Param::new(array![0.1, -0.2, 0.05, 0.0]),
        w2: Param::new(grid(4, 1, 1.3)),
    };
    let x = Tensor::from(grid(5, 3, 0.37));
    let t = Tensor::from(grid(5, 1, 0.91));
    let v = Tensor::from(grid(3, 4, 0.23));

    let hvp = diff(|| {
        let g = grad(&diff(|| mlp_loss(&m, &x, &t)), &m.w1).unwrap();
        sum(&(g * &v))
    });
    let analytic = grad(&hvp, &m.w1).unwrap().to_vec::<f64>();

    let w1 = value(&m.w1);
    let eps = 1e-5;
    m.w1.set(&w1 + &v * eps);
    let plus = gradient_w1(&m, &x, &t);
    m.w1.set(&w1 - &v * eps);
    let minus = gradient_w1(&m, &x, &t);
    m.w1.set(w1);
    for (i, a) in analytic.iter().enumerate() {
        let numeric = (plus[i] - minus[i]) / (2.0 * eps);
        assert!((a - numeric).abs() < 1e-7 * (1.0 + numeric.abs()), "{i}: {a} vs {numeric}");
    }
}
