//! Checkpoints: every parameter of a model by name (see [`named_params`]), and optionally an
//! optimizer's state, in the [safetensors](https://github.com/huggingface/safetensors) format
//! that Python's `safetensors` and PyTorch read and write.
//!
//! Parameters are stored under their paths (`layers.0.weight`) in their own element type
//! (`F32`/`F64`), bit for bit. Optimizer buffers are stored as `optimizer.<path>.<buffer>`
//! (the `optimizer.` prefix is reserved), its step counts in the file's metadata.
//!
//! Loading is all-or-nothing: every name, shape and element type is checked first, and one
//! error lists every missing, extra or mismatched tensor; no parameter changes unless all
//! match. Saving is atomic: the file is written beside the target, flushed to disk and renamed
//! over it, so an interrupted save leaves the previous checkpoint whole.
//!
//! ```
//! use autograd::Param;
//! use autograd::checkpoint;
//!
//! let dir = std::env::temp_dir().join(format!("ckpt-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("model.safetensors");
//!
//! let model = vec![Param::new(vec![1.0f32, 2.0]), Param::new(vec![3.0f32])];
//! checkpoint::save(&path, &model).unwrap();
//! model[0].set(vec![0.0f32, 0.0]);
//! checkpoint::load(&path, &model).unwrap();
//! assert_eq!(model[0].to_vec::<f32>(), vec![1.0, 2.0]);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
//!
//! [`named_params`]: autograd_core::named_params

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use autograd_core::{named_params, DType, Error, Param, Params, Result, Tensor};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};

use crate::optim::{Optimizer, ParamState};

const OPTIMIZER: &str = "optimizer.";

/// Saves every parameter of `model` to `path` (atomically; see the module documentation).
///
/// # Errors
/// If the file cannot be written.
pub fn save<M: Params + ?Sized>(path: impl AsRef<Path>, model: &M) -> Result<()> {
    write(path.as_ref(), model_tensors(model)?, HashMap::new())
}

/// Saves `model` and the state of `optimizer` (its per-parameter buffers and step counts), so
/// that training can resume exactly where it stopped.
///
/// ```
/// use autograd::{diff, Param};
/// use autograd::reduce::sum;
/// use autograd::checkpoint;
/// use autograd::optim::{Adam, Optimizer};
///
/// let path = std::env::temp_dir().join(format!("ckpt-opt-doc-{}.safetensors", std::process::id()));
/// let w = Param::new(vec![1.0]);
/// let mut opt = Adam::new(0.1);
/// opt.step(diff(|| sum(&w)), &[w.clone()]);
/// checkpoint::save_with_optimizer(&path, &w, &opt).unwrap();
///
/// let mut resumed = Adam::new(0.1);
/// checkpoint::load_with_optimizer(&path, &w, &mut resumed).unwrap();
/// assert_eq!(resumed.steps(), 1);
/// # std::fs::remove_file(&path).unwrap();
/// ```
///
/// # Errors
/// If the file cannot be written.
pub fn save_with_optimizer<M: Params + ?Sized, O: Optimizer>(
    path: impl AsRef<Path>,
    model: &M,
    optimizer: &O,
) -> Result<()> {
    let names = named_params(model);
    let mut tensors = model_tensors(model)?;
    let settings = optimizer.settings();
    let mut metadata = HashMap::new();
    metadata.insert(format!("{OPTIMIZER}steps"), settings.steps.to_string());
    for (name, param) in &names {
        let Some(state) = settings.state.get(param) else { continue };
        metadata.insert(format!("{OPTIMIZER}{name}.t"), state.t.to_string());
        for (slot, buffer) in optimizer.slot_names().iter().zip(state.buffers()) {
            tensors.insert(format!("{OPTIMIZER}{name}.{slot}"), buffer);
        }
    }
    write(path.as_ref(), tensors, metadata)
}

