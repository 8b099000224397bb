//! The neural-network core (what Knet builds on AutoGrad.jl): activations, softmax and
//! log-softmax, losses, and dropout. Convolution and pooling are in [`crate::conv`].
//!
//! Every gradient rule is written with recorded primitives, so second derivatives work
//! (Hessian-vector products of a loss, gradient penalties). Piecewise activations take the
//! one-sided derivative of their right piece at 0 from the left: `relu'(0) = 0`, as in PyTorch,
//! the same on the fused and the recorded path.

use autograd_core::{DType, Error, Tensor};
use autograd_macros::{primitive, zerograd};
use ndarray::{ArrayD, IxDyn, Zip};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::kernels::vmath::VectorMath;
use crate::{CompareMask, TensorMath};

mod softmax;
pub use softmax::*;

/// The rectified linear unit `max(x, 0)`; its gradient at 0 is 0. NaN stays NaN, with a NaN
/// gradient.
#[primitive(dy => dy * x.gt_mask(0.0))]
pub fn relu(x: f64) -> f64 {
    if x > 0.0 || x.is_nan() {
        x
    } else {
        0.0
    }
}

/// `x` where positive, `slope · x` elsewhere; its gradient at 0 is `slope`.
#[primitive(dy => dy * (x.gt_mask(0.0) + (1.0 - x.gt_mask(0.0)) * slope), check(slope = 0.1))]
pub fn leaky_relu(x: f64, #[constant] slope: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        slope * x
    }
}

/// The logistic sigmoid `1 / (1 + e⁻ˣ)`, computed without overflow for any `x`.
#[primitive(dy => dy * y * (1.0 - y))]
pub fn sigmoid(x: f64) -> f64 {
    x.vsigmoid()
}

/// `ln(1 + eˣ)`, computed without overflow for any `x`; its gradient is the sigmoid.
#[primitive(dy => dy * x.vsigmoid())]
pub fn softplus(x: f64) -> f64 {
    x.vsoftplus()
}

/// The exponential linear unit: `x` where positive, `alpha · (eˣ - 1)` elsewhere.
// Left of 0 the derivative is `alpha · eˣ`, written with `eᵐⁱⁿ⁽ˣ, ⁰⁾` so that the masked-out
// branch stays finite (1) right of 0, even at +∞ (a mask times ∞ would be NaN). `clamp`
// keeps its end, so the second derivative at 0 is the left one, `alpha`.
#[primitive(
    dy => dy * (x.gt_mask(0.0)
        + (1.0 - x.gt_mask(0.0)) * alpha * x.clamp(f64::NEG_INFINITY, 0.0).vexp()),
    check(alpha = 1.0)
)]
pub fn elu(x: f64, #[constant] alpha: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        alpha * x.exp_m1()
    }
}

/// The scale `λ` of [`selu`].
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_5;
/// The `α` of [`selu`].
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;

/// The scaled exponential linear unit `λ · elu(x, α)` with [`SELU_SCALE`] and [`SELU_ALPHA`]
/// (Klambauer et al., 2017).
pub fn selu(x: &Tensor) -> Tensor {
    SELU_SCALE * elu(x, SELU_ALPHA)
}

/// The Gaussian error linear unit, exact: `x · Φ(x) = x/2 · (1 + erf(x/√2))`, accurate in the
/// lower tail too (where `1 + erf` would cancel).
// gelu′ = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π) = e^(−x²/2)·(2/√π)·(1/√2)/2.
#[primitive(dy => dy * (x.vnormal_cdf() + x * (-0.5 * x * x).vexp()
    * (0.5 * std::f64::consts::FRAC_2_SQRT_PI * std::f64::consts::FRAC_1_SQRT_2)))]
pub fn gelu(x: f64) -> f64 {
    x.vgelu()
}

/// Checks that `x` is `[samples, classes]` with one label in range per sample.
fn check_labels(op: &'static str, shape: &[usize], labels: &[usize]) {
    if shape.len() != 2 {
        Error::invalid(
            op,
            format!("expected a 2-d [samples, classes] tensor, found shape {shape:?}"),
        )
        .raise();
    }
    if labels.len() != shape[0] {
        Error::invalid(
            op,
            format!("{} labels for {} samples (shape {shape:?})", labels.len(), shape[0]),
        )
        .raise();
    }
    if let Some((i, bad)) = labels.iter().enumerate().find(|(_, &c)| c >= shape[1]) {
        Error::invalid(
            op,
            format!(
                "label {bad} of sample {i} is out of range for {} classes (shape {shape:?})",
                shape[1]
            ),
        )
        .raise();
    }
}

