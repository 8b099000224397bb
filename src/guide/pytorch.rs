//! # For PyTorch users
//!
//! | PyTorch | autograd for Rust |
//! | --- | --- |
//! | `w = torch.tensor(..., requires_grad=True)` | `let w = Param::new(..)` |
//! | `loss = f(w); loss.backward(); w.grad` | `let t = diff(\|\| f(&w)); grad(&t, &w)` |
//! | `with torch.no_grad(): w -= lr * w.grad` | `w.axpy(-lr, &g)` (outside `diff` nothing is recorded) |
//! | `x.detach()` | `x.detach()` or `value(&x)` |
//! | `torch.autograd.grad(y, x, create_graph=True)` | nest `diff`: the inner backward pass is recorded on the outer tape |
//! | `torch.autograd.gradcheck` / `gradgradcheck` | `gradcheck` / `gradgradcheck` |
//! | `torch.autograd.Function` with `forward`/`backward` | `#[primitive(...)]` on the forward function |
//! | `model.parameters()` | `params(&model)` |
//!
//!
//! Training, `torch.optim` and friends:
//!
//! | PyTorch | autograd for Rust |
//! | --- | --- |
//! | `opt.zero_grad(); loss.backward(); opt.step()` | `opt.step(diff(\|\| loss(..)), &params(&model))` (`use autograd::optim::Optimizer`) |
//! | `optim.SGD(ps, lr, momentum, dampening, weight_decay, nesterov)` | `optim::Sgd::new(lr).momentum(..).dampening(..).weight_decay(..).nesterov(true)` |
//! | `optim.Adagrad`, `RMSprop`, `Adadelta`, `Adam`, `AdamW` | `optim::Adagrad`, `Rmsprop`, `Adadelta`, `Adam`, `AdamW` (same defaults and update rules) |
//! | `nn.utils.clip_grad_norm_(ps, max)` | `.with_clip_norm(max)` on the optimizer, or `optim::clip_grad_norm` |
//! | `lr_scheduler.StepLR`, `ExponentialLR`, `CosineAnnealingLR` | `.with_schedule(Schedule::Step { .. })`, `Exponential`, `Cosine` (with warmup), stepped once per optimizer step |
//! | `nn.init.xavier_uniform_`, `kaiming_uniform_`, `orthogonal_`, `normal_` | `init::xavier_uniform`, `kaiming_uniform`, `orthogonal`, `gaussian` (a dense weight is `[in, out]` here) |
//! | `DataLoader(ds, batch_size, shuffle=True, drop_last=False)` | `data::Minibatches::new(&x, &y, batch_size).shuffle(seed)` |
//! | `safetensors.torch.save_file(model.state_dict(), path)` | `checkpoint::save(path, &model)`: names like `layers.0.weight`, loadable with `safetensors.torch.load_file` |
//! | `opt.state_dict()` saved beside the model | `checkpoint::save_with_optimizer(path, &model, &opt)` |
//!
//! The main differences: there is no `.grad` field to zero — each `diff` starts a fresh tape
//! and returns the gradients of that call; and higher-order gradients need no flag, because
//! gradient rules are themselves recorded operations.
//!
//! ```
//! use autograd::prelude::*;
//!
//! // d²/dx² of x³ at 2 = 12, by nesting — PyTorch's create_graph=True, implicitly.
//! let x = Param::new(2.0);
//! let outer = diff(|| grad(&diff(|| &x * &x * &x), &x).unwrap());
//! assert_eq!(grad(&outer, &x).unwrap().item::<f64>(), 12.0);
//! ```
