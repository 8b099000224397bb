//! Seeing inside: Debug output, node listings and dumps, Graphviz export, AUTOGRAD_TIMER.

use std::process::Command;

use autograd::prelude::*;
use autograd::{diff_debug, linalg::matmul, math::tanh, reduce::sum_axes};
use ndarray::array;

#[test]
fn debug_shows_dtype_shape_and_values() {
    let t = Tensor::from(array![[1.0f32, 2.0], [3.0, 4.0]]);
    assert_eq!(format!("{t:?}"), "Tensor<f32, [2, 2]>\n[[1, 2],\n [3, 4]]");
    let p = Param::named("w", vec![0.5]);
    assert_eq!(format!("{p:?}"), "Param \"w\" Tensor<f64, [1]> [0.5]");
    let big = Tensor::from(vec![0.0; 1000]);
    assert!(format!("{big:?}").contains("..."), "long tensors are abbreviated like ndarray");
}

#[test]
fn nodes_list_op_shape_parents_children_and_gradient() {
    let w = Param::named("w", array![[1.0, 2.0], [3.0, 4.0]]);
    let x = Tensor::from(array![[1.0, -1.0]]);
    let tape = diff(|| sum_axes(&tanh(&matmul(&x, &w)), &[1]).sum());
    let listing = tape.listing();
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 5, "{listing}");
    assert!(lines[0].starts_with("   0 Param(w) [2, 2] f64 → 1  ∇ [["), "{listing}");
    assert_eq!(lines[1], "   1 matmul [1, 2] f64 ← 0 → 2");
    assert_eq!(lines[3], "   3 sum_axes(axes = [1]) [1] f64 ← 2 → 4");
    assert_eq!(lines[4], "   4 sum [] f64 ← 3");
}

#[test]
fn a_node_dump_shows_value_inputs_constants_and_gradient() {
    let x = Param::new(array![[1.0, 2.0], [3.0, 4.0]]);
    let tape = diff_debug(|| sum(&sum_axes(&(&x * &x), &[0])));
    let node = &tape.nodes()[2];
    assert_eq!(node.op, "sum_axes");
    assert_eq!(node.constants, "axes = [0]");
    assert_eq!(node.value.as_ref().unwrap().to_vec::<f64>(), vec![10.0, 20.0]);
    assert_eq!(node.grad.as_ref().unwrap().to_vec::<f64>(), vec![1.0, 1.0]);
    assert_eq!(node.inputs[0].to_vec::<f64>(), vec![1.0, 4.0, 9.0, 16.0]);
    let dump = format!("{node:#?}");
    for part in ["op: \"sum_axes\"", "constants: \"axes = [0]\"", "inputs: [", "grad: Some("] {
        assert!(dump.contains(part), "{part} missing from\n{dump}");
    }
}

#[test]
fn dot_export_parses_with_graphviz_and_has_the_right_counts() {
    let (w, b) = (Param::named("w", array![[0.5], [-0.5]]), Param::named("b", 0.1));
    let x = Tensor::from(array![[1.0, 2.0], [3.0, 4.0]]);
    let tape = diff(|| mean(&abs2(&(matmul(&x, &w) + &b))));
    // Nodes: w, matmul, b, add, abs2, mean; edges: w→matmul, matmul→add, b→add, add→abs2, abs2→mean.
    let dot = tape.to_dot();
    let Ok(out) = Command::new("dot").arg("-Tplain").stdin_piped_with(&dot) else {
        assert!(std::env::var_os("CI").is_none(), "CI installs graphviz; `dot` must be present");
        eprintln!("skipping: the graphviz `dot` program is not installed");
        return;
    };
    let plain = String::from_utf8(out).unwrap();
    let count = |kind: &str| plain.lines().filter(|l| l.starts_with(kind)).count();
    assert_eq!((count("node "), count("edge ")), (6, 5), "{dot}");
    assert!(dot.contains("Param(w)") && dot.contains("fillcolor"), "{dot}");
}

trait PipeIn {
    fn stdin_piped_with(&mut self, input: &str) -> std::io::Result<Vec<u8>>;
}

impl PipeIn for Command {
    fn stdin_piped_with(&mut self, input: &str) -> std::io::Result<Vec<u8>> {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = self.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
        child.stdin.take().unwrap().write_all(input.as_bytes())?;
        let out = child.wait_with_output()?;
        assert!(out.status.success(), "dot rejected the graph");
        Ok(out.stdout)
    }
}

/// The timer reads `AUTOGRAD_TIMER` once per process, so this test runs itself again in a child
/// process with the variable set.
#[test]
fn autograd_timer_profiles_forward_backward_record_and_accumulate() {
    if std::env::var_os("AUTOGRAD_TIMER").is_none() {
        let me = std::env::current_exe().unwrap();
        let out = Command::new(me)
            .args(["autograd_timer_profiles_forward_backward_record_and_accumulate", "--exact"])
            .env("AUTOGRAD_TIMER", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains("1 passed"), "child failed:\n{text}");
        return;
    }
    assert!(autograd::timer::is_enabled());
    autograd::timer::reset();
    let w = Param::new(array![[1.0, 2.0], [3.0, 4.0]]);
    for _ in 0..3 {
        let _ = diff(|| sum(&(&w * &w + &w)));
    }
    let report = autograd::timer::report();
    let row = |label: &str| report.rows.iter().find(|r| r.label == label).cloned();
    assert_eq!(row("mul").unwrap().calls, 3);
    assert_eq!(row("mul").unwrap().bytes, 3 * 4 * 8);
    assert_eq!(row("mul[1]").unwrap().calls, 3);
    assert_eq!(row("sum[1]").unwrap().calls, 3);
    assert_eq!(row("record").unwrap().calls, 9);
    assert_eq!(row("accumulate").unwrap().calls, 3 * 2, "w is used three times per step");
    let percent: f64 = report.rows.iter().map(|r| r.percent).sum();
    assert!((percent - 100.0).abs() < 1e-6);
    let table = report.to_string();
    assert!(table.starts_with("label") && table.contains("mul[2]"), "{table}");
    autograd::timer::reset();
    assert!(autograd::timer::report().rows.is_empty());
}

#[test]
fn without_the_variable_nothing_is_recorded() {
    if std::env::var_os("AUTOGRAD_TIMER").is_some() {
        return;
    }
    let _ = diff(|| sum(&abs2(&Param::new(vec![1.0]))));
    assert!(!autograd::timer::is_enabled());
    assert!(autograd::timer::report().rows.is_empty());
}
