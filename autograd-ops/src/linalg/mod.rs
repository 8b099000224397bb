//! Linear algebra: products, transposes, triangles and diagonals, and the matrix functions
//! (determinant, inverse, solve, Cholesky, QR, LQ, SVD, symmetric eigen-decomposition, powers).
//!
//! Every gradient rule is written with recorded primitives (`solve`, `solve_triangular`,
//! `matmul`, `tril` …), so gradients of gradients work. The decompositions are computed in
//! `f64` by [nalgebra](https://nalgebra.org) (pure Rust, no LAPACK) and rounded to the
//! tensor's element type.
//!
//! The matrix functions take a single matrix or a stack of them, `[..., m, n]`, as NumPy,
//! PyTorch and JAX do: the leading (batch) axes index independent matrices, each computed by
//! the same 2-d kernel, and the gradient rules are written once for both with the batched
//! helpers of `batch` (transposing the last two axes, one number per matrix, ...).
//!
//! The files split by concern: `products` (`matmul` and friends), `structure` (axes,
//! diagonals, triangles), `factorizations` (what the LU factorisation gives: `det`, `inv`,
//! `logdet` ...), `solve` (`solve`, `solve_triangular`), `decompositions` (Cholesky, QR, LQ),
//! `eigh`, `svd`, `matrix_power`; `batch`, `lu`, `convert` and `test_inputs` hold what those
//! share. Every function is re-exported here.

mod batch;
mod convert;
mod decompositions;
mod eigh;
mod factorizations;
mod lu;
mod matrix_power;
mod products;
mod solve;
mod structure;
mod svd;
mod test_inputs;

pub use decompositions::*;
pub use eigh::*;
pub use factorizations::*;
pub use matrix_power::*;
pub use products::*;
pub use solve::*;
pub use structure::*;
pub use svd::*;
