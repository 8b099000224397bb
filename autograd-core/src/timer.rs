//! `AUTOGRAD_TIMER=1` profiling: per-primitive calls, time and bytes allocated, like
//! AutoGrad.jl's TimerOutputs table.
//!
//! The variable is read once, at the first primitive call; no rebuild is needed. Switched off,
//! each hook costs one branch on a cached flag. Labels: the forward of each op (`sum`), the
//! gradient rule of each argument (`sum[1]`), `record` (putting a node on the tape) and
//! `accumulate` (adding up the gradients of a value used more than once). Times are exclusive:
//! a gradient rule's row does not include the primitives it calls, which have rows of their
//! own, so the rows add up to the total. Bytes are those of the tensors each call produced,
//! likewise exclusive of the nested calls.
//!
//! ```
//! let report = autograd::timer::report();
//! println!("{report}"); // the table; `report.rows` has the numbers
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::{DType, Tensor};

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED
        .get_or_init(|| std::env::var("AUTOGRAD_TIMER").is_ok_and(|v| !v.is_empty() && v != "0"))
}

/// Whether `AUTOGRAD_TIMER` switched profiling on for this process.
pub fn is_enabled() -> bool {
    enabled()
}

#[derive(Default, Clone, Copy)]
struct Stat {
    calls: u64,
    time: Duration,
    bytes: u64,
}

fn table() -> &'static Mutex<HashMap<String, Stat>> {
    static TABLE: OnceLock<Mutex<HashMap<String, Stat>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

thread_local! {
    /// Time spent in timed calls nested inside each open timed call, innermost last: a row's
    /// time excludes its nested rows (a gradient rule's own primitives), so rows add up.
    static NESTED: std::cell::RefCell<Vec<(Duration, u64)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn timed<R>(
    label: impl FnOnce() -> String,
    bytes: impl FnOnce(&R) -> usize,
    f: impl FnOnce() -> R,
) -> R {
    let frame = NestedFrame::open();
    let start = Instant::now();
    let out = f();
    let total = start.elapsed();
    let produced = bytes(&out) as u64;
    let (inside, inside_bytes) = frame.close();
    let (elapsed, allocated) = NESTED.with(|n| {
        let mut nested = n.borrow_mut();
        if let Some(parent) = nested.last_mut() {
            parent.0 += total;
            parent.1 += produced.max(inside_bytes);
        }
        (total.saturating_sub(inside), produced.saturating_sub(inside_bytes))
    });
    let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
    let stat = table.entry(label()).or_default();
    stat.calls += 1;
    stat.time += elapsed;
    stat.bytes += allocated;
    out
}

/// One open timed call's entry in [`NESTED`]; popped when closed, or when dropped by a panic
/// unwinding through the call (a caught error must not leave a stale entry behind).
struct NestedFrame {
    closed: bool,
}

impl NestedFrame {
    fn open() -> NestedFrame {
        NESTED.with(|n| n.borrow_mut().push((Duration::ZERO, 0)));
        NestedFrame { closed: false }
    }

    /// The time and bytes of the timed calls nested inside this one.
    fn close(mut self) -> (Duration, u64) {
        self.closed = true;
        NESTED.with(|n| n.borrow_mut().pop().unwrap_or_default())
    }
}

impl Drop for NestedFrame {
    fn drop(&mut self) {
        if !self.closed {
            NESTED.with(|n| n.borrow_mut().pop());
        }
    }
}

/// How many timed calls are open on this thread (zero between primitive calls).
#[cfg(test)]
fn open_calls() -> usize {
    NESTED.with(|n| n.borrow().len())
}

fn tensor_bytes(t: &Tensor) -> usize {
    t.len()
        * match t.dtype() {
            DType::F32 => 4,
            DType::F64 => 8,
        }
}

#[inline]
pub(crate) fn forward(
    op: &'static str,
    f: impl FnOnce() -> crate::tape::Outputs,
) -> crate::tape::Outputs {
    if !enabled() {
        return f();
    }
    // One row per call, however many outputs it has.
    timed(|| op.to_string(), |outputs| outputs.iter().map(tensor_bytes).sum(), f)
}

#[inline]
pub(crate) fn backward(
    op: &'static str,
    arg: usize,
    dys: &[Option<Tensor>],
    f: impl FnOnce() -> Option<Tensor>,
) -> Option<Tensor> {
    if !enabled() {
        return f();
    }
    // A rule that passes `dy` through (`add`'s) allocates nothing.
    let passed = |g: &Tensor| dys.iter().flatten().any(|dy| g.ptr_eq(dy));
    let bytes = |g: &Option<Tensor>| g.as_ref().filter(|g| !passed(g)).map_or(0, tensor_bytes);
    timed(|| format!("{op}[{}]", arg + 1), bytes, f)
}

#[inline]
pub(crate) fn record<R>(f: impl FnOnce() -> R) -> R {
    if !enabled() {
        return f();
    }
    timed(|| "record".to_string(), |_| 0, f)
}

/// `f` returns the sum and whether it is a new buffer (not accumulated in place).
#[inline]
pub(crate) fn accumulate(f: impl FnOnce() -> (Tensor, bool)) -> Tensor {
    if !enabled() {
        return f().0;
    }
    let bytes = |(t, fresh): &(Tensor, bool)| if *fresh { tensor_bytes(t) } else { 0 };
    timed(|| "accumulate".to_string(), bytes, f).0
}

/// One row of the profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `sum` for a forward call, `sum[1]` for the gradient of its first argument, `record`,
    /// or `accumulate`.
    pub label: String,
    /// Number of calls.
    pub calls: u64,
    /// Total time.
    pub time: Duration,
    /// Share of the total time of all rows, in percent.
    pub percent: f64,
    /// Bytes of the tensors these calls produced.
    pub bytes: u64,
}

