//! W4: a vanilla tanh RNN, with autograd and by hand in ndarray.

use autograd::prelude::*;
use autograd::{linalg::matmul, math::tanh};
use ndarray::{Array1, Array2, Axis};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::Value;

use crate::mlp::{gflops, loss_and_grad_sums, normal_matrix};
use crate::{Workload, HAND, SYSTEM};

const W4_T: usize = 50;
const W4_B: usize = 32;
const W4_IN: usize = 64;
const W4_H: usize = 256;

/// Matmul FLOPs of one W4 forward + backward (common.py's `w4_flops`).
fn w4_flops() -> f64 {
    let (t, b, i, h) = (W4_T as f64, W4_B as f64, W4_IN as f64, W4_H as f64);
    let step = 2.0 * b * (i * h + h * h);
    t * step * 2.0 + t * 2.0 * b * h * h
}

/// W4's parameters `[Wx, Wh, b]` and inputs (one `batch × input` matrix per step).
fn w4_data() -> ([Array2<f32>; 2], Array1<f32>, Vec<Array2<f32>>) {
    let mut rng = StdRng::seed_from_u64(2);
    let wx = normal_matrix(&mut rng, W4_IN, W4_H, 1.0 / (W4_IN as f32).sqrt());
    let wh = normal_matrix(&mut rng, W4_H, W4_H, 1.0 / (W4_H as f32).sqrt());
    let xs = (0..W4_T).map(|_| normal_matrix(&mut rng, W4_B, W4_IN, 1.0)).collect();
    ([wx, wh], Array1::zeros(W4_H), xs)
}

fn w4_shape() -> Vec<(&'static str, Value)> {
    vec![
        ("T", Value::from(W4_T as i64)),
        ("batch", Value::from(W4_B as i64)),
        ("input", Value::from(W4_IN as i64)),
        ("hidden", Value::from(W4_H as i64)),
        ("dtype", Value::from("f32")),
        ("flops", Value::from(w4_flops())),
    ]
}

/// W4: a vanilla tanh RNN over 50 steps, loss = sum of the last state squared; grads of
/// Wx, Wh and b.
pub fn w4() -> Workload {
    let ([wx, wh], b, xs) = w4_data();
    let (wx, wh, b) = (Param::new(wx), Param::new(wh), Param::new(b));
    let xs: Vec<Tensor> = xs.into_iter().map(Tensor::from).collect();
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || {
            let tape = diff(|| {
                let mut h = Tensor::zeros(&[W4_B, W4_H], DType::F32);
                for x in &xs {
                    h = tanh(&(matmul(x, &wx) + matmul(&h, &wh) + &b));
                }
                sum(&abs2(&h))
            });
            let mut out = vec![value(&tape)];
            out.extend([&wx, &wh, &b].map(|p| grad(&tape, p).expect("every parameter is used")));
            out
        }),
        shape: w4_shape(),
        derived: |median| gflops(w4_flops())(median),
        checks: loss_and_grad_sums,
    }
}

/// W4 by hand in ndarray: forward keeping every state, then backpropagation through time.
pub fn w4_hand() -> Workload {
    let ([wx, wh], b, xs) = w4_data();
    Workload {
        system: HAND,
        warmup: 2,
        call: Box::new(move || {
            let mut hs = vec![Array2::<f32>::zeros((W4_B, W4_H))];
            for x in &xs {
                let h = (x.dot(&wx) + hs.last().expect("h0").dot(&wh) + &b).mapv(f32::tanh);
                hs.push(h);
            }
            let last = hs.last().expect("h_T");
            let loss = last.iter().map(|v| v * v).sum::<f32>();
            let mut dh = last * 2.0;
            let (mut dwx, mut dwh) =
                (Array2::<f32>::zeros(wx.raw_dim()), Array2::<f32>::zeros(wh.raw_dim()));
            let mut db = Array1::<f32>::zeros(W4_H);
            for t in (0..W4_T).rev() {
                let dz = dh * hs[t + 1].mapv(|v| 1.0 - v * v);
                dwx += &xs[t].t().dot(&dz);
                dwh += &hs[t].t().dot(&dz);
                db += &dz.sum_axis(Axis(0));
                dh = dz.dot(&wh.t());
            }
            vec![Tensor::from(loss), Tensor::from(dwx), Tensor::from(dwh), Tensor::from(db)]
        }),
        shape: w4_shape(),
        derived: |median| gflops(w4_flops())(median),
        checks: loss_and_grad_sums,
    }
}
