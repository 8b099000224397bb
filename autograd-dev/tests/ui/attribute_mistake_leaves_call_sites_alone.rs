use autograd::prelude::*;

// A mistake in the attribute is the only error: the function keeps the signature the macro
// would have generated (`&Tensor` in, `Tensor` out), so call sites written for it compile.
#[primitive(dy => dy * z)]
fn doubled(x: f64) -> f64 {
    2.0 * x
}

// One rule too many: `by` is a constant, not a tensor.
#[primitive(dy => dy.clone(), _, check(by = 0.5))]
fn shifted(x: &Array, by: f64) -> Array {
    x.mapv(|v| v + Elem::of(by))
}

fn main() {
    let x = Tensor::from(vec![1.0, 2.0]);
    let y: Tensor = doubled(&x);
    let z: Tensor = shifted(&y, 0.5);
    println!("{}", sum(&z).item::<f64>());
}
