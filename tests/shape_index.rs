//! Shape changes, indexing and concatenation: what the gradients of picking, slicing, masking
//! and joining do, that they differentiate again, and that misuse names the operation.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use autograd::prelude::*;
use autograd::{
    cat::{chunk, concatenate, split, stack, unstack},
    gradcheck, gradgradcheck,
    index::{gather, index_select, masked_scatter, masked_select, select, slice},
    math::{sin, tanh},
    shape::{flatten, flip, squeeze, squeeze_axis, tile, unsqueeze},
};
use common::gradient;

/// A function of several tensors, as `gradcheck` takes it.
type Function = Box<dyn Fn(&[Tensor]) -> Tensor>;

/// A call expected to panic, and what its message must mention.
type Misuse<'a> = (Box<dyn FnOnce() -> Tensor + 'a>, &'static [&'static str]);

/// `0, 1, 2, …` in the given shape, as f64.
fn counting(shape: &[usize]) -> Tensor {
    let n = shape.iter().product();
    Tensor::from_shape_vec(shape, (0..n).map(|i| i as f64).collect())
}

/// Smooth, distinct values in the given shape, away from kinks.
fn wavy(shape: &[usize]) -> Tensor {
    let n = shape.iter().product();
    Tensor::from_shape_vec(shape, (0..n).map(|i| (i as f64 * 0.7 + 0.3).sin()).collect())
}

/// The message of the panic `f` raises.
fn panic_message(f: impl FnOnce() -> Tensor) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn repeated_indices_add_up_in_the_gradient() {
    let x = counting(&[3, 2]);
    // Row 1 is looked up three times, row 0 once, row 2 never.
    let g = gradient(|x| sum(&index_select(x, 0, &[1, 0, 1, 1])), &x).to_vec::<f64>();
    assert_eq!(g, vec![1.0, 1.0, 3.0, 3.0, 0.0, 0.0]);
    // Along another axis, and inside nested differentiation (the dense, recorded path).
    let g = gradient(|x| sum(&index_select(x, 1, &[0, 0])), &x).to_vec::<f64>();
    assert_eq!(g, vec![2.0, 0.0, 2.0, 0.0, 2.0, 0.0]);

    // gather: row 0 takes column 1 twice, row 1 takes column 0 and column 1.
    let picked = gather(&slice(&x, 0, 0..2, 1), 1, &[1, 1, 0, 1]);
    assert_eq!(picked.shape(), &[2, 2]);
    assert_eq!(picked.to_vec::<f64>(), vec![1.0, 1.0, 2.0, 3.0]);
    let g = gradient(|x| sum(&gather(&slice(x, 0, 0..2, 1), 1, &[1, 1, 0, 1])), &x).to_vec::<f64>();
    assert_eq!(g, vec![0.0, 2.0, 1.0, 1.0, 0.0, 0.0]);
}

#[test]
fn gather_picks_one_entry_per_row_and_scatters_its_gradient_back() {
    let scores = wavy(&[4, 3]);
    let labels = [2, 0, 1, 2];
    let picked = gather(&scores, 1, &labels);
    assert_eq!(picked.shape(), &[4, 1]);
    let s = scores.to_array::<f64>();
    for (row, &label) in labels.iter().enumerate() {
        assert_eq!(picked.to_vec::<f64>()[row], s[[row, label]]);
    }
    let g = gradient(|x| sum(&gather(x, 1, &labels)), &scores).to_vec::<f64>();
    let mut expected = vec![0.0; 12];
    for (row, &label) in labels.iter().enumerate() {
        expected[row * 3 + label] = 1.0;
    }
    assert_eq!(g, expected);
}

