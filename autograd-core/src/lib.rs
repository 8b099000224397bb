//! The engine of the `autograd` crate: [`Tensor`], [`Param`], the tape, [`diff`] / [`grad`] /
//! [`value`] / [`gradfun`], the [`Op`] trait that `#[primitive]` implements, broadcasting, the
//! arithmetic primitives and operators, gradient checking, the primitive registry and profiling.
//!
//! Most users depend on the `autograd` facade crate, which re-exports all of this.
#![warn(missing_docs)]
#![deny(unsafe_code)]

// The macros name this crate `::autograd`, as a user of the facade does.
extern crate self as autograd;

mod api;
mod arith;
pub mod buffers;
mod cast;
mod dtype;
mod elementwise;
mod error;
pub mod gradcheck;
mod gradcheck_params;
mod inspect;
mod jacobian;
mod param;
mod params;
mod raise;
mod registry;
mod sparse;
mod tape;
mod tensor;
pub mod timer;

pub use api::{
    diff, diff_debug, grad, gradfun, gradloss, try_diff, value, value_and_gradients, Value,
};
pub use arith::{add, broadcast_to, div, mul, neg, sub, sum_to, Operand};
pub use dtype::{DType, Element};
pub use elementwise::{broadcast_shape, map_arrays, sum_to_array, PARALLEL_MIN_LEN};
pub use error::{Error, ErrorKind, Result};
pub use gradcheck::{
    gradcheck, gradcheck_with, gradgradcheck, gradgradcheck_with, GradcheckError, GradcheckOptions,
};
pub use gradcheck_params::{
    gradcheck_params, gradcheck_params_with, gradgradcheck_params, gradgradcheck_params_with,
};
pub use inspect::{NodeView, OutputView};
pub use jacobian::{
    hessian, hessians, hvp, hvps, jacobian, jacobians, jvp, jvps, move_leading_axes, vjp, vjps,
};
pub use param::Param;
pub use params::{named_params, params, Params};
pub use raise::catch;
pub use registry::{primitives, CheckReport, PrimitiveInfo, PrimitiveKind};
pub use tape::{Op, Outputs, Tape};
pub use tensor::Tensor;

/// What the macros' generated code refers to. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::elementwise::{all_plain, common_dtype, map_tensors};
    pub use crate::raise::entry;
    pub use crate::registry::{
        assert_check, check_primitive, combine_outputs, CheckResult, CheckSpec, PrimitiveInfo,
        PrimitiveKind,
    };
    pub use crate::tape::{apply, apply_outputs, Op, Outputs};
    pub use crate::{DType, Element, Tensor};
    pub use inventory;
    pub use ndarray;
}
