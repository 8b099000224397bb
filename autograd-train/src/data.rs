//! Data helpers: minibatches with seeded shuffling, a train/test split, one-hot labels and
//! accuracy (Knet's `minibatch`, `accuracy`).
//!
//! ```
//! use autograd::Tensor;
//! use autograd::data::Minibatches;
//!
//! let x = Tensor::from_shape_vec(&[5, 2], (0..10).map(f64::from).collect());
//! let labels = vec![0usize, 1, 0, 1, 0];
//! let mut batches = Minibatches::new(&x, &labels, 2).shuffle(7);
//! let sizes: Vec<usize> = batches.epoch().map(|(xb, yb)| yb.len()).collect();
//! assert_eq!(sizes, [2, 2, 1]); // the partial last batch is kept unless `drop_last()`
//! ```

use autograd_core::{DType, Tensor};
use ndarray::Array2;
use rand::seq::SliceRandom;

use crate::init::{rng, InitRng};

/// Data whose first axis indexes samples: what [`Minibatches`] and [`train_test_split`] cut.
pub trait Rows: Sized {
    /// The number of samples.
    fn n_rows(&self) -> usize;
    /// The samples at `indices`, in that order.
    fn take_rows(&self, indices: &[usize]) -> Self;
}

/// Rows along axis 0 (gathered by `index_select`, untracked).
impl Rows for Tensor {
    fn n_rows(&self) -> usize {
        self.shape().first().copied().unwrap_or(0)
    }

    fn take_rows(&self, indices: &[usize]) -> Self {
        autograd_ops::index_select(&self.detach(), 0, indices)
    }
}

/// Labels, or any per-sample values.
impl<T: Clone> Rows for Vec<T> {
    fn n_rows(&self) -> usize {
        self.len()
    }

    fn take_rows(&self, indices: &[usize]) -> Self {
        indices.iter().map(|&i| self[i].clone()).collect()
    }
}

/// Minibatches of `(x, y)` pairs for one pass over the data after another: shuffled anew each
/// epoch when seeded with [`shuffle`](Minibatches::shuffle), in order otherwise.
#[derive(Clone, Debug)]
pub struct Minibatches<X, Y> {
    x: X,
    y: Y,
    batch_size: usize,
    shuffle: Option<InitRng>,
    drop_last: bool,
}

impl<X: Rows + Clone, Y: Rows + Clone> Minibatches<X, Y> {
    /// Batches of `batch_size` samples of `x` and `y`, in order, the last one possibly smaller.
    ///
    /// # Panics
    /// If `x` and `y` hold different numbers of samples, or `batch_size` is 0.
    pub fn new(x: &X, y: &Y, batch_size: usize) -> Self {
        if x.n_rows() != y.n_rows() || batch_size == 0 {
            autograd_core::Error::invalid(
                "Minibatches::new",
                format!(
                    "needs as many samples in x ({}) as in y ({}) and a batch size above 0 \
                         (got {batch_size})",
                    x.n_rows(),
                    y.n_rows()
                ),
            )
            .raise();
        }
        Minibatches { x: x.clone(), y: y.clone(), batch_size, shuffle: None, drop_last: false }
    }

    /// Shuffle the samples before each epoch, from a generator seeded with `seed`.
    pub fn shuffle(mut self, seed: u64) -> Self {
        self.shuffle = Some(rng(seed));
        self
    }

    /// Drop the last batch when it is smaller than the batch size (Knet's `partial=false`).
    pub fn drop_last(mut self) -> Self {
        self.drop_last = true;
        self
    }

    /// The number of batches in an epoch.
    pub fn len(&self) -> usize {
        let n = self.x.n_rows();
        if self.drop_last {
            n / self.batch_size
        } else {
            n.div_ceil(self.batch_size)
        }
    }

    /// Whether an epoch has no batch.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The batches of the next epoch (a new order each call when shuffling).
    pub fn epoch(&mut self) -> Epoch<'_, X, Y> {
        let mut order: Vec<usize> = (0..self.x.n_rows()).collect();
        if let Some(rng) = &mut self.shuffle {
            order.shuffle(rng);
        }
        let chunks = self.len();
        Epoch { batches: self, order, next: 0, chunks }
    }
}

impl<'a, X: Rows + Clone, Y: Rows + Clone> IntoIterator for &'a mut Minibatches<X, Y> {
    type Item = (X, Y);
    type IntoIter = Epoch<'a, X, Y>;

    /// `for (x, y) in &mut batches`: one epoch.
    fn into_iter(self) -> Epoch<'a, X, Y> {
        self.epoch()
    }
}

