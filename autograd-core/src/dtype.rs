//! Element types: a tensor holds `f32` or `f64`, chosen at run time.

use std::fmt;

use ndarray::ArrayD;
use num_traits::{Float, FromPrimitive, NumAssign, NumCast};

use crate::tensor::Storage;

/// The element type of a [`Tensor`](crate::Tensor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DType {
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DType::F32 => "f32",
            DType::F64 => "f64",
        })
    }
}

/// A scalar type a tensor can hold: `f32` or `f64`.
///
/// Tensor-level primitives are written once, generic over `Elem: Element`.
pub trait Element:
    Float
    + NumAssign
    + FromPrimitive
    + NumCast
    + ndarray::LinalgScalar
    + ndarray::ScalarOperand
    + std::iter::Sum
    + Default
    + fmt::Debug
    + fmt::Display
    + Send
    + Sync
    + 'static
{
    /// The run-time tag of this type.
    const DTYPE: DType;

    /// Converts an `f64` constant to this type.
    fn of(x: f64) -> Self;

    #[doc(hidden)]
    fn wrap(array: ArrayD<Self>) -> Storage;

    #[doc(hidden)]
    fn unwrap(storage: &Storage) -> Option<&ArrayD<Self>>;

    /// The array of `storage` when it holds this type, else `storage` back.
    #[doc(hidden)]
    fn unwrap_owned(storage: Storage) -> Result<ArrayD<Self>, Storage>;
}

impl Element for f32 {
    const DTYPE: DType = DType::F32;

    fn of(x: f64) -> Self {
        x as f32
    }

    fn wrap(array: ArrayD<Self>) -> Storage {
        Storage::F32(array)
    }

    fn unwrap(storage: &Storage) -> Option<&ArrayD<Self>> {
        match storage {
            Storage::F32(a) => Some(a),
            Storage::F64(_) => None,
        }
    }

    fn unwrap_owned(mut storage: Storage) -> Result<ArrayD<Self>, Storage> {
        match &mut storage {
            Storage::F32(a) => Ok(crate::tensor::take_array(a)),
            _ => Err(storage),
        }
    }
}

impl Element for f64 {
    const DTYPE: DType = DType::F64;

    fn of(x: f64) -> Self {
        x
    }

    fn wrap(array: ArrayD<Self>) -> Storage {
        Storage::F64(array)
    }

    fn unwrap(storage: &Storage) -> Option<&ArrayD<Self>> {
        match storage {
            Storage::F64(a) => Some(a),
            Storage::F32(_) => None,
        }
    }

    fn unwrap_owned(mut storage: Storage) -> Result<ArrayD<Self>, Storage> {
        match &mut storage {
            Storage::F64(a) => Ok(crate::tensor::take_array(a)),
            _ => Err(storage),
        }
    }
}
