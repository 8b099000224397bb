//! Every optimizer against `torch.optim`: a fixed sequence of six gradients is fed to one
//! parameter, and the parameter after every step must match PyTorch's.
//!
//! The expected numbers were made once with PyTorch 2.15.0 (CPU, float64) by this script and
//! pasted as literals; `p` starts at `P0`, and before each `opt.step()` its `.grad` is set to
//! the next row of `GRADS`:
//!
//! ```python
//! import torch
//! torch.set_default_dtype(torch.float64)
//! def run(make):
//!     p = torch.nn.Parameter(torch.tensor(P0))
//!     opt = make([p])
//!     for g in GRADS:
//!         p.grad = torch.tensor(g)
//!         opt.step()
//!         print(p.detach().tolist())
//! run(lambda ps: torch.optim.Adam(ps, lr=0.1, weight_decay=0.01))  # and so on, one per test
//! ```
//!
//! Our gradient is fed through the tape as that of `sum(p * g)`, which is exactly `g`.

use autograd_core::{diff, DType, Param, Tensor};
use autograd_ops::sum;
use autograd_train::optim::{
    clip_grad_norm, Adadelta, Adagrad, Adam, AdamW, Optimizer, Rmsprop, Schedule, Sgd,
};

const P0: [f64; 3] = [1.0, -2.0, 0.5];
const GRADS: [[f64; 3]; 6] = [
    [0.5, -1.0, 2.0],
    [0.1, 0.3, -0.7],
    [-1.5, 0.2, 0.0],
    [0.8, -0.4, 1.1],
    [0.05, 2.5, -0.3],
    [-0.6, -0.9, 0.4],
];

/// Runs `opt` over `GRADS` in f64 and compares every step with `expected`; then runs it again
/// in f32 and compares with a tolerance fit for single precision.
fn check<O: Optimizer + Clone>(opt: O, expected: &[[f64; 3]]) {
    for dtype in [DType::F64, DType::F32] {
        let mut opt = opt.clone();
        let p = Param::new(Tensor::from(P0.to_vec()).to_dtype(dtype));
        for (step, (g, want)) in GRADS.iter().zip(expected).enumerate() {
            let g = Tensor::from(g.to_vec()).to_dtype(dtype);
            let tape = diff(|| sum(&(&p * &g)));
            let info = opt.step(tape, std::slice::from_ref(&p));
            assert_eq!((info.updated, info.copied), (1, 0), "one update, in place");
            let tol = if dtype == DType::F64 { 1e-13 } else { 2e-5 };
            for (i, (got, want)) in p.to_vec::<f64>().iter().zip(want).enumerate() {
                assert!(
                    (got - want).abs() <= tol * (1.0 + want.abs()),
                    "{dtype} step {} element {i}: {got} vs PyTorch {want}",
                    step + 1
                );
            }
        }
    }
}

#[test]
fn sgd_matches_torch() {
    // SGD(lr=0.1)
    check(Sgd::new(0.1), SGD);
}

#[test]
fn sgd_momentum_dampening_weight_decay_matches_torch() {
    // SGD(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)
    check(Sgd::new(0.1).momentum(0.9).dampening(0.1).weight_decay(0.01), SGD_MOMENTUM);
}

#[test]
fn sgd_nesterov_matches_torch() {
    // SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)
    check(Sgd::new(0.1).momentum(0.9).nesterov(true).weight_decay(0.01), SGD_NESTEROV);
}

#[test]
fn adagrad_matches_torch() {
    // Adagrad(lr=0.1, lr_decay=0.01, weight_decay=0.01)
    check(Adagrad::new(0.1).lr_decay(0.01).weight_decay(0.01), ADAGRAD);
}

#[test]
fn rmsprop_matches_torch() {
    // RMSprop(lr=0.01)
    check(Rmsprop::new(0.01), RMSPROP);
}

#[test]
fn rmsprop_centered_momentum_matches_torch() {
    // RMSprop(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)
    let opt = Rmsprop::new(0.01).alpha(0.9).momentum(0.5).centered(true).weight_decay(0.01);
    check(opt, RMSPROP_CENTERED);
}

#[test]
fn adadelta_matches_torch() {
    // Adadelta(lr=1.0, weight_decay=0.01)
    check(Adadelta::new(1.0).weight_decay(0.01), ADADELTA);
}

