use autograd::prelude::*;

struct Scaler {
    factor: f64,
}

impl Scaler {
    #[primitive(dy => dy * self.factor)]
    fn scale(&self, x: f64) -> f64 {
        self.factor * x
    }
}

fn main() {
    let _ = Scaler { factor: 2.0 }.scale(1.0);
}
