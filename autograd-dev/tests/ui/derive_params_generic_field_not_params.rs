use autograd::prelude::*;

// The derive bounds `A: Params, B: Params`, so a type argument that is not `Params` is
// reported where the model is used, naming the type.
#[derive(Params)]
struct Chain<A, B> {
    first: A,
    second: B,
}

fn main() {
    let chain = Chain { first: Param::new(1.0), second: std::time::Duration::from_secs(1) };
    let _ = params(&chain);
}
