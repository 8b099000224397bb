use autograd::prelude::*;

#[primitive(check(n = 3))]
fn count(n: usize) -> f64 {
    n as f64
}

fn main() {}