#[test]
fn mask_gradient_scatters_back_to_the_masked_positions() {
    let x = wavy(&[2, 3]);
    let mask = [false, true, true, false, false, true];
    let picked = masked_select(&x, &mask);
    let all = x.to_vec::<f64>();
    assert_eq!(picked.to_vec::<f64>(), vec![all[1], all[2], all[5]]);

    // d/dx Σ w ⊙ x[mask] puts w at the masked positions and zero elsewhere.
    let w = Tensor::from(vec![10.0, 20.0, 30.0]);
    let g = gradient(|x| sum(&(&masked_select(x, &mask) * &w)), &x).to_vec::<f64>();
    assert_eq!(g, vec![0.0, 10.0, 20.0, 0.0, 0.0, 30.0]);

    // A mask made from a comparison's 0/1 result.
    let positive: Vec<bool> = x.to_vec::<f64>().iter().map(|&v| v > 0.0).collect();
    let g = gradient(|x| sum(&abs2(&masked_select(x, &positive))), &x).to_vec::<f64>();
    for ((g, v), keep) in g.iter().zip(&all).zip(&positive) {
        assert_eq!(*g, if *keep { 2.0 * v } else { 0.0 });
    }

    // And back: masked_scatter places values, its gradient picks them again.
    let placed = masked_scatter(&Tensor::from(vec![1.0, 2.0, 3.0]), &mask, &[2, 3]);
    assert_eq!(placed.to_vec::<f64>(), vec![0.0, 1.0, 2.0, 0.0, 0.0, 3.0]);
}

