//! Element-wise kernels with NumPy/Julia broadcasting, and the reverse of broadcasting.

use ndarray::{ArrayD, Axis, CowArray, IxDyn};

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
                Error::shape(op, shapes).raise();
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
            Error::new(op, ErrorKind::DType(first, t.dtype())).raise();
        }
    }
    first
}

/// Applies `f` element by element to arrays broadcast to their common shape.
///
/// The loop (over the whole output, or over each row along the last axis when broadcasting)
/// is compiled for the widest vector instructions the processor has (AVX-512, or AVX2 with
/// FMA, chosen at run time), so an `f` written as straight-line arithmetic runs on 8 or 16
/// elements at a time; outputs of at least [`PARALLEL_MIN_LEN`] elements are split across
/// rayon's threads (`RAYON_NUM_THREADS`).
pub fn map_arrays<E: Element, const N: usize>(
    op: &'static str,
    inputs: [&ArrayD<E>; N],
    f: impl Fn([E; N]) -> E + Sync,
) -> ArrayD<E> {
    if let Some(same) = same_shape_contiguous(&inputs) {
        // The common case (no broadcasting): one pass over the slices, no shape arithmetic.
        let slices: [&[E]; N] = inputs.map(|a| a.as_slice().expect("checked contiguous"));
        if same.len() == 1 {
            // A scalar loop (W1): no kernel dispatch, no layout checks.
            return crate::tensor::filled_array(same.shape(), f(slices.map(|s| s[0])));
        }
        let data = dispatch::collect(same.len(), 1, |start, out| {
            dispatch::fill(out, slices.map(|s| &s[start..start + out.len()]), &f)
        });
        return ArrayD::from_shape_vec(same.raw_dim(), data).expect("length matches shape");
    }
    let shapes: [&[usize]; N] = inputs.map(|a| a.shape());
    let shape = broadcast_shape(op, &shapes);
    // Broadcasting: the output is a stack of rows along its last axis. Along that axis an
    // input either advances with the output (stride 1) or repeats one value (stride 0, copied
    // into a row-long buffer), so each row runs as the same vectorized loop as the common case;
    // no input is ever expanded to the output's size.
    let standard: [CowArray<'_, E, IxDyn>; N] = inputs.map(|a| a.as_standard_layout());
    let slices: [&[E]; N] = std::array::from_fn(|k| standard[k].as_slice().expect("standard"));
    let strides: [Vec<usize>; N] = std::array::from_fn(|k| broadcast_strides(&shape, shapes[k]));
    let len: usize = shape.iter().product();
    let inner = shape.last().copied().unwrap_or(1);
    let outer = &shape[..shape.len().saturating_sub(1)];
    let data = dispatch::collect(len, inner, |start, out| {
        let mut repeated: [Vec<E>; N] = std::array::from_fn(|_| Vec::new());
        for (r, row) in out.chunks_mut(inner).enumerate() {
            // The offset of this row in each input, from its index over the outer axes.
            let mut rest = start / inner + r;
            let mut base = [0usize; N];
            for axis in (0..outer.len()).rev() {
                let i = rest % outer[axis];
                rest /= outer[axis];
                for k in 0..N {
                    base[k] += i * strides[k][axis];
                }
            }
            for k in 0..N {
                if strides[k].last().copied().unwrap_or(0) == 0 {
                    repeated[k].clear();
                    repeated[k].resize(inner, slices[k][base[k]]);
                }
            }
            let row_inputs: [&[E]; N] = std::array::from_fn(|k| {
                if strides[k].last().copied().unwrap_or(0) == 0 {
                    &repeated[k][..]
                } else {
                    &slices[k][base[k]..base[k] + inner]
                }
            });
            dispatch::fill(row, row_inputs, &f);
        }
    });
    ArrayD::from_shape_vec(IxDyn(&shape), data).expect("length matches shape")
}

/// Row-major strides of an input of shape `input` read as an array of the broadcast `shape`:
/// 0 along the axes it is broadcast over.
fn broadcast_strides(shape: &[usize], input: &[usize]) -> Vec<usize> {
    let offset = shape.len() - input.len();
    let mut strides = vec![0; shape.len()];
    let mut step = 1;
    for axis in (0..input.len()).rev() {
        if input[axis] != 1 {
            strides[offset + axis] = step;
        }
        step *= input[axis];
    }
    strides
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
    f32_kernel: impl Fn([f32; N]) -> f32 + Sync,
    f64_kernel: impl Fn([f64; N]) -> f64 + Sync,
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

/// The number of elements from which an element-wise loop is split across threads: below it,
/// handing work to another thread costs more than it saves (at 128×512 f32, W2's activations,
/// `add` took 27 µs on one thread and 50 µs split, tanh's gradient 38 and 75 µs: 2-core
/// AVX-512 virtual machine, 2026-12-01).
pub const PARALLEL_MIN_LEN: usize = 1 << 17;

/// The loops of [`map_arrays`], compiled for the processor's vector instructions and split
/// across threads. The only `unsafe` of element-wise work is here.
#[allow(unsafe_code)]
mod dispatch {
    use std::mem::MaybeUninit;

    use rayon::prelude::*;

    use super::PARALLEL_MIN_LEN;

    /// A vector of `len` elements, each part of which `fill_part(start, part)` writes whole,
    /// `start` being the part's offset. Parts are whole multiples of `granule` (a row), and
    /// there are as many as rayon has threads when `len` is at least [`PARALLEL_MIN_LEN`].
    pub(super) fn collect<E: crate::Element>(
        len: usize,
        granule: usize,
        fill_part: impl Fn(usize, &mut [MaybeUninit<E>]) + Sync,
    ) -> Vec<E> {
        let mut data = crate::buffers::with_capacity(len);
        let out = &mut data.spare_capacity_mut()[..len];
        let threads = rayon::current_num_threads();
        if len >= PARALLEL_MIN_LEN && threads > 1 && granule > 0 {
            let chunk = len.div_ceil(threads).div_ceil(granule) * granule;
            out.par_chunks_mut(chunk).enumerate().for_each(|(i, out)| fill_part(i * chunk, out));
        } else if len > 0 {
            fill_part(0, out);
        }
        // SAFETY: `fill_part` wrote every element of each part it was given, and the parts
        // cover the `len` elements of the spare capacity.
        unsafe { data.set_len(len) };
        data
    }

    /// `out[i] = f(inputs[..][i])` for every `i` (each input at least as long as `out`), in
    /// the widest instruction set the processor has.
    pub(super) fn fill<E: Copy, const N: usize>(
        out: &mut [MaybeUninit<E>],
        inputs: [&[E]; N],
        f: &impl Fn([E; N]) -> E,
    ) {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: the processor has AVX-512F (checked just above); `fill_avx512`
                // needs nothing else.
                return unsafe { fill_avx512(out, inputs, f) };
            }
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                // SAFETY: the processor has AVX2 and FMA (checked just above).
                return unsafe { fill_avx2(out, inputs, f) };
            }
        }
        fill_loop(out, inputs, f)
    }

    /// [`fill_loop`] compiled for AVX-512: `f` is inlined and vectorized 16 f32 wide.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx2,fma")]
    unsafe fn fill_avx512<E: Copy, const N: usize>(
        out: &mut [MaybeUninit<E>],
        inputs: [&[E]; N],
        f: &impl Fn([E; N]) -> E,
    ) {
        fill_loop(out, inputs, f)
    }

    /// [`fill_loop`] compiled for AVX2 with FMA: 8 f32 wide.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn fill_avx2<E: Copy, const N: usize>(
        out: &mut [MaybeUninit<E>],
        inputs: [&[E]; N],
        f: &impl Fn([E; N]) -> E,
    ) {
        fill_loop(out, inputs, f)
    }

    #[inline(always)]
    fn fill_loop<E: Copy, const N: usize>(
        out: &mut [MaybeUninit<E>],
        inputs: [&[E]; N],
        f: &impl Fn([E; N]) -> E,
    ) {
        // Slicing every input to the output's length lets the compiler drop the bounds checks,
        // which is what allows it to vectorize.
        let inputs = inputs.map(|s| &s[..out.len()]);
        for (i, o) in out.iter_mut().enumerate() {
            o.write(f(std::array::from_fn(|k| inputs[k][i])));
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
        Error::shape("sum_to", &[a.shape(), shape]).raise();
    }
    let trailing = &a.shape()[a.ndim() - shape.len()..];
    if let (true, Some(data)) = (trailing == shape, a.as_slice()) {
        // Only leading axes are summed (a bias's gradient): add up contiguous rows.
        let width: usize = shape.iter().product();
        let mut sums = vec![E::zero(); width];
        if width > 0 {
            for row in data.chunks_exact(width) {
                sums.iter_mut().zip(row).for_each(|(s, &v)| *s += v);
            }
        }
        return ArrayD::from_shape_vec(IxDyn(shape), sums).expect("length matches shape");
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
    use ndarray::Dimension;

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
    fn broadcasting_kernel_matches_ndarray_broadcasting() {
        let cases: [[&[usize]; 3]; 5] = [
            [&[2, 3, 4], &[3, 1], &[4]],
            [&[3, 1], &[1, 4], &[]],
            [&[5], &[1], &[5]],
            [&[2, 1, 3], &[4, 1], &[1, 1, 1]],
            [&[0, 3], &[3], &[1]],
        ];
        for [sa, sb, sc] in cases {
            let fill = |shape: &[usize], k: f64| {
                ArrayD::from_shape_fn(IxDyn(shape), |i| {
                    k + i.slice().iter().enumerate().map(|(d, v)| (d + 2) * v).sum::<usize>() as f64
                })
            };
            let (a, b, c) = (fill(sa, 1.0), fill(sb, 10.0), fill(sc, 100.0));
            let got = map_arrays("t", [&a, &b, &c], |[x, y, z]| x * y - z);
            let shape = broadcast_shape("t", &[sa, sb, sc]);
            let view = |x: &ArrayD<f64>| x.broadcast(IxDyn(&shape)).unwrap().to_owned();
            let expected = view(&a) * view(&b) - view(&c);
            assert_eq!(got, expected, "{sa:?} {sb:?} {sc:?}");
        }
        // A non-contiguous (column-major) input plus a broadcast row.
        let matrix = ArrayD::from_shape_fn(IxDyn(&[3, 2]), |i| (i[0] * 2 + i[1]) as f64);
        let column_major = matrix.t().as_standard_layout().into_owned().reversed_axes();
        assert!(!column_major.is_standard_layout());
        let row = ArrayD::from_shape_vec(IxDyn(&[2]), vec![10.0, 20.0]).unwrap();
        let got = map_arrays("t", [&column_major, &row], |[x, y]| x + y);
        assert_eq!(got, &matrix + &row);
    }

    #[test]
    fn large_loops_split_across_threads_match_a_plain_loop() {
        // Above PARALLEL_MIN_LEN, same-shape and broadcast (a row and a column) inputs.
        let (rows, cols) = (700, 211);
        assert!(rows * cols >= PARALLEL_MIN_LEN);
        let a = ArrayD::from_shape_fn(IxDyn(&[rows, cols]), |i| (i[0] * cols + i[1]) as f64);
        let row = ArrayD::from_shape_fn(IxDyn(&[cols]), |i| i[0] as f64 * 0.5);
        let column = ArrayD::from_shape_fn(IxDyn(&[rows, 1]), |i| i[0] as f64 * 3.0);
        let got = map_arrays("t", [&a, &a], |[x, y]| x * y + 1.0);
        assert_eq!(got, a.mapv(|x| x * x + 1.0));
        let got = map_arrays("t", [&a, &row, &column], |[x, y, z]| x - y * z);
        let expected = &a - &(&row * &column);
        assert_eq!(got, expected);
        let scalar = ArrayD::from_elem(IxDyn(&[]), 2.0);
        assert_eq!(map_arrays("t", [&scalar, &a], |[s, x]| s * x), &a * 2.0);
    }

    #[test]
    fn sum_to_reverses_broadcasting() {
        let a = ArrayD::from_elem(IxDyn(&[2, 3, 4]), 1.0f64);
        assert_eq!(sum_to_array(&a, &[3, 1]).shape(), &[3, 1]);
        assert_eq!(sum_to_array(&a, &[3, 1])[[0, 0]], 8.0);
        assert_eq!(sum_to_array(&a, &[]).into_raw_vec_and_offset().0, vec![24.0]);
        let rows =
            ArrayD::from_shape_fn(IxDyn(&[3, 2, 2]), |i| (i[0] * 4 + i[1] * 2 + i[2]) as f64);
        let summed = sum_to_array(&rows, &[2, 2]).into_raw_vec_and_offset().0;
        assert_eq!(summed, vec![12.0, 15.0, 18.0, 21.0]);
        let empty = ArrayD::<f64>::zeros(IxDyn(&[0, 3]));
        assert_eq!(sum_to_array(&empty, &[3]).into_raw_vec_and_offset().0, vec![0.0; 3]);
    }
}
