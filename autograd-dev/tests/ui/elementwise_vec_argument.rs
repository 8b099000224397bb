use autograd::prelude::*;

#[primitive(dy => dy)]
fn total(xs: Vec<f64>) -> f64 {
    xs.iter().sum()
}

fn main() {}
