//! The LU factorisation behind det, inv and solve.

use autograd_core::{Element, Error};
use ndarray::ArrayView2;

use super::convert::to_f64;

/// `P A = L U`, the LU factorisation with partial pivoting of a square matrix, in the
/// matrix's own element type. `L` (unit lower triangular, its diagonal not stored) and `U`
/// share one row-major array; row `i` of `P A` is row `rows[i]` of `A`. A column that is
/// zero from the diagonal down is left as it is: a zero pivot, the matrix singular.
pub(super) struct Lu<E> {
    n: usize,
    factors: Vec<E>,
    rows: Vec<usize>,
    odd_permutation: bool,
}

impl<E: Element> Lu<E> {
    pub(super) fn new(a: ArrayView2<E>) -> Self {
        let n = a.nrows();
        let mut factors: Vec<E> = a.iter().copied().collect();
        let mut rows: Vec<usize> = (0..n).collect();
        let mut odd_permutation = false;
        for k in 0..n {
            let column = |i: usize| factors[i * n + k].abs();
            let pivot_row =
                (k + 1..n).fold(k, |best, i| if column(i) > column(best) { i } else { best });
            if pivot_row != k {
                for j in 0..n {
                    factors.swap(k * n + j, pivot_row * n + j);
                }
                rows.swap(k, pivot_row);
                odd_permutation = !odd_permutation;
            }
            let pivot = factors[k * n + k];
            if pivot == E::zero() {
                continue;
            }
            let (top, below) = factors.split_at_mut((k + 1) * n);
            let pivot_tail = &top[k * n + k + 1..];
            for row in below.chunks_exact_mut(n) {
                let l = row[k] / pivot;
                row[k] = l;
                if l != E::zero() {
                    for (v, &u) in row[k + 1..].iter_mut().zip(pivot_tail) {
                        *v -= l * u;
                    }
                }
            }
        }
        Lu { n, factors, rows, odd_permutation }
    }

    fn pivot(&self, i: usize) -> E {
        self.factors[i * self.n + i]
    }

    fn has_zero_pivot(&self) -> bool {
        (0..self.n).any(|i| self.pivot(i) == E::zero())
    }

    /// The determinant: the signed product of the pivots, carried as a mantissa and a binary
    /// exponent so that it overflows or underflows only if the determinant itself does.
    pub(super) fn det(&self) -> E {
        let mut mantissa = if self.odd_permutation { -1.0 } else { 1.0 };
        let mut exponent = 0i32;
        for i in 0..self.n {
            let (m, e) = libm::frexp(to_f64(self.pivot(i)));
            let (product, carry) = libm::frexp(mantissa * m);
            mantissa = product;
            exponent = exponent.saturating_add(e).saturating_add(carry);
        }
        E::of(libm::ldexp(mantissa, exponent))
    }

    /// `(ln |det|, sign of det)`, the sign -1, 0 or 1.
    pub(super) fn log_abs_det(&self) -> (f64, f64) {
        let mut sign = if self.odd_permutation { -1.0 } else { 1.0 };
        let mut log_abs = 0.0;
        for i in 0..self.n {
            let d = to_f64(self.pivot(i));
            sign = if d == 0.0 { 0.0 } else { sign * d.signum() };
            log_abs += d.abs().ln();
        }
        (log_abs, sign)
    }

    /// Overwrites the row-major n × `columns` array `b` with the solution of `A X = B`, or of
    /// `Aᵀ X = B` if `transposed` (`Aᵀ = Uᵀ Lᵀ P`).
    pub(super) fn solve_in_place(&self, b: &mut [E], columns: usize, transposed: bool) {
        let (n, k, f) = (self.n, columns, &self.factors);
        if n == 0 || k == 0 {
            return;
        }
        if !transposed {
            let mut x = vec![E::zero(); n * k];
            for (i, &r) in self.rows.iter().enumerate() {
                x[i * k..(i + 1) * k].copy_from_slice(&b[r * k..(r + 1) * k]);
            }
            // L y = P b, forward; U x = y, backward.
            for i in 0..n {
                let (done, rest) = x.split_at_mut(i * k);
                let row = &mut rest[..k];
                for j in 0..i {
                    subtract_scaled(row, f[i * n + j], &done[j * k..(j + 1) * k]);
                }
            }
            for i in (0..n).rev() {
                let (head, done) = x.split_at_mut((i + 1) * k);
                let row = &mut head[i * k..];
                for j in i + 1..n {
                    subtract_scaled(row, f[i * n + j], &done[(j - i - 1) * k..(j - i) * k]);
                }
                divide(row, f[i * n + i]);
            }
            b.copy_from_slice(&x);
        } else {
            // Uᵀ z = b, forward; Lᵀ w = z, backward; x = Pᵀ w.
            for i in 0..n {
                let (done, rest) = b.split_at_mut(i * k);
                let row = &mut rest[..k];
                for j in 0..i {
                    subtract_scaled(row, f[j * n + i], &done[j * k..(j + 1) * k]);
                }
                divide(row, f[i * n + i]);
            }
            for i in (0..n).rev() {
                let (head, done) = b.split_at_mut((i + 1) * k);
                let row = &mut head[i * k..];
                for j in i + 1..n {
                    subtract_scaled(row, f[j * n + i], &done[(j - i - 1) * k..(j - i) * k]);
                }
            }
            let w = b.to_vec();
            for (i, &r) in self.rows.iter().enumerate() {
                b[r * k..(r + 1) * k].copy_from_slice(&w[i * k..(i + 1) * k]);
            }
        }
    }

