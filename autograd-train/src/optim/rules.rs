//! The update rules, each exactly `torch.optim`'s (single-tensor, CPU) algorithm.

use autograd_core::Element;
use ndarray::{ArrayD, Zip};

use super::{Optimizer, Settings};

/// Implements the `Optimizer` plumbing (settings access) for a rule struct.
macro_rules! settings_access {
    () => {
        fn settings(&self) -> &Settings {
            &self.settings
        }
        fn settings_mut(&mut self) -> &mut Settings {
            &mut self.settings
        }
    };
}

/// Stochastic gradient descent with optional momentum, Nesterov momentum, dampening and
/// (L2) weight decay: `torch.optim.SGD`, Knet's `sgd`/`momentum`/`nesterov`.
///
/// ```
/// use autograd::{diff, Param};
/// use autograd::reduce::sum;
/// use autograd::optim::{Optimizer, Sgd};
///
/// let w = Param::new(vec![1.0]);
/// let mut opt = Sgd::new(0.1).momentum(0.9);
/// opt.step(diff(|| sum(&w)), &[w.clone()]); // gradient 1: w = 1 - 0.1
/// assert!((w.to_vec::<f64>()[0] - 0.9).abs() < 1e-12);
/// ```
#[derive(Clone, Debug)]
pub struct Sgd {
    settings: Settings,
    momentum: f64,
    dampening: f64,
    nesterov: bool,
    weight_decay: f64,
}

impl Sgd {
    /// Plain SGD with learning rate `lr`.
    pub fn new(lr: f64) -> Self {
        Sgd {
            settings: Settings::new(lr),
            momentum: 0.0,
            dampening: 0.0,
            nesterov: false,
            weight_decay: 0.0,
        }
    }

    /// Heavy-ball momentum (0 turns it off).
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Dampening of the momentum buffer's gradient term.
    pub fn dampening(mut self, dampening: f64) -> Self {
        self.dampening = dampening;
        self
    }

    /// Nesterov momentum (needs a momentum).
    pub fn nesterov(mut self, nesterov: bool) -> Self {
        self.nesterov = nesterov;
        self
    }

    /// L2 weight decay: `weight_decay · w` is added to the gradient.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }
}

impl Optimizer for Sgd {
    settings_access!();

    fn slot_names(&self) -> &'static [&'static str] {
        if self.momentum == 0.0 {
            &[]
        } else {
            &["momentum_buffer"]
        }
    }

    fn update<E: Element>(
        &self,
        lr: f64,
        t: u64,
        param: &mut ArrayD<E>,
        grad: &ArrayD<E>,
        slots: &mut [ArrayD<E>],
    ) {
        let (lr, wd, mu) = (E::of(lr), E::of(self.weight_decay), E::of(self.momentum));
        let damp = E::of(1.0 - self.dampening);
        let nesterov = self.nesterov;
        match slots {
            [] => Zip::from(param).and(grad).for_each(|p, &g| {
                let g = g + wd * *p;
                *p -= lr * g;
            }),
            [buf, ..] => Zip::from(param).and(grad).and(buf).for_each(|p, &g, b| {
                let g = g + wd * *p;
                // PyTorch starts the buffer at the first gradient itself, undamped.
                *b = if t == 1 { g } else { mu * *b + damp * g };
                let step = if nesterov { g + mu * *b } else { *b };
                *p -= lr * step;
            }),
        }
    }
}

/// Adagrad: per-element rates from the sum of squared gradients (`torch.optim.Adagrad`,
/// Knet's `adagrad`).
///
/// ```
/// use autograd::{diff, Param};
/// use autograd::reduce::sum;
/// use autograd::optim::{Adagrad, Optimizer};
///
/// let w = Param::new(vec![1.0]);
/// Adagrad::new(0.5).step(diff(|| sum(&w)), &[w.clone()]); // first step moves by ≈ lr
/// assert!((w.to_vec::<f64>()[0] - 0.5).abs() < 1e-9);
/// ```
#[derive(Clone, Debug)]
pub struct Adagrad {
    settings: Settings,
    lr_decay: f64,
    weight_decay: f64,
    eps: f64,
}

