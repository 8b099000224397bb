//! `Tensor`: an immutable, reference-counted n-d array of `f32` or `f64`, possibly tracked on a tape.

use std::fmt;
use std::sync::Arc;

use ndarray::{ArrayBase, ArrayD, ArrayViewD, Data, Dimension, IxDyn};

use crate::param::ParamCell;
use crate::{DType, Element};

/// Where a tensor's numbers live. One small enum, so that a device variant can be added
/// without the tape knowing.
#[doc(hidden)]
pub enum Storage {
    /// 32-bit floats in host memory.
    F32(ArrayD<f32>),
    /// 64-bit floats in host memory.
    F64(ArrayD<f64>),
}

impl Storage {
    pub(crate) fn shape(&self) -> &[usize] {
        match self {
            Storage::F32(a) => a.shape(),
            Storage::F64(a) => a.shape(),
        }
    }

    pub(crate) fn dtype(&self) -> DType {
        match self {
            Storage::F32(_) => DType::F32,
            Storage::F64(_) => DType::F64,
        }
    }
}

/// A copy in recycled memory when a buffer that fits is kept (a parameter updated while a tape
/// still holds its value is copied on every step, and the copy takes the buffer of the value
/// dropped the step before).
impl Clone for Storage {
    fn clone(&self) -> Self {
        match self {
            Storage::F32(a) => Storage::F32(crate::buffers::copied(a)),
            Storage::F64(a) => Storage::F64(crate::buffers::copied(a)),
        }
    }
}

/// The array of `slot`, leaving an empty one (which owns no memory) in its place: how an array
/// leaves a [`Storage`], whether to its caller or to the buffer cache.
pub(crate) fn take_array<E>(slot: &mut ArrayD<E>) -> ArrayD<E> {
    std::mem::replace(slot, ArrayD::from_shape_vec(IxDyn(&[0]), Vec::new()).expect("empty"))
}

/// The buffer goes back to the cache for the next array of its size (see
/// [`buffers`](crate::buffers)).
impl Drop for Storage {
    #[inline]
    fn drop(&mut self) {
        match self {
            Storage::F32(a) => crate::buffers::recycle(a),
            Storage::F64(a) => crate::buffers::recycle(a),
        }
    }
}

pub(crate) enum Repr {
    /// Plain numbers.
    Data(Storage),
    /// A value recorded as node `index` of the tape `tape`, which sits at `depth` in this
    /// thread's tape stack while it records. `value` may itself be tracked on an outer tape.
    /// Output `output` of node `index` (0 but for multi-output primitives).
    Tracked { value: Tensor, tape: u64, depth: usize, index: usize, output: usize },
    /// A [`Param`](crate::Param)'s shared cell.
    Param(ParamCell),
    /// Zero except for `rows` (along axis 0) holding `values`; see `Tensor::sparse_rows`.
    SparseRows { shape: Vec<usize>, rows: Vec<usize>, values: Tensor },
}

/// An array of `shape` filled with `value`. A 0-d array (every step of a scalar loop) is built
/// as one: ndarray's dynamic-dimension constructors cost several times the arithmetic there.
pub(crate) fn filled_array<E: Element>(shape: &[usize], value: E) -> ArrayD<E> {
    if shape.is_empty() {
        ndarray::arr0(value).into_dyn()
    } else {
        crate::buffers::filled(shape, value)
    }
}

/// An immutable n-d array of `f32` or `f64`; cloning is cheap (reference counted).
///
/// Inside [`diff`](crate::diff) a tensor may carry tracking information that links it to the
/// tape; outside it is just numbers. A 0-d tensor is a scalar.
///
/// ```
/// use autograd::Tensor;
/// let t = Tensor::from(vec![1.0, 2.0, 3.0]);
/// assert_eq!(t.shape(), &[3]);
/// assert_eq!(t.to_vec::<f64>(), vec![1.0, 2.0, 3.0]);
/// ```
#[derive(Clone)]
pub struct Tensor(pub(crate) Arc<Repr>);

impl Tensor {
    pub(crate) fn from_repr(repr: Repr) -> Self {
        Tensor(Arc::new(repr))
    }

    pub(crate) fn from_storage(storage: Storage) -> Self {
        Tensor::from_repr(Repr::Data(storage))
    }

    /// A tensor holding `array`.
    pub fn from_array<E: Element>(array: ArrayD<E>) -> Self {
        Tensor::from_storage(E::wrap(array))
    }

    /// A tensor of the given shape and element type filled with `value`.
    ///
    /// ```
    /// use autograd::{DType, Tensor};
    /// let t = Tensor::full(&[2], 7.0, DType::F32);
    /// assert_eq!(t.to_vec::<f32>(), vec![7.0, 7.0]);
    /// ```
    ///
    /// # Panics
    /// If the shape has more elements than an array can hold (`isize::MAX`), naming the shape.
    pub fn full(shape: &[usize], value: f64, dtype: DType) -> Self {
        Tensor::filled("full", shape, value, dtype)
    }

