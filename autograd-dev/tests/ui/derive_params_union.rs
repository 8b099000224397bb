use autograd::prelude::*;

#[derive(Params)]
union Bits {
    float: f64,
    int: u64,
}

fn main() {
    let _ = Bits { int: 0 };
}
