//! Reductions, statistics and linear algebra: the semantics beyond the generated gradient
//! checks (zeros in products, ties, norms at 0 and of nothing, NumPy's matmul shapes, matrix
//! functions on valid inputs, second order, f32).

mod common;

use autograd::prelude::*;
use autograd::{
    gradcheck, gradgradcheck,
    linalg::{
        cholesky, det, diag, diagm, dot, eigh_values, eigh_vectors, inv, kron, logabsdet, logdet,
        matmul, matmul_transposed, outer, permute_axes, qr_q, qr_r, solve, solve_triangular, trace,
        tril, triu,
    },
    math::{log, sin},
    reduce::{
        argmax, argmax_axis, argmin, argmin_axis, cumprod, cumsum, logsumexp, logsumexp_axes, max,
        max_axes, min, min_axes, norm, norm_axes, prod, prod_axes, std_dev, std_dev_axes, var,
        var_axes,
    },
    shape::{reshape, transpose},
};
use common::{assert_close, gradient};

fn t(shape: &[usize], data: &[f64]) -> Tensor {
    Tensor::from_shape_vec(shape, data.to_vec())
}

/// First- and second-order gradient checks against central differences.
fn check_both(f: impl Fn(&[Tensor]) -> Tensor + Copy, args: &[Tensor]) {
    if let Err(e) = gradcheck(f, args) {
        panic!("{e}");
    }
    if let Err(e) = gradgradcheck(f, args) {
        panic!("{e}");
    }
}

/// Row `i` of the Hessian of `f` at `x`: the gradient of `∂f/∂xᵢ`, through the tape twice.
fn hessian_row(f: impl Fn(&Tensor) -> Tensor + Copy, x: &[f64], i: usize) -> Vec<f64> {
    let p = Param::new(x.to_vec());
    let mut e = vec![0.0; x.len()];
    e[i] = 1.0;
    let e = Tensor::from(e);
    let outer = diff(|| {
        let inner = diff(|| f(&p));
        dot(&grad(&inner, &p).unwrap(), &e)
    });
    grad(&outer, &p).unwrap().to_vec::<f64>()
}

fn expect_panic(f: impl FnOnce() + std::panic::UnwindSafe, needles: &[&str]) {
    let err = std::panic::catch_unwind(f).expect_err("expected a panic");
    let message = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    for needle in needles {
        assert!(message.contains(needle), "{message:?} does not mention {needle:?}");
    }
}

// ----- products ------------------------------------------------------------------------------

#[test]
fn prod_gradient_with_one_zero_is_the_product_of_the_others() {
    let x = Tensor::from(vec![2.0, 0.0, 3.0, 4.0]);
    assert_eq!(prod(&x).item::<f64>(), 0.0);
    assert_eq!(gradient(prod, &x).to_vec::<f64>(), vec![0.0, 24.0, 0.0, 0.0]);
}

#[test]
fn prod_gradient_with_two_zeros_is_zero_but_its_hessian_is_not() {
    let x = [0.0, 0.0, 3.0];
    assert_eq!(gradient(prod, &Tensor::from(x.to_vec())).to_vec::<f64>(), vec![0.0; 3]);
    // ∂²/∂x₀∂x₁ of x₀x₁x₂ is x₂ = 3, the others vanish.
    assert_eq!(hessian_row(prod, &x, 0), vec![0.0, 3.0, 0.0]);
    assert_eq!(hessian_row(prod, &x, 1), vec![3.0, 0.0, 0.0]);
    // With one zero: ∂²/∂x₁∂xⱼ = product of the others but x₁ and xⱼ.
    assert_eq!(hessian_row(prod, &[2.0, 0.0, 3.0], 1), vec![3.0, 0.0, 2.0]);
    assert_eq!(hessian_row(prod, &[2.0, 0.0, 3.0], 0), vec![0.0, 3.0, 0.0]);
}

#[test]
fn prod_checks_pass_at_points_with_zeros() {
    for x in [vec![2.0, 0.0, 3.0, -1.5], vec![0.0, 1.5, 0.0, 2.0], vec![0.0; 4]] {
        check_both(|a| prod(&a[0]), &[t(&[2, 2], &x)]);
        check_both(|a| prod_axes(&a[0], &[1]), &[t(&[2, 2], &x)]);
    }
    assert_eq!(prod(&Tensor::zeros(&[0], DType::F64)).item::<f64>(), 1.0);
}

