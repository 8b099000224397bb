//! Shape changes.

use autograd_core::{Error, Tensor};
use autograd_macros::primitive;
use ndarray::Axis;

use crate::reduce::sum_axes;
use crate::TensorMath;

/// The axes in reverse order: the transpose of a matrix.
#[primitive(dy => dy.t(), check(x = [2, 3]))]
pub fn transpose(x: &Array) -> Array {
    x.t().as_standard_layout().into_owned()
}

/// The same elements, in row-major order, with a new shape.
///
/// # Panics
/// If the number of elements differs, naming both shapes.
#[primitive(dy => dy.reshape(x.shape()), check(x = [2, 3], shape = &[3, 2]))]
pub fn reshape(x: &Array, shape: &[usize]) -> Array {
    match x.as_standard_layout().into_owned().into_shape_with_order(shape) {
        Ok(reshaped) => reshaped,
        Err(_) => autograd_core::Error::shape("reshape", &[x.shape(), shape]).raise(),
    }
}

/// The elements in row-major order as a 1-d tensor (Julia's `vec`). A [`reshape`], recorded as
/// one.
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::shape::flatten;
/// let x = Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(flatten(&x).shape(), &[4]);
/// ```
pub fn flatten(x: &Tensor) -> Tensor {
    reshape(x, &[x.len()])
}

/// The same elements without any axis of length 1 (a 0-d tensor if all are). A [`reshape`].
///
/// ```
/// use autograd::{DType, Tensor};
/// use autograd::prelude::*;
/// use autograd::shape::squeeze;
/// let x = Tensor::zeros(&[1, 3, 1, 2], DType::F64);
/// assert_eq!(squeeze(&x).shape(), &[3, 2]);
/// ```
pub fn squeeze(x: &Tensor) -> Tensor {
    let shape: Vec<usize> = x.shape().iter().copied().filter(|&n| n != 1).collect();
    reshape(x, &shape)
}

/// The same elements without `axis`, which must have length 1. A [`reshape`].
///
/// ```
/// use autograd::{DType, Tensor};
/// use autograd::prelude::*;
/// use autograd::shape::squeeze_axis;
/// let x = Tensor::zeros(&[2, 1, 3], DType::F64);
/// assert_eq!(squeeze_axis(&x, 1).shape(), &[2, 3]);
/// ```
///
/// # Panics
/// If `axis` is out of range or its length is not 1, naming the shape.
pub fn squeeze_axis(x: &Tensor, axis: usize) -> Tensor {
    let mut shape = x.shape().to_vec();
    if shape.get(axis) != Some(&1) {
        let message = match shape.get(axis) {
            None => format!("axis {axis} is out of range for shape {shape:?}"),
            Some(n) => format!("axis {axis} of shape {shape:?} has length {n}, not 1"),
        };
        Error::invalid("squeeze_axis", message).raise();
    }
    shape.remove(axis);
    reshape(x, &shape)
}

/// The same elements with a new axis of length 1 inserted at position `axis`
/// (`0..=x.ndim()`). A [`reshape`].
///
/// ```
/// use autograd::{DType, Tensor};
/// use autograd::prelude::*;
/// use autograd::shape::unsqueeze;
/// let x = Tensor::zeros(&[2, 3], DType::F64);
/// assert_eq!(unsqueeze(&x, 0).shape(), &[1, 2, 3]);
/// assert_eq!(unsqueeze(&x, 2).shape(), &[2, 3, 1]);
/// ```
///
/// # Panics
/// If `axis` is greater than the number of axes, naming the shape.
pub fn unsqueeze(x: &Tensor, axis: usize) -> Tensor {
    let mut shape = x.shape().to_vec();
    if axis > shape.len() {
        Error::invalid(
            "unsqueeze",
            format!("cannot insert axis {axis} into shape {shape:?} (at most {})", shape.len()),
        )
        .raise();
    }
    shape.insert(axis, 1);
    reshape(x, &shape)
}

