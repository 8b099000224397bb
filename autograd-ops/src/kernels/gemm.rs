//! The matrix product `C = A·B` of 2-d views with any strides, through the
//! [`gemm`](https://docs.rs/gemm) crate: pure Rust, with AVX-512, AVX2 + FMA and SSE kernels
//! chosen at run time. A transposed operand is just a view with swapped strides, so `Aᵀ·B` and
//! `A·Bᵀ` read the operands where they lie, never copying.
//!
//! A large product is split across rayon's threads here, one block of `C` per thread, each block
//! a single-threaded gemm call, rather than through gemm's own parallelism: on W2/W3b's shapes
//! the blocks are 1.1–2.1× faster than gemm's two threads, which often lose to its one (f32, a
//! 2-core AVX-512 machine, 2026-12-01: 128×784·784×512 880 µs on one thread, 890 µs with gemm's
//! two, 720 µs in two blocks; 32×512·(784×512)ᵀ 700, 830 and 330 µs; 1024³ 16.1, 10.1 and
//! 9.7 ms).
#![allow(unsafe_code)]

use std::mem::MaybeUninit;

use autograd_core::Element;
use gemm::Parallelism;
use ndarray::{Array2, Array3, ArrayView2, ArrayViewMut2, ArrayViewMut3, Axis};

/// Multiply-adds (`m·n·k`) from which a product is split across threads: below it, waking a
/// second thread costs more than it saves (32×256·(256×256)ᵀ, 2 M, 60 µs whole and 120 µs split;
/// 32×512·(512×512)ᵀ, 8.4 M, 490 and 310 µs).
const PARALLEL_MIN_WORK: usize = 1 << 23;

/// The inner dimension below which a product stays on one thread: it is then bound by writing
/// `C`, and a second thread does not help (784×32·32×512: 180 µs whole, 220 µs split).
const PARALLEL_MIN_INNER: usize = 64;

/// `a·b` into a new row-major matrix.
///
/// # Panics
/// If the inner dimensions differ (callers check first and name their op).
pub(crate) fn product<E: Element>(a: ArrayView2<E>, b: ArrayView2<E>) -> Array2<E> {
    let (m, n) = (a.nrows(), b.ncols());
    // SAFETY: `product_into` writes every element of the m×n matrix, which covers `out`.
    let data = unsafe {
        written(m * n, |out| {
            let c = ArrayViewMut2::from_shape((m, n), out).expect("m·n elements");
            product_into(a, b, c);
        })
    };
    Array2::from_shape_vec((m, n), data).expect("m·n elements")
}

/// The products `aᵢ·bᵢ` of a stack of `count` pairs of views (m×k and k×n) given by
/// `operands(i)`, as a `count`×m×n array.
pub(crate) fn batched_product<'a, E: Element>(
    count: usize,
    (m, n): (usize, usize),
    operands: impl Fn(usize) -> (ArrayView2<'a, E>, ArrayView2<'a, E>),
) -> Array3<E> {
    // SAFETY: `product_into` writes each of the `count` m×n matrices whole (it panics on a
    // shape that does not fit rather than leave elements unwritten), and they cover `out`.
    let data = unsafe {
        written(count * m * n, |out| {
            let mut c = ArrayViewMut3::from_shape((count, m, n), out).expect("count·m·n elements");
            for (i, c) in c.outer_iter_mut().enumerate() {
                let (a, b) = operands(i);
                product_into(a, b, c);
            }
        })
    };
    Array3::from_shape_vec((count, m, n), data).expect("count·m·n elements")
}

/// A vector of `len` elements written by `fill`, in recycled memory when a buffer that fits is
/// kept (see `autograd::buffers`).
///
/// # Safety
/// `fill` must write every element of the slice it is handed.
unsafe fn written<E: Element>(len: usize, fill: impl FnOnce(&mut [MaybeUninit<E>])) -> Vec<E> {
    let mut data = autograd_core::buffers::with_capacity(len);
    fill(&mut data.spare_capacity_mut()[..len]);
    // SAFETY: `fill` wrote the first `len` elements of the spare capacity (the caller's promise).
    unsafe { data.set_len(len) };
    data
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
    let pieces =
        if m * n * k >= PARALLEL_MIN_WORK && k >= PARALLEL_MIN_INNER { threads } else { 1 };
    split_product(a, b, c, pieces);
}

/// `a·b` into `c` in `pieces` blocks run on rayon's threads, halving the longer side of `c` until
/// one block is left per thread.
fn split_product<E: Element>(
    a: ArrayView2<E>,
    b: ArrayView2<E>,
    c: ArrayViewMut2<MaybeUninit<E>>,
    pieces: usize,
) {
    let (m, n) = c.dim();
    if pieces <= 1 || m.max(n) < 2 {
        return serial_product(a, b, c);
    }
    let (first, second) = (pieces / 2, pieces - pieces / 2);
    if n >= m {
        let (b1, b2) = b.split_at(Axis(1), n / 2);
        let (c1, c2) = c.split_at(Axis(1), n / 2);
        rayon::join(|| split_product(a, b1, c1, first), || split_product(a, b2, c2, second));
    } else {
        let (a1, a2) = a.split_at(Axis(0), m / 2);
        let (c1, c2) = c.split_at(Axis(0), m / 2);
        rayon::join(|| split_product(a1, b, c1, first), || split_product(a2, b, c2, second));
    }
}

/// `a·b` into `c` by one single-threaded gemm call; shapes checked by the caller, none empty.
fn serial_product<E: Element>(
    a: ArrayView2<E>,
    b: ArrayView2<E>,
    mut c: ArrayViewMut2<MaybeUninit<E>>,
) {
    let (m, k) = a.dim();
    let n = b.ncols();
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
            Parallelism::None,
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
    fn large_products_split_across_threads_match_the_triple_loop() {
        // Split along the rows of `C` (tall) and along its columns (wide, with `Bᵀ` read in
        // place).
        let (tall, square) = (filled(210, 200, 0.3), filled(200, 200, 0.7));
        let (m, k) = tall.dim();
        assert!(m * k * square.ncols() >= PARALLEL_MIN_WORK && k >= PARALLEL_MIN_INNER);
        let got = product(tall.view(), square.view());
        assert!((&got - &naive(tall.view(), square.view())).iter().all(|d| d.abs() < 1e-11));
        let got = product(square.view(), tall.t());
        assert!((&got - &naive(square.view(), tall.t())).iter().all(|d| d.abs() < 1e-11));
    }

    #[test]
    fn empty_inner_dimension_gives_zeros() {
        let a = Array2::<f64>::zeros((3, 0));
        let b = Array2::<f64>::zeros((0, 2));
        assert_eq!(product(a.view(), b.view()), Array2::<f64>::zeros((3, 2)));
    }
}
