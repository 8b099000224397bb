//! The tape: recording primitive calls on a thread-local stack of tapes, and the backward pass.
//!
//! A value tracked on tape `T` is `Repr::Tracked { value, tape: T, .. }` whose `value` may in turn
//! be tracked on an outer tape (AutoGrad.jl's Result-in-Result). A primitive called on tracked
//! arguments unwraps the innermost level, calls itself on the unwrapped values (which records on
//! the outer tapes, if any), and records one node on the innermost tape. The backward pass of an
//! inner tape runs the gradient rules, themselves primitives, on values tracked on the outer
//! tapes, so it is recorded there: gradients of gradients, to any order.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use smallvec::SmallVec;

use crate::tensor::{Repr, Storage};
use crate::Tensor;

/// A differentiable operation: what the `#[primitive]` macro generates for each function.
///
/// Not implemented by hand in this workspace: a gradient rule lives next to its forward
/// function, in the attribute.
pub trait Op: Send + Sync + 'static {
    /// The primitive's name, shown in errors, tape listings and profiles.
    fn name(&self) -> &'static str;

    /// Computes the outputs from plain (untracked) arguments: one, or several for a primitive
    /// that returns a tuple (`qr`'s `Q` and `R`).
    fn forward(&self, args: &[Tensor]) -> Outputs;

    /// The gradient with respect to argument `arg`, given the incoming gradients `dys` (one
    /// per output, `None` for an output that took no part in the result; at least one is
    /// `Some`), the arguments and the outputs `ys`; `None` when that argument takes no
    /// gradient.
    fn backward(
        &self,
        arg: usize,
        dys: &[Option<Tensor>],
        args: &[Tensor],
        ys: &[Tensor],
    ) -> Option<Tensor>;

    /// The non-tensor arguments (axes, shapes, flags), for tape listings.
    fn constants(&self) -> String {
        String::new()
    }
}

pub(crate) type Args = SmallVec<[Tensor; 3]>;

/// What a primitive computes: one tensor, or several for a multi-output primitive.
pub type Outputs = SmallVec<[Tensor; 1]>;

/// One recorded call (or a leaf: a parameter or an argument differentiated with respect to).
/// A multi-output primitive is one node with several outputs, so its forward code and each of
/// its rules run once per call, whichever outputs the result used.
pub(crate) struct Node {
    pub(crate) op: Option<Box<dyn Op>>,
    pub(crate) name: &'static str,
    /// A leaf's label (a parameter's name). An op's constants are described by the op itself,
    /// when a listing asks.
    pub(crate) label: String,
    pub(crate) outputs: SmallVec<[Slot; 1]>,
    pub(crate) inputs: Args,
    pub(crate) parents: SmallVec<[Option<Parent>; 3]>,
}

/// One output of a node: what it is, its value while the backward pass needs it, and the
/// gradient accumulated into it.
pub(crate) struct Slot {
    pub(crate) shape: SmallVec<[usize; 4]>,
    pub(crate) dtype: crate::DType,
    pub(crate) value: Option<Tensor>,
    pub(crate) grad: Option<Tensor>,
}

impl Slot {
    fn of(value: Tensor) -> Slot {
        Slot {
            shape: SmallVec::from_slice(value.shape()),
            dtype: value.dtype(),
            value: Some(value),
            grad: None,
        }
    }
}

/// Where an argument came from: output `output` of node `node`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parent {
    pub(crate) node: usize,
    pub(crate) output: usize,
}

/// A tape while it records.
struct Recording {
    id: u64,
    nodes: Vec<Node>,
    /// Parameter id → the parameter tracked on this tape.
    params: HashMap<u64, Tensor>,
}

thread_local! {
    static STACK: RefCell<Vec<Recording>> = const { RefCell::new(Vec::new()) };
}

static NEXT_TAPE_ID: AtomicU64 = AtomicU64::new(1);

pub(crate) fn is_active(tape: u64, depth: usize) -> bool {
    STACK.with(|s| s.borrow().get(depth).is_some_and(|r| r.id == tape))
}

fn any_recording() -> bool {
    STACK.with(|s| !s.borrow().is_empty())
}

/// Calls a single-output `op` on `args` (see [`apply_outputs`]).
#[doc(hidden)]
pub fn apply<O: Op + Clone>(op: O, args: &[&Tensor]) -> Tensor {
    apply_outputs(op, args).into_iter().next().expect("an op has an output")
}

/// Calls `op` on `args`, recording it on the innermost tape that tracks any argument, and
/// returns its outputs. Its callers are public entry points (the generated functions,
/// `to_dtype`), which locate errors.
#[doc(hidden)]
pub fn apply_outputs<O: Op + Clone>(op: O, args: &[&Tensor]) -> Outputs {
    if !any_recording() {
        let plain: Args = args.iter().map(|a| a.detach()).collect();
        return crate::timer::forward(op.name(), || op.forward(&plain));
    }
    let resolved: Args = args.iter().map(|a| resolve(a)).collect();
    apply_resolved(&op, resolved)
}

