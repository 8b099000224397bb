//! Jacobians, Hessians and their products with vectors, built on the tape.
//!
//! Reverse mode gives a vector-Jacobian product `uᵀJ` per backward pass, so a Jacobian with
//! fewer rows (outputs) than columns (inputs) is assembled from its rows. Forward mode is the
//! double-vjp trick: `u ↦ uᵀJ` is linear in `u`, so differentiating `⟨uᵀJ, v⟩` with respect to
//! `u` gives `Jv`; a Jacobian with fewer columns is assembled from those. Every result is made
//! of recorded primitives, so it can itself be differentiated: a Jacobian of a gradient is a
//! Hessian, a Jacobian of a Hessian the third derivatives, and so on.
//!
//! The `…s` forms take a function of several tensors, as
//! [`value_and_gradients`](crate::value_and_gradients) does.

use std::cell::RefCell;

use autograd_macros::primitive;

use crate::{diff, grad, value_and_gradients, DType, Error, Param, Tensor};

/// The vector-Jacobian product `uᵀ J` of `f` at `x`: the gradient of `sum(f(x) * u)`, with
/// `x`'s shape. `u` has the shape of `f(x)`.
///
/// ```
/// use autograd::{vjp, Tensor};
/// let x = Tensor::from(vec![1.0, 2.0]);
/// let u = Tensor::from(vec![1.0, 10.0]);
/// // f(x) = x², so J = diag(2x) and uᵀJ = [2, 40].
/// assert_eq!(vjp(|x| x * x, &x, &u).to_vec::<f64>(), [2.0, 40.0]);
/// ```
///
/// # Panics
/// If `u`'s shape is not the shape of `f(x)`.
pub fn vjp(f: impl Fn(&Tensor) -> Tensor, x: &Tensor, u: &Tensor) -> Tensor {
    one(vjps(|xs| f(&xs[0]), std::slice::from_ref(x), u))
}

/// [`vjp`] for a function of several tensors: `uᵀ J` with respect to each argument (zeros
/// where `f` does not depend on one).
///
/// ```
/// use autograd::{vjps, Tensor};
/// let (a, b) = (Tensor::from(vec![1.0, 2.0]), Tensor::from(vec![3.0, 4.0]));
/// let g = vjps(|t| &t[0] * &t[1], &[a, b], &Tensor::from(vec![1.0, -1.0]));
/// assert_eq!(g[0].to_vec::<f64>(), [3.0, -4.0]);
/// assert_eq!(g[1].to_vec::<f64>(), [1.0, -2.0]);
/// ```
///
/// # Panics
/// If `u`'s shape is not the shape of `f(xs)`.
pub fn vjps(f: impl Fn(&[Tensor]) -> Tensor, xs: &[Tensor], u: &Tensor) -> Vec<Tensor> {
    value_and_gradients(|zs| project("vjp", &f(zs), u), xs).1
}

/// The Jacobian-vector product `J v` of `f` at `x`: the directional derivative along `v`
/// (which has `x`'s shape), with the shape of `f(x)`. Computed by the double-vjp trick, one
/// forward and two backward passes.
///
/// ```
/// use autograd::{jvp, Tensor};
/// let x = Tensor::from(vec![1.0, 2.0]);
/// let v = Tensor::from(vec![1.0, 10.0]);
/// assert_eq!(jvp(|x| x * x, &x, &v).to_vec::<f64>(), [2.0, 40.0]);
/// ```
///
/// # Panics
/// If `v`'s shape is not `x`'s.
pub fn jvp(f: impl Fn(&Tensor) -> Tensor, x: &Tensor, v: &Tensor) -> Tensor {
    jvps(|xs| f(&xs[0]), std::slice::from_ref(x), std::slice::from_ref(v))
}

/// [`jvp`] for a function of several tensors: `Σₖ Jₖ vₖ`, one direction `vₖ` per argument.
///
/// ```
/// use autograd::{jvps, Tensor};
/// let (a, b) = (Tensor::from(2.0), Tensor::from(3.0));
/// // d(ab) = b da + a db = 3·1 + 2·10.
/// let d = jvps(|t| &t[0] * &t[1], &[a, b], &[Tensor::from(1.0), Tensor::from(10.0)]);
/// assert_eq!(d.item::<f64>(), 23.0);
/// ```
///
/// # Panics
/// If the number of directions or one of their shapes does not match the arguments.
pub fn jvps(f: impl Fn(&[Tensor]) -> Tensor, xs: &[Tensor], vs: &[Tensor]) -> Tensor {
    check_directions("jvp", xs, vs);
    // `u` is a parameter created once the output's shape is known, so the outer tape tracks it
    // without a separate forward pass to learn that shape.
    let u: RefCell<Option<Param>> = RefCell::new(None);
    let outer = diff(|| {
        let (_, pullbacks) = value_and_gradients(
            |zs| {
                let y = f(zs);
                let cotangent = Param::new(y.detach().zeros_like());
                *u.borrow_mut() = Some(cotangent.clone());
                project("jvp", &y, &cotangent)
            },
            xs,
        );
        pullbacks
            .iter()
            .zip(vs)
            .map(|(g, v)| project("jvp", g, v))
            .reduce(|a, b| a + b)
            .expect("at least one argument")
    });
    let u = u.into_inner().expect("f was called");
    grad(&outer, &u).unwrap_or_else(|| u.value().zeros_like())
}

