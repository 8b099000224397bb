use autograd::prelude::*;

// A tensor-level primitive: every argument that is not `&Array` is a constant.
#[primitive(dy => dy * factor)]
fn scale(x: &Array, factor: f64) -> Array {
    x * factor
}

// An element-wise primitive: integer and `bool` arguments are constants.
#[primitive(dy => dy * n as f64 * x.powi(n - 1))]
fn power(x: f64, n: i32) -> f64 {
    x.powi(n)
}

fn main() {}
