//! The neural-network primitives: activations, softmax, losses, dropout, convolution and
//! pooling — their values against direct computations, their special semantics, and their
//! first and second derivatives.

mod common;

use autograd::prelude::*;
use autograd::{
    conv::{avg_pool2d, conv2d, conv2d_input_grad, conv2d_weight_grad, max_pool2d},
    gradcheck, gradgradcheck,
    linalg::matmul,
    math::tanh,
    nn::{
        binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, dropout,
        dropout_mask, elu, gelu, leaky_relu, log_softmax, mse, nll_loss, relu, selu, sigmoid,
        softmax, softplus,
    },
    reduce::sum_axes,
    shape::reshape,
};
use autograd::{SELU_ALPHA, SELU_SCALE};
use common::assert_close;

/// Deterministic test data in [-1, 1): no random number generator needed.
fn data(shape: &[usize], seed: f64) -> Tensor {
    let n: usize = shape.iter().product();
    let values = (0..n).map(|i| ((i as f64 + 1.0) * 0.7531 + seed * 1.913).sin()).collect();
    Tensor::from_shape_vec(shape, values)
}

// ---------------------------------------------------------------- activations

#[test]
fn activations_match_their_definitions() {
    let xs = [-2.5, -0.3, 0.4, 1.7];
    let x = Tensor::from(xs.to_vec());
    let each = |f: &dyn Fn(f64) -> f64| xs.iter().map(|&v| f(v)).collect::<Vec<f64>>();
    assert_close(relu(&x).to_vec::<f64>(), each(&|v| v.max(0.0)), 1e-15);
    assert_close(leaky_relu(&x, 0.1).to_vec::<f64>(), each(&|v| v.max(0.1 * v)), 1e-15);
    assert_close(sigmoid(&x).to_vec::<f64>(), each(&|v| 1.0 / (1.0 + (-v).exp())), 1e-15);
    assert_close(softplus(&x).to_vec::<f64>(), each(&|v| (1.0 + v.exp()).ln()), 1e-15);
    let elu_of = |v: f64, a: f64| if v > 0.0 { v } else { a * (v.exp() - 1.0) };
    assert_close(elu(&x, 0.5).to_vec::<f64>(), each(&|v| elu_of(v, 0.5)), 1e-15);
    assert_close(selu(&x).to_vec::<f64>(), each(&|v| SELU_SCALE * elu_of(v, SELU_ALPHA)), 1e-15);
    // x·Φ(x) at tabulated points: Φ(1) = 0.8413447460685429, Φ(-0.5) = 0.3085375387259869.
    let g = gelu(&Tensor::from(vec![1.0, -0.5, 0.0]));
    assert_close(g.to_vec::<f64>(), [0.8413447460685429, -0.5 * 0.3085375387259869, 0.0], 1e-15);
}

#[test]
fn sigmoid_and_softplus_do_not_overflow_at_extreme_inputs() {
    let x = Tensor::from(vec![-1e4, 1e4]);
    assert_eq!(sigmoid(&x).to_vec::<f64>(), vec![0.0, 1.0]);
    assert_eq!(softplus(&x).to_vec::<f64>(), vec![0.0, 1e4]);
    let (_, grads) = value_and_gradients(|t| sum(&softplus(&t[0])), std::slice::from_ref(&x));
    assert_eq!(grads[0].to_vec::<f64>(), vec![0.0, 1.0]);
    // elu's gradient masks its left piece out on the right without computing inf · 0.
    let (_, grads) = value_and_gradients(|t| sum(&elu(&t[0], 1.0)), &[x]);
    assert_eq!(grads[0].to_vec::<f64>(), vec![0.0, 1.0]);
}

