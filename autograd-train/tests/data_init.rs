//! Minibatches, the train/test split and the initializers: seeded, complete, shaped right.

use autograd_core::{DType, Tensor};
use autograd_ops::matmul;
use autograd_train::data::{train_test_split, Minibatches};
use autograd_train::init;

fn rows_of(x: &Tensor) -> Vec<f64> {
    x.to_vec::<f64>().chunks(2).map(|r| r[0]).collect()
}

#[test]
fn each_epoch_visits_every_sample_once_in_a_new_seeded_order() {
    let n = 10;
    let x = Tensor::from_shape_vec(&[n, 2], (0..2 * n).map(|v| (v / 2) as f64).collect());
    let y: Vec<usize> = (0..n).collect();
    let epoch = |b: &mut Minibatches<Tensor, Vec<usize>>| -> Vec<usize> {
        b.epoch()
            .flat_map(|(xb, yb)| {
                // Features and labels stay paired.
                assert_eq!(rows_of(&xb), yb.iter().map(|&i| i as f64).collect::<Vec<_>>());
                yb
            })
            .collect()
    };
    let mut a = Minibatches::new(&x, &y, 3).shuffle(11);
    let (first, second) = (epoch(&mut a), epoch(&mut a));
    for order in [&first, &second] {
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, y);
    }
    assert_ne!(first, second, "a new order each epoch");
    assert_ne!(first, y, "shuffled");
    let mut b = Minibatches::new(&x, &y, 3).shuffle(11);
    assert_eq!(epoch(&mut b), first, "the same seed, the same order");
    let mut plain = Minibatches::new(&x, &y, 3);
    assert_eq!(epoch(&mut plain), y, "in order without shuffling");

    let mut dropped = Minibatches::new(&x, &y, 3).drop_last();
    assert_eq!(dropped.len(), 3);
    assert!(dropped.epoch().all(|(xb, yb)| xb.shape() == [3, 2] && yb.len() == 3));
}

#[test]
fn split_is_seeded_disjoint_and_complete() {
    let y: Vec<usize> = (0..100).collect();
    let ((a, _), (b, _)) = train_test_split(&y, &y, 0.25, 3);
    let ((a2, _), _) = train_test_split(&y, &y, 0.25, 3);
    let ((a3, _), _) = train_test_split(&y, &y, 0.25, 4);
    assert_eq!((a.len(), b.len()), (75, 25));
    assert_eq!(a, a2);
    assert_ne!(a, a3);
    let mut all = [a, b].concat();
    all.sort_unstable();
    assert_eq!(all, y);
}

#[test]
#[should_panic(expected = "Minibatches::new: needs as many samples in x (2) as in y (3)")]
fn minibatches_of_unequal_lengths_are_an_error_naming_the_op() {
    let _ = Minibatches::new(&vec![0, 1], &vec![0, 1, 2], 1);
}

#[test]
fn initializers_are_seeded_and_agree_across_element_types() {
    let a = init::xavier_normal(&[4, 5], DType::F64, &mut init::rng(1));
    let b = init::xavier_normal(&[4, 5], DType::F32, &mut init::rng(1));
    let c = init::xavier_normal(&[4, 5], DType::F64, &mut init::rng(2));
    assert_eq!(a.to_dtype(DType::F32), b, "the same draws, rounded");
    assert_ne!(a, c);
    assert_eq!(b.dtype(), DType::F32);
}

#[test]
fn kaiming_normal_has_the_he_variance_for_a_convolution_weight() {
    // [out 64, in 8, 3, 3]: fan-in 72, so the standard deviation is sqrt(2 / 72).
    let w = init::kaiming_normal(&[64, 8, 3, 3], DType::F64, &mut init::rng(4)).to_vec::<f64>();
    let var = w.iter().map(|v| v * v).sum::<f64>() / w.len() as f64;
    assert!((var - 2.0 / 72.0).abs() < 0.1 * 2.0 / 72.0, "{var}");
}

#[test]
fn orthogonal_wide_weight_has_orthonormal_rows() {
    let q = init::orthogonal(&[3, 2, 2], 2.0, DType::F64, &mut init::rng(8));
    let m = Tensor::from_shape_vec(&[3, 4], q.to_vec::<f64>());
    let mmt = matmul(&m, &autograd_ops::transpose(&m)).to_vec::<f64>();
    for (i, v) in mmt.iter().enumerate() {
        let want = if i % 4 == 0 { 4.0 } else { 0.0 }; // gain² on the diagonal
        assert!((v - want).abs() < 1e-12, "{i}: {v}");
    }
}
