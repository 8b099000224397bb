//! The one public error type.

use crate::DType;

/// What went wrong, and in which operation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{op}: {kind}")]
pub struct Error {
    /// The operation that failed (`"add"`, `"matmul"`, `"diff"` …).
    pub op: &'static str,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// The kinds of [`Error`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Shapes that the operation cannot combine.
    #[error("incompatible shapes {}", format_shapes(.0))]
    Shape(Vec<Vec<usize>>),
    /// Tensors of different element types in one operation.
    #[error("mixed element types {0} and {1}; convert one with `to_dtype` first")]
    DType(DType, DType),
    /// A function differentiated by `diff` returned more than one element.
    #[error(
        "the function returned a tensor of shape {0:?}; differentiation needs a scalar \
         (one element): reduce it first, e.g. `sum(&y)` or `mean(&y)`"
    )]
    NotScalar(Vec<usize>),
    /// Any other invalid argument, described.
    #[error("{0}")]
    Invalid(String),
}

fn format_shapes(shapes: &[Vec<usize>]) -> String {
    shapes.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(" and ")
}

impl Error {
    /// A shape error in `op` for the given shapes.
    pub fn shape(op: &'static str, shapes: &[&[usize]]) -> Self {
        Error { op, kind: ErrorKind::Shape(shapes.iter().map(|s| s.to_vec()).collect()) }
    }

    /// An invalid-argument error in `op`.
    pub fn invalid(op: &'static str, message: impl Into<String>) -> Self {
        Error { op, kind: ErrorKind::Invalid(message.into()) }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
