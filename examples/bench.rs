//! The peer benchmark: times the workloads of `../shared/bench` (DESIGN.md, "Benchmark
//! workloads") with the same method as `common.py` and prints the same JSON lines, so it can run
//! in the same `run_all.sh` pass as the Python peers (`EXTRA_BINS=...`) and be tabulated by
//! `summarize.py`.
//!
//! ```text
//! cargo run --release --example bench -- [--quick] [--only W1,W5]
//! ```
//!
//! Method (as `common.bench`): `warmup` calls, one timed call to calibrate `inner` = calls per
//! repeat so that a repeat lasts >= 0.2 s (0.02 s with `--quick`), 7 repeats (5 with `--quick`);
//! `median_s` / `min_s` are per-call times. A call is forward (tape construction included) +
//! backward, up to getting the gradient; dropping the tape and the gradient is timed too, as
//! Python's reference counting frees them inside the timed loop.
//!
//! To add a workload: write `fn wN() -> Workload` next to [`w1`] and add it to [`WORKLOADS`].

use std::hint::black_box;
use std::time::Instant;

use autograd::prelude::*;
use autograd::{
    linalg::matmul,
    math::{exp, sin, tanh},
    nn::cross_entropy,
};
use ndarray::{Array1, Array2, Axis};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The `"system"` field of autograd's lines.
const SYSTEM: &str = "autograd-rs";
/// The `"system"` field of the hand-written ndarray forward/backward passes (W2, W4).
const HAND: &str = "ndarray-hand";

// ------------------------------------------------------------------ workloads (as common.py)

const W1_ITERS: usize = 10_000;
const W1_OPS_PER_ITER: usize = 4; // sin, mul, mul, add
const W1_X0: f64 = 0.5;
/// The W1 gradient every peer system gives (bench README).
const W1_GRAD_REF: f64 = 3.938975628904e-05;

const W2_SIZES: [usize; 4] = [784, 512, 512, 10];
const W2_BATCH: usize = 128;
const W3B_BATCH: usize = 32;
const W3A_X0: f64 = 0.5;
/// The fourth derivative of tanh at 0.5 (bench README).
const W3A_REF: f64 = 3.9522195637245;

const W4_T: usize = 50;
const W4_B: usize = 32;
const W4_IN: usize = 64;
const W4_H: usize = 256;

const W5_N: usize = 1000;
const W5_STEPS: usize = 100;
const W5_OPS_PER_STEP: usize = 5; // mul, neg, exp, mul, add
const W5_SEED: u64 = 3;

