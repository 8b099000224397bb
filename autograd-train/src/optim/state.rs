//! What every optimizer keeps: its settings and, per parameter, an update count and buffers.

use std::any::Any;
use std::collections::HashMap;

use autograd_core::{DType, Element, Param, Tensor};
use ndarray::ArrayD;

use super::Schedule;

/// The settings and state an [`Optimizer`](super::Optimizer) shares with every rule.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The base learning rate.
    pub lr: f64,
    /// Clip gradients to this global norm before each step, if set.
    pub clip_norm: Option<f64>,
    /// How the learning rate changes with the step count.
    pub schedule: Schedule,
    /// Steps taken so far.
    pub steps: u64,
    /// Per-parameter state, keyed by parameter identity.
    pub state: HashMap<Param, ParamState>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new(1e-3)
    }
}

impl Settings {
    /// Settings with learning rate `lr`, no clipping, a constant schedule and no state.
    pub fn new(lr: f64) -> Self {
        Settings {
            lr,
            clip_norm: None,
            schedule: Schedule::Constant,
            steps: 0,
            state: HashMap::new(),
        }
    }

    /// The learning rate of the next step.
    pub fn scheduled_lr(&self) -> f64 {
        self.schedule.lr(self.lr, self.steps)
    }
}

/// One parameter's optimizer state: how many updates it has had and the rule's buffers.
#[derive(Clone, Debug)]
pub struct ParamState {
    /// Updates so far (PyTorch's per-parameter `step`).
    pub t: u64,
    slots: Slots,
}

#[derive(Clone, Debug)]
enum Slots {
    F32(Vec<ArrayD<f32>>),
    F64(Vec<ArrayD<f64>>),
}

impl ParamState {
    /// Zero buffers for a parameter of this shape and element type.
    pub(crate) fn new<E: Element>(shape: &[usize], n: usize) -> Self {
        ParamState::from_tensors(0, &vec![Tensor::zeros(shape, E::DTYPE); n], E::DTYPE)
    }

    /// State restored from saved buffers, which must all have one element type.
    pub(crate) fn from_tensors(t: u64, buffers: &[Tensor], dtype: DType) -> Self {
        let slots = match dtype {
            DType::F32 => Slots::F32(buffers.iter().map(|b| b.to_array::<f32>()).collect()),
            DType::F64 => Slots::F64(buffers.iter().map(|b| b.to_array::<f64>()).collect()),
        };
        ParamState { t, slots }
    }

    /// The buffers of element type `E`.
    ///
    /// # Panics
    /// If the state was made for the other element type.
    pub(crate) fn slots_mut<E: Element>(&mut self) -> &mut [ArrayD<E>] {
        let slots: &mut dyn Any = match &mut self.slots {
            Slots::F32(s) => s,
            Slots::F64(s) => s,
        };
        match slots.downcast_mut::<Vec<ArrayD<E>>>() {
            Some(s) => s,
            None => autograd_core::Error::invalid(
                "Optimizer::step",
                "a parameter's element type changed since its optimizer state was made",
            )
            .raise(),
        }
    }

    /// The buffers as tensors, in the order of the rule's slot names.
    pub fn buffers(&self) -> Vec<Tensor> {
        match &self.slots {
            Slots::F32(s) => s.iter().map(|a| Tensor::from(a.clone())).collect(),
            Slots::F64(s) => s.iter().map(|a| Tensor::from(a.clone())).collect(),
        }
    }
}
