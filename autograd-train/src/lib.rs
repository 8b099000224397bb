//! The training kit of the `autograd` crate — what Knet adds on top of AutoGrad.jl:
//! [optimizers](optim) with per-parameter state, [initializers](init), [minibatches](data),
//! a [progress bar](progress), [checkpoints](checkpoint) in the safetensors format and
//! [loss curves](plot).
//!
//! Most users reach it through the `autograd` facade: `autograd::optim`, `autograd::init`, …
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod checkpoint;
pub mod data;
pub mod init;
pub mod optim;
pub mod plot;
pub mod progress;