fn apply_resolved<O: Op + Clone>(op: &O, args: Args) -> Outputs {
    let innermost = args
        .iter()
        .filter_map(|a| match &*a.0 {
            Repr::Tracked { tape, depth, .. } => Some((*depth, *tape)),
            _ => None,
        })
        .max();
    let Some((depth, tape)) = innermost else {
        return crate::timer::forward(op.name(), || op.forward(&args));
    };
    let mut inputs = Args::new();
    let mut parents = SmallVec::new();
    for a in &args {
        match &*a.0 {
            Repr::Tracked { value, tape: t, index, output, .. } if *t == tape => {
                inputs.push(value.clone());
                parents.push(Some(Parent { node: *index, output: *output }));
            }
            _ => {
                inputs.push(a.clone());
                parents.push(None);
            }
        }
    }
    let outputs = apply_resolved(op, inputs.clone());
    let node = Node {
        op: Some(Box::new(op.clone())),
        name: op.name(),
        label: String::new(),
        outputs: one_or_many(outputs.iter(), |o| Slot::of(o.clone())),
        inputs,
        parents,
    };
    let index = crate::timer::record(|| push_node(depth, node));
    one_or_many(outputs.into_iter().enumerate(), |(output, value)| {
        Tensor::from_repr(Repr::Tracked { value, tape, depth, index, output })
    })
}

/// `items` mapped by `f`, for a node's per-output lists. One item (nearly every node) is built
/// directly: SmallVec's collecting costs more than the rest of recording a scalar op.
fn one_or_many<T, U>(
    mut items: impl ExactSizeIterator<Item = T>,
    mut f: impl FnMut(T) -> U,
) -> SmallVec<[U; 1]> {
    if items.len() == 1 {
        SmallVec::from_buf([f(items.next().expect("one item"))])
    } else {
        items.map(f).collect()
    }
}

fn push_node(depth: usize, node: Node) -> usize {
    STACK.with(|s| {
        let mut stack = s.borrow_mut();
        let nodes = &mut stack[depth].nodes;
        nodes.push(node);
        nodes.len() - 1
    })
}

/// Makes `t` ready for recording: parameters become tracked on every active tape (once per
/// tape), and tracking by tapes that no longer record is stripped.
pub(crate) fn resolve(t: &Tensor) -> Tensor {
    match &*t.0 {
        Repr::Data(_) => t.clone(),
        Repr::SparseRows { .. } => t.detach(),
        Repr::Tracked { value, tape, depth, .. } => {
            if is_active(*tape, *depth) {
                t.clone()
            } else {
                resolve(value)
            }
        }
        Repr::Param(cell) => STACK.with(|s| {
            let mut stack = s.borrow_mut();
            let mut current = cell.get();
            for (depth, recording) in stack.iter_mut().enumerate() {
                if let Some(tracked) = recording.params.get(&cell.id) {
                    current = tracked.clone();
                    continue;
                }
                let name = cell.name.clone().unwrap_or_default();
                recording.nodes.push(leaf("Param", name, current.clone()));
                let index = recording.nodes.len() - 1;
                current = Tensor::from_repr(Repr::Tracked {
                    value: current,
                    tape: recording.id,
                    depth,
                    index,
                    output: 0,
                });
                recording.params.insert(cell.id, current.clone());
            }
            current
        }),
    }
}

fn leaf(name: &'static str, label: String, value: Tensor) -> Node {
    Node {
        op: None,
        name,
        label,
        outputs: std::iter::once(Slot::of(value)).collect(),
        inputs: Args::new(),
        parents: SmallVec::new(),
    }
}

/// Pops the tape it guards when dropped, so a panic inside `diff` leaves the stack as it was.
struct Guard {
    depth: usize,
    id: u64,
    popped: bool,
}

impl Guard {
    fn push() -> Guard {
        let id = NEXT_TAPE_ID.fetch_add(1, Ordering::Relaxed);
        let depth = STACK.with(|s| {
            let mut stack = s.borrow_mut();
            stack.push(Recording { id, nodes: Vec::new(), params: HashMap::new() });
            stack.len() - 1
        });
        Guard { depth, id, popped: false }
    }

