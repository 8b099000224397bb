//! # autograd
//!
//! Reverse-mode automatic differentiation for Rust over n-dimensional arrays, in the spirit of
//! Julia's [AutoGrad.jl](https://github.com/denizyuret/AutoGrad.jl). Write ordinary Rust —
//! loops, `if`, helper functions, closures, structs with methods — over [`Tensor`]s and
//! [`Param`]s; [`diff`] records the primitive operations that ran on a tape and walks it
//! backwards for gradients, to any order.
//!
//! ```
//! use autograd::prelude::*;
//! use ndarray::array;
//!
//! let x = Param::new(array![1.0, 2.0, 3.0]);
//! let y = diff(|| sum(&abs2(&x)));
//! assert_eq!(y.to_string(), "T(14.0)");
//! assert_eq!(grad(&y, &x).unwrap().to_vec::<f64>(), vec![2.0, 4.0, 6.0]);
//! ```
//!
//! New primitives are one attribute away — see [`primitive`]. The README is the tour.
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub use autograd_core::*;
pub use autograd_ops::*;

pub use autograd_train::{checkpoint, data, init, optim, plot, progress};
/// The ndarray this crate is built on, so that arrays you build convert without matching
/// versions by hand: `use autograd::ndarray::array;`.
pub use ndarray;

pub mod guide;

/// Makes a function a differentiable primitive.
///
/// On a function over `f64` it makes an element-wise tensor primitive with broadcasting; on a
/// function over `&Array` (an n-d array of the element type `Elem`) a tensor-level primitive,
/// written once for `f32` and `f64`. The attribute gives one gradient rule per tensor argument,
/// in order: `dy => expression`, where `dy` is the incoming gradient, `y` the output and the
/// arguments have their names; `_` marks an argument without a gradient. Other arguments
/// (axes, flags) pass through; in an element-wise function, `#[constant] alpha: f64` makes an
/// `f64` argument a plain number rather than a tensor. `domain = low..high` sets where the generated gradient test
/// samples, `check(arg = example, ...)` gives example shapes or values, and `prepare = function`
/// passes the sampled tensors through `fn(Vec<Tensor>) -> Vec<Tensor>` to make them valid input
/// (a symmetric positive definite matrix, say).
///
/// A tensor-level function may return several arrays, `-> (Array, Array)`; each rule then
/// names one incoming gradient per output, `(dq, dr) => expression`, each an
/// `Option<&Tensor>` that is `None` where that output took no part, and sees output `q` as
/// `q`. The call is one node on the tape, computed once (see `autograd::linalg::qr`).
///
/// ```
/// use autograd::prelude::*;
///
/// /// The logistic sigmoid.
/// #[primitive(dy => dy * y * (1.0 - y))]
/// fn sigmoid(x: f64) -> f64 {
///     1.0 / (1.0 + (-x).exp())
/// }
///
/// let d2 = gradfun(gradfun(|x: &Tensor| sigmoid(x)));
/// let s = 1.0 / (1.0 + (-0.5f64).exp());
/// let closed_form = s * (1.0 - s) * (1.0 - 2.0 * s);
/// assert!((d2(&Tensor::from(0.5)).item::<f64>() - closed_form).abs() < 1e-12);
/// ```
pub use autograd_macros::primitive;

/// Makes a function a primitive whose output never carries a gradient (`sign`, `floor`,
/// comparisons): its arguments are used by value, untracked.
///
/// ```
/// use autograd::prelude::*;
///
/// /// 1 where `x` is positive, else 0.
/// #[zerograd]
/// fn positive(x: f64) -> bool {
///     x > 0.0
/// }
///
/// assert_eq!(positive(&Tensor::from(vec![-1.0, 2.0])).to_vec::<f64>(), vec![0.0, 1.0]);
/// ```
pub use autograd_macros::zerograd;

/// Derives [`Params`] by visiting the fields in order; `#[params(skip)]` skips one.
pub use autograd_macros::Params;

/// What most programs need, and nothing that would collide with a user's own names: the types,
/// the differentiation functions, the traits whose methods (`x.exp()`, `x.matmul(&w)`,
/// `x.sum()` …) reach every primitive, the macros, and the three functions of the README's
/// first screens. Every other primitive is a [`TensorMath`] method and a function of its
/// family module: [`math`], [`special`], [`reduce`], [`linalg`], [`shape`], [`index`], [`cat`],
/// [`nn`], [`conv`], [`compare`] (also re-exported at the crate root).
///
/// ```
/// use autograd::prelude::*;
/// use autograd::nn::relu;
///
/// let x = Param::new(vec![-1.0, 2.0]);
/// let tape = diff(|| sum(&relu(&x)) + x.exp().sum());
/// assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![(-1f64).exp(), 1.0 + 2f64.exp()]);
/// ```
pub mod prelude {
    pub use crate::{abs2, mean, sum};
    pub use crate::{catch, diff, grad, gradfun, gradloss, params, value, value_and_gradients};
    pub use crate::{primitive, zerograd, Params};
    pub use crate::{CompareMask, SpecialFunctions, TensorMath};
    pub use crate::{DType, Error, ErrorKind, Param, Tape, Tensor};
}

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