impl Row {
    /// Time per call.
    pub fn average(&self) -> Duration {
        self.time.div_f64(self.calls.max(1) as f64)
    }
}

/// The profile so far: rows slowest first, and their total time. `Display` prints the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// One row per label, slowest first.
    pub rows: Vec<Row>,
    /// Sum of the rows' times.
    pub total: Duration,
}

/// The profile collected since the start or the last [`reset`].
pub fn report() -> Report {
    let table = table().lock().unwrap_or_else(|e| e.into_inner());
    let total: Duration = table.values().map(|s| s.time).sum();
    let mut rows: Vec<Row> = table
        .iter()
        .map(|(label, s)| Row {
            label: label.clone(),
            calls: s.calls,
            time: s.time,
            percent: if total.is_zero() {
                0.0
            } else {
                100.0 * s.time.as_secs_f64() / total.as_secs_f64()
            },
            bytes: s.bytes,
        })
        .collect();
    rows.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.label.cmp(&b.label)));
    Report { rows, total }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<20} {:>9} {:>11} {:>6} {:>11} {:>11}",
            "label", "calls", "time", "%", "avg", "alloc"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:<20} {:>9} {:>11} {:>5.1}% {:>11} {:>11}",
                r.label,
                r.calls,
                format!("{:.3?}", r.time),
                r.percent,
                format!("{:.2?}", r.average()),
                human_bytes(r.bytes)
            )?;
        }
        write!(f, "{:<20} {:>9} {:>11}", "total", "", format!("{:.3?}", self.total))
    }
}

fn human_bytes(b: u64) -> String {
    match b {
        0..1024 => format!("{b} B"),
        1024..1_048_576 => format!("{:.1} KiB", b as f64 / 1024.0),
        _ => format!("{:.1} MiB", b as f64 / 1_048_576.0),
    }
}

/// Clears the profile.
pub fn reset() {
    table().lock().unwrap_or_else(|e| e.into_inner()).clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_timed_call_leaves_no_open_call_behind() {
        for _ in 0..3 {
            let caught = std::panic::catch_unwind(|| {
                timed(|| "failing".to_string(), |_: &()| 0, || panic!("a caught shape error"))
            });
            assert!(caught.is_err());
        }
        assert_eq!(open_calls(), 0);
    }
}