    fn pop(mut self) -> Recording {
        self.popped = true;
        STACK.with(|s| {
            let mut stack = s.borrow_mut();
            debug_assert_eq!(stack.len(), self.depth + 1, "tapes are nested");
            stack.truncate(self.depth + 1);
            stack.pop().expect("the guarded tape is on the stack")
        })
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.popped {
            // Unwinding: drop this tape and any tape a panicking closure left above it.
            let removed: Vec<Recording> = STACK.with(|s| {
                let mut stack = s.borrow_mut();
                if stack.get(self.depth).is_some_and(|r| r.id == self.id) {
                    stack.drain(self.depth..).collect()
                } else {
                    Vec::new()
                }
            });
            drop(removed);
        }
    }
}

/// The result of [`diff`](crate::diff): the value of the function and the gradients of every
/// parameter it used. Displays like AutoGrad.jl's `T(14.0)`.
pub struct Tape {
    pub(crate) id: u64,
    /// The function's value, unwrapped from this tape (it may still be tracked on outer tapes).
    pub(crate) value: Tensor,
    pub(crate) nodes: Vec<Node>,
    /// Parameter id → leaf node.
    pub(crate) params: HashMap<u64, usize>,
    /// Leaf nodes of the arguments given to `record`.
    pub(crate) leaves: Vec<usize>,
}

/// Runs `f` on a fresh tape with `args` tracked as leaves, then the backward pass.
pub(crate) fn record(
    args: &[Tensor],
    keep: bool,
    f: impl FnOnce(&[Tensor]) -> Tensor,
) -> crate::Result<Tape> {
    // Resolve the arguments before this tape records: a `Param` given as an argument is then
    // tracked on the outer tapes only, and its leaf here is the argument's own.
    let resolved: Vec<Tensor> = args.iter().map(resolve).collect();
    let guard = Guard::push();
    let (depth, id) = (guard.depth, guard.id);
    let mut leaves = Vec::with_capacity(args.len());
    let tracked: Vec<Tensor> = resolved
        .into_iter()
        .map(|value| {
            let index = push_node(depth, leaf("arg", String::new(), value.clone()));
            leaves.push(index);
            Tensor::from_repr(Repr::Tracked { value, tape: id, depth, index, output: 0 })
        })
        .collect();
    let output = resolve(&crate::raise::user_code(|| f(&tracked)));
    let recording = guard.pop();
    if output.len() != 1 {
        return Err(crate::Error::new(
            "diff",
            crate::ErrorKind::NotScalar(output.shape().to_vec()),
        ));
    }
    let params = recording.params.iter().map(|(&pid, t)| (pid, node_index(t))).collect();
    let mut tape = Tape { id, value: output.clone(), nodes: recording.nodes, params, leaves };
    if let Repr::Tracked { value, tape: t, index, output, .. } = &*output.0 {
        if *t == id {
            tape.value = value.clone();
            let result = Parent { node: *index, output: *output };
            backward(&mut tape.nodes, result, keep);
            tape.nodes[*index].outputs[*output].value = Some(value.clone());
        }
    }
    Ok(tape)
}

fn node_index(tracked: &Tensor) -> usize {
    match &*tracked.0 {
        Repr::Tracked { index, .. } => *index,
        _ => unreachable!("recorded parameters are tracked"),
    }
}

/// Walks the tape backwards from output `result`, accumulating gradients into the leaves.
/// Unless `keep` is set, every intermediate value is dropped as soon as it has been used.
fn backward(nodes: &mut [Node], result: Parent, keep: bool) {
    let slot = &mut nodes[result.node].outputs[result.output];
    slot.grad = Some(slot.value.as_ref().expect("recorded output").detach().ones_like());
    for i in (0..=result.node).rev() {
        let node = &mut nodes[i];
        let Some(op) = node.op.take() else { continue };
        let inputs = std::mem::take(&mut node.inputs);
        let value = |s: &mut Slot| s.value.take().expect("recorded output");
        let incoming = |s: &mut Slot| {
            let dy = if keep { s.grad.clone() } else { s.grad.take() };
            dy.map(|dy| if dy.is_sparse() { dy.detach() } else { dy })
        };
        let outputs: Outputs = one_or_many(node.outputs.iter_mut(), value);
        let dys = one_or_many(node.outputs.iter_mut(), incoming);
        let parents = node.parents.clone();
        if keep {
            node.inputs = inputs.clone();
            for (slot, value) in node.outputs.iter_mut().zip(&outputs) {
                slot.value = Some(value.clone());
            }
        }
        // Kept (it holds only constants) so that listings describe them on demand.
        node.op = Some(op);
        if dys.iter().all(Option::is_none) {
            continue;
        }
        let op = nodes[i].op.as_ref().expect("just put back");
        for (arg, parent) in parents.iter().enumerate() {
            let Some(parent) = *parent else { continue };
            let Some(g) = crate::timer::backward(op.name(), arg, &dys, || {
                op.backward(arg, &dys, &inputs, &outputs)
            }) else {
                continue;
            };
            check_gradient(op.name(), arg, &g, &inputs[arg]);
            let slot = &mut nodes[parent.node].outputs[parent.output].grad;
            *slot = Some(match slot.take() {
                None => g,
                Some(acc) => crate::timer::accumulate(|| accumulate(acc, g)),
            });
        }
    }
    // Leaves gathered row-sparse gradients (lookups in a table): densify each once.
    for slot in nodes.iter_mut().filter(|n| n.op.is_none()).flat_map(|n| n.outputs.iter_mut()) {
        if let Some(g) = slot.grad.take() {
            slot.grad = Some(if g.is_sparse() { g.detach() } else { g });
        }
    }
}

