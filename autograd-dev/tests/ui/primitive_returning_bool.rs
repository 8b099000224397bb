use autograd::prelude::*;

#[primitive(dy => dy)]
fn positive(x: f64) -> bool {
    x > 0.0
}

fn main() {}
