//! The peer benchmark: times the workloads of `bench/` (DESIGN.md, "Benchmark
//! workloads") with the same method as `common.py` and prints the same JSON lines, so it can run
//! in the same `run_all.sh` pass as the Python peers (`EXTRA_BINS=...`) and be tabulated by
//! `summarize.py`.
//!
//! ```text
//! cargo run --release -p autograd-dev --example bench -- [--quick] [--only W1,W5]
//! ```
//!
//! Method (as `common.bench`): `warmup` calls, one timed call to calibrate `inner` = calls per
//! repeat so that a repeat lasts >= 0.2 s (0.02 s with `--quick`), 7 repeats (5 with `--quick`);
//! `median_s` / `min_s` are per-call times. A call is forward (tape construction included) +
//! backward, up to getting the gradient; dropping the tape and the gradient is timed too, as
//! Python's reference counting frees them inside the timed loop.
//!
//! To add a workload: write `fn wN() -> Workload` in the module of its kind (e.g. [`scalar::w1`]) and add it to [`WORKLOADS`].
//!
//! Modules: [`scalar`] (W1, W3a, W5), [`mlp`] (W2, W3b), [`rnn`] (W4), [`train`] (W6, a whole
//! training run), [`harness`] (the timing
//! method and the command line), [`numpy_rng`] (numpy's `default_rng`, for W5's data).

#[path = "../../../examples/common/digits.rs"]
#[allow(dead_code)] // shared by the examples; W6 needs no one-hot labels
mod digits;
mod harness;
mod mlp;
mod numpy_rng;
mod rnn;
mod scalar;
mod train;

use autograd::prelude::*;
use serde_json::{Map, Value};

use harness::{bench, usage, Args};

/// The `"system"` field of autograd's lines.
const SYSTEM: &str = "autograd-rs";
/// The `"system"` field of the hand-written ndarray forward/backward passes (W2, W4).
const HAND: &str = "ndarray-hand";

/// The registry: name and constructor, in the order they run (as the Python scripts).
const WORKLOADS: &[(&str, MakeWorkload)] = &[
    ("W1", scalar::w1),
    ("W2", mlp::w2),
    ("W2", mlp::w2_hand),
    ("W3a", scalar::w3a),
    ("W3b", mlp::w3b),
    ("W4", rnn::w4),
    ("W4", rnn::w4_hand),
    ("W5", scalar::w5),
    ("W6", train::w6),
];

/// A workload's constructor: sets up the data, untimed.
type MakeWorkload = fn() -> Workload;

/// One workload, ready to time.
struct Workload {
    /// The `"system"` field: autograd-rs, or the hand-written ndarray floor.
    system: &'static str,
    /// Untimed calls before calibration (common.py: 1 for W1, else 2).
    warmup: usize,
    /// One forward + backward, returning the result's value and the gradient(s); timed.
    call: Box<dyn FnMut() -> Vec<Tensor>>,
    /// The fixed fields common.py's `SHAPES` gives this workload.
    shape: Vec<(&'static str, Value)>,
    /// Fields derived from the median per-call time (common.py's `emit`).
    derived: fn(f64) -> Vec<(&'static str, Value)>,
    /// Checksums of the `[value, gradients...]` of one (untimed) call.
    checks: fn(&[Tensor]) -> Vec<(&'static str, Value)>,
}

fn main() {
    if let Some(steps) = std::env::args().skip_while(|a| a != "--train-w2").nth(1) {
        train_w2(steps.parse().unwrap_or_else(|_| usage("--train-w2 needs a step count")));
        return;
    }
    let args = Args::parse();
    emit_meta();
    for &(name, make) in WORKLOADS {
        if !args.want(name) {
            continue;
        }
        let mut w = make();
        let m = bench(&mut w.call, args.quick, w.warmup);
        let checks = (w.checks)(&(w.call)());
        let mut line = vec![
            ("workload", Value::from(name)),
            ("system", Value::from(w.system)),
            ("median_s", Value::from(m.median)),
            ("n", Value::from(m.reps as i64)),
            ("inner", Value::from(m.inner as i64)),
            ("min_s", Value::from(m.min)),
        ];
        line.extend(w.shape);
        line.extend((w.derived)(m.median));
        line.extend(checks);
        println!("{}", object(line));
        if autograd::timer::is_enabled() {
            // AUTOGRAD_TIMER=1: the per-primitive profile of this workload, on stderr.
            eprintln!(
                "# {name} profile (all calls: warm-up, timed, check)\n{}",
                autograd::timer::report()
            );
            autograd::timer::reset();
        }
    }
}

/// `--train-w2 N`: N W2 training steps (SGD on all six parameters), then the peak resident
/// memory (`VmHWM`) and the resident memory after the first and the last step, to show that a
/// training loop's memory stays flat.
fn train_w2(steps: usize) {
    let rss = |field: &str| {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(Value::Null, |kb| Value::from(kb / 1024.0))
    };
    let (params, x, labels) = mlp::w2_params(mlp::W2_BATCH);
    let mut after_first = Value::Null;
    for step in 0..steps {
        let tape = diff(|| mlp::mlp_loss(&params, &x, &labels));
        for p in &params {
            p.axpy(-0.01, &grad(&tape, p).expect("every parameter is used"));
        }
        if step == 0 {
            after_first = rss("VmRSS:");
        }
    }
    println!(
        "{}",
        object(vec![
            ("workload", Value::from("W2-train")),
            ("system", Value::from(SYSTEM)),
            ("steps", Value::from(steps as i64)),
            ("rss_after_first_step_mib", after_first),
            ("rss_after_last_step_mib", rss("VmRSS:")),
            ("peak_rss_mib", rss("VmHWM:")),
        ])
    );
}

/// The `"workload": "meta"` line: versions and threads.
fn emit_meta() {
    // The rustc on PATH when the benchmark runs (normally the one that built it); null if none.
    let rustc =
        std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map_or(Value::Null, |o| Value::from(String::from_utf8_lossy(&o.stdout).trim()));
    let env = ["OMP_NUM_THREADS", "RAYON_NUM_THREADS", "AUTOGRAD_TIMER"]
        .iter()
        .map(|&k| (k, std::env::var(k).map_or(Value::Null, Value::from)))
        .collect();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "{}",
        object(vec![
            ("workload", Value::from("meta")),
            ("system", Value::from(SYSTEM)),
            ("autograd", Value::from(env!("CARGO_PKG_VERSION"))),
            ("rustc", rustc),
            ("profile", Value::from(if cfg!(debug_assertions) { "debug" } else { "release" })),
            // Large matrix products and element-wise loops run on rayon's threads.
            ("threads", Value::from(rayon::current_num_threads())),
            ("available_parallelism", Value::from(cores as i64)),
            ("env", object(env)),
        ])
    );
}

/// A JSON object with its fields in the order given (serde_json's `preserve_order`).
fn object(fields: Vec<(&str, Value)>) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())
}
