//! Learning-rate schedules, counted in optimizer steps.

/// How the learning rate changes as steps go by: the rate of step `t` (counting from 0) is
/// `schedule.lr(base, t)`. The formulas are `torch.optim.lr_scheduler`'s closed forms, with
/// one scheduler step per optimizer step.
///
/// ```
/// use autograd::optim::Schedule;
/// let s = Schedule::Step { every: 10, gamma: 0.5 };
/// assert_eq!(s.lr(0.1, 9), 0.1);
/// assert_eq!(s.lr(0.1, 10), 0.05);
/// let c = Schedule::Cosine { warmup: 10, total: 110, min_lr: 0.0 };
/// assert_eq!(c.lr(1.0, 4), 0.5); // linear warmup: (t + 1) / warmup
/// assert!((c.lr(1.0, 60) - 0.5).abs() < 1e-12); // halfway down the cosine
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Schedule {
    /// The base rate throughout.
    #[default]
    Constant,
    /// Multiply by `gamma` every `every` steps (`StepLR`).
    Step {
        /// Steps between decays.
        every: u64,
        /// The factor of each decay.
        gamma: f64,
    },
    /// Multiply by `gamma` every step (`ExponentialLR`).
    Exponential {
        /// The factor per step.
        gamma: f64,
    },
    /// A linear warmup from `base / warmup` to `base` over `warmup` steps, then half a cosine
    /// from `base` down to `min_lr` at step `total` (`CosineAnnealingLR` after the warmup),
    /// staying at `min_lr` afterwards.
    Cosine {
        /// Warmup steps (0 for none).
        warmup: u64,
        /// The step at which the rate reaches `min_lr`.
        total: u64,
        /// The final rate.
        min_lr: f64,
    },
}

impl Schedule {
    /// The learning rate of step `t` (from 0) for base rate `base`.
    pub fn lr(&self, base: f64, t: u64) -> f64 {
        match *self {
            Schedule::Constant => base,
            Schedule::Step { every, gamma } => base * gamma.powi((t / every.max(1)) as i32),
            Schedule::Exponential { gamma } => base * gamma.powi(t as i32),
            Schedule::Cosine { warmup, total, min_lr } => {
                if t < warmup {
                    return base * (t + 1) as f64 / warmup as f64;
                }
                let span = total.saturating_sub(warmup).max(1) as f64;
                let progress = ((t - warmup) as f64 / span).min(1.0);
                min_lr + (base - min_lr) * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos())
            }
        }
    }
}
