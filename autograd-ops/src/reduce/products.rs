//! Products, over all elements or over axes, and their division-free gradient.

use autograd_core::{Element, Tensor};
use autograd_macros::primitive;
use ndarray::{ArrayD, IxDyn};

use super::axes::{all_axes, inverse_permutation, kept_shape, reduce_rows, validated_axes};
use super::scans::{linear_scan, shift_along};
use crate::TensorMath;

/// The product of all elements, as a 0-d tensor (1 for an empty tensor).
///
/// Its gradient with respect to `xᵢ` is the product of the other elements, computed without
/// division (from running products on both sides), so it is exact when elements are zero:
/// with one zero only that element gets a gradient, with two or more none does.
///
/// ```
/// use autograd::prelude::*;
/// use autograd::reduce::prod;
/// let g = gradfun(|x: &Tensor| prod(x))(&Tensor::from(vec![2.0, 0.0, 3.0]));
/// assert_eq!(g.to_vec::<f64>(), vec![0.0, 6.0, 0.0]);
/// ```
#[primitive(dy => products_of_others(x, &all_axes(x.ndim())) * dy)]
pub fn prod(x: &Array) -> Array {
    Array::from_elem(IxDyn(&[]), x.product())
}

/// The product over `axes`, which are removed from the shape; zeros are handled exactly, as
/// in [`prod`].
///
/// # Panics
/// If an axis is out of range.
#[primitive(
    dy => dy.reshape(&kept_shape("prod_axes", x.shape(), axes)) * products_of_others(x, axes),
    check(x = [2, 3, 4], axes = &[0, 2])
)]
pub fn prod_axes(x: &Array, axes: &[usize]) -> Array {
    reduce_rows("prod_axes", x, axes, |row| row.product())
}

/// For each element, the product of the others in its lane of the reduced `axes`: the
/// gradient of a product, without division (so exact where elements are zero).
///
/// The first-order pass computes it as two sweeps of running products over the data; its own
/// gradient is written with recorded primitives ([`others_gradient`]), so products stay
/// differentiable to any order.
#[primitive(dy => others_gradient(x, dy, axes), check(x = [2, 3, 4], axes = &[0, 2]))]
fn products_of_others(x: &Array, axes: &[usize]) -> Array {
    others_of(x, &validated_axes("prod", x.shape(), axes))
}

/// [`products_of_others`] on arrays, for valid, sorted, deduplicated `axes`.
fn others_of<E: Element>(x: &ArrayD<E>, axes: &[usize]) -> ArrayD<E> {
    let block = axes.windows(2).all(|w| w[1] == w[0] + 1);
    if let (Some(data), true) = (x.as_slice().filter(|_| x.is_standard_layout()), block) {
        // The reduced axes are one block of a row-major array: each lane of `n` elements runs
        // down the middle axis of an (outer, n, tail) view, read in place.
        let shape = x.shape();
        let (first, end) = axes.first().map_or((0, 0), |&a| (a, axes[axes.len() - 1] + 1));
        let n: usize = shape[first..end].iter().product();
        let tail: usize = shape[end..].iter().product();
        let mut out = vec![E::one(); data.len()];
        if n * tail > 0 {
            for (x, out) in data.chunks_exact(n * tail).zip(out.chunks_exact_mut(n * tail)) {
                others_in_block(x, out, n, tail);
            }
        }
        return ArrayD::from_shape_vec(x.raw_dim(), out).expect("same shape");
    }
    // Otherwise the reduced axes are moved last (one copy), where they form a block.
    let kept: Vec<usize> = (0..x.ndim()).filter(|a| !axes.contains(a)).collect();
    let order: Vec<usize> = kept.iter().chain(axes).copied().collect();
    let moved = x.view().permuted_axes(order.clone()).as_standard_layout().into_owned();
    let others = others_of(&moved, &(kept.len()..x.ndim()).collect::<Vec<_>>());
    others.permuted_axes(inverse_permutation(&order)).as_standard_layout().into_owned()
}

/// Writes the product of the others in each lane of an (n, tail) row-major block, the lanes
/// running down its `n` rows: running products from the top, then times those from the
/// bottom.
fn others_in_block<E: Element>(x: &[E], out: &mut [E], n: usize, tail: usize) {
    if tail == 1 && n >= 8 * SEGMENTS {
        return others_in_lane(x, out);
    }
    // Whole rows at a time, so that the loops run (vectorized) along `tail`.
    let mut running = vec![E::one(); tail];
    for (x, out) in x.chunks_exact(tail).zip(out.chunks_exact_mut(tail)) {
        for ((o, r), &v) in out.iter_mut().zip(running.iter_mut()).zip(x) {
            *o = *r;
            *r *= v;
        }
    }
    running.fill(E::one());
    for (x, out) in x.chunks_exact(tail).zip(out.chunks_exact_mut(tail)).rev() {
        for ((o, r), &v) in out.iter_mut().zip(running.iter_mut()).zip(x) {
            *o *= *r;
            *r *= v;
        }
    }
}

