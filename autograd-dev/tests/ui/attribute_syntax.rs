use autograd::prelude::*;

#[primitive(dy -> dy * 2.0 * x)]
fn square(x: f64) -> f64 {
    x * x
}

fn main() {}
