//! Gradient checking against central differences in `f64`, first and second order.
//!
//! The function is reduced to a scalar by a fixed random projection of its output,
//! `L(x) = sum(f(x) * w)`. Small arguments are checked element by element; larger ones along
//! random directions, as HIPS autograd's `check_grads` does.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{value_and_gradients, DType, Param, Tensor};

/// Tolerances and sampling of [`gradcheck_with`].
#[derive(Clone, Debug)]
pub struct GradcheckOptions {
    /// Step of the central difference.
    pub eps: f64,
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// Seed of the random projections.
    pub seed: u64,
    /// Arguments with more elements than this are checked along random directions.
    pub max_elements: usize,
    /// How many random directions for a large argument.
    pub directions: usize,
}

impl Default for GradcheckOptions {
    fn default() -> Self {
        GradcheckOptions {
            eps: 1e-5,
            rtol: 1e-4,
            atol: 1e-6,
            seed: 0,
            max_elements: 64,
            directions: 8,
        }
    }
}

/// The worst disagreement found by a check.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Mismatch {
    /// Which argument (0-based).
    pub arg: usize,
    /// Which element, in row-major order; `None` for a random direction.
    pub element: Option<usize>,
    /// The derivative computed by the tape.
    pub analytic: f64,
    /// The central difference.
    pub numeric: f64,
}

/// The outcome of a passing check.
#[derive(Clone, Debug, PartialEq)]
pub struct GradcheckReport {
    /// How many derivatives were compared.
    pub compared: usize,
    /// The worst comparison, as a fraction of the allowed tolerance (≤ 1 passes).
    pub worst_ratio: f64,
    /// Where it was.
    pub worst: Option<Mismatch>,
}

/// A failed check: which order (1 or 2), and either the worst disagreement with central
/// differences, or arguments whose gradient depends on how they were given.
///
/// ```
/// use autograd::{gradcheck, Tensor};
/// // `detach` hides one factor of x² from the tape: the tape gives x, the truth is 2x.
/// let err = gradcheck(|t| &t[0] * &t[0].detach(), &[Tensor::from(3.0)]).unwrap_err();
/// assert_eq!(err.order(), 1);
/// assert_eq!(err.worst().unwrap().element, Some(0));
/// assert!(err.to_string().contains("central differences"));
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("order-{order} gradient check failed: {failure}")]
#[non_exhaustive]
pub struct GradcheckError {
    order: usize,
    failure: Failure,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
enum Failure {
    #[error(
        "argument {} at {}: tape gives {:.10e}, central differences give {:.10e} \
         (abs error {:.3e}; {compared} derivatives compared)",
        .worst.arg, .worst.place(), .worst.analytic, .worst.numeric,
        (.worst.analytic - .worst.numeric).abs()
    )]
    Numeric { worst: Mismatch, compared: usize },
    #[error(
        "argument {arg} element {element}: given {kind}, the tape gives {other:e}; given \
         plain values, {plain:e}"
    )]
    ArgumentKind { kind: &'static str, arg: usize, element: usize, plain: f64, other: f64 },
}

impl Mismatch {
    fn place(&self) -> String {
        match self.element {
            Some(i) => format!("element {i}"),
            None => "a random direction".to_string(),
        }
    }
}

impl GradcheckError {
    /// 1 for [`gradcheck`], 2 for [`gradgradcheck`].
    pub fn order(&self) -> usize {
        self.order
    }

    /// The same failure, reported as a check of `order` (a second-order check built on a
    /// first-order one).
    pub(crate) fn with_order(self, order: usize) -> Self {
        GradcheckError { order, ..self }
    }

    /// The worst disagreement with central differences, if that is what failed.
    pub fn worst(&self) -> Option<&Mismatch> {
        match &self.failure {
            Failure::Numeric { worst, .. } => Some(worst),
            Failure::ArgumentKind { .. } => None,
        }
    }