#[test]
fn relu_family_gradient_at_zero_is_the_left_one_on_both_paths() {
    let x = Tensor::from(vec![-1.0, 0.0, 2.0]);
    // First order (fused kernels) and inside a nested differentiation (recorded tensors).
    let d1 = gradfun(|t: &Tensor| sum(&relu(t)));
    assert_eq!(d1(&x).to_vec::<f64>(), vec![0.0, 0.0, 1.0]);
    let d2 = gradfun(|t: &Tensor| sum(&(&d1(t) * t)));
    assert_eq!(d2(&x).to_vec::<f64>(), vec![0.0, 0.0, 1.0]);
    let leaky = gradfun(|t: &Tensor| sum(&leaky_relu(t, 0.2)));
    assert_close(leaky(&x).to_vec::<f64>(), [0.2, 0.2, 1.0], 1e-15);
    assert_eq!(gradfun(gradfun(|t: &Tensor| relu(t)))(&Tensor::from(0.5)).item::<f64>(), 0.0);
}

#[test]
fn gelu_derivatives_match_the_closed_forms_to_third_order() {
    let phi = |x: f64| (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
    for x in [-1.3, 0.2, 0.9] {
        let at = Tensor::from(x);
        let d1 = gradfun(|t: &Tensor| gelu(t));
        let d2 = gradfun(gradfun(|t: &Tensor| gelu(t)));
        let d3 = gradfun(gradfun(gradfun(|t: &Tensor| gelu(t))));
        let cdf = 0.5 * (1.0 + erf_reference(x / std::f64::consts::SQRT_2));
        assert!((d1(&at).item::<f64>() - (cdf + x * phi(x))).abs() < 1e-7);
        assert!((d2(&at).item::<f64>() - phi(x) * (2.0 - x * x)).abs() < 1e-12);
        assert!((d3(&at).item::<f64>() - phi(x) * (x * x * x - 4.0 * x)).abs() < 1e-12);
    }
    let x32 = gelu(&Tensor::from(vec![1.0f32, -2.0]));
    assert_eq!(x32.dtype(), DType::F32);
}

/// erf by its Maclaurin series (enough terms for |x| < 1.5 to 1e-9).
fn erf_reference(x: f64) -> f64 {
    let (mut term, mut total) = (x, x);
    for n in 1..60 {
        term *= -x * x / n as f64;
        total += term / (2 * n + 1) as f64;
    }
    total * 2.0 / std::f64::consts::PI.sqrt()
}

// ---------------------------------------------------------------- softmax

#[test]
fn log_softmax_is_finite_and_exact_at_plus_minus_1e4() {
    let x = Tensor::from_shape_vec(&[2, 3], vec![1e4, -1e4, 0.0, -1e4, -1e4, -1e4]);
    let y = log_softmax(&x, 1).to_vec::<f64>();
    assert!(y.iter().all(|v| v.is_finite()), "{y:?}");
    let ln3 = 3f64.ln();
    assert_close(&y, [0.0, -2e4, -1e4, -ln3, -ln3, -ln3], 1e-15);
    assert_eq!(softmax(&x, 1).to_vec::<f64>()[..3], [1.0, 0.0, 0.0]);
    // The gradient of the loss at such logits is finite too: softmax - onehot, over the batch.
    let (loss, grads) = value_and_gradients(|t| cross_entropy(&t[0], &[0, 2]), &[x]);
    assert_close([loss.item::<f64>()], [(0.0 + ln3) / 2.0], 1e-15);
    let third = 1.0 / 3.0;
    let expected = [0.0, 0.0, 0.0, third / 2.0, third / 2.0, (third - 1.0) / 2.0];
    assert_close(grads[0].to_vec::<f64>(), expected, 1e-15);
}

#[test]
fn softmax_lanes_sum_to_one_along_the_chosen_axis() {
    let x = data(&[2, 3, 4], 1.0) * 5.0;
    for axis in 0..3 {
        let y = softmax(&x, axis);
        assert_eq!(y.shape(), x.shape());
        let totals = sum_axes(&y, &[axis]).to_vec::<f64>();
        assert_close(&totals, vec![1.0; totals.len()], 1e-15);
        let logs = log_softmax(&x, axis).to_vec::<f64>();
        let exp_logs: Vec<f64> = logs.iter().map(|v| v.exp()).collect();
        assert_close(&exp_logs, y.to_vec::<f64>(), 1e-14);
    }
}

#[test]
fn softmax_second_derivatives_pass_gradgradcheck() {
    let x = data(&[2, 3], 2.0);
    assert!(gradgradcheck(|t| softmax(&t[0], 0), std::slice::from_ref(&x)).is_ok());
    assert!(gradgradcheck(|t| log_softmax(&t[0], 1), &[x]).is_ok());
}

#[test]
#[should_panic(expected = "log_softmax: axis 2 is out of range for shape [2, 3]")]
fn log_softmax_names_an_axis_out_of_range() {
    log_softmax(&data(&[2, 3], 0.0), 2);
}

// ---------------------------------------------------------------- losses

#[test]
fn cross_entropy_gradient_is_softmax_minus_onehot_over_batch() {
    let logits = data(&[3, 4], 3.0) * 3.0;
    let labels = [2, 0, 3];
    let (loss, grads) =
        value_and_gradients(|t| cross_entropy(&t[0], &labels), std::slice::from_ref(&logits));
    let probs = softmax(&logits, 1).to_vec::<f64>();
    let log_probs = log_softmax(&logits, 1).to_vec::<f64>();
    let expected_loss = -(0..3).map(|i| log_probs[i * 4 + labels[i]]).sum::<f64>() / 3.0;
    assert_close([loss.item::<f64>()], [expected_loss], 1e-14);
    let mut expected = probs;
    for (i, &c) in labels.iter().enumerate() {
        expected[i * 4 + c] -= 1.0;
    }
    let expected: Vec<f64> = expected.iter().map(|v| v / 3.0).collect();
    assert_close(grads[0].to_vec::<f64>(), &expected, 1e-14);
    assert!(gradgradcheck(|t| cross_entropy(&t[0], &labels), &[logits]).is_ok());
}

#[test]
fn nll_loss_is_the_mean_negative_log_probability_of_the_labels() {
    let log_probs = Tensor::from_shape_vec(&[2, 2], vec![-0.1, -2.0, -0.5, -1.0]);
    assert_close([nll_loss(&log_probs, &[0, 1]).item::<f64>()], [0.55], 1e-15);
}

#[test]
#[should_panic(expected = "cross_entropy: label 5 of sample 1 is out of range for 3 classes \
                           (shape [2, 3])")]
fn cross_entropy_names_a_label_out_of_range() {
    cross_entropy(&data(&[2, 3], 0.0), &[0, 5]);
}

#[test]
#[should_panic(expected = "nll_loss: 3 labels for 2 samples (shape [2, 3])")]
fn nll_loss_names_a_label_count_that_does_not_match_the_batch() {
    nll_loss(&data(&[2, 3], 0.0), &[0, 1, 2]);
}

#[test]
#[should_panic(expected = "cross_entropy: expected a 2-d [samples, classes] tensor, found \
                           shape [6]")]
fn cross_entropy_names_logits_that_are_not_a_matrix() {
    cross_entropy(&data(&[6], 0.0), &[0]);
}

#[test]
fn mse_is_the_mean_squared_difference_and_refuses_to_broadcast() {
    let pred = Tensor::from(vec![1.0, 2.0, 4.0]);
    let target = Tensor::from(vec![1.5, 2.0, 2.0]);
    assert_close([mse(&pred, &target).item::<f64>()], [(0.25 + 4.0) / 3.0], 1e-15);
    let (_, grads) = value_and_gradients(|t| mse(&t[0], &t[1]), &[pred, target]);
    assert_close(grads[0].to_vec::<f64>(), [-1.0 / 3.0, 0.0, 4.0 / 3.0], 1e-15);
    assert_close(grads[1].to_vec::<f64>(), [1.0 / 3.0, 0.0, -4.0 / 3.0], 1e-15);
    let wrong = std::panic::catch_unwind(|| {
        mse(&Tensor::zeros(&[2, 1], DType::F64), &Tensor::zeros(&[2], DType::F64))
    });
    let message = *wrong.expect_err("shapes differ").downcast::<String>().unwrap();
    assert_eq!(message, "mse: incompatible shapes [2, 1] and [2]");
}

#[test]
fn binary_cross_entropy_from_logits_is_stable_and_agrees_with_probabilities() {
    let logits = data(&[2, 3], 4.0) * 3.0;
    let targets = (data(&[2, 3], 5.0) + 1.0) * 0.5;
    let from_logits = binary_cross_entropy_with_logits(&logits, &targets).item::<f64>();
    let from_probs = binary_cross_entropy(&sigmoid(&logits), &targets).item::<f64>();
    assert!((from_logits - from_probs).abs() < 1e-12);
    // The gradient in the logits is (sigmoid(z) - t) / n, in both formulations.
    let (_, g1) = value_and_gradients(
        |t| binary_cross_entropy_with_logits(&t[0], &targets),
        std::slice::from_ref(&logits),
    );
    let (_, g2) = value_and_gradients(
        |t| binary_cross_entropy(&sigmoid(&t[0]), &targets),
        std::slice::from_ref(&logits),
    );
    assert_close(g1[0].to_vec::<f64>(), g2[0].to_vec::<f64>(), 1e-12);
    assert!(gradgradcheck(|t| binary_cross_entropy_with_logits(&t[0], &t[1]), &[logits, targets])
        .is_ok());

    // At ±1e4 the logits form is exact where probabilities saturate to 0 and 1.
    let z = Tensor::from(vec![1e4, -1e4]);
    let t = Tensor::from(vec![0.0, 1.0]);
    assert_eq!(binary_cross_entropy_with_logits(&z, &t).item::<f64>(), 1e4);
    let clamped = binary_cross_entropy(&sigmoid(&z), &t).item::<f64>();
    assert_eq!(clamped, 100.0, "the probabilities form clamps its logarithms at -100");
}

// ---------------------------------------------------------------- dropout

#[test]
fn dropout_is_the_identity_when_not_training() {
    let x = data(&[4, 5], 6.0);
    assert_eq!(dropout(&x, 0.5, 1, false).to_vec::<f64>(), x.to_vec::<f64>());
    let (_, grads) = value_and_gradients(|t| sum(&dropout(&t[0], 0.9, 1, false)), &[x]);
    assert_eq!(grads[0].to_vec::<f64>(), vec![1.0; 20]);
}

#[test]
fn dropout_is_deterministic_for_a_seed_and_scales_what_it_keeps() {
    let x = Tensor::ones(&[100, 100], DType::F64);
    let a = dropout(&x, 0.3, 42, true).to_vec::<f64>();
    assert_eq!(a, dropout(&x, 0.3, 42, true).to_vec::<f64>());
    assert_ne!(a, dropout(&x, 0.3, 43, true).to_vec::<f64>());
    let kept = a.iter().filter(|&&v| v != 0.0).count() as f64 / a.len() as f64;
    assert!((kept - 0.7).abs() < 0.02, "kept {kept}");
    assert!(a.iter().all(|&v| v == 0.0 || (v - 1.0 / 0.7).abs() < 1e-15));
    // The same mask in f32.
    let a32 = dropout(&x.to_dtype(DType::F32), 0.3, 42, true);
    assert_eq!(a32.dtype(), DType::F32);
    let zeros32: Vec<bool> = a32.to_vec::<f64>().iter().map(|&v| v == 0.0).collect();
    assert_eq!(zeros32, a.iter().map(|&v| v == 0.0).collect::<Vec<bool>>());
    assert_eq!(dropout(&x, 1.0, 42, true).to_vec::<f64>(), vec![0.0; 10_000]);
}

#[test]
fn dropout_gradient_uses_the_same_mask() {
    let x = Param::new(data(&[6, 7], 7.0) + 2.0);
    let tape = diff(|| sum(&dropout(&x, 0.5, 9, true)));
    let g = grad(&tape, &x).unwrap().to_vec::<f64>();
    let mask = dropout_mask(&x.value(), 0.5, 9).to_vec::<f64>();
    assert_eq!(g, mask);
    let y = dropout(&x.value(), 0.5, 9, true).to_vec::<f64>();
    for ((&gi, &yi), &xi) in g.iter().zip(&y).zip(&x.value().to_vec::<f64>()) {
        assert_eq!(gi == 0.0, yi == 0.0);
        assert!((yi - gi * xi).abs() < 1e-15);
    }
}

#[test]
#[should_panic(expected = "dropout: p = 1.5 is not a probability in [0, 1]")]
fn dropout_names_a_probability_out_of_range() {
    dropout(&data(&[2], 0.0), 1.5, 0, true);
}

// ---------------------------------------------------------------- convolution

/// Convolution by its definition, one output element at a time.
fn direct_conv2d(
    x: &Tensor,
    w: &Tensor,
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
) -> (Vec<usize>, Vec<f64>) {
    let (xs, ws) = (x.shape(), w.shape());
    let (xv, wv) = (x.to_vec::<f64>(), w.to_vec::<f64>());
    let size = |axis: usize| {
        (xs[2 + axis] + 2 * padding[axis] - dilation[axis] * (ws[2 + axis] - 1) - 1) / stride[axis]
            + 1
    };
    let (oh, ow) = (size(0), size(1));
    let mut out = Vec::new();
    for n in 0..xs[0] {
        for o in 0..ws[0] {
            for i in 0..oh {
                for j in 0..ow {
                    let mut acc = 0.0;
                    for c in 0..xs[1] {
                        for ki in 0..ws[2] {
                            for kj in 0..ws[3] {
                                let r = (i * stride[0] + ki * dilation[0]) as isize
                                    - padding[0] as isize;
                                let s = (j * stride[1] + kj * dilation[1]) as isize
                                    - padding[1] as isize;
                                if r < 0 || s < 0 || r >= xs[2] as isize || s >= xs[3] as isize {
                                    continue;
                                }
                                let (r, s) = (r as usize, s as usize);
                                acc += xv[((n * xs[1] + c) * xs[2] + r) * xs[3] + s]
                                    * wv[((o * ws[1] + c) * ws[2] + ki) * ws[3] + kj];
                            }
                        }
                    }
                    out.push(acc);
                }
            }
        }
    }
    (vec![xs[0], ws[0], oh, ow], out)
}

#[test]
fn conv2d_matches_a_direct_convolution_loop() {
    let x = data(&[2, 3, 7, 6], 1.0);
    let w = data(&[4, 3, 3, 2], 2.0);
    for (stride, padding, dilation) in [
        ([1, 1], [0, 0], [1, 1]),
        ([2, 2], [1, 1], [2, 2]),
        ([2, 1], [0, 2], [1, 3]),
        ([3, 2], [2, 1], [1, 1]),
    ] {
        let y = conv2d(&x, &w, stride, padding, dilation);
        let (shape, expected) = direct_conv2d(&x, &w, stride, padding, dilation);
        assert_eq!(y.shape(), shape.as_slice(), "{stride:?} {padding:?} {dilation:?}");
        assert_close(y.to_vec::<f64>(), &expected, 1e-13);
    }
}

#[test]
fn conv2d_gradients_pass_gradcheck_and_gradgradcheck_with_stride_padding_dilation() {
    let x = data(&[2, 2, 5, 5], 3.0);
    let w = data(&[3, 2, 2, 2], 4.0);
    let b = data(&[1, 3, 1, 1], 5.0);
    let f = |t: &[Tensor]| conv2d(&t[0], &t[1], [2, 2], [1, 1], [2, 2]) + &t[2];
    let args = [x, w, b];
    let first = gradcheck(f, &args).expect("first order");
    assert!(first.compared > 0);
    gradgradcheck(f, &args).expect("second order");
    // The gradient of a nonlinear function of the convolution, twice.
    let g = |t: &[Tensor]| tanh(&conv2d(&t[0], &t[1], [2, 2], [1, 1], [2, 2]));
    gradgradcheck(g, &args[..2]).expect("second order through tanh");
}

#[test]
fn conv2d_input_and_weight_gradients_are_the_adjoint_products() {
    // ⟨dy, conv2d(x, w)⟩ = ⟨conv2d_input_grad(dy, w), x⟩ = ⟨conv2d_weight_grad(x, dy), w⟩.
    let (stride, padding, dilation) = ([2, 1], [1, 2], [2, 1]);
    let x = data(&[2, 3, 6, 5], 6.0);
    let w = data(&[2, 3, 3, 2], 7.0);
    let y = conv2d(&x, &w, stride, padding, dilation);
    let dy = data(y.shape(), 8.0);
    let inner = |a: &Tensor, b: &Tensor| sum(&(a * b)).item::<f64>();
    let dx = conv2d_input_grad(&dy, &w, [6, 5], stride, padding, dilation);
    let dw = conv2d_weight_grad(&x, &dy, [3, 2], stride, padding, dilation);
    assert_eq!((dx.shape(), dw.shape()), (x.shape(), w.shape()));
    let reference = inner(&dy, &y);
    assert!((inner(&dx, &x) - reference).abs() < 1e-12 * (1.0 + reference.abs()));
    assert!((inner(&dw, &w) - reference).abs() < 1e-12 * (1.0 + reference.abs()));
}

#[test]
#[should_panic(expected = "conv2d: input [1, 3, 4, 4] has 3 channels but weights [2, 2, 3, 3] \
                           expect 2")]
fn conv2d_names_mismatched_channels() {
    conv2d(&data(&[1, 3, 4, 4], 0.0), &data(&[2, 2, 3, 3], 0.0), [1, 1], [0, 0], [1, 1]);
}

#[test]
#[should_panic(expected = "conv2d: kernel [3, 3] with dilation [2, 2] does not fit input \
                           [1, 1, 4, 4] with padding [0, 0]")]
fn conv2d_names_a_kernel_that_does_not_fit() {
    conv2d(&data(&[1, 1, 4, 4], 0.0), &data(&[1, 1, 3, 3], 0.0), [1, 1], [0, 0], [2, 2]);
}

// ---------------------------------------------------------------- pooling

#[test]
fn max_pool_gradient_routes_to_the_maxima() {
    #[rustfmt::skip]
    let x = Tensor::from_shape_vec(&[1, 1, 4, 4], vec![
        1.0, 5.0, 2.0, 0.0,
        3.0, 4.0, 9.0, 1.0,
        0.0, 2.0, 1.0, 8.0,
        7.0, 1.0, 3.0, 2.0,
    ]);
    assert_eq!(max_pool2d(&x, [2, 2], [2, 2], [0, 0]).to_vec::<f64>(), vec![5.0, 9.0, 7.0, 8.0]);
    let (_, grads) = value_and_gradients(
        |t| sum(&(max_pool2d(&t[0], [2, 2], [2, 2], [0, 0]) * &Tensor::from(vec![1.0, 2.0]))),
        std::slice::from_ref(&x),
    );
    #[rustfmt::skip]
    let routed = vec![
        0.0, 1.0, 0.0, 0.0,
        0.0, 0.0, 2.0, 0.0,
        0.0, 0.0, 0.0, 2.0,
        1.0, 0.0, 0.0, 0.0,
    ];
    assert_eq!(grads[0].to_vec::<f64>(), routed);

    // Overlapping windows (3×3, stride 1): the 9 is the maximum of all four, so it gets
    // all four gradients.
    let (_, grads) = value_and_gradients(
        |t| sum(&max_pool2d(&t[0], [3, 3], [1, 1], [0, 0])),
        std::slice::from_ref(&x),
    );
    let mut expected = vec![0.0; 16];
    expected[6] = 4.0;
    assert_eq!(grads[0].to_vec::<f64>(), expected);
    // The padding never wins, even against negative inputs.
    let padded = max_pool2d(&(-&x), [3, 3], [2, 2], [1, 1]);
    assert_eq!(padded.to_vec::<f64>(), vec![-1.0, 0.0, 0.0, -1.0]);

    // Second order: max pooling is piecewise linear, so ∇⟨∇L, v⟩ = 0, and checks pass.
    let x = data(&[1, 2, 5, 5], 9.0);
    let f = |t: &[Tensor]| max_pool2d(&t[0], [3, 3], [2, 2], [1, 1]);
    gradcheck(f, std::slice::from_ref(&x)).expect("first order");
    gradgradcheck(f, &[x]).expect("second order");
}

#[test]
fn avg_pool_gradient_spreads_evenly() {
    let x = data(&[1, 1, 4, 4], 10.0);
    let y = avg_pool2d(&x, [2, 2], [2, 2], [0, 0]).to_vec::<f64>();
    let xv = x.to_vec::<f64>();
    assert!((y[0] - (xv[0] + xv[1] + xv[4] + xv[5]) / 4.0).abs() < 1e-15);
    let (_, grads) = value_and_gradients(
        |t| sum(&avg_pool2d(&t[0], [2, 2], [2, 2], [0, 0])),
        std::slice::from_ref(&x),
    );
    assert_eq!(grads[0].to_vec::<f64>(), vec![0.25; 16]);
    // With padding the zeros count: a corner window of 3×3 holds 4 inputs, divided by 9.
    let ones = Tensor::ones(&[1, 1, 4, 4], DType::F64);
    let corner = avg_pool2d(&ones, [3, 3], [2, 2], [1, 1]).to_vec::<f64>()[0];
    assert!((corner - 4.0 / 9.0).abs() < 1e-15);
    let f = |t: &[Tensor]| tanh(&avg_pool2d(&t[0], [3, 3], [2, 2], [1, 1]));
    gradgradcheck(f, &[data(&[2, 1, 5, 5], 11.0)]).expect("second order");
}

#[test]
#[should_panic(expected = "max_pool2d: padding [2, 2] is more than half the kernel [3, 3]")]
fn pooling_names_padding_larger_than_half_the_kernel() {
    max_pool2d(&data(&[1, 1, 4, 4], 0.0), [3, 3], [1, 1], [2, 2]);
}

// ---------------------------------------------------------------- together

#[test]
fn f32_works_throughout_and_agrees_with_f64() {
    let x = data(&[2, 1, 6, 6], 12.0);
    let w = data(&[3, 1, 3, 3], 13.0);
    let v = data(&[12, 4], 14.0);
    let labels = [1, 3];
    let loss = |t: &[Tensor]| {
        let h = relu(&conv2d(&t[0], &t[1], [1, 1], [1, 1], [1, 1]));
        let h = max_pool2d(&h, [2, 2], [2, 2], [0, 0]);
        let h = avg_pool2d(&h, [2, 2], [2, 2], [1, 1]);
        let h = reshape(&dropout(&gelu(&h), 0.2, 5, true), &[2, 12]);
        cross_entropy(&matmul(&h, &t[2]), &labels)
    };
    let args64 = [x, w, v];
    let args32: Vec<Tensor> = args64.iter().map(|a| a.to_dtype(DType::F32)).collect();
    let (l64, g64) = value_and_gradients(loss, &args64);
    let (l32, g32) = value_and_gradients(loss, &args32);
    assert_eq!(l32.dtype(), DType::F32);
    assert!((l64.item::<f64>() - l32.item::<f64>()).abs() < 1e-5);
    for (a, b) in g64.iter().zip(&g32) {
        assert_eq!(b.dtype(), DType::F32);
        assert_close(b.to_vec::<f64>(), a.to_vec::<f64>(), 1e-4);
    }
}

#[test]
fn a_small_convnet_loss_has_correct_second_derivatives() {
    let x = data(&[2, 2, 6, 6], 15.0);
    let w = data(&[2, 2, 3, 3], 16.0) * 0.5;
    let v = data(&[8, 3], 17.0);
    let loss = |t: &[Tensor]| {
        let h = tanh(&conv2d(&t[0], &t[1], [1, 1], [1, 1], [1, 1]));
        let h = reshape(&max_pool2d(&softplus(&h), [3, 3], [3, 3], [0, 0]), &[2, 8]);
        cross_entropy(&matmul(&h, &t[2]), &[2, 0])
    };
    gradcheck(loss, &[x.clone(), w.clone(), v.clone()]).expect("first order");
    gradgradcheck(loss, &[x, w, v]).expect("second order");
}
