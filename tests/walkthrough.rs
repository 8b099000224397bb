//! The AutoGrad.jl README walkthrough, in Rust, and the old `gradfun` interface.

use autograd::math::sin;
use autograd::prelude::*;
use ndarray::array;

#[test]
fn autograd_jl_walkthrough() {
    let x = Param::new(array![1.0, 2.0, 3.0]);
    assert_eq!(value(&x), Tensor::from(array![1.0, 2.0, 3.0]));
    assert_eq!(sum(&abs2(&x)).item::<f64>(), 14.0);

    let y = diff(|| sum(&abs2(&x)));
    assert_eq!(y.to_string(), "T(14.0)");
    assert_eq!(value(&y).item::<f64>(), 14.0);
    assert_eq!(grad(&y, &x), Some(Tensor::from(array![2.0, 4.0, 6.0])));
}

#[test]
fn outside_diff_a_param_is_just_its_value() {
    let x = Param::new(array![1.0, -2.0]);
    let y = &x * 3.0 + 1.0;
    assert!(!y.is_tracked());
    assert_eq!(y.to_vec::<f64>(), vec![4.0, -5.0]);
}

#[test]
fn gradfun_is_the_old_interface() {
    let g = gradfun(|x: &Tensor| sum(&abs2(x)));
    assert_eq!(g(&Tensor::from(array![1.0, 2.0, 3.0])).to_vec::<f64>(), vec![2.0, 4.0, 6.0]);
}

#[test]
fn gradloss_gives_gradient_and_value() {
    let gl = gradloss(|x: &Tensor| sum(&abs2(x)));
    let (g, loss) = gl(&Tensor::from(array![1.0, 2.0, 3.0]));
    assert_eq!(g.to_vec::<f64>(), vec![2.0, 4.0, 6.0]);
    assert_eq!(loss.item::<f64>(), 14.0);
}

#[test]
fn gradfun_of_a_constant_function_is_zero() {
    let g = gradfun(|_: &Tensor| Tensor::from(5.0));
    assert_eq!(g(&Tensor::from(array![1.0, 2.0])).to_vec::<f64>(), vec![0.0, 0.0]);
}

#[test]
fn grad_of_a_param_that_took_no_part_is_none() {
    let (x, unused) = (Param::new(2.0), Param::new(3.0));
    let y = diff(|| &x * &x);
    assert_eq!(grad(&y, &x).unwrap().item::<f64>(), 4.0);
    assert!(grad(&y, &unused).is_none());
}

#[test]
fn a_param_used_twice_accumulates_its_gradient() {
    let x = Param::new(3.0);
    let y = diff(|| &x * &x + &x * 2.0 + sin(&x));
    let expected = 2.0 * 3.0 + 2.0 + 3.0f64.cos();
    assert!((grad(&y, &x).unwrap().item::<f64>() - expected).abs() < 1e-12);
}

#[test]
fn tape_lists_its_nodes() {
    let x = Param::named("x", array![1.0, 2.0]);
    let y = diff(|| sum(&(&x * 2.0)));
    let nodes = y.nodes();
    let ops: Vec<_> = nodes.iter().map(|n| n.op).collect();
    assert_eq!(ops, vec!["Param", "mul", "sum"]);
    assert_eq!(nodes[1].parents, vec![0]);
    assert_eq!(nodes[2].parents, vec![1]);
    assert_eq!(nodes[0].grad.as_ref().unwrap().to_vec::<f64>(), vec![2.0, 2.0]);
    assert_eq!(nodes[2].value.as_ref().unwrap().item::<f64>(), 6.0);
}
