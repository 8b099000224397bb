//! The differentiation entry points: `diff`, `grad`, `value`, and the old interface `gradfun`.

use crate::tape::{self, Tape};
use crate::{Param, Result, Tensor};

/// Runs `f`, recording the primitive operations it performs, then computes the gradient of its
/// (scalar) result with respect to every [`Param`] it used. Read them with [`grad`].
///
/// ```
/// use autograd::{diff, grad, value, Param};
/// let x = Param::new(vec![1.0, 2.0, 3.0]);
/// let y = diff(|| (&x * &x).sum_to(&[]));
/// assert_eq!(y.to_string(), "T(14.0)");
/// assert_eq!(value(&y).item::<f64>(), 14.0);
/// assert_eq!(grad(&y, &x).unwrap().to_vec::<f64>(), vec![2.0, 4.0, 6.0]);
/// ```
///
/// # Panics
/// If the result has more than one element (see [`try_diff`]), or if `f` panics; the tape
/// stack is restored in both cases, so later calls work as usual. An error of the backward pass
/// (a gradient rule that returns the wrong shape) is reported at this call's line.
#[track_caller]
pub fn diff<R: Into<Tensor>>(f: impl FnOnce() -> R) -> Tape {
    crate::raise::entry(|| match tape::record(&[], false, |_| f().into()) {
        Ok(tape) => tape,
        Err(e) => e.raise(),
    })
}

/// [`diff`] that keeps every intermediate value, argument and gradient on the tape, for
/// inspection with [`Tape::nodes`] (at the cost of holding them until the tape is dropped).
///
/// ```
/// use autograd::{diff_debug, Param};
/// let x = Param::new(vec![1.0, 2.0]);
/// let tape = diff_debug(|| (&x * &x).sum_to(&[]));
/// let mul = &tape.nodes()[1];
/// assert_eq!(mul.op, "mul");
/// assert_eq!(mul.value.as_ref().unwrap().to_vec::<f64>(), vec![1.0, 4.0]);
/// assert_eq!(mul.grad.as_ref().unwrap().to_vec::<f64>(), vec![1.0, 1.0]);
/// assert_eq!(mul.inputs.len(), 2);
/// ```
///
/// # Panics
/// Like [`diff`].
#[track_caller]
pub fn diff_debug<R: Into<Tensor>>(f: impl FnOnce() -> R) -> Tape {
    crate::raise::entry(|| match tape::record(&[], true, |_| f().into()) {
        Ok(tape) => tape,
        Err(e) => e.raise(),
    })
}

/// [`diff`] that returns an error instead of panicking when the result is not a scalar.
/// Errors inside `f` are raised as usual; wrap the call in [`catch`](crate::catch) to get
/// every error as a value.
#[track_caller]
pub fn try_diff<R: Into<Tensor>>(f: impl FnOnce() -> R) -> Result<Tape> {
    crate::raise::entry(|| tape::record(&[], false, |_| f().into()))
}

/// The gradient of `tape`'s result with respect to `param`, or `None` if it took no part.
pub fn grad(tape: &Tape, param: &Param) -> Option<Tensor> {
    tape.grad(param)
}

/// Anything with a plain value: tensors (tracking stripped), parameters, tapes.
pub trait Value {
    /// The untracked value.
    fn value(&self) -> Tensor;
}

impl Value for Tensor {
    fn value(&self) -> Tensor {
        self.detach()
    }
}

impl Value for Param {
    fn value(&self) -> Tensor {
        Param::value(self)
    }
}

impl Value for Tape {
    fn value(&self) -> Tensor {
        Tape::value(self)
    }
}

/// The plain value of a tensor, parameter, or [`diff`] result (AutoGrad.jl's `value`).
pub fn value<V: Value + ?Sized>(x: &V) -> Tensor {
    x.value()
}

/// The old interface: the function computing the gradient of `f` at its argument.
/// Composes with itself to any order.
///
/// ```
/// use autograd::{gradfun, Tensor};
/// let square = |x: &Tensor| x * x;
/// let d2 = gradfun(gradfun(square));
/// assert_eq!(d2(&Tensor::from(3.0)).item::<f64>(), 2.0);
/// ```
pub fn gradfun<F: Fn(&Tensor) -> Tensor>(f: F) -> impl Fn(&Tensor) -> Tensor {
    move |x| gradient_and_value(&f, x).0
}

/// Like [`gradfun`], but the returned function gives `(gradient, value)`.
pub fn gradloss<F: Fn(&Tensor) -> Tensor>(f: F) -> impl Fn(&Tensor) -> (Tensor, Tensor) {
    move |x| gradient_and_value(&f, x)
}

fn gradient_and_value(f: &impl Fn(&Tensor) -> Tensor, x: &Tensor) -> (Tensor, Tensor) {
    let (value, mut grads) = value_and_gradients(|xs| f(&xs[0]), std::slice::from_ref(x));
    (grads.pop().expect("one argument"), value)
}

/// The value of `f(args)` and its gradient with respect to each argument (zeros where it does
/// not depend on one). Composes like [`gradfun`], for functions of several tensors.
///
/// ```
/// use autograd::{value_and_gradients, Tensor};
/// let (v, g) = value_and_gradients(|t| &t[0] * &t[1], &[Tensor::from(3.0), Tensor::from(4.0)]);
/// assert_eq!(v.item::<f64>(), 12.0);
/// assert_eq!((g[0].item::<f64>(), g[1].item::<f64>()), (4.0, 3.0));
/// ```
///
/// # Panics
/// If the result has more than one element.
#[track_caller]
pub fn value_and_gradients(
    f: impl FnOnce(&[Tensor]) -> Tensor,
    args: &[Tensor],
) -> (Tensor, Vec<Tensor>) {
    crate::raise::entry(|| gradients_of(f, args))
}

fn gradients_of(f: impl FnOnce(&[Tensor]) -> Tensor, args: &[Tensor]) -> (Tensor, Vec<Tensor>) {
    let tape = match tape::record(args, false, f) {
        Ok(tape) => tape,
        Err(e) => e.raise(),
    };
    let grads = (0..args.len())
        .map(|i| tape.leaf_grad(i).unwrap_or_else(|| args[i].detach().zeros_like()))
        .collect();
    (tape.output(), grads)
}