impl Adagrad {
    /// Adagrad with learning rate `lr` (PyTorch's default is 0.01), `eps` 1e-10.
    pub fn new(lr: f64) -> Self {
        Adagrad { settings: Settings::new(lr), lr_decay: 0.0, weight_decay: 0.0, eps: 1e-10 }
    }

    /// The rate is `lr / (1 + (t - 1) · lr_decay)` at a parameter's update `t`.
    pub fn lr_decay(mut self, lr_decay: f64) -> Self {
        self.lr_decay = lr_decay;
        self
    }

    /// L2 weight decay added to the gradient.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// The term added to the denominator.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }
}

impl Optimizer for Adagrad {
    settings_access!();

    fn slot_names(&self) -> &'static [&'static str] {
        &["sum"]
    }

    fn update<E: Element>(
        &self,
        lr: f64,
        t: u64,
        param: &mut ArrayD<E>,
        grad: &ArrayD<E>,
        slots: &mut [ArrayD<E>],
    ) {
        let clr = E::of(lr / (1.0 + (t - 1) as f64 * self.lr_decay));
        let (wd, eps) = (E::of(self.weight_decay), E::of(self.eps));
        Zip::from(param).and(grad).and(&mut slots[0]).for_each(|p, &g, s| {
            let g = g + wd * *p;
            *s += g * g;
            *p -= clr * (g / (s.sqrt() + eps));
        });
    }
}

/// RMSprop: gradients divided by a running root mean square (`torch.optim.RMSprop`, Knet's
/// `rmsprop`), optionally centered and with momentum.
///
/// ```
/// use autograd::{diff, Param};
/// use autograd::reduce::sum;
/// use autograd::optim::{Optimizer, Rmsprop};
///
/// let w = Param::new(vec![1.0]);
/// Rmsprop::new(0.01).step(diff(|| sum(&w)), &[w.clone()]);
/// assert!(w.to_vec::<f64>()[0] < 1.0);
/// ```
#[derive(Clone, Debug)]
pub struct Rmsprop {
    settings: Settings,
    alpha: f64,
    eps: f64,
    weight_decay: f64,
    momentum: f64,
    centered: bool,
}

impl Rmsprop {
    /// RMSprop with learning rate `lr`, `alpha` 0.99, `eps` 1e-8 (PyTorch's defaults).
    pub fn new(lr: f64) -> Self {
        Rmsprop {
            settings: Settings::new(lr),
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
        }
    }

    /// The decay of the running mean of squares (Knet's `rho`).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// The term added to the denominator.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// L2 weight decay added to the gradient.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Momentum on the normalized step.
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Normalize by an estimate of the variance rather than the raw second moment.
    pub fn centered(mut self, centered: bool) -> Self {
        self.centered = centered;
        self
    }
}

impl Optimizer for Rmsprop {
    settings_access!();

    fn slot_names(&self) -> &'static [&'static str] {
        // Only the buffers the configuration uses, so plain RMSprop keeps one per parameter.
        match (self.momentum > 0.0, self.centered) {
            (false, false) => &["square_avg"],
            (true, false) => &["square_avg", "momentum_buffer"],
            (false, true) => &["square_avg", "grad_avg"],
            (true, true) => &["square_avg", "momentum_buffer", "grad_avg"],
        }
    }

    fn update<E: Element>(
        &self,
        lr: f64,
        _t: u64,
        param: &mut ArrayD<E>,
        grad: &ArrayD<E>,
        slots: &mut [ArrayD<E>],
    ) {
        let (lr, alpha, c, eps) =
            (E::of(lr), E::of(self.alpha), E::of(1.0 - self.alpha), E::of(self.eps));
        let (wd, mu, centered) = (E::of(self.weight_decay), E::of(self.momentum), self.centered);
        let momentum = self.momentum > 0.0;
        // One element; `buf` and `ga` are scratch when the configuration has no such buffer.
        let kernel = |p: &mut E, g: E, sq: &mut E, buf: &mut E, ga: &mut E| {
            let g = g + wd * *p;
            *sq = alpha * *sq + c * g * g;
            let denom = if centered {
                *ga += c * (g - *ga);
                (*sq - *ga * *ga).sqrt() + eps
            } else {
                sq.sqrt() + eps
            };
            if momentum {
                *buf = mu * *buf + g / denom;
                *p -= lr * *buf;
            } else {
                *p -= lr * (g / denom);
            }
        };
        let zip = Zip::from(param).and(grad);
        let mut scratch = (E::zero(), E::zero());
        match slots {
            [sq] => {
                zip.and(sq).for_each(|p, &g, sq| kernel(p, g, sq, &mut scratch.0, &mut scratch.1))
            }
            [sq, other] if momentum => {
                zip.and(sq).and(other).for_each(|p, &g, sq, b| kernel(p, g, sq, b, &mut scratch.1))
            }
            [sq, other] => {
                zip.and(sq).and(other).for_each(|p, &g, sq, a| kernel(p, g, sq, &mut scratch.0, a))
            }
            [sq, buf, ga] => {
                zip.and(sq).and(buf).and(ga).for_each(|p, &g, sq, b, a| kernel(p, g, sq, b, a))
            }
            _ => unreachable!("RMSprop has one to three slots"),
        }
    }
}

