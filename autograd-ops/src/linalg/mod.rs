//! Linear algebra: products, transposes, triangles and diagonals, and the matrix functions
//! (determinant, inverse, solve, Cholesky, QR, LQ, SVD, symmetric eigen-decomposition, powers).
//!
//! Every gradient rule is written with recorded primitives (`solve`, `solve_triangular`,
//! `matmul`, `tril` …), so gradients of gradients work. The decompositions are computed in
//! `f64` by [nalgebra](https://nalgebra.org) (pure Rust, no LAPACK) and rounded to the
//! tensor's element type.
//!
//! The files split by concern: `products` (`matmul` and friends), `structure` (axes,
//! diagonals, triangles), `factorizations` (what the LU factorisation gives: `det`, `inv`,
//! `solve`), `decompositions` (Cholesky, QR, LQ, eigen), `svd`, `matrix_power`; `lu`, `convert` and
//! `test_inputs` hold what those share. Every function is re-exported here.

mod convert;
mod decompositions;
mod factorizations;
mod lu;
mod matrix_power;
mod products;
mod structure;
mod svd;
mod test_inputs;

pub use decompositions::*;
pub use factorizations::*;
pub use matrix_power::*;
pub use products::*;
pub use structure::*;
pub use svd::*;
