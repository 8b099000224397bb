//! Behaviour of `#[primitive]` and `#[zerograd]` from a user crate: the numbers the generated
//! code produces, and the generated gradient checks in the registry.

// The generated code must not make a user's crate warn: a one-line body once tripped
// `unused_braces`, and a primitive inside a function body `unnameable_test_items`.
#![deny(unused_braces, unnameable_test_items)]

mod common;

use autograd::prelude::*;
use autograd::PrimitiveKind;
use common::assert_close;

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

#[test]
fn elementwise_primitive_computes_values_with_broadcasting() {
    let x = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 3.0, 4.0]);
    let k = Tensor::from(vec![0.0, 1.0]);
    let e = 1f64.exp();
    assert_eq!(scaled_exp(&x, &k).shape(), &[2, 2]);
    assert_close(scaled_exp(&x, &k), [1.0, 2.0 * e, 3.0, 4.0 * e], 1e-12);
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
    assert_close(&grads[0], [1.0, e, 1.0, e], 1e-12);
    // `k` was declared `_`: zeros of its shape, although the function depends on it.
    assert_eq!(grads[1].shape(), &[2]);
    assert_eq!(grads[1].to_vec::<f64>(), vec![0.0, 0.0]);

    let (x, k) = (Param::new(vec![1.0, 2.0]), Param::new(0.5));
    let tape = diff(|| sum(&scaled_exp(&x, &k)));
    assert_close(grad(&tape, &x).unwrap(), [0.5f64.exp(); 2], 1e-12);
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
#[primitive(dy => dy * (alpha + (1.0 - alpha) * x.gt_mask(0.0)), check(alpha = 0.1))]
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

#[test]
fn a_primitive_defined_inside_a_test_function_works_and_is_checked() {
    /// The cube.
    #[primitive(dy => dy * 3.0 * x * x)]
    fn cube_inside(x: f64) -> f64 {
        x * x * x
    }

    let x = Param::new(vec![2.0, -1.0]);
    let tape = diff(|| sum(&cube_inside(&x)));
    assert_eq!(tape.value().item::<f64>(), 7.0);
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![12.0, 3.0]);
    // Rust cannot run a `#[test]` nested in a function, but the check is registered and passes.
    let report = (registered("cube_inside").check)().unwrap();
    assert!(report.first_order && report.second_order);
}

/// softplus(x) = ln(1 + eˣ), written as a plain `f64` function of the user's own.
fn softplus_f64(x: f64) -> f64 {
    if x > 30.0 {
        x
    } else {
        x.exp().ln_1p()
    }
}

/// A user's own `f64` constant.
const OFFSET: f64 = 0.25;

/// softplus(x) + 0.25 through the helper and the constant: the f32 kernel calls them in f64.
#[primitive(dy => dy / (1.0 + (-x).exp()))]
fn shifted_softplus(x: f64) -> f64 {
    softplus_f64(x) + OFFSET
}

#[test]
fn an_elementwise_body_may_call_the_users_own_f64_helper() {
    let values = [-3.0, -0.5, 0.0, 0.5, 3.0];
    let x = Tensor::from(values.to_vec());
    let expected: Vec<f64> = values.iter().map(|&v| softplus_f64(v) + OFFSET).collect();
    assert_eq!(shifted_softplus(&x).to_vec::<f64>(), expected);

    // In f32: the f64 result rounded once (the inputs are exact in f32).
    let x32 = Param::new(x.to_dtype(DType::F32));
    let rounded: Vec<f32> = expected.iter().map(|&v| v as f32).collect();
    assert_eq!(shifted_softplus(&x32).to_vec::<f32>(), rounded);
    let tape = diff(|| sum(&shifted_softplus(&x32)));
    let sigmoid: Vec<f32> = values.iter().map(|&v| (1.0 / (1.0 + (-v).exp())) as f32).collect();
    let g = grad(&tape, &x32).unwrap().to_vec::<f32>();
    assert!(g.iter().zip(&sigmoid).all(|(a, b)| (a - b).abs() < 1e-6), "{g:?}");

    let report = (registered("shifted_softplus").check)().unwrap();
    assert!(report.first_order && report.second_order);
}

/// The rows of `x` in reverse order, spelled with `ndarray`'s own `Array` path and with
/// `Array` (here `ArrayD<Elem>`) in an expression and inside a macro.
#[primitive(dy => reverse_rows(dy), check(x = [3, 2]))]
fn reverse_rows(x: &Array) -> Array {
    let rows: Vec<ndarray::Array<Elem, ndarray::IxDyn>> =
        x.outer_iter().rev().map(|r| r.to_owned()).collect();
    let mut out = Array::zeros(x.raw_dim());
    for (mut target, row) in out.outer_iter_mut().zip(&rows) {
        target.assign(row);
    }
    let outs = vec![Array::zeros(x.raw_dim()) + &out];
    outs.into_iter().next().unwrap()
}

#[test]
fn a_tensor_level_body_may_name_ndarrays_array_type() {
    let x = Tensor::from_shape_vec(&[3, 2], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(reverse_rows(&x).to_vec::<f64>(), vec![5.0, 6.0, 3.0, 4.0, 1.0, 2.0]);
    let x32 = x.to_dtype(DType::F32);
    assert_eq!(reverse_rows(&x32).to_vec::<f32>(), vec![5.0, 6.0, 3.0, 4.0, 1.0, 2.0]);
    let report = (registered("reverse_rows").check)().unwrap();
    assert!(report.first_order && report.second_order);
}

/// Two models in sequence: `#[derive(Params)]` bounds `A: Params, B: Params` itself.
#[derive(Params)]
struct Chain<A, B> {
    first: A,
    second: B,
}

/// `M` appears only in a skipped field, so it needs no `Params` bound.
#[derive(Params)]
struct Frozen<M> {
    w: Param,
    #[params(skip)]
    _meta: M,
}

#[derive(Params)]
enum Either<L, R> {
    Left(L),
    Right { right: R },
}

#[test]
fn derive_params_bounds_the_type_parameters_of_visited_fields() {
    let (a, b, c) = (Param::new(1.0), Param::new(2.0), Param::new(3.0));
    let chain: Chain<Param, Vec<Param>> =
        Chain { first: a.clone(), second: vec![b.clone(), c.clone()] };
    assert_eq!(params(&chain), vec![a.clone(), b.clone(), c.clone()]);
    let nested: Chain<Chain<Param, Param>, Either<Param, Param>> = Chain {
        first: Chain { first: c.clone(), second: b.clone() },
        second: Either::Right { right: a.clone() },
    };
    assert_eq!(params(&nested), vec![c, b, a.clone()]);
    let left: Either<Param, Tensor> = Either::Left(Param::new(0.0));
    assert_eq!(params(&left).len(), 1);
    // `Duration` is not `Params`; it may sit in a skipped field.
    let frozen = Frozen { w: a.clone(), _meta: std::time::Duration::from_secs(1) };
    assert_eq!(params(&frozen), vec![a]);
}