/// The batches of one epoch, from [`Minibatches::epoch`].
#[derive(Debug)]
pub struct Epoch<'a, X, Y> {
    batches: &'a Minibatches<X, Y>,
    order: Vec<usize>,
    next: usize,
    chunks: usize,
}

impl<X: Rows, Y: Rows> Iterator for Epoch<'_, X, Y> {
    type Item = (X, Y);

    fn next(&mut self) -> Option<(X, Y)> {
        if self.next >= self.chunks {
            return None;
        }
        let size = self.batches.batch_size;
        let start = self.next * size;
        let indices = &self.order[start..(start + size).min(self.order.len())];
        self.next += 1;
        Some((self.batches.x.take_rows(indices), self.batches.y.take_rows(indices)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.chunks - self.next;
        (left, Some(left))
    }
}

impl<X: Rows, Y: Rows> ExactSizeIterator for Epoch<'_, X, Y> {}

/// Splits `(x, y)` into a training and a test part, the test part holding
/// `round(test_fraction · n)` samples chosen by a generator seeded with `seed`; both parts keep
/// the original order of their samples.
///
/// ```
/// use autograd::data::train_test_split;
/// let x: Vec<usize> = (0..10).collect();
/// let ((train_x, train_y), (test_x, _)) = train_test_split(&x, &x, 0.3, 1);
/// assert_eq!((train_x.len(), test_x.len()), (7, 3));
/// assert_eq!(train_x, train_y);
/// assert!(test_x.iter().all(|i| !train_x.contains(i)));
/// ```
pub fn train_test_split<X: Rows, Y: Rows>(
    x: &X,
    y: &Y,
    test_fraction: f64,
    seed: u64,
) -> ((X, Y), (X, Y)) {
    let n = x.n_rows();
    if y.n_rows() != n || !(0.0..=1.0).contains(&test_fraction) {
        autograd_core::Error::invalid(
            "train_test_split",
            format!(
                "needs as many samples in x ({n}) as in y ({}) and a test fraction in 0..=1 \
                     (got {test_fraction})",
                y.n_rows()
            ),
        )
        .raise();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rng(seed));
    let n_test = (test_fraction * n as f64).round() as usize;
    let (mut test, mut train) = (order[..n_test].to_vec(), order[n_test..].to_vec());
    test.sort_unstable();
    train.sort_unstable();
    ((x.take_rows(&train), y.take_rows(&train)), (x.take_rows(&test), y.take_rows(&test)))
}

/// The labels as one-hot rows: `labels.len() × classes`.
///
/// # Panics
/// If a label is not below `classes`.
///
/// ```
/// use autograd::DType;
/// use autograd::data::one_hot;
/// let y = one_hot(&[2, 0], 3, DType::F32);
/// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.0, 1.0, 1.0, 0.0, 0.0]);
/// ```
pub fn one_hot(labels: &[usize], classes: usize, dtype: DType) -> Tensor {
    let mut y = Array2::<f64>::zeros((labels.len(), classes));
    for (row, &label) in labels.iter().enumerate() {
        if label >= classes {
            autograd_core::Error::invalid(
                "one_hot",
                format!("label {label} at row {row} is not below the class count {classes}"),
            )
            .raise();
        }
        y[[row, label]] = 1.0;
    }
    Tensor::from(y).to_dtype(dtype)
}

/// The fraction of rows of `scores` (`n × classes`: logits or probabilities) whose largest
/// entry is at the row's label (Knet's `accuracy`).
///
/// # Panics
/// If `scores` is not a matrix with one row per label.
///
/// ```
/// use autograd::Tensor;
/// use autograd::data::accuracy;
/// let scores = Tensor::from_shape_vec(&[2, 3], vec![0.1, 2.0, 0.3, 5.0, 1.0, 0.0]);
/// assert_eq!(accuracy(&scores, &[1, 2]), 0.5);
/// ```
pub fn accuracy(scores: &Tensor, labels: &[usize]) -> f64 {
    let a = scores.to_array::<f64>();
    if a.ndim() != 2 || a.shape()[0] != labels.len() {
        autograd_core::Error::invalid(
            "accuracy",
            format!(
                "needs a matrix of scores with one row per label ({}), got shape {:?}",
                labels.len(),
                a.shape()
            ),
        )
        .raise();
    }
    let correct = a
        .outer_iter()
        .zip(labels)
        .filter(|(row, &label)| {
            let best = row.iter().enumerate().fold((0, f64::NEG_INFINITY), |b, (i, &v)| {
                if v > b.1 {
                    (i, v)
                } else {
                    b
                }
            });
            best.0 == label
        })
        .count();
    correct as f64 / labels.len().max(1) as f64
}
