//! `Param`: a named, mutable, shared parameter that `diff` differentiates with respect to.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

use crate::tensor::{Repr, Storage};
use ndarray::ArrayD;

use crate::{DType, Element, Error, Tensor};

pub(crate) struct ParamCell {
    pub(crate) id: u64,
    pub(crate) name: Option<String>,
    pub(crate) shape: Vec<usize>,
    pub(crate) dtype: DType,
    value: RwLock<Tensor>,
}

impl ParamCell {
    pub(crate) fn get(&self) -> Tensor {
        self.value.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// A parameter: a shared handle to a mutable tensor that [`diff`](crate::diff) tracks.
///
/// Cloning a `Param` shares it (same identity). A `&Param` can be passed wherever a `&Tensor`
/// is expected. Updates are copy-on-write: a [`Tape`](crate::Tape) that recorded the old value
/// keeps it.
///
/// ```
/// use autograd::{diff, grad, Param};
/// let w = Param::new(vec![1.0, 2.0]);
/// let tape = diff(|| (&w * &w).sum_to(&[]));
/// let g = grad(&tape, &w).unwrap();
/// w.axpy(-0.5, &g); // one gradient-descent step: w ← w - 0.5 g
/// assert_eq!(w.to_vec::<f64>(), vec![0.0, 0.0]);
/// ```
#[derive(Clone)]
pub struct Param(Tensor);

static NEXT_PARAM_ID: AtomicU64 = AtomicU64::new(1);

impl Param {
    /// A new parameter holding `x` (anything [`Tensor::from`] takes). Tracking is stripped.
    pub fn new(x: impl Into<Tensor>) -> Self {
        Param::build(None, x.into())
    }

    /// A new parameter with a name, shown by `Debug` and tape listings.
    pub fn named(name: impl Into<String>, x: impl Into<Tensor>) -> Self {
        Param::build(Some(name.into()), x.into())
    }

    fn build(name: Option<String>, x: Tensor) -> Self {
        let value = x.detach();
        let cell = ParamCell {
            id: NEXT_PARAM_ID.fetch_add(1, Ordering::Relaxed),
            name,
            shape: value.shape().to_vec(),
            dtype: value.dtype(),
            value: RwLock::new(value),
        };
        Param(Tensor::from_repr(Repr::Param(cell)))
    }

    pub(crate) fn cell(&self) -> &ParamCell {
        match &*self.0 .0 {
            Repr::Param(cell) => cell,
            _ => unreachable!("a Param always holds a ParamCell"),
        }
    }

    /// The identity shared by all clones of this parameter.
    pub fn id(&self) -> u64 {
        self.cell().id
    }

    /// The name given by [`Param::named`], if any.
    pub fn name(&self) -> Option<&str> {
        self.cell().name.as_deref()
    }

    /// The current value (untracked).
    pub fn value(&self) -> Tensor {
        self.cell().get()
    }

    /// Replaces the value.
    ///
    /// # Panics
    /// If `x` has another shape or element type than the parameter: a parameter keeps its shape.
    #[track_caller]
    pub fn set(&self, x: impl Into<Tensor>) {
        let x = x.into().detach();
        let cell = self.cell();
        if x.shape() != cell.shape.as_slice() {
            Error::shape("Param::set", &[&cell.shape, x.shape()]).raise();
        }
        if x.dtype() != cell.dtype {
            Error::new("Param::set", crate::ErrorKind::DType(cell.dtype, x.dtype())).raise();
        }
        *cell.value.write().unwrap_or_else(|e| e.into_inner()) = x;
    }

    /// Replaces the value by `f(value)`.
    #[track_caller]
    pub fn update(&self, f: impl FnOnce(&Tensor) -> Tensor) {
        let new = f(&self.value());
        self.set(new);
    }

    /// `self ← self + alpha · x`, in place when no tape shares the old value.
    ///
    /// # Panics
    /// If `x` does not have the parameter's shape.
    #[track_caller]
    pub fn axpy(&self, alpha: f64, x: &Tensor) {
        let cell = self.cell();
        if x.shape() != cell.shape.as_slice() {
            Error::shape("Param::axpy", &[&cell.shape, x.shape()]).raise();
        }
        let x = x.detach();
        let mut slot = cell.value.write().unwrap_or_else(|e| e.into_inner());
        slot.make_mut(|storage| x.with_storage(|xs| axpy_in_place(storage, alpha, xs)));
    }

    /// Mutates the value's array in place, as an optimizer step does. Copy-on-write: when a
    /// [`Tape`](crate::Tape) or another tensor still shares the value, `f` runs on a fresh copy
    /// and that copy becomes the value. Returns whether such a copy was made.
    ///
    /// # Panics
    /// If `E` is not the parameter's element type.
    ///
    /// ```
    /// use autograd::Param;
    /// let w = Param::new(vec![1.0f32, 2.0]);
    /// let copied = w.update_in_place::<f32>(|a| a.mapv_inplace(|v| v * 10.0));
    /// assert!(!copied); // nothing else held the value
    /// assert_eq!(w.to_vec::<f32>(), vec![10.0, 20.0]);
    /// ```
    #[track_caller]
    pub fn update_in_place<E: Element>(&self, f: impl FnOnce(&mut ArrayD<E>)) -> bool {
        let cell = self.cell();
        if E::DTYPE != cell.dtype {
            Error::new("Param::update_in_place", crate::ErrorKind::DType(cell.dtype, E::DTYPE))
                .raise();
        }
        let mut slot = cell.value.write().unwrap_or_else(|e| e.into_inner());
        slot.make_mut(|storage| {
            let array: &mut dyn std::any::Any = match storage {
                Storage::F32(a) => a,
                Storage::F64(a) => a,
            };
            // The element type was checked above, so the downcast cannot fail.
            f(array.downcast_mut::<ArrayD<E>>().expect("internal error: element type checked"))
        })
    }
}

fn axpy_in_place(target: &mut Storage, alpha: f64, x: &Storage) {
    match (target, x) {
        (Storage::F32(t), Storage::F32(x)) => t.scaled_add(alpha as f32, x),
        (Storage::F64(t), Storage::F64(x)) => t.scaled_add(alpha, x),
        (Storage::F32(t), Storage::F64(x)) => t.zip_mut_with(x, |a, &b| *a += (alpha * b) as f32),
        (Storage::F64(t), Storage::F32(x)) => t.zip_mut_with(x, |a, &b| *a += alpha * b as f64),
    }
}

impl Deref for Param {
    type Target = Tensor;

    fn deref(&self) -> &Tensor {
        &self.0
    }
}

impl AsRef<Tensor> for Param {
    fn as_ref(&self) -> &Tensor {
        &self.0
    }
}

impl From<Param> for Tensor {
    fn from(p: Param) -> Tensor {
        p.0
    }
}

impl From<&Param> for Tensor {
    fn from(p: &Param) -> Tensor {
        p.0.clone()
    }
}

impl PartialEq for Param {
    /// Identity, not value: two handles are equal when they are the same parameter.
    fn eq(&self, other: &Self) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Param {}

impl Hash for Param {
    /// Identity, as [`PartialEq`]: a `Param` keys per-parameter state (an optimizer's moments).
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id().hash(state);
    }
}

impl fmt::Debug for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