/// Loads every parameter of `model` from `path`; optimizer state in the file is ignored.
///
/// # Errors
/// If the file cannot be read or is not safetensors, or if its tensors do not match the model
/// (a missing or extra name, another shape or element type): the error names each one, and no
/// parameter has changed.
pub fn load<M: Params + ?Sized>(path: impl AsRef<Path>, model: &M) -> Result<()> {
    let bytes = read(path.as_ref())?;
    let file = parse(&bytes)?;
    let names = named_params(model);
    let values = check_model(&file, &names)?;
    for ((_, param), value) in names.iter().zip(values) {
        param.set(value);
    }
    Ok(())
}

/// Loads `model` and the optimizer state saved by [`save_with_optimizer`], all or nothing.
///
/// # Errors
/// As [`load`]; also if the optimizer's buffers in the file do not match the optimizer's kind
/// or the parameters.
// A `Param` hashes by its identity, which never changes; its interior mutability is the value's.
#[allow(clippy::mutable_key_type)]
pub fn load_with_optimizer<M: Params + ?Sized, O: Optimizer>(
    path: impl AsRef<Path>,
    model: &M,
    optimizer: &mut O,
) -> Result<()> {
    const OP: &str = "checkpoint::load_with_optimizer";
    let bytes = read(path.as_ref())?;
    let file = parse(&bytes)?;
    let names = named_params(model);
    let values = check_model(&file, &names)?;
    let metadata = file.metadata;
    let number = |key: &str| -> Result<Option<u64>> {
        metadata
            .get(key)
            .map(|v| {
                v.parse().map_err(|_| {
                    Error::invalid(OP, format!("metadata {key} = {v:?} is not a count"))
                })
            })
            .transpose()
    };
    let steps = number(&format!("{OPTIMIZER}steps"))?
        .ok_or_else(|| Error::invalid(OP, "the file holds no optimizer state"))?;
    let slots = optimizer.slot_names();
    let mut problems = Vec::new();
    let mut state = HashMap::new();
    let mut used = std::collections::HashSet::new();
    for (name, param) in &names {
        let Some(t) = number(&format!("{OPTIMIZER}{name}.t"))? else { continue };
        let mut buffers = Vec::new();
        for slot in slots {
            let key = format!("{OPTIMIZER}{name}.{slot}");
            match file.tensors.get(&key) {
                None => problems.push(format!("missing optimizer buffer `{key}`")),
                Some(b) if b.shape() != param.shape() || b.dtype() != param.dtype() => {
                    problems.push(mismatch(&key, param, b))
                }
                Some(b) => buffers.push(b.clone()),
            }
            used.insert(key);
        }
        state.insert(param.clone(), ParamState::from_tensors(t, &buffers, param.dtype()));
    }
    for key in file.tensors.keys().filter(|k| k.starts_with(OPTIMIZER) && !used.contains(*k)) {
        problems.push(format!("extra optimizer buffer `{key}`"));
    }
    if !problems.is_empty() {
        return Err(Error::invalid(
            OP,
            format!("{}: {}", path.as_ref().display(), problems.join("; ")),
        ));
    }
    for ((_, param), value) in names.iter().zip(values) {
        param.set(value);
    }
    let settings = optimizer.settings_mut();
    settings.steps = steps;
    settings.state = state;
    Ok(())
}

/// A checkpoint file read into memory.
struct File {
    tensors: BTreeMap<String, Tensor>,
    metadata: HashMap<String, String>,
}

fn model_tensors<M: Params + ?Sized>(model: &M) -> Result<BTreeMap<String, Tensor>> {
    let mut tensors = BTreeMap::new();
    for (name, param) in named_params(model) {
        if name.starts_with(OPTIMIZER) {
            return Err(Error::invalid(
                "checkpoint::save",
                format!(
                    "parameter `{name}`: the prefix `{OPTIMIZER}` is reserved for optimizer state"
                ),
            ));
        }
        tensors.insert(name, param.value());
    }
    Ok(tensors)
}

