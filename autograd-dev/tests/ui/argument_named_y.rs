use autograd::prelude::*;

#[primitive(dy => dy * y, dy => dy * x)]
fn product(x: f64, y: f64) -> f64 {
    x * y
}

fn main() {}
