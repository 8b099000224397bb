use autograd::prelude::*;

// A misspelt `skip` would silently train a parameter meant to be frozen: each unknown
// argument, and `#[params]` anywhere but on a field, is an error.
#[derive(Params)]
#[params(skip)]
struct Layer {
    w: Param,
    #[params(skipp)]
    frozen: Param,
    #[params(skip = true)]
    also_frozen: Param,
}

fn main() {
    let layer = Layer { w: Param::new(1.0), frozen: Param::new(2.0), also_frozen: Param::new(3.0) };
    let _ = params(&layer);
}
