//! Initializers: Xavier/Glorot, Kaiming/He, Gaussian, uniform, orthogonal, zeros and ones, for
//! dense and convolution weights in `f32` or `f64`, drawn from a seeded generator.
//!
//! Fans follow this library's layouts: a dense weight `[in, out]` (used as `x · W`) has fan-in
//! `in` and fan-out `out`; a convolution weight `[out, in, kh, kw]` (as [`conv2d`] takes it)
//! has fan-in `in·kh·kw` and fan-out `out·kh·kw`; a vector has both equal to its length.
//! The numbers are drawn in `f64` and rounded, so one seed gives the same weights in either
//! element type.
//!
//! [`conv2d`]: autograd_ops::conv2d
//!
//! ```
//! use autograd::{DType, Param};
//! use autograd::init;
//!
//! let mut rng = init::rng(42);
//! let w = Param::new(init::xavier_uniform(&[64, 128], DType::F32, &mut rng));
//! let b = Param::new(init::zeros(&[128], DType::F32));
//! let bound = (6.0f32 / (64.0 + 128.0)).sqrt();
//! assert!(w.to_vec::<f32>().iter().all(|v| v.abs() <= bound));
//! assert_eq!(b.shape(), &[128]);
//! ```

use autograd_core::{DType, Tensor};
use ndarray::{ArrayD, IxDyn};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// The seeded generator the initializers (and [`data`](crate::data)'s shuffling) draw from:
/// PCG-64, which gives the same stream on every platform.
pub type InitRng = rand_pcg::Pcg64;

/// A generator seeded with `seed`.
///
/// ```
/// use autograd::DType;
/// use autograd::init;
/// let a = init::gaussian(&[3], 1.0, DType::F64, &mut init::rng(7));
/// let b = init::gaussian(&[3], 1.0, DType::F64, &mut init::rng(7));
/// assert_eq!(a, b);
/// ```
pub fn rng(seed: u64) -> InitRng {
    rand::SeedableRng::seed_from_u64(seed)
}

/// `(fan_in, fan_out)` of a weight of this shape (see the module documentation).
///
/// ```
/// use autograd::init::fans;
/// assert_eq!(fans(&[64, 10]), (64, 10));
/// assert_eq!(fans(&[16, 3, 5, 5]), (75, 400));
/// ```
pub fn fans(shape: &[usize]) -> (usize, usize) {
    match shape {
        [] => (1, 1),
        [n] => (*n, *n),
        [fan_in, fan_out] => (*fan_in, *fan_out),
        [out, inp, window @ ..] => {
            let receptive: usize = window.iter().product();
            (inp * receptive, out * receptive)
        }
    }
}

fn from_f64(shape: &[usize], dtype: DType, values: impl FnMut() -> f64) -> Tensor {
    let a = ArrayD::from_shape_simple_fn(IxDyn(shape), values);
    match dtype {
        DType::F64 => Tensor::from(a),
        DType::F32 => Tensor::from(a.mapv(|v| v as f32)),
    }
}

/// Uniform on `[low, high)`.
///
/// ```
/// use autograd::DType;
/// use autograd::init;
/// let t = init::uniform(&[100], -0.5, 0.5, DType::F64, &mut init::rng(1));
/// assert!(t.to_vec::<f64>().iter().all(|v| (-0.5..0.5).contains(v)));
/// ```
pub fn uniform<R: Rng + ?Sized>(
    shape: &[usize],
    low: f64,
    high: f64,
    dtype: DType,
    rng: &mut R,
) -> Tensor {
    from_f64(shape, dtype, || rng.random_range(low..high))
}

/// Normal with mean 0 and standard deviation `std` (Knet's `gaussian`, whose default `std` is
/// 0.01).
///
/// ```
/// use autograd::DType;
/// use autograd::init;
/// let t = init::gaussian(&[10_000], 2.0, DType::F64, &mut init::rng(1)).to_vec::<f64>();
/// let var = t.iter().map(|v| v * v).sum::<f64>() / t.len() as f64;
/// assert!((var.sqrt() - 2.0).abs() < 0.05);
/// ```
pub fn gaussian<R: Rng + ?Sized>(shape: &[usize], std: f64, dtype: DType, rng: &mut R) -> Tensor {
    from_f64(shape, dtype, || std * Distribution::<f64>::sample(&StandardNormal, rng))
}