/// A gradient must have its argument's shape and element type: a user's rule that returns
/// anything else is an error naming the op, never a silently retyped or misshapen gradient.
fn check_gradient(op: &'static str, arg: usize, g: &Tensor, input: &Tensor) {
    if g.shape() != input.shape() || g.dtype() != input.dtype() {
        crate::Error::new(
            op,
            crate::ErrorKind::GradientMismatch {
                arg: arg + 1,
                found: format!("shape {:?} of {}", g.shape(), g.dtype()),
                expected: format!("shape {:?} of {}", input.shape(), input.dtype()),
            },
        )
        .raise();
    }
}

/// `acc + g`, in place when `acc` is an unshared plain buffer, recorded when either is tracked;
/// and whether the sum is a new buffer.
fn accumulate(mut acc: Tensor, g: Tensor) -> (Tensor, bool) {
    if acc.is_tracked() || g.is_tracked() {
        return (crate::arith::add(&acc, &g), true);
    }
    if acc.is_sparse() || g.is_sparse() {
        return crate::sparse::accumulate(acc, g);
    }
    let fresh = acc.make_mut(|a| {
        g.with_storage(|gs| match (a, gs) {
            (Storage::F32(a), Storage::F32(b)) => *a += b,
            (Storage::F64(a), Storage::F64(b)) => *a += b,
            _ => unreachable!("gradient element types are checked against their arguments"),
        })
    });
    (acc, fresh)
}

impl Tape {
    /// The gradient of the result with respect to leaf `i` of `record`.
    pub(crate) fn leaf_grad(&self, i: usize) -> Option<Tensor> {
        self.nodes.get(self.leaves[i]).and_then(|n| n.outputs[0].grad.clone())
    }

    /// The gradient with respect to `param`, or `None` if the result does not depend on it.
    pub fn grad(&self, param: &crate::Param) -> Option<Tensor> {
        self.params.get(&param.id()).and_then(|&i| self.nodes[i].outputs[0].grad.clone())
    }

    /// The function's value, untracked.
    pub fn value(&self) -> Tensor {
        self.value.detach()
    }

    /// The function's value, still tracked on any outer tape (for nested differentiation).
    pub fn output(&self) -> Tensor {
        self.value.clone()
    }

    /// How many nodes (leaves included) were recorded.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether nothing was recorded (the result did not depend on any parameter).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// This tape's unique id.
    pub fn id(&self) -> u64 {
        self.id
    }
}

impl std::fmt::Display for Tape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.value.dtype() {
            crate::DType::F32 => write!(f, "T({:?})", self.value.item::<f32>()),
            crate::DType::F64 => write!(f, "T({:?})", self.value.item::<f64>()),
        }
    }
}

impl std::fmt::Debug for Tape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self} with {} nodes", self.nodes.len())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    static DESCRIBED: AtomicUsize = AtomicUsize::new(0);

    /// `x * 2`, counting how often its constants are described.
    #[derive(Clone)]
    struct Doubling;

    impl Op for Doubling {
        fn name(&self) -> &'static str {
            "doubling"
        }
        fn forward(&self, args: &[Tensor]) -> Outputs {
            Outputs::from_elem(&args[0] * 2.0, 1)
        }
        fn backward(
            &self,
            _: usize,
            dys: &[Option<Tensor>],
            _: &[Tensor],
            _: &[Tensor],
        ) -> Option<Tensor> {
            dys[0].as_ref().map(|dy| dy * 2.0)
        }
        fn constants(&self) -> String {
            DESCRIBED.fetch_add(1, Ordering::Relaxed);
            "factor = 2".to_string()
        }
    }

    #[test]
    fn constants_are_described_when_a_listing_asks_not_by_the_backward_pass() {
        let x = crate::Param::new(vec![1.0, 2.0]);
        let tape = crate::diff(|| apply(Doubling, &[&x]).sum_to(&[]));
        assert_eq!(DESCRIBED.load(Ordering::Relaxed), 0);
        assert_eq!(tape.nodes()[1].constants, "factor = 2");
        assert_eq!(DESCRIBED.load(Ordering::Relaxed), 1);
    }
}
