//! The engine of the `autograd` crate: [`Tensor`], [`Param`], the tape, [`diff`] / [`grad`] /
//! [`value`] / [`gradfun`], the [`Op`] trait that `#[primitive]` implements, broadcasting, the
//! arithmetic primitives and operators, gradient checking, the primitive registry and profiling.
//!
//! Most users depend on the `autograd` facade crate, which re-exports all of this.
#![warn(missing_docs)]

// The macros name this crate `::autograd`, as a user of the facade does.
extern crate self as autograd;

mod api;
mod arith;
mod dtype;
mod elementwise;
mod error;
pub mod gradcheck;
mod inspect;
mod param;
mod params;
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
pub use elementwise::{broadcast_shape, map_arrays, sum_to_array};
pub use error::{Error, ErrorKind, Result};
pub use gradcheck::{gradcheck, gradgradcheck, GradcheckError, GradcheckOptions};
pub use inspect::NodeView;
pub use param::Param;
pub use params::{named_params, params, Params};
pub use registry::{primitives, CheckReport, PrimitiveInfo, PrimitiveKind};
pub use tape::{Op, Tape};
pub use tensor::Tensor;

/// What the macros' generated code refers to. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::elementwise::{all_plain, common_dtype, map_tensors};
    pub use crate::registry::{
        assert_check, check_primitive, CheckResult, CheckSpec, PrimitiveInfo, PrimitiveKind,
    };
    pub use crate::tape::{apply, Op};
    pub use crate::{DType, Element, Tensor};
    pub use inventory;
    pub use ndarray;
}
