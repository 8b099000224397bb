//! Criterion benchmarks of the tape: the W1 and W5 workloads of DESIGN.md ("Benchmark
//! workloads") and per-operation costs, recorded or not.
//!
//! `cargo bench -p autograd-dev --bench tape` (about a minute); `cargo bench -p autograd-dev --bench tape -- op/` for a subset.
//! The comparable-to-Python numbers come from `cargo run --release -p autograd-dev --example bench`, which
//! follows `bench/common.py`'s method; these are for tracking the tape's own costs.

use std::hint::black_box;
use std::time::Duration;

use autograd::math::{exp, sin};
use autograd::prelude::*;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

/// W1: 10,000 × `x = sin(x) * 0.999 + x * 0.001` on a 0-d f64, gradient w.r.t. the start.
fn w1(x0: &Param) -> Tensor {
    let tape = diff(|| {
        let mut x = Tensor::from(x0);
        for _ in 0..10_000 {
            x = sin(&x) * 0.999 + &x * 0.001;
        }
        x
    });
    grad(&tape, x0).expect("x0 takes part")
}

/// W5: 100 × `y = exp(-y*y) + 0.5*y` on 1000 f32, then sum; gradient w.r.t. the start.
fn w5(y0: &Param) -> Tensor {
    let tape = diff(|| {
        let mut y = Tensor::from(y0);
        for _ in 0..100 {
            y = exp(&(-&y * &y)) + 0.5 * &y;
        }
        sum(&y)
    });
    grad(&tape, y0).expect("y0 takes part")
}

/// `n` deterministic f32 values spread over [-1, 1) (not common.py's random W5 data, which
/// `autograd-dev/examples/bench/` reproduces; the timing does not depend on the values).
fn spread(n: usize) -> Vec<f32> {
    (0..n).map(|i| ((i * 7919) % 2000) as f32 / 1000.0 - 1.0).collect()
}

fn workloads(c: &mut Criterion) {
    let mut g = c.benchmark_group("workload");
    // Tens of milliseconds per call: a fixed number of calls per sample.
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    let x0 = Param::new(0.5);
    g.throughput(Throughput::Elements(40_000)); // recorded ops
    g.bench_function("W1", |b| b.iter(|| w1(black_box(&x0))));
    let y0 = Param::new(spread(1000));
    g.throughput(Throughput::Elements(500));
    g.bench_function("W5", |b| b.iter(|| w5(black_box(&y0))));
    g.finish();
}

fn per_op(c: &mut Criterion) {
    let mut g = c.benchmark_group("op");

    // One recorded scalar op and its backward: the fixed cost of diff + one node.
    let x = Param::new(1.5);
    g.bench_function("diff_scalar_mul", |b| {
        b.iter(|| {
            let tape = diff(|| black_box(&x) * 2.0);
            grad(&tape, &x)
        })
    });

    for n in [1, 1_000, 1_000_000] {
        g.throughput(Throughput::Elements(n as u64));
        let plain = Tensor::from(spread(n));
        g.bench_with_input(BenchmarkId::new("exp", n), &plain, |b, t| b.iter(|| exp(black_box(t))));
        // Inside diff the result must be a scalar: `sum` (and its backward) is part of it, so
        // `diff_sum` is the baseline to subtract.
        let p = Param::new(spread(n));
        g.bench_with_input(BenchmarkId::new("diff_exp_sum", n), &p, |b, p| {
            b.iter(|| {
                let tape = diff(|| sum(&exp(black_box(p))));
                grad(&tape, p)
            })
        });
        g.bench_with_input(BenchmarkId::new("diff_sum", n), &p, |b, p| {
            b.iter(|| {
                let tape = diff(|| sum(black_box(p)));
                grad(&tape, p)
            })
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = workloads, per_op
}
criterion_main!(benches);
