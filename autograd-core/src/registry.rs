//! The registry of primitives: every `#[primitive]` and `#[zerograd]` function registers its
//! name and its generated gradient check, so one test can prove that all of them were checked.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::gradcheck::{gradcheck, gradgradcheck, gradients_on_outer_tape, same_number};
use crate::{DType, Tensor};

/// How a primitive was defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrimitiveKind {
    /// A scalar function applied element by element, with broadcasting.
    Elementwise,
    /// A function of whole arrays.
    TensorLevel,
    /// A function whose output never carries a gradient (`#[zerograd]`).
    ZeroGrad,
}

/// What a primitive's generated check proved.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckReport {
    /// First-order gradients agree with central differences.
    pub first_order: bool,
    /// Second-order gradients agree with central differences of the gradient.
    pub second_order: bool,
}

/// The result of a generated check: the report, or a readable failure.
pub type CheckResult = Result<CheckReport, String>;

/// One registered primitive.
pub struct PrimitiveInfo {
    /// The function's name.
    pub name: &'static str,
    /// The module it is defined in (`module_path!()`).
    pub module: &'static str,
    /// How it was defined.
    pub kind: PrimitiveKind,
    /// Its generated gradient check.
    pub check: fn() -> CheckResult,
}

impl PrimitiveInfo {
    /// The family: the module under the crate root (`math`, `special`, `arith` …), so that a
    /// family split into files by concern (`special::airy`, `special::gamma`) stays one family;
    /// the crate's name for a primitive at its root.
    pub fn family(&self) -> &'static str {
        let mut segments = self.module.split("::");
        let root = segments.next().unwrap_or(self.module);
        segments.next().unwrap_or(root)
    }
}

inventory::collect!(PrimitiveInfo);

/// Every primitive linked into this program, sorted by family and name.
pub fn primitives() -> Vec<&'static PrimitiveInfo> {
    let mut all: Vec<_> = inventory::iter::<PrimitiveInfo>.into_iter().collect();
    all.sort_by_key(|p| (p.family(), p.name, p.module));
    all
}

/// `Σₖ ⟨wₖ, yₖ⟩` for fixed pseudo-random weights `wₖ` in [-1, 1): how the generated check of a
/// multi-output primitive sees all of its outputs at once, each element weighted differently,
/// so that a wrong rule for any one output changes the gradient. Recorded, so it
/// differentiates to any order.
#[doc(hidden)]
pub fn combine_outputs(outputs: &[Tensor]) -> Tensor {
    let mut rng = StdRng::seed_from_u64(0x6f75_7470_7574);
    let mut total: Option<Tensor> = None;
    for y in outputs {
        let weights: Vec<f64> = (0..y.len()).map(|_| rng.random_range(-1.0..1.0)).collect();
        let w = Tensor::from_shape_vec(y.shape(), weights).to_dtype(y.dtype());
        let term = (y * &w).sum_to(&[]);
        total = Some(match total {
            None => term,
            Some(t) => t + term,
        });
    }
    total.expect("a primitive has an output")
}

/// How the generated check calls a primitive: sampling domain, argument shapes, and which
/// tensor arguments take gradients.
#[doc(hidden)]
pub struct CheckSpec {
    pub name: &'static str,
    pub kind: PrimitiveKind,
    pub domain: (f64, f64),
    pub shapes: &'static [&'static [usize]],
    pub differentiable: &'static [bool],
    /// Turns the sampled tensors into valid input (the attribute's `prepare = function`).
    pub prepare: Option<fn(Vec<Tensor>) -> Vec<Tensor>>,
}

/// The generated check of one primitive: f32 agrees with f64, and gradients of the first and
/// second order agree with central differences (or, for `#[zerograd]`, there are none).
#[doc(hidden)]
pub fn check_primitive(spec: &CheckSpec, f: &dyn Fn(&[Tensor]) -> Tensor) -> CheckResult {
    let seed = spec
        .name
        .bytes()
        .fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    let mut rng = StdRng::seed_from_u64(seed);
    let (low, high) = spec.domain;
    let inputs: Vec<Tensor> = spec
        .shapes
        .iter()
        .map(|shape| {
            let n = shape.iter().product();
            let data: Vec<f64> = (0..n).map(|_| rng.random_range(low..high)).collect();
            Tensor::from_shape_vec(shape, data)
        })
        .collect();
    let inputs = match spec.prepare {
        Some(prepare) => prepare(inputs),
        None => inputs,
    };
    agree_across_dtypes(spec.name, "value", &f(&inputs), &f(&as_f32(&inputs)))?;

    let wrt: Vec<usize> = (0..inputs.len()).filter(|&i| spec.differentiable[i]).collect();
    if spec.kind == PrimitiveKind::ZeroGrad || wrt.is_empty() {
        let tape = crate::tape::record(&inputs, false, |xs| f(xs).sum_to(&[]))
            .map_err(|e| format!("{}: {e}", spec.name))?;
        if (0..inputs.len()).any(|i| tape.leaf_grad(i).is_some()) {
            return Err(format!("{}: a zero-gradient primitive produced a gradient", spec.name));
        }
        return Ok(CheckReport { first_order: false, second_order: false });
    }
    // `inputs` with the differentiable arguments replaced by `xs`.
    let with = |fixed: &[Tensor], xs: &[Tensor]| {
        let mut all = fixed.to_vec();
        for (k, &i) in wrt.iter().enumerate() {
            all[i] = xs[k].clone();
        }
        f(&all)
    };
    let partial = |xs: &[Tensor]| with(&inputs, xs);
    let at: Vec<Tensor> = wrt.iter().map(|&i| inputs[i].clone()).collect();
    gradcheck(partial, &at).map_err(|e| format!("{}: {e}", spec.name))?;
    gradgradcheck(partial, &at).map_err(|e| format!("{}: {e}", spec.name))?;
    if spec.kind == PrimitiveKind::Elementwise && spec.prepare.is_none() {
        fused_agrees_with_recorded(spec, f)?;
    }

    let inputs32 = as_f32(&inputs);
    let (_, g64) = crate::value_and_gradients(|xs| partial(xs).sum_to(&[]), &at);
    let (_, g32) = crate::value_and_gradients(|xs| with(&inputs32, xs).sum_to(&[]), &as_f32(&at));
    for (a, b) in g64.iter().zip(&g32) {
        agree_across_dtypes(spec.name, "gradient", a, b)?;
    }
    Ok(CheckReport { first_order: true, second_order: true })
}

