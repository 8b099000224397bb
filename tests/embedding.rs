//! Looking up rows of a large table accumulates a row-sparse gradient and densifies it once:
//! total bytes allocated by a training step are counted by a global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use autograd::prelude::*;
use autograd::{gradcheck, gradgradcheck, index::index_select};
use ndarray::Array2;

struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn embedding_lookups_do_not_allocate_a_dense_gradient_per_lookup() {
    let (rows, width, lookups) = (20_000, 16, 50);
    let table = Param::new(Array2::from_shape_fn((rows, width), |(i, j)| ((i + j) as f64).sin()));
    let table_bytes = rows * width * 8;
    let step = || {
        diff(|| {
            let mut total = Tensor::from(0.0);
            for k in 0..lookups {
                let picked = index_select(&table, 0, &[k * 7, k * 7 + 1, 3]);
                total = total + sum(&abs2(&picked));
            }
            total
        })
    };
    drop(step());
    let before = ALLOCATED.load(Ordering::Relaxed);
    let tape = step();
    let allocated = ALLOCATED.load(Ordering::Relaxed) - before;
    assert!(
        allocated < 2 * table_bytes,
        "{lookups} lookups allocated {allocated} bytes; the table is {table_bytes} bytes"
    );

    // The densified gradient is right: row 3 is looked up in every step, rows k*7 and k*7+1 once.
    let g = grad(&tape, &table).unwrap();
    assert!(!g.is_sparse());
    let g = g.to_array::<f64>();
    let t = value(&table).to_array::<f64>();
    assert!((g[[3, 5]] - 2.0 * lookups as f64 * t[[3, 5]]).abs() < 1e-12);
    assert_eq!(g[[14, 2]], 2.0 * t[[14, 2]]);
    assert_eq!(g[[15, 0]], 2.0 * t[[15, 0]]);
    assert_eq!(g[[rows - 1, 0]], 0.0);
}

#[test]
fn second_order_through_lookups_is_recorded_densely_and_correct() {
    let x = Tensor::from(Array2::from_shape_fn((5, 2), |(i, j)| (i * 2 + j) as f64 * 0.1));
    let f = |t: &[Tensor]| abs2(&index_select(&t[0], 0, &[1, 1, 4]));
    gradcheck(f, std::slice::from_ref(&x)).unwrap();
    gradgradcheck(f, &[x]).unwrap();
}
