//! The Airy functions and the Hankel functions against mpmath and SciPy literals, and their
//! gradients against the differential equations they satisfy.

mod common;

use autograd::prelude::*;
use autograd::special::{airyai, airyaiprime, airybi, airybiprime};
use autograd::special::{besselh, besselj, bessely, hankelh1, hankelh2};
use autograd::{gradcheck, gradgradcheck};
use common::{assert_close, assert_rel_close};

// The reference values below were printed by mpmath 1.3 at 40 digits
// (`mpmath.airyai(x, d)`, `mpmath.airybi(x, d)`, d = 0 or 1), rounded to the nearest f64. The
// points cover x ∈ [−30, 30]: the oscillating side, the first zero of Ai (a₁ = −2.3381…,
// and a₁ ± 10⁻⁶), the first zero of Bi (b₁ = −1.1737…), the third zero of Ai′ (−4.8201…),
// the neighbourhood of 0, and the decaying/growing side.
const X: [f64; 24] = [
    -30.0,
    -25.3,
    -20.5,
    -15.0,
    -10.0,
    -7.5,
    -4.820099211178736,
    -2.338108410459767,
    -2.338107410459767,
    -2.338106410459767,
    -1.173713222709128,
    -1.0,
    -0.001,
    0.0,
    0.001,
    0.5,
    1.0,
    2.0,
    3.7,
    5.0,
    10.0,
    17.5,
    25.0,
    30.0,
];
const AI: [f64; 24] = [
    -0.08796818845684216,
    -0.18035384747745437,
    -0.04462568039701191,
    0.2782174908708289,
    0.04024123848644319,
    0.3217757163806479,
    0.3804064686281533,
    -7.012108227909988e-7,
    2.743319340666283e-17,
    7.012108228458651e-7,
    0.5287909545532111,
    0.5355608832923521,
    0.35528687323241714,
    0.3550280538878172,
    0.3547692345431742,
    0.23169360648083348,
    0.13529241631288141,
    0.03492413042327438,
    0.0017455720006099786,
    0.00010834442813607442,
    1.1047532552898686e-10,
    8.77422082329471e-23,
    8.116026824691387e-38,
    3.2082175915504958e-49,
];
const AI_PRIME: [f64; 24] = [
    1.228620602637485,
    0.8803312125918968,
    -1.1839330197051474,
    0.272374204308642,
    0.99626504413279,
    0.3188095066985546,
    1.9002007513487082e-16,
    0.7012108227198716,
    0.7012108227206914,
    0.7012108227198716,
    0.09057354264796541,
    -0.01016056711664521,
    -0.25881922619250675,
    -0.2588194037928068,
    -0.258819226365053,
    -0.2249105326646839,
    -0.1591474412967932,
    -0.05309038443365363,
    -0.003466940749027627,
    -0.0002474138908684625,
    -3.5206336767389237e-10,
    -3.6829496287900966e-22,
    -4.066089337243281e-37,
    -1.759876581432726e-48,
];
const BI: [f64; 24] = [
    -0.22444694220056632,
    -0.17537185734241312,
    0.2613621378692303,
    -0.06912659453101005,
    -0.3146798296438386,
    -0.11246348507649082,
    0.00890362760700474,
    -0.45394315607568325,
    -0.45394320205833577,
    -0.4539432480399269,
    -6.5985241890579e-17,
    0.1039973894969446,
    0.6144783389861965,
    0.6149266274460008,
    0.6153749159058797,
    0.8542770431031554,
    1.2074235949528713,
    3.2980949999782148,
    47.56074749958946,
    657.7920441711711,
    455641153.54822516,
    4.336159183543007e+20,
    3.9220307780413816e+35,
    9.057288512151307e+46,
];
const BI_PRIME: [f64; 24] = [
    -0.48369472582768147,
    -0.9089052917240528,
    -0.198868028021686,
    1.0764297530843747,
    0.11941411339990925,
    0.8778022815457609,
    0.8367625485752138,
    -0.045983183189996064,
    -0.04598212182185804,
    -0.04598106045406645,
    0.6019578879762396,
    0.5923756264227924,
    0.4482886646677106,
    0.4482883573538264,
    0.44828866496656955,
    0.5445725641405923,
    0.9324359333927756,
    4.10068204993289,
    87.89072726283344,
    1435.8190802179824,
    1429236134.4828658,
    1.8076970117807845e+21,
    1.957073508323331e+36,
    4.953304512891299e+47,
];

/// Checks `got` against `expected`, measuring the error on the oscillating side (x < 0)
/// against the envelope `√(f² + g²)` of the pair (Ai, Bi) or (Ai′, Bi′) — a relative error
/// means nothing at a zero — and relatively for x ≥ 0.
#[track_caller]
fn assert_matches(name: &str, got: &[f64], expected: &[f64], partner: &[f64]) {
    for i in 0..X.len() {
        let scale = if X[i] < 0.0 { expected[i].hypot(partner[i]) } else { expected[i].abs() };
        let error = (got[i] - expected[i]).abs() / scale;
        assert!(error < 1e-13, "{name}({}) = {:e}, expected {:e}", X[i], got[i], expected[i]);
    }
}