/// The Hessian-vector product `H v` of a scalar function `f` at `x`, with `x`'s shape: the
/// gradient of `⟨∇f(x), v⟩` (reverse over reverse).
///
/// ```
/// use autograd::{hvp, Tensor};
/// // f(x) = Σ x³ has H = diag(6x).
/// let f = |x: &Tensor| (x * x * x).sum_to(&[]);
/// let hv = hvp(f, &Tensor::from(vec![1.0, 2.0]), &Tensor::from(vec![1.0, 1.0]));
/// assert_eq!(hv.to_vec::<f64>(), [6.0, 12.0]);
/// ```
///
/// # Panics
/// If `f(x)` is not a scalar (one element) or `v`'s shape is not `x`'s.
pub fn hvp(f: impl Fn(&Tensor) -> Tensor, x: &Tensor, v: &Tensor) -> Tensor {
    one(hvps(|xs| f(&xs[0]), std::slice::from_ref(x), std::slice::from_ref(v)))
}

/// [`hvp`] for a function of several tensors: `Σₖ Hᵢₖ vₖ` for each argument `i`.
///
/// ```
/// use autograd::{hvps, Tensor};
/// // f(a, b) = a²b: H = [[2b, 2a], [2a, 0]].
/// let f = |t: &[Tensor]| &t[0] * &t[0] * &t[1];
/// let hv = hvps(f, &[Tensor::from(2.0), Tensor::from(3.0)], &[Tensor::from(1.0), Tensor::from(0.0)]);
/// assert_eq!((hv[0].item::<f64>(), hv[1].item::<f64>()), (6.0, 4.0));
/// ```
///
/// # Panics
/// If `f(xs)` is not a scalar, or a direction's shape is not its argument's.
pub fn hvps(f: impl Fn(&[Tensor]) -> Tensor, xs: &[Tensor], vs: &[Tensor]) -> Vec<Tensor> {
    check_directions("hvp", xs, vs);
    value_and_gradients(
        |zs| {
            let (_, gradients) = value_and_gradients(|ws| scalar("hvp", f(ws)), zs);
            gradients
                .iter()
                .zip(vs)
                .map(|(g, v)| project("hvp", g, v))
                .reduce(|a, b| a + b)
                .expect("at least one argument")
        },
        xs,
    )
    .1
}

/// The Jacobian of `f` at `x`, of shape `f(x).shape() ++ x.shape()`: element `[i…, j…]` is
/// `∂f(x)[i…] / ∂x[j…]`.
///
/// Built from reverse-mode rows (one backward pass per output element) when `f(x)` has no
/// more elements than `x`, otherwise from forward-mode columns ([`jvp`], one per input
/// element). Differentiable: the Jacobian of a gradient is the [`hessian`].
///
/// ```
/// use autograd::{jacobian, Tensor};
/// let x = Tensor::from(vec![1.0, 2.0, 3.0]);
/// // f(x) = x² element by element: J = diag(2x).
/// let j = jacobian(|x| x * x, &x);
/// assert_eq!(j.shape(), &[3, 3]);
/// assert_eq!(j.to_vec::<f64>(), [2.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 6.0]);
/// // f(x) = Σ x (a scalar): J is the gradient, of shape [] ++ [3].
/// assert_eq!(jacobian(|x| x.sum_to(&[]), &x).to_vec::<f64>(), [1.0, 1.0, 1.0]);
/// ```
pub fn jacobian(f: impl Fn(&Tensor) -> Tensor, x: &Tensor) -> Tensor {
    one(jacobians(|xs| f(&xs[0]), std::slice::from_ref(x)))
}