#[test]
fn prod_axes_gradient_handles_zeros_per_lane() {
    let x = t(&[2, 3], &[1.0, 0.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(prod_axes(&x, &[1]).to_vec::<f64>(), vec![0.0, 60.0]);
    let g = gradient(|x| sum(&prod_axes(x, &[1])), &x);
    assert_eq!(g.to_vec::<f64>(), vec![0.0, 2.0, 0.0, 20.0, 15.0, 12.0]);
    let over_rows = prod_axes(&x, &[0]);
    assert_eq!(over_rows.to_vec::<f64>(), vec![3.0, 0.0, 10.0]);
}

#[test]
fn cumprod_with_zeros_has_exact_gradients_to_second_order() {
    let x = Tensor::from(vec![2.0, 0.0, 3.0, 0.5]);
    assert_eq!(cumprod(&x, 0).to_vec::<f64>(), vec![2.0, 0.0, 0.0, 0.0]);
    // Σ yₖ = x₀ + x₀x₁ + x₀x₁x₂ + x₀x₁x₂x₃; at x₁ = 0 only the x₁ derivative sees the rest.
    let g = gradient(|x| sum(&cumprod(x, 0)), &x);
    assert_eq!(g.to_vec::<f64>(), vec![1.0, 2.0 + 6.0 + 3.0, 0.0, 0.0]);
    for x in [vec![2.0, 0.0, 3.0, 0.5, 0.0, 1.5], vec![0.0, 0.0, 1.0, 2.0, -1.0, 0.5]] {
        check_both(|a| cumprod(&a[0], 1), &[t(&[2, 3], &x)]);
        check_both(|a| cumprod(&a[0], 0), &[t(&[2, 3], &x)]);
    }
}

#[test]
fn cumsum_runs_along_the_axis_and_its_gradient_runs_back() {
    let x = t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(cumsum(&x, 1).to_vec::<f64>(), vec![1.0, 3.0, 6.0, 4.0, 9.0, 15.0]);
    assert_eq!(cumsum(&x, 0).to_vec::<f64>(), vec![1.0, 2.0, 3.0, 5.0, 7.0, 9.0]);
    assert_eq!(
        gradient(|x| sum(&cumsum(x, 1)), &x).to_vec::<f64>(),
        vec![3.0, 2.0, 1.0, 3.0, 2.0, 1.0]
    );
    check_both(|a| cumsum(&a[0], 1), &[x]);
}

// ----- extremes --------------------------------------------------------------------------------

#[test]
fn max_and_min_split_the_gradient_among_ties() {
    let x = Tensor::from(vec![3.0, 1.0, 3.0, -2.0, 3.0, -2.0]);
    assert_eq!(max(&x).item::<f64>(), 3.0);
    let third = 1.0 / 3.0;
    assert_close(gradient(max, &x), [third, 0.0, third, 0.0, third, 0.0], 1e-15);
    assert_eq!(min(&x).item::<f64>(), -2.0);
    assert_eq!(gradient(min, &x).to_vec::<f64>(), vec![0.0, 0.0, 0.0, 0.5, 0.0, 0.5]);
}

#[test]
fn max_axes_splits_ties_within_each_lane_only() {
    let x = t(&[2, 3], &[1.0, 5.0, 5.0, 2.0, 0.0, -1.0]);
    assert_eq!(max_axes(&x, &[1]).to_vec::<f64>(), vec![5.0, 2.0]);
    let g = gradient(|x| sum(&max_axes(x, &[1])), &x);
    assert_eq!(g.to_vec::<f64>(), vec![0.0, 0.5, 0.5, 1.0, 0.0, 0.0]);
    let g = gradient(|x| sum(&min_axes(x, &[0])), &t(&[2, 2], &[1.0, 4.0, 1.0, 3.0]));
    assert_eq!(g.to_vec::<f64>(), vec![0.5, 0.0, 0.5, 1.0]);
    assert_eq!(max_axes(&Tensor::zeros(&[0, 2], DType::F64), &[1]).shape(), &[0]);
}

#[test]
fn max_propagates_nan_and_refuses_empty_input() {
    assert!(max(&Tensor::from(vec![1.0, f64::NAN, 3.0])).item::<f64>().is_nan());
    assert!(min(&Tensor::from(vec![f64::NAN, 1.0])).item::<f64>().is_nan());
    expect_panic(|| drop(max(&Tensor::zeros(&[0], DType::F64))), &["max", "length 0"]);
}

#[test]
fn argmax_and_argmin_return_first_indices_as_floats_without_gradient() {
    let x = t(&[2, 3], &[1.0, 7.0, 7.0, -1.0, -4.0, -4.0]);
    assert_eq!(argmax(&x).item::<f64>(), 1.0);
    assert_eq!(argmin(&x).item::<f64>(), 4.0);
    assert_eq!(argmax_axis(&x, 1).to_vec::<f64>(), vec![1.0, 0.0]);
    assert_eq!(argmin_axis(&x, 1).to_vec::<f64>(), vec![0.0, 1.0]);
    assert_eq!(argmax_axis(&x, 0).to_vec::<f64>(), vec![0.0, 0.0, 0.0]);
    assert_eq!(argmax(&Tensor::from(vec![1.0, f64::NAN, 3.0])).item::<f64>(), 1.0);
    let p = Param::new(vec![1.0, 3.0, 2.0]);
    let tape = diff(|| argmax(&p) + sum(&p));
    assert_eq!(grad(&tape, &p).unwrap().to_vec::<f64>(), vec![1.0; 3]);
}

// ----- statistics ------------------------------------------------------------------------------

#[test]
fn var_and_std_dev_match_closed_forms_with_and_without_correction() {
    let x = t(&[2, 3], &[1.0, 2.0, 4.0, 3.0, 8.0, 6.0]);
    // mean 4, squared deviations 9 4 0 1 16 4 → 34.
    assert_close(var(&x, false), [34.0 / 6.0], 1e-14);
    assert_close(var(&x, true), [34.0 / 5.0], 1e-14);
    assert_close(std_dev(&x, true), [(34.0f64 / 5.0).sqrt()], 1e-14);
    // rows: [1 2 4] mean 7/3, [3 8 6] mean 17/3.
    let rows = var_axes(&x, &[1], true);
    assert_close(&rows, [(16.0 + 1.0 + 25.0) / 9.0 / 2.0, (64.0 + 49.0 + 1.0) / 9.0 / 2.0], 1e-14);
    assert_close(std_dev_axes(&x, &[0], false), [1.0, 3.0, 1.0], 1e-14);
    for corrected in [false, true] {
        check_both(move |a| var(&a[0], corrected), std::slice::from_ref(&x));
        check_both(move |a| var_axes(&a[0], &[0], corrected), std::slice::from_ref(&x));
        check_both(move |a| std_dev_axes(&a[0], &[1], corrected), std::slice::from_ref(&x));
    }
}

#[test]
fn std_dev_of_constant_input_has_zero_gradient() {
    let x = Tensor::from(vec![2.0, 2.0, 2.0]);
    assert_eq!(std_dev(&x, true).item::<f64>(), 0.0);
    assert_eq!(gradient(|x| std_dev(x, true), &x).to_vec::<f64>(), vec![0.0; 3]);
}

#[test]
fn logsumexp_is_stable_and_its_gradient_is_the_softmax() {
    let big = Tensor::from(vec![1000.0, 1000.0, 1000.0 - 2f64.ln()]);
    assert_close(logsumexp(&big), [1000.0 + 2.5f64.ln()], 1e-14);
    assert_close(gradient(logsumexp, &big), [0.4, 0.4, 0.2], 1e-12);
    let all_minus_inf = Tensor::from(vec![f64::NEG_INFINITY; 2]);
    assert_eq!(logsumexp(&all_minus_inf).item::<f64>(), f64::NEG_INFINITY);
    assert_eq!(logsumexp(&Tensor::zeros(&[0], DType::F64)).item::<f64>(), f64::NEG_INFINITY);
    assert_eq!(logsumexp(&Tensor::from(vec![1.0, f64::INFINITY])).item::<f64>(), f64::INFINITY);
    let x = t(&[2, 2], &[0.0, 2f64.ln(), -800.0, -800.0]);
    assert_close(logsumexp_axes(&x, &[1]), [3f64.ln(), -800.0 + 2f64.ln()], 1e-14);
    check_both(|a| logsumexp_axes(&a[0], &[0]), &[t(&[2, 3], &[0.5, -1.0, 2.0, 0.0, 1.0, -0.5])]);
}

// ----- norms -----------------------------------------------------------------------------------

#[test]
fn norm_values_for_each_p() {
    let x = Tensor::from(vec![3.0, -4.0, 0.0]);
    assert_eq!(norm(&x, 2.0).item::<f64>(), 5.0);
    assert_eq!(norm(&x, 1.0).item::<f64>(), 7.0);
    assert_eq!(norm(&x, f64::INFINITY).item::<f64>(), 4.0);
    assert_eq!(norm(&x, f64::NEG_INFINITY).item::<f64>(), 0.0);
    assert_eq!(norm(&x, 0.0).item::<f64>(), 2.0);
    assert_close(norm(&x, 3.0), [91f64.cbrt()], 1e-14);
    // No overflow or underflow for huge or tiny elements.
    assert_close(norm(&Tensor::from(vec![3e300, 4e300]), 2.0), [5e300], 1e-14);
    assert_close(norm(&Tensor::from(vec![3e-300, 4e-300]), 2.0), [5e-300], 1e-14);
    expect_panic(|| drop(norm(&x, -1.0)), &["norm", "p must be"]);
}

#[test]
fn norm_gradients_match_central_differences_for_each_p() {
    let x = t(&[2, 3], &[0.5, -1.25, 2.0, -0.75, 1.5, 0.3]);
    for p in [1.0, 1.5, 2.0, 3.0, 7.0, f64::INFINITY, f64::NEG_INFINITY] {
        if let Err(e) = gradcheck(move |a| norm(&a[0], p), std::slice::from_ref(&x)) {
            panic!("p = {p}: {e}");
        }
        if let Err(e) = gradgradcheck(move |a| norm_axes(&a[0], &[1], p), std::slice::from_ref(&x))
        {
            panic!("p = {p}: {e}");
        }
    }
}

#[test]
fn norm_at_zero_has_zero_gradient_for_every_p() {
    let zero = Tensor::zeros(&[3], DType::F64);
    for p in [0.0, 1.0, 1.5, 2.0, 3.0, f64::INFINITY] {
        assert_eq!(norm(&zero, p).item::<f64>(), 0.0);
        let g = gradient(|x| norm(x, p), &zero);
        assert_eq!(g.to_vec::<f64>(), vec![0.0; 3], "p = {p}");
    }
    // A zero lane among non-zero ones: only that lane's gradient is taken to be 0.
    let x = t(&[2, 2], &[0.0, 0.0, 3.0, 4.0]);
    let g = gradient(|x| sum(&norm_axes(x, &[1], 2.0)), &x);
    assert_eq!(g.to_vec::<f64>(), vec![0.0, 0.0, 0.6, 0.8]);
    // Ties of |x| under p = ∞ split the gradient, each part with its element's sign.
    assert_eq!(
        gradient(|x| norm(x, f64::INFINITY), &Tensor::from(vec![2.0, -2.0])).to_vec::<f64>(),
        vec![0.5, -0.5]
    );
}

#[test]
fn norm_of_an_empty_tensor_is_zero_with_an_empty_gradient() {
    let empty = Tensor::zeros(&[0], DType::F64);
    for p in [1.0, 2.0, 3.0, f64::INFINITY] {
        assert_eq!(norm(&empty, p).item::<f64>(), 0.0);
        let g = gradient(|x| norm(x, p), &empty);
        assert_eq!(g.shape(), &[0]);
    }
}

// ----- matmul and products ---------------------------------------------------------------------

#[test]
fn matmul_follows_numpy_shapes_for_vectors_and_batches() {
    let m = t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let v3 = Tensor::from(vec![1.0, 0.0, -1.0]);
    let v2 = Tensor::from(vec![1.0, 2.0]);
    assert_eq!(matmul(&m, &v3).to_vec::<f64>(), vec![-2.0, -2.0]);
    assert_eq!(matmul(&v2, &m).to_vec::<f64>(), vec![9.0, 12.0, 15.0]);
    let inner = matmul(&v3, &v3);
    assert_eq!(inner.shape(), &[] as &[usize]);
    assert_eq!(inner.item::<f64>(), 2.0);
    let zeros = |s: &[usize]| Tensor::zeros(s, DType::F64);
    assert_eq!(matmul(&zeros(&[4, 2, 3]), &zeros(&[3, 5])).shape(), &[4, 2, 5]);
    assert_eq!(matmul(&zeros(&[2, 1, 3, 4]), &zeros(&[5, 4, 2])).shape(), &[2, 5, 3, 2]);
    assert_eq!(matmul(&zeros(&[4, 2, 3]), &zeros(&[3])).shape(), &[4, 2]);
    assert_eq!(matmul(&zeros(&[3]), &zeros(&[4, 3, 5])).shape(), &[4, 5]);
    // A batched product is the product of each pair of matrices.
    let a = t(&[2, 1, 2], &[1.0, 2.0, 3.0, 4.0]);
    let b = t(&[2, 1], &[10.0, 1.0]);
    assert_eq!(matmul(&a, &b).to_vec::<f64>(), vec![12.0, 34.0]);
    expect_panic(|| drop(matmul(&m, &m)), &["matmul", "[2, 3]"]);
    expect_panic(|| drop(matmul(&zeros(&[2, 2, 3]), &zeros(&[3, 3, 1]))), &["matmul", "[3, 3, 1]"]);
}

#[test]
fn matmul_gradients_are_right_for_every_shape_case() {
    let r = |shape: &[usize], seed: f64| {
        let n: usize = shape.iter().product();
        Tensor::from_shape_vec(shape, (0..n).map(|i| ((i as f64 + seed) * 0.7).sin()).collect())
    };
    let cases: Vec<(Vec<usize>, Vec<usize>)> = vec![
        (vec![2, 3], vec![3, 4]),
        (vec![3], vec![3, 2]),
        (vec![2, 3], vec![3]),
        (vec![3], vec![3]),
        (vec![2, 2, 3], vec![3, 2]),
        (vec![2, 1, 2, 3], vec![3, 3, 2]),
        (vec![3], vec![2, 3, 2]),
        (vec![2, 2, 3], vec![3]),
    ];
    for (sa, sb) in cases {
        let args = [r(&sa, 0.3), r(&sb, 1.1)];
        if let Err(e) = gradcheck(|a| matmul(&a[0], &a[1]), &args) {
            panic!("{sa:?} × {sb:?}: {e}");
        }
        if let Err(e) = gradgradcheck(|a| matmul(&a[0], &a[1]), &args) {
            panic!("{sa:?} × {sb:?}: {e}");
        }
        // Second order through a non-linear use of the product.
        if let Err(e) = gradgradcheck(|a| sin(&matmul(&a[0], &a[1])), &args) {
            panic!("sin of {sa:?} × {sb:?}: {e}");
        }
    }
}

#[test]
fn dot_outer_and_kron_values_and_gradients() {
    let a = Tensor::from(vec![1.0, 2.0]);
    let b = Tensor::from(vec![3.0, -1.0, 0.5]);
    assert_eq!(outer(&a, &b).to_vec::<f64>(), vec![3.0, -1.0, 0.5, 6.0, -2.0, 1.0]);
    check_both(|x| sin(&outer(&x[0], &x[1])), &[a.clone(), b.clone()]);
    check_both(
        |x| dot(&x[0], &x[1]) * dot(&x[0], &x[0]),
        &[b.clone(), Tensor::from(vec![0.1, 0.2, 0.3])],
    );
    let m = t(&[2, 2], &[1.0, 2.0, 3.0, 4.0]);
    let k = kron(&m, &t(&[1, 2], &[1.0, 10.0]));
    assert_eq!(k.shape(), &[2, 4]);
    assert_eq!(k.to_vec::<f64>(), vec![1.0, 10.0, 2.0, 20.0, 3.0, 30.0, 4.0, 40.0]);
    assert_eq!(kron(&a, &m).shape(), &[4, 2]);
    check_both(|x| sin(&kron(&x[0], &x[1])), &[m.clone(), t(&[1, 3], &[0.5, -1.0, 2.0])]);
    check_both(|x| sin(&kron(&x[0], &x[1])), &[a, b]);
}

#[test]
fn permute_axes_trace_diag_and_triangles() {
    let x = Tensor::from_shape_vec(&[2, 3, 4], (0..24).map(f64::from).collect());
    let p = permute_axes(&x, &[2, 0, 1]);
    assert_eq!(p.shape(), &[4, 2, 3]);
    assert_eq!(p.to_vec::<f64>()[..3], [0.0, 4.0, 8.0]);
    check_both(|a| sin(&permute_axes(&a[0], &[1, 2, 0])), std::slice::from_ref(&x));
    expect_panic(|| drop(permute_axes(&x, &[0, 0, 1])), &["permute_axes", "permutation"]);

    let m = t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(trace(&m).item::<f64>(), 6.0);
    assert_eq!(diag(&m).to_vec::<f64>(), vec![1.0, 5.0]);
    assert_eq!(gradient(trace, &m).to_vec::<f64>(), vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
    check_both(|a| sin(&diag(&a[0])), std::slice::from_ref(&m));
    check_both(|a| sin(&diag(&a[0])), &[permute_axes(&m, &[1, 0])]);
    assert_eq!(diagm(&Tensor::from(vec![1.0, 2.0])).to_vec::<f64>(), vec![1.0, 0.0, 0.0, 2.0]);
    check_both(|a| sin(&diagm(&a[0])), &[Tensor::from(vec![1.0, 2.0, 3.0])]);

    let sq = t(&[3, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    assert_eq!(tril(&sq, 0).to_vec::<f64>(), vec![1.0, 0.0, 0.0, 4.0, 5.0, 0.0, 7.0, 8.0, 9.0]);
    assert_eq!(tril(&sq, -1).to_vec::<f64>(), vec![0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 7.0, 8.0, 0.0]);
    assert_eq!(triu(&sq, 1).to_vec::<f64>(), vec![0.0, 2.0, 3.0, 0.0, 0.0, 6.0, 0.0, 0.0, 0.0]);
    assert_eq!(triu(&m, 0).to_vec::<f64>(), vec![1.0, 2.0, 3.0, 0.0, 5.0, 6.0]);
    let g = gradient(|x| sum(&triu(x, 1)), &sq);
    assert_eq!(g.to_vec::<f64>(), vec![0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]);
}

// ----- matrix functions ------------------------------------------------------------------------

/// A diagonally dominant, well-conditioned 3 × 3 matrix with a positive determinant.
fn dominant() -> Tensor {
    t(&[3, 3], &[4.0, 1.0, -0.5, 0.3, 3.0, 0.8, -1.0, 0.2, 5.0])
}

#[test]
fn det_logdet_and_inv_match_closed_forms_and_check() {
    let a = t(&[2, 2], &[2.0, 1.0, 1.0, 3.0]);
    assert_close(det(&a), [5.0], 1e-14);
    assert_close(logdet(&a), [5f64.ln()], 1e-14);
    assert_close(inv(&a), [0.6, -0.2, -0.2, 0.4], 1e-14);
    // d det / dA = det · A⁻ᵀ.
    assert_close(gradient(det, &a), [3.0, -1.0, -1.0, 2.0], 1e-13);
    let negative = t(&[2, 2], &[0.0, 1.0, 1.0, 0.0]);
    assert!(logdet(&negative).item::<f64>().is_nan());
    assert_close(logabsdet(&negative), [0.0], 1e-14);
    assert_eq!(det(&Tensor::zeros(&[0, 0], DType::F64)).item::<f64>(), 1.0);
    let a = dominant();
    check_both(|x| det(&x[0]), std::slice::from_ref(&a));
    check_both(|x| logdet(&x[0]), std::slice::from_ref(&a));
    check_both(|x| logabsdet(&x[0]), &[-&a]);
    check_both(|x| inv(&x[0]), std::slice::from_ref(&a));
    assert_close(matmul(&a, &inv(&a)), [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0], 1e-14);
    expect_panic(|| drop(inv(&t(&[2, 2], &[1.0, 2.0, 2.0, 4.0]))), &["inv", "singular"]);
    expect_panic(|| drop(det(&t(&[1, 2], &[1.0, 2.0]))), &["det", "square"]);
}

#[test]
fn solve_gradient_matches_central_differences_for_matrix_and_vector_right_hand_sides() {
    let a = dominant();
    let b = t(&[3, 2], &[1.0, -2.0, 0.5, 3.0, -1.0, 0.25]);
    let v = Tensor::from(vec![1.0, 2.0, -3.0]);
    // Values agree with the inverse.
    let x = solve(&a, &b);
    assert_eq!(x.shape(), &[3, 2]);
    assert_close(&x, matmul(&inv(&a), &b).to_vec::<f64>(), 1e-13);
    assert_eq!(solve(&a, &v).shape(), &[3]);
    assert_close(matmul(&a, &solve(&a, &v)), [1.0, 2.0, -3.0], 1e-13);
    check_both(|x| solve(&x[0], &x[1]), &[a.clone(), b]);
    check_both(|x| solve(&x[0], &x[1]), &[a.clone(), v.clone()]);
    check_both(|x| abs2(&solve(&x[0], &x[1])), &[a.clone(), v.clone()]);
    expect_panic(|| drop(solve(&a, &Tensor::from(vec![1.0, 2.0]))), &["solve", "[3, 3]", "[2]"]);
}

#[test]
fn solve_triangular_reads_one_triangle_and_its_gradient_stays_there() {
    let a = dominant();
    let b = Tensor::from(vec![1.0, 2.0, -3.0]);
    let lower = solve_triangular(&a, &b, true);
    assert_close(&lower, solve(&tril(&a, 0), &b).to_vec::<f64>(), 1e-14);
    let upper = solve_triangular(&a, &b, false);
    assert_close(&upper, solve(&triu(&a, 0), &b).to_vec::<f64>(), 1e-14);
    let g = gradient(|x| sum(&solve_triangular(x, &b, true)), &a);
    let g = g.to_vec::<f64>();
    assert_eq!([g[1], g[2], g[5]], [0.0; 3]);
    for lower in [true, false] {
        check_both(
            move |x| solve_triangular(&x[0], &x[1], lower),
            &[a.clone(), t(&[3, 2], &[1.0, 0.0, -1.0, 2.0, 0.5, 1.0])],
        );
    }
}

/// `A Aᵀ + I`: symmetric positive definite for any `A`.
fn spd(a: &Tensor) -> Tensor {
    let n = a.shape()[0];
    matmul(a, &transpose(a)) + diagm(&Tensor::ones(&[n], a.dtype()))
}

#[test]
fn cholesky_round_trips_and_is_lower_triangular() {
    let a = spd(&t(&[3, 3], &[1.0, 0.5, -0.3, 0.2, 1.5, 0.7, -0.4, 0.1, 0.9]));
    let l = cholesky(&a);
    assert_close(matmul(&l, &transpose(&l)), a.to_vec::<f64>(), 1e-13);
    assert_eq!(triu(&l, 1).to_vec::<f64>(), vec![0.0; 9]);
    assert!(diag(&l).to_vec::<f64>().iter().all(|&d| d > 0.0));
    expect_panic(
        || drop(cholesky(&t(&[2, 2], &[1.0, 2.0, 2.0, 1.0]))),
        &["cholesky", "positive definite"],
    );
}

#[test]
fn cholesky_gradient_and_second_order_match_central_differences() {
    let a = t(&[3, 3], &[1.0, 0.5, -0.3, 0.2, 1.5, 0.7, -0.4, 0.1, 0.9]);
    // Through a construction that is always positive definite …
    check_both(|x| cholesky(&spd(&x[0])), std::slice::from_ref(&a));
    // … and directly at a positive definite point, perturbed in every (also asymmetric)
    // direction: the input is symmetrized, so the gradient is exact there too.
    check_both(|x| cholesky(&x[0]), &[spd(&a)]);
    // A log-likelihood-like use: log det from the factor.
    let logdet_via_cholesky = |x: &[Tensor]| 2.0 * sum(&log(&diag(&cholesky(&x[0]))));
    check_both(logdet_via_cholesky, &[spd(&a)]);
    assert_close(logdet_via_cholesky(&[spd(&a)]), logdet(&spd(&a)).to_vec::<f64>(), 1e-13);
}

#[test]
fn eigh_decomposes_symmetric_matrices_with_checked_gradients() {
    let a = t(&[3, 3], &[2.0, 1.0, 0.0, 1.0, 3.0, 0.5, 0.0, 0.5, 1.0]);
    let values = eigh_values(&a);
    let vectors = eigh_vectors(&a);
    let rebuilt = matmul(&(&vectors * &reshape(&values, &[1, 3])), &transpose(&vectors));
    assert_close(&rebuilt, a.to_vec::<f64>(), 1e-13);
    let v = values.to_vec::<f64>();
    assert!(v[0] < v[1] && v[1] < v[2]);
    assert_close(sum(&values), [trace(&a).item::<f64>()], 1e-13);
    check_both(|x| eigh_values(&x[0]), std::slice::from_ref(&a));
    check_both(|x| eigh_vectors(&x[0]), std::slice::from_ref(&a));
}

#[test]
fn qr_factors_are_unique_and_their_gradients_check() {
    let tall = t(&[4, 3], &[1.0, 2.0, 0.5, -1.0, 0.3, 2.0, 0.7, -1.5, 1.0, 2.0, 0.1, -0.4]);
    let (q, r) = (qr_q(&tall), qr_r(&tall));
    assert_eq!((q.shape(), r.shape()), (&[4usize, 3][..], &[3usize, 3][..]));
    assert_close(matmul(&q, &r), tall.to_vec::<f64>(), 1e-13);
    assert_close(matmul(&transpose(&q), &q), [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0], 1e-13);
    assert_eq!(tril(&r, -1).to_vec::<f64>(), vec![0.0; 9]);
    assert!(diag(&r).to_vec::<f64>().iter().all(|&d| d > 0.0));
    let square = dominant();
    for a in [tall, square] {
        check_both(|x| qr_q(&x[0]), std::slice::from_ref(&a));
        check_both(|x| qr_r(&x[0]), std::slice::from_ref(&a));
        check_both(|x| sum(&qr_q(&x[0])) * sum(&qr_r(&x[0])), std::slice::from_ref(&a));
    }
    expect_panic(|| drop(qr_q(&Tensor::zeros(&[2, 3], DType::F64))), &["qr_q", "rows"]);
}

// ----- f32 -------------------------------------------------------------------------------------

#[test]
fn reductions_and_linear_algebra_work_in_f32() {
    let f = |x: &Tensor| x.to_dtype(DType::F32);
    let x = f(&Tensor::from(vec![2.0, 0.0, 3.0]));
    let g = gradient(prod, &x);
    assert_eq!(g.dtype(), DType::F32);
    assert_eq!(g.to_vec::<f32>(), vec![0.0, 6.0, 0.0]);
    assert_eq!(cumprod(&x, 0).dtype(), DType::F32);
    assert_eq!(max(&x).dtype(), DType::F32);
    assert_eq!(argmax(&x).to_vec::<f32>(), vec![2.0]);
    assert_eq!(norm(&x, 2.0).dtype(), DType::F32);
    assert_eq!(
        var_axes(&f(&t(&[2, 2], &[1.0, 2.0, 3.0, 4.0])), &[0], false).to_vec::<f32>(),
        vec![1.0, 1.0]
    );
    let a = f(&dominant());
    let batch = f(&Tensor::ones(&[2, 3, 3], DType::F64));
    let y = matmul(&batch, &a);
    assert_eq!((y.dtype(), y.shape()), (DType::F32, &[2usize, 3, 3][..]));
    let x = solve(&a, &f(&Tensor::from(vec![1.0, 2.0, 3.0])));
    assert_eq!(x.dtype(), DType::F32);
    let expected = solve(&dominant(), &Tensor::from(vec![1.0, 2.0, 3.0])).to_vec::<f64>();
    assert_close(x.to_dtype(DType::F64), &expected, 1e-6);
    let l = cholesky(&spd(&a));
    assert_eq!(l.dtype(), DType::F32);
    let g = gradient(|a| sum(&cholesky(&spd(a))), &a);
    assert_eq!(g.dtype(), DType::F32);
    let g64 = gradient(|a| sum(&cholesky(&spd(a))), &dominant());
    assert_close(g.to_dtype(DType::F64), g64.to_vec::<f64>(), 1e-4);
    assert_eq!(gradient(det, &a).dtype(), DType::F32);
}

#[test]
fn transposed_products_match_explicit_transposes_to_second_order() {
    let a = Tensor::from_shape_vec(&[2, 3], vec![0.5, -1.0, 2.0, 0.3, -0.7, 1.1]);
    let b = Tensor::from_shape_vec(&[3, 2], vec![1.0, 0.2, -0.4, 0.9, 0.6, -1.3]);
    let product = matmul(&a, &b);
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
        let left = if ta { a.t() } else { a.clone() };
        let right = if tb { b.t() } else { b.clone() };
        let fused = |t: &[Tensor]| matmul_transposed(&t[0], &t[1], ta, tb);
        // Equal to rounding: the GEMM kernel may sum a transposed operand in another order.
        assert_close(fused(&[left.clone(), right.clone()]), &product, 1e-14);
        gradcheck(fused, &[left.clone(), right.clone()]).unwrap();
        gradgradcheck(fused, &[left, right]).unwrap();
    }
}
