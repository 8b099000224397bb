//! Recycled array memory. When a large tensor's numbers are dropped, their buffer is kept and
//! handed to the next array of a size it fits, as a training step allocates the same sizes on
//! every step.
//!
//! Without it, each new large array page-faults on first touch: glibc serves blocks from
//! 128 KiB up from `mmap` or the top of the heap, and gives them back to the system on free.
//! A Hessian-vector product of a 784×512 layer (the bench's W3b) faulted about a thousand times
//! per call: 182–302 k page faults over a bench run, 10 k with recycling, and 5.6–6.0 ms per
//! call against 2.9–3.6 ms (2-core AVX-512 virtual machine, 2026-12-01).
//!
//! The cache is one for the process (a buffer dropped by one thread serves an array made by
//! another), holds at most [`limit`] bytes (256 MiB unless [`set_limit`] says otherwise),
//! evicting the oldest buffers first, and [`release`] empties it.
//!
//! ```
//! use autograd::{buffers, DType, Tensor};
//!
//! let t = Tensor::zeros(&[512, 512], DType::F32); // 1 MiB
//! drop(t);
//! assert!(buffers::cached_bytes() >= 512 * 512 * 4);
//! buffers::release();
//! assert_eq!(buffers::cached_bytes(), 0);
//! ```

use std::any::Any;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use ndarray::{ArrayD, IxDyn};

use crate::{DType, Element};

/// Buffers smaller than this are left to the allocator, which reuses small blocks well. In
/// builds with debug assertions (the test suite) every buffer is recycled, so that the whole
/// suite runs through this module.
const MIN_BYTES: usize = if cfg!(debug_assertions) { 1 } else { 64 * 1024 };

/// At most this many buffers are kept per element type, so a lookup stays short.
const MAX_BUFFERS: usize = 64;

const DEFAULT_LIMIT: usize = 256 << 20;

static LIMIT: AtomicUsize = AtomicUsize::new(DEFAULT_LIMIT);

/// The most bytes of dropped arrays kept for reuse.
///
/// ```
/// assert!(autograd::buffers::limit() > 0);
/// ```
pub fn limit() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

/// Sets the most bytes of dropped arrays kept for reuse; 0 turns recycling off. A cache
/// already over the new limit shrinks the next time a buffer is dropped.
///
/// ```
/// use autograd::buffers;
///
/// let before = buffers::limit();
/// buffers::set_limit(64 << 20);
/// assert_eq!(buffers::limit(), 64 << 20);
/// buffers::set_limit(before);
/// ```
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
}

/// The bytes kept for reuse now.
///
/// ```
/// autograd::buffers::release();
/// assert_eq!(autograd::buffers::cached_bytes(), 0);
/// ```
pub fn cached_bytes() -> usize {
    cache().bytes()
}

/// Frees every buffer kept for reuse.
///
/// ```
/// autograd::buffers::release();
/// assert_eq!(autograd::buffers::cached_bytes(), 0);
/// ```
pub fn release() {
    // Taken out first, so that the buffers are freed outside the lock.
    let buffers = std::mem::take(&mut *cache());
    drop(buffers);
}

/// The buffers of one element type, oldest first.
struct Shelf<E> {
    buffers: Vec<Vec<E>>,
    bytes: usize,
}

impl<E> Shelf<E> {
    const fn new() -> Self {
        Shelf { buffers: Vec::new(), bytes: 0 }
    }
}

impl<E> Default for Shelf<E> {
    fn default() -> Self {
        Shelf::new()
    }
}

impl<E: Element> Shelf<E> {
    fn put(&mut self, mut buffer: Vec<E>) {
        if cfg!(debug_assertions) {
            // Stale numbers must never reach a result: in the test suite they are NaN, which
            // every check notices.
            buffer.fill(E::nan());
        }
        buffer.clear();
        self.bytes += size_of_val(buffer.spare_capacity_mut());
        self.buffers.push(buffer);
    }

    /// The smallest buffer holding `len` elements, if one is at most twice that size (a large
    /// buffer is not spent on a small array); of several such, the one dropped last, which is
    /// likeliest still in the processor's caches. (Taking the oldest cycled through every kept
    /// buffer of a size: W3b ran 10–20% slower after W2 had filled the cache.)
    fn take(&mut self, len: usize) -> Option<Vec<E>> {
        let fits = |b: &Vec<E>| b.capacity() >= len && b.capacity() / 2 <= len;
        let (index, _) = self
            .buffers
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, b)| fits(b))
            .min_by_key(|(_, b)| b.capacity())?;
        let buffer = self.buffers.remove(index);
        self.bytes -= buffer.capacity() * size_of::<E>();
        Some(buffer)
    }

    /// Removes the oldest buffers until at most `count` remain, holding at most `bytes`, and
    /// returns them.
    fn trim(&mut self, count: usize, bytes: usize) -> Vec<Vec<E>> {
        let mut excess = 0;
        let (mut n, mut total) = (self.buffers.len(), self.bytes);
        for b in &self.buffers {
            if n <= count && total <= bytes {
                break;
            }
            n -= 1;
            total -= b.capacity() * size_of::<E>();
            excess += 1;
        }
        self.bytes = total;
        self.buffers.drain(..excess).collect()
    }
}

/// Both element types' shelves.
#[derive(Default)]
struct Cache {
    f32: Shelf<f32>,
    f64: Shelf<f64>,
}

impl Cache {
    fn bytes(&self) -> usize {
        self.f32.bytes + self.f64.bytes
    }

    fn shelf<E: Element>(&mut self) -> &mut Shelf<E> {
        let shelf: &mut dyn Any = match E::DTYPE {
            DType::F32 => &mut self.f32,
            DType::F64 => &mut self.f64,
        };
        shelf.downcast_mut().expect("an element type's tag names it")
    }

