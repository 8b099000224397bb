//! Long-form guides, in the manner of ndarray's "ndarray for NumPy users".
//!
//! - [`testing_primitives`]: how to check a primitive you wrote — the generated tests, and
//!   `gradcheck` / `gradgradcheck` for everything else.
//! - [`autograd_jl`]: AutoGrad.jl's interface, name by name, in Rust.
//! - [`pytorch`]: coming from PyTorch's `autograd`.

pub mod autograd_jl;
pub mod pytorch;
pub mod testing_primitives;
