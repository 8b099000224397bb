//! The built-in differentiable primitives of the `autograd` crate, one module per family.
//! Each is defined with `#[primitive]` or `#[zerograd]`: its gradient rule sits next to its
//! forward code. (The arithmetic primitives live in `autograd-core`, beside the operators.)
//! Every public function of every family is re-exported at the crate root.
#![warn(missing_docs)]
#![deny(unsafe_code)]

// The macros name the core crate `::autograd`, as a user of the facade does.
extern crate autograd_core as autograd;

pub mod cat;
pub mod compare;
pub mod conv;
pub mod index;
pub mod kernels;
pub mod linalg;
pub mod math;
mod methods;
pub mod nn;
pub mod reduce;
pub mod shape;
pub mod special;

pub use cat::*;
pub use compare::*;
pub use conv::*;
pub use index::*;
pub use linalg::*;
pub use math::*;
pub use methods::TensorMath;
pub use nn::*;
pub use reduce::*;
pub use shape::*;
pub use special::*;
