//! Profiling a model with `AUTOGRAD_TIMER`: a small multi-layer perceptron trained on the
//! hand-written digits, then the per-primitive table.
//!
//! ```text
//! AUTOGRAD_TIMER=1 cargo run --release --example profiling
//! ```

#[path = "common/digits.rs"]
mod digits;

use autograd::prelude::*;
use autograd::{linalg::matmul, math::tanh};
use ndarray::Array2;

/// A multi-layer perceptron with tanh hidden layers.
#[derive(Params)]
struct Mlp {
    layers: Vec<(Param, Param)>,
}

impl Mlp {
    fn new(sizes: &[usize]) -> Self {
        let layers = sizes
            .windows(2)
            .map(|io| {
                let scale = 1.0 / (io[0] as f64).sqrt();
                let w = Array2::from_shape_fn((io[0], io[1]), |(i, j)| {
                    ((i * 31 + j * 17) as f64).sin() * scale
                });
                (Param::new(w), Param::new(vec![0.0; io[1]]))
            })
            .collect();
        Mlp { layers }
    }

    fn forward(&self, x: &Tensor) -> Tensor {
        let last = self.layers.len() - 1;
        self.layers.iter().enumerate().fold(x.clone(), |h, (i, (w, b))| {
            let z = matmul(&h, w) + b;
            if i == last {
                z
            } else {
                tanh(&z)
            }
        })
    }
}

fn main() {
    let data = digits::Digits::load();
    let target = data.one_hot();
    let model = Mlp::new(&[64, 32, 10]);
    let loss = || mean(&abs2(&(model.forward(&data.x) - &target)));
    for epoch in 1..=50 {
        let tape = diff(loss);
        for p in params(&model) {
            p.axpy(-0.3, &grad(&tape, &p).expect("every parameter is used"));
        }
        if epoch % 10 == 0 {
            println!("epoch {epoch:>3}  loss {:.5}", value(&tape).item::<f64>());
        }
    }
    if autograd::timer::is_enabled() {
        println!("\n{}", autograd::timer::report());
    } else {
        println!("\nRun with AUTOGRAD_TIMER=1 to see where the time goes.");
    }
}
