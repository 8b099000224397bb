//! Recycled buffers (`autograd::buffers`) are used, not only kept: a training step takes the
//! buffers the step before dropped, so the cache stays the size of one step's arrays.
//!
//! One test in its own binary: the cache is the process's, and a test running alongside would
//! change what it holds.

use autograd::prelude::*;
use autograd::{buffers, linalg::matmul, math::tanh};
use ndarray::Array2;

#[test]
fn a_training_loop_reuses_the_buffers_it_drops() {
    const N: usize = 300;
    let matrix_bytes = N * N * 8;
    let w = Param::new(Array2::from_shape_fn((N, N), |(i, j)| ((i * j) as f64).sin() * 0.01));
    let x = Tensor::from(Array2::from_shape_fn((4, N), |(i, j)| ((i + j) as f64).cos()));

    // A dropped tensor's buffer is kept, and the next array of its size takes it.
    buffers::release();
    let t = Tensor::zeros(&[N, N], DType::F64);
    drop(t);
    assert!(buffers::cached_bytes() >= matrix_bytes);
    let u = Tensor::ones(&[N, N], DType::F64);
    assert_eq!(buffers::cached_bytes(), 0, "the kept buffer was taken");
    assert!(u.to_vec::<f64>().iter().all(|&v| v == 1.0));

    // The update copies `w` (the tape still holds its value) into the buffer of the value the
    // step before dropped; without that, every step would add one to the cache until it is full.
    for _ in 0..200 {
        let tape = diff(|| sum(&tanh(&matmul(&x, &w))));
        w.axpy(-0.01, &grad(&tape, &w).unwrap());
    }
    let cached = buffers::cached_bytes();
    assert!(
        cached < 8 * matrix_bytes,
        "the cache holds {cached} bytes after 200 steps, {} matrices",
        cached / matrix_bytes
    );
}