    /// An estimate of the reciprocal condition number `1 / (‖A‖ ‖A⁻¹‖)`, the worse of the 1-
    /// and ∞-norm ones, so that `A` and `Aᵀ` get one verdict: `‖A⁻¹‖₁` by Hager's method with
    /// Higham's refinements (LAPACK's `xLACON`), a few solves instead of an inverse.
    pub(super) fn rcond_estimate(&self, a: ArrayView2<E>) -> E {
        if self.has_zero_pivot() {
            return E::zero();
        }
        let by_columns = norm_1(a) * self.inverse_norm_1_estimate(false);
        let by_rows = norm_1(a.t()) * self.inverse_norm_1_estimate(true);
        by_columns.max(by_rows).recip()
    }

    /// An estimate (from below) of `‖A⁻¹‖₁`, or of `‖A⁻ᵀ‖₁ = ‖A⁻¹‖∞` if `transposed`.
    fn inverse_norm_1_estimate(&self, transposed: bool) -> E {
        let n = self.n;
        let abs_sum = |v: &[E]| v.iter().map(|x| x.abs()).sum::<E>();
        let mut x = vec![E::of(1.0 / n as f64); n];
        let mut estimate = E::zero();
        let mut last = usize::MAX;
        for iteration in 0..5 {
            let mut y = x.clone();
            self.solve_in_place(&mut y, 1, transposed);
            let norm = abs_sum(&y);
            if iteration > 0 && (norm <= estimate || norm.is_nan()) {
                break;
            }
            estimate = norm;
            let mut z: Vec<E> =
                y.iter().map(|&v| if v >= E::zero() { E::one() } else { -E::one() }).collect();
            self.solve_in_place(&mut z, 1, !transposed);
            let j = (0..n).fold(0, |best, i| if z[i].abs() > z[best].abs() { i } else { best });
            let along_x: E = z.iter().zip(&x).map(|(&a, &b)| a * b).sum();
            if j == last || z[j].abs() <= along_x || z[j].is_nan() {
                break;
            }
            last = j;
            x = vec![E::zero(); n];
            x[j] = E::one();
        }
        // Higham's extra test vector catches the matrices that fool the iteration.
        let mut alternating: Vec<E> = (0..n)
            .map(|i| {
                let magnitude = 1.0 + i as f64 / (n.max(2) - 1) as f64;
                E::of(if i % 2 == 0 { magnitude } else { -magnitude })
            })
            .collect();
        self.solve_in_place(&mut alternating, 1, transposed);
        estimate.max(E::of(2.0 / (3.0 * n as f64)) * abs_sum(&alternating))
    }

    /// Panics, naming `op` and the matrix's `location` in its stack (see
    /// `Stack::location`), if the matrix is singular to working precision: a zero pivot, or
    /// `rcond < n·ε`. A matrix with a NaN or infinite entry passes (NaN in, NaN out).
    pub(super) fn ensure_invertible(
        &self,
        op: &'static str,
        a: ArrayView2<E>,
        rcond: E,
        location: &str,
    ) {
        let n = self.n;
        if n == 0 || !a.iter().all(|v| v.is_finite()) {
            return;
        }
        let threshold = E::of(n as f64) * E::epsilon();
        let reason = if self.has_zero_pivot() {
            "a zero pivot".to_string()
        } else if rcond < threshold || rcond.is_nan() {
            format!("rcond ≈ {:.1e}, below n·ε = {:.1e}", to_f64(rcond), to_f64(threshold))
        } else {
            return;
        };
        Error::invalid(
            op,
            format!("the {n}×{n} matrix{location} is singular to working precision ({reason})"),
        )
        .raise();
    }
}

fn subtract_scaled<E: Element>(row: &mut [E], scale: E, other: &[E]) {
    if scale != E::zero() {
        for (v, &o) in row.iter_mut().zip(other) {
            *v -= scale * o;
        }
    }
}

fn divide<E: Element>(row: &mut [E], divisor: E) {
    for v in row.iter_mut() {
        *v /= divisor;
    }
}

/// The 1-norm of a matrix: its largest absolute column sum.
pub(super) fn norm_1<E: Element>(m: ArrayView2<E>) -> E {
    m.columns().into_iter().map(|c| c.iter().map(|v| v.abs()).sum::<E>()).fold(E::zero(), |a, s| {
        if s > a || s.is_nan() {
            s
        } else {
            a
        }
    })
}