/// The elements in reverse order along `axis` (Julia's `reverse(x; dims = axis)`).
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::shape::flip;
/// let x = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert_eq!(flip(&x, 1).to_vec::<f64>(), vec![3.0, 2.0, 1.0, 6.0, 5.0, 4.0]);
/// ```
///
/// # Panics
/// If `axis` is out of range, naming the shape.
#[primitive(dy => flip(dy, axis), check(x = [3, 2], axis = 0))]
pub fn flip(x: &Array, axis: usize) -> Array {
    check_axis("flip", x.shape(), axis);
    let mut view = x.view();
    view.invert_axis(Axis(axis));
    view.as_standard_layout().into_owned()
}

/// `x` repeated `reps[i]` times along each axis `i` (NumPy's `tile`, Julia's
/// `repeat(x, reps...)` with row-major axes). If `reps` is longer than the shape, `x` is first
/// given leading axes of length 1.
///
/// ```
/// use autograd::Tensor;
/// use autograd::prelude::*;
/// use autograd::shape::tile;
/// let x = Tensor::from(vec![1.0, 2.0]);
/// let t = tile(&x, &[2, 2]);
/// assert_eq!(t.shape(), &[2, 4]);
/// assert_eq!(t.to_vec::<f64>(), vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0]);
/// ```
///
/// # Panics
/// If `reps` is shorter than the shape.
#[primitive(dy => tile_gradient(dy, x.shape(), reps), check(x = [2, 3], reps = &[2, 1, 3]))]
pub fn tile(x: &Array, reps: &[usize]) -> Array {
    let layout = TileLayout::new(x.shape(), reps);
    let Ok(spread) = x.to_shape(layout.spread.as_slice()) else {
        unreachable!("the spread shape has the same elements")
    };
    let Some(tiled) = spread.broadcast(layout.interleaved.as_slice()) else {
        unreachable!("each length-1 axis broadcasts to its repetitions")
    };
    match tiled.as_standard_layout().into_owned().into_shape_with_order(layout.output) {
        Ok(out) => out,
        Err(_) => unreachable!("the output shape has the same elements"),
    }
}

/// The gradient of [`tile`]: `dy` summed over the repetitions, with recorded primitives.
fn tile_gradient(dy: &Tensor, shape: &[usize], reps: &[usize]) -> Tensor {
    let layout = TileLayout::new(shape, reps);
    let repeated: Vec<usize> = (0..reps.len()).map(|i| 2 * i).collect();
    sum_axes(&dy.reshape(&layout.interleaved), &repeated).reshape(shape)
}

/// The shapes [`tile`] goes through: `x` with a length-1 axis before each of its axes
/// (`spread`), broadcast to `[r0, n0, r1, n1, …]` (`interleaved`), then merged pairwise.
struct TileLayout {
    spread: Vec<usize>,
    interleaved: Vec<usize>,
    output: Vec<usize>,
}

impl TileLayout {
    fn new(shape: &[usize], reps: &[usize]) -> Self {
        if reps.len() < shape.len() {
            Error::invalid(
                "tile",
                format!("needs one repetition count per axis of shape {shape:?}, got {reps:?}"),
            )
            .raise();
        }
        let lead = reps.len() - shape.len();
        let padded = std::iter::repeat_n(1, lead).chain(shape.iter().copied());
        let (mut spread, mut interleaved, mut output) = (Vec::new(), Vec::new(), Vec::new());
        for (&r, n) in reps.iter().zip(padded) {
            spread.extend([1, n]);
            interleaved.extend([r, n]);
            output.push(r.checked_mul(n));
        }
        // An axis length or the element count past what an array can hold is our error.
        let fits = output.iter().all(Option::is_some)
            && output
                .iter()
                .flatten()
                .filter(|&&n| n != 0)
                .try_fold(1usize, |t, &n| t.checked_mul(n))
                .is_some_and(|t| isize::try_from(t).is_ok());
        if !fits {
            Error::invalid(
                "tile",
                format!("repeating shape {shape:?} by {reps:?} overflows the element count"),
            )
            .raise();
        }
        let output = output.into_iter().flatten().collect();
        TileLayout { spread, interleaved, output }
    }
}

/// Panics unless `axis` is an axis of `shape`, naming the operation and the shape.
pub(crate) fn check_axis(op: &'static str, shape: &[usize], axis: usize) {
    if axis >= shape.len() {
        Error::invalid(op, format!("axis {axis} is out of range for shape {shape:?}")).raise();
    }
}
