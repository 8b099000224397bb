//! The matrix functions on stacks of matrices `[..., m, n]`: values and gradients against
//! `torch.linalg`, a stack computed as its matrices one by one (values and gradients), the
//! broadcasting rules of `solve`, and errors that name the failing matrix's batch index.

mod common;

use autograd::linalg::{
    cholesky, det, eigh, inv, logabsdet, logdet, lq, matrix_power, matrix_powf, qr, slogdet, solve,
    solve_triangular, svd,
};
use autograd::prelude::*;
use common::{assert_close, tensor};

// ----- against torch.linalg --------------------------------------------------------------------
//
// The numbers in `mod torch` were printed by this script with torch 2.15.0 in float64
// ($HOME/bench-venv/bin/python), each number rounded to 15 decimals:
//
//   torch.set_default_dtype(torch.float64)
//   G, S, T, B = (the stacks `general()`, `spd()`, `tall()`, `rhs()` below, requires_grad=True)
//   W33 = arange(18).reshape(2, 3, 3) / 10 - 0.8;  W32 = arange(12).reshape(2, 3, 2) / 5 - 1
//   W43 = arange(24).reshape(2, 4, 3) / 12 - 1;    w2 = [1, -2];  w23 = [[1, -.5, 2], [.3, 1, -1]]
//   det:   d = linalg.det(G);            grad of (d * w2).sum() wrt G
//   inv:   i = linalg.inv(G);            grad of (i * W33).sum() wrt G
//   solve: x = linalg.solve(G, B);       grads of (x * W32).sum() wrt G and B
//   cholesky: L = linalg.cholesky(S);    grad of (L * W33).sum() wrt S
//   qr:    Q, R = linalg.qr(T), then D = sign(diagonal(R)).detach(), Q = Q * D[..., None, :],
//          R = R * D[..., :, None] (our positive diagonal); grad of (Q*W43).sum() + (R*W33).sum()
//   eigh:  lam, V = linalg.eigh(S), each column of V times the (detached) sign of its largest
//          component (our convention); grad of (lam * w23).sum() + (V * W33).sum() wrt S

fn general() -> Tensor {
    tensor(
        &[2, 3, 3],
        &[
            2.0, -1.0, 0.3, 0.4, 5.0, 1.0, -0.7, 0.2, 3.0, 1.0, 2.0, 0.0, -1.0, 0.5, 2.0, 0.3,
            -0.4, 1.5,
        ],
    )
}

fn spd() -> Tensor {
    tensor(
        &[2, 3, 3],
        &[
            4.0, 1.0, 0.5, 1.0, 3.0, -0.2, 0.5, -0.2, 2.0, 2.0, 0.3, -0.4, 0.3, 1.0, 0.1, -0.4,
            0.1, 3.0,
        ],
    )
}

fn tall() -> Tensor {
    tensor(
        &[2, 4, 3],
        &[
            1.0, 2.0, 0.0, 0.5, -1.0, 2.0, 0.3, 0.7, 1.0, 2.0, 0.1, -0.5, 3.0, 0.0, 1.0, 1.0, 1.0,
            0.0, 0.0, -2.0, 1.0, 0.5, 0.5, 0.5,
        ],
    )
}

fn rhs() -> Tensor {
    tensor(&[2, 3, 2], &[1.0, 0.0, 2.0, -1.0, 0.5, 3.0, -1.0, 1.0, 0.0, 2.0, 4.0, 0.5])
}

/// `arange(n).reshape(shape) / scale - shift`, as in the script.
fn ramp(shape: &[usize], scale: f64, shift: f64) -> Tensor {
    let n = shape.iter().product::<usize>();
    Tensor::from_shape_vec(shape, (0..n).map(|i| i as f64 / scale - shift).collect())
}

fn w33() -> Tensor {
    ramp(&[2, 3, 3], 10.0, 0.8)
}

/// The gradients of `loss` with respect to each of `args`.
fn gradients(loss: impl Fn(&[Tensor]) -> Tensor, args: Vec<Tensor>) -> Vec<Tensor> {
    value_and_gradients(loss, &args).1
}

