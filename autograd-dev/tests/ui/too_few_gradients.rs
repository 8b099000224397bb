use autograd::prelude::*;

#[primitive(dy => dy * b)]
fn product(a: f64, b: f64) -> f64 {
    a * b
}

fn main() {}