#[test]
fn adam_matches_torch() {
    // Adam(lr=0.1, weight_decay=0.01)
    check(Adam::new(0.1).weight_decay(0.01), ADAM);
}

#[test]
fn adam_betas_eps_match_torch() {
    // Adam(lr=0.05, betas=(0.8, 0.99), eps=1e-6)
    check(Adam::new(0.05).betas(0.8, 0.99).eps(1e-6), ADAM_BETAS);
}

#[test]
fn adamw_matches_torch() {
    // AdamW(lr=0.1, weight_decay=0.1)
    check(AdamW::new(0.1).weight_decay(0.1), ADAMW);
}

/// The learning rate of steps 0..8 of `torch.optim.SGD(lr=0.1)` under a scheduler stepped
/// once per optimizer step, read from `opt.param_groups[0]["lr"]` before each step.
#[test]
fn schedules_match_torch_lr_schedulers() {
    let cases = [
        // StepLR(step_size=3, gamma=0.5)
        (Schedule::Step { every: 3, gamma: 0.5 }, STEP_LR.to_vec()),
        // ExponentialLR(gamma=0.9)
        (Schedule::Exponential { gamma: 0.9 }, EXPONENTIAL_LR.to_vec()),
        // CosineAnnealingLR(T_max=6, eta_min=0.01); PyTorch's closed form climbs again after
        // T_max, ours stays at the minimum, so only steps 0..=6 are compared.
        (Schedule::Cosine { warmup: 0, total: 6, min_lr: 0.01 }, COSINE_LR[..7].to_vec()),
    ];
    for (schedule, expected) in cases {
        let p = Param::new(P0.to_vec());
        let mut opt = Sgd::new(0.1).with_schedule(schedule);
        for (t, want) in expected.iter().enumerate() {
            assert!(
                (opt.lr() - want).abs() < 1e-12,
                "{schedule:?} step {t}: {} vs {want}",
                opt.lr()
            );
            let info = opt.step(diff(|| sum(&p)), std::slice::from_ref(&p));
            assert!((info.lr - want).abs() < 1e-12);
        }
    }
}

#[test]
fn cosine_warmup_rises_linearly_then_decays() {
    let s = Schedule::Cosine { warmup: 4, total: 14, min_lr: 0.0 };
    let lrs: Vec<f64> = (0..16).map(|t| s.lr(1.0, t)).collect();
    assert_eq!(&lrs[..4], &[0.25, 0.5, 0.75, 1.0]);
    assert!(lrs[4..15].windows(2).all(|w| w[1] < w[0]));
    assert_eq!((lrs[14], lrs[15]), (0.0, 0.0));
}

/// `torch.nn.utils.clip_grad_norm_([a, b], 2.0)` with `a.grad = [3, -4]`,
/// `b.grad = [1, 2, -2]` (float64) returned the norm and left the gradients below.
#[test]
fn clip_grad_norm_matches_torch() {
    let (a, b) = (Param::new(vec![0.0; 2]), Param::new(vec![0.0; 3]));
    let mut grads =
        vec![(a, Tensor::from(vec![3.0, -4.0])), (b, Tensor::from(vec![1.0, 2.0, -2.0]))];
    let norm = clip_grad_norm(&mut grads, 2.0);
    assert!((norm - 5.830951894845301).abs() < 1e-14);
    let want = [
        vec![1.028991334384495, -1.3719884458459932],
        vec![0.3429971114614983, 0.6859942229229966, -0.6859942229229966],
    ];
    for ((_, g), want) in grads.iter().zip(want) {
        for (got, want) in g.to_vec::<f64>().iter().zip(want) {
            assert!((got - want).abs() < 1e-14, "{got} vs {want}");
        }
    }
}

#[test]
fn step_updates_in_place_when_given_the_tape_and_copies_when_the_tape_is_borrowed() {
    let p = Param::new(vec![1.0f32; 1000]);
    let mut opt = Adam::new(0.1);
    let tape = diff(|| sum(&(&p * &p)));
    let info = opt.step(&tape, std::slice::from_ref(&p));
    assert_eq!((info.updated, info.copied), (1, 1), "the live tape shares the old value");
    drop(tape);
    let info = opt.step(diff(|| sum(&(&p * &p))), std::slice::from_ref(&p));
    assert_eq!((info.updated, info.copied), (1, 0));
}

