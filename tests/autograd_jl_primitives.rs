//! The primitives added to cover AutoGrad.jl's list: float parts, angle reduction, array
//! builders and matrix powers, against reference values and central differences.

mod common;

use autograd::prelude::*;
use autograd::{
    cat::{cat1d, diag_offset, diagm_offset},
    gradcheck, gradgradcheck,
    math::{exponent, mod2pi, rem2pi, significand, sin},
    special::{besseli, besselk, dawson, erfi, invdigamma},
};
use autograd::{matrix_power, matrix_powf};
use common::assert_close;

#[test]
fn exponent_and_significand_match_julia() {
    // Julia: exponent.([12.0, -0.375, 1.0, 2.0^-1074, floatmax()]) == [3, -2, 0, -1074, 1023],
    // significand.(...) == [1.5, -1.5, 1.0, 1.0, 2 - 2^-52].
    let x = Tensor::from(vec![12.0, -0.375, 1.0, 5e-324, f64::MAX]);
    assert_eq!(exponent(&x).to_vec::<f64>(), [3.0, -2.0, 0.0, -1074.0, 1023.0]);
    assert_eq!(significand(&x).to_vec::<f64>(), [1.5, -1.5, 1.0, 1.0, 2.0 - f64::EPSILON]);
    let edge = Tensor::from(vec![0.0, f64::INFINITY, f64::NAN]);
    assert!(exponent(&edge).to_vec::<f64>().iter().all(|e| e.is_nan()));
    let s = significand(&edge).to_vec::<f64>();
    assert_eq!(s[0], 0.0);
    assert!(s[1].is_nan() && s[2].is_nan());
    // f32 has its own subnormal range: 2^-149.
    let tiny = Tensor::from(vec![f32::from_bits(1)]);
    assert_eq!(exponent(&tiny).to_vec::<f32>(), [-149.0]);
    // d significand / dx = 2^-exponent; second derivative 0.
    assert_eq!(gradfun(significand)(&Tensor::from(-0.375)).item::<f64>(), 4.0);
    assert_eq!(gradfun(gradfun(significand))(&Tensor::from(3.0)).item::<f64>(), 0.0);
}

#[test]
fn mod2pi_and_rem2pi_match_mpmath_for_large_arguments() {
    // mpmath at 60 digits: m = x - 2π floor(x / 2π), r = x - 2π nint(x / 2π).
    let x = [1e10, 1e15, -1e10, 100.0, -3.0, 7.0, 1099511627776.5];
    let m = [
        5.773954235013852,
        2.1096981170701126,
        0.5092310721657348,
        5.752220392306203,
        3.2831853071795867,
        0.7168146928204135,
        4.059342696257798,
    ];
    let r = [
        -0.5092310721657348,
        2.1096981170701126,
        0.5092310721657348,
        -0.5309649148733836,
        -3.0,
        0.7168146928204135,
        -2.223842610921788,
    ];
    let x = Tensor::from(x.to_vec());
    assert_close(mod2pi(&x), m, 4.0 * f64::EPSILON);
    assert_close(rem2pi(&x), r, 4.0 * f64::EPSILON);
    // The naive reduction loses digits that the three-part 2π keeps.
    let naive = 1e15f64.rem_euclid(2.0 * std::f64::consts::PI);
    assert!((naive - m[1]).abs() > 1e-3);
    assert_eq!(gradfun(mod2pi)(&Tensor::from(1e10)).item::<f64>(), 1.0);
    assert_eq!(gradfun(rem2pi)(&Tensor::from(-3.0)).item::<f64>(), 1.0);
}