/// The numbers `torch.linalg` gives (see the script above).
#[rustfmt::skip]
mod torch {
    pub const DET: [f64; 2] = [
        32.574, 5.75
    ];
    pub const DET_GRAD: [f64; 18] = [
        14.799999999999999, -1.9, 3.579999999999999, 3.06, 6.21, 0.3, -2.5, -1.88,
        10.399999999999999, -3.1, -4.2, -0.5, 6.0, -3.0, -2.0, -8.0, 4.0, -5.0
    ];
    pub const INV: [f64; 18] = [
        0.454350095167925, 0.093939952109044, -0.076748326886474, -0.05832872843372,
        0.190642843986001, -0.057714741818628, 0.109903604101431, 0.009209799226377,
        0.319273039847731, 0.269565217391304, -0.521739130434783, 0.695652173913044,
        0.365217391304348, 0.260869565217391, -0.347826086956522, 0.043478260869565,
        0.173913043478261, 0.434782608695652
    ];
    pub const INV_GRAD: [f64; 18] = [
        0.171021755117401, 0.022774259031683, 0.123423938448828, 0.083003605330761,
        0.010644903877732, 0.056510122472404, -0.011348705873831, -0.003359547625127,
        -0.023545201088043, -0.149217391304348, -0.027130434782609, -0.203478260869565,
        -0.069565217391304, -0.052173913043478, -0.104347826086957, -0.172173913043478,
        -0.031304347826087, -0.234782608695652
    ];
    pub const SOLVE: [f64; 12] = [
        0.603855835942776, -0.324184932768466, 0.294099588628968, -0.363787069441886,
        0.28795972247805, 0.948609320316817, 2.513043478260871, -0.426086956521739,
        -1.756521739130435, 0.713043478260869, 1.695652173913044, 0.608695652173913
    ];
    pub const SOLVE_GRAD_A: [f64; 18] = [
        0.156230811151187, 0.006054367185913, 0.449754412705065, 0.077826394193227,
        0.006729537584163, 0.204147891812098, -0.001308156783343, 0.016758023328619,
        -0.093827423709336, -0.602767485822307, 0.233557655954632, -0.811947069943289,
        -0.479243856332704, 0.248317580340265, -0.510396975425331, -0.695500945179585,
        0.269489603024575, -0.936862003780718
    ];
    pub const SOLVE_GRAD_B: [f64; 12] = [
        -0.441333578927979, -0.340148584760852, -0.21016761834592, -0.151409099281636,
        0.047522564008105, 0.08448455823663, 0.316521739130435, 0.452173913043478,
        0.226086956521739, 0.208695652173913, 0.365217391304348, 0.521739130434783
    ];
    pub const CHOLESKY: [f64; 18] = [
        2.0, 0.0, 0.0, 0.5, 1.6583123951777, 0.0, 0.25, -0.195982373975546, 1.378075073822507,
        std::f64::consts::SQRT_2, 0.0, 0.0, 0.212132034355964, 0.977241014284603, 0.0,
        -0.282842712474619, 0.163726243230928, 1.700939069243072
    ];
    pub const CHOLESKY_GRAD: [f64; 18] = [
        -0.172144936761209, -0.090189144762385, -0.042462216385556, -0.090189144762385,
        -0.12416785372157, -0.030151134457776, -0.042462216385556, -0.030151134457776, 0.0,
        0.056702628868567, 0.18521887089561, 0.245650602217905, 0.18521887089561,
        0.194671852878614, 0.364991462950465, 0.245650602217905, 0.364991462950465,
        0.264559741225918
    ];
    pub const QR_Q: [f64; 24] = [
        0.432742322407915, 0.748302923791145, 0.201311224887634, 0.216371161203958,
        -0.537122794214967, 0.737857896129875, 0.129822696722375, 0.27005458994287,
        0.531018182485017, 0.865484644815831, -0.280378951833262, -0.364772813849038,
        0.937042571331636, -0.162041474962088, -0.187317162316339, 0.312347523777212,
        0.388899539909011, 0.09365858115817, 0.0, -0.885826729792746, 0.280975743474508,
        0.156173761888606, 0.194449769954505, 0.936585811581694
    ];
    pub const QR_R: [f64; 18] = [
        2.310844001658269, 0.826537835799118, 0.129822696722375, 0.0, 2.19472895957394,
        -0.664001522570432, -0.0, -0.0, 2.189120381669285, 3.201562118716424, 0.390434404721515,
        1.015129452275939, -0.0, 2.257777884471756, -0.950643319777581, -0.0, -0.0,
        0.561951486949017
    ];
    pub const QR_GRAD: [f64; 24] = [
        -0.617215250912028, -0.785042503192101, -0.548426773393748, -0.477302740309111,
        -0.372541327155826, -0.017076559498916, -0.396864479537891, -0.330818259767948,
        -0.048302678351072, -0.436874618199332, -0.273516078230195, -0.407525272173217,
        0.236285695721184, -0.187857300854457, -0.132990313162901, -0.275917668270253,
        0.681954891393142, 0.930361341372444, 0.191670538113768, -0.001545748436762,
        -0.056178738497938, -0.225566414043314, 1.043858869827029, 0.858156467462375
    ];
    pub const EIGH_VALUES: [f64; 6] = [
        1.692877062137378, 2.649284505646261, 4.65783843221636, 0.896222424121818,
        1.963453322283457, 3.140324253594726
    ];
    pub const EIGH_VECTORS: [f64; 18] = [
        -0.35701920717682, -0.373312412432082, 0.85625646183312, 0.402135120327305,
        0.765946567826896, 0.501610606181271, 0.843104163615729, -0.523415416240616,
        0.123335604492313, -0.294930817444668, 0.896147960112751, -0.331563940299872,
        0.950140139677563, 0.311814012910612, -0.002395062855631, -0.101239952068943,
        0.315738586394405, 0.94342970971172
    ];
    pub const EIGH_GRAD: [f64; 18] = [
        1.284919557450099, 0.98532693176884, -0.165182286921138, 0.98532693176884,
        0.592567846481618, 0.709917160628472, -0.165182286921138, 0.709917160628472,
        0.622512596068282, 0.720450794920138, 0.173035939261215, 0.642841553947016,
        0.173035939261215, 0.340423651052751, 0.018727862758999, 0.642841553947016,
        0.018727862758999, -0.760874445972889
    ];
}

