//! A multi-layer perceptron (64-128-10, ReLU) trained with Adam in minibatches of 32 on the
//! 8×8 hand-written digits, evaluated on a fixed held-out fifth of them. It shows a progress bar,
//! writes its loss/accuracy curve as SVG and a checkpoint, then reloads the checkpoint into a
//! fresh model and checks that it scores the same.
//!
//! ```text
//! cargo run --release --example digits_mlp
//! ```

#[path = "common/digits.rs"]
#[allow(dead_code)] // shared by the examples; this one needs no one-hot labels
mod digits;

use std::path::{Path, PathBuf};

use autograd::optim::{Adam, Optimizer, Schedule};
use autograd::plot::{line_chart, Series};
use autograd::prelude::*;
use autograd::progress::Progress;
use autograd::{checkpoint, data, init};
use autograd::{
    linalg::matmul,
    nn::{cross_entropy, relu},
};

/// One dense layer, `x · weight + bias`.
#[derive(Params)]
pub struct Dense {
    weight: Param,
    bias: Param,
}

/// The perceptron: ReLU between layers, logits out.
#[derive(Params)]
pub struct Mlp {
    layers: Vec<Dense>,
}

impl Mlp {
    /// Layers of the given widths, Kaiming-initialized from `seed`.
    pub fn new(widths: &[usize], seed: u64) -> Self {
        let mut rng = init::rng(seed);
        let layers = widths
            .windows(2)
            .map(|io| Dense {
                weight: Param::new(init::kaiming_uniform(&[io[0], io[1]], DType::F32, &mut rng)),
                bias: Param::new(init::zeros(&[io[1]], DType::F32)),
            })
            .collect();
        Mlp { layers }
    }

    /// The logits of a batch of rows.
    pub fn forward(&self, x: &Tensor) -> Tensor {
        let last = self.layers.len() - 1;
        self.layers.iter().enumerate().fold(x.clone(), |h, (i, layer)| {
            let z = matmul(&h, &layer.weight) + &layer.bias;
            if i == last {
                z
            } else {
                relu(&z)
            }
        })
    }
}

/// What a run reached.
#[derive(Debug)]
pub struct Report {
    /// Mean training loss of each epoch.
    pub epoch_loss: Vec<f64>,
    /// Test accuracy after each epoch.
    pub test_accuracy: Vec<f64>,
    /// Test accuracy of a fresh model loaded from the checkpoint.
    pub reloaded_accuracy: f64,
}

/// Trains for `epochs`, writing the curve and the checkpoint into `out`.
pub fn run(epochs: usize, out: &Path) -> Report {
    let digits = digits::Digits::load();
    let x = digits.x.to_dtype(DType::F32);
    let ((x_train, y_train), (x_test, y_test)) = data::train_test_split(&x, &digits.labels, 0.2, 0);
    let mut batches = data::Minibatches::new(&x_train, &y_train, 32).shuffle(1);

    let model = Mlp::new(&[64, 128, 10], 2);
    let ps = params(&model);
    let steps = (epochs * batches.len()) as u64;
    // A larger rate than Adam's usual 1e-3, annealed to zero: fast early, settled at the end.
    let schedule = Schedule::Cosine { warmup: 0, total: steps, min_lr: 0.0 };
    let mut opt = Adam::new(3e-3).with_schedule(schedule);
    let mut bar = Progress::new(steps);
    let (mut epoch_loss, mut test_accuracy) = (Vec::new(), Vec::new());
    for epoch in 1..=epochs {
        let mut total = 0.0;
        for (xb, yb) in &mut batches {
            let tape = diff(|| cross_entropy(&model.forward(&xb), &yb));
            let loss = value(&tape).item::<f64>();
            opt.step(tape, &ps);
            bar.step(loss);
            total += loss;
        }
        epoch_loss.push(total / batches.len() as f64);
        test_accuracy.push(data::accuracy(&model.forward(&x_test), &y_test));
        bar.println(format!(
            "epoch {epoch:>2}  loss {:.4}  test accuracy {:.2}%",
            epoch_loss[epoch - 1],
            100.0 * test_accuracy[epoch - 1]
        ));
    }
    bar.finish();

    std::fs::create_dir_all(out).expect("an output directory");
    let per_epoch = |v: &[f64]| v.iter().enumerate().map(|(i, &y)| ((i + 1) as f64, y)).collect();
    let curves = [
        Series::new("training loss", per_epoch(&epoch_loss)),
        Series::new("test accuracy", per_epoch(&test_accuracy)),
    ];
    line_chart(out.join("digits_mlp.svg"), "digits MLP", "epoch", &curves).expect("the curve");
    let path = out.join("digits_mlp.safetensors");
    checkpoint::save(&path, &model).expect("the checkpoint");

    let reloaded = Mlp::new(&[64, 128, 10], 99);
    checkpoint::load(&path, &reloaded).expect("the checkpoint loads");
    let reloaded_accuracy = data::accuracy(&reloaded.forward(&x_test), &y_test);
    Report { epoch_loss, test_accuracy, reloaded_accuracy }
}

#[allow(dead_code)] // a test includes this file for `run`
fn main() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/digits_mlp");
    let report = run(20, &out);
    let final_accuracy = report.test_accuracy.last().copied().unwrap_or(0.0);
    println!("test accuracy {:.2}%", 100.0 * final_accuracy);
    println!("reloaded from the checkpoint: {:.2}%", 100.0 * report.reloaded_accuracy);
    println!("wrote {} and the checkpoint beside it", out.join("digits_mlp.svg").display());
}
