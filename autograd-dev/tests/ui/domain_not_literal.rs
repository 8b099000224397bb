use autograd::prelude::*;

#[primitive(dy => dy / x, domain = a..b)]
fn natural_log(x: f64) -> f64 {
    x.ln()
}

fn main() {}
