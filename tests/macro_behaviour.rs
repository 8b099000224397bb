//! Behaviour of `#[primitive]` and `#[zerograd]` from a user crate: the numbers the generated
//! code produces, and the generated gradient checks in the registry.

use autograd::prelude::*;
use autograd::PrimitiveKind;

/// `x · eᵏ`, differentiable in `x` only: `_` declares that `k` takes no gradient.
#[primitive(dy => dy * k.exp(), _)]
fn scaled_exp(x: f64, k: f64) -> f64 {
    x * k.exp()
}

/// Row `i` of `x` times `factors[i]`: a tensor-level primitive with a constant argument.
#[primitive(dy => scale_rows(dy, factors), check(x = [3, 2], factors = &[1.0, -2.0, 0.5]))]
fn scale_rows(x: &Array, factors: &[f64]) -> Array {
    let mut out = x.clone();
    for (mut row, &factor) in out.outer_iter_mut().zip(factors) {
        row.mapv_inplace(|v| v * Elem::of(factor));
    }
    out
}

/// `x + by`: in a tensor-level primitive an `f64` argument is a constant, not a tensor.
#[primitive(dy => dy.clone(), check(by = 0.5))]
fn shifted(x: &Array, by: f64) -> Array {
    x.mapv(|v| v + Elem::of(by))
}

/// 1 where `x` is positive, else 0.
#[zerograd]
fn positive(x: f64) -> bool {
    x > 0.0
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| (a - b).abs() < 1e-12)
}

#[test]
fn elementwise_primitive_computes_values_with_broadcasting() {
    let x = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 3.0, 4.0]);
    let k = Tensor::from(vec![0.0, 1.0]);
    let e = 1f64.exp();
    assert_eq!(scaled_exp(&x, &k).shape(), &[2, 2]);
    assert!(close(&scaled_exp(&x, &k).to_vec::<f64>(), &[1.0, 2.0 * e, 3.0, 4.0 * e]));
    let y32 = scaled_exp(&x.to_dtype(DType::F32), &k.to_dtype(DType::F32));
    assert_eq!(y32.dtype(), DType::F32);
}

#[test]
fn underscore_argument_takes_no_gradient() {
    let x = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 3.0, 4.0]);
    let k = Tensor::from(vec![0.0, 1.0]);
    let (value, grads) = value_and_gradients(|t| sum(&scaled_exp(&t[0], &t[1])), &[x, k]);
    let e = 1f64.exp();
    assert!((value.item::<f64>() - (4.0 + 6.0 * e)).abs() < 1e-12);
    // ∂/∂x = eᵏ, broadcast over the rows.
    assert!(close(&grads[0].to_vec::<f64>(), &[1.0, e, 1.0, e]));
    // `k` was declared `_`: zeros of its shape, although the function depends on it.
    assert_eq!(grads[1].shape(), &[2]);
    assert_eq!(grads[1].to_vec::<f64>(), vec![0.0, 0.0]);

    let (x, k) = (Param::new(vec![1.0, 2.0]), Param::new(0.5));
    let tape = diff(|| sum(&scaled_exp(&x, &k)));
    assert!(close(&grad(&tape, &x).unwrap().to_vec::<f64>(), &[0.5f64.exp(); 2]));
    assert!(grad(&tape, &k).is_none());
}

#[test]
fn tensor_level_primitive_passes_its_constant_through() {
    let x = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let y = scale_rows(&x, &[2.0, -1.0]);
    assert_eq!(y.shape(), &[2, 3]);
    assert_eq!(y.to_vec::<f64>(), vec![2.0, 4.0, 6.0, -4.0, -5.0, -6.0]);
    assert_eq!(scale_rows(&x.to_dtype(DType::F32), &[2.0, -1.0]).dtype(), DType::F32);

    // The gradient of Σ wᵢⱼ · scale_rows(x)ᵢⱼ is w with its rows scaled.
    let w = Tensor::from_shape_vec(&[2, 3], vec![1.0, 0.0, -1.0, 0.5, 0.5, 0.5]);
    let (_, grads) = value_and_gradients(
        |t| sum(&(&scale_rows(&t[0], &[3.0, 10.0]) * &w)),
        std::slice::from_ref(&x),
    );
    assert_eq!(grads[0].to_vec::<f64>(), vec![3.0, 0.0, -3.0, 5.0, 5.0, 5.0]);

    // The rule calls the primitive itself, so it differentiates again: for f = Σ (3x)²,
    // ∇f = 18x and ∇(Σ ∇f) = 18.
    let d1 = gradfun(|x: &Tensor| sum(&abs2(&scale_rows(x, &[3.0]))));
    let at = Tensor::from_shape_vec(&[1, 2], vec![1.0, 2.0]);
    assert_eq!(d1(&at).to_vec::<f64>(), vec![18.0, 36.0]);
    let d2 = gradfun(|x: &Tensor| sum(&d1(x)));
    assert_eq!(d2(&at).to_vec::<f64>(), vec![18.0, 18.0]);

    let (value, grads) = value_and_gradients(|t| sum(&shifted(&t[0], 0.25)), &[x]);
    assert_eq!(value.item::<f64>(), 21.0 + 6.0 * 0.25);
    assert_eq!(grads[0].to_vec::<f64>(), vec![1.0; 6]);
}