#[test]
fn parameters_without_a_gradient_are_skipped_and_keep_their_state() {
    let (a, b) = (Param::new(vec![1.0]), Param::new(vec![1.0]));
    let ps = [a.clone(), b.clone()];
    let mut opt = Adam::new(0.1);
    let info = opt.step(diff(|| sum(&a)), &ps);
    assert_eq!(info.updated, 1);
    assert_eq!(b.to_vec::<f64>(), vec![1.0]);
    assert!(!opt.settings().state.contains_key(&b));
    opt.step(diff(|| sum(&b)), &ps);
    // b's first update is Adam's first step (t = 1): a move of lr.
    assert!((b.to_vec::<f64>()[0] - 0.9).abs() < 1e-6);
    assert_eq!(opt.settings().state[&a].t, 1);
    assert_eq!(opt.steps(), 2);
}

#[test]
fn clipping_in_the_optimizer_reports_the_norm_and_scales_the_step() {
    let p = Param::new(vec![0.0, 0.0]);
    let g = Tensor::from(vec![3.0, 4.0]);
    let mut opt = Sgd::new(1.0).with_clip_norm(1.0);
    let info = opt.step(diff(|| sum(&(&p * &g))), std::slice::from_ref(&p));
    assert_eq!(info.grad_norm, Some(5.0));
    let v = p.to_vec::<f64>();
    assert!((v[0] + 0.6).abs() < 1e-6 && (v[1] + 0.8).abs() < 1e-6, "{v:?}");
}

/// PyTorch: `SGD(lr=0.1)`.
#[rustfmt::skip]
const SGD: &[[f64; 3]] = &[
        [0.95, -1.9, 0.3],
        [0.94, -1.93, 0.37],
        [1.0899999999999999, -1.95, 0.37],
        [1.0099999999999998, -1.91, 0.25999999999999995],
        [1.005, -2.16, 0.29],
        [1.065, -2.0700000000000003, 0.24999999999999997],
    ];

/// PyTorch: `SGD(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)`.
#[rustfmt::skip]
const SGD_MOMENTUM: &[[f64; 3]] = &[
        [0.949, -1.898, 0.2995],
        [0.8932458999999999, -1.8314918, 0.18178044999999998],
        [0.9772632886899999, -1.78798607738, 0.07566925259499996],
        [0.9799994015511789, -1.7112217395523581, -0.11889892739683557],
        [0.977079903664844, -1.8655937359418833, -0.2669032803548304],
        [1.027572983653844, -1.9218494983301082, -0.4358669850647064],
    ];

/// PyTorch: `SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)`.
#[rustfmt::skip]
const SGD_NESTEROV: &[[f64; 3]] = &[
        [0.9031, -1.8062, 0.11904999999999999],
        [0.84107411, -1.77714822, 0.08941880499999998],
        [1.078465558191, -1.760250616382, -0.0003120212295000446],
        [1.0038257437013371, -1.6492977303526741, -0.28998869507121405],
        [0.9982132607499798, -2.0588906927933546, -0.3941470038272279],
        [1.1106688640676645, -2.029096834630977, -0.5904015922259327],
    ];

/// PyTorch: `Adagrad(lr=0.1, lr_decay=0.01, weight_decay=0.01)`.
#[rustfmt::skip]
const ADAGRAD: &[[f64; 3]] = &[
        [0.9000000000196078, -1.9000000000098038, 0.40000000000498753],
        [0.8793064099834969, -1.9262966157547383, 0.43246888795315747],
        [0.9718493664890284, -1.9428054221111373, 0.43226911653863576],
        [0.9275650074847203, -1.907468402477749, 0.38745556103142104],
        [0.9243561196302027, -1.994673987813582, 0.3992666949096018],
        [0.9544132597021884, -1.964316158241496, 0.3835261676961599],
    ];

/// PyTorch: `RMSprop(lr=0.01)`.
#[rustfmt::skip]
const RMSPROP: &[[f64; 3]] = &[
        [0.900000019999996, -1.900000009999999, 0.40000000499999977],
        [0.8802934383202046, -1.9288675206817028, 0.4331831858467645],
        [0.9750684546713656, -1.9478575232719395, 0.4331831858467645],
        [0.9297764740132248, -1.9121959096222128, 0.38658073651431146],
        [0.926932615121715, -2.0035102336851973, 0.3992515683472127],
        [0.9593756396321922, -1.9721392964160143, 0.38251161105503073],
    ];