/// The registry: name and constructor, in the order they run (as the Python scripts).
const WORKLOADS: &[(&str, MakeWorkload)] = &[
    ("W1", w1),
    ("W2", w2),
    ("W2", w2_hand),
    ("W3a", w3a),
    ("W3b", w3b),
    ("W4", w4),
    ("W4", w4_hand),
    ("W5", w5),
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
    shape: Vec<(&'static str, Json)>,
    /// Fields derived from the median per-call time (common.py's `emit`).
    derived: fn(f64) -> Vec<(&'static str, Json)>,
    /// Checksums of the `[value, gradients...]` of one (untimed) call.
    checks: fn(&[Tensor]) -> Vec<(&'static str, Json)>,
}

/// W1, tape overhead: a scalar (0-d) f64 loop of `x = sin(x) * 0.999 + x * 0.001`; d/dx0.
fn w1() -> Workload {
    let x0 = Param::new(W1_X0);
    Workload {
        system: SYSTEM,
        warmup: 1,
        call: Box::new(move || {
            let tape = diff(|| {
                let mut x = Tensor::from(&x0);
                for _ in 0..W1_ITERS {
                    x = sin(&x) * 0.999 + &x * 0.001;
                }
                x
            });
            vec![value(&tape), grad(&tape, &x0).expect("x0 takes part")]
        }),
        shape: vec![
            ("iters", Json::Int(W1_ITERS as i64)),
            ("ops_per_iter", Json::Int(W1_OPS_PER_ITER as i64)),
            ("dtype", Json::str("f64")),
        ],
        derived: |median| {
            vec![
                ("us_per_iter", Json::Num(median / W1_ITERS as f64 * 1e6)),
                ("us_per_op", Json::Num(median / (W1_ITERS * W1_OPS_PER_ITER) as f64 * 1e6)),
            ]
        },
        checks: |out| {
            let g = out[1].item::<f64>();
            let rel = (g - W1_GRAD_REF).abs() / W1_GRAD_REF;
            if rel > 1e-10 {
                eprintln!(
                    "# W1: gradient {g:e} differs from the reference {W1_GRAD_REF:e} (rel {rel:e})"
                );
            }
            vec![
                ("value", Json::Num(out[0].item::<f64>())),
                ("grad", Json::Num(g)),
                ("grad_rel_err", Json::Num(rel)),
            ]
        },
    }
}

/// W5, element-wise chain: 1000 f32, 100 steps of `y = exp(-y*y) + 0.5*y`, then sum; d/dy0.
/// Starts from common.py's `w5_data()`: numpy `default_rng(3).uniform(-1, 1, 1000)` as f32.
fn w5() -> Workload {
    let y0 = Param::new(w5_data());
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || {
            let tape = diff(|| {
                let mut y = Tensor::from(&y0);
                for _ in 0..W5_STEPS {
                    y = exp(&(-&y * &y)) + 0.5 * &y;
                }
                sum(&y)
            });
            vec![value(&tape), grad(&tape, &y0).expect("y0 takes part")]
        }),
        shape: vec![
            ("size", Json::Int(W5_N as i64)),
            ("steps", Json::Int(W5_STEPS as i64)),
            ("ops_per_step", Json::Int(W5_OPS_PER_STEP as i64)),
            ("dtype", Json::str("f32")),
        ],
        derived: |median| {
            let ops = (W5_STEPS * W5_OPS_PER_STEP) as f64;
            vec![("us_per_op", Json::Num(median / ops * 1e6))]
        },
        checks: |out| {
            // The true gradient is ~1e-49 (f64), so in f32 it underflows to all zeros, in torch
            // too; the value (torch: 896.0503) is the more telling checksum.
            let g = out[1].to_vec::<f64>();
            vec![
                ("value", Json::Num(out[0].item::<f64>())),
                ("grad_sum", Json::Num(g.iter().sum())),
                ("grad_abs_sum", Json::Num(g.iter().map(|v| v.abs()).sum())),
            ]
        },
    }
}

// ------------------------------------------------------------------ W2-W4 (MLP, higher order, RNN)
//
// common.py draws these from numpy's standard normal; the shapes, scales and dtypes are the
// same here, the numbers come from `rand` (what is timed does not depend on them).

fn normal_matrix(rng: &mut StdRng, rows: usize, cols: usize, scale: f32) -> Array2<f32> {
    // A sum of 12 uniforms minus 6 is close enough to a standard normal for benchmark data.
    Array2::from_shape_fn((rows, cols), |_| {
        ((0..12).map(|_| rng.random::<f32>()).sum::<f32>() - 6.0) * scale
    })
}

/// W2's data: weights and biases of the three layers, the input, and the labels.
struct MlpData {
    weights: Vec<Array2<f32>>,
    biases: Vec<Array1<f32>>,
    x: Array2<f32>,
    labels: Vec<usize>,
}

/// W2's parameters `[W1, b1, W2, b2, W3, b3]`, input and labels.
fn w2_data(batch: usize) -> MlpData {
    let mut rng = StdRng::seed_from_u64(0);
    let mut weights = Vec::new();
    let mut biases = Vec::new();
    for io in W2_SIZES.windows(2) {
        weights.push(normal_matrix(&mut rng, io[0], io[1], 1.0 / (io[0] as f32).sqrt()));
        biases.push(Array1::zeros(io[1]));
    }
    let x = normal_matrix(&mut rng, batch, W2_SIZES[0], 1.0);
    let labels = (0..batch).map(|_| rng.random_range(0..W2_SIZES[3])).collect();
    MlpData { weights, biases, x, labels }
}

fn w2_params(batch: usize) -> (Vec<Param>, Tensor, Vec<usize>) {
    let MlpData { weights, biases, x, labels } = w2_data(batch);
    let params =
        weights.into_iter().zip(biases).flat_map(|(w, b)| [Param::new(w), Param::new(b)]).collect();
    (params, Tensor::from(x), labels)
}

/// The MLP's softmax cross-entropy: 784-512-512-10, tanh.
fn mlp_loss(p: &[Param], x: &Tensor, labels: &[usize]) -> Tensor {
    let h1 = tanh(&(matmul(x, &p[0]) + &p[1]));
    let h2 = tanh(&(matmul(&h1, &p[2]) + &p[3]));
    cross_entropy(&(matmul(&h2, &p[4]) + &p[5]), labels)
}

fn w2_shape() -> Vec<(&'static str, Json)> {
    vec![
        ("sizes", Json::ints(&W2_SIZES)),
        ("batch", Json::Int(W2_BATCH as i64)),
        ("act", Json::str("tanh")),
        ("dtype", Json::str("f32")),
        ("flops", Json::Num(w2_flops())),
    ]
}

fn gflops(flops: f64) -> impl Fn(f64) -> Vec<(&'static str, Json)> {
    move |median| vec![("gflops", Json::Num(flops / median / 1e9))]
}

/// Matmul FLOPs of one W2 forward + backward (common.py's `w2_flops`).
fn w2_flops() -> f64 {
    let mm: Vec<f64> = W2_SIZES.windows(2).map(|io| (io[0] * io[1]) as f64).collect();
    let b = W2_BATCH as f64;
    2.0 * b * mm.iter().sum::<f64>() * 2.0 + 2.0 * b * mm[1..].iter().sum::<f64>()
}

/// Matmul FLOPs of one W4 forward + backward (common.py's `w4_flops`).
fn w4_flops() -> f64 {
    let (t, b, i, h) = (W4_T as f64, W4_B as f64, W4_IN as f64, W4_H as f64);
    let step = 2.0 * b * (i * h + h * h);
    t * step * 2.0 + t * 2.0 * b * h * h
}

fn loss_and_grad_sums(out: &[Tensor]) -> Vec<(&'static str, Json)> {
    let grads: f64 =
        out[1..].iter().map(|g| g.to_vec::<f64>().iter().map(|v| v.abs()).sum::<f64>()).sum();
    vec![("value", Json::Num(out[0].item::<f64>())), ("grad_abs_sum", Json::Num(grads))]
}

/// W2, an MLP training step: all six gradients of the cross-entropy, batch 128, f32.
fn w2() -> Workload {
    let (params, x, labels) = w2_params(W2_BATCH);
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || {
            let tape = diff(|| mlp_loss(&params, &x, &labels));
            let mut out = vec![value(&tape)];
            out.extend(params.iter().map(|p| grad(&tape, p).expect("every parameter is used")));
            out
        }),
        shape: w2_shape(),
        derived: |median| gflops(w2_flops())(median),
        checks: loss_and_grad_sums,
    }
}

