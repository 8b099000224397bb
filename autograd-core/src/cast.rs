//! `to_dtype`: the one primitive whose output has another element type than its input, which
//! is why it is written by hand rather than with `#[primitive]` (whose forward functions keep
//! the element type). Its gradient is the incoming gradient cast back, so it composes to any
//! order, as AutoGrad.jl's `float` does.

use crate::registry::{CheckReport, CheckResult, PrimitiveInfo, PrimitiveKind};
use crate::tape::{apply, Op, Outputs};
use crate::{DType, Tensor};

#[derive(Clone)]
struct ToDType {
    dtype: DType,
}

impl Op for ToDType {
    fn name(&self) -> &'static str {
        "to_dtype"
    }

    fn forward(&self, args: &[Tensor]) -> Outputs {
        Outputs::from_elem(
            match self.dtype {
                DType::F32 => Tensor::from_array(args[0].to_array::<f32>()),
                DType::F64 => Tensor::from_array(args[0].to_array::<f64>()),
            },
            1,
        )
    }

    fn backward(
        &self,
        _: usize,
        dys: &[Option<Tensor>],
        args: &[Tensor],
        _: &[Tensor],
    ) -> Option<Tensor> {
        dys[0].as_ref().map(|dy| dy.to_dtype(args[0].dtype()))
    }

    fn constants(&self) -> String {
        format!("dtype = {}", self.dtype)
    }
}

impl Tensor {
    /// This tensor converted to another element type (the same tensor if it already has it).
    /// Differentiable: inside [`diff`](crate::diff) the gradient comes back converted to this
    /// tensor's element type.
    ///
    /// ```
    /// use autograd::{diff, grad, DType, Param};
    /// let x = Param::new(vec![1.0f64, 2.0]);
    /// let tape = diff(|| (&x.to_dtype(DType::F32) * 3.0).sum_to(&[]));
    /// let g = grad(&tape, &x).unwrap();
    /// assert_eq!(g.dtype(), DType::F64);
    /// assert_eq!(g.to_vec::<f64>(), vec![3.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn to_dtype(&self, dtype: DType) -> Tensor {
        if self.dtype() == dtype {
            return self.clone();
        }
        crate::raise::entry(|| apply(ToDType { dtype }, &[self]))
    }
}

/// The generated checks' counterpart: gradients through a round trip f64 → f32 → f64 agree
/// with central differences (with steps and tolerances that f32's rounding allows).
fn check() -> CheckResult {
    use crate::gradcheck::{gradcheck_with, gradgradcheck_with, GradcheckOptions};
    let options = GradcheckOptions { eps: 1e-2, rtol: 1e-3, atol: 1e-4, ..Default::default() };
    let round_trip = |t: &[Tensor]| (&t[0] * &t[0]).to_dtype(DType::F32).to_dtype(DType::F64);
    let x = [Tensor::from_shape_vec(&[2, 3], vec![0.5, -1.0, 1.5, 2.0, -0.25, 0.75])];
    gradcheck_with(round_trip, &x, &options).map_err(|e| format!("to_dtype: {e}"))?;
    gradgradcheck_with(round_trip, &x, &options).map_err(|e| format!("to_dtype: {e}"))?;
    Ok(CheckReport { first_order: true, second_order: true })
}

inventory::submit! {
    PrimitiveInfo { name: "to_dtype", module: module_path!(), kind: PrimitiveKind::TensorLevel, check }
}

#[cfg(test)]
mod tests {
    #[test]
    fn gradients_match_central_differences() {
        crate::registry::assert_check("to_dtype", super::check());
    }
}
