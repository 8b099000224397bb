//! Jacobians, Hessians and their vector products, against closed forms and central differences,
//! in both the reverse (rows) and forward (columns) assembly, and composed to higher order.

mod common;

use autograd::prelude::*;
use autograd::{
    cat::{cat2, stack},
    index::select,
    linalg::{dot, matmul},
    math::{exp, sin, tanh},
    reduce::{prod, sum_axes},
};
use autograd::{hessian, hessians, hvp, jacobian, jacobians, jvp, jvps, vjp, vjps};
use common::{assert_close, tensor};

/// The Jacobian by central differences, laid out `f(x).shape() ++ x.shape()`.
fn central_jacobian(f: impl Fn(&Tensor) -> Tensor, x: &Tensor) -> Vec<f64> {
    let eps = 1e-6;
    let x0 = x.to_vec::<f64>();
    let columns: Vec<Vec<f64>> = (0..x0.len())
        .map(|j| {
            let at = |d: f64| {
                let mut moved = x0.clone();
                moved[j] += d;
                f(&tensor(x.shape(), &moved)).to_vec::<f64>()
            };
            at(eps).iter().zip(at(-eps)).map(|(p, m)| (p - m) / (2.0 * eps)).collect()
        })
        .collect();
    let m = columns[0].len();
    (0..m).flat_map(|i| columns.iter().map(move |c| c[i])).collect()
}

/// A nonlinear map R³ → R² (fewer outputs: assembled from rows).
fn wide(x: &Tensor) -> Tensor {
    let a = tensor(&[2, 3], &[1.0, -2.0, 0.5, 0.3, 0.7, -1.1]).to_dtype(x.dtype());
    tanh(&matmul(&a, &abs2(x))) + sin(&matmul(&a, x))
}

/// A nonlinear map R² → R⁴ (more outputs: assembled from columns).
fn tall(x: &Tensor) -> Tensor {
    let a = tensor(&[4, 2], &[1.0, -2.0, 0.5, 0.3, 0.7, -1.1, 2.0, 0.1]);
    exp(&matmul(&a, x)) * sum(&abs2(x))
}

#[test]
fn jacobian_of_a_linear_map_is_its_matrix_in_both_assemblies() {
    let wide_a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let a = tensor(&[2, 4], &wide_a);
    let j = jacobian(|x| matmul(&a, x), &tensor(&[4], &[0.1, 0.2, 0.3, 0.4]));
    assert_eq!(j.shape(), &[2, 4]);
    assert_close(&j, wide_a, 0.0);
    let b = tensor(&[4, 2], &wide_a);
    let j = jacobian(|x| matmul(&b, x), &tensor(&[2], &[0.1, 0.2]));
    assert_eq!(j.shape(), &[4, 2]);
    assert_close(&j, wide_a, 0.0);
}

#[test]
fn jacobian_matches_central_differences_for_rows_and_columns() {
    let x = tensor(&[3], &[0.3, -0.7, 1.2]);
    let j = jacobian(wide, &x);
    assert_eq!(j.shape(), &[2, 3]);
    assert_close(&j, central_jacobian(wide, &x), 1e-8);
    let x = tensor(&[2], &[0.3, -0.7]);
    let j = jacobian(tall, &x);
    assert_eq!(j.shape(), &[4, 2]);
    assert_close(&j, central_jacobian(tall, &x), 1e-8);
}

#[test]
fn jacobian_keeps_the_shapes_of_output_and_input() {
    // f: [2, 2] → [3]; J has shape [3, 2, 2].
    let f = |x: &Tensor| {
        let s = sum_axes(&abs2(x), &[1]);
        cat2(&s, &sum(&sin(x)).reshape(&[1]), 0)
    };
    let x = tensor(&[2, 2], &[0.1, 0.2, 0.3, 0.4]);
    let j = jacobian(f, &x);
    assert_eq!(j.shape(), &[3, 2, 2]);
    assert_close(&j, central_jacobian(f, &x), 1e-8);
}

#[test]
fn hessian_of_a_quadratic_form_is_a_plus_a_transpose() {
    let a = tensor(&[3, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0]);
    let quadratic = |x: &Tensor| dot(x, &matmul(&a, x));
    let h = hessian(quadratic, &tensor(&[3], &[0.5, -1.0, 2.0]));
    assert_eq!(h.shape(), &[3, 3]);
    assert_close(&h, [2.0, 6.0, 10.0, 6.0, 10.0, 14.0, 10.0, 14.0, 20.0], 1e-14);
}

