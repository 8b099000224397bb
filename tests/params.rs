//! `params(&model)` and copy-on-write parameter updates.

use std::collections::HashMap;

use autograd::prelude::*;
use ndarray::array;

#[derive(Params)]
struct Layer {
    w: Param,
    b: Option<Param>,
    #[params(skip)]
    _frozen: Param,
    activation: String,
}

#[derive(Params)]
struct Model {
    layers: Vec<Layer>,
    head: Box<(Param, [Param; 2])>,
    named: HashMap<String, Param>,
    scale: f64,
}

#[derive(Params)]
enum Block {
    Dense(Param, Param),
    Identity,
}

fn p(v: f64) -> Param {
    Param::new(v)
}

#[test]
fn params_finds_every_param_in_a_stable_order() {
    let (w1, b1, w2, h, h1, h2, za, zb) =
        (p(1.0), p(2.0), p(3.0), p(4.0), p(5.0), p(6.0), p(7.0), p(8.0));
    let model = Model {
        layers: vec![
            Layer {
                w: w1.clone(),
                b: Some(b1.clone()),
                _frozen: p(0.0),
                activation: "tanh".into(),
            },
            Layer { w: w2.clone(), b: None, _frozen: p(0.0), activation: "relu".into() },
        ],
        head: Box::new((h.clone(), [h1.clone(), h2.clone()])),
        named: [("z".to_string(), zb.clone()), ("a".to_string(), za.clone())].into(),
        scale: 1.0,
    };
    let _ = (&model.scale, &model.layers[0].activation);
    assert_eq!(params(&model), vec![w1, b1, w2, h, h1, h2, za, zb]);
}

#[test]
fn params_of_enums_tuples_and_shared_params() {
    let (a, b) = (p(1.0), p(2.0));
    let blocks = vec![
        Block::Dense(a.clone(), b.clone()),
        Block::Identity,
        Block::Dense(a.clone(), b.clone()),
    ];
    assert_eq!(params(&blocks), vec![a.clone(), b.clone()]);
    assert_eq!(params(&(b.clone(), a.clone())), vec![b, a]);
}

#[test]
fn updating_a_param_after_grad_is_copy_on_write() {
    let w = Param::new(array![1.0, 2.0, 3.0]);
    let seen = value(&w);
    let tape = diff(|| sum(&abs2(&w)));
    let g = grad(&tape, &w).unwrap();

    w.axpy(-0.5, &g);
    assert_eq!(value(&w).to_vec::<f64>(), vec![0.0, 0.0, 0.0]);
    assert_eq!(seen.to_vec::<f64>(), vec![1.0, 2.0, 3.0], "an old handle keeps its value");
    assert_eq!(tape.nodes()[0].value.as_ref().unwrap().to_vec::<f64>(), vec![1.0, 2.0, 3.0]);
    assert_eq!(tape.value().item::<f64>(), 14.0);
    assert_eq!(g.to_vec::<f64>(), vec![2.0, 4.0, 6.0]);

    w.set(array![5.0, 5.0, 5.0]);
    w.update(|v| v * 2.0);
    assert_eq!(value(&w).to_vec::<f64>(), vec![10.0, 10.0, 10.0]);
    assert_eq!(tape.nodes()[0].value.as_ref().unwrap().to_vec::<f64>(), vec![1.0, 2.0, 3.0]);
}

#[test]
fn cloning_a_param_shares_it() {
    let a = Param::new(1.0);
    let b = a.clone();
    b.set(2.0);
    assert_eq!(value(&a).item::<f64>(), 2.0);
    assert_eq!(a, b);
    assert_ne!(a, Param::new(2.0));
}

#[test]
#[should_panic(expected = "Param::set: incompatible shapes [3] and [2]")]
fn set_keeps_the_shape() {
    Param::new(vec![1.0, 2.0, 3.0]).set(vec![1.0, 2.0]);
}

// A `Param` given as the argument of `gradfun`, `gradloss` or `value_and_gradients` is that
// function's variable (its leaf on the new tape), and stays a leaf of any outer tape.

#[test]
fn gradfun_of_a_param_argument_differentiates_with_respect_to_it() {
    let w = Param::new(vec![1.0, 2.0, 3.0]);
    let g = gradfun(|x: &Tensor| sum(&(x * x)))(&w);
    assert_eq!(g.to_vec::<f64>(), vec![2.0, 4.0, 6.0]);
    let (g, v) = gradloss(|x: &Tensor| sum(&(x * x)))(&w);
    assert_eq!((g.to_vec::<f64>(), v.item::<f64>()), (vec![2.0, 4.0, 6.0], 14.0));
}

#[test]
fn value_and_gradients_of_param_arguments_gives_each_its_own_gradient() {
    let (p0, p1) = (Param::new(5.0), Param::new(7.0));
    let args = [Tensor::from(&p0), Tensor::from(&p1)];
    let (value, grads) = value_and_gradients(|z| &z[0] * 2.0 + &z[1] * 3.0, &args);
    assert_eq!(value.item::<f64>(), 31.0);
    assert_eq!((grads[0].item::<f64>(), grads[1].item::<f64>()), (2.0, 3.0));
}

#[test]
fn a_param_argument_of_an_inner_gradfun_is_tracked_by_the_outer_diff() {
    let w = Param::new(vec![1.0, 2.0, 3.0]);
    let tape = diff(|| sum(&gradfun(|x: &Tensor| sum(&x.powi(3)))(&w)));
    let g = grad(&tape, &w).expect("the outer tape sees w");
    assert_eq!(g.to_vec::<f64>(), vec![6.0, 12.0, 18.0]);
}