#[test]
fn zerograd_bool_gives_ones_and_zeros_and_no_gradient() {
    let x = Tensor::from(vec![-1.0, 2.0, 0.0, 0.5]);
    let p = positive(&x);
    assert_eq!(p.to_vec::<f64>(), vec![0.0, 1.0, 0.0, 1.0]);
    assert_eq!(positive(&x.to_dtype(DType::F32)).dtype(), DType::F32);

    // d/dx Σ positive(x) · x = positive(x): the mask itself contributes nothing.
    let (_, grads) =
        value_and_gradients(|t| sum(&(&positive(&t[0]) * &t[0])), std::slice::from_ref(&x));
    assert_eq!(grads[0].to_vec::<f64>(), vec![0.0, 1.0, 0.0, 1.0]);
    let (_, grads) = value_and_gradients(|t| sum(&positive(&t[0])), &[x]);
    assert_eq!(grads[0].to_vec::<f64>(), vec![0.0; 4]);
}

/// The registered primitive defined in this file with that name.
fn registered(name: &str) -> &'static autograd::PrimitiveInfo {
    autograd::primitives()
        .into_iter()
        .find(|p| p.name == name && p.module.starts_with("macro_behaviour"))
        .unwrap_or_else(|| panic!("`{name}` is not registered"))
}

#[test]
fn user_primitives_are_registered_and_their_checks_pass() {
    for (name, kind) in [
        ("scaled_exp", PrimitiveKind::Elementwise),
        ("scale_rows", PrimitiveKind::TensorLevel),
        ("shifted", PrimitiveKind::TensorLevel),
        ("positive", PrimitiveKind::ZeroGrad),
    ] {
        let p = registered(name);
        assert_eq!(p.kind, kind, "{name}");
        assert_eq!(p.family(), "macro_behaviour");
        let report = (p.check)().unwrap_or_else(|e| panic!("check of `{name}` failed: {e}"));
        let differentiable = kind != PrimitiveKind::ZeroGrad;
        assert_eq!((report.first_order, report.second_order), (differentiable, differentiable));
    }
}

// The macro puts a `#[test]` running the generated check beside every primitive, and for
// `bad_square` that test would fail, by design. In a module inside a function, that `#[test]`
// cannot be named by the test harness and is not run, while the registered check is linked in
// as usual (were it run, this test binary would fail).
#[test]
fn a_wrong_gradient_rule_fails_the_generated_check() {
    mod wrong {
        use autograd::prelude::*;

        /// The square, with a wrong gradient rule: `3x` instead of `2x`.
        #[primitive(dy => dy * 3.0 * x)]
        pub fn bad_square(x: f64) -> f64 {
            x * x
        }
    }

    assert_eq!(wrong::bad_square(&Tensor::from(3.0)).item::<f64>(), 9.0);
    let p = registered("bad_square");
    let message = (p.check)().expect_err("the check of a wrong gradient rule must fail");
    assert!(message.starts_with("bad_square: order-1 gradient check failed"), "{message}");
}

/// `#[constant]` makes an `f64` argument of an element-wise primitive a plain number.
#[primitive(dy => dy * (alpha + (1.0 - alpha) * (x.signum() + 1.0) * 0.5), check(alpha = 0.1))]
fn leaky(x: f64, #[constant] alpha: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        alpha * x
    }
}

#[test]
fn a_constant_f64_argument_is_a_number_in_both_element_types() {
    let x = Param::new(vec![-2.0f32, 3.0]);
    let tape = diff(|| sum(&leaky(&x, 0.1)));
    assert_eq!(tape.value().to_vec::<f32>(), vec![2.8]);
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f32>(), vec![0.1, 1.0]);
    let d2 = gradfun(gradfun(|t: &Tensor| leaky(t, 0.5)));
    assert_eq!(d2(&Tensor::from(-1.0)).item::<f64>(), 0.0);
}
