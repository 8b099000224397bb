use autograd::prelude::*;

#[primitive(dy => dy * 2.0 * x)]
fn square(x: f64) -> f32 {
    (x * x) as f32
}

fn main() {}
