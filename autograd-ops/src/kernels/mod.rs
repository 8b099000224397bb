//! The numeric kernels under the primitives: the matrix product through the `gemm` crate, and
//! f32 and f64 transcendental functions and row reductions written for vectorization. `unsafe` is allowed in the
//! GEMM call only; everything else here is safe code.

pub(crate) mod gemm;
pub(crate) mod rows;
pub mod vmath;
