use autograd::prelude::*;

#[primitive(dy => dy * 2.0 * x)]
fn square<T: std::ops::Mul<Output = T> + Copy>(x: T) -> T {
    x * x
}

fn main() {}
