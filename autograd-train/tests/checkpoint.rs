//! Checkpoints: bit-exact round trips, all-or-nothing loading with errors that name the
//! parameter, atomic writes, optimizer state, and files shared with Python's `safetensors`.

// `#[derive(Params)]` names the core crate `::autograd`, as in a user's crate.
extern crate autograd_core as autograd;

use autograd_core::{diff, DType, Param, Params, Tensor};
use autograd_macros::Params;
use autograd_ops::{abs2, matmul, sum};
use autograd_train::checkpoint;
use autograd_train::init;
use autograd_train::optim::{Adam, Optimizer};

#[derive(Params)]
struct Dense {
    weight: Param,
    bias: Param,
}

#[derive(Params)]
struct Model {
    layers: Vec<Dense>,
    scale: Param,
}

/// A model with one f32 and one f64 layer, from `seed`.
fn model(seed: u64) -> Model {
    let mut rng = init::rng(seed);
    let layer = |dtype, rng: &mut init::InitRng| Dense {
        weight: Param::new(init::gaussian(&[2, 3], 1.0, dtype, rng)),
        bias: Param::new(init::gaussian(&[3], 1.0, dtype, rng)),
    };
    Model {
        layers: vec![layer(DType::F32, &mut rng), layer(DType::F64, &mut rng)],
        scale: Param::new(Tensor::from(0.5f32)),
    }
}

/// A fresh scratch directory for one test, removed when the guard drops.
fn scratch(test: &str) -> tempfile::TempDir {
    tempfile::TempDir::with_prefix(format!("autograd-ckpt-{test}-")).unwrap()
}

/// Every parameter's bits, in order.
fn bits(m: &impl Params) -> Vec<Vec<u64>> {
    autograd_core::params(m)
        .iter()
        .map(|p| match p.dtype() {
            DType::F32 => p.to_vec::<f32>().iter().map(|v| u64::from(v.to_bits())).collect(),
            DType::F64 => p.to_vec::<f64>().iter().map(|v| v.to_bits()).collect(),
        })
        .collect()
}

#[test]
fn round_trip_is_bit_exact_in_f32_and_f64() {
    let scratch_dir = scratch("round-trip");
    let dir = scratch_dir.path();
    let path = dir.join("m.safetensors");
    let (a, b) = (model(1), model(2));
    // Values whose bits a text format would lose.
    a.layers[1].bias.set(Tensor::from(vec![f64::MIN_POSITIVE, 1.0 / 3.0, -0.0]));
    checkpoint::save(&path, &a).unwrap();
    assert_ne!(bits(&a), bits(&b));
    checkpoint::load(&path, &b).unwrap();
    assert_eq!(bits(&a), bits(&b));
    assert_eq!(b.layers[0].weight.dtype(), DType::F32);
    assert_eq!(b.layers[1].weight.dtype(), DType::F64);
}

#[test]
fn mismatched_checkpoint_names_every_problem_and_changes_nothing() {
    let scratch_dir = scratch("mismatch");
    let dir = scratch_dir.path();
    let path = dir.join("m.safetensors");
    checkpoint::save(&path, &model(1)).unwrap();

    // One layer fewer in the target: the file has extra tensors.
    let small = Model {
        layers: model(3).layers.into_iter().take(1).collect(),
        scale: Param::new(Tensor::from(0.5f32)),
    };
    let before = bits(&small);
    let err = checkpoint::load(&path, &small).unwrap_err().to_string();
    assert!(err.contains("extra tensor `layers.1.weight`"), "{err}");
    assert_eq!(bits(&small), before, "nothing loaded");

    // Another shape, another element type, a missing parameter: all reported at once.
    let other = model(4);
    let target = Model {
        layers: vec![
            Dense {
                weight: Param::new(Tensor::zeros(&[3, 3], DType::F32)),
                bias: other.layers[0].bias.clone(),
            },
            Dense {
                weight: Param::new(Tensor::zeros(&[2, 3], DType::F32)),
                bias: other.layers[1].bias.clone(),
            },
            Dense { weight: other.layers[1].weight.clone(), bias: Param::new(vec![0.0; 3]) },
        ],
        scale: other.scale.clone(),
    };
    let before = bits(&target);
    let err = checkpoint::load(&path, &target).unwrap_err().to_string();
    assert!(err.starts_with("checkpoint::load"), "{err}");
    assert!(
        err.contains("`layers.0.weight` is f32 [3, 3] in the model but f32 [2, 3] in the file"),
        "{err}"
    );
    assert!(
        err.contains("`layers.1.weight` is f32 [2, 3] in the model but f64 [2, 3] in the file"),
        "{err}"
    );
    assert!(err.contains("missing parameter `layers.2.weight`"), "{err}");
    assert_eq!(bits(&target), before, "nothing loaded");
}

#[test]
fn save_replaces_the_file_atomically_and_leaves_no_temporary_file() {
    let scratch_dir = scratch("atomic");
    let dir = scratch_dir.path();
    let path = dir.join("m.safetensors");
    let m = model(1);
    checkpoint::save(&path, &m).unwrap();
    m.scale.set(Tensor::from(2.0f32));
    checkpoint::save(&path, &m).unwrap();
    let entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, [std::ffi::OsString::from("m.safetensors")]);

    // A save that cannot complete leaves the previous checkpoint whole.
    let err = checkpoint::save(dir.join("missing-dir/m.safetensors"), &m).unwrap_err();
    assert!(err.to_string().starts_with("checkpoint::save"), "{err}");
    let back = model(5);
    checkpoint::load(&path, &back).unwrap();
    assert_eq!(back.scale.item::<f32>(), 2.0);
}

