//! `AUTOGRAD_TIMER=1` profiling: per-primitive call counts and times.
//!
//! The variable is read once, at the first primitive call. Switched off, each hook costs one
//! branch on a cached flag.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

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
}

fn table() -> &'static Mutex<HashMap<String, Stat>> {
    static TABLE: OnceLock<Mutex<HashMap<String, Stat>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

fn timed<R>(label: impl FnOnce() -> String, f: impl FnOnce() -> R) -> R {
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
    let stat = table.entry(label()).or_default();
    stat.calls += 1;
    stat.time += elapsed;
    out
}

#[inline]
pub(crate) fn forward<R>(op: &'static str, f: impl FnOnce() -> R) -> R {
    if !enabled() {
        return f();
    }
    timed(|| op.to_string(), f)
}

#[inline]
pub(crate) fn backward<R>(op: &'static str, arg: usize, f: impl FnOnce() -> R) -> R {
    if !enabled() {
        return f();
    }
    timed(|| format!("{op}[{}]", arg + 1), f)
}

#[inline]
pub(crate) fn record<R>(f: impl FnOnce() -> R) -> R {
    if !enabled() {
        return f();
    }
    timed(|| "record".to_string(), f)
}

#[inline]
pub(crate) fn accumulate<R>(f: impl FnOnce() -> R) -> R {
    if !enabled() {
        return f();
    }
    timed(|| "accumulate".to_string(), f)
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
}

/// The profile so far, slowest first.
pub fn rows() -> Vec<Row> {
    let table = table().lock().unwrap_or_else(|e| e.into_inner());
    let mut rows: Vec<Row> = table
        .iter()
        .map(|(label, s)| Row { label: label.clone(), calls: s.calls, time: s.time })
        .collect();
    rows.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.label.cmp(&b.label)));
    rows
}

/// The profile as a table: label, calls, total time, share of the total, average.
pub fn report() -> String {
    let rows = rows();
    let total: Duration = rows.iter().map(|r| r.time).sum();
    let mut out =
        format!("{:<24} {:>10} {:>12} {:>7} {:>12}\n", "label", "calls", "time", "%", "avg");
    for r in &rows {
        let share =
            if total.is_zero() { 0.0 } else { 100.0 * r.time.as_secs_f64() / total.as_secs_f64() };
        out += &format!(
            "{:<24} {:>10} {:>12.3?} {:>6.1}% {:>12.3?}\n",
            r.label,
            r.calls,
            r.time,
            share,
            r.time / r.calls.max(1) as u32
        );
    }
    out
}

/// Clears the profile.
pub fn reset() {
    table().lock().unwrap_or_else(|e| e.into_inner()).clear();
}
