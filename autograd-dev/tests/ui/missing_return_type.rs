use autograd::prelude::*;

#[primitive(dy => dy)]
fn nothing(x: f64) {
    let _ = x;
}

fn main() {}
