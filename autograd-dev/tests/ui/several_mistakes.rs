use autograd::prelude::*;

// Every mistake is reported in one compile: an unknown name in a rule, a rule too many,
// a bad domain, an argument named `y` and a `check` of a non-argument.
#[primitive(dy => dy * z, dy => dy, dy => dy, domain = 3.0..-3.0, check(w = [2]))]
fn product(x: f64, y: f64) -> f64 {
    x * y
}

fn main() {}
