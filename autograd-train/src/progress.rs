//! A progress bar for training loops (Knet's `progress`): position, running loss, steps per
//! second and time left, drawn with `indicatif` on a terminal only — hidden when standard error
//! is not a terminal or the `CI` environment variable is set, so tests and logs stay clean.
//!
//! ```
//! use autograd::progress::Progress;
//!
//! let mut bar = Progress::new(100);
//! for step in 0..100 {
//!     let loss = 1.0 / (1.0 + step as f64);
//!     bar.step(loss);
//! }
//! bar.finish();
//! assert!(bar.running_loss().unwrap() < 0.1);
//! ```

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar over a known number of steps that shows a running (exponentially smoothed)
/// loss.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    running: Option<f64>,
    smoothing: f64,
}

impl Progress {
    /// A bar over `steps` steps, drawn on standard error when that is a terminal and `CI` is
    /// not set, hidden otherwise.
    pub fn new(steps: u64) -> Self {
        let visible =
            should_draw(std::io::stderr().is_terminal(), std::env::var_os("CI").is_some());
        let target =
            if visible { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(steps), target);
        let template = "{bar:30} {pos}/{len} loss {msg} {per_sec} ETA {eta}";
        bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
        Progress { bar, running: None, smoothing: 0.95 }
    }

    /// A bar that never draws (the running loss is still kept).
    pub fn hidden(steps: u64) -> Self {
        let progress = Progress::new(steps);
        progress.bar.set_draw_target(ProgressDrawTarget::hidden());
        progress
    }

    /// How much of the running loss carries over each step (0.95 unless set; 0 shows the last
    /// loss).
    pub fn smoothing(mut self, smoothing: f64) -> Self {
        self.smoothing = smoothing;
        self
    }

    /// Records one step with its loss.
    pub fn step(&mut self, loss: f64) {
        let running = match self.running {
            None => loss,
            Some(r) => self.smoothing * r + (1.0 - self.smoothing) * loss,
        };
        self.running = Some(running);
        self.bar.set_message(format!("{running:.4}"));
        self.bar.inc(1);
    }

    /// The smoothed loss so far, `None` before the first step.
    pub fn running_loss(&self) -> Option<f64> {
        self.running
    }

    /// Steps recorded so far.
    pub fn position(&self) -> u64 {
        self.bar.position()
    }

    /// Whether the bar is drawn.
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    /// Prints a line above the bar (or to standard output when the bar is hidden), e.g. an
    /// epoch's summary.
    pub fn println(&self, line: impl AsRef<str>) {
        if self.bar.is_hidden() {
            println!("{}", line.as_ref());
        } else {
            self.bar.println(line.as_ref());
        }
    }

    /// Leaves the finished bar on the screen.
    pub fn finish(&self) {
        self.bar.finish();
    }
}

/// Whether to draw: only on a terminal, and never under CI.
fn should_draw(stderr_is_terminal: bool, ci: bool) -> bool {
    stderr_is_terminal && !ci
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_only_on_a_terminal_outside_ci() {
        assert!(should_draw(true, false));
        assert!(!should_draw(false, false));
        assert!(!should_draw(true, true));
    }

    #[test]
    fn hidden_bar_still_counts_and_smooths_the_loss() {
        let mut bar = Progress::hidden(3).smoothing(0.5);
        assert!(bar.is_hidden());
        assert_eq!(bar.running_loss(), None);
        bar.step(4.0);
        bar.step(2.0);
        assert_eq!((bar.position(), bar.running_loss()), (2, Some(3.0)));
    }
}
