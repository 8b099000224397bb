//! Linear regression on the diabetes data (Efron, Hastie, Johnstone and Tibshirani, 2004):
//! a `Linear` model, the mean squared error, and gradient descent that differentiates the loss
//! with `diff` and moves every parameter down its gradient with `Param::axpy`.
//!
//! ```text
//! cargo run --release --example linear_regression
//! ```
//!
//! `tests/linear_regression.rs` includes this file as a module, runs a shorter training and
//! checks the result against the least-squares optimum.

use std::io::Read;
use std::path::Path;

use autograd::prelude::*;
use flate2::read::GzDecoder;
use ndarray::{Array2, Axis};

/// Passes over the data that `main` trains for.
pub const EPOCHS: usize = 1000;

/// The gradient-descent step size. With standardized features the loss's curvature is twice
/// the features' correlation matrix, whose largest eigenvalue here is about 4, so steps up to
/// about 0.25 are stable.
pub const LEARNING_RATE: f64 = 0.2;

/// A linear model: `x·w + b`.
#[derive(Params)]
pub struct Linear {
    /// The weights, `inputs × outputs`.
    pub w: Param,
    /// The bias, one per output.
    pub b: Param,
}

impl Linear {
    /// A model with all weights and biases zero.
    pub fn new(inputs: usize, outputs: usize) -> Self {
        Linear {
            w: Param::new(Array2::<f64>::zeros((inputs, outputs))),
            b: Param::new(vec![0.0; outputs]),
        }
    }

    /// The predictions for the rows of `x` (`samples × inputs`): `samples × outputs`.
    pub fn forward(&self, x: &Tensor) -> Tensor {
        x.matmul(&self.w) + &self.b
    }
}

/// The mean squared error of `model`'s predictions for `x` against `y`.
pub fn mse(model: &Linear, x: &Tensor, y: &Tensor) -> Tensor {
    mean(&abs2(&(model.forward(x) - y)))
}

/// The names of the diabetes data's features, in column order: age, sex, body mass index,
/// average blood pressure and six blood serum measurements.
pub const FEATURES: [&str; 10] = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

/// The diabetes data: 442 patients, 10 features each, and one target.
pub struct Diabetes {
    /// The features, `442 × 10`, each standardized to mean 0 and standard deviation 1.
    pub x: Tensor,
    /// The disease progression one year after baseline, `442 × 1`, as it is (about 25..346).
    pub y: Tensor,
}

impl Diabetes {
    /// Reads `examples/data/diabetes_*.csv.gz`.
    ///
    /// # Panics
    /// If a file is missing or malformed.
    pub fn load() -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
        let features = read_numbers(&dir.join("diabetes_data_raw.csv.gz"));
        let target = read_numbers(&dir.join("diabetes_target.csv.gz"));
        let samples = target.len();
        let x = Array2::from_shape_vec((samples, features.len() / samples), features)
            .expect("diabetes_data_raw.csv.gz has one row of features per target");
        let mean = x.mean_axis(Axis(0)).expect("at least one sample");
        let std = x.std_axis(Axis(0), 0.0);
        let x = (x - &mean) / &std;
        Diabetes { x: Tensor::from(x), y: Tensor::from_shape_vec(&[samples, 1], target) }
    }
}

/// All whitespace-separated numbers in a gzipped text file, in order.
fn read_numbers(path: &Path) -> Vec<f64> {
    let file =
        std::fs::File::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let mut text = String::new();
    GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.split_whitespace()
        .map(|word| word.parse().unwrap_or_else(|e| panic!("{}: {word:?}: {e}", path.display())))
        .collect()
}

/// Trains a [`Linear`] model on `data` by full-batch gradient descent for `epochs` steps of
/// size `lr`, calling `report(epoch, loss)` with each step's loss (measured before the step).
pub fn train(
    data: &Diabetes,
    epochs: usize,
    lr: f64,
    mut report: impl FnMut(usize, f64),
) -> Linear {
    let model = Linear::new(data.x.shape()[1], 1);
    for epoch in 1..=epochs {
        let loss = diff(|| mse(&model, &data.x, &data.y));
        for p in params(&model) {
            if let Some(g) = grad(&loss, &p) {
                p.axpy(-lr, &g);
            }
        }
        report(epoch, value(&loss).item());
    }
    model
}

fn main() {
    let data = Diabetes::load();
    let [samples, features] = [data.x.shape()[0], data.x.shape()[1]];
    println!("diabetes data: {samples} samples, {features} standardized features");
    println!("full-batch gradient descent, {EPOCHS} steps of size {LEARNING_RATE}");
    let model = train(&data, EPOCHS, LEARNING_RATE, |epoch, loss| {
        if epoch <= 10 || epoch % 100 == 0 {
            println!("epoch {epoch:4}  mean squared error {loss:9.2}");
        }
    });
    let loss = mse(&model, &data.x, &data.y).item::<f64>();
    println!("trained     mean squared error {loss:9.2}");
    let weights = model.w.to_vec::<f64>();
    let weights: Vec<String> =
        FEATURES.iter().zip(&weights).map(|(name, w)| format!("{name} {w:.2}")).collect();
    println!("weights: {}", weights.join(", "));
    println!("bias: {:.2}", model.b.item::<f64>());
}
