//! The f32 kernels: branch-free polynomials and bit manipulation that LLVM vectorizes 8 or 16
//! wide. The polynomial cores were fitted once with mpmath's `chebyfit` (Chebyshev least squares
//! at 40 digits, a near-minimax fit) on the reduced intervals named at each constant; the fit
//! errors are far below f32's rounding, so the error is f32 arithmetic's. The formulas built
//! on these parts are shared with f64 ([`derived`](super::derived), [`erf`](super::erf)).

use super::{forward_std_methods, horner, Real};

// ln 2 in two parts (Cody–Waite): the high part has 9 significant bits, so `n · LN2_HI` is
// exact for the |n| ≤ 150 that f32 exponents need, and the low part carries the rest.
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// 1.5 · 2²³: adding it to a float of magnitude < 2²² rounds it to an integer held in the low
/// mantissa bits (round to nearest, no float-to-int conversion needed).
const SHIFTER: f32 = 12_582_912.0;

/// `2ⁿ` for an integer `n` in [-150, 129], as the product of two normal powers of two, so that
/// results in the subnormal range and just below overflow both come out right.
#[inline(always)]
fn scale_by_pow2(p: f32, n: i32) -> f32 {
    let half = n >> 1;
    let rest = n.wrapping_sub(half);
    let pow2 = |k: i32| f32::from_bits((k.wrapping_add(127) as u32) << 23);
    p * pow2(half) * pow2(rest)
}

/// `eˣ`: `x = n·ln 2 + r` with |r| ≤ ln2/2, `eʳ` by a polynomial, then scaled by `2ⁿ`.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    // eʳ = 1 + r + r²·q(r) on [-ln2/2, ln2/2] (fit error 6.5e-8 of q, times r² ≤ 0.12).
    const Q: [f32; 5] = [0.5, 0.166_665_77, 0.041_666_555, 0.008_363_173, 0.001_392_617_6];
    // Beyond these bounds eˣ is ∞ or 0 in f32; clamping keeps n in scale_by_pow2's range.
    // (`clamp` keeps a NaN, which then runs through to the result.)
    let x = x.clamp(-104.0, 89.0);
    let t = x * std::f32::consts::LOG2_E + SHIFTER;
    let n = t - SHIFTER;
    let r = x - n * LN2_HI - n * LN2_LO;
    let q = Q[0] + r * (Q[1] + r * (Q[2] + r * (Q[3] + r * Q[4])));
    // The small terms first, so that only the final sum rounds at the scale of 1.
    let p = 1.0 + (r + r * r * q);
    let n = (t.to_bits() as i32).wrapping_sub(SHIFTER.to_bits() as i32);
    scale_by_pow2(p, n)
}

/// `ln x`: `x = 2ᵏ·m` with m in [√½, √2), `ln m = f - s·(f - R(s²))` with `f = m - 1` and
/// `s = f / (2 + f)`, plus `k·ln 2`.
#[inline(always)]
pub fn ln_f32(x: f32) -> f32 {
    // 2·atanh(s) = 2s + s³·l(s²), s² in [0, 0.0295] (fit error 1.9e-7 of l, times s³ ≤ 0.005).
    const L: [f32; 3] = [0.666_666_87, 0.399_887_8, 0.295_799_5];
    const SQRT_HALF_BITS: i32 = 0x3f35_04f3;
    let subnormal = x < f32::MIN_POSITIVE;
    let scaled = if subnormal { x * 8_388_608.0 } else { x };
    // Offset the exponent so that the mantissa lands in [√½, √2) rather than [1, 2).
    let bits = (scaled.to_bits() as i32).wrapping_add(0x3f80_0000 - SQRT_HALF_BITS);
    let k = (bits >> 23) - 127 - if subnormal { 23 } else { 0 };
    let m = f32::from_bits(((bits & 0x007f_ffff) + SQRT_HALF_BITS) as u32);
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let r = z * (L[0] + z * (L[1] + z * L[2]));
    let kf = k as f32;
    let y = kf * LN2_HI + (f - s * (f - r) + kf * LN2_LO);
    // The edges, as selects: ∞ stays ∞, 0 gives -∞, negatives and NaN give NaN.
    let y = if x == f32::INFINITY { x } else { y };
    let y = if x == 0.0 { f32::NEG_INFINITY } else { y };
    if x < 0.0 || x.is_nan() {
        f32::NAN
    } else {
        y
    }
}

// tanh x = x + x³·t(x²) for |x| < 0.625 (fit error 4.3e-8 of t, times x² ≤ 0.39), from the
// lowest power up.
const TANH_SMALL: [f32; 5] =
    [-0.333_333_3, 0.133_327_7, -0.053_850_91, 0.020_997_18, -0.006_096_714];

