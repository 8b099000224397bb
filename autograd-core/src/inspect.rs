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
    /// The output's shape.
    pub shape: Vec<usize>,
    /// The output's element type.
    pub dtype: DType,
    /// Tape positions of the arguments that were tracked on this tape.
    pub parents: Vec<usize>,
    /// Tape positions of the nodes that used this one.
    pub children: Vec<usize>,
    /// The arguments (kept by [`diff_debug`](crate::diff_debug) only).
    pub inputs: Vec<Tensor>,
    /// The value: kept for leaves and the result, and for every node by
    /// [`diff_debug`](crate::diff_debug).
    pub value: Option<Tensor>,
    /// The accumulated gradient: kept for leaves, and for every node by
    /// [`diff_debug`](crate::diff_debug).
    pub grad: Option<Tensor>,
}

impl fmt::Display for NodeView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>4} {}", self.index, self.op)?;
        if !self.constants.is_empty() {
            write!(f, "({})", self.constants)?;
        }
        write!(f, " {:?} {}", self.shape, self.dtype)?;
        if !self.parents.is_empty() {
            write!(f, " ← {}", join(&self.parents))?;
        }
        if !self.children.is_empty() {
            write!(f, " → {}", join(&self.children))?;
        }
        if let Some(g) = &self.grad {
            let g = g.detach().to_string().replace('\n', " ");
            write!(f, "  ∇ {g}")?;
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
            for &p in n.parents.iter().flatten() {
                children[p].push(i);
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
                shape: n.shape.to_vec(),
                dtype: n.dtype,
                parents: n.parents.iter().flatten().copied().collect(),
                children,
                inputs: n.inputs.iter().map(Tensor::detach).collect(),
                value: n.output.as_ref().map(Tensor::detach),
                grad: n.grad.as_ref().map(Tensor::detach),
            })
            .collect()
    }

    /// The listing of [`Tape::nodes`], one line per node.
    pub fn listing(&self) -> String {
        self.nodes().iter().map(|n| format!("{n}\n")).collect()
    }

    /// The graph in Graphviz DOT: one node per recorded call labelled with its op and shape,
    /// parameters highlighted, an edge from each argument to its use.
    pub fn to_dot(&self) -> String {
        let mut dot = String::from(
            "digraph tape {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n",
        );
        for n in self.nodes() {
            let name = if n.constants.is_empty() {
                n.op.to_string()
            } else {
                format!("{}({})", n.op, n.constants)
            };
            let label = format!("{}: {}\\n{:?} {}", n.index, escape(&name), n.shape, n.dtype);
            let style =
                if n.parents.is_empty() { ", style=filled, fillcolor=\"#cde4ff\"" } else { "" };
            writeln!(dot, "  n{} [label=\"{label}\"{style}];", n.index).expect("write to String");
            for p in &n.parents {
                writeln!(dot, "  n{p} -> n{};", n.index).expect("write to String");
            }
        }
        dot.push_str("}\n");
        dot
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