/// W2 by hand in ndarray: the forward and backward pass written out — the floor that AD
/// overhead is measured against.
fn w2_hand() -> Workload {
    let MlpData { weights, biases, x, labels } = w2_data(W2_BATCH);
    Workload {
        system: HAND,
        warmup: 2,
        call: Box::new(move || {
            let (w, b) = (&weights, &biases);
            let h1 = (x.dot(&w[0]) + &b[0]).mapv(f32::tanh);
            let h2 = (h1.dot(&w[1]) + &b[1]).mapv(f32::tanh);
            let logits = h2.dot(&w[2]) + &b[2];
            let (loss, dlogits) = softmax_cross_entropy(&logits, &labels);
            let dw3 = h2.t().dot(&dlogits);
            let db3 = dlogits.sum_axis(Axis(0));
            let dz2 = dlogits.dot(&w[2].t()) * h2.mapv(|v| 1.0 - v * v);
            let dw2 = h1.t().dot(&dz2);
            let db2 = dz2.sum_axis(Axis(0));
            let dz1 = dz2.dot(&w[1].t()) * h1.mapv(|v| 1.0 - v * v);
            let dw1 = x.t().dot(&dz1);
            let db1 = dz1.sum_axis(Axis(0));
            vec![
                Tensor::from(loss),
                Tensor::from(dw1),
                Tensor::from(db1),
                Tensor::from(dw2),
                Tensor::from(db2),
                Tensor::from(dw3),
                Tensor::from(db3),
            ]
        }),
        shape: w2_shape(),
        derived: |median| gflops(w2_flops())(median),
        checks: loss_and_grad_sums,
    }
}

