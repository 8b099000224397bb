//! The built-in differentiable primitives of the `autograd` crate, one module per family.
//! Each is defined with `#[primitive]` or `#[zerograd]`: its gradient rule sits next to its
//! forward code. (The arithmetic primitives live in `autograd-core`, beside the operators.)
#![warn(missing_docs)]

// The macros name the core crate `::autograd`, as a user of the facade does.
extern crate autograd_core as autograd;

pub mod linalg;
pub mod math;
mod methods;
pub mod reduce;
pub mod shape;

pub use linalg::matmul;
pub use math::{abs, abs2, cos, exp, log, pow, sign, sin, sqrt, tanh};
pub use methods::TensorMath;
pub use reduce::{mean, mean_axes, sum, sum_axes};
pub use shape::{reshape, transpose};