/// The independent chains [`others_in_lane`] runs side by side.
const SEGMENTS: usize = 8;

/// [`others_in_block`] for one long lane. A running product is a serial chain of multiplies,
/// each waiting for the last; cut into [`SEGMENTS`] pieces run side by side, and each piece's
/// running products times the products of the pieces before (after) it, the lane runs as
/// eight chains at once. The products are the same, grouped differently.
fn others_in_lane<E: Element>(x: &[E], out: &mut [E]) {
    let len = x.len() / SEGMENTS;
    // Running products from the left within each piece (the last piece takes the remainder).
    let mut left = [E::one(); SEGMENTS];
    for i in 0..len {
        for (s, l) in left.iter_mut().enumerate() {
            out[s * len + i] = *l;
            *l *= x[s * len + i];
        }
    }
    for i in SEGMENTS * len..x.len() {
        out[i] = left[SEGMENTS - 1];
        left[SEGMENTS - 1] *= x[i];
    }
    // The products of the whole pieces before and after each.
    let (mut before, mut after) = ([E::one(); SEGMENTS], [E::one(); SEGMENTS]);
    for s in 1..SEGMENTS {
        before[s] = before[s - 1] * left[s - 1];
        after[SEGMENTS - 1 - s] = after[SEGMENTS - s] * left[SEGMENTS - s];
    }
    // From the right: (products before xᵢ) · (products after xᵢ).
    let mut right = [E::one(); SEGMENTS];
    for i in (SEGMENTS * len..x.len()).rev() {
        let s = SEGMENTS - 1;
        out[i] = (out[i] * before[s]) * (right[s] * after[s]);
        right[s] *= x[i];
    }
    for i in (0..len).rev() {
        for s in 0..SEGMENTS {
            let k = s * len + i;
            out[k] = (out[k] * before[s]) * (right[s] * after[s]);
            right[s] *= x[k];
        }
    }
}

/// The gradient of [`products_of_others`] for the incoming `dy`, with recorded primitives.
///
/// With `Lⱼ`, `Rⱼ` the products before and after `xⱼ` in its lane, the function is
/// `Σᵢ dyᵢ Lᵢ Rᵢ`, and its derivative in `xⱼ` is `Rⱼ Aⱼ + Lⱼ Bⱼ`, where
/// `Aⱼ = Σᵢ<ⱼ dyᵢ Lᵢ xᵢ₊₁⋯xⱼ₋₁` is the recurrence `Aⱼ = dyⱼ₋₁ Lⱼ₋₁ + xⱼ₋₁ Aⱼ₋₁` (a
/// [`linear_scan`]) and `Bⱼ` its mirror image: no division, so exact at zeros.
fn others_gradient(x: &Tensor, dy: &Tensor, axes: &[usize]) -> Tensor {
    let axes = validated_axes("prod", x.shape(), axes);
    // Move the reduced axes last and flatten them into one, so the recurrences run along a
    // single axis.
    let kept: Vec<usize> = (0..x.ndim()).filter(|a| !axes.contains(a)).collect();
    let order: Vec<usize> = kept.iter().chain(&axes).copied().collect();
    let outer: usize = kept.iter().map(|&a| x.shape()[a]).product();
    let inner: usize = axes.iter().map(|&a| x.shape()[a]).product();
    let rows = |t: &Tensor| crate::linalg::permute_axes(t, &order).reshape(&[outer, inner]);
    let (x_rows, dy_rows) = (rows(x), rows(dy));
    let (before, after) = (exclusive_cumprod(&x_rows, false), exclusive_cumprod(&x_rows, true));
    let from_left = linear_scan(
        &shift_along(&x_rows, 1, 1, 0.0),
        &shift_along(&(&dy_rows * &before), 1, 1, 0.0),
        1,
        false,
    );
    let from_right = linear_scan(
        &shift_along(&x_rows, 1, -1, 0.0),
        &shift_along(&(&dy_rows * &after), 1, -1, 0.0),
        1,
        true,
    );
    let gradient = after * from_left + before * from_right;
    let moved_shape: Vec<usize> = order.iter().map(|&a| x.shape()[a]).collect();
    crate::linalg::permute_axes(&gradient.reshape(&moved_shape), &inverse_permutation(&order))
}

