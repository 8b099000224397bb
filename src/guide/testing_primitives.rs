//! # Testing a custom primitive
//!
//! A gradient rule is a claim about calculus; this crate checks the claim for you.
//!
//! ## What you get for free
//!
//! Every `#[primitive]` generates a check and a `#[test]` that runs it, in the crate that
//! defines the primitive. The check samples arguments uniformly from the attribute's `domain`
//! (default `-2.0..2.0`) with the shapes given by `check(...)` (default `[2, 3]` for the first
//! argument of an element-wise function and `[3]` — broadcast — for the others, `[3, 3]` for
//! tensor-level ones), then verifies:
//!
//! 1. the f32 value agrees with the f64 value;
//! 2. first-order gradients agree with central differences in f64 ([`gradcheck`]);
//! 3. second-order gradients agree with central differences of the gradient
//!    ([`gradgradcheck`]) — this also proves that the recorded (tensor) reading of your rule
//!    agrees with the fused (scalar) one;
//! 4. the f32 gradient agrees with the f64 one;
//!
//! or, for `#[zerograd]`, that no gradient comes out. So `cargo test` fails as soon as a rule is
//! wrong:
//!
//! ```
//! use autograd::prelude::*;
//!
//! /// x³, with its derivative written down wrongly on purpose.
//! #[primitive(dy => dy * 2.0 * x * x)]
//! fn cube(x: f64) -> f64 {
//!     x * x * x
//! }
//!
//! let check = autograd::primitives().into_iter().find(|p| p.name == "cube").unwrap();
//! let failure = (check.check)().unwrap_err();
//! assert!(failure.contains("order-1 gradient check failed"), "{failure}");
//! ```
//!
//! Choose the domain so that the samples avoid the function's kinks and singularities
//! (`domain = 0.1..10.0` for a logarithm), and give example values for constant arguments:
//! `check(x = [4, 3], axis = 1)`. Where uniform samples cannot be valid input, name a function
//! that makes them so: `cholesky` has `prepare = symmetric_positive_definite`, a
//! `fn(Vec<Tensor>) -> Vec<Tensor>` that turns the sampled `A` into `A·Aᵀ + I`.
//!
//! ## Checking anything else
//!
//! [`gradcheck`] and [`gradgradcheck`] take any function of tensors. The output is reduced to
//! a scalar by a fixed random projection; small arguments are checked element by element and
//! large ones along random directions. They return a report or an error naming the argument,
//! the element, and both numbers:
//!
//! ```
//! use autograd::prelude::*;
//! use autograd::gradcheck::{gradcheck, gradgradcheck};
//! use ndarray::array;
//!
//! let model = |t: &[Tensor]| t[0].matmul(&t[1]).tanh();
//! let args = [Tensor::from(array![[0.5, -1.0]]), Tensor::from(array![[0.3], [0.2]])];
//! let report = gradcheck(model, &args).expect("gradients agree");
//! assert_eq!(report.compared, 4);
//! gradgradcheck(model, &args).expect("second derivatives agree");
//! ```
//!
//! Tolerances and sampling are in [`GradcheckOptions`](crate::GradcheckOptions), used through
//! [`gradcheck_with`](crate::gradcheck::gradcheck_with).
//!
//! [`gradcheck`]: crate::gradcheck()
//! [`gradgradcheck`]: crate::gradgradcheck()