/// `-1/N` at each sample's label, 0 elsewhere: the (constant) gradient of [`nll_loss`].
fn nll_weights(labels: &[usize], shape: &[usize], dtype: DType) -> Tensor {
    let mut w = vec![0.0; shape.iter().product()];
    let scale = -1.0 / labels.len() as f64;
    for (i, &c) in labels.iter().enumerate() {
        w[i * shape[1] + c] = scale;
    }
    Tensor::from_shape_vec(shape, w).to_dtype(dtype)
}

/// The negative log-likelihood `-mean_i log_probs[i, labels[i]]`, averaged over the batch
/// (rows are samples, columns classes), as a 0-d tensor.
///
/// # Panics
/// If `log_probs` is not 2-d, or the labels do not match its rows or its classes.
#[primitive(
    dy => dy * nll_weights(labels, log_probs.shape(), log_probs.dtype()),
    check(log_probs = [3, 4], labels = &[2, 0, 3])
)]
pub fn nll_loss(log_probs: &Array, labels: &[usize]) -> Array {
    check_labels("nll_loss", log_probs.shape(), labels);
    let total: Elem = labels.iter().enumerate().map(|(i, &c)| log_probs[[i, c]]).sum();
    ArrayD::from_elem(IxDyn(&[]), -total / Elem::of(labels.len() as f64))
}

/// The softmax cross-entropy of `logits` (rows are samples, columns classes) against integer
/// `labels`, averaged over the batch: `nll_loss(log_softmax(logits, 1), labels)`. Its gradient
/// is `(softmax(logits) - onehot(labels)) / N`.
///
/// # Panics
/// If `logits` is not 2-d, or the labels do not match its rows or its classes.
pub fn cross_entropy(logits: &Tensor, labels: &[usize]) -> Tensor {
    check_labels("cross_entropy", logits.shape(), labels);
    nll_loss(&log_softmax(logits, 1), labels)
}

fn check_same_shape(op: &'static str, a: &[usize], b: &[usize]) {
    if a != b {
        Error::shape(op, &[a, b]).raise();
    }
}

/// The mean squared error `mean((pred - target)²)`, as a 0-d tensor.
///
/// # Panics
/// If the shapes differ (no broadcasting: a `[N, 1]` prediction against a `[N]` target is a
/// mistake, not an `[N, N]` comparison).
#[primitive(
    dy => dy * (pred - target) * (2.0 / pred.len() as f64),
    dy => dy * (target - pred) * (2.0 / pred.len() as f64),
    check(pred = [2, 3], target = [2, 3])
)]
pub fn mse(pred: &Array, target: &Array) -> Array {
    check_same_shape("mse", pred.shape(), target.shape());
    let total =
        Zip::from(pred).and(target).fold(Elem::zero(), |acc, &p, &t| acc + (p - t) * (p - t));
    ArrayD::from_elem(IxDyn(&[]), total / Elem::of(pred.len() as f64))
}