    /// How the arguments were given when their gradient disagreed with the gradient for plain
    /// values (`"as Params"`, `"tracked on an outer tape"`), if that is what failed.
    pub fn argument_kind(&self) -> Option<&'static str> {
        match &self.failure {
            Failure::Numeric { .. } => None,
            Failure::ArgumentKind { kind, .. } => Some(kind),
        }
    }
}

/// Checks the gradient of `f` at `args` against central differences (see [`gradcheck_with`]).
///
/// ```
/// use autograd::{gradcheck, Tensor};
/// let report = gradcheck(|t| &t[0] * &t[0] * &t[1], &[Tensor::from(vec![1.0, 2.0]), Tensor::from(3.0)]);
/// assert!(report.is_ok());
/// ```
pub fn gradcheck(
    f: impl Fn(&[Tensor]) -> Tensor,
    args: &[Tensor],
) -> Result<GradcheckReport, GradcheckError> {
    gradcheck_with(f, args, &GradcheckOptions::default())
}

/// Checks second derivatives: the gradient of `x ↦ ⟨∇L(x), v⟩` for a random `v`.
pub fn gradgradcheck(
    f: impl Fn(&[Tensor]) -> Tensor,
    args: &[Tensor],
) -> Result<GradcheckReport, GradcheckError> {
    gradgradcheck_with(f, args, &GradcheckOptions::default())
}

/// [`gradcheck`] with explicit options. Arguments are converted to `f64` first.
pub fn gradcheck_with(
    f: impl Fn(&[Tensor]) -> Tensor,
    args: &[Tensor],
    options: &GradcheckOptions,
) -> Result<GradcheckReport, GradcheckError> {
    check(1, f, args, options)
}

/// [`gradgradcheck`] with explicit options.
pub fn gradgradcheck_with(
    f: impl Fn(&[Tensor]) -> Tensor,
    args: &[Tensor],
    options: &GradcheckOptions,
) -> Result<GradcheckReport, GradcheckError> {
    let args = to_f64(args);
    let mut rng = StdRng::seed_from_u64(options.seed ^ 0x5eed);
    let weights = random_like(&f(&args), &mut rng);
    let directions: Vec<Tensor> = args.iter().map(|a| random_like(a, &mut rng)).collect();
    let inner_product = |xs: &[Tensor]| {
        let (_, grads) = value_and_gradients(|zs| project(&f(zs), &weights), xs);
        grads
            .iter()
            .zip(&directions)
            .map(|(g, v)| project(g, v))
            .reduce(|a, b| a + b)
            .expect("at least one argument")
    };
    check(2, inner_product, &args, options)
}

fn check(
    order: usize,
    f: impl Fn(&[Tensor]) -> Tensor,
    args: &[Tensor],
    options: &GradcheckOptions,
) -> Result<GradcheckReport, GradcheckError> {
    let args = to_f64(args);
    let mut rng = StdRng::seed_from_u64(options.seed);
    let weights = random_like(&f(&args), &mut rng);
    let loss = |xs: &[Tensor]| project(&f(xs), &weights).item::<f64>();
    let projected = |xs: &[Tensor]| project(&f(xs), &weights);
    let (_, grads) = value_and_gradients(projected, &args);
    agree_across_argument_kinds(order, &projected, &args, &grads)?;
    let mut report = GradcheckReport { compared: 0, worst_ratio: 0.0, worst: None };
    for (arg, x) in args.iter().enumerate() {
        let g = grads[arg].to_vec::<f64>();
        let n = x.len();
        let probes: Vec<(Option<usize>, Vec<f64>)> = if n <= options.max_elements {
            (0..n)
                .map(|j| {
                    let mut v = vec![0.0; n];
                    v[j] = 1.0;
                    (Some(j), v)
                })
                .collect()
        } else {
            (0..options.directions)
                .map(|_| (None, (0..n).map(|_| rng.random_range(-1.0..1.0)).collect()))
                .collect()
        };
        for (element, v) in probes {
            let step = |sign: f64| {
                let mut xs = args.clone();
                let moved: Vec<f64> = x
                    .to_vec::<f64>()
                    .iter()
                    .zip(&v)
                    .map(|(a, d)| a + sign * options.eps * d)
                    .collect();
                xs[arg] = Tensor::from_shape_vec(x.shape(), moved);
                loss(&xs)
            };
            let numeric = (step(1.0) - step(-1.0)) / (2.0 * options.eps);
            let analytic: f64 = g.iter().zip(&v).map(|(a, b)| a * b).sum();
            let allowed = options.atol + options.rtol * analytic.abs().max(numeric.abs());
            let ratio = (analytic - numeric).abs() / allowed;
            report.compared += 1;
            if ratio.is_nan() || ratio > report.worst_ratio {
                report.worst_ratio = if ratio.is_nan() { f64::INFINITY } else { ratio };
                report.worst = Some(Mismatch { arg, element, analytic, numeric });
            }
        }
    }
    if report.worst_ratio > 1.0 {
        let worst = report.worst.expect("set with the ratio");
        return Err(GradcheckError {
            order,
            failure: Failure::Numeric { worst, compared: report.compared },
        });
    }
    Ok(report)
}

