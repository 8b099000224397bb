//! The timing method of `common.py` and the command line.

use std::hint::black_box;
use std::time::Instant;

/// The command line: `--quick`, `--only W1,W5`.
pub struct Args {
    pub quick: bool,
    pub only: Vec<String>,
}

impl Args {
    pub fn parse() -> Args {
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
    pub fn want(&self, name: &str) -> bool {
        self.only.is_empty()
            || self.only.iter().any(|o| o == name || name.get(..2) == Some(o.as_str()))
    }
}

/// Prints the usage with `error` and exits.
pub fn usage(error: &str) -> ! {
    eprintln!("error: {error}\nusage: bench [--quick] [--only W1,W5]");
    std::process::exit(2)
}

/// Per-call times of one workload.
pub struct Measurement {
    pub median: f64,
    pub reps: usize,
    pub inner: usize,
    pub min: f64,
}

/// common.py's `bench`: median wall time of one call.
pub fn bench<R>(mut f: impl FnMut() -> R, quick: bool, warmup: usize) -> Measurement {
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
