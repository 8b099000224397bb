//! Gradient checking over the [`Param`]s of a model: `gradcheck_params(|| loss(&model),
//! &params(&model))`.
//!
//! A model's loss is a function of no arguments that reads its parameters, while
//! [`gradcheck_with`] checks functions of plain tensors. The bridge is a function of tensors
//! that writes its arguments into the parameters, and whose value is the loss there plus
//! `Σₖ ⟨gₖ, xₖ − value(xₖ)⟩`, with `gₖ` the gradient [`diff`] gives for parameter `k`. That term
//! is zero wherever it is evaluated, so central differences see the loss alone, while its
//! derivative is `gₖ`: the check compares the tape's gradient over the parameters with central
//! differences of the loss, through `gradcheck`'s own loop. The second-order variant does the
//! same for `⟨∇loss, v⟩` along a random `v`, whose gradient is the Hessian-vector product of
//! nested [`diff`]s.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::gradcheck::{gradcheck_with, GradcheckError, GradcheckOptions, GradcheckReport};
use crate::{diff, grad, DType, Error, Param, Tensor};

/// Checks the gradient of the scalar `loss()` with respect to `params` against central
/// differences (see [`gradcheck_params_with`]).
///
/// ```
/// use autograd::{gradcheck_params, params, Param, Tensor};
/// let model = (Param::new(vec![0.5, -1.0]), Param::new(2.0));
/// let loss = || {
///     let (w, b) = &model;
///     let y = (&**w * &Tensor::from(vec![3.0, 4.0])).sum_to(&[]) + &**b;
///     &y * &y
/// };
/// assert!(gradcheck_params(loss, &params(&model)).is_ok());
/// ```
pub fn gradcheck_params(
    loss: impl Fn() -> Tensor,
    params: &[Param],
) -> Result<GradcheckReport, GradcheckError> {
    gradcheck_params_with(loss, params, &GradcheckOptions::default())
}

/// Checks second derivatives over `params`: the gradient of `⟨∇loss, v⟩` for a random
/// direction `v` (a Hessian-vector product) against central differences of `⟨∇loss, v⟩`.
///
/// ```
/// use autograd::{gradgradcheck_params, Param};
/// let w = Param::new(vec![0.5, -1.0]);
/// let loss = || (&w * &w * &w).sum_to(&[]);
/// assert!(gradgradcheck_params(loss, &[w.clone()]).is_ok());
/// ```
pub fn gradgradcheck_params(
    loss: impl Fn() -> Tensor,
    params: &[Param],
) -> Result<GradcheckReport, GradcheckError> {
    gradgradcheck_params_with(loss, params, &GradcheckOptions::default())
}

/// [`gradcheck_params`] with explicit options. The parameters are restored to their values
/// afterwards, also when `loss` panics. A mismatch names the parameter by its position in
/// `params`.
///
/// # Panics
/// If a parameter is not `f64` (central differences in `f32` cannot reach the tolerances; build
/// the model in `f64` to check it), or `loss()` is not a scalar.
pub fn gradcheck_params_with(
    loss: impl Fn() -> Tensor,
    params: &[Param],
    options: &GradcheckOptions,
) -> Result<GradcheckReport, GradcheckError> {
    let restore = Restore::new("gradcheck_params", params);
    let linearized = |xs: &[Tensor]| {
        restore.set(xs);
        if !xs.iter().any(Tensor::is_tracked) {
            // A central-difference probe: only the value counts.
            return scalar("gradcheck_params", loss());
        }
        let tape = diff(|| scalar("gradcheck_params", loss()));
        let gradients = params.iter().map(|p| grad(&tape, p));
        tape.value() + tangent_term(gradients, xs)
    };
    gradcheck_with(linearized, &restore.values, options)
}

/// [`gradgradcheck_params`] with explicit options (restores the parameters, as
/// [`gradcheck_params_with`] does).
///
/// # Panics
/// As [`gradcheck_params_with`].
pub fn gradgradcheck_params_with(
    loss: impl Fn() -> Tensor,
    params: &[Param],
    options: &GradcheckOptions,
) -> Result<GradcheckReport, GradcheckError> {
    let restore = Restore::new("gradgradcheck_params", params);
    let mut rng = StdRng::seed_from_u64(options.seed ^ 0x5eed);
    let directions: Vec<Tensor> = restore
        .values
        .iter()
        .map(|x| {
            let data: Vec<f64> = (0..x.len()).map(|_| rng.random_range(-1.0..1.0)).collect();
            Tensor::from_shape_vec(x.shape(), data)
        })
        .collect();
    // ⟨∇loss, v⟩, recorded on the tape that is open when it runs.
    let directional = || {
        let inner = diff(|| scalar("gradgradcheck_params", loss()));
        params
            .iter()
            .zip(&directions)
            .filter_map(|(p, v)| grad(&inner, p).map(|g| (g * v).sum_to(&[])))
            .reduce(|a, b| a + b)
            .unwrap_or_else(|| Tensor::from(0.0))
    };
    let linearized = |xs: &[Tensor]| {
        restore.set(xs);
        if !xs.iter().any(Tensor::is_tracked) {
            return directional().detach();
        }
        let outer = diff(directional);
        let gradients = params.iter().map(|p| grad(&outer, p));
        outer.value() + tangent_term(gradients, xs)
    };
    gradcheck_with(linearized, &restore.values, options).map_err(|e| e.with_order(2))
}

/// `Σₖ ⟨gₖ, xₖ − value(xₖ)⟩`: zero, with gradient `gₖ` with respect to `xₖ`.
fn tangent_term(gradients: impl Iterator<Item = Option<Tensor>>, xs: &[Tensor]) -> Tensor {
    gradients
        .zip(xs)
        .filter_map(|(g, x)| g.map(|g| (&g.detach() * &(x - &x.detach())).sum_to(&[])))
        .fold(Tensor::from(0.0), |a, b| a + b)
}

fn scalar(op: &'static str, y: Tensor) -> Tensor {
    if y.len() != 1 {
        Error::invalid(op, format!("the loss must be a scalar, got shape {:?}", y.shape())).raise();
    }
    y.sum_to(&[])
}

/// The parameters' values before the check, written back when dropped.
struct Restore<'a> {
    params: &'a [Param],
    values: Vec<Tensor>,
}

impl<'a> Restore<'a> {
    fn new(op: &'static str, params: &'a [Param]) -> Self {
        for (k, p) in params.iter().enumerate() {
            if p.dtype() != DType::F64 {
                let name = p.name().map_or(String::new(), |n| format!(" `{n}`"));
                Error::invalid(
                    op,
                    format!(
                        "parameter {k}{name} is {}; central differences need f64 parameters",
                        p.dtype()
                    ),
                )
                .raise();
            }
        }
        Restore { params, values: params.iter().map(Param::value).collect() }
    }

    fn set(&self, xs: &[Tensor]) {
        for (p, x) in self.params.iter().zip(xs) {
            p.set(x.detach());
        }
    }
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        for (p, v) in self.params.iter().zip(&self.values) {
            p.set(v.clone());
        }
    }
}