#[test]
fn slicing_with_a_step_picks_every_step_th_entry() {
    let x = counting(&[2, 7]);
    let every_third = slice(&x, 1, 1..7, 3);
    assert_eq!(every_third.shape(), &[2, 2]);
    assert_eq!(every_third.to_vec::<f64>(), vec![1.0, 4.0, 8.0, 11.0]);
    // The end is exclusive and need not be reached by the step.
    assert_eq!(slice(&x, 1, 0..5, 2).to_vec::<f64>(), vec![0.0, 2.0, 4.0, 7.0, 9.0, 11.0]);
    // An empty range gives an empty axis.
    assert_eq!(slice(&x, 1, 3..3, 1).shape(), &[2, 0]);

    let g = gradient(|x| sum(&(2.0 * slice(x, 1, 1..7, 3))), &x).to_vec::<f64>();
    let row = [0.0, 2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
    assert_eq!(g, [row, row].concat());

    // select removes the axis; its gradient puts dy back in one column.
    let column = select(&x, 1, 4);
    assert_eq!(column.shape(), &[2]);
    assert_eq!(column.to_vec::<f64>(), vec![4.0, 11.0]);
    let g =
        gradient(|x| sum(&(select(x, 1, 4) * Tensor::from(vec![1.0, -1.0]))), &x).to_vec::<f64>();
    assert_eq!(g.iter().filter(|&&v| v != 0.0).count(), 2);
    assert_eq!((g[4], g[11]), (1.0, -1.0));
}

#[test]
fn split_then_concatenate_round_trips_with_gradient() {
    let x = wavy(&[3, 5]);
    for axis in 0..2 {
        let n = x.shape()[axis];
        let pieces = split(&x, axis, &[1, n - 1]);
        assert_eq!(concatenate(&pieces, axis), x);
        for k in 1..=n {
            assert_eq!(concatenate(&chunk(&x, axis, k), axis), x);
        }
    }
    // The gradient of Σ w ⊙ cat(split(x)) is w: every element goes back where it came from.
    let w = counting(&[3, 5]);
    let g = gradient(|x| sum(&(concatenate(&split(x, 1, &[2, 0, 3]), 1) * &w)), &x).to_vec::<f64>();
    assert_eq!(g, w.to_vec::<f64>());

    // Different functions on different pieces, joined in another order.
    let f = |t: &[Tensor]| {
        let p = chunk(&t[0], 1, 3);
        concatenate(&[tanh(&p[2]), abs2(&p[0]), sin(&p[1])], 1)
    };
    assert_eq!(f(std::slice::from_ref(&x)).shape(), &[3, 5]);
    gradcheck(f, std::slice::from_ref(&x)).unwrap();
    gradgradcheck(f, &[x]).unwrap();
}

#[test]
fn concatenate_takes_params_and_joins_many_as_a_balanced_tree() {
    let a = Param::new(vec![1.0, 2.0]);
    let b = Param::new(vec![3.0]);
    let tape = diff(|| sum(&abs2(&concatenate(&[&a, &b, &a], 0))));
    assert_eq!(tape.value().item::<f64>(), 1.0 + 4.0 + 9.0 + 1.0 + 4.0);
    // `a` appears twice: its gradients add.
    assert_eq!(grad(&tape, &a).unwrap().to_vec::<f64>(), vec![4.0, 8.0]);
    assert_eq!(grad(&tape, &b).unwrap().to_vec::<f64>(), vec![6.0]);

    let xs: Vec<Param> = (0..9).map(|i| Param::new(vec![i as f64])).collect();
    let tape = diff(|| sum(&concatenate(&xs, 0)));
    let joins = tape.nodes().iter().filter(|n| n.op == "cat2").count();
    assert_eq!(joins, 8);
    for x in &xs {
        assert_eq!(grad(&tape, x).unwrap().to_vec::<f64>(), vec![1.0]);
    }
}

#[test]
fn stack_and_unstack_are_inverse() {
    let rows: Vec<Tensor> = (0..4).map(|i| wavy(&[3]) * (i as f64 + 1.0)).collect();
    for axis in 0..2 {
        let stacked = stack(&rows, axis);
        assert_eq!(stacked.shape(), if axis == 0 { &[4, 3] } else { &[3, 4] });
        let back = unstack(&stacked, axis);
        assert_eq!(back, rows);
    }
    // Iterating over the rows of x (AutoGrad.jl's iterate) and summing what each row gives.
    let x = wavy(&[4, 3]);
    let f = |t: &[Tensor]| {
        unstack(&t[0], 0)
            .iter()
            .enumerate()
            .fold(Tensor::from(0.0), |acc, (i, row)| acc + sum(&sin(row)) * (i as f64 + 1.0))
    };
    gradcheck(f, std::slice::from_ref(&x)).unwrap();
    gradgradcheck(f, &[x]).unwrap();
}

#[test]
fn second_order_through_slices_selections_masks_and_gathers() {
    let x = wavy(&[4, 5]);
    let mask: Vec<bool> = (0..20).map(|i| i % 3 != 1).collect();
    let cases: Vec<(&str, Function)> = vec![
        ("slice", Box::new(|t| abs2(&slice(&t[0], 1, 1..5, 2)) * tanh(&slice(&t[0], 1, 0..4, 3)))),
        ("select", Box::new(|t| sin(&select(&t[0], 0, 2)) * select(&t[0], 1, 3).sum())),
        ("masked_select", Box::new(move |t| abs2(&masked_select(&tanh(&t[0]), &mask)))),
        ("gather", Box::new(|t| abs2(&gather(&t[0], 0, &[3, 3, 0, 1, 2, 0, 0, 0, 1, 1])))),
        ("flip", Box::new(|t| &t[0] * &sin(&flip(&t[0], 1)))),
        ("tile", Box::new(|t| abs2(&tile(&sin(&t[0]), &[2, 1, 2])))),
        ("squeeze", Box::new(|t| tanh(&squeeze(&unsqueeze(&flatten(&t[0]), 1))))),
    ];
    for (name, f) in &cases {
        gradcheck(f, std::slice::from_ref(&x)).unwrap_or_else(|e| panic!("{name}: {e}"));
        gradgradcheck(f, std::slice::from_ref(&x)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // Third order, by nesting: d³/dx³ Σ sin(x[1:4:2]) is -cos at the sliced entries.
    let d1 = gradfun(|x: &Tensor| sum(&sin(&slice(x, 0, 1..4, 2))));
    let d2 = gradfun(move |x: &Tensor| sum(&d1(x)));
    let d3 = gradfun(move |x: &Tensor| sum(&d2(x)));
    let v = Tensor::from(vec![0.1, 0.2, 0.3, 0.4]);
    let got = d3(&v).to_vec::<f64>();
    let expected = [0.0, -(0.2f64.cos()), 0.0, -(0.4f64.cos())];
    for (g, e) in got.iter().zip(expected) {
        assert!((g - e).abs() < 1e-12, "{got:?}");
    }
}

#[test]
fn tile_gradient_counts_the_repetitions() {
    let x = counting(&[2]);
    let t = tile(&x, &[3, 2]);
    assert_eq!(t.shape(), &[3, 4]);
    assert_eq!(t.to_vec::<f64>(), [0.0, 1.0, 0.0, 1.0].repeat(3));
    assert_eq!(gradient(|x| sum(&tile(x, &[3, 2])), &x).to_vec::<f64>(), vec![6.0, 6.0]);
    assert_eq!(flip(&flip(&t, 0), 0), t);
}

#[test]
fn shape_changes_keep_the_element_type() {
    let x = wavy(&[2, 1, 3]).to_dtype(DType::F32);
    assert_eq!(squeeze(&x).shape(), &[2, 3]);
    assert_eq!(squeeze_axis(&x, 1).shape(), &[2, 3]);
    for y in [
        flatten(&x),
        slice(&x, 2, 0..3, 2),
        select(&x, 0, 1),
        gather(&x, 2, &[0, 2]),
        masked_select(&x, &[true; 6]),
        concatenate(&[&x, &x], 1),
        stack(&[&x, &x], 3),
        tile(&x, &[2, 1, 1]),
        flip(&x, 2),
    ] {
        assert_eq!(y.dtype(), DType::F32);
    }
}

#[test]
fn out_of_range_indices_name_the_operation_and_the_shape() {
    let x = counting(&[2, 3]);
    let cases: Vec<Misuse> = vec![
        (Box::new(|| select(&x, 1, 3)), &["select", "index 3", "axis 1", "[2, 3]"]),
        (Box::new(|| select(&x, 2, 0)), &["select", "axis 2", "[2, 3]"]),
        (Box::new(|| slice(&x, 1, 1..4, 1)), &["slice", "1..4", "axis 1", "[2, 3]"]),
        (Box::new(|| slice(&x, 0, 0..2, 0)), &["slice", "step"]),
        (Box::new(|| index_select(&x, 0, &[0, 5])), &["index_select", "index 5", "[2, 3]"]),
        (Box::new(|| gather(&x, 1, &[0, 3])), &["gather", "index 3", "[2, 3]"]),
        (Box::new(|| gather(&x, 1, &[0, 1, 2])), &["gather", "3 indices", "[2, 3]"]),
        (Box::new(|| masked_select(&x, &[true; 5])), &["masked_select", "5 flags", "[2, 3]"]),
        (Box::new(|| flip(&x, 2)), &["flip", "axis 2", "[2, 3]"]),
        (Box::new(|| unsqueeze(&x, 3)), &["unsqueeze", "axis 3", "[2, 3]"]),
        (Box::new(|| squeeze_axis(&x, 0)), &["squeeze_axis", "length 2", "[2, 3]"]),
        (Box::new(|| tile(&x, &[2])), &["tile", "[2, 3]", "[2]"]),
        (
            Box::new(|| concatenate(&[x.clone(), counting(&[3, 2])], 1)),
            &["concatenate", "[2, 3]", "[3, 2]"],
        ),
        (Box::new(|| concatenate(&[&x], 2)), &["concatenate", "axis 2", "[2, 3]"]),
        (Box::new(|| concatenate::<Tensor>(&[], 0)), &["concatenate", "at least one"]),
        (Box::new(|| stack(&[x.clone(), counting(&[3, 2])], 0)), &["stack", "[2, 3]", "[3, 2]"]),
        (Box::new(|| split(&x, 1, &[1, 1]).remove(0)), &["split", "[1, 1]", "length 3"]),
    ];
    for (call, expected) in cases {
        let message = panic_message(call);
        for part in expected {
            assert!(message.contains(part), "`{message}` does not mention `{part}`");
        }
    }
}
