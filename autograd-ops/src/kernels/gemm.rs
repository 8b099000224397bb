//! The matrix product `C = A·B` of 2-d views with any strides, through the
//! [`gemm`](https://docs.rs/gemm) crate: pure Rust, with AVX-512, AVX2 + FMA and SSE kernels
//! chosen at run time, and its own rayon parallelism. A transposed operand is just a view with
//! swapped strides, so `Aᵀ·B` and `A·Bᵀ` read the operands where they lie, never copying.
#![allow(unsafe_code)]

use std::mem::MaybeUninit;

use autograd_core::Element;
use gemm::Parallelism;
use ndarray::{Array2, Array3, ArrayView2, ArrayViewMut2};

/// Multiply-adds (`m·n·k`) from which a product is split across threads: below it, waking a
/// second thread costs more than it saves (measured on W2/W4's shapes, see the commit).
const PARALLEL_MIN_WORK: usize = 1 << 22;

/// `a·b` into a new row-major matrix.
///
/// # Panics
/// If the inner dimensions differ (callers check first and name their op).
pub(crate) fn product<E: Element>(a: ArrayView2<E>, b: ArrayView2<E>) -> Array2<E> {
    let mut c = Array2::<E>::uninit((a.nrows(), b.ncols()));
    product_into(a, b, c.view_mut());
    // SAFETY: `product_into` wrote every element of `c`.
    unsafe { c.assume_init() }
}

/// The products `aᵢ·bᵢ` of a stack of `count` pairs of views (m×k and k×n) given by
/// `operands(i)`, as a `count`×m×n array.
pub(crate) fn batched_product<'a, E: Element>(
    count: usize,
    (m, n): (usize, usize),
    operands: impl Fn(usize) -> (ArrayView2<'a, E>, ArrayView2<'a, E>),
) -> Array3<E> {
    let mut c = Array3::<E>::uninit((count, m, n));
    for (i, c) in c.outer_iter_mut().enumerate() {
        let (a, b) = operands(i);
        product_into(a, b, c);
    }
    // SAFETY: each of the `count` matrices of `c` was written whole by `product_into` (which
    // panics on a shape that does not fit rather than leave elements unwritten).
    unsafe { c.assume_init() }
}

/// `a·b` written into `c`, every element of which is overwritten (it may be uninitialised).
///
/// # Panics
/// If the shapes do not fit: `a` is m×k, `b` k×n, `c` m×n.
pub(crate) fn product_into<E: Element>(
    a: ArrayView2<E>,
    b: ArrayView2<E>,
    mut c: ArrayViewMut2<MaybeUninit<E>>,
) {
    let (m, k) = a.dim();
    let n = b.ncols();
    assert!(b.nrows() == k && c.dim() == (m, n), "product: shapes do not fit");
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        c.fill(MaybeUninit::new(E::zero()));
        return;
    }
    let threads = rayon::current_num_threads();
    let parallelism = if threads > 1 && m * n * k >= PARALLEL_MIN_WORK {
        Parallelism::Rayon(threads)
    } else {
        Parallelism::None
    };
    let (a_rs, a_cs) = (a.strides()[0], a.strides()[1]);
    let (b_rs, b_cs) = (b.strides()[0], b.strides()[1]);
    let (c_rs, c_cs) = (c.strides()[0], c.strides()[1]);
    // SAFETY: the pointers and strides are those of live ndarray views of the shapes passed
    // (m×k, k×n, m×n), so every element gemm addresses lies inside its array; `c` is borrowed
    // mutably, so it overlaps neither operand. With `read_dst = false` gemm only writes `c`
    // (its `alpha` is then ignored), and the element type is f32 or f64, which gemm supports
    // (it dispatches on the type and would panic on any other).
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr().cast::<E>(),
            c_cs,
            c_rs,
            false,
            a.as_ptr(),
            a_cs,
            a_rs,
            b.as_ptr(),
            b_cs,
            b_rs,
            E::zero(),
            E::one(),
            false,
            false,
            false,
            parallelism,
        );
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{s, Array2};

    use super::*;

    fn filled(rows: usize, cols: usize, k: f64) -> Array2<f64> {
        Array2::from_shape_fn((rows, cols), |(i, j)| ((i * 7 + j * 3) as f64 * k).sin())
    }

    /// The textbook triple loop, to compare with.
    fn naive(a: ArrayView2<f64>, b: ArrayView2<f64>) -> Array2<f64> {
        Array2::from_shape_fn((a.nrows(), b.ncols()), |(i, j)| {
            (0..a.ncols()).map(|l| a[(i, l)] * b[(l, j)]).sum()
        })
    }

    #[test]
    fn products_of_transposed_and_strided_views_match_the_triple_loop() {
        let a = filled(37, 20, 0.1);
        let b = filled(37, 45, 0.2);
        // Aᵀ·B with the transpose read in place, then a strided (every other column) operand.
        let got = product(a.t(), b.view());
        let expected = naive(a.t(), b.view());
        assert!((&got - &expected).iter().all(|d| d.abs() < 1e-12));
        let every_other = b.slice(s![..20, ..;2]);
        let got = product(a.view(), every_other);
        assert!((&got - &naive(a.view(), every_other)).iter().all(|d| d.abs() < 1e-12));
        let got32 = product(a.mapv(|v| v as f32).t(), b.mapv(|v| v as f32).view());
        assert!(got32.iter().zip(&expected).all(|(g, e)| (f64::from(*g) - e).abs() < 1e-4));
    }

    #[test]
    fn a_large_product_split_across_threads_matches_the_triple_loop() {
        let (a, b) = (filled(200, 160, 0.3), filled(160, 150, 0.7));
        const { assert!(200 * 160 * 150 >= PARALLEL_MIN_WORK) };
        let got = product(a.view(), b.t().t());
        assert!((&got - &naive(a.view(), b.view())).iter().all(|d| d.abs() < 1e-11));
    }

    #[test]
    fn empty_inner_dimension_gives_zeros() {
        let a = Array2::<f64>::zeros((3, 0));
        let b = Array2::<f64>::zeros((0, 2));
        assert_eq!(product(a.view(), b.view()), Array2::<f64>::zeros((3, 2)));
    }
}
