//! W6: the digits MLP trained in full — 64-128-10 with ReLU, 20 epochs of Adam in shuffled
//! minibatches of 32, f32 — the training loop of `examples/digits_mlp.rs` without its progress
//! bar, curve and checkpoint. One call trains a fresh model from scratch: 900 optimizer steps,
//! each a forward pass, a backward pass and an in-place Adam update.
//!
//! `bench_torch.py` trains the same network on the same split the way a PyTorch user writes it
//! (`nn.Sequential`, `torch.optim.Adam`, `loss.backward()`).

use autograd::data::{self, Minibatches, Rows};
use autograd::optim::{Adam, Optimizer};
use autograd::prelude::*;
use autograd::{init, linalg::matmul, nn::cross_entropy, nn::relu};
use serde_json::Value;

use crate::digits::Digits;
use crate::{Workload, SYSTEM};

const SIZES: [usize; 3] = [64, 128, 10];
const EPOCHS: usize = 20;
const BATCH: usize = 32;
const LEARNING_RATE: f64 = 1e-3;
/// The 1797 digits less every fifth row.
const TRAIN_ROWS: usize = 1437;
const STEPS: usize = EPOCHS * TRAIN_ROWS.div_ceil(BATCH);

/// The fixed split both twins use: every fifth row (0, 5, 10, …) is held out for testing.
fn split(digits: &Digits) -> ((Tensor, Vec<usize>), (Tensor, Vec<usize>)) {
    let x = digits.x.to_dtype(DType::F32);
    let (test, train): (Vec<usize>, Vec<usize>) =
        (0..digits.labels.len()).partition(|i| i % 5 == 0);
    let part = |rows: &[usize]| {
        (x.take_rows(rows), rows.iter().map(|&i| digits.labels[i]).collect::<Vec<_>>())
    };
    (part(&train), part(&test))
}

/// The logits of a batch: `relu(x·W1 + b1)·W2 + b2`.
fn forward(p: &[Param], x: &Tensor) -> Tensor {
    matmul(&relu(&(matmul(x, &p[0]) + &p[1])), &p[2]) + &p[3]
}

/// W6 as described in the module's documentation.
pub fn w6() -> Workload {
    let ((x_train, y_train), (x_test, y_test)) = split(&Digits::load());
    assert_eq!(y_train.len(), TRAIN_ROWS, "the digits data set has 1797 rows");
    let mut seed = 0;
    Workload {
        system: SYSTEM,
        warmup: 1,
        call: Box::new(move || {
            seed += 1;
            let mut rng = init::rng(seed);
            let p: Vec<Param> = SIZES
                .windows(2)
                .flat_map(|io| {
                    let w = init::kaiming_uniform(&[io[0], io[1]], DType::F32, &mut rng);
                    [Param::new(w), Param::new(init::zeros(&[io[1]], DType::F32))]
                })
                .collect();
            let mut batches = Minibatches::new(&x_train, &y_train, BATCH).shuffle(seed);
            let mut opt = Adam::new(LEARNING_RATE);
            let mut last_epoch_loss = 0.0;
            for _ in 0..EPOCHS {
                last_epoch_loss = 0.0;
                for (xb, yb) in &mut batches {
                    let tape = diff(|| cross_entropy(&forward(&p, &xb), &yb));
                    last_epoch_loss += value(&tape).item::<f64>() * yb.len() as f64;
                    opt.step(tape, &p);
                }
                last_epoch_loss /= TRAIN_ROWS as f64;
            }
            let accuracy = data::accuracy(&forward(&p, &x_test), &y_test);
            vec![Tensor::from(last_epoch_loss), Tensor::from(accuracy)]
        }),
        shape: vec![
            ("sizes", Value::from(SIZES.to_vec())),
            ("batch", Value::from(BATCH as i64)),
            ("epochs", Value::from(EPOCHS as i64)),
            ("optimizer", Value::from("adam")),
            ("act", Value::from("relu")),
            ("dtype", Value::from("f32")),
            ("steps", Value::from(STEPS as i64)),
        ],
        derived: |median| vec![("us_per_step", Value::from(median / STEPS as f64 * 1e6))],
        checks: |out| {
            vec![
                ("final_epoch_loss", Value::from(out[0].item::<f64>())),
                ("test_accuracy", Value::from(out[1].item::<f64>())),
            ]
        },
    }
}
