use autograd::prelude::*;

// Mistakes in the signature do not hide those in the attribute: a wrong return type, an
// unsupported argument type, an unknown name in a rule and a bad domain, in one compile.
#[primitive(dy => dy * z, domain = 1.0..0.0)]
fn labelled(x: f64, label: &str) -> f32 {
    let _ = label;
    x as f32
}

fn main() {}