#[test]
fn det_and_inv_of_a_stack_match_torch() {
    let g = general();
    assert_close(det(&g), torch::DET, 1e-13);
    let w = Tensor::from(vec![1.0, -2.0]);
    let grad = &gradients(|x| sum(&(det(&x[0]) * &w)), vec![g.clone()])[0];
    assert_close(grad, torch::DET_GRAD, 1e-13);
    assert_close(inv(&g), torch::INV, 1e-13);
    let grad = &gradients(|x| sum(&(inv(&x[0]) * w33())), vec![g])[0];
    assert_close(grad, torch::INV_GRAD, 1e-13);
}

#[test]
fn solve_of_a_stack_matches_torch_in_value_and_both_gradients() {
    let (g, b) = (general(), rhs());
    assert_close(solve(&g, &b), torch::SOLVE, 1e-13);
    let w = ramp(&[2, 3, 2], 5.0, 1.0);
    let grads = gradients(|x| sum(&(solve(&x[0], &x[1]) * &w)), vec![g, b]);
    assert_close(&grads[0], torch::SOLVE_GRAD_A, 1e-13);
    assert_close(&grads[1], torch::SOLVE_GRAD_B, 1e-13);
}

#[test]
fn cholesky_qr_and_eigh_of_a_stack_match_torch() {
    let s = spd();
    assert_close(cholesky(&s), torch::CHOLESKY, 1e-13);
    let grad = &gradients(|x| sum(&(cholesky(&x[0]) * w33())), vec![s.clone()])[0];
    assert_close(grad, torch::CHOLESKY_GRAD, 1e-12);

    let t = tall();
    let (q, r) = qr(&t);
    assert_close(&q, torch::QR_Q, 1e-13);
    assert_close(&r, torch::QR_R, 1e-13);
    let w43 = ramp(&[2, 4, 3], 12.0, 1.0);
    let loss = |x: &[Tensor]| {
        let (q, r) = qr(&x[0]);
        sum(&(q * &w43)) + sum(&(r * w33()))
    };
    assert_close(&gradients(loss, vec![t])[0], torch::QR_GRAD, 1e-12);

    let (values, vectors) = eigh(&s);
    assert_close(&values, torch::EIGH_VALUES, 1e-13);
    assert_close(&vectors, torch::EIGH_VECTORS, 1e-12);
    let w23 = tensor(&[2, 3], &[1.0, -0.5, 2.0, 0.3, 1.0, -1.0]);
    let loss = |x: &[Tensor]| {
        let (values, vectors) = eigh(&x[0]);
        sum(&(values * &w23)) + sum(&(vectors * w33()))
    };
    assert_close(&gradients(loss, vec![s])[0], torch::EIGH_GRAD, 1e-11);
}

