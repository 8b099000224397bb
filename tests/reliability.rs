//! Bad input gets clear errors; panics inside `diff` leave the library usable; threads.

use std::panic::{catch_unwind, AssertUnwindSafe};

use autograd::prelude::*;
use autograd::try_diff;
use ndarray::array;

#[test]
fn diff_of_a_non_scalar_says_what_to_do() {
    let x = Param::new(array![1.0, 2.0]);
    let err = try_diff(|| &x * 2.0).unwrap_err();
    assert_eq!(err.op(), "diff");
    assert!(err.to_string().contains("returned a tensor of shape [2]"), "{err}");
    assert!(err.to_string().contains("sum(&y)"), "{err}");
}

#[test]
fn a_panic_inside_diff_leaves_the_library_usable() {
    let x = Param::new(3.0);
    let caught = catch_unwind(AssertUnwindSafe(|| {
        diff(|| {
            let y = &x * &x;
            // A nested tape is open too when the panic happens.
            diff(|| -> Tensor { panic!("user code failed after {:?}", y.shape()) });
            y
        })
    }));
    assert!(caught.is_err());
    let t = diff(|| &x * &x);
    assert_eq!(grad(&t, &x).unwrap().item::<f64>(), 6.0);
    assert_eq!(t.len(), 2, "no stale tape recorded anything");
    assert!(!(&x * 2.0).is_tracked(), "no tape is left recording");
}

#[test]
fn a_shape_error_inside_diff_leaves_the_library_usable() {
    let x = Param::new(array![1.0, 2.0]);
    let caught =
        catch_unwind(AssertUnwindSafe(|| diff(|| sum(&(&x + &Tensor::from(vec![1.0, 2.0, 3.0]))))));
    assert!(caught.is_err());
    assert_eq!(grad(&diff(|| sum(&x)), &x).unwrap().to_vec::<f64>(), vec![1.0, 1.0]);
}

#[test]
fn tensors_and_params_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Tensor>();
    assert_send_sync::<Param>();
    assert_send_sync::<Tape>();
}

#[test]
fn two_threads_differentiate_at_once() {
    let shared = Param::new(array![1.0, 2.0, 3.0]);
    let handles: Vec<_> = (1..=2)
        .map(|k| {
            let w = shared.clone();
            std::thread::spawn(move || {
                let mut last = None;
                for _ in 0..200 {
                    let t = diff(|| sum(&(&w * &w * k as f64)));
                    last = grad(&t, &w);
                }
                last.unwrap().to_vec::<f64>()
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results[0], vec![2.0, 4.0, 6.0]);
    assert_eq!(results[1], vec![4.0, 8.0, 12.0]);
}

#[test]
fn a_tracked_value_that_escapes_diff_is_a_constant_later() {
    let x = Param::new(2.0);
    let mut escaped = None;
    let _ = diff(|| {
        let y = &x * &x;
        escaped = Some(y.clone());
        y
    });
    let escaped = escaped.unwrap();
    assert!(!escaped.is_tracked());
    let t = diff(|| &escaped * &x);
    assert_eq!(grad(&t, &x).unwrap().item::<f64>(), 4.0);
}
