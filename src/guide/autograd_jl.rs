//! # For AutoGrad.jl users
//!
//! The interface is the same, spelled in Rust.
//!
//! | AutoGrad.jl | autograd for Rust |
//! | --- | --- |
//! | `x = Param([1,2,3])` | `let x = Param::new(array![1.0, 2.0, 3.0]);` |
//! | `y = @diff sum(abs2, x)` | `let y = diff(\|\| sum(&abs2(&x)));` |
//! | `value(y)`, `grad(y, x)` | `value(&y)`, `grad(&y, &x)` (an `Option`: `None` if `x` took no part) |
//! | `params(model)` | `params(&model)` with `#[derive(Params)]` on the model's struct |
//! | `grad(f)`, `gradloss(f)` | `gradfun(f)`, `gradloss(f)` |
//! | `@primitive log(x),dy,y  (dy ./ x)` | `#[primitive(dy => dy / x)] fn log(x: f64) -> f64 { x.ln() }` |
//! | `@zerograd sign(x)` | `#[zerograd] fn sign(x: f64) -> f64 { .. }` |
//! | `collect(tape)`, `dump(node)` | `tape.nodes()`, `format!("{node:#?}")` (with `diff_debug`) |
//! | `AUTOGRAD_TIMER=true` | `AUTOGRAD_TIMER=1`, then `autograd::timer::report()` |
//! | `gcheck` | `gradcheck`, `gradgradcheck`; over a model's `Param`s, `gradcheck_params(\|\| loss(&model), &params(&model))` and `gradgradcheck_params` |
//! | a loop over `grad` for a Jacobian or Hessian | `jacobian(f, &x)`, `hessian(f, &x)`, `jvp`, `vjp`, `hvp` (and `jacobians`, `hessians`, `jvps`, `vjps`, `hvps` for several arguments) |
//! | `exponent`, `significand`, `mod2pi`, `rem2pi(x, RoundNearest)` | `exponent`, `significand`, `mod2pi`, `rem2pi` |
//! | `dawson`, `erfi`, `invdigamma`, `besseli(n, x)`, `besselk(n, x)` (SpecialFunctions.jl, integer `n`) | `dawson`, `erfi`, `invdigamma`, `besseli(n, &x)`, `besselk(n, &x)` |
//! | `cat1d(xs...)` | `cat1d(&[&a, &b])` |
//! | `diagm(k => v)`, `diag(A, k)` | `diagm_offset(&v, k)`, `diag_offset(&a, k)` |
//! | `A^n` (integer `n`), `A^p` (real `p`) | `matrix_power(&a, n)`, `matrix_powf(&a, p)` (symmetric positive definite `a`) |
//!
//! Knet's training kit maps onto [`optim`](crate::optim), [`init`](crate::init),
//! [`data`](crate::data), [`progress`](crate::progress) and [`checkpoint`](crate::checkpoint):
//!
//! | Knet | autograd for Rust |
//! | --- | --- |
//! | `sgd`, `momentum`, `nesterov`, `adagrad`, `rmsprop`, `adadelta`, `adam` | `optim::Sgd::new(lr)` (`.momentum(m)`, `.nesterov(true)`), `Adagrad`, `Rmsprop`, `Adadelta`, `Adam`; also `AdamW` |
//! | `adam(model, data)` / `update!(w, g, Adam())` | a loop over the data: `opt.step(diff(\|\| loss(..)), &params(&model))` |
//! | `Adam(gclip=5)` | `Adam::new(lr).with_clip_norm(5.0)` (global norm over all parameters) |
//! | `param(dims...; init=xavier)`, `xavier`, `gaussian` | `Param::new(init::xavier_uniform(&dims, DType::F32, &mut rng))`, `init::gaussian(.., 0.01, ..)` |
//! | `minibatch(x, y, 32; shuffle=true)` | `data::Minibatches::new(&x, &y, 32).shuffle(seed)`; the last, partial batch is kept unless `.drop_last()` (Knet drops it by default) |
//! | `accuracy(model, data)` | `data::accuracy(&model.forward(&x), &labels)` |
//! | `progress(...)`, `progress!(...)` | `progress::Progress::new(steps)`, `.step(loss)` |
//! | `Knet.save("m.jld2", "model", model)`, `Knet.load` | `checkpoint::save("m.safetensors", &model)`, `checkpoint::load` (safetensors, which PyTorch reads too) |
//!
//! Differences worth knowing:
//!
//! - Broadcasting is implicit, as in NumPy: `a + b` broadcasts; there is no dot syntax.
//!   A gradient always has its argument's shape.
//! - Element-wise primitives are written over one `f64`; the macro makes the broadcasting
//!   tensor function, and compiles the gradient rule for f32, f64 and tensors.
//! - `Param` is a shared handle: updating it (`axpy`, `set`, `update`) is copy-on-write, so
//!   an old tape keeps the value it saw.
//! - Where AutoGrad.jl double-counts ties in `max`/`min`, or divides by `x` in `prod`, this
//!   crate splits ties and is exact at zeros.
//!
//! ```
//! use autograd::prelude::*;
//! use ndarray::array;
//!
//! let x = Param::new(array![1.0, 2.0, 3.0]);
//! let y = diff(|| sum(&abs2(&x)));
//! assert_eq!(format!("{y}"), "T(14.0)");
//! assert_eq!(grad(&y, &x).unwrap().to_vec::<f64>(), [2.0, 4.0, 6.0]);
//! ```