// ----- a stack is its matrices one by one ------------------------------------------------------

/// `x` split along its leading axes into the pieces of its last `trailing` axes.
fn split(x: &Tensor, trailing: usize) -> Vec<Tensor> {
    let shape = &x.shape()[x.ndim() - trailing..];
    let size = shape.iter().product::<usize>().max(1);
    x.to_vec::<f64>().chunks(size).map(|c| Tensor::from_shape_vec(shape, c.to_vec())).collect()
}

/// Weights that depend only on the position inside one output of one matrix, so that the
/// weighted sum over a stack is the sum of the weighted sums over its matrices.
fn weights(per_matrix_shape: &[usize]) -> Tensor {
    let n = per_matrix_shape.iter().product::<usize>();
    let values = (0..n).map(|j| 0.5 + 0.25 * j as f64 * if j % 2 == 0 { 1.0 } else { -1.0 });
    Tensor::from_shape_vec(per_matrix_shape, values.collect())
}

/// A weighted sum of all of `outputs`, each weighted by [`weights`] of its trailing
/// `shapes[k].len()` axes.
fn weighted(outputs: &[Tensor], shapes: &[Vec<usize>]) -> Tensor {
    outputs.iter().zip(shapes).map(|(y, s)| sum(&(y * &weights(s)))).reduce(|a, b| a + b).unwrap()
}

/// Asserts that `op` on the stacks `args` (all with `batch` leading axes of the same shape)
/// gives, output by output, the stack of its results on the matrices one by one, and that the
/// gradients of a weighted sum of its outputs are the stacks of the matrices' gradients.
fn behaves_per_matrix(op: impl Fn(&[Tensor]) -> Vec<Tensor>, args: Vec<Tensor>, batch: usize) {
    let stacked = op(&args);
    let pieces: Vec<Vec<Tensor>> = args.iter().map(|a| split(a, a.ndim() - batch)).collect();
    let count = pieces[0].len();
    let one = |i: usize| -> Vec<Tensor> { pieces.iter().map(|p| p[i].clone()).collect() };
    let shapes: Vec<Vec<usize>> = stacked.iter().map(|y| y.shape()[batch..].to_vec()).collect();
    for (k, y) in stacked.iter().enumerate() {
        let expected: Vec<f64> = (0..count).flat_map(|i| op(&one(i))[k].to_vec::<f64>()).collect();
        assert_eq!(y.to_vec::<f64>(), expected, "output {k}");
    }
    let loss = |xs: &[Tensor]| weighted(&op(xs), &shapes);
    let grads = gradients(loss, args.clone());
    let singles: Vec<Vec<Tensor>> = (0..count).map(|i| gradients(loss, one(i))).collect();
    for (j, g) in grads.iter().enumerate() {
        let expected: Vec<f64> = singles.iter().flat_map(|s| s[j].to_vec::<f64>()).collect();
        assert_close(g, expected, 1e-12);
    }
}

