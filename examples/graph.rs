//! The tape as a picture: records one loss of a small model, prints the node listing, writes
//! `tape.dot`, and renders `tape.png` when Graphviz's `dot` program is installed.
//!
//! ```text
//! cargo run --example graph
//! ```

use std::process::Command;

use autograd::prelude::*;
use autograd::{linalg::matmul, math::tanh};
use ndarray::array;

fn main() {
    let w = Param::named("w", array![[0.5, -0.3], [0.2, 0.8]]);
    let b = Param::named("b", array![0.1, -0.1]);
    let x = Tensor::from(array![[1.0, 2.0], [3.0, -1.0]]);
    let tape = diff(|| sum(&abs2(&tanh(&(matmul(&x, &w) + &b)))));
    println!("{tape}\n{}", tape.listing());

    std::fs::write("tape.dot", tape.to_dot()).expect("write tape.dot");
    println!("wrote tape.dot");
    match Command::new("dot").args(["-Tpng", "tape.dot", "-o", "tape.png"]).status() {
        Ok(status) if status.success() => println!("wrote tape.png"),
        _ => println!("install Graphviz (`dot`) to render tape.png"),
    }
}