/// Adadelta: step sizes from running averages of squared gradients and squared updates
/// (`torch.optim.Adadelta`, Knet's `adadelta`).
///
/// ```
/// use autograd::{diff, Param};
/// use autograd::reduce::sum;
/// use autograd::optim::{Adadelta, Optimizer};
///
/// let w = Param::new(vec![1.0]);
/// Adadelta::new(1.0).step(diff(|| sum(&w)), &[w.clone()]);
/// assert!(w.to_vec::<f64>()[0] < 1.0);
/// ```
#[derive(Clone, Debug)]
pub struct Adadelta {
    settings: Settings,
    rho: f64,
    eps: f64,
    weight_decay: f64,
}

impl Adadelta {
    /// Adadelta with learning rate `lr` (PyTorch's default is 1.0), `rho` 0.9, `eps` 1e-6.
    pub fn new(lr: f64) -> Self {
        Adadelta { settings: Settings::new(lr), rho: 0.9, eps: 1e-6, weight_decay: 0.0 }
    }

    /// The decay of both running averages.
    pub fn rho(mut self, rho: f64) -> Self {
        self.rho = rho;
        self
    }

    /// The term added inside both square roots.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// L2 weight decay added to the gradient.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }
}

impl Optimizer for Adadelta {
    settings_access!();

    fn slot_names(&self) -> &'static [&'static str] {
        &["square_avg", "acc_delta"]
    }

    fn update<E: Element>(
        &self,
        lr: f64,
        _t: u64,
        param: &mut ArrayD<E>,
        grad: &ArrayD<E>,
        slots: &mut [ArrayD<E>],
    ) {
        let (lr, rho, eps, wd) =
            (E::of(lr), E::of(self.rho), E::of(self.eps), E::of(self.weight_decay));
        let c = E::of(1.0 - self.rho);
        let [sq, acc] = slots else { unreachable!("Adadelta has two slots") };
        Zip::from(param).and(grad).and(sq).and(acc).for_each(|p, &g, sq, acc| {
            let g = g + wd * *p;
            *sq = rho * *sq + c * g * g;
            let delta = (*acc + eps).sqrt() / (*sq + eps).sqrt() * g;
            *acc = rho * *acc + c * delta * delta;
            *p -= lr * delta;
        });
    }
}

/// The Adam moments and step shared by [`Adam`] and [`AdamW`].
fn adam_update<E: Element>(
    (lr, beta1, beta2, eps, l2): (f64, f64, f64, f64, f64),
    t: u64,
    param: &mut ArrayD<E>,
    grad: &ArrayD<E>,
    slots: &mut [ArrayD<E>],
) {
    let bias1 = 1.0 - beta1.powi(t as i32);
    let bias2_sqrt = (1.0 - beta2.powi(t as i32)).sqrt();
    let (step_size, bias2_sqrt) = (E::of(lr / bias1), E::of(bias2_sqrt));
    let (b2, eps, l2) = (E::of(beta2), E::of(eps), E::of(l2));
    let (c1, c2) = (E::of(1.0 - beta1), E::of(1.0 - beta2));
    let [m, v] = slots else { unreachable!("Adam has two slots") };
    Zip::from(param).and(grad).and(m).and(v).for_each(|p, &g, m, v| {
        let g = g + l2 * *p;
        // PyTorch's `lerp`: m + (1 - β1)(g - m).
        *m += c1 * (g - *m);
        *v = b2 * *v + c2 * g * g;
        *p -= step_size * (*m / (v.sqrt() / bias2_sqrt + eps));
    });
}