/// The same function must have the same gradient whether its arguments are plain values,
/// [`Param`]s, or values tracked on an outer tape (where element-wise rules run their recorded
/// path instead of the fused kernel). `plain` holds the gradients for plain values.
fn agree_across_argument_kinds(
    order: usize,
    f: &dyn Fn(&[Tensor]) -> Tensor,
    args: &[Tensor],
    plain: &[Tensor],
) -> Result<(), GradcheckError> {
    let params: Vec<Tensor> = args.iter().map(|a| Tensor::from(Param::new(a.clone()))).collect();
    let (_, as_params) = value_and_gradients(f, &params);
    compare_gradients(order, "as Params", plain, &as_params)?;
    let (tracked, _) = gradients_on_outer_tape(f, args);
    compare_gradients(order, "tracked on an outer tape", plain, &tracked)
}

/// The gradients of `f` at `args` computed while `args` are tracked on an outer tape (so the
/// gradient rules run recorded), and the outer gradients of their sum.
pub(crate) fn gradients_on_outer_tape(
    f: &dyn Fn(&[Tensor]) -> Tensor,
    args: &[Tensor],
) -> (Vec<Tensor>, Vec<Tensor>) {
    let mut inner = Vec::new();
    let (_, outer) = value_and_gradients(
        |xs| {
            let (_, grads) = value_and_gradients(f, xs);
            inner = grads.iter().map(Tensor::detach).collect();
            grads.iter().map(|g| g.sum_to(&[])).reduce(|a, b| a + b).expect("at least one argument")
        },
        args,
    );
    (inner, outer)
}

fn compare_gradients(
    order: usize,
    kind: &'static str,
    plain: &[Tensor],
    other: &[Tensor],
) -> Result<(), GradcheckError> {
    for (arg, (p, o)) in plain.iter().zip(other).enumerate() {
        let (p, o) = (p.to_vec::<f64>(), o.to_vec::<f64>());
        if let Some(element) = (0..p.len()).find(|&i| !same_number(p[i], o[i], 1e-10)) {
            let failure =
                Failure::ArgumentKind { kind, arg, element, plain: p[element], other: o[element] };
            return Err(GradcheckError { order, failure });
        }
    }
    Ok(())
}

/// Equal within a relative tolerance, or both NaN, or the same infinity.
pub(crate) fn same_number(a: f64, b: f64, rtol: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    (a - b).abs() <= rtol * (1.0 + a.abs().max(b.abs()))
}

fn to_f64(args: &[Tensor]) -> Vec<Tensor> {
    args.iter().map(|a| a.detach().to_dtype(DType::F64)).collect()
}

fn random_like(t: &Tensor, rng: &mut StdRng) -> Tensor {
    let data: Vec<f64> = (0..t.len()).map(|_| rng.random_range(-1.0..1.0)).collect();
    Tensor::from_shape_vec(t.shape(), data)
}

/// `sum(y * w)`, with `w` in `y`'s element type.
fn project(y: &Tensor, w: &Tensor) -> Tensor {
    (y * &w.to_dtype(y.dtype())).sum_to(&[])
}
