use autograd::prelude::*;

#[primitive(x => x * 2.0)]
fn square(x: f64) -> f64 {
    x * x
}

fn main() {}