#[test]
fn lu_functions_of_a_stack_are_those_of_its_matrices() {
    let g = general();
    behaves_per_matrix(|x| vec![det(&x[0])], vec![g.clone()], 1);
    behaves_per_matrix(|x| vec![logdet(&x[0])], vec![spd()], 1);
    behaves_per_matrix(|x| vec![logabsdet(&x[0])], vec![g.clone()], 1);
    behaves_per_matrix(
        |x| {
            let (sign, log_abs) = slogdet(&x[0]);
            vec![sign, log_abs]
        },
        vec![g.clone()],
        1,
    );
    behaves_per_matrix(|x| vec![inv(&x[0])], vec![g.clone()], 1);
    behaves_per_matrix(|x| vec![matrix_power(&x[0], 3)], vec![g.clone()], 1);
    behaves_per_matrix(|x| vec![matrix_power(&x[0], -2)], vec![g.clone()], 1);
    // Two batch axes.
    let four = Tensor::from_shape_vec(&[2, 2, 3, 3], [g.to_vec::<f64>(), spd().to_vec()].concat());
    behaves_per_matrix(|x| vec![det(&x[0]), inv(&x[0])], vec![four], 2);
}

#[test]
fn solves_of_a_stack_are_those_of_its_matrices() {
    let (g, b) = (general(), rhs());
    behaves_per_matrix(|x| vec![solve(&x[0], &x[1])], vec![g.clone(), b.clone()], 1);
    // A stack of vectors: b of shape a.shape[:-1].
    let vectors = tensor(&[2, 3], &[1.0, -2.0, 0.5, 3.0, 0.0, -1.0]);
    behaves_per_matrix(|x| vec![solve(&x[0], &x[1])], vec![g.clone(), vectors.clone()], 1);
    let lower = autograd::linalg::tril(&g, 0);
    behaves_per_matrix(|x| vec![solve_triangular(&x[0], &x[1], true)], vec![lower, b.clone()], 1);
    let upper = autograd::linalg::triu(&g, 0);
    behaves_per_matrix(|x| vec![solve_triangular(&x[0], &x[1], false)], vec![upper, vectors], 1);
}

#[test]
fn decompositions_of_a_stack_are_those_of_its_matrices() {
    behaves_per_matrix(|x| vec![cholesky(&x[0])], vec![spd()], 1);
    behaves_per_matrix(|x| vec![matrix_powf(&x[0], 0.5)], vec![spd()], 1);
    behaves_per_matrix(
        |x| {
            let (q, r) = qr(&x[0]);
            vec![q, r]
        },
        vec![tall()],
        1,
    );
    let wide = autograd::linalg::permute_axes(&tall(), &[0, 2, 1]);
    behaves_per_matrix(
        |x| {
            let (l, q) = lq(&x[0]);
            vec![l, q]
        },
        vec![wide],
        1,
    );
    behaves_per_matrix(
        |x| {
            let (values, vectors) = eigh(&x[0]);
            vec![values, vectors]
        },
        vec![spd()],
        1,
    );
    behaves_per_matrix(
        |x| {
            let (u, s, v) = svd(&x[0]);
            vec![u, s, v]
        },
        vec![tall()],
        1,
    );
}

// ----- solve's batch rules ---------------------------------------------------------------------

#[test]
fn solve_broadcasts_batch_axes_and_sums_gradients_back() {
    let (g, b) = (general(), rhs());
    let a = split(&g, 2);
    let bs = split(&b, 2);
    // One right-hand side for every matrix of the stack.
    let shared = bs[0].clone();
    let x = solve(&g, &shared);
    assert_eq!(x.shape(), &[2, 3, 2]);
    let expected: Vec<f64> = a.iter().flat_map(|m| solve(m, &shared).to_vec::<f64>()).collect();
    assert_eq!(x.to_vec::<f64>(), expected);
    let w = weights(&[3, 2]);
    let grads = gradients(|x| sum(&(solve(&x[0], &x[1]) * &w)), vec![g.clone(), shared.clone()]);
    let singles: Vec<Vec<Tensor>> = a
        .iter()
        .map(|m| gradients(|x| sum(&(solve(&x[0], &x[1]) * &w)), vec![m.clone(), shared.clone()]))
        .collect();
    let expected_b = &singles[0][1] + &singles[1][1];
    assert_eq!(grads[1].shape(), &[3, 2]);
    assert_close(&grads[1], &expected_b, 1e-12);

    // One matrix for a stack of right-hand sides.
    let grads = gradients(|x| sum(&(solve(&x[0], &x[1]) * &w)), vec![a[1].clone(), b.clone()]);
    let expected_a: Tensor = bs
        .iter()
        .map(|r| {
            gradients(|x| sum(&(solve(&x[0], &x[1]) * &w)), vec![a[1].clone(), r.clone()])[0]
                .clone()
        })
        .reduce(|p, q| p + q)
        .unwrap();
    assert_eq!(grads[0].shape(), &[3, 3]);
    assert_close(&grads[0], &expected_a, 1e-12);

    // Batch shapes [2, 1] and [1, 3] broadcast to [2, 3].
    let a4 = g.reshape(&[2, 1, 3, 3]);
    let b4 = Tensor::from_shape_vec(&[1, 3, 3, 2], (0..18).map(|i| (i as f64).sin()).collect());
    let x = solve(&a4, &b4);
    assert_eq!(x.shape(), &[2, 3, 3, 2]);
    let b_pieces = split(&b4, 2);
    let expected: Vec<f64> = a
        .iter()
        .flat_map(|m| b_pieces.iter().flat_map(|r| solve(m, r).to_vec::<f64>()).collect::<Vec<_>>())
        .collect();
    assert_close(&x, expected, 1e-15);
    // A 1-d b is one vector for every matrix.
    let v = Tensor::from(vec![1.0, 2.0, 3.0]);
    assert_eq!(solve(&g, &v).shape(), &[2, 3]);
}