/// Xavier/Glorot uniform: `U(-a, a)` with `a = sqrt(6 / (fan_in + fan_out))` (Knet's
/// `xavier`, `torch.nn.init.xavier_uniform_`).
pub fn xavier_uniform<R: Rng + ?Sized>(shape: &[usize], dtype: DType, rng: &mut R) -> Tensor {
    let (fan_in, fan_out) = fans(shape);
    let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
    uniform(shape, -a, a, dtype, rng)
}

/// Xavier/Glorot normal: standard deviation `sqrt(2 / (fan_in + fan_out))`.
///
/// ```
/// use autograd::DType;
/// use autograd::init;
/// let t = init::xavier_normal(&[200, 200], DType::F32, &mut init::rng(3)).to_vec::<f32>();
/// let var = t.iter().map(|v| v * v).sum::<f32>() / t.len() as f32;
/// assert!((var - 2.0 / 400.0).abs() < 2e-4);
/// ```
pub fn xavier_normal<R: Rng + ?Sized>(shape: &[usize], dtype: DType, rng: &mut R) -> Tensor {
    let (fan_in, fan_out) = fans(shape);
    gaussian(shape, (2.0 / (fan_in + fan_out) as f64).sqrt(), dtype, rng)
}

/// Kaiming/He uniform for ReLU layers: `U(-a, a)` with `a = sqrt(6 / fan_in)`
/// (`torch.nn.init.kaiming_uniform_` with `nonlinearity="relu"`).
///
/// ```
/// use autograd::DType;
/// use autograd::init;
/// let t = init::kaiming_uniform(&[8, 1, 3, 3], DType::F32, &mut init::rng(5));
/// let bound = (6.0f32 / 9.0).sqrt(); // fan-in 1·3·3
/// assert!(t.to_vec::<f32>().iter().all(|v| v.abs() <= bound));
/// ```
pub fn kaiming_uniform<R: Rng + ?Sized>(shape: &[usize], dtype: DType, rng: &mut R) -> Tensor {
    let a = (6.0 / fans(shape).0 as f64).sqrt();
    uniform(shape, -a, a, dtype, rng)
}

/// Kaiming/He normal for ReLU layers: standard deviation `sqrt(2 / fan_in)`.
pub fn kaiming_normal<R: Rng + ?Sized>(shape: &[usize], dtype: DType, rng: &mut R) -> Tensor {
    gaussian(shape, (2.0 / fans(shape).0 as f64).sqrt(), dtype, rng)
}

/// A (semi-)orthogonal weight times `gain`: viewed as a matrix `shape[0] × rest`, its rows or
/// its columns (whichever are fewer) are orthonormal (Saxe et al. 2013,
/// `torch.nn.init.orthogonal_`).
///
/// ```
/// use autograd::DType;
/// use autograd::linalg::matmul;
/// use autograd::shape::transpose;
/// use autograd::init;
/// let q = init::orthogonal(&[5, 3], 1.0, DType::F64, &mut init::rng(2));
/// let qtq = matmul(&transpose(&q), &q).to_vec::<f64>(); // 3 × 3 identity
/// for (i, v) in qtq.iter().enumerate() {
///     let eye = if i % 4 == 0 { 1.0 } else { 0.0 };
///     assert!((v - eye).abs() < 1e-12);
/// }
/// ```
pub fn orthogonal<R: Rng + ?Sized>(
    shape: &[usize],
    gain: f64,
    dtype: DType,
    rng: &mut R,
) -> Tensor {
    let rows = shape.first().copied().unwrap_or(1);
    let cols = shape.iter().skip(1).product::<usize>();
    // QR of a tall Gaussian matrix; `qr_q` fixes the signs so that R's diagonal is positive,
    // which makes Q uniformly distributed (Mezzadri 2007).
    let (tall, wide) = (rows.max(cols), rows.min(cols));
    let a = gaussian(&[tall, wide], 1.0, DType::F64, rng);
    let q = autograd_ops::qr_q(&a);
    let q = if rows < cols { autograd_ops::transpose(&q) } else { q };
    let values = q.to_vec::<f64>();
    let mut it = values.into_iter();
    from_f64(shape, dtype, || gain * it.next().expect("rows × cols values"))
}

/// Zeros (biases).
pub fn zeros(shape: &[usize], dtype: DType) -> Tensor {
    Tensor::zeros(shape, dtype)
}

/// Ones (scales of a normalization).
pub fn ones(shape: &[usize], dtype: DType) -> Tensor {
    Tensor::ones(shape, dtype)
}