/// The mean softmax cross-entropy of `logits` (rows = samples) and its gradient.
fn softmax_cross_entropy(logits: &Array2<f32>, labels: &[usize]) -> (f32, Array2<f32>) {
    let n = logits.nrows() as f32;
    let mut grad = logits.clone();
    let mut loss = 0.0;
    for (mut row, &label) in grad.rows_mut().into_iter().zip(labels) {
        let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let picked = row[label] - max;
        row.mapv_inplace(|v| (v - max).exp());
        let total = row.sum();
        loss += total.ln() - picked;
        row.mapv_inplace(|v| v / total / n);
        row[label] -= 1.0 / n;
    }
    (loss / n, grad)
}

/// W3a: the fourth derivative of tanh at 0.5 by nesting `gradfun` four times, f64.
fn w3a() -> Workload {
    let d4 = gradfun(gradfun(gradfun(gradfun(tanh))));
    let x0 = Tensor::from(W3A_X0);
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || vec![d4(&x0)]),
        shape: vec![
            ("fn", Json::str("tanh")),
            ("order", Json::Int(4)),
            ("dtype", Json::str("f64")),
        ],
        derived: |_| Vec::new(),
        checks: |out| {
            let v = out[0].item::<f64>();
            if (v - W3A_REF).abs() > 1e-10 {
                eprintln!("# W3a: {v} differs from the reference {W3A_REF}");
            }
            vec![("value", Json::Num(v))]
        },
    }
}

/// W3b: a Hessian-vector product of W2's loss with respect to W1 (784×512), batch 32:
/// the gradient of ⟨∇_{W1} loss, v⟩, reverse over reverse.
fn w3b() -> Workload {
    let (params, x, labels) = w2_params(W3B_BATCH);
    let mut rng = StdRng::seed_from_u64(1);
    let v = Tensor::from(normal_matrix(&mut rng, W2_SIZES[0], W2_SIZES[1], 1.0));
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || {
            let outer = diff(|| {
                let inner = diff(|| mlp_loss(&params, &x, &labels));
                sum(&(grad(&inner, &params[0]).expect("W1 is used") * &v))
            });
            vec![value(&outer), grad(&outer, &params[0]).expect("W1 is used")]
        }),
        shape: vec![
            ("sizes", Json::ints(&W2_SIZES)),
            ("batch", Json::Int(W3B_BATCH as i64)),
            ("wrt", Json::str("W1[784x512]")),
            ("dtype", Json::str("f32")),
        ],
        derived: |_| Vec::new(),
        checks: loss_and_grad_sums,
    }
}

/// W4's parameters `[Wx, Wh, b]` and inputs (one `batch × input` matrix per step).
fn w4_data() -> ([Array2<f32>; 2], Array1<f32>, Vec<Array2<f32>>) {
    let mut rng = StdRng::seed_from_u64(2);
    let wx = normal_matrix(&mut rng, W4_IN, W4_H, 1.0 / (W4_IN as f32).sqrt());
    let wh = normal_matrix(&mut rng, W4_H, W4_H, 1.0 / (W4_H as f32).sqrt());
    let xs = (0..W4_T).map(|_| normal_matrix(&mut rng, W4_B, W4_IN, 1.0)).collect();
    ([wx, wh], Array1::zeros(W4_H), xs)
}

fn w4_shape() -> Vec<(&'static str, Json)> {
    vec![
        ("T", Json::Int(W4_T as i64)),
        ("batch", Json::Int(W4_B as i64)),
        ("input", Json::Int(W4_IN as i64)),
        ("hidden", Json::Int(W4_H as i64)),
        ("dtype", Json::str("f32")),
        ("flops", Json::Num(w4_flops())),
    ]
}

