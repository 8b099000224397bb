//! The scalar and element-wise workloads: W1 (tape overhead), W3a (a fourth derivative) and
//! W5 (an element-wise chain).

use autograd::math::{exp, sin, tanh};
use autograd::prelude::*;
use serde_json::Value;

use crate::numpy_rng::numpy_default_rng;
use crate::{Workload, SYSTEM};

const W1_ITERS: usize = 10_000;
const W1_OPS_PER_ITER: usize = 4; // sin, mul, mul, add
const W1_X0: f64 = 0.5;
/// The W1 gradient every peer system gives (bench README).
const W1_GRAD_REF: f64 = 3.938975628904e-05;
const W3A_X0: f64 = 0.5;
/// The fourth derivative of tanh at 0.5 (bench README).
const W3A_REF: f64 = 3.9522195637245;

const W5_N: usize = 1000;
const W5_STEPS: usize = 100;
const W5_OPS_PER_STEP: usize = 5; // mul, neg, exp, mul, add
const W5_SEED: u64 = 3;

/// W1, tape overhead: a scalar (0-d) f64 loop of `x = sin(x) * 0.999 + x * 0.001`; d/dx0.
pub fn w1() -> Workload {
    let x0 = Param::new(W1_X0);
    Workload {
        system: SYSTEM,
        warmup: 1,
        call: Box::new(move || {
            let tape = diff(|| {
                let mut x = Tensor::from(&x0);
                for _ in 0..W1_ITERS {
                    x = sin(&x) * 0.999 + &x * 0.001;
                }
                x
            });
            vec![value(&tape), grad(&tape, &x0).expect("x0 takes part")]
        }),
        shape: vec![
            ("iters", Value::from(W1_ITERS as i64)),
            ("ops_per_iter", Value::from(W1_OPS_PER_ITER as i64)),
            ("dtype", Value::from("f64")),
        ],
        derived: |median| {
            vec![
                ("us_per_iter", Value::from(median / W1_ITERS as f64 * 1e6)),
                ("us_per_op", Value::from(median / (W1_ITERS * W1_OPS_PER_ITER) as f64 * 1e6)),
            ]
        },
        checks: |out| {
            let g = out[1].item::<f64>();
            let rel = (g - W1_GRAD_REF).abs() / W1_GRAD_REF;
            if rel > 1e-10 {
                eprintln!(
                    "# W1: gradient {g:e} differs from the reference {W1_GRAD_REF:e} (rel {rel:e})"
                );
            }
            vec![
                ("value", Value::from(out[0].item::<f64>())),
                ("grad", Value::from(g)),
                ("grad_rel_err", Value::from(rel)),
            ]
        },
    }
}

/// W5, element-wise chain: 1000 f32, 100 steps of `y = exp(-y*y) + 0.5*y`, then sum; d/dy0.
/// Starts from common.py's `w5_data()`: numpy `default_rng(3).uniform(-1, 1, 1000)` as f32.
pub fn w5() -> Workload {
    let y0 = Param::new(w5_data());
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || {
            let tape = diff(|| {
                let mut y = Tensor::from(&y0);
                for _ in 0..W5_STEPS {
                    y = exp(&(-&y * &y)) + 0.5 * &y;
                }
                sum(&y)
            });
            vec![value(&tape), grad(&tape, &y0).expect("y0 takes part")]
        }),
        shape: vec![
            ("size", Value::from(W5_N as i64)),
            ("steps", Value::from(W5_STEPS as i64)),
            ("ops_per_step", Value::from(W5_OPS_PER_STEP as i64)),
            ("dtype", Value::from("f32")),
        ],
        derived: |median| {
            let ops = (W5_STEPS * W5_OPS_PER_STEP) as f64;
            vec![("us_per_op", Value::from(median / ops * 1e6))]
        },
        checks: |out| {
            // The true gradient is ~1e-49 (f64), so in f32 it underflows to all zeros, in torch
            // too; the value (torch: 896.0503) is the more telling checksum.
            let g = out[1].to_vec::<f64>();
            vec![
                ("value", Value::from(out[0].item::<f64>())),
                ("grad_sum", Value::from(g.iter().sum::<f64>())),
                ("grad_abs_sum", Value::from(g.iter().map(|v| v.abs()).sum::<f64>())),
            ]
        },
    }
}

/// W3a: the fourth derivative of tanh at 0.5 by nesting `gradfun` four times, f64.
pub fn w3a() -> Workload {
    let d4 = gradfun(gradfun(gradfun(gradfun(tanh))));
    let x0 = Tensor::from(W3A_X0);
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || vec![d4(&x0)]),
        shape: vec![
            ("fn", Value::from("tanh")),
            ("order", Value::from(4)),
            ("dtype", Value::from("f64")),
        ],
        derived: |_| Vec::new(),
        checks: |out| {
            let v = out[0].item::<f64>();
            if (v - W3A_REF).abs() > 1e-10 {
                eprintln!("# W3a: {v} differs from the reference {W3A_REF}");
            }
            vec![("value", Value::from(v))]
        },
    }
}

pub fn w5_data() -> Vec<f32> {
    let mut rng = numpy_default_rng(W5_SEED);
    let data: Vec<f32> =
        (0..W5_N).map(|_| crate::numpy_rng::uniform(&mut rng, -1.0, 1.0) as f32).collect();
    // common.w5_data()[:3] and its sum in f64, printed by numpy.
    let head: Vec<f64> = data[..3].iter().map(|&v| v as f64).collect();
    let total: f64 = data.iter().map(|&v| v as f64).sum();
    assert_eq!(head, [-0.8287016749382019, -0.5263789892196655, 0.6025489568710327]);
    assert!((total - -11.19488629733678).abs() < 1e-9, "W5 data sum {total}");
    data
}
