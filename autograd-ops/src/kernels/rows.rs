//! Reductions of contiguous rows, written with eight independent accumulators: a fold with one
//! accumulator is a serial chain (each step waits for the last, and a NaN test per step is a
//! branch), while eight lanes are what LLVM turns into vector instructions. The reductions of
//! [`crate::reduce`] and [`crate::nn`] take these when their rows are contiguous.

use std::any::Any;

use autograd_core::Element;
use ndarray::ArrayD;

use super::vmath::VectorMath;

const LANES: usize = 8;

/// The largest (`SMALLEST = false`) or smallest element of a non-empty slice; NaN if any
/// element is NaN.
pub(crate) fn extreme<E: Element, const SMALLEST: bool>(s: &[E]) -> E {
    let mut acc = [s[0]; LANES];
    let mut nan = [false; LANES];
    let chunks = s.chunks_exact(LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for j in 0..LANES {
            let v = chunk[j];
            nan[j] |= v.is_nan();
            let better = if SMALLEST { v < acc[j] } else { v > acc[j] };
            acc[j] = if better { v } else { acc[j] };
        }
    }
    for &v in rest {
        nan[0] |= v.is_nan();
        let better = if SMALLEST { v < acc[0] } else { v > acc[0] };
        acc[0] = if better { v } else { acc[0] };
    }
    if nan.iter().any(|&n| n) {
        return E::nan();
    }
    let better = |a: E, b: E| if SMALLEST { b < a } else { b > a };
    acc.into_iter().reduce(|a, b| if better(a, b) { b } else { a }).expect("eight lanes")
}

/// `Σ xᵢ²`, in eight partial sums.
pub(crate) fn sum_of_squares<E: Element>(s: &[E]) -> E {
    let mut acc = [E::zero(); LANES];
    let chunks = s.chunks_exact(LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for j in 0..LANES {
            acc[j] += chunk[j] * chunk[j];
        }
    }
    for &v in rest {
        acc[0] += v * v;
    }
    acc.into_iter().fold(E::zero(), |a, b| a + b)
}

/// A computation over arrays whose element type has the vector kernels.
pub(crate) trait WithKernels {
    /// Runs it for one element type.
    fn run<K: Element + VectorMath>(self, x: &ArrayD<K>) -> ArrayD<K>;
}

/// Runs `f` on `x` with its element type known to be `f32` or `f64` — the types with
/// [`VectorMath`] kernels, which a body generic over [`Element`] cannot name. `None` for any
/// other element type, so that the caller keeps a generic path.
pub(crate) fn with_kernels<E: Element>(x: &ArrayD<E>, f: impl WithKernels) -> Option<ArrayD<E>> {
    let any: &dyn Any = x;
    let out: Box<dyn Any> = if let Some(x) = any.downcast_ref::<ArrayD<f32>>() {
        Box::new(f.run(x))
    } else if let Some(x) = any.downcast_ref::<ArrayD<f64>>() {
        Box::new(f.run(x))
    } else {
        return None;
    };
    out.downcast::<ArrayD<E>>().ok().map(|b| *b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_give_the_serial_answers_at_every_length() {
        for n in 1..40 {
            let s: Vec<f64> = (0..n).map(|i| ((i * 37) % 11) as f64 - 5.0).collect();
            let max = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let min = s.iter().copied().fold(f64::INFINITY, f64::min);
            assert_eq!(extreme::<f64, false>(&s), max);
            assert_eq!(extreme::<f64, true>(&s), min);
            assert_eq!(sum_of_squares(&s), s.iter().map(|v| v * v).sum::<f64>());
            let mut with_nan = s.clone();
            with_nan[n / 2] = f64::NAN;
            assert!(extreme::<f64, false>(&with_nan).is_nan());
            assert!(extreme::<f64, true>(&with_nan).is_nan());
        }
        assert_eq!(extreme::<f32, false>(&[f32::NEG_INFINITY; 3]), f32::NEG_INFINITY);
    }
}