// erf's polynomials (see `erf` for the intervals and fits), from the highest power down.
// The constant term is the fit's, close to 2/√π but not it: the fit trades it against the rest.
#[allow(clippy::approx_constant)]
const ERF_SMALL: [f32; 7] =
    [8.690369e-05, -8.2145707e-04, 0.0052070487, -0.026861707, 0.11283735, -0.37612635, 1.1283792];
const ERFC_MIDDLE: [f32; 12] = [
    -1.4377747e-05,
    4.6715657e-05,
    -1.0417588e-04,
    3.0974313e-04,
    -9.342392e-04,
    0.0025836045,
    -0.0068040923,
    0.017083239,
    -0.040503416,
    0.08986227,
    -0.18431547,
    0.3432959,
];
const ERFC_TAIL: [f32; 9] = [
    86.449326,
    -85.91435,
    40.346798,
    -12.798226,
    3.5071812,
    -1.0518717,
    0.42304587,
    -0.28209418,
    0.56418955,
];

impl Real for f32 {
    const FRAC_1_SQRT_2: f32 = std::f32::consts::FRAC_1_SQRT_2;
    const ERFC_CENTER: f32 = 1.375;
    const ERFC_HALF_WIDTH: f32 = 1.0;
    const ERF_SATURATES: f32 = 4.0;
    const NORMAL_CDF_UNDERFLOWS: f32 = 15.0;

    #[inline(always)]
    fn exp_kernel(self) -> f32 {
        exp_f32(self)
    }
    #[inline(always)]
    fn ln_kernel(self) -> f32 {
        ln_f32(self)
    }
    #[inline(always)]
    fn tanh_core(z: f32) -> f32 {
        let [t0, t1, t2, t3, t4] = TANH_SMALL;
        t0 + z * (t1 + z * (t2 + z * (t3 + z * t4)))
    }
    #[inline(always)]
    fn erf_core(z: f32) -> f32 {
        horner(&ERF_SMALL, z)
    }
    #[inline(always)]
    fn erfc_middle(u: f32) -> f32 {
        horner(&ERFC_MIDDLE, u)
    }
    #[inline(always)]
    fn erfc_tail(w: f32) -> f32 {
        horner(&ERFC_TAIL, w)
    }
    forward_std_methods!(f32);
}

#[cfg(test)]
mod tests {
    use super::super::derived::{sigmoid, softplus, tanh};
    use super::super::tests::sweep32 as sweep;
    use super::*;

    #[test]
    fn exp_is_within_one_and_a_half_ulps_everywhere() {
        sweep("exp", exp_f32, f64::exp, 1.5);
    }

    #[test]
    fn ln_is_within_one_ulp_everywhere() {
        sweep("ln", ln_f32, f64::ln, 1.0);
    }

    #[test]
    fn tanh_is_within_two_ulps_everywhere() {
        sweep("tanh", tanh::<f32>, f64::tanh, 2.0);
    }

    #[test]
    fn sigmoid_is_within_three_ulps_everywhere() {
        let exact =
            |x: f64| if x >= 0.0 { 1.0 / (1.0 + (-x).exp()) } else { x.exp() / (1.0 + x.exp()) };
        sweep("sigmoid", sigmoid::<f32>, exact, 3.0);
    }

    #[test]
    fn softplus_is_within_two_ulps_everywhere() {
        sweep("softplus", softplus::<f32>, |x| x.max(0.0) + (-x.abs()).exp().ln_1p(), 2.0);
    }

    #[test]
    fn edges_match_libm() {
        assert_eq!(exp_f32(-0.0), 1.0);
        assert_eq!(exp_f32(88.8), f32::INFINITY);
        assert_eq!(exp_f32(-104.0), 0.0);
        assert_eq!(ln_f32(1.0), 0.0);
        assert_eq!(ln_f32(0.0), f32::NEG_INFINITY);
        assert!(ln_f32(-1.0).is_nan() && ln_f32(f32::NAN).is_nan());
        assert_eq!(tanh::<f32>(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(tanh::<f32>(f32::NEG_INFINITY), -1.0);
        assert!(tanh::<f32>(f32::NAN).is_nan() && sigmoid::<f32>(f32::NAN).is_nan());
        assert_eq!(sigmoid::<f32>(f32::INFINITY), 1.0);
        assert_eq!(sigmoid::<f32>(f32::NEG_INFINITY), 0.0);
        assert_eq!(softplus::<f32>(f32::INFINITY), f32::INFINITY);
        assert!(softplus::<f32>(f32::NAN).is_nan());
    }
}