fn write(
    path: &Path,
    tensors: BTreeMap<String, Tensor>,
    metadata: HashMap<String, String>,
) -> Result<()> {
    const OP: &str = "checkpoint::save";
    let io = |e: std::io::Error| Error::invalid(OP, format!("{}: {e}", path.display()));
    let bytes: Vec<(String, DType, Vec<usize>, Vec<u8>)> = tensors
        .into_iter()
        .map(|(name, t)| {
            let data = match t.dtype() {
                DType::F32 => t.to_vec::<f32>().iter().flat_map(|v| v.to_le_bytes()).collect(),
                DType::F64 => t.to_vec::<f64>().iter().flat_map(|v| v.to_le_bytes()).collect(),
            };
            (name, t.dtype(), t.shape().to_vec(), data)
        })
        .collect();
    let views = bytes
        .iter()
        .map(|(name, dtype, shape, data)| {
            let dtype = match dtype {
                DType::F32 => Dtype::F32,
                DType::F64 => Dtype::F64,
            };
            let view = TensorView::new(dtype, shape.clone(), data)
                .map_err(|e| Error::invalid(OP, format!("tensor `{name}`: {e}")))?;
            Ok((name.as_str(), view))
        })
        .collect::<Result<Vec<_>>>()?;
    let metadata = (!metadata.is_empty()).then_some(metadata);
    let encoded = safetensors::serialize(views, metadata)
        .map_err(|e| Error::invalid(OP, format!("{}: {e}", path.display())))?;
    // A sibling temporary file, synced and renamed over the target: the rename is atomic, so
    // readers see the old checkpoint or the new one, never a torn file.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    temp.write_all(&encoded).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| Error::invalid("checkpoint::load", format!("{}: {e}", path.display())))
}

fn parse(bytes: &[u8]) -> Result<File> {
    const OP: &str = "checkpoint::load";
    let bad = |e: safetensors::SafeTensorError| {
        Error::invalid(OP, format!("not a safetensors file: {e}"))
    };
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(bad)?;
    let metadata = header.metadata().clone().unwrap_or_default();
    let file = SafeTensors::deserialize(bytes).map_err(bad)?;
    let mut tensors = BTreeMap::new();
    for (name, view) in file.tensors() {
        let shape = view.shape();
        let data = view.data();
        let tensor = match view.dtype() {
            Dtype::F32 => Tensor::from_shape_vec(
                shape,
                data.chunks_exact(4)
                    .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                    .collect(),
            ),
            Dtype::F64 => Tensor::from_shape_vec(
                shape,
                data.chunks_exact(8)
                    .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
                    .collect(),
            ),
            other => {
                return Err(Error::invalid(
                    OP,
                    format!("tensor `{name}` has element type {other:?}; only F32 and F64 load"),
                ))
            }
        };
        tensors.insert(name, tensor);
    }
    Ok(File { tensors, metadata })
}

/// The file's value for each parameter, in order, after checking that the file holds exactly
/// the model's parameters with their shapes and element types.
fn check_model(file: &File, names: &[(String, Param)]) -> Result<Vec<Tensor>> {
    let mut problems = Vec::new();
    let mut values = Vec::new();
    for (name, param) in names {
        match file.tensors.get(name) {
            None => {
                problems.push(format!("missing parameter `{name}` (shape {:?})", param.shape()))
            }
            Some(t) if t.shape() != param.shape() || t.dtype() != param.dtype() => {
                problems.push(mismatch(name, param, t))
            }
            Some(t) => values.push(t.clone()),
        }
    }
    let known: std::collections::HashSet<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    for name in file.tensors.keys() {
        if !name.starts_with(OPTIMIZER) && !known.contains(name.as_str()) {
            problems.push(format!("extra tensor `{name}` (not a parameter of the model)"));
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(Error::invalid("checkpoint::load", problems.join("; ")))
    }
}

fn mismatch(name: &str, param: &Param, t: &Tensor) -> String {
    format!(
        "`{name}` is {} {:?} in the model but {} {:?} in the file",
        param.dtype(),
        param.shape(),
        t.dtype(),
        t.shape()
    )
}