    /// Takes the buffer of `array` (left empty), evicting the oldest buffers to stay within
    /// `limit` bytes; returns the evicted ones.
    fn keep<E: Element>(&mut self, array: &mut ArrayD<E>, limit: usize) -> Vec<Vec<E>> {
        let (buffer, _) = crate::tensor::take_array(array).into_raw_vec_and_offset();
        let shelf = self.shelf::<E>();
        shelf.put(buffer);
        shelf.trim(MAX_BUFFERS, limit)
    }
}

static CACHE: Mutex<Cache> = Mutex::new(Cache { f32: Shelf::new(), f64: Shelf::new() });

/// The cache, locked. A panic cannot leave it inconsistent (no user code runs under the lock),
/// so a poisoned lock is simply taken over.
fn cache() -> MutexGuard<'static, Cache> {
    CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An empty vector with room for `len` elements: a recycled buffer when one that fits is kept,
/// else a new allocation. Its spare capacity holds stale numbers, never reached
/// through the vector itself; callers write every element before use.
#[doc(hidden)]
pub fn with_capacity<E: Element>(len: usize) -> Vec<E> {
    if len.saturating_mul(size_of::<E>()) >= MIN_BYTES {
        if let Some(buffer) = cache().shelf::<E>().take(len) {
            return buffer;
        }
    }
    Vec::with_capacity(len)
}

/// An array of `shape` with `value` in every element, in recycled memory when it can be.
#[doc(hidden)]
#[inline(never)]
pub fn filled<E: Element>(shape: &[usize], value: E) -> ArrayD<E> {
    let len = shape.iter().product();
    let mut data = with_capacity(len);
    data.resize(len, value);
    ArrayD::from_shape_vec(IxDyn(shape), data).expect("length matches shape")
}

/// A copy of `array`, in recycled memory when it can be (when `array` is in row-major order,
/// which the copy keeps; any other layout is copied as ndarray does).
pub(crate) fn copied<E: Element>(array: &ArrayD<E>) -> ArrayD<E> {
    match array.as_slice() {
        Some(numbers) if array.ndim() != 0 => {
            let mut data = with_capacity(numbers.len());
            data.extend_from_slice(numbers);
            ArrayD::from_shape_vec(array.raw_dim(), data).expect("length matches shape")
        }
        _ => array.clone(),
    }
}

/// Keeps the buffer of `array`, which is left empty, for reuse (unless it is small, or the
/// cache is turned off or smaller than the buffer).
#[inline]
pub(crate) fn recycle<E: Element>(array: &mut ArrayD<E>) {
    // A scalar (every value of a scalar loop) is never kept: the cheapest test, inlined.
    if array.ndim() != 0 {
        recycle_array(array);
    }
}

#[inline(never)]
fn recycle_array<E: Element>(array: &mut ArrayD<E>) {
    let bytes = array.len() * size_of::<E>();
    let limit = limit();
    if bytes < MIN_BYTES || bytes > limit {
        return;
    }
    let evicted = cache().keep(array, limit);
    // Freed outside the lock.
    drop(evicted);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_buffer_is_handed_to_the_next_array_that_fits() {
        let mut cache = Cache::default();
        let mut a = ArrayD::from_elem(IxDyn(&[3, 4]), 1.0f64);
        let address = a.as_ptr();
        drop(cache.keep(&mut a, usize::MAX));
        assert_eq!(a.len(), 0, "the array is left empty");
        assert_eq!(cache.bytes(), 12 * 8);
        let b = cache.shelf::<f64>().take(10).expect("12 fits 10");
        assert_eq!(b.as_ptr(), address, "the recycled buffer is handed out");
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn the_smallest_buffer_that_fits_is_taken_and_never_one_over_twice_the_size() {
        let mut shelf = Shelf::<f32>::default();
        for n in [1000, 300, 500] {
            shelf.put(Vec::with_capacity(n));
        }
        assert_eq!(shelf.take(400).map(|b| b.capacity()), Some(500));
        assert_eq!(shelf.take(100), None, "300 and 1000 are over twice 100");
        assert_eq!(shelf.take(300).map(|b| b.capacity()), Some(300));
        assert_eq!(shelf.bytes, 1000 * 4);
    }

    #[test]
    fn of_equal_buffers_the_one_dropped_last_is_taken_first() {
        let mut shelf = Shelf::<f32>::default();
        let buffers: Vec<Vec<f32>> = (0..3).map(|_| Vec::with_capacity(64)).collect();
        let newest = buffers[2].as_ptr();
        for b in buffers {
            shelf.put(b);
        }
        assert_eq!(shelf.take(64).map(|b| b.as_ptr()), Some(newest));
    }

    #[test]
    fn the_cache_keeps_the_newest_buffers_within_its_limits() {
        let mut shelf = Shelf::<f64>::default();
        for n in [10, 20, 30] {
            shelf.put(Vec::with_capacity(n));
        }
        let evicted = shelf.trim(usize::MAX, 50 * 8);
        assert_eq!(evicted.iter().map(Vec::capacity).collect::<Vec<_>>(), [10]);
        assert_eq!(shelf.buffers.iter().map(Vec::capacity).collect::<Vec<_>>(), [20, 30]);
        assert_eq!(shelf.bytes, 50 * 8);
        shelf.trim(1, usize::MAX);
        assert_eq!(shelf.buffers.len(), 1);
        assert_eq!(shelf.bytes, 30 * 8);
        shelf.trim(usize::MAX, 0);
        assert_eq!((shelf.buffers.len(), shelf.bytes), (0, 0), "a zero limit keeps nothing");
    }
}