    /// A tensor of zeros.
    ///
    /// ```
    /// use autograd::{DType, Tensor};
    /// assert_eq!(Tensor::zeros(&[2, 3], DType::F64).to_vec::<f64>(), vec![0.0; 6]);
    /// ```
    ///
    /// # Panics
    /// If the shape has more elements than an array can hold (`isize::MAX`), naming the shape.
    pub fn zeros(shape: &[usize], dtype: DType) -> Self {
        Tensor::filled("zeros", shape, 0.0, dtype)
    }

    /// A tensor of ones.
    ///
    /// # Panics
    /// If the shape has more elements than an array can hold (`isize::MAX`), naming the shape.
    pub fn ones(shape: &[usize], dtype: DType) -> Self {
        Tensor::filled("ones", shape, 1.0, dtype)
    }

    /// `value` in every element, the size checked first so that an impossible shape is our
    /// error naming `op`, not ndarray's.
    fn filled(op: &'static str, shape: &[usize], value: f64, dtype: DType) -> Self {
        // ndarray's limit: the product of the non-zero lengths fits in an isize.
        let fits = shape
            .iter()
            .filter(|&&n| n != 0)
            .try_fold(1usize, |total, &n| total.checked_mul(n))
            .is_some_and(|total| isize::try_from(total).is_ok());
        if !fits {
            crate::Error::invalid(op, format!("shape {shape:?} has too many elements")).raise();
        }
        match dtype {
            DType::F32 => Tensor::from_array(filled_array(shape, value as f32)),
            DType::F64 => Tensor::from_array(filled_array(shape, value)),
        }
    }

    /// Zeros with this tensor's shape and element type.
    pub fn zeros_like(&self) -> Self {
        Tensor::zeros(self.shape(), self.dtype())
    }

    /// Ones with this tensor's shape and element type.
    pub fn ones_like(&self) -> Self {
        Tensor::ones(self.shape(), self.dtype())
    }

    /// A 0-d tensor of `value` with this tensor's element type: how plain numbers join
    /// tensor arithmetic.
    pub fn scalar_like(&self, value: f64) -> Self {
        Tensor::full(&[], value, self.dtype())
    }

    /// A tensor of the given shape from a `Vec` in row-major order.
    ///
    /// # Panics
    /// If the length does not match the shape.
    #[track_caller]
    pub fn from_shape_vec<E: Element>(shape: &[usize], data: Vec<E>) -> Self {
        let n = data.len();
        match ArrayD::from_shape_vec(IxDyn(shape), data) {
            Ok(a) => Tensor::from_array(a),
            Err(_) => crate::Error::invalid(
                "from_shape_vec",
                format!("{n} elements cannot fill shape {shape:?}"),
            )
            .raise(),
        }
    }

    /// The shape: the length of each axis.
    pub fn shape(&self) -> &[usize] {
        match &*self.0 {
            Repr::Data(s) => s.shape(),
            Repr::Tracked { value, .. } => value.shape(),
            Repr::Param(cell) => &cell.shape,
            Repr::SparseRows { shape, .. } => shape,
        }
    }

    /// The number of axes (0 for a scalar).
    pub fn ndim(&self) -> usize {
        self.shape().len()
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.shape().iter().product()
    }

    /// Whether the tensor has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element type.
    pub fn dtype(&self) -> DType {
        match &*self.0 {
            Repr::Data(s) => s.dtype(),
            Repr::Tracked { value, .. } => value.dtype(),
            Repr::Param(cell) => cell.dtype,
            Repr::SparseRows { values, .. } => values.dtype(),
        }
    }

    /// This tensor's numbers with all tracking removed (AutoGrad.jl's `value`).
    pub fn detach(&self) -> Tensor {
        match &*self.0 {
            Repr::Data(_) => self.clone(),
            Repr::Tracked { value, .. } => value.detach(),
            Repr::Param(cell) => cell.get(),
            Repr::SparseRows { shape, rows, values } => crate::sparse::densify(shape, rows, values),
        }
    }

    /// The storage of an untracked tensor; tracked ones are detached first.
    pub(crate) fn with_storage<R>(&self, f: impl FnOnce(&Storage) -> R) -> R {
        match &*self.0 {
            Repr::Data(s) => f(s),
            _ => f(self.detach().storage()),
        }
    }

