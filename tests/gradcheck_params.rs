//! `gradcheck_params` and `gradgradcheck_params`: gradient checks over a model's Params.

use autograd::prelude::*;
use autograd::{gradcheck_params, gradgradcheck_params};
use autograd::{
    linalg::matmul,
    math::{sin, tanh},
};

#[derive(Params)]
struct Mlp {
    w1: Param,
    b1: Param,
    w2: Param,
}

impl Mlp {
    fn new() -> Self {
        let w1 = [0.3, -0.2, 0.5, 0.1, -0.4, 0.25];
        Mlp {
            w1: Param::named("w1", Tensor::from_shape_vec(&[3, 2], w1.to_vec())),
            b1: Param::named("b1", vec![0.1, -0.1, 0.05]),
            w2: Param::named("w2", Tensor::from_shape_vec(&[1, 3], vec![0.7, -0.3, 0.2])),
        }
    }

    fn loss(&self, x: &Tensor) -> Tensor {
        let hidden = tanh(&(matmul(&self.w1, x) + &*self.b1));
        sum(&abs2(&matmul(&self.w2, &hidden)))
    }
}

#[test]
fn a_small_model_passes_both_checks_and_keeps_its_values() {
    let model = Mlp::new();
    let x = Tensor::from(vec![0.5, -1.5]);
    let before: Vec<Vec<f64>> = params(&model).iter().map(|p| p.to_vec::<f64>()).collect();
    let report = gradcheck_params(|| model.loss(&x), &params(&model)).unwrap();
    assert_eq!(report.compared, 6 + 3 + 3);
    assert!(report.worst_ratio <= 1.0);
    let report = gradgradcheck_params(|| model.loss(&x), &params(&model)).unwrap();
    assert_eq!(report.compared, 12);
    let after: Vec<Vec<f64>> = params(&model).iter().map(|p| p.to_vec::<f64>()).collect();
    assert_eq!(before, after);
}

#[test]
fn a_param_the_loss_ignores_checks_as_zero() {
    let (used, unused) = (Param::new(vec![1.0, 2.0]), Param::new(3.0));
    let loss = || sum(&sin(&used));
    assert!(gradcheck_params(loss, &[used.clone(), unused.clone()]).is_ok());
    assert!(gradgradcheck_params(loss, &[used.clone(), unused.clone()]).is_ok());
}

// The macro puts a `#[test]` running the generated check beside every primitive; inside a
// function that test is not collected, so these deliberately wrong primitives do not fail the
// binary (as in tests/macro_behaviour.rs).
#[test]
fn a_wrong_first_derivative_fails_the_first_order_check() {
    mod wrong {
        use autograd::prelude::*;

        /// x³ with the rule of x²: `2x` instead of `3x²`.
        #[primitive(dy => dy * 2.0 * x)]
        pub fn bad_cube(x: f64) -> f64 {
            x * x * x
        }
    }
    let w = Param::new(vec![0.5, -1.2]);
    let error =
        gradcheck_params(|| sum(&wrong::bad_cube(&w)), std::slice::from_ref(&w)).unwrap_err();
    assert_eq!(error.order(), 1);
    assert_eq!(error.worst().unwrap().arg, 0);
    assert!(error.to_string().starts_with("order-1 gradient check failed: argument 0"));
    assert_eq!(w.to_vec::<f64>(), [0.5, -1.2]);
}

#[test]
fn a_wrong_second_derivative_fails_only_the_second_order_check() {
    mod wrong {
        use autograd::prelude::*;

        /// sin, whose rule calls `bad_cos`.
        #[primitive(dy => dy * &bad_cos(x))]
        pub fn good_sin(x: &Array) -> Array {
            x.mapv(|v| v.sin())
        }

        /// cos with the wrong sign in its rule: `sin` instead of `−sin`.
        #[primitive(dy => dy * &x.sin())]
        pub fn bad_cos(x: &Array) -> Array {
            x.mapv(|v| v.cos())
        }
    }
    let w = Param::new(vec![0.5, -1.2]);
    let loss = || sum(&wrong::good_sin(&w));
    assert!(gradcheck_params(loss, std::slice::from_ref(&w)).is_ok());
    let error = gradgradcheck_params(loss, std::slice::from_ref(&w)).unwrap_err();
    assert_eq!(error.order(), 2);
}

#[test]
#[should_panic(expected = "gradcheck_params: parameter 0 `w` is f32")]
fn f32_parameters_are_refused_by_name() {
    let w = Param::named("w", vec![1.0f32]);
    let _ = gradcheck_params(|| sum(&w), std::slice::from_ref(&w));
}