/// [`jacobian`] for a function of several tensors: one Jacobian per argument, each of shape
/// `f(xs).shape() ++ xs[k].shape()`. Rows or columns are chosen by comparing the output's
/// element count with the arguments' total.
///
/// ```
/// use autograd::{jacobians, Tensor};
/// let (a, b) = (Tensor::from(vec![1.0, 2.0]), Tensor::from(vec![3.0, 4.0]));
/// let j = jacobians(|t| &t[0] * &t[1], &[a, b]);
/// assert_eq!(j[0].to_vec::<f64>(), [3.0, 0.0, 0.0, 4.0]);
/// assert_eq!(j[1].to_vec::<f64>(), [1.0, 0.0, 0.0, 2.0]);
/// ```
pub fn jacobians(f: impl Fn(&[Tensor]) -> Tensor, xs: &[Tensor]) -> Vec<Tensor> {
    // One untracked forward pass for the output's shape and element type.
    let plain: Vec<Tensor> = xs.iter().map(Tensor::detach).collect();
    let y = f(&plain);
    let inputs: usize = xs.iter().map(Tensor::len).sum();
    if y.len() <= inputs {
        let rows: Vec<Vec<Tensor>> =
            (0..y.len()).map(|i| vjps(&f, xs, &one_hot(y.shape(), i, y.dtype()))).collect();
        (0..xs.len())
            .map(|k| {
                let rows_k: Vec<Tensor> = rows.iter().map(|r| r[k].clone()).collect();
                from_rows(y.shape(), xs[k].shape(), &rows_k)
            })
            .collect()
    } else {
        (0..xs.len())
            .map(|k| {
                let columns: Vec<Tensor> = (0..xs[k].len())
                    .map(|j| {
                        let vs: Vec<Tensor> = xs
                            .iter()
                            .enumerate()
                            .map(|(i, x)| match i == k {
                                true => one_hot(x.shape(), j, x.dtype()),
                                false => x.detach().zeros_like(),
                            })
                            .collect();
                        jvps(&f, xs, &vs)
                    })
                    .collect();
                from_columns(y.shape(), xs[k].shape(), &columns)
            })
            .collect()
    }
}

/// The Hessian of a scalar function `f` at `x`, of shape `x.shape() ++ x.shape()`, one
/// [`hvp`] per row. Equal to the [`jacobian`] of the gradient, and differentiable in turn.
///
/// ```
/// use autograd::{hessian, Tensor};
/// // f(x) = x₀² x₁: H = [[2x₁, 2x₀], [2x₀, 0]].
/// let f = |x: &Tensor| {
///     let x0 = (x * &Tensor::from(vec![1.0, 0.0])).sum_to(&[]);
///     let x1 = (x * &Tensor::from(vec![0.0, 1.0])).sum_to(&[]);
///     &x0 * &x0 * x1
/// };
/// let h = hessian(f, &Tensor::from(vec![2.0, 3.0]));
/// assert_eq!(h.shape(), &[2, 2]);
/// assert_eq!(h.to_vec::<f64>(), [6.0, 4.0, 4.0, 0.0]);
/// ```
///
/// # Panics
/// If `f(x)` is not a scalar.
pub fn hessian(f: impl Fn(&Tensor) -> Tensor, x: &Tensor) -> Tensor {
    let mut blocks = hessians(|xs| f(&xs[0]), std::slice::from_ref(x));
    one(blocks.pop().expect("one argument"))
}

/// [`hessian`] for a function of several tensors: the blocks `H[i][k]`, each of shape
/// `xs[i].shape() ++ xs[k].shape()`, holding `∂²f / ∂xs[i] ∂xs[k]`.
///
/// ```
/// use autograd::{hessians, Tensor};
/// let h = hessians(|t| &t[0] * &t[0] * &t[1], &[Tensor::from(2.0), Tensor::from(3.0)]);
/// assert_eq!(h[0][0].item::<f64>(), 6.0);
/// assert_eq!((h[0][1].item::<f64>(), h[1][0].item::<f64>()), (4.0, 4.0));
/// assert_eq!(h[1][1].item::<f64>(), 0.0);
/// ```
///
/// # Panics
/// If `f(xs)` is not a scalar.
pub fn hessians(f: impl Fn(&[Tensor]) -> Tensor, xs: &[Tensor]) -> Vec<Vec<Tensor>> {
    // Row j of block (i, k) is the part for argument k of H e, with e the j-th unit vector of
    // argument i.
    let mut blocks: Vec<Vec<Tensor>> = Vec::with_capacity(xs.len());
    for (i, xi) in xs.iter().enumerate() {
        let rows: Vec<Vec<Tensor>> = (0..xi.len())
            .map(|j| {
                let vs: Vec<Tensor> = xs
                    .iter()
                    .enumerate()
                    .map(|(k, x)| match k == i {
                        true => one_hot(x.shape(), j, x.dtype()),
                        false => x.detach().zeros_like(),
                    })
                    .collect();
                hvps(&f, xs, &vs)
            })
            .collect();
        let row_of = |k: usize| -> Vec<Tensor> { rows.iter().map(|r| r[k].clone()).collect() };
        blocks.push(
            (0..xs.len()).map(|k| from_rows(xi.shape(), xs[k].shape(), &row_of(k))).collect(),
        );
    }
    blocks
}