/// Along axis 1 of a matrix, the product of the elements before each (after each if
/// `reverse`), 1 for the first: `hₖ = eₖ + xₖ₋₁ · hₖ₋₁` where `e` is 1 at the start.
fn exclusive_cumprod(x: &Tensor, reverse: bool) -> Tensor {
    let (rows, n) = (x.shape()[0], x.shape()[1]);
    let first = if reverse { n.saturating_sub(1) } else { 0 };
    let start: Vec<f64> = (0..rows * n).map(|i| if i % n == first { 1.0 } else { 0.0 }).collect();
    let start = Tensor::from_shape_vec(&[rows, n], start).to_dtype(x.dtype());
    let offset = if reverse { -1 } else { 1 };
    linear_scan(&shift_along(x, 1, offset, 0.0), &start, 1, reverse)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The product of the others in each lane, one lane at a time by brute force.
    fn brute_force(x: &ArrayD<f64>, axes: &[usize]) -> ArrayD<f64> {
        let mut out = ArrayD::zeros(x.raw_dim());
        for (index, o) in out.indexed_iter_mut() {
            let mut product = 1.0;
            for (other, &v) in x.indexed_iter() {
                let same_lane = (0..x.ndim()).all(|a| axes.contains(&a) || other[a] == index[a]);
                if same_lane && other != index {
                    product *= v;
                }
            }
            *o = product;
        }
        out
    }

    /// Values near 1 (so long products stay finite), a zero every `zero_every`-th.
    fn values(shape: &[usize], zero_every: usize) -> ArrayD<f64> {
        let n: usize = shape.iter().product();
        let v = (0..n)
            .map(|i| {
                if i % zero_every == zero_every - 1 {
                    0.0
                } else {
                    1.0 + ((i * 37) % 11) as f64 / 50.0 - 0.1
                }
            })
            .collect();
        ArrayD::from_shape_vec(IxDyn(shape), v).unwrap()
    }

    fn assert_close(a: &ArrayD<f64>, b: &ArrayD<f64>, tol: f64) {
        assert_eq!(a.shape(), b.shape());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= tol * y.abs().max(1.0), "{x} vs {y}");
        }
    }

    #[test]
    fn running_products_match_brute_force_on_awkward_shapes_layouts_and_zeros() {
        let cube = values(&[3, 4, 5], 7);
        let axis_sets: [&[usize]; 7] = [&[0], &[1], &[2], &[0, 1], &[1, 2], &[0, 2], &[0, 1, 2]];
        for axes in axis_sets {
            let expected = brute_force(&cube, axes);
            assert_close(&others_of(&cube, axes), &expected, 1e-14);
            // The same numbers read through a non-contiguous view (axes reversed).
            let reversed = cube.view().reversed_axes();
            let mirrored: Vec<usize> = axes.iter().map(|&a| 2 - a).rev().collect();
            let column_major = reversed.to_owned();
            assert!(!column_major.is_standard_layout());
            let got = others_of(&column_major, &mirrored);
            let through_view = others_of(&reversed.as_standard_layout().into_owned(), &mirrored);
            assert_close(&got, &through_view, 0.0);
            assert_close(&got, &expected.view().reversed_axes().to_owned(), 1e-14);
            // f32: the same lanes, to f32's precision.
            let got32 = others_of(&cube.mapv(|v| v as f32), axes).mapv(f64::from);
            assert_close(&got32, &expected, 1e-5);
        }
    }

    #[test]
    fn long_lanes_run_in_pieces_and_keep_zeros_exact() {
        // Lengths around the point where a lane is cut into pieces, and past it with a remainder.
        for n in [63, 64, 65, 1003] {
            for zero_every in [usize::MAX, 400, 5] {
                let x = values(&[n], zero_every);
                let expected = brute_force(&x, &[0]);
                assert_close(&others_of(&x, &[0]), &expected, 1e-13);
            }
        }
        // One zero: only its own position gets a non-zero product; two: none does.
        let mut x = values(&[1000], usize::MAX);
        x[[10]] = 0.0;
        let one_zero = others_of(&x, &[0]);
        assert!(one_zero.iter().enumerate().all(|(i, &v)| (i == 10) == (v != 0.0)));
        x[[900]] = 0.0;
        assert!(others_of(&x, &[0]).iter().all(|&v| v == 0.0));
    }
}