/// PyTorch: `RMSprop(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)`.
#[rustfmt::skip]
const RMSPROP_CENTERED: &[[f64; 3]] = &[
        [0.9666666688453157, -1.9666666677559912, 0.4666666672208368],
        [0.9424994638235519, -1.9589811473208307, 0.46102387207743334],
        [0.9611803199511351, -1.9610526279151346, 0.45812553891366836],
        [0.9553658286220601, -1.948598814765213, 0.43950816270731485],
        [0.9512844266049593, -1.9725428501985003, 0.4349045383859711],
        [0.9607609163784312, -1.9736521957316417, 0.42587313484867595],
    ];

/// PyTorch: `Adadelta(lr=1.0, weight_decay=0.01)`.
#[rustfmt::skip]
const ADADELTA: &[[f64; 3]] = &[
        [0.9968377831277301, -1.996837737537135, 0.496837726272981],
        [0.9958466300058753, -1.9980809158686021, 0.49837258721894745],
        [1.0001091198531675, -1.9989199808667018, 0.4983605994382228],
        [0.9971864837867792, -1.9970580644886344, 0.49602937952348336],
        [0.996941326012779, -2.00149458193331, 0.49674597721903624],
        [0.9992207200417008, -1.9992996921106585, 0.4957508459509675],
    ];

/// PyTorch: `Adam(lr=0.1, weight_decay=0.01)`.
#[rustfmt::skip]
const ADAM: &[[f64; 3]] = &[
        [0.9000000019607843, -1.9000000009803921, 0.4000000004987531],
        [0.8189151743261174, -1.8551761608807558, 0.36111680753439124],
        [0.8585581297670903, -1.8318349550971131, 0.3309512345682566],
        [0.8609805978261171, -1.7928964240834044, 0.28219879151054067],
        [0.8612252407050588, -1.8285539680444611, 0.248043436280005],
        [0.877941402994681, -1.8410640302918124, 0.21039281847425076],
    ];

/// PyTorch: `Adam(lr=0.05, betas=(0.8, 0.99), eps=1e-6)`.
#[rustfmt::skip]
const ADAM_BETAS: &[[f64; 3]] = &[
        [0.9500000999998, -1.95000004999995, 0.4500000249999875],
        [0.9113897073902745, -1.9311470019450736, 0.43328195070257003],
        [0.9359345675743461, -1.9244405924438206, 0.4211675969627139],
        [0.9374573736502964, -1.907654405798154, 0.3972942408403144],
        [0.9377195730252854, -1.9323342276557252, 0.3828192976629323],
        [0.9485546718411998, -1.940809123044402, 0.36590670532273556],
    ];

/// PyTorch: `AdamW(lr=0.1, weight_decay=0.1)`.
#[rustfmt::skip]
const ADAMW: &[[f64; 3]] = &[
        [0.890000002, -1.880000001, 0.3950000005],
        [0.8007959063646517, -1.8184151424192265, 0.35240299545939124],
        [0.8333152270026982, -1.7797799392795246, 0.31900471864608165],
        [0.8284053459893219, -1.7258141732927637, 0.26729694141622556],
        [0.8214759506574958, -1.7456083972784193, 0.23074834276286654],
        [0.8311045181375579, -1.7422223856518961, 0.19106179549812552],
    ];

/// PyTorch: `StepLR(step_size=3, gamma=0.5)`.
#[rustfmt::skip]
const STEP_LR: &[f64] = &[0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025];

/// PyTorch: `ExponentialLR(gamma=0.9)`.
#[rustfmt::skip]
const EXPONENTIAL_LR: &[f64] = &[0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002, 0.05314410000000002, 0.04782969000000002];

/// PyTorch: `CosineAnnealingLR(T_max=6, eta_min=0.01)`.
#[rustfmt::skip]
const COSINE_LR: &[f64] = &[0.1, 0.09397114317029975, 0.07750000000000001, 0.055000000000000014, 0.032500000000000015, 0.01602885682970026, 0.01, 0.01602885682970026];
