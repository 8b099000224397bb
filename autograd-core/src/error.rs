//! The one public error type, and how errors travel: raised where they are found, reported at
//! the caller's line, and delivered as values inside [`catch`](crate::catch).
//!
//! See `raise.rs` for the mechanism and DESIGN.md ("Errors") for why it is built this way.

use std::panic::Location;

use crate::DType;

/// What went wrong, in which operation, and where the caller was.
///
/// Every library error is one of these. Outside [`catch`](crate::catch) it is a panic whose
/// message is this error's `Display` and whose location is the caller's line; inside `catch`
/// it comes back as the `Err` value, with nothing printed.
///
/// ```
/// use autograd::{catch, ErrorKind, Tensor};
///
/// let a = Tensor::from(vec![1.0, 2.0, 3.0]);
/// let b = Tensor::from(vec![1.0, 2.0]);
/// let err = catch(|| &a + &b).unwrap_err();
/// assert_eq!(err.op(), "add");
/// assert_eq!(err.kind(), &ErrorKind::Shape(vec![vec![3], vec![2]]));
/// assert_eq!(err.to_string(), "add: incompatible shapes [3] and [2]");
/// assert_eq!(err.location().unwrap().file(), file!());
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{op}: {kind}")]
#[non_exhaustive]
pub struct Error {
    op: &'static str,
    kind: ErrorKind,
    location: Option<&'static Location<'static>>,
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
    /// A matrix singular to working precision, where the operation needs an inverse.
    #[error("the {0}×{0} matrix is singular to working precision")]
    Singular(usize),
    /// A gradient rule returned a gradient that does not fit its argument.
    #[error(
        "the gradient rule for argument {arg} returned {found}, but the argument is {expected}"
    )]
    GradientMismatch {
        /// Which argument (1-based, as in the attribute).
        arg: usize,
        /// What the rule returned: shape and element type.
        found: String,
        /// What the argument is: shape and element type.
        expected: String,
    },
    /// Any other invalid argument, described.
    #[error("{0}")]
    Invalid(String),
}

fn format_shapes(shapes: &[Vec<usize>]) -> String {
    shapes.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(" and ")
}

impl Error {
    /// An error of `kind` in `op`.
    pub fn new(op: &'static str, kind: ErrorKind) -> Self {
        Error { op, kind, location: None }
    }

    /// A shape error in `op` for the given shapes.
    pub fn shape(op: &'static str, shapes: &[&[usize]]) -> Self {
        Error::new(op, ErrorKind::Shape(shapes.iter().map(|s| s.to_vec()).collect()))
    }

    /// An invalid-argument error in `op`.
    pub fn invalid(op: &'static str, message: impl Into<String>) -> Self {
        Error::new(op, ErrorKind::Invalid(message.into()))
    }

    /// The operation that failed (`"add"`, `"matmul"`, `"diff"` …).
    pub fn op(&self) -> &'static str {
        self.op
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The caller's line: where the user's code called the library function that failed.
    /// `None` for an error that never crossed a public entry point (built by hand, or returned
    /// by a `try_` function).
    pub fn location(&self) -> Option<&'static Location<'static>> {
        self.location
    }

    pub(crate) fn located(mut self, at: &'static Location<'static>) -> Self {
        self.location.get_or_insert(at);
        self
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