/// Where a rule's fused kernel (scalar `f64`/`f32` methods) and its recorded path (tensor
/// methods) most often part ways: signed zeros, the units, infinities, NaN, the domain's edges.
fn special_values(domain: (f64, f64)) -> Vec<f64> {
    let mut values = vec![0.0, -0.0, 1.0, -1.0, 0.5, -2.0, f64::INFINITY, f64::NEG_INFINITY];
    values.extend([f64::NAN, domain.0, domain.1]);
    values
}

/// One text, one meaning: an element-wise rule gives the same first-order gradient through
/// its fused kernel (arguments untracked) and through its recorded path (arguments tracked on
/// an outer tape), at every combination of special values, in `f64` and `f32`.
fn fused_agrees_with_recorded(
    spec: &CheckSpec,
    f: &dyn Fn(&[Tensor]) -> Tensor,
) -> Result<(), String> {
    let values = special_values(spec.domain);
    let (n, k) = (values.len(), spec.shapes.len());
    // Every argument has the full grid's shape, argument `i` varying along axis `i`: each
    // element of a gradient then belongs to one combination (no sum that a NaN would spoil).
    let shape = vec![n; k];
    let coordinate = |element: usize, axis: usize| element / n.pow((k - 1 - axis) as u32) % n;
    let grid: Vec<Tensor> = (0..k)
        .map(|i| {
            let data = (0..n.pow(k as u32)).map(|e| values[coordinate(e, i)]).collect();
            Tensor::from_shape_vec(&shape, data)
        })
        .collect();
    let loss = |xs: &[Tensor]| f(xs).sum_to(&[]);
    for (dtype, rtol) in [(DType::F64, 1e-12), (DType::F32, 1e-5)] {
        let args: Vec<Tensor> = grid.iter().map(|t| t.to_dtype(dtype)).collect();
        let (_, fused) = crate::value_and_gradients(loss, &args);
        let (recorded, _) = gradients_on_outer_tape(&loss, &args);
        for (arg, (a, b)) in fused.iter().zip(&recorded).enumerate() {
            if !spec.differentiable[arg] {
                continue;
            }
            let (a, b) = (a.to_vec::<f64>(), b.to_vec::<f64>());
            if let Some(j) = (0..a.len()).find(|&j| !same_number(a[j], b[j], rtol)) {
                let at: Vec<String> =
                    (0..k).map(|i| values[coordinate(j, i)].to_string()).collect();
                return Err(format!(
                    "{}: at ({}) in {dtype}, the fused kernel gives argument {} the gradient {} \
                     but the recorded path (inside an outer `diff`) gives {}",
                    spec.name,
                    at.join(", "),
                    arg + 1,
                    a[j],
                    b[j]
                ));
            }
        }
    }
    Ok(())
}

fn as_f32(xs: &[Tensor]) -> Vec<Tensor> {
    xs.iter().map(|x| x.to_dtype(DType::F32)).collect()
}

fn agree_across_dtypes(name: &str, what: &str, y64: &Tensor, y32: &Tensor) -> Result<(), String> {
    if y32.dtype() != DType::F32 || y64.shape() != y32.shape() {
        return Err(format!(
            "{name}: the f32 {what} has element type {} and shape {:?}, expected f32 and {:?}",
            y32.dtype(),
            y32.shape(),
            y64.shape()
        ));
    }
    for (i, (a, b)) in y64.to_vec::<f64>().iter().zip(y32.to_vec::<f64>()).enumerate() {
        if (a - b).abs() > 1e-3 * (1.0 + a.abs()) {
            return Err(format!(
                "{name}: the f32 {what} differs at element {i}: {b} vs {a} in f64"
            ));
        }
    }
    Ok(())
}

/// Panics with the check's message if it failed: what the generated `#[test]` calls.
#[doc(hidden)]
pub fn assert_check(name: &str, result: CheckResult) {
    if let Err(message) = result {
        panic!("gradient check of `{name}` failed: {message}");
    }
}
