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