/// W4: a vanilla tanh RNN over 50 steps, loss = sum of the last state squared; grads of
/// Wx, Wh and b.
fn w4() -> Workload {
    let ([wx, wh], b, xs) = w4_data();
    let (wx, wh, b) = (Param::new(wx), Param::new(wh), Param::new(b));
    let xs: Vec<Tensor> = xs.into_iter().map(Tensor::from).collect();
    Workload {
        system: SYSTEM,
        warmup: 2,
        call: Box::new(move || {
            let tape = diff(|| {
                let mut h = Tensor::zeros(&[W4_B, W4_H], DType::F32);
                for x in &xs {
                    h = tanh(&(matmul(x, &wx) + matmul(&h, &wh) + &b));
                }
                sum(&abs2(&h))
            });
            let mut out = vec![value(&tape)];
            out.extend([&wx, &wh, &b].map(|p| grad(&tape, p).expect("every parameter is used")));
            out
        }),
        shape: w4_shape(),
        derived: |median| gflops(w4_flops())(median),
        checks: loss_and_grad_sums,
    }
}

/// W4 by hand in ndarray: forward keeping every state, then backpropagation through time.
fn w4_hand() -> Workload {
    let ([wx, wh], b, xs) = w4_data();
    Workload {
        system: HAND,
        warmup: 2,
        call: Box::new(move || {
            let mut hs = vec![Array2::<f32>::zeros((W4_B, W4_H))];
            for x in &xs {
                let h = (x.dot(&wx) + hs.last().expect("h0").dot(&wh) + &b).mapv(f32::tanh);
                hs.push(h);
            }
            let last = hs.last().expect("h_T");
            let loss = last.iter().map(|v| v * v).sum::<f32>();
            let mut dh = last * 2.0;
            let (mut dwx, mut dwh) =
                (Array2::<f32>::zeros(wx.raw_dim()), Array2::<f32>::zeros(wh.raw_dim()));
            let mut db = Array1::<f32>::zeros(W4_H);
            for t in (0..W4_T).rev() {
                let dz = dh * hs[t + 1].mapv(|v| 1.0 - v * v);
                dwx += &xs[t].t().dot(&dz);
                dwh += &hs[t].t().dot(&dz);
                db += &dz.sum_axis(Axis(0));
                dh = dz.dot(&wh.t());
            }
            vec![Tensor::from(loss), Tensor::from(dwx), Tensor::from(dwh), Tensor::from(db)]
        }),
        shape: w4_shape(),
        derived: |median| gflops(w4_flops())(median),
        checks: loss_and_grad_sums,
    }
}

fn w5_data() -> Vec<f32> {
    let mut rng = Pcg64::numpy_default_rng(W5_SEED);
    let data: Vec<f32> = (0..W5_N).map(|_| rng.uniform(-1.0, 1.0) as f32).collect();
    // common.w5_data()[:3] and its sum in f64, printed by numpy.
    let head: Vec<f64> = data[..3].iter().map(|&v| v as f64).collect();
    let total: f64 = data.iter().map(|&v| v as f64).sum();
    assert_eq!(head, [-0.8287016749382019, -0.5263789892196655, 0.6025489568710327]);
    assert!((total - -11.19488629733678).abs() < 1e-9, "W5 data sum {total}");
    data
}

// ------------------------------------------------------------------ harness (as common.py)

struct Args {
    quick: bool,
    only: Vec<String>,
}

impl Args {
    fn parse() -> Args {
        let mut args = Args { quick: false, only: Vec::new() };
        let mut it = std::env::args().skip(1);
        while let Some(a) = it.next() {
            let list = match a.as_str() {
                "--quick" => {
                    args.quick = true;
                    continue;
                }
                "--only" => it.next().unwrap_or_else(|| usage("--only needs a value")),
                _ => match a.strip_prefix("--only=") {
                    Some(list) => list.to_string(),
                    None => usage(&format!("unknown argument {a:?}")),
                },
            };
            args.only
                .extend(list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from));
        }
        args
    }

    /// common.py's `want`: everything by default; `W3` selects `W3a` and `W3b`.
    fn want(&self, name: &str) -> bool {
        self.only.is_empty()
            || self.only.iter().any(|o| o == name || name.get(..2) == Some(o.as_str()))
    }
}

fn usage(error: &str) -> ! {
    eprintln!("error: {error}\nusage: bench [--quick] [--only W1,W5]");
    std::process::exit(2)
}