#[test]
fn airy_functions_match_mpmath_from_minus_30_to_30() {
    let x = Tensor::from(X.to_vec());
    let ai = airyai(&x).to_vec::<f64>();
    let ai_prime = airyaiprime(&x).to_vec::<f64>();
    let bi = airybi(&x).to_vec::<f64>();
    let bi_prime = airybiprime(&x).to_vec::<f64>();
    assert_matches("airyai", &ai, &AI, &BI);
    assert_matches("airyaiprime", &ai_prime, &AI_PRIME, &BI_PRIME);
    assert_matches("airybi", &bi, &BI, &AI);
    assert_matches("airybiprime", &bi_prime, &BI_PRIME, &AI_PRIME);
    // At the zeros themselves the values are zero to a few units of the envelope's rounding
    // (Amos's own error there is about 2·10⁻¹⁵, as in SciPy).
    assert!(ai[8].abs() < 5e-15 && bi[10].abs() < 5e-15 && ai_prime[6].abs() < 5e-15);
}

#[test]
fn airy_bi_is_finite_up_to_the_overflow_of_f64_and_ai_underflows() {
    // mpmath at 40 digits: Bi(103), Bi(104), Bi(104.4) and Bi′(103), Bi′(104); Bi′(104.4) and
    // Bi(104.5) are past f64::MAX (1.27e309 and 3.45e308).
    let x = Tensor::from(vec![103.0, 104.0, 104.4]);
    let bi = airybi(&x).to_vec::<f64>();
    assert_rel_close(
        &bi,
        [8.01643392902487e301, 2.095173527033602e306, 1.2418986242439053e308],
        1e-12,
    );
    let bi_prime = airybiprime(&x).to_vec::<f64>();
    assert_rel_close(&bi_prime[..2], [8.133844967032322e302, 2.1361621950432753e307], 1e-12);
    assert_eq!(bi_prime[2], f64::INFINITY);
    assert_eq!(airybi(&Tensor::from(104.5)).item::<f64>(), f64::INFINITY);
    // Ai(103) = 1.9562320229339223e-304 (mpmath); from x ≈ 104 it is below the normal range.
    let ai = airyai(&Tensor::from(vec![103.0, 110.0])).to_vec::<f64>();
    assert_rel_close(ai[0], 1.9562320229339223e-304, 1e-12);
    assert_eq!(ai[1], 0.0);
}

#[test]
fn airy_gradients_follow_the_airy_equation_to_third_order() {
    // Ai″ = x Ai, so Ai‴ = Ai + x Ai′; the same for Bi.
    for x0 in [-7.5, -1.0, 0.0, 2.0] {
        let x = Tensor::from(x0);
        let value = |f: fn(&Tensor) -> Tensor| f(&x).item::<f64>();
        let (ai, ai_prime) = (value(airyai), value(airyaiprime));
        let (bi, bi_prime) = (value(airybi), value(airybiprime));
        let d = |f: fn(&Tensor) -> Tensor| gradfun(f)(&x).item::<f64>();
        assert_close(d(airyai), ai_prime, 1e-15);
        assert_close(d(airybi), bi_prime, 1e-15);
        assert_close(d(airyaiprime), x0 * ai, 1e-15);
        assert_close(d(airybiprime), x0 * bi, 1e-15);
        let d3 = |f: fn(&Tensor) -> Tensor| gradfun(gradfun(gradfun(f)))(&x).item::<f64>();
        assert_close(d3(airyai), ai + x0 * ai_prime, 1e-14);
        assert_close(d3(airybi), bi + x0 * bi_prime, 1e-14);
    }
}

#[test]
fn airy_functions_in_f32_round_the_f64_values() {
    let x = Param::new(vec![-10.0f32, -2.338_107_4, 0.0, 5.0]);
    let tape = diff(|| sum(&airyai(&x)) + sum(&airybi(&x)));
    assert_eq!(tape.value().dtype(), DType::F32);
    let g = grad(&tape, &x).unwrap();
    assert_eq!(g.dtype(), DType::F32);
    let x64 = Tensor::from(vec![-10.0f32 as f64, -2.338_107_4f32 as f64, 0.0, 5.0]);
    let expected: Vec<f64> = airyaiprime(&x64)
        .to_vec::<f64>()
        .iter()
        .zip(airybiprime(&x64).to_vec::<f64>())
        .map(|(a, b)| a + b)
        .collect();
    assert_rel_close(g.to_vec::<f64>(), expected, 1e-6);
}

