//! A small convolutional network on the 8×8 hand-written digits: conv 3×3 (16 channels) →
//! ReLU → 2×2 max-pool → dense 256→10, trained with Adam in minibatches of 32, evaluated on the
//! same held-out fifth as `digits_mlp`.
//!
//! ```text
//! cargo run --release --example digits_cnn
//! ```

#[path = "common/digits.rs"]
#[allow(dead_code)] // shared by the examples; this one needs no one-hot labels
mod digits;

use autograd::optim::{Adam, Optimizer, Schedule};
use autograd::prelude::*;
use autograd::progress::Progress;
use autograd::{
    conv::{conv2d, max_pool2d},
    linalg::matmul,
    nn::{cross_entropy, relu},
    shape::reshape,
};
use autograd::{data, init};

/// conv → relu → max-pool → dense.
#[derive(Params)]
pub struct Cnn {
    conv: Param,
    conv_bias: Param,
    dense: Param,
    dense_bias: Param,
}

impl Cnn {
    /// Kaiming-initialized from `seed`.
    pub fn new(seed: u64) -> Self {
        let rng = &mut init::rng(seed);
        Cnn {
            conv: Param::new(init::kaiming_uniform(&[16, 1, 3, 3], DType::F32, rng)),
            conv_bias: Param::new(init::zeros(&[1, 16, 1, 1], DType::F32)),
            dense: Param::new(init::xavier_uniform(&[256, 10], DType::F32, rng)),
            dense_bias: Param::new(init::zeros(&[10], DType::F32)),
        }
    }

    /// The logits of a batch of 64-pixel rows.
    pub fn forward(&self, x: &Tensor) -> Tensor {
        let n = x.shape()[0];
        let images = reshape(x, &[n, 1, 8, 8]);
        let h = relu(&(conv2d(&images, &self.conv, [1, 1], [1, 1], [1, 1]) + &self.conv_bias));
        let pooled = max_pool2d(&h, [2, 2], [2, 2], [0, 0]); // [n, 16, 4, 4]
        matmul(&reshape(&pooled, &[n, 256]), &self.dense) + &self.dense_bias
    }
}

/// Trains for `epochs`; returns the mean training loss and the test accuracy of each epoch.
pub fn run(epochs: usize) -> (Vec<f64>, Vec<f64>) {
    let digits = digits::Digits::load();
    let x = digits.x.to_dtype(DType::F32);
    let ((x_train, y_train), (x_test, y_test)) = data::train_test_split(&x, &digits.labels, 0.2, 0);
    let mut batches = data::Minibatches::new(&x_train, &y_train, 32).shuffle(1);
    let model = Cnn::new(2);
    let ps = params(&model);
    let steps = (epochs * batches.len()) as u64;
    let schedule = Schedule::Cosine { warmup: 0, total: steps, min_lr: 0.0 };
    let mut opt = Adam::new(3e-3).with_schedule(schedule);
    let mut bar = Progress::new(steps);
    let (mut losses, mut accuracies) = (Vec::new(), Vec::new());
    for epoch in 1..=epochs {
        let mut total = 0.0;
        for (xb, yb) in &mut batches {
            let tape = diff(|| cross_entropy(&model.forward(&xb), &yb));
            let loss = value(&tape).item::<f64>();
            opt.step(tape, &ps);
            bar.step(loss);
            total += loss;
        }
        losses.push(total / batches.len() as f64);
        accuracies.push(data::accuracy(&model.forward(&x_test), &y_test));
        bar.println(format!(
            "epoch {epoch:>2}  loss {:.4}  test accuracy {:.2}%",
            losses[epoch - 1],
            100.0 * accuracies[epoch - 1]
        ));
    }
    bar.finish();
    (losses, accuracies)
}

#[allow(dead_code)] // a test includes this file for `run`
fn main() {
    let (_, accuracies) = run(20);
    println!("test accuracy {:.2}%", 100.0 * accuracies.last().copied().unwrap_or(0.0));
}
