//! Element-wise kernels with NumPy/Julia broadcasting, and the reverse of broadcasting.

use std::borrow::Cow;

use ndarray::{ArrayD, Axis, IxDyn};

use crate::{DType, Element, Error, ErrorKind, Tensor};

/// The shape that `shapes` broadcast to.
///
/// # Panics
/// With an error naming `op` and the shapes when they cannot be broadcast together.
pub fn broadcast_shape(op: &'static str, shapes: &[&[usize]]) -> Vec<usize> {
    let ndim = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1; ndim];
    for shape in shapes {
        let offset = ndim - shape.len();
        for (i, &n) in shape.iter().enumerate() {
            let slot = &mut out[offset + i];
            if *slot == 1 {
                *slot = n;
            } else if n != 1 && n != *slot {
                panic!("{}", Error::shape(op, shapes));
            }
        }
    }
    out
}

/// The common element type of `tensors`.
///
/// # Panics
/// With an error naming `op` when they differ.
pub fn common_dtype(op: &'static str, tensors: &[&Tensor]) -> DType {
    let first = tensors.first().map_or(DType::F64, |t| t.dtype());
    for t in tensors {
        if t.dtype() != first {
            panic!("{}", Error { op, kind: ErrorKind::DType(first, t.dtype()) });
        }
    }
    first
}

/// Applies `f` element by element to arrays broadcast to their common shape.
pub fn map_arrays<E: Element, const N: usize>(
    op: &'static str,
    inputs: [&ArrayD<E>; N],
    f: impl Fn([E; N]) -> E,
) -> ArrayD<E> {
    if let Some(same) = same_shape_contiguous(&inputs) {
        // The common case (no broadcasting): one pass over the slices, no shape arithmetic.
        let slices: [&[E]; N] = inputs.map(|a| a.as_slice().expect("checked contiguous"));
        let data: Vec<E> =
            (0..slices[0].len()).map(|i| f(std::array::from_fn(|k| slices[k][i]))).collect();
        return ArrayD::from_shape_vec(same.raw_dim(), data).expect("length matches shape");
    }
    let shapes: [&[usize]; N] = inputs.map(|a| a.shape());
    let shape = broadcast_shape(op, &shapes);
    let contiguous: [Cow<'_, [E]>; N] = inputs.map(|a| match a.as_slice() {
        Some(s) if a.shape() == shape.as_slice() => Cow::Borrowed(s),
        _ => {
            let view = a.broadcast(IxDyn(&shape)).expect("shape checked by broadcast_shape");
            Cow::Owned(view.iter().copied().collect())
        }
    });
    let slices: [&[E]; N] = std::array::from_fn(|k| &*contiguous[k]);
    let len = shape.iter().product();
    let data: Vec<E> = (0..len).map(|i| f(std::array::from_fn(|k| slices[k][i]))).collect();
    ArrayD::from_shape_vec(IxDyn(&shape), data).expect("length matches shape")
}

/// The first input when all have its shape and are contiguous in row-major order.
fn same_shape_contiguous<'a, E: Element, const N: usize>(
    inputs: &[&'a ArrayD<E>; N],
) -> Option<&'a ArrayD<E>> {
    let first = *inputs.first()?;
    let fits = |a: &ArrayD<E>| a.shape() == first.shape() && a.is_standard_layout();
    inputs.iter().all(|a| fits(a)).then_some(first)
}

/// [`map_arrays`] on plain tensors, with one kernel per element type.
pub fn map_tensors<const N: usize>(
    op: &'static str,
    inputs: [&Tensor; N],
    f32_kernel: impl Fn([f32; N]) -> f32,
    f64_kernel: impl Fn([f64; N]) -> f64,
) -> Tensor {
    match common_dtype(op, &inputs) {
        DType::F32 => {
            Tensor::from_array(map_arrays(op, inputs.map(|t| t.array::<f32>()), f32_kernel))
        }
        DType::F64 => {
            Tensor::from_array(map_arrays(op, inputs.map(|t| t.array::<f64>()), f64_kernel))
        }
    }
}

/// Sums `a` over the broadcast axes so that it has `shape`: the reverse of broadcasting.
///
/// # Panics
/// If `shape` does not broadcast to `a`'s shape.
pub fn sum_to_array<E: Element>(a: &ArrayD<E>, shape: &[usize]) -> ArrayD<E> {
    if a.shape() == shape {
        return a.clone();
    }
    let compatible = shape.len() <= a.ndim()
        && shape.iter().rev().zip(a.shape().iter().rev()).all(|(&s, &n)| s == n || s == 1);
    if !compatible {
        panic!("{}", Error::shape("sum_to", &[a.shape(), shape]));
    }
    let mut out = a.clone();
    while out.ndim() > shape.len() {
        out = out.sum_axis(Axis(0));
    }
    for (axis, &n) in shape.iter().enumerate() {
        if n == 1 && out.shape()[axis] != 1 {
            out = out.sum_axis(Axis(axis)).insert_axis(Axis(axis));
        }
    }
    out
}

/// Whether every tensor is plain data (so a gradient may take the fused, unrecorded path).
pub fn all_plain(tensors: &[&Tensor]) -> bool {
    tensors.iter().all(|t| matches!(&*t.0, crate::tensor::Repr::Data(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_shape_follows_numpy_rules() {
        assert_eq!(broadcast_shape("t", &[&[3, 4], &[4]]), vec![3, 4]);
        assert_eq!(broadcast_shape("t", &[&[3, 1], &[1, 4]]), vec![3, 4]);
        assert_eq!(broadcast_shape("t", &[&[], &[2, 2]]), vec![2, 2]);
    }

    #[test]
    #[should_panic(expected = "add: incompatible shapes [3, 4] and [3]")]
    fn broadcast_shape_names_op_and_shapes() {
        broadcast_shape("add", &[&[3, 4], &[3]]);
    }

    #[test]
    fn sum_to_reverses_broadcasting() {
        let a = ArrayD::from_elem(IxDyn(&[2, 3, 4]), 1.0f64);
        assert_eq!(sum_to_array(&a, &[3, 1]).shape(), &[3, 1]);
        assert_eq!(sum_to_array(&a, &[3, 1])[[0, 0]], 8.0);
        assert_eq!(sum_to_array(&a, &[]).into_raw_vec_and_offset().0, vec![24.0]);
    }
}
