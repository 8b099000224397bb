//! W2 (an MLP training step, and the same by hand in ndarray) and W3b (a Hessian-vector
//! product of its loss).
//!
//! common.py draws the data from numpy's standard normal; the shapes, scales and dtypes are the
//! same here, the numbers come from `rand` (what is timed does not depend on them).

use autograd::prelude::*;
use autograd::{linalg::matmul, math::tanh, nn::cross_entropy};
use ndarray::{Array1, Array2, Axis};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

use crate::{Workload, HAND, SYSTEM};

pub const W2_SIZES: [usize; 4] = [784, 512, 512, 10];
pub const W2_BATCH: usize = 128;
const W3B_BATCH: usize = 32;

/// A `rows × cols` matrix of roughly standard normal numbers times `scale`.
pub fn normal_matrix(rng: &mut StdRng, rows: usize, cols: usize, scale: f32) -> Array2<f32> {
    // A sum of 12 uniforms minus 6 is close enough to a standard normal for benchmark data.
    Array2::from_shape_fn((rows, cols), |_| {
        ((0..12).map(|_| rng.random::<f32>()).sum::<f32>() - 6.0) * scale
    })
}

/// W2's data: weights and biases of the three layers, the input, and the labels.
struct MlpData {
    weights: Vec<Array2<f32>>,
    biases: Vec<Array1<f32>>,
    x: Array2<f32>,
    labels: Vec<usize>,
}

/// W2's parameters `[W1, b1, W2, b2, W3, b3]`, input and labels.
fn w2_data(batch: usize) -> MlpData {
    let mut rng = StdRng::seed_from_u64(0);
    let mut weights = Vec::new();
    let mut biases = Vec::new();
    for io in W2_SIZES.windows(2) {
        weights.push(normal_matrix(&mut rng, io[0], io[1], 1.0 / (io[0] as f32).sqrt()));
        biases.push(Array1::zeros(io[1]));
    }
    let x = normal_matrix(&mut rng, batch, W2_SIZES[0], 1.0);
    let labels = (0..batch).map(|_| rng.random_range(0..W2_SIZES[3])).collect();
    MlpData { weights, biases, x, labels }
}

/// W2's parameters as `Param`s, the input and the labels.
pub fn w2_params(batch: usize) -> (Vec<Param>, Tensor, Vec<usize>) {
    let MlpData { weights, biases, x, labels } = w2_data(batch);
    let params =
        weights.into_iter().zip(biases).flat_map(|(w, b)| [Param::new(w), Param::new(b)]).collect();
    (params, Tensor::from(x), labels)
}

/// The MLP's softmax cross-entropy: 784-512-512-10, tanh. Each of `p` is a parameter, or a
/// constant when nothing is differentiated with respect to it.
pub fn mlp_loss<P: AsRef<Tensor>>(p: &[P], x: &Tensor, labels: &[usize]) -> Tensor {
    let p = |i: usize| p[i].as_ref();
    let h1 = tanh(&(matmul(x, p(0)) + p(1)));
    let h2 = tanh(&(matmul(&h1, p(2)) + p(3)));
    cross_entropy(&(matmul(&h2, p(4)) + p(5)), labels)
}

fn w2_shape() -> Vec<(&'static str, Value)> {
    vec![
        ("sizes", Value::from(W2_SIZES.to_vec())),
        ("batch", Value::from(W2_BATCH as i64)),
        ("act", Value::from("tanh")),
        ("dtype", Value::from("f32")),
        ("flops", Value::from(w2_flops())),
    ]
}

pub fn gflops(flops: f64) -> impl Fn(f64) -> Vec<(&'static str, Value)> {
    move |median| vec![("gflops", Value::from(flops / median / 1e9))]
}

/// Matmul FLOPs of one W2 forward + backward (common.py's `w2_flops`).
fn w2_flops() -> f64 {
    let mm: Vec<f64> = W2_SIZES.windows(2).map(|io| (io[0] * io[1]) as f64).collect();
    let b = W2_BATCH as f64;
    2.0 * b * mm.iter().sum::<f64>() * 2.0 + 2.0 * b * mm[1..].iter().sum::<f64>()
}

/// The value and the sum of the gradients' absolute values.
pub fn loss_and_grad_sums(out: &[Tensor]) -> Vec<(&'static str, Value)> {
    let grads: f64 =
        out[1..].iter().map(|g| g.to_vec::<f64>().iter().map(|v| v.abs()).sum::<f64>()).sum();
    vec![("value", Value::from(out[0].item::<f64>())), ("grad_abs_sum", Value::from(grads))]
}

