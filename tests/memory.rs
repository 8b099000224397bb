//! Dropping a tape frees every intermediate value, and a training loop does not grow: live
//! heap bytes are counted by a global allocator. One test, so nothing else allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use autograd::prelude::*;
use autograd::{linalg::matmul, math::tanh};
use ndarray::Array2;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

#[test]
fn tapes_free_their_values_and_training_does_not_grow() {
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