#[test]
fn cat1d_flattens_and_joins_and_hands_back_gradients() {
    let a = Tensor::from_shape_vec(&[2, 3], vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let b = Tensor::from(vec![7.0, 8.0]);
    let c = Tensor::from(9.0);
    let joined = cat1d(&[&a, &b, &c]);
    assert_eq!(joined.shape(), &[9]);
    assert_eq!(joined.to_vec::<f64>(), (1..=9).map(f64::from).collect::<Vec<_>>());
    let f = |t: &[Tensor]| sin(&cat1d(t)) * cat1d(&[&t[2], &t[1], &t[0]]);
    assert!(gradcheck(f, &[a.clone(), b.clone(), c.clone()]).is_ok());
    assert!(gradgradcheck(f, &[a, b, c]).is_ok());
}

#[test]
fn diagm_offset_and_diag_offset_are_each_others_reverse() {
    let v = Tensor::from(vec![1.0, 2.0]);
    let below = diagm_offset(&v, -2);
    assert_eq!(below.shape(), &[4, 4]);
    let mut expected = [0.0; 16];
    expected[8] = 1.0;
    expected[13] = 2.0;
    assert_eq!(below.to_vec::<f64>(), expected);
    assert_eq!(diag_offset(&below, -2).to_vec::<f64>(), [1.0, 2.0]);
    assert_eq!(diag_offset(&below, 3).shape(), &[1]);
    assert_eq!(diag_offset(&below, 5).shape(), &[0]);
    let f = |t: &[Tensor]| abs2(&diagm_offset(&t[0], 1)) * 3.0;
    assert!(gradcheck(f, std::slice::from_ref(&v)).is_ok());
    assert!(gradgradcheck(f, &[v]).is_ok());
}

#[test]
#[should_panic(expected = "diagm_offset: needs a vector, got shape [2, 2]")]
fn diagm_offset_of_a_matrix_names_the_op() {
    diagm_offset(&Tensor::zeros(&[2, 2], DType::F64), 1);
}

fn spd() -> Tensor {
    Tensor::from_shape_vec(&[3, 3], vec![4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0])
}

#[test]
fn matrix_power_matches_numpy_for_negative_exponents() {
    // numpy.linalg.matrix_power(a, -3) for the matrix of `spd()`.
    let expected = [
        0.03315756253004555,
        -0.02797669373446714,
        -0.02918431019341883,
        -0.027976693734467137,
        0.05635838207628304,
        -0.0021219757009082224,
        -0.02918431019341883,
        -0.002121975700908224,
        0.14294807721175046,
    ];
    assert_close(matrix_power(&spd(), -3), expected, 1e-13);
    assert_close(matrix_power(&spd(), 0), [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0], 0.0);
    for n in [-2, 0, 1, 4] {
        let f = |t: &[Tensor]| matrix_power(&t[0], n);
        assert!(gradcheck(f, &[spd()]).is_ok(), "n = {n}");
        assert!(gradgradcheck(f, &[spd()]).is_ok(), "n = {n}");
    }
}

#[test]
fn matrix_powf_matches_scipy_and_has_gradients() {
    // scipy.linalg.fractional_matrix_power(a, p).real for the matrix of `spd()`.
    let p03 = [
        1.5003718805770705,
        0.12644958651116917,
        0.06945696376980105,
        0.1264495865111694,
        1.3758809762275126,
        0.023865421184698574,
        0.06945696376980119,
        0.023865421184698504,
        1.225393017732937,
    ];
    let m15 = [
        0.15596404184592946,
        -0.07502090486545204,
        -0.05660957528806852,
        -0.07502090486545201,
        0.22498236524255957,
        -0.010638667177583576,
        -0.05660957528806848,
        -0.010638667177583622,
        0.3736713154071899,
    ];
    assert_close(matrix_powf(&spd(), 0.3), p03, 1e-13);
    assert_close(matrix_powf(&spd(), -1.5), m15, 1e-13);
    // Integer p agrees with matrix_power.
    assert_close(matrix_powf(&spd(), -3.0), matrix_power(&spd(), -3).to_vec::<f64>(), 1e-12);
    // Gradients through a symmetric parametrisation a = s + sᵀ.
    let f = |t: &[Tensor]| matrix_powf(&(&t[0] + &t[0].t()), 0.3);
    let half = spd() * 0.5;
    assert!(gradcheck(f, std::slice::from_ref(&half)).is_ok());
    assert!(gradgradcheck(f, &[half]).is_ok());
}

#[test]
#[should_panic(expected = "matrix_powf: needs a positive definite matrix")]
fn matrix_powf_of_an_indefinite_matrix_names_the_op() {
    matrix_powf(&Tensor::from_shape_vec(&[2, 2], vec![1.0, 2.0, 2.0, 1.0]), 0.5);
}

#[test]
fn dawson_and_erfi_match_mpmath() {
    // mpmath at 40 digits: D(x) = √π/2 · e^(−x²) · erfi(x), and mpmath.erfi(x).
    let x = [1e-8, 0.1, 0.5, 1.0, 1.5, 2.0, 3.5, 5.0, 6.9, 7.1, 10.0, 30.0, 1e5, -0.5];
    let dawson_ref = [
        1e-08,
        0.09933599239785286,
        0.4244363835020223,
        0.5380795069127684,
        0.4282490710853986,
        0.30134038892379195,
        0.14962159308075648,
        0.10213407442427684,
        0.07325012025863538,
        0.07114292691123474,
        0.05025384718759853,
        0.016675941401059175,
        5.00000000025e-06,
        -0.4244363835020223,
    ];
    assert_close(dawson(&Tensor::from(x.to_vec())), dawson_ref, 4.0 * f64::EPSILON);
    let erfi_ref = [
        1.1283791670955126e-08,
        0.1132151741695998,
        0.614952094696511,
        1.6504257587975428,
        4.584733257284427,
        18.564802414575553,
        35282.28771517168,
        8298273880.676804,
        3.92666349338277e+19,
        6.271502802975191e+20,
        1.5243074227086696e+42,
    ];
    let got = erfi(&Tensor::from(x[..11].to_vec())).to_vec::<f64>();
    for (g, e) in got.iter().zip(erfi_ref) {
        // The series sums ~100 terms near x = 7: a few ulps of rounding.
        assert!((g / e - 1.0).abs() < 16.0 * f64::EPSILON, "{g} vs {e}");
    }
    assert_eq!(erfi(&Tensor::from(30.0)).item::<f64>(), f64::INFINITY);
    // The generated checks sample |x| < 3; the derivative rules hold past the series switch.
    for x0 in [6.9, 7.1, 12.0] {
        let slope = gradfun(dawson)(&Tensor::from(x0)).item::<f64>();
        let d = dawson(&Tensor::from(x0)).item::<f64>();
        assert!((slope - (1.0 - 2.0 * x0 * d)).abs() < 1e-15);
    }
}

#[test]
fn invdigamma_matches_mpmath_and_inverts_digamma() {
    // mpmath.findroot(lambda t: mpmath.digamma(t) - y, ...) at 40 digits.
    let y = [-10.0, -2.0, -0.5772156649015329, 0.0, 1.0, 3.0, 20.0];
    let expected = [
        0.10435719877011651,
        0.4926978052047481,
        1.0,
        1.4616321449683622,
        3.2031714683769312,
        20.583463039687995,
        485165195.9097903,
    ];
    assert_close(invdigamma(&Tensor::from(y.to_vec())), expected, 4.0 * f64::EPSILON);
    // (ψ⁻¹)′(y) = 1/ψ′(ψ⁻¹(y)); at y = −γ, ψ⁻¹ = 1 and ψ′(1) = π²/6.
    let slope = gradfun(invdigamma)(&Tensor::from(-0.5772156649015329)).item::<f64>();
    assert!((slope - 6.0 / std::f64::consts::PI.powi(2)).abs() < 1e-14);
    let f32_value = invdigamma(&Tensor::from(vec![1.0f32])).to_vec::<f32>()[0];
    assert!((f32_value - 3.203_171_5).abs() < 1e-6);
}

#[test]
fn besseli_and_besselk_match_mpmath() {
    // mpmath.besseli(n, x) and mpmath.besselk(n, x) at 40 digits.
    let cases: [(i32, f64, f64, f64); 13] = [
        (0, 1.0, 1.2660658777520084, 0.42102443824070834),
        (2, 0.5, 0.031906149177738256, 7.5501835512408695),
        (0, 1e-5, 1.000000000025, 11.628856980944363),
        (1, 10.0, 2670.9883037012546, 1.8648773453825585e-05),
        (5, 50.0, 2.278548307911282e+20, 4.3671822541009865e-23),
        (0, 700.0, 1.5295933476718737e+302, 4.669776431685377e-306),
        (3, 0.1, 2.0846357422327155e-05, 7990.012430465435),
        (3, 50.0, 2.6777641388839413e+20, 3.727936773826211e-23),
        (0, 1e-10, 1.0, 23.14178244559887),
        (1, 2.5, 2.5167162452886984, 0.07389081634774707),
        (10, 0.01, 2.6911505717111425e-30, 1.8579404390480636e+28),
        (0, 500.0, 2.504809476570078e+215, 3.992321609117793e-219),
        (7, 5.0, 0.2564889417278816, 0.22631814547498616),
    ];
    for (n, x, i, k) in cases {
        let got_i = besseli(n, &Tensor::from(x)).item::<f64>();
        let got_k = besselk(n, &Tensor::from(x)).item::<f64>();
        assert!((got_i / i - 1.0).abs() < 1e-14, "I_{n}({x}) = {got_i}, mpmath {i}");
        assert!((got_k / k - 1.0).abs() < 1e-13, "K_{n}({x}) = {got_k}, mpmath {k}");
        // Negative orders and the parity of I.
        assert_eq!(besseli(-n, &Tensor::from(x)).item::<f64>(), got_i);
        let parity = if n % 2 == 0 { 1.0 } else { -1.0 };
        assert_eq!(besseli(n, &Tensor::from(-x)).item::<f64>(), parity * got_i);
    }
    // I₂(−3) from mpmath; K at 0 and below.
    assert!((besseli(2, &Tensor::from(-3.0)).item::<f64>() - 2.245212440929951).abs() < 1e-14);
    assert_eq!(besselk(0, &Tensor::from(0.0)).item::<f64>(), f64::INFINITY);
    assert!(besselk(0, &Tensor::from(-1.0)).item::<f64>().is_nan());
    // Second derivative of K₀ from the rule: K₀″ = (K₀ + K₂)/2.
    let x = Tensor::from(1.5);
    let d2 = gradfun(gradfun(|x| besselk(0, x)))(&x).item::<f64>();
    let expected = 0.5 * (besselk(0, &x).item::<f64>() + besselk(2, &x).item::<f64>());
    assert!((d2 - expected).abs() < 1e-14);
}