/// The binary cross-entropy `-mean(t · ln p + (1 - t) · ln(1 - p))` of probabilities `p` in
/// [0, 1] against targets `t` in [0, 1], as a 0-d tensor. As in PyTorch, the logarithms are
/// clamped at -100 so that a probability of exactly 0 or 1 (a saturated sigmoid) gives a
/// finite loss, and the gradients are finite there too: `(p - t) / max(p (1 - p), 10⁻¹²)` for
/// `p` and the clamped `ln(1 - p) - ln p` for `t`, each over N. A NaN stays NaN. From logits,
/// [`binary_cross_entropy_with_logits`] is exact everywhere.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::nn::binary_cross_entropy;
/// let (p, t) = (Tensor::from(vec![0.0, 1.0]), Tensor::from(vec![0.0, 1.0]));
/// assert_eq!(binary_cross_entropy(&p, &t).item::<f64>(), 0.0);
/// let g = gradfun(|p: &Tensor| binary_cross_entropy(p, &t))(&p);
/// assert_eq!(g.to_vec::<f64>(), vec![0.0, 0.0]);
/// ```
///
/// # Panics
/// If the shapes differ.
#[primitive(
    // `clamp`, not `max`: `f64::max` would turn a NaN into the bound.
    dy => dy * (probs - targets) / (probs * (1.0 - probs)).clamp(1e-12, f64::INFINITY)
        / probs.len() as f64,
    dy => dy * ((1.0 - probs).ln().clamp(-100.0, f64::INFINITY)
        - probs.ln().clamp(-100.0, f64::INFINITY)) / probs.len() as f64,
    domain = 0.1..0.9,
    check(probs = [2, 3], targets = [2, 3])
)]
pub fn binary_cross_entropy(probs: &Array, targets: &Array) -> Array {
    check_same_shape("binary_cross_entropy", probs.shape(), targets.shape());
    // Not `Float::max`, which would turn a NaN logarithm into the floor.
    let floor = Elem::of(-100.0);
    let clamped_ln = |v: Elem| if v.ln() < floor { floor } else { v.ln() };
    let total = Zip::from(probs).and(targets).fold(Elem::zero(), |acc, &p, &t| {
        let one = Elem::one();
        acc - (t * clamped_ln(p) + (one - t) * clamped_ln(one - p))
    });
    ArrayD::from_elem(IxDyn(&[]), total / Elem::of(probs.len() as f64))
}

/// The binary cross-entropy of `sigmoid(logits)` against targets in [0, 1], computed from
/// the logits without overflow: `mean(max(z, 0) - z·t + ln(1 + e^-|z|))`, as a 0-d tensor.
///
/// # Panics
/// If the shapes differ.
#[primitive(
    dy => dy * (sigmoid(logits) - targets) / logits.len() as f64,
    dy => -(dy * logits) / logits.len() as f64,
    check(logits = [2, 3], targets = [2, 3])
)]
pub fn binary_cross_entropy_with_logits(logits: &Array, targets: &Array) -> Array {
    check_same_shape("binary_cross_entropy_with_logits", logits.shape(), targets.shape());
    let total = Zip::from(logits).and(targets).fold(Elem::zero(), |acc, &z, &t| {
        acc + z.max(Elem::zero()) - z * t + (-z.abs()).exp().ln_1p()
    });
    ArrayD::from_elem(IxDyn(&[]), total / Elem::of(logits.len() as f64))
}

/// The dropout mask for a tensor of `x`'s shape: each element independently 0 with
/// probability `p`, else `1 / (1 - p)`, drawn from `StdRng::seed_from_u64(seed)` (the same
/// mask for the same seed and shape, in either element type). No gradient.
///
/// # Panics
/// If `p` is not in [0, 1].
#[zerograd(check(p = 0.5, seed = 7))]
pub fn dropout_mask(x: &Array, p: f64, seed: u64) -> Array {
    if !(0.0..=1.0).contains(&p) {
        Error::invalid("dropout", format!("p = {p} is not a probability in [0, 1]")).raise();
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let keep = if p < 1.0 { Elem::of(1.0 / (1.0 - p)) } else { Elem::zero() };
    // Drawn in row-major order whatever `x`'s memory layout, so the mask depends only on the
    // seed and the shape.
    let draws = (0..x.len()).map(|_| if rng.random::<f64>() < p { Elem::zero() } else { keep });
    ArrayD::from_shape_vec(x.raw_dim(), draws.collect()).expect("one draw per element")
}

/// Dropout: when `training`, `x` times [`dropout_mask`]`(x, p, seed)` (each element zeroed
/// with probability `p`, the rest scaled by `1 / (1 - p)`); otherwise `x` itself. The mask is a
/// constant of the recorded product, so the gradient passes through the same mask.
///
/// # Panics
/// If `p` is not in [0, 1].
pub fn dropout(x: &Tensor, p: f64, seed: u64, training: bool) -> Tensor {
    if !(0.0..=1.0).contains(&p) {
        Error::invalid("dropout", format!("p = {p} is not a probability in [0, 1]")).raise();
    }
    if !training || p == 0.0 {
        return x.clone();
    }
    x * dropout_mask(x, p, seed)
}