/// W2, an MLP training step: all six gradients of the cross-entropy, batch 128, f32.
pub fn w2() -> Workload {
    let (params, x, labels) = w2_params(W2_BATCH);
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || {
            let tape = diff(|| mlp_loss(&params, &x, &labels));
            let mut out = vec![value(&tape)];
            out.extend(params.iter().map(|p| grad(&tape, p).expect("every parameter is used")));
            out
        }),
        shape: w2_shape(),
        derived: |median| gflops(w2_flops())(median),
        checks: loss_and_grad_sums,
    }
}

/// W2 by hand in ndarray: the forward and backward pass written out — the floor that AD
/// overhead is measured against.
pub fn w2_hand() -> Workload {
    let MlpData { weights, biases, x, labels } = w2_data(W2_BATCH);
    Workload {
        system: HAND,
        warmup: 2,
        call: Box::new(move || {
            let (w, b) = (&weights, &biases);
            let h1 = (x.dot(&w[0]) + &b[0]).mapv(f32::tanh);
            let h2 = (h1.dot(&w[1]) + &b[1]).mapv(f32::tanh);
            let logits = h2.dot(&w[2]) + &b[2];
            let (loss, dlogits) = softmax_cross_entropy(&logits, &labels);
            let dw3 = h2.t().dot(&dlogits);
            let db3 = dlogits.sum_axis(Axis(0));
            let dz2 = dlogits.dot(&w[2].t()) * h2.mapv(|v| 1.0 - v * v);
            let dw2 = h1.t().dot(&dz2);
            let db2 = dz2.sum_axis(Axis(0));
            let dz1 = dz2.dot(&w[1].t()) * h1.mapv(|v| 1.0 - v * v);
            let dw1 = x.t().dot(&dz1);
            let db1 = dz1.sum_axis(Axis(0));
            vec![
                Tensor::from(loss),
                Tensor::from(dw1),
                Tensor::from(db1),
                Tensor::from(dw2),
                Tensor::from(db2),
                Tensor::from(dw3),
                Tensor::from(db3),
            ]
        }),
        shape: w2_shape(),
        derived: |median| gflops(w2_flops())(median),
        checks: loss_and_grad_sums,
    }
}

/// The mean softmax cross-entropy of `logits` (rows = samples) and its gradient.
fn softmax_cross_entropy(logits: &Array2<f32>, labels: &[usize]) -> (f32, Array2<f32>) {
    let n = logits.nrows() as f32;
    let mut grad = logits.clone();
    let mut loss = 0.0;
    for (mut row, &label) in grad.rows_mut().into_iter().zip(labels) {
        let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let picked = row[label] - max;
        row.mapv_inplace(|v| (v - max).exp());
        let total = row.sum();
        loss += total.ln() - picked;
        row.mapv_inplace(|v| v / total / n);
        row[label] -= 1.0 / n;
    }
    (loss / n, grad)
}

/// W3b: a Hessian-vector product of W2's loss with respect to W1 (784×512), batch 32:
/// the gradient of ⟨∇_{W1} loss, v⟩, reverse over reverse. Only W1 is a parameter; the other
/// weights are constants, as in the peers (PyTorch's `requires_grad` on W1 alone).
pub fn w3b() -> Workload {
    let (params, x, labels) = w2_params(W3B_BATCH);
    let w1 = params[0].clone();
    let params: Vec<Tensor> =
        std::iter::once(Tensor::from(&w1)).chain(params[1..].iter().map(|p| p.value())).collect();
    let mut rng = StdRng::seed_from_u64(1);
    let v = Tensor::from(normal_matrix(&mut rng, W2_SIZES[0], W2_SIZES[1], 1.0));
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || {
            let outer = diff(|| {
                let inner = diff(|| mlp_loss(&params, &x, &labels));
                sum(&(grad(&inner, &w1).expect("W1 is used") * &v))
            });
            vec![value(&outer), grad(&outer, &w1).expect("W1 is used")]
        }),
        shape: vec![
            ("sizes", Value::from(W2_SIZES.to_vec())),
            ("batch", Value::from(W3B_BATCH as i64)),
            ("wrt", Value::from("W1[784x512]")),
            ("dtype", Value::from("f32")),
        ],
        derived: |_| Vec::new(),
        checks: loss_and_grad_sums,
    }
}