#[test]
fn jacobian_of_the_gradient_is_the_hessian() {
    let f = |x: &Tensor| sum(&(tanh(x) * abs2(x))) + prod(&sin(x));
    let x = tensor(&[3], &[0.3, -0.7, 1.2]);
    let h = hessian(f, &x);
    let jg = jacobian(gradfun(f), &x);
    assert_eq!(jg.shape(), h.shape());
    assert_close(&jg, h.to_vec::<f64>(), 1e-12);
    assert_close(&h, central_jacobian(gradfun(f), &x), 1e-7);
    // Symmetric, as a Hessian must be.
    let v = h.to_vec::<f64>();
    for i in 0..3 {
        for k in 0..3 {
            assert!((v[3 * i + k] - v[3 * k + i]).abs() < 1e-12);
        }
    }
}

#[test]
fn jacobian_of_the_hessian_gives_third_derivatives() {
    // f = Σ x³/6 + x₀x₁x₂: ∂³f/∂xᵢ³ = 1 and ∂³f/∂x₀∂x₁∂x₂ = 1 in any order, the rest 0.
    // The outer Jacobian has 9 outputs and 3 inputs, so it is assembled from columns.
    let f = |x: &Tensor| sum(&(x * x * x / 6.0)) + prod(x);
    let t = jacobian(|x| hessian(f, x), &tensor(&[3], &[0.3, -0.7, 1.2]));
    assert_eq!(t.shape(), &[3, 3, 3]);
    let mut expected = vec![0.0; 27];
    for i in 0..3 {
        expected[13 * i] = 1.0;
    }
    for p in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
        expected[9 * p[0] + 3 * p[1] + p[2]] = 1.0;
    }
    assert_close(&t, &expected, 1e-12);
}

#[test]
fn a_jacobian_from_columns_can_be_differentiated() {
    // h(x) = [x₀², x₀x₁, x₁², x₀, x₁] has J = [[2x₀, 0], [x₁, x₀], [0, 2x₁], [1, 0], [0, 1]],
    // so g(x) = Σ J² = 5x₀² + 5x₁² + 2 and ∇g = 10x. Five outputs, two inputs: columns.
    let h = |x: &Tensor| {
        let (x0, x1) = (select(x, 0, 0), select(x, 0, 1));
        stack(&[&x0 * &x0, &x0 * &x1, &x1 * &x1, x0.clone(), x1.clone()], 0)
    };
    let g = |x: &Tensor| sum(&abs2(&jacobian(h, x)));
    let x = tensor(&[2], &[0.3, -0.7]);
    assert_close(g(&x), [5.0 * (0.09 + 0.49) + 2.0], 1e-14);
    assert_close(gradfun(g)(&x), [3.0, -7.0], 1e-14);
    assert_close(hessian(g, &x), [10.0, 0.0, 0.0, 10.0], 1e-12);
}

#[test]
fn jvp_and_vjp_are_products_with_the_jacobian() {
    let x = tensor(&[3], &[0.3, -0.7, 1.2]);
    let j = central_jacobian(wide, &x);
    let v = [0.5, -1.0, 2.0];
    let jv: Vec<f64> = (0..2).map(|i| (0..3).map(|k| j[3 * i + k] * v[k]).sum()).collect();
    assert_close(jvp(wide, &x, &tensor(&[3], &v)), &jv, 1e-8);
    let u = [2.0, -3.0];
    let uj: Vec<f64> = (0..3).map(|k| (0..2).map(|i| u[i] * j[3 * i + k]).sum()).collect();
    assert_close(vjp(wide, &x, &tensor(&[2], &u)), &uj, 1e-8);
}

#[test]
fn hvp_is_the_hessian_times_the_vector() {
    let f = |x: &Tensor| sum(&(tanh(x) * abs2(x))) + prod(&sin(x));
    let x = tensor(&[3], &[0.3, -0.7, 1.2]);
    let h = hessian(f, &x).to_vec::<f64>();
    let v = [0.5, -1.0, 2.0];
    let hv: Vec<f64> = (0..3).map(|i| (0..3).map(|k| h[3 * i + k] * v[k]).sum()).collect();
    assert_close(hvp(f, &x, &tensor(&[3], &v)), &hv, 1e-12);
}

