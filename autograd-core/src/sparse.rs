//! Row-sparse tensors: zero except for some rows (entries of the first axis). The gradient of a
//! lookup in a large table (an embedding) is one, so that a training step accumulates the rows it
//! touched and densifies the table's gradient once, instead of allocating a dense zero table per
//! lookup. Any other use densifies it first.

use ndarray::{concatenate, ArrayD, Axis};

use crate::tensor::{Repr, Storage};
use crate::{Element, Error, Tensor};

impl Tensor {
    /// A tensor of `shape` that is zero except for the given rows (entries along axis 0),
    /// which hold `values` (`values.shape()` is `[rows.len(), shape[1..]...]`; repeated rows
    /// add). It is densified the first time anything but gradient accumulation uses it.
    ///
    /// # Panics
    /// If the shapes do not fit or a row is out of range.
    pub fn sparse_rows(shape: &[usize], rows: Vec<usize>, values: Tensor) -> Tensor {
        let values = values.detach();
        let fits = !shape.is_empty()
            && values.ndim() == shape.len()
            && values.shape()[0] == rows.len()
            && values.shape()[1..] == shape[1..];
        if !fits {
            Error::shape("sparse_rows", &[shape, values.shape()]).raise();
        }
        if let Some(bad) = rows.iter().find(|&&r| r >= shape[0]) {
            Error::invalid("sparse_rows", format!("row {bad} is out of range for shape {shape:?}"))
                .raise();
        }
        Tensor::from_repr(Repr::SparseRows { shape: shape.to_vec(), rows, values })
    }

    /// Whether this is a row-sparse tensor (see [`Tensor::sparse_rows`]).
    pub fn is_sparse(&self) -> bool {
        matches!(&*self.0, Repr::SparseRows { .. })
    }
}

/// The dense form of a row-sparse tensor.
pub(crate) fn densify(shape: &[usize], rows: &[usize], values: &Tensor) -> Tensor {
    let mut dense = Tensor::zeros(shape, values.dtype());
    let Some(Repr::Data(storage)) = std::sync::Arc::get_mut(&mut dense.0) else {
        unreachable!("a fresh tensor is unshared")
    };
    scatter_add(storage, rows, values.storage());
    dense
}

/// `target[rows[k]] += values[k]` for every k.
pub(crate) fn scatter_add(target: &mut Storage, rows: &[usize], values: &Storage) {
    fn go<E: Element>(target: &mut ArrayD<E>, rows: &[usize], values: &ArrayD<E>) {
        for (k, &row) in rows.iter().enumerate() {
            let mut slot = target.index_axis_mut(Axis(0), row);
            slot += &values.index_axis(Axis(0), k);
        }
    }
    match (target, values) {
        (Storage::F32(t), Storage::F32(v)) => go(t, rows, v),
        (Storage::F64(t), Storage::F64(v)) => go(t, rows, v),
        _ => panic!("internal error: gradient element types differ"),
    }
}

/// Two row-sparse tensors of one shape added: their rows and values concatenated.
pub(crate) fn concat(a: &Tensor, b: &Tensor) -> Tensor {
    let (
        Repr::SparseRows { shape, rows: ra, values: va },
        Repr::SparseRows { rows: rb, values: vb, .. },
    ) = (&*a.0, &*b.0)
    else {
        unreachable!("both are sparse")
    };
    fn go<E: Element>(a: &ArrayD<E>, b: &ArrayD<E>) -> ArrayD<E> {
        concatenate(Axis(0), &[a.view(), b.view()]).expect("same trailing shape")
    }
    let values = match (va.storage(), vb.storage()) {
        (Storage::F32(x), Storage::F32(y)) => Tensor::from_array(go(x, y)),
        (Storage::F64(x), Storage::F64(y)) => Tensor::from_array(go(x, y)),
        _ => panic!("internal error: gradient element types differ"),
    };
    let rows = ra.iter().chain(rb).copied().collect();
    Tensor::from_repr(Repr::SparseRows { shape: shape.clone(), rows, values })
}

/// Two row-sparse tensors of one shape added, `b`'s rows appended to `a`'s in place when `a`
/// and its values are unshared (ndarray grows the buffer geometrically), so that accumulating
/// the gradients of n pieces (an `unstack`) copies each row once rather than n times. Returns
/// the sum and whether it is a new buffer.
fn append(mut a: Tensor, b: &Tensor) -> (Tensor, bool) {
    let Repr::SparseRows { rows: rb, values: vb, .. } = &*b.0 else { unreachable!("b is sparse") };
    if let Some(Repr::SparseRows { rows, values, .. }) = std::sync::Arc::get_mut(&mut a.0) {
        if let Some(Repr::Data(storage)) = std::sync::Arc::get_mut(&mut values.0) {
            fn go<E: Element>(a: &mut ArrayD<E>, b: &ArrayD<E>) {
                a.append(Axis(0), b.view()).expect("same trailing shape");
            }
            match (storage, vb.storage()) {
                (Storage::F32(x), Storage::F32(y)) => go(x, y),
                (Storage::F64(x), Storage::F64(y)) => go(x, y),
                _ => panic!("internal error: gradient element types differ"),
            }
            rows.extend_from_slice(rb);
            return (a, false);
        }
    }
    (concat(&a, b), true)
}

/// `acc + g` where at least one is row-sparse and neither is tracked; in place in a dense,
/// unshared side when there is one. Returns the sum and whether it is a new buffer.
pub(crate) fn accumulate(acc: Tensor, g: Tensor) -> (Tensor, bool) {
    let (mut dense, sparse) = match (acc.is_sparse(), g.is_sparse()) {
        (true, true) => return append(acc, &g),
        (true, false) => (g, acc),
        _ => (acc, g),
    };
    let Repr::SparseRows { rows, values, .. } = &*sparse.0 else { unreachable!("one is sparse") };
    let fresh = dense.make_mut(|storage| scatter_add(storage, rows, values.storage()));
    (dense, fresh)
}