    /// Mutates the numbers copy-on-write: in place when no other handle shares them, else in a
    /// fresh copy that replaces `self` (dropping any tracking). Returns whether a copy was made.
    pub(crate) fn make_mut(&mut self, f: impl FnOnce(&mut Storage)) -> bool {
        if let Some(Repr::Data(storage)) = Arc::get_mut(&mut self.0) {
            f(storage);
            return false;
        }
        let mut copy = self.detach().storage().clone();
        f(&mut copy);
        *self = Tensor::from_storage(copy);
        true
    }

    /// The storage of a plain (`Repr::Data`) tensor.
    ///
    /// # Panics
    /// If the tensor is tracked or a parameter: callers detach first.
    #[doc(hidden)]
    pub fn storage(&self) -> &Storage {
        match &*self.0 {
            Repr::Data(s) => s,
            _ => panic!("internal error: storage() of a tracked tensor"),
        }
    }

    /// The array of a plain tensor of element type `E`.
    ///
    /// # Panics
    /// If the tensor is tracked or of another element type.
    #[doc(hidden)]
    pub fn array<E: Element>(&self) -> &ArrayD<E> {
        E::unwrap(self.storage()).expect("internal error: element type checked by the caller")
    }

    /// A copy of the numbers as an ndarray array of element type `T` (converting if needed).
    pub fn to_array<T: Element>(&self) -> ArrayD<T> {
        self.with_storage(converted)
    }

    /// The numbers as an ndarray array of element type `E`, moved out without a copy when this
    /// is the only handle to them and they already are `E`; otherwise copied (and converted).
    ///
    /// Tracking is dropped, as by [`detach`](Tensor::detach). Other handles that share the numbers
    /// keep them unchanged.
    ///
    /// ```
    /// use autograd::ndarray::array;
    /// use autograd::Tensor;
    /// let t = Tensor::from(array![[1.0, 2.0], [3.0, 4.0]]);
    /// let a = t.into_array::<f64>(); // the only handle: the buffer moves out
    /// assert_eq!(a, array![[1.0, 2.0], [3.0, 4.0]].into_dyn());
    /// ```
    pub fn into_array<E: Element>(self) -> ArrayD<E> {
        match Arc::try_unwrap(self.0) {
            Ok(Repr::Data(storage)) => match E::unwrap_owned(storage) {
                Ok(array) => array,
                Err(other) => Tensor::from_storage(other).to_array(),
            },
            // The tracking node was the only handle: its value may be unshared in turn.
            Ok(Repr::Tracked { value, .. }) => value.into_array(),
            Ok(repr) => Tensor::from_repr(repr).to_array(),
            Err(shared) => Tensor(shared).to_array(),
        }
    }

