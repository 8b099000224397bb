//! Optimizers: SGD (momentum, Nesterov, weight decay), Adagrad, RMSprop, Adadelta, Adam and
//! AdamW, with per-parameter state, gradient clipping by global norm and learning-rate schedules.
//!
//! Every optimizer follows `torch.optim`'s update rule exactly (the tests compare every step with
//! PyTorch's numbers) and Knet's set of names. An optimizer takes the tape and the parameters,
//! skips parameters that got no gradient, and updates the rest in place.
//!
//! ```
//! use autograd::{diff, Param};
//! use autograd::math::abs2;
//! use autograd::reduce::sum;
//! use autograd::optim::{Adam, Optimizer};
//!
//! let w = Param::new(vec![1.0, -2.0]);
//! let mut opt = Adam::new(0.1);
//! for _ in 0..200 {
//!     let tape = diff(|| sum(&abs2(&w)));
//!     opt.step(tape, &[w.clone()]); // by value: the tape is dropped, `w` is updated in place
//! }
//! assert!(w.to_vec::<f64>().iter().all(|v| v.abs() < 1e-2));
//! ```

mod rules;
mod schedule;
mod state;

use std::borrow::Borrow;

use autograd_core::{DType, Element, Param, Tape, Tensor};
use ndarray::ArrayD;

pub use rules::{Adadelta, Adagrad, Adam, AdamW, Rmsprop, Sgd};
pub use schedule::Schedule;
pub use state::{ParamState, Settings};

/// What one [`Optimizer::step`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StepInfo {
    /// Parameters that had a gradient and were updated.
    pub updated: usize,
    /// Updates that had to copy the parameter because something (a tape passed by reference,
    /// a tensor the caller kept) still shared its value; 0 when every update was in place.
    pub copied: usize,
    /// The global gradient norm before clipping, when clipping is on.
    pub grad_norm: Option<f64>,
    /// The learning rate used (after the schedule).
    pub lr: f64,
}

/// An optimizer: an update rule plus [`Settings`] (learning rate, clipping, schedule) and the
/// per-parameter state, keyed by parameter identity.
///
/// Implementors provide the rule ([`update`](Optimizer::update)) and its buffer names; `step`
/// and everything else come with the trait.
pub trait Optimizer {
    /// The names of the per-parameter buffers of the rule (`["exp_avg", "exp_avg_sq"]` for
    /// Adam), as they appear in checkpoints; each buffer has the parameter's shape.
    fn slot_names(&self) -> &'static [&'static str];

    /// The learning rate, clipping, schedule and state.
    fn settings(&self) -> &Settings;

    /// Mutable access to [`settings`](Optimizer::settings).
    fn settings_mut(&mut self) -> &mut Settings;

    /// One update of one parameter: `t` is its update count (1 on its first update), `lr` the
    /// scheduled learning rate, `slots` its buffers in the order of `slot_names` (zeros before
    /// the first update).
    fn update<E: Element>(
        &self,
        lr: f64,
        t: u64,
        param: &mut ArrayD<E>,
        grad: &ArrayD<E>,
        slots: &mut [ArrayD<E>],
    );

    /// Updates every parameter in `params` that has a gradient on `tape`; the others are
    /// skipped and keep their state.
    ///
    /// Pass the tape by value where you can (`opt.step(tape, &ps)`): the tape still holds the
    /// parameters' old values, and dropping it first lets the update happen in place instead of
    /// in a copy. Passing `&tape` works too, at the price of one copy per parameter.
    fn step<T: Borrow<Tape>>(&mut self, tape: T, params: &[Param]) -> StepInfo {
        let grads =
            params.iter().filter_map(|p| tape.borrow().grad(p).map(|g| (p.clone(), g))).collect();
        drop(tape);
        self.step_gradients(grads)
    }

    /// Updates each parameter by its given gradient (from [`step`](Optimizer::step), or from
    /// anywhere else, e.g. `value_and_gradients`).
    ///
    /// # Panics
    /// If a gradient's shape is not its parameter's.
    fn step_gradients(&mut self, mut grads: Vec<(Param, Tensor)>) -> StepInfo {
        let lr = self.settings().scheduled_lr();
        let mut info = StepInfo { lr, ..StepInfo::default() };
        if let Some(max_norm) = self.settings().clip_norm {
            info.grad_norm = Some(clip_grad_norm(&mut grads, max_norm));
        }
        let mut settings = std::mem::take(self.settings_mut());
        for (param, g) in &grads {
            let copied = match param.dtype() {
                DType::F32 => update_one::<f32, _>(&*self, &mut settings, lr, param, g),
                DType::F64 => update_one::<f64, _>(&*self, &mut settings, lr, param, g),
            };
            info.updated += 1;
            info.copied += usize::from(copied);
        }
        settings.steps += 1;
        *self.settings_mut() = settings;
        info
    }

    /// The learning rate the next step will use (the base rate after the schedule).
    fn lr(&self) -> f64 {
        self.settings().scheduled_lr()
    }

    /// Sets the base learning rate (the schedule, if any, scales it).
    fn set_lr(&mut self, lr: f64) {
        self.settings_mut().lr = lr;
    }

    /// How many steps have been taken.
    fn steps(&self) -> u64 {
        self.settings().steps
    }

    /// Clips the gradients to a global norm of at most `max_norm` before every step
    /// (`torch.nn.utils.clip_grad_norm_`).
    fn with_clip_norm(mut self, max_norm: f64) -> Self
    where
        Self: Sized,
    {
        self.settings_mut().clip_norm = Some(max_norm);
        self
    }

    /// Scales the learning rate by `schedule` as steps go by.
    fn with_schedule(mut self, schedule: Schedule) -> Self
    where
        Self: Sized,
    {
        self.settings_mut().schedule = schedule;
        self
    }
}