#[test]
fn optimizer_state_round_trip_resumes_training_exactly() {
    let scratch_dir = scratch("optimizer");
    let dir = scratch_dir.path();
    let path = dir.join("m.safetensors");
    let loss = |m: &Model| {
        let x = Tensor::from_shape_vec(&[1, 2], vec![1.0f32, -1.0]);
        let h = matmul(&x, &m.layers[0].weight) + &m.layers[0].bias;
        sum(&abs2(&h)) * &m.scale
    };
    let step = |m: &Model, opt: &mut Adam| {
        opt.step(diff(|| loss(m)), &autograd_core::params(m));
    };

    let (a, mut opt_a) = (model(1), Adam::new(0.01));
    for _ in 0..3 {
        step(&a, &mut opt_a);
    }
    checkpoint::save_with_optimizer(&path, &a, &opt_a).unwrap();

    let (b, mut opt_b) = (model(9), Adam::new(0.01));
    checkpoint::load_with_optimizer(&path, &b, &mut opt_b).unwrap();
    assert_eq!(opt_b.steps(), 3);
    for _ in 0..3 {
        step(&a, &mut opt_a);
        step(&b, &mut opt_b);
    }
    assert_eq!(bits(&a), bits(&b), "resumed training follows the original bit for bit");

    // State for another optimizer kind is refused, naming the buffer; nothing changes.
    let mut sgd = autograd_train::optim::Sgd::new(0.1).momentum(0.9);
    let before = bits(&b);
    let err = checkpoint::load_with_optimizer(&path, &b, &mut sgd).unwrap_err().to_string();
    assert!(
        err.contains("missing optimizer buffer `optimizer.layers.0.weight.momentum_buffer`"),
        "{err}"
    );
    assert!(err.contains("extra optimizer buffer `optimizer.layers.0.weight.exp_avg`"), "{err}");
    assert_eq!(bits(&b), before);

    // A model-only checkpoint has no optimizer state to resume.
    checkpoint::save(&path, &a).unwrap();
    let err = checkpoint::load_with_optimizer(&path, &b, &mut opt_b).unwrap_err().to_string();
    assert!(err.contains("no optimizer state"), "{err}");
}

/// `tests/data/python_written.safetensors` was written once by Python's `safetensors` 0.8.0
/// (with PyTorch 2.15.0):
///
/// ```python
/// save_file({
///     "layers.0.weight": torch.tensor([[0.1, -0.2, 0.3], [1.5, 2.5, -3.25]], dtype=torch.float32),
///     "layers.0.bias": torch.tensor([1e-3, -7.0, 1.0 / 3.0], dtype=torch.float64),
///     "scale": torch.tensor(0.5, dtype=torch.float32),
/// }, "python_written.safetensors", metadata={"written_by": "python safetensors"})
/// ```
#[test]
fn loads_a_file_written_by_python_safetensors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/python_written.safetensors");
    let m = Model {
        layers: vec![Dense {
            weight: Param::new(Tensor::zeros(&[2, 3], DType::F32)),
            bias: Param::new(Tensor::zeros(&[3], DType::F64)),
        }],
        scale: Param::new(Tensor::from(0.0f32)),
    };
    checkpoint::load(path, &m).unwrap();
    assert_eq!(m.layers[0].weight.to_vec::<f32>(), vec![0.1, -0.2, 0.3, 1.5, 2.5, -3.25]);
    assert_eq!(m.layers[0].bias.to_vec::<f64>(), vec![1e-3, -7.0, 1.0 / 3.0]);
    assert_eq!(m.scale.item::<f32>(), 0.5);
}

/// Our bytes for a fixed model equal `tests/data/rust_written.safetensors`, which was checked
/// once to load in Python (safetensors 0.8.0, PyTorch 2.15.0):
///
/// ```python
/// >>> from safetensors.torch import load_file
/// >>> {k: (v.dtype, v.tolist()) for k, v in sorted(load_file("rust_written.safetensors").items())}
/// {'layers.0.bias': (torch.float64, [0.001, -7.0, 0.3333333333333333]),
///  'layers.0.weight': (torch.float32, [[0.10000000149011612, -0.20000000298023224, 0.30000001192092896], [1.5, 2.5, -3.25]]),
///  'scale': (torch.float32, 0.5)}
/// ```
///
/// So Python reads what we write, and this test keeps the bytes from drifting.
#[test]
fn writes_the_bytes_python_was_checked_to_read() {
    let scratch_dir = scratch("python-reads");
    let dir = scratch_dir.path();
    let path = dir.join("m.safetensors");
    let m = Model {
        layers: vec![Dense {
            weight: Param::new(Tensor::from_shape_vec(
                &[2, 3],
                vec![0.1f32, -0.2, 0.3, 1.5, 2.5, -3.25],
            )),
            bias: Param::new(vec![1e-3, -7.0, 1.0 / 3.0]),
        }],
        scale: Param::new(Tensor::from(0.5f32)),
    };
    checkpoint::save(&path, &m).unwrap();
    let ours = std::fs::read(&path).unwrap();
    let reference = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rust_written.safetensors");
    let checked = std::fs::read(reference).unwrap_or_default();
    assert!(ours == checked, "{} differs from {reference}", path.display());
}
