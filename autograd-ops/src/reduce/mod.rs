//! Reductions: sums and means, products and running products, extremes, moments,
//! `logsumexp` and norms — over all elements, or over axes that are removed from the shape.
//!
//! The files split by concern: `sums`, `products` (`prod`, `prod_axes`), `scans` (`cumsum`,
//! `cumprod` and the recurrence under their gradients), `extremes` (`max`/`min`, `argmax`/
//! `argmin`), `moments` (`var`, `std_dev`), `norms` (`logsumexp`, `norm`); `axes` holds the
//! axis bookkeeping they share. Every function is re-exported here.

mod axes;
mod extremes;
mod moments;
mod norms;
mod products;
mod scans;
mod sums;

pub(crate) use axes::inverse_permutation;
pub use extremes::*;
pub use moments::*;
pub use norms::*;
pub use products::*;
pub use scans::*;
pub use sums::*;