/// Updates one parameter; returns whether the update had to copy it.
fn update_one<E: Element, O: Optimizer + ?Sized>(
    opt: &O,
    settings: &mut Settings,
    lr: f64,
    param: &Param,
    g: &Tensor,
) -> bool {
    if g.shape() != param.shape() {
        autograd_core::Error::shape("Optimizer::step", &[param.shape(), g.shape()]).raise();
    }
    let g = g.detach();
    let g = if g.dtype() == E::DTYPE { g } else { g.to_dtype(E::DTYPE) };
    let n_slots = opt.slot_names().len();
    let state = settings
        .state
        .entry(param.clone())
        .or_insert_with(|| ParamState::new::<E>(param.shape(), n_slots));
    state.t += 1;
    let t = state.t;
    let slots = state.slots_mut::<E>();
    param.update_in_place::<E>(|p| opt.update(lr, t, p, g.array::<E>(), slots))
}

/// Scales `grads` so that their global (all-parameter) Euclidean norm is at most `max_norm`,
/// as `torch.nn.utils.clip_grad_norm_` does (factor `max_norm / (norm + 1e-6)` when the norm
/// exceeds it); returns the norm before clipping.
///
/// ```
/// use autograd::{Param, Tensor};
/// use autograd::optim::clip_grad_norm;
///
/// let p = Param::new(vec![0.0, 0.0]);
/// let mut grads = vec![(p, Tensor::from(vec![3.0, 4.0]))];
/// assert_eq!(clip_grad_norm(&mut grads, 1.0), 5.0);
/// let clipped = grads[0].1.to_vec::<f64>();
/// assert!((clipped[0] - 0.6).abs() < 1e-6 && (clipped[1] - 0.8).abs() < 1e-6);
/// ```
pub fn clip_grad_norm(grads: &mut [(Param, Tensor)], max_norm: f64) -> f64 {
    let norm = grads
        .iter()
        .map(|(_, g)| g.to_array::<f64>().iter().map(|v| v * v).sum::<f64>())
        .sum::<f64>()
        .sqrt();
    let factor = max_norm / (norm + 1e-6);
    if factor < 1.0 {
        for (_, g) in grads.iter_mut() {
            *g = match g.dtype() {
                DType::F32 => Tensor::from(g.to_array::<f32>().mapv(|v| v * factor as f32)),
                DType::F64 => Tensor::from(g.to_array::<f64>().mapv(|v| v * factor)),
            };
        }
    }
    norm
}
