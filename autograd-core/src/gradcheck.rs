//! Gradient checking against central differences in `f64`, first and second order.
//!
//! The function is reduced to a scalar by a fixed random projection of its output,
//! `L(x) = sum(f(x) * w)`. Small arguments are checked element by element; larger ones along
//! random directions, as HIPS autograd's `check_grads` does.

use std::fmt;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{value_and_gradients, DType, Tensor};

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

/// A failed check: the order (1 or 2) and the worst mismatch.
#[derive(Clone, Debug, PartialEq)]
pub struct GradcheckError {
    /// 1 for [`gradcheck`], 2 for [`gradgradcheck`].
    pub order: usize,
    /// The worst disagreement.
    pub worst: Mismatch,
    /// How many derivatives were compared.
    pub compared: usize,
}

impl fmt::Display for GradcheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = &self.worst;
        let at = match w.element {
            Some(i) => format!("element {i}"),
            None => "a random direction".to_string(),
        };
        write!(
            f,
            "order-{} gradient check failed: argument {} at {at}: tape gives {:.10e}, central \
             differences give {:.10e} (abs error {:.3e}; {} derivatives compared)",
            self.order,
            w.arg,
            w.analytic,
            w.numeric,
            (w.analytic - w.numeric).abs(),
            self.compared
        )
    }
}

impl std::error::Error for GradcheckError {}

/// Checks the gradient of `f` at `args` against central differences (see [`gradcheck_with`]).
///
/// ```
/// use autograd_core::{gradcheck, Tensor};
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
    let (_, grads) = value_and_gradients(|xs| project(&f(xs), &weights), &args);
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
        return Err(GradcheckError {
            order,
            worst: report.worst.expect("set with the ratio"),
            compared: report.compared,
        });
    }
    Ok(report)
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