    /// Calls `f` with a read-only view of the numbers as element type `E`, without copying them
    /// when they already are `E` (else `f` sees a converted copy); returns what `f` returns.
    ///
    /// ```
    /// use autograd::Tensor;
    /// let t = Tensor::from(vec![1.0, 2.0, 3.0]);
    /// let total = t.with_view(|v: autograd::ndarray::ArrayViewD<f64>| v.sum());
    /// assert_eq!(total, 6.0);
    /// ```
    pub fn with_view<E: Element, R>(&self, f: impl FnOnce(ArrayViewD<'_, E>) -> R) -> R {
        self.with_storage(|s| match E::unwrap(s) {
            Some(array) => f(array.view()),
            None => f(converted::<E>(s).view()),
        })
    }

    /// The numbers in row-major order as a `Vec<T>` (converting if needed).
    pub fn to_vec<T: Element>(&self) -> Vec<T> {
        self.to_array::<T>().iter().copied().collect()
    }

    /// The single element of a one-element tensor.
    ///
    /// # Panics
    /// If the tensor has more or fewer than one element.
    #[track_caller]
    pub fn item<T: Element>(&self) -> T {
        if self.len() != 1 {
            crate::Error::invalid(
                "item",
                format!("needs a one-element tensor, got shape {:?}", self.shape()),
            )
            .raise()
        };
        self.to_vec::<T>()[0]
    }

    /// Whether this tensor is recorded on a tape that is recording now on this thread.
    pub fn is_tracked(&self) -> bool {
        match &*self.0 {
            Repr::Tracked { tape, depth, .. } => crate::tape::is_active(*tape, *depth),
            _ => false,
        }
    }

    /// Whether two handles share the same storage (the same `Arc`).
    pub fn ptr_eq(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A copy of `storage`'s numbers as element type `T`.
fn converted<T: Element>(storage: &Storage) -> ArrayD<T> {
    match storage {
        Storage::F32(a) => a.mapv(|v| T::of(v as f64)),
        Storage::F64(a) => a.mapv(T::of),
    }
}

impl<S, D> From<ArrayBase<S, D>> for Tensor
where
    S: Data,
    S::Elem: Element,
    D: Dimension,
{
    fn from(array: ArrayBase<S, D>) -> Self {
        Tensor::from_array(array.into_owned().into_dyn())
    }
}

impl<S, D> From<&ArrayBase<S, D>> for Tensor
where
    S: Data,
    S::Elem: Element,
    D: Dimension,
{
    fn from(array: &ArrayBase<S, D>) -> Self {
        Tensor::from_array(array.to_owned().into_dyn())
    }
}

impl<E: Element> From<Vec<E>> for Tensor {
    fn from(v: Vec<E>) -> Self {
        Tensor::from_array(ArrayD::from_shape_vec(IxDyn(&[v.len()]), v).expect("1-d shape"))
    }
}

impl<E: Element> From<&[E]> for Tensor {
    fn from(v: &[E]) -> Self {
        Tensor::from(v.to_vec())
    }
}

impl From<f64> for Tensor {
    fn from(x: f64) -> Self {
        Tensor::from_array(ArrayD::from_elem(IxDyn(&[]), x))
    }
}

impl From<f32> for Tensor {
    fn from(x: f32) -> Self {
        Tensor::from_array(ArrayD::from_elem(IxDyn(&[]), x))
    }
}

impl From<&Tensor> for Tensor {
    fn from(t: &Tensor) -> Self {
        t.clone()
    }
}

/// So that code generic over `AsRef<Tensor>` takes tensors and [`Param`](crate::Param)s alike.
impl AsRef<Tensor> for Tensor {
    fn as_ref(&self) -> &Tensor {
        self
    }
}

impl fmt::Display for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_storage(|s| match s {
            Storage::F32(a) => fmt::Display::fmt(a, f),
            Storage::F64(a) => fmt::Display::fmt(a, f),
        })
    }
}

impl fmt::Debug for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Repr::Tracked { tape, index, output: 0, .. } => {
                write!(f, "Tracked(tape {tape}, node {index}) ")?;
            }
            Repr::Tracked { tape, index, output, .. } => {
                write!(f, "Tracked(tape {tape}, node {index}, output {output}) ")?;
            }
            Repr::Param(cell) => {
                write!(f, "Param")?;
                if let Some(name) = &cell.name {
                    write!(f, " {name:?}")?;
                }
                write!(f, " ")?;
            }
            Repr::SparseRows { rows, .. } => write!(f, "SparseRows({} rows) ", rows.len())?,
            Repr::Data(_) => {}
        }
        write!(f, "Tensor<{}, {:?}>", self.dtype(), self.shape())?;
        let body = self.detach().to_string();
        if body.contains('\n') {
            write!(f, "\n{body}")
        } else {
            write!(f, " {body}")
        }
    }
}

impl PartialEq for Tensor {
    /// Equal element types, shapes and values (tracking is ignored).
    fn eq(&self, other: &Tensor) -> bool {
        self.with_storage(|a| {
            other.with_storage(|b| match (a, b) {
                (Storage::F32(a), Storage::F32(b)) => a == b,
                (Storage::F64(a), Storage::F64(b)) => a == b,
                _ => false,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{array, ArrayD};

    use super::Tensor;

    fn matrix() -> ArrayD<f64> {
        array![[1.0, 2.0], [3.0, 4.0]].into_dyn()
    }

    #[test]
    fn into_array_moves_an_unshared_buffer() {
        let a = matrix();
        let data = a.as_ptr();
        let back = Tensor::from_array(a).into_array::<f64>();
        assert_eq!(back.as_ptr(), data, "the buffer was copied");
        assert_eq!(back, matrix());
    }

    #[test]
    fn into_array_copies_a_shared_buffer_and_leaves_the_other_handle_intact() {
        let t = Tensor::from_array(matrix());
        let kept = t.clone();
        let mut back = t.into_array::<f64>();
        assert_ne!(back.as_ptr(), kept.array::<f64>().as_ptr());
        back[[0, 0]] = 100.0;
        assert_eq!(kept.to_array::<f64>(), matrix());
    }

    #[test]
    fn into_array_converts_the_element_type() {
        let back = Tensor::from_array(matrix()).into_array::<f32>();
        assert_eq!(back, matrix().mapv(|v| v as f32));
    }

    #[test]
    fn with_view_lends_the_buffer_itself() {
        let t = Tensor::from_array(matrix());
        let data = t.array::<f64>().as_ptr();
        let (seen, sum) = t.with_view(|v: ndarray::ArrayViewD<f64>| (v.as_ptr(), v.sum()));
        assert_eq!(seen, data, "the view was of a copy");
        assert_eq!(sum, 10.0);
        assert_eq!(t.with_view(|v: ndarray::ArrayViewD<f32>| v.sum()), 10.0);
    }
}
