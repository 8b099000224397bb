//! Criterion benchmarks of the dense kernels against which issue 10 measures PyTorch: the
//! vectorized element-wise functions on 10⁶ elements (forward, and forward + fused gradient),
//! and the reductions and slow paths on a 1000 × 1000 matrix.
//!
//! Run at one thread to compare with `torch.set_num_threads(1)`:
//! `RAYON_NUM_THREADS=1 cargo bench --bench kernels` (`-- elementwise/` or `-- reduce/` for a
//! part). The PyTorch side is `bench/kernels.py`.

use std::hint::black_box;
use std::time::Duration;

use autograd::prelude::*;
use autograd::shape::reshape;
use autograd::{math, nn, reduce, special};
use criterion::{criterion_group, criterion_main, Criterion};

/// `n` deterministic values spread over [-3, 3) (the timing does not depend on the values).
fn spread(n: usize) -> Vec<f64> {
    (0..n).map(|i| ((i * 7919) % 6000) as f64 / 1000.0 - 3.0).collect()
}

type Unary = fn(&Tensor) -> Tensor;

fn elementwise(c: &mut Criterion) {
    let mut g = c.benchmark_group("elementwise");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1))
        .sample_size(10);
    let x64 = Tensor::from(spread(1_000_000));
    let x32 = Tensor::from(spread(1_000_000).iter().map(|&v| v as f32).collect::<Vec<_>>());
    let cases: [(&str, Unary); 7] = [
        ("exp", math::exp),
        ("log", |t| math::log(&math::abs(t))),
        ("tanh", math::tanh),
        ("sigmoid", nn::sigmoid),
        ("softplus", nn::softplus),
        ("erf", special::erf),
        ("gelu", nn::gelu),
    ];
    for (name, f) in cases {
        for (ty, x) in [("f32", &x32), ("f64", &x64)] {
            g.bench_function(format!("{name}/{ty}"), |b| b.iter(|| f(black_box(x))));
            let slope = gradfun(move |t: &Tensor| sum(&f(t)));
            g.bench_function(format!("{name}_grad/{ty}"), |b| b.iter(|| slope(black_box(x))));
        }
    }
}

fn reductions(c: &mut Criterion) {
    let mut g = c.benchmark_group("reduce");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1))
        .sample_size(10);
    let m: Vec<f64> = spread(1_000_000);
    for (ty, x) in [
        ("f32", Tensor::from(m.iter().map(|&v| v as f32).collect::<Vec<_>>())),
        ("f64", Tensor::from(m.clone())),
    ] {
        let x = reshape(&x, &[1000, 1000]);
        let cases: [(&str, Unary); 7] = [
            ("max", |t| reduce::max(t)),
            ("max_axes", |t| reduce::max_axes(t, &[1])),
            ("norm2", |t| reduce::norm(t, 2.0)),
            ("softmax", |t| nn::softmax(t, 1)),
            ("log_softmax", |t| nn::log_softmax(t, 1)),
            ("softmax_axis0", |t| nn::softmax(t, 0)),
            ("log_softmax_axis0", |t| nn::log_softmax(t, 0)),
        ];
        for (name, f) in cases {
            g.bench_function(format!("{name}/{ty}"), |b| b.iter(|| f(black_box(&x))));
        }
        // Forward and backward of a weighted sum, so the incoming gradient is not constant.
        let w = 1.0 + 1e-3 * &x;
        let grads: [(&str, Unary); 4] = [
            ("softmax_grad", |t| nn::softmax(t, 1)),
            ("log_softmax_grad", |t| nn::log_softmax(t, 1)),
            ("softmax_axis0_grad", |t| nn::softmax(t, 0)),
            ("log_softmax_axis0_grad", |t| nn::log_softmax(t, 0)),
        ];
        for (name, f) in grads {
            let slope = gradfun(|t: &Tensor| sum(&(f(t) * &w)));
            g.bench_function(format!("{name}/{ty}"), |b| b.iter(|| slope(black_box(&x))));
        }
        // prod's backward: values near 1 so the product stays finite.
        let near_one = 1.0 + 1e-4 * &x;
        let slope = gradfun(|t: &Tensor| reduce::prod(t));
        g.bench_function(format!("prod_grad/{ty}"), |b| b.iter(|| slope(black_box(&near_one))));
        let slope = gradfun(|t: &Tensor| sum(&reduce::prod_axes(t, &[0])));
        g.bench_function(format!("prod_axes0_grad/{ty}"), |b| {
            b.iter(|| slope(black_box(&near_one)))
        });
    }
}

criterion_group!(benches, elementwise, reductions);
criterion_main!(benches);