#[test]
fn functions_of_several_tensors_get_one_block_per_argument() {
    // f(a, b) = a ⊙ sin(b) + Σa·b, a and b in R².
    let f = |t: &[Tensor]| &t[0] * &sin(&t[1]) + sum(&t[0]) * &t[1];
    let (a, b) = (tensor(&[2], &[0.3, -0.7]), tensor(&[2], &[1.1, 0.4]));
    let js = jacobians(f, &[a.clone(), b.clone()]);
    assert_close(&js[0], central_jacobian(|x| f(&[x.clone(), b.clone()]), &a), 1e-8);
    assert_close(&js[1], central_jacobian(|x| f(&[a.clone(), x.clone()]), &b), 1e-8);

    let u = tensor(&[2], &[1.0, -2.0]);
    let pulled = vjps(f, &[a.clone(), b.clone()], &u);
    let pushed = jvps(f, &[a.clone(), b.clone()], &[u.clone(), u.clone()]);
    for k in 0..2 {
        let jk = js[k].to_vec::<f64>();
        let uj: Vec<f64> = (0..2).map(|c| jk[c] - 2.0 * jk[2 + c]).collect();
        assert_close(&pulled[k], &uj, 1e-12);
    }
    let (j0, j1) = (js[0].to_vec::<f64>(), js[1].to_vec::<f64>());
    let jv: Vec<f64> =
        (0..2).map(|r| j0[2 * r] - 2.0 * j0[2 * r + 1] + j1[2 * r] - 2.0 * j1[2 * r + 1]).collect();
    assert_close(&pushed, &jv, 1e-12);

    // The Hessian blocks of a scalar function equal the Jacobians of its gradients.
    let s = |t: &[Tensor]| sum(&(&t[0] * &sin(&(&t[1] * &t[0]))));
    let hs = hessians(s, &[a.clone(), b.clone()]);
    for (i, row) in hs.iter().enumerate() {
        let grad_i = |x: &[Tensor]| value_and_gradients(s, x).1[i].clone();
        let ji = jacobians(grad_i, &[a.clone(), b.clone()]);
        for (block, j) in row.iter().zip(&ji) {
            assert_eq!(block.shape(), &[2, 2]);
            assert_close(block, j.to_vec::<f64>(), 1e-12);
        }
    }
    let (h01, h10) = (hs[0][1].to_vec::<f64>(), hs[1][0].to_vec::<f64>());
    for r in 0..2 {
        for c in 0..2 {
            assert!((h01[2 * r + c] - h10[2 * c + r]).abs() < 1e-12);
        }
    }
}

#[test]
fn f32_functions_give_f32_jacobians() {
    let x = Tensor::from(vec![0.3f32, -0.7, 1.2]);
    let j = jacobian(wide, &x);
    assert_eq!(j.dtype(), DType::F32);
    let expected = jacobian(wide, &x.to_dtype(DType::F64)).to_vec::<f64>();
    assert_close(&j, &expected, 1e-5);
    assert_eq!(hessian(|x| sum(&abs2(x)), &x).dtype(), DType::F32);
}

#[test]
fn jacobian_sees_params_on_an_outer_tape() {
    // d/dw Σ J with J = ∂(w ⊙ x²)/∂x = diag(2 w x): the gradient is 2x.
    let w = Param::new(vec![1.0, 2.0]);
    let x = tensor(&[2], &[0.5, -3.0]);
    let tape = diff(|| sum(&jacobian(|x| &w * &abs2(x), &x)));
    assert_close(grad(&tape, &w).unwrap(), [1.0, -6.0], 1e-14);
}

#[test]
#[should_panic(expected = "vjp: incompatible shapes [2] and [3]")]
fn vjp_with_a_cotangent_of_the_wrong_shape_names_the_op() {
    vjp(wide, &tensor(&[3], &[0.3, -0.7, 1.2]), &tensor(&[3], &[1.0, 1.0, 1.0]));
}

#[test]
#[should_panic(expected = "hvp: needs a scalar function")]
fn hessian_of_a_vector_function_is_an_error() {
    hessian(wide, &tensor(&[3], &[0.3, -0.7, 1.2]));
}