/// `x` with its first `k` axes moved to the end, in order: `[a…, b…] → [b…, a…]`. How a
/// Jacobian assembled from forward-mode columns (`x.shape() ++ y.shape()`) gets its layout
/// `y.shape() ++ x.shape()` while staying differentiable.
///
/// ```
/// use autograd::{move_leading_axes, DType, Tensor};
/// let x = Tensor::zeros(&[2, 3, 4], DType::F64);
/// assert_eq!(move_leading_axes(&x, 1).shape(), &[3, 4, 2]);
/// ```
///
/// # Panics
/// If `k` exceeds the number of axes.
#[primitive(dy => move_leading_axes(dy, dy.ndim() - k), check(x = [2, 3, 4], k = 1))]
pub fn move_leading_axes(x: &Array, k: usize) -> Array {
    if k > x.ndim() {
        Error::invalid(
            "move_leading_axes",
            format!("cannot move {k} axes of a tensor of shape {:?}", x.shape()),
        )
        .raise();
    }
    let order: Vec<usize> = (k..x.ndim()).chain(0..k).collect();
    x.view().permuted_axes(order).as_standard_layout().into_owned()
}

/// The Jacobian `outer ++ inner` whose row `i` (in row-major order over `outer`) is `rows[i]`.
fn from_rows(outer: &[usize], inner: &[usize], rows: &[Tensor]) -> Tensor {
    let shape = [outer, inner].concat();
    let dtype = dtype_of(rows);
    if !rows.iter().any(Tensor::is_tracked) {
        let data: Vec<f64> = rows.iter().flat_map(|r| r.to_vec::<f64>()).collect();
        return Tensor::from_shape_vec(&shape, data).to_dtype(dtype);
    }
    // Recorded, so the Jacobian can be differentiated: Σᵢ eᵢ ⊗ rowᵢ, with eᵢ a one-hot tensor of
    // shape `outer ++ [1; inner.len()]` broadcasting against the row.
    let unit_shape: Vec<usize> = outer.iter().copied().chain(inner.iter().map(|_| 1)).collect();
    rows.iter()
        .enumerate()
        .map(|(i, row)| &one_hot(&unit_shape, i, dtype) * row)
        .reduce(|a, b| a + b)
        .unwrap_or_else(|| Tensor::zeros(&shape, dtype))
}

/// The Jacobian `outer ++ inner` whose column `j` (in row-major order over `inner`) is
/// `columns[j]`, of shape `outer`.
fn from_columns(outer: &[usize], inner: &[usize], columns: &[Tensor]) -> Tensor {
    let m: usize = outer.iter().product();
    let dtype = dtype_of(columns);
    if !columns.iter().any(Tensor::is_tracked) {
        let data: Vec<Vec<f64>> = columns.iter().map(|c| c.to_vec::<f64>()).collect();
        let transposed: Vec<f64> = (0..m).flat_map(|i| data.iter().map(move |c| c[i])).collect();
        return Tensor::from_shape_vec(&[outer, inner].concat(), transposed).to_dtype(dtype);
    }
    let transposed = from_rows(inner, outer, columns);
    move_leading_axes(&transposed, inner.len())
}

fn dtype_of(parts: &[Tensor]) -> DType {
    parts.first().map_or(DType::F64, Tensor::dtype)
}

fn one_hot(shape: &[usize], index: usize, dtype: DType) -> Tensor {
    let mut data = vec![0.0; shape.iter().product()];
    data[index] = 1.0;
    Tensor::from_shape_vec(shape, data).to_dtype(dtype)
}

/// `sum(y * w)`, checking the shapes match (a broadcast would silently give another product).
fn project(op: &'static str, y: &Tensor, w: &Tensor) -> Tensor {
    if y.shape() != w.shape() {
        Error::shape(op, &[y.shape(), w.shape()]).raise();
    }
    let w = if w.dtype() == y.dtype() { w.clone() } else { w.to_dtype(y.dtype()) };
    (y * &w).sum_to(&[])
}

fn scalar(op: &'static str, y: Tensor) -> Tensor {
    if y.len() != 1 {
        Error::invalid(
            op,
            format!("needs a scalar function, got an output of shape {:?}", y.shape()),
        )
        .raise();
    }
    y.sum_to(&[])
}

fn check_directions(op: &'static str, xs: &[Tensor], vs: &[Tensor]) {
    if xs.len() != vs.len() {
        Error::invalid(op, format!("{} arguments but {} directions", xs.len(), vs.len())).raise();
    }
    for (x, v) in xs.iter().zip(vs) {
        if x.shape() != v.shape() {
            Error::shape(op, &[x.shape(), v.shape()]).raise();
        }
    }
}

fn one(mut v: Vec<Tensor>) -> Tensor {
    v.pop().expect("one argument")
}