struct Measurement {
    median: f64,
    reps: usize,
    inner: usize,
    min: f64,
}

/// common.py's `bench`: median wall time of one call.
fn bench<R>(mut f: impl FnMut() -> R, quick: bool, warmup: usize) -> Measurement {
    for _ in 0..warmup {
        black_box(f());
    }
    let t0 = Instant::now();
    black_box(f());
    let single = t0.elapsed().as_secs_f64();
    let (target, reps) = if quick { (0.02, 5) } else { (0.2, 7) };
    let inner = ((target / single.max(1e-9)) as usize).max(1);
    let mut times: Vec<f64> = (0..reps)
        .map(|_| {
            let t0 = Instant::now();
            for _ in 0..inner {
                black_box(f());
            }
            t0.elapsed().as_secs_f64() / inner as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median =
        if reps % 2 == 1 { times[reps / 2] } else { (times[reps / 2 - 1] + times[reps / 2]) / 2.0 };
    Measurement { median, reps, inner, min: times[0] }
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
            ("workload", Json::str(name)),
            ("system", Json::str(w.system)),
            ("median_s", Json::Num(m.median)),
            ("n", Json::Int(m.reps as i64)),
            ("inner", Json::Int(m.inner as i64)),
            ("min_s", Json::Num(m.min)),
        ];
        line.extend(w.shape);
        line.extend((w.derived)(m.median));
        line.extend(checks);
        println!("{}", Json::object(line));
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
            .map_or(Json::Null, |kb| Json::Num(kb / 1024.0))
    };
    let (params, x, labels) = w2_params(W2_BATCH);
    let mut after_first = Json::Null;
    for step in 0..steps {
        let tape = diff(|| mlp_loss(&params, &x, &labels));
        for p in &params {
            p.axpy(-0.01, &grad(&tape, p).expect("every parameter is used"));
        }
        if step == 0 {
            after_first = rss("VmRSS:");
        }
    }
    println!(
        "{}",
        Json::object(vec![
            ("workload", Json::str("W2-train")),
            ("system", Json::str(SYSTEM)),
            ("steps", Json::Int(steps as i64)),
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
            .map_or(Json::Null, |o| Json::str(String::from_utf8_lossy(&o.stdout).trim()));
    let env = ["OMP_NUM_THREADS", "RAYON_NUM_THREADS", "AUTOGRAD_TIMER"]
        .iter()
        .map(|&k| (k, std::env::var(k).map_or(Json::Null, Json::str)))
        .collect();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "{}",
        Json::object(vec![
            ("workload", Json::str("meta")),
            ("system", Json::str(SYSTEM)),
            ("autograd", Json::str(env!("CARGO_PKG_VERSION"))),
            ("rustc", rustc),
            ("profile", Json::str(if cfg!(debug_assertions) { "debug" } else { "release" })),
            // autograd runs every primitive on the calling thread (ndarray without rayon).
            ("threads", Json::Int(1)),
            ("available_parallelism", Json::Int(cores as i64)),
            ("env", Json::object(env)),
        ])
    );
}

// ------------------------------------------------------------------ minimal JSON output

enum Json {
    Null,
    Int(i64),
    Num(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl Json {
    fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    fn object(fields: Vec<(&'static str, Json)>) -> Json {
        Json::Object(fields)
    }

    fn ints(values: &[usize]) -> Json {
        Json::Array(values.iter().map(|&v| Json::Int(v as i64)).collect())
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Int(i) => write!(f, "{i}"),
            // `{:?}` is the shortest round-trip form, with an exponent for tiny and huge values
            // (`3.938975628904107e-5`), which JSON accepts; JSON has no NaN or infinity.
            Json::Num(x) if x.is_finite() => write!(f, "{x:?}"),
            Json::Num(_) => f.write_str("null"),
            Json::Str(s) => {
                f.write_str("\"")?;
                for c in s.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"")
            }
            Json::Array(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    write!(f, "{}{v}", if i == 0 { "" } else { ", " })?;
                }
                f.write_str("]")
            }
            Json::Object(fields) => {
                f.write_str("{")?;
                for (i, (k, v)) in fields.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{}: {v}", Json::str(*k))?;
                }
                f.write_str("}")
            }
        }
    }
}

// ------------------------------------------------------------------ numpy's default_rng

/// numpy's `PCG64` bit generator seeded as `numpy.random.default_rng(seed)` does (through
/// `SeedSequence`), so the benchmark starts from the same numbers as the Python peers.
struct Pcg64 {
    state: u128,
    inc: u128,
}

impl Pcg64 {
    const MULT: u128 = 0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645;

    fn numpy_default_rng(seed: u64) -> Pcg64 {
        let s = seed_sequence_state(seed, 8);
        let word = |i: usize| (s[2 * i] as u64 | (s[2 * i + 1] as u64) << 32) as u128;
        let (initstate, initseq) = (word(0) << 64 | word(1), word(2) << 64 | word(3));
        let mut rng = Pcg64 { state: 0, inc: initseq << 1 | 1 };
        rng.step();
        rng.state = rng.state.wrapping_add(initstate);
        rng.step();
        rng
    }

    fn step(&mut self) {
        self.state = self.state.wrapping_mul(Self::MULT).wrapping_add(self.inc);
    }

    fn next_u64(&mut self) -> u64 {
        self.step();
        let (hi, lo) = ((self.state >> 64) as u64, self.state as u64);
        (hi ^ lo).rotate_right((self.state >> 122) as u32)
    }

    /// `Generator.uniform(low, high)`: `low + (high - low) * u` with a 53-bit `u` in [0, 1).
    fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let u = (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0);
        low + (high - low) * u
    }
}