// ----- errors ----------------------------------------------------------------------------------

fn message(f: impl FnOnce() -> Tensor) -> String {
    catch(f).map(|_| ()).unwrap_err().to_string()
}

#[test]
fn a_singular_matrix_in_a_stack_is_named_by_its_batch_index() {
    let mut data = general().to_vec::<f64>();
    data.extend([1.0, 2.0, 3.0, 2.0, 4.0, 6.0, 0.0, 1.0, 1.0]);
    data.extend(&spd().to_vec::<f64>()[..9]);
    let stack = Tensor::from_shape_vec(&[2, 2, 3, 3], data);
    let m = message(|| inv(&stack));
    assert!(m.starts_with("inv: ") && m.contains("3×3 matrix at batch index [1, 0]"), "{m}");
    assert!(m.contains("singular to working precision"), "{m}");
    let b = Tensor::zeros(&[2, 2, 3], DType::F64);
    let m = message(|| solve(&stack, &b));
    assert!(m.starts_with("solve: ") && m.contains("at batch index [1, 0]"), "{m}");
    // Not positive definite: the second matrix of the stack.
    let not_pd = Tensor::from_shape_vec(&[2, 2, 2], vec![1.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 1.0]);
    let m = message(|| cholesky(&not_pd));
    assert!(m.starts_with("cholesky: ") && m.contains("at batch index [1]"), "{m}");
    let zero_diagonal = Tensor::from_shape_vec(&[2, 1, 1], vec![1.0, 0.0]);
    let m = message(|| solve_triangular(&zero_diagonal, &Tensor::ones(&[2, 1], DType::F64), true));
    assert!(m.starts_with("solve_triangular: ") && m.contains("at batch index [1]"), "{m}");
    // A single matrix is not a stack: no batch index.
    let m = message(|| inv(&split(&stack, 2)[2]));
    assert!(m.starts_with("inv: the 3×3 matrix is singular"), "{m}");
}

#[test]
fn shape_errors_for_stacks_name_the_op_and_the_shapes() {
    let m = message(|| det(&Tensor::zeros(&[2, 3, 4], DType::F64)));
    assert_eq!(m, "det: needs a square matrix, got shape [2, 3, 4]");
    let m = message(|| qr(&Tensor::zeros(&[2, 3, 4], DType::F64)).0);
    assert_eq!(m, "qr: needs at least as many rows as columns, got [2, 3, 4]");
    let m = message(|| solve(&general(), &Tensor::zeros(&[3, 3, 2], DType::F64)));
    assert!(m.starts_with("solve: ") && m.contains("[2, 3, 3]") && m.contains("[3, 3, 2]"), "{m}");
    let m = message(|| inv(&Tensor::zeros(&[3], DType::F64)));
    assert_eq!(m, "inv: needs a matrix, got shape [3]");
}
