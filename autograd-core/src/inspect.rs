//! Seeing inside a tape: the node listing (AutoGrad.jl's `collect(tape)`), one node's dump
//! (`dump(node)`), and Graphviz export.

use std::fmt::{self, Write};

use crate::{DType, Tape, Tensor};

/// One recorded node, as listed by [`Tape::nodes`]. `{}` shows one line; `{:#?}` the whole
/// node, values included.
#[derive(Clone, Debug)]
pub struct NodeView {
    /// Position on the tape.
    pub index: usize,
    /// The primitive's name; `Param` for a parameter, `arg` for an argument of `gradfun`.
    pub op: &'static str,
    /// The non-tensor arguments (axes, shapes …), or a parameter's name.
    pub constants: String,
    /// The output's shape (the first output's, for a multi-output primitive).
    pub shape: Vec<usize>,
    /// The output's element type (the first output's).
    pub dtype: DType,
    /// Tape positions of the arguments that were tracked on this tape.
    pub parents: Vec<usize>,
    /// Tape positions of the nodes that used this one.
    pub children: Vec<usize>,
    /// The arguments (kept by [`diff_debug`](crate::diff_debug) only).
    pub inputs: Vec<Tensor>,
    /// The value: kept for leaves and the result, and for every node by
    /// [`diff_debug`](crate::diff_debug) (the first output's).
    pub value: Option<Tensor>,
    /// The accumulated gradient: kept for leaves, and for every node by
    /// [`diff_debug`](crate::diff_debug) (the first output's).
    pub grad: Option<Tensor>,
    /// Every output: one, or several for a primitive that returns a tuple (`qr`'s `Q` and
    /// `R`), which is one node.
    pub outputs: Vec<OutputView>,
}

/// One output of a recorded node.
#[derive(Clone, Debug)]
pub struct OutputView {
    /// Its shape.
    pub shape: Vec<usize>,
    /// Its element type.
    pub dtype: DType,
    /// Its value, where kept (see [`NodeView::value`]).
    pub value: Option<Tensor>,
    /// Its accumulated gradient, where kept; `None` also for an output that took no part.
    pub grad: Option<Tensor>,
}

impl fmt::Display for NodeView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>4} {}", self.index, self.op)?;
        if !self.constants.is_empty() {
            write!(f, "({})", self.constants)?;
        }
        let shapes: Vec<String> =
            self.outputs.iter().map(|o| format!("{:?} {}", o.shape, o.dtype)).collect();
        write!(f, " {}", shapes.join(", "))?;
        if !self.parents.is_empty() {
            write!(f, " ← {}", join(&self.parents))?;
        }
        if !self.children.is_empty() {
            write!(f, " → {}", join(&self.children))?;
        }
        let several = self.outputs.len() > 1;
        for (k, output) in self.outputs.iter().enumerate() {
            if let Some(g) = &output.grad {
                let g = g.detach().to_string().replace('\n', " ");
                if several {
                    write!(f, "  ∇{} {g}", k + 1)?;
                } else {
                    write!(f, "  ∇ {g}")?;
                }
            }
        }
        Ok(())
    }
}

fn join(indices: &[usize]) -> String {
    indices.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

impl Tape {
    /// The recorded nodes in order, leaves (parameters) included.
    ///
    /// ```
    /// use autograd::{diff, Param};
    /// let x = Param::named("x", vec![1.0, 2.0]);
    /// let tape = diff(|| (&x * 2.0).sum_to(&[]));
    /// let listing: Vec<String> = tape.nodes().iter().map(|n| n.to_string()).collect();
    /// assert_eq!(listing[0], "   0 Param(x) [2] f64 → 1  ∇ [2, 2]");
    /// assert_eq!(listing[1], "   1 mul [2] f64 ← 0 → 2");
    /// ```
    pub fn nodes(&self) -> Vec<NodeView> {
        let mut children = vec![Vec::new(); self.nodes.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            for p in n.parents.iter().flatten() {
                children[p.node].push(i);
            }
        }
        self.nodes
            .iter()
            .zip(children)
            .enumerate()
            .map(|(index, (n, children))| NodeView {
                index,
                op: n.name,
                constants: match &n.op {
                    Some(op) => op.constants(),
                    None => n.label.clone(),
                },
                shape: n.outputs[0].shape.to_vec(),
                dtype: n.outputs[0].dtype,
                parents: n.parents.iter().flatten().map(|p| p.node).collect(),
                children,
                inputs: n.inputs.iter().map(Tensor::detach).collect(),
                value: n.outputs[0].value.as_ref().map(Tensor::detach),
                grad: n.outputs[0].grad.as_ref().map(Tensor::detach),
                outputs: n
                    .outputs
                    .iter()
                    .map(|o| OutputView {
                        shape: o.shape.to_vec(),
                        dtype: o.dtype,
                        value: o.value.as_ref().map(Tensor::detach),
                        grad: o.grad.as_ref().map(Tensor::detach),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The listing of [`Tape::nodes`], one line per node.
    pub fn listing(&self) -> String {
        self.nodes().iter().map(|n| format!("{n}\n")).collect()
    }

    /// The graph in Graphviz DOT: one node per recorded call labelled with its op and the
    /// shape of each output, parameters highlighted, an edge from each argument to its use
    /// (labelled with the output's number where the argument is one of several outputs).
    pub fn to_dot(&self) -> String {
        let mut dot = String::from(
            "digraph tape {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n",
        );
        for (n, node) in self.nodes().into_iter().zip(&self.nodes) {
            let name = if n.constants.is_empty() {
                n.op.to_string()
            } else {
                format!("{}({})", n.op, n.constants)
            };
            let shapes: Vec<String> =
                n.outputs.iter().map(|o| format!("{:?} {}", o.shape, o.dtype)).collect();
            let label = format!("{}: {}\\n{}", n.index, escape(&name), shapes.join("\\n"));
            let style =
                if n.parents.is_empty() { ", style=filled, fillcolor=\"#cde4ff\"" } else { "" };
            writeln!(dot, "  n{} [label=\"{label}\"{style}];", n.index).expect("write to String");
            for p in node.parents.iter().flatten() {
                let edge = if self.nodes[p.node].outputs.len() > 1 {
                    format!(" [label=\"{}\"]", p.output + 1)
                } else {
                    String::new()
                };
                writeln!(dot, "  n{} -> n{}{edge};", p.node, n.index).expect("write to String");
            }
        }
        dot.push_str("}\n");
        dot
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