// scipy.special.hankel1(n, x) (SciPy 1.17.1), real and imaginary parts printed with repr; the
// same call to hankel2 returned exactly their complex conjugates.
const HX: [f64; 7] = [0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
const H1: [(i32, [f64; 7], [f64; 7]); 4] = [
    (
        0,
        [
            0.9975015620660401,
            0.9384698072408126,
            0.7651976865579664,
            -0.048383776468197956,
            -0.1775967713143384,
            -0.2459357644513483,
            -0.08636798358104023,
        ],
        [
            -1.5342386513503667,
            -0.44451873350670656,
            0.088256964215677,
            0.49807035961523194,
            -0.3085176252490338,
            0.05567116728359934,
            -0.11729573168666409,
        ],
    ),
    (
        1,
        [
            0.04993752603624239,
            0.24226845767487393,
            0.44005058574493355,
            0.49709410246427405,
            -0.3275791375914653,
            0.04347274616886136,
            -0.11875106261662302,
        ],
        [
            -6.4589510947020266,
            -1.4714723926702433,
            -0.7812128213002889,
            0.1459181379667858,
            0.14786314339122694,
            0.24901542420695386,
            0.08442557066174725,
        ],
    ),
    (
        3,
        [
            2.0820316060257644e-5,
            0.0025637299945901726,
            0.01956335398266915,
            0.21660039103911352,
            0.3648312306136671,
            0.058379379305186864,
            0.12921122875972507,
        ],
        [
            -5099.332378612905,
            -42.05949430472389,
            -5.821517605964731,
            -0.7560554967536711,
            0.14626716269319276,
            -0.25136265718383727,
            -0.06803569025319872,
        ],
    ),
    (
        -2,
        [
            0.00124895865879975,
            0.03060402345868268,
            0.11490348493190057,
            0.4460590584396172,
            0.04656511627775229,
            0.25463031368512057,
            0.07845124607326537,
        ],
        [
            -127.64478324269017,
            -5.441370837174266,
            -1.6506826068162548,
            -0.38133584924180336,
            0.3676628826055246,
            -0.005868082442208563,
            0.1229241030641139,
        ],
    ),
];

#[test]
fn hankel_functions_match_scipy_and_are_conjugates() {
    let x = Tensor::from(HX.to_vec());
    for (n, re, im) in H1 {
        let (h1_re, h1_im) = hankelh1(n, &x);
        // Measured against the modulus |H|: SciPy's (Amos's) real part loses relative accuracy
        // where |Yₙ| ≫ |Jₙ| (see below).
        let (got_re, got_im) = (h1_re.to_vec::<f64>(), h1_im.to_vec::<f64>());
        for i in 0..HX.len() {
            let modulus = re[i].hypot(im[i]);
            assert!((got_re[i] - re[i]).abs() <= 1e-14 * modulus, "Re H({n}, {})", HX[i]);
            assert!((got_im[i] - im[i]).abs() <= 1e-14 * modulus, "Im H({n}, {})", HX[i]);
        }
        let (h2_re, h2_im) = hankelh2(n, &x);
        assert_eq!(h2_re.to_vec::<f64>(), h1_re.to_vec::<f64>());
        assert_eq!(h2_im.to_vec::<f64>(), (-&h1_im).to_vec::<f64>());
        for k in [1, 2] {
            let (re_k, im_k) = besselh(n, k, &x);
            let (re_expected, im_expected) =
                if k == 1 { (&h1_re, &h1_im) } else { (&h2_re, &h2_im) };
            assert_eq!(re_k.to_vec::<f64>(), re_expected.to_vec::<f64>());
            assert_eq!(im_k.to_vec::<f64>(), im_expected.to_vec::<f64>());
        }
    }
}

#[test]
fn hankel_real_part_is_accurate_where_scipy_loses_digits() {
    // mpmath.besselj(3, 0.1) at 30 digits: 2.0820315754756264895e-5; SciPy's
    // hankel1(3, 0.1).real gives 2.0820316060257644e-5 (off by 1.5e-8 relative, 6e-14 of |H|).
    let (re, _) = hankelh1(3, &Tensor::from(0.1));
    assert_rel_close(re, 2.082_031_575_475_626_5e-5, 1e-14);
}

#[test]
fn hankel_gradients_pass_gradcheck_to_second_order() {
    let x = Tensor::from(vec![0.7, 1.9, 4.2]);
    for n in [0, 1, 3] {
        for k in [1, 2] {
            let re = |xs: &[Tensor]| besselh(n, k, &xs[0]).0;
            let im = |xs: &[Tensor]| besselh(n, k, &xs[0]).1;
            for part in [&re as &dyn Fn(&[Tensor]) -> Tensor, &im] {
                gradcheck(part, std::slice::from_ref(&x)).unwrap();
                gradgradcheck(part, std::slice::from_ref(&x)).unwrap();
            }
        }
    }
    // H′ₙ = (Hₙ₋₁ − Hₙ₊₁)/2, part by part: here the imaginary part of H⁽²⁾₁ at 1.9.
    let at = Tensor::from(1.9);
    let slope = gradfun(|x| hankelh2(1, x).1)(&at).item::<f64>();
    let expected = -0.5 * (bessely(0, &at) - bessely(2, &at)).item::<f64>();
    assert_close(slope, expected, 1e-15);
    assert_close(hankelh1(1, &at).0, besselj(1, &at), 0.0);
}

#[test]
fn besselh_of_a_kind_other_than_1_or_2_names_the_op() {
    let err = catch(|| besselh(0, 3, &Tensor::from(1.0))).unwrap_err();
    assert_eq!(err.op(), "besselh");
    assert!(err.to_string().contains("kind 3 is neither 1 nor 2"), "{err}");
}
