//! Dropping a tape frees every intermediate value, and a training loop does not grow: the
//! live heap bytes of the test's own thread are counted by a global allocator. Buffers kept for
//! reuse (`autograd::buffers`) are released before each count, so that only what is still
//! held elsewhere counts.
//!
//! Only the measuring thread counts, because other threads allocate at times of their own:
//! rayon's workers start up (and allocate their queues) asynchronously after the pool's first
//! use, and the test harness's thread writes its reports meanwhile. Counting them made this
//! test fail now and then on a slow machine, by a few kilobytes that were no tape's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};

use autograd::prelude::*;
use autograd::{linalg::matmul, math::tanh};
use ndarray::Array2;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

thread_local! {
    // `const` and without a destructor, so reading it never allocates.
    static MEASURED: Cell<bool> = const { Cell::new(false) };
}

fn count(bytes: isize) {
    if MEASURED.try_with(Cell::get).unwrap_or(false) {
        LIVE.fetch_add(bytes, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    autograd::buffers::release();
    LIVE.load(Ordering::Relaxed)
}

#[test]
fn tapes_free_their_values_and_training_does_not_grow() {
    MEASURED.with(|measured| measured.set(true));
    let w = Param::new(Array2::from_shape_fn((16, 16), |(i, j)| ((i + j) as f64).sin() * 0.1));
    let x = Tensor::from(Array2::from_shape_fn((8, 16), |(i, j)| ((i * j) as f64).cos()));
    let loss = || mean(&abs2(&tanh(&matmul(&tanh(&matmul(&x, &w)), &w))));

    // Warm up thread-locals and lazily initialised statics.
    drop(diff(loss));
    let before = live();
    let tape = diff(loss);
    let g = grad(&tape, &w).unwrap();
    assert!(live() > before, "the tape holds the gradient");
    drop((tape, g));
    assert_eq!(live(), before, "dropping the tape and gradient frees everything");

    let step = || {
        let tape = diff(loss);
        w.axpy(-0.01, &grad(&tape, &w).unwrap());
    };
    for _ in 0..100 {
        step();
    }
    let after_warmup = live();
    for _ in 0..10_000 {
        step();
    }
    assert_eq!(live(), after_warmup, "10,000 training steps leave no residue");
}