/// `numpy.random.SeedSequence(seed).generate_state(n_words)` (32-bit words) for a seed < 2³².
fn seed_sequence_state(seed: u64, n_words: usize) -> Vec<u32> {
    const INIT_A: u32 = 0x43b0_d7e5;
    const MULT_A: u32 = 0x931e_8875;
    const INIT_B: u32 = 0x8b51_f9dd;
    const MULT_B: u32 = 0x58f3_8ded;
    const MIX_MULT_L: u32 = 0xca01_f9dd;
    const MIX_MULT_R: u32 = 0x4973_f715;
    assert!(seed <= u32::MAX as u64, "only one-word seeds are implemented");
    let mut hash_const = INIT_A;
    let mut hashmix = |value: u32| {
        let mut v = value ^ hash_const;
        hash_const = hash_const.wrapping_mul(MULT_A);
        v = v.wrapping_mul(hash_const);
        v ^ (v >> 16)
    };
    let mix = |x: u32, y: u32| {
        let r = MIX_MULT_L.wrapping_mul(x).wrapping_sub(MIX_MULT_R.wrapping_mul(y));
        r ^ (r >> 16)
    };
    let entropy = [seed as u32];
    let mut pool = [0u32; 4];
    for (i, p) in pool.iter_mut().enumerate() {
        *p = hashmix(entropy.get(i).copied().unwrap_or(0));
    }
    for src in 0..pool.len() {
        for dst in 0..pool.len() {
            if src != dst {
                pool[dst] = mix(pool[dst], hashmix(pool[src]));
            }
        }
    }
    let mut hash_const = INIT_B;
    (0..n_words)
        .map(|i| {
            let mut v = pool[i % pool.len()] ^ hash_const;
            hash_const = hash_const.wrapping_mul(MULT_B);
            v = v.wrapping_mul(hash_const);
            v ^ (v >> 16)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// numpy: `SeedSequence(3).generate_state(4, np.uint64)`,
    /// `default_rng(3).bit_generator.random_raw(3)` and `common.w5_data()`.
    #[test]
    fn reproduces_numpy_default_rng() {
        let s = seed_sequence_state(3, 8);
        assert_eq!(s[0] as u64 | (s[1] as u64) << 32, 0xad06_8d6f_5dfd_711b);
        assert_eq!(s[6] as u64 | (s[7] as u64) << 32, 0x176c_45c5_e335_5f0f);
        let mut rng = Pcg64::numpy_default_rng(3);
        let raw: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(raw, [0x15ed_1a93_cfbe_c2f8, 0x3c9f_9d05_2def_d3f5, 0xcd20_52c7_2e6d_ec36]);
        assert_eq!(w5_data().len(), W5_N); // checks the numbers too
    }
}