/// Adam (`torch.optim.Adam`, Knet's `adam`), with optional L2 weight decay added to the
/// gradient; see [`AdamW`] for decoupled decay.
///
/// ```
/// use autograd::{diff, Param};
/// use autograd::reduce::sum;
/// use autograd::optim::{Adam, Optimizer};
///
/// let w = Param::new(vec![1.0]);
/// Adam::new(0.1).step(diff(|| sum(&w)), &[w.clone()]); // Adam's first step moves by ≈ lr
/// assert!((w.to_vec::<f64>()[0] - 0.9).abs() < 1e-6);
/// ```
#[derive(Clone, Debug)]
pub struct Adam {
    settings: Settings,
    betas: (f64, f64),
    eps: f64,
    weight_decay: f64,
}

impl Adam {
    /// Adam with learning rate `lr`, betas (0.9, 0.999), `eps` 1e-8.
    pub fn new(lr: f64) -> Self {
        Adam { settings: Settings::new(lr), betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.0 }
    }

    /// The decays of the first and second moment.
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.betas = (beta1, beta2);
        self
    }

    /// The term added to the denominator.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// L2 weight decay added to the gradient.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }
}

impl Optimizer for Adam {
    settings_access!();

    fn slot_names(&self) -> &'static [&'static str] {
        &["exp_avg", "exp_avg_sq"]
    }

    fn update<E: Element>(
        &self,
        lr: f64,
        t: u64,
        param: &mut ArrayD<E>,
        grad: &ArrayD<E>,
        slots: &mut [ArrayD<E>],
    ) {
        let (b1, b2) = self.betas;
        adam_update((lr, b1, b2, self.eps, self.weight_decay), t, param, grad, slots);
    }
}

/// AdamW: Adam with decoupled weight decay, `w ← w (1 - lr · weight_decay)` before the Adam
/// step (`torch.optim.AdamW`; default decay 0.01).
///
/// ```
/// use autograd::{diff, Param};
/// use autograd::reduce::sum;
/// use autograd::optim::{AdamW, Optimizer};
///
/// let w = Param::new(vec![1.0]);
/// AdamW::new(0.1).weight_decay(0.5).step(diff(|| 0.0 * sum(&w)), &[w.clone()]);
/// assert!((w.to_vec::<f64>()[0] - 0.95).abs() < 1e-12); // decay alone: 1 · (1 - 0.1 · 0.5)
/// ```
#[derive(Clone, Debug)]
pub struct AdamW {
    settings: Settings,
    betas: (f64, f64),
    eps: f64,
    weight_decay: f64,
}

impl AdamW {
    /// AdamW with learning rate `lr`, betas (0.9, 0.999), `eps` 1e-8, weight decay 0.01.
    pub fn new(lr: f64) -> Self {
        AdamW { settings: Settings::new(lr), betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.01 }
    }

    /// The decays of the first and second moment.
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.betas = (beta1, beta2);
        self
    }

    /// The term added to the denominator.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// The decoupled weight decay.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }
}

impl Optimizer for AdamW {
    settings_access!();

    fn slot_names(&self) -> &'static [&'static str] {
        &["exp_avg", "exp_avg_sq"]
    }

    fn update<E: Element>(
        &self,
        lr: f64,
        t: u64,
        param: &mut ArrayD<E>,
        grad: &ArrayD<E>,
        slots: &mut [ArrayD<E>],
    ) {
        let decay = E::of(1.0 - lr * self.weight_decay);
        param.mapv_inplace(|p| p * decay);
        let (b1, b2) = self.betas;
        adam_update((lr, b1, b2, self.eps, 0.0), t, param, grad, slots);
    }
}
