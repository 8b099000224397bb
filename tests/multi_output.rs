//! Multi-output primitives: a function returning a tuple of arrays is one node on the tape,
//! computed once; its rules get one incoming gradient per output, `None` for an output that
//! took no part; `qr` and `eigh` are built that way.

mod common;

use std::cell::Cell;

use autograd::linalg::{eigh, eigh_values, eigh_vectors, qr, qr_q, qr_r};
use autograd::prelude::*;
use autograd::{gradcheck, gradgradcheck};
use common::{assert_close, tensor};

// Per thread: the tests run in parallel, and a rule runs on the thread of its `diff`.
thread_local! {
    static FORWARD_CALLS: Cell<usize> = const { Cell::new(0) };
    static SQUARE_GRADIENTS: Cell<usize> = const { Cell::new(0) };
}

fn count(counter: &'static std::thread::LocalKey<Cell<usize>>) -> usize {
    counter.with(Cell::get)
}

/// `(2x, x²)`, counting its forward calls and the rule calls that saw a gradient of `x²`.
#[primitive(
    (dtwice, dsquare) => {
        let mut g = x.zeros_like();
        if let Some(d) = dtwice {
            g = g + d * 2.0;
        }
        if let Some(d) = dsquare {
            SQUARE_GRADIENTS.with(|c| c.set(c.get() + 1));
            g = g + d * 2.0 * x;
        }
        g
    },
    check(x = [3])
)]
fn twice_and_square(x: &Array) -> (Array, Array) {
    FORWARD_CALLS.with(|c| c.set(c.get() + 1));
    (x * Elem::of(2.0), x * x)
}

#[test]
fn an_output_that_took_no_part_reaches_the_rule_as_none() {
    let x = Param::new(vec![1.0, -2.0, 3.0]);
    let (forward, square) = (count(&FORWARD_CALLS), count(&SQUARE_GRADIENTS));
    let tape = diff(|| sum(&twice_and_square(&x).0));
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![2.0, 2.0, 2.0]);
    assert_eq!(count(&FORWARD_CALLS), forward + 1);
    assert_eq!(count(&SQUARE_GRADIENTS), square, "`x²` took no part: its gradient is None");

    let tape = diff(|| {
        let (twice, square) = twice_and_square(&x);
        sum(&twice) + sum(&square)
    });
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![4.0, -2.0, 8.0]);
    assert_eq!(count(&FORWARD_CALLS), forward + 2, "both outputs from one call");
    assert_eq!(count(&SQUARE_GRADIENTS), square + 1);
}

#[test]
fn a_multi_output_primitive_is_one_node_with_its_outputs() {
    let x = Param::named("x", vec![1.0, 2.0]);
    let tape = diff(|| {
        let (twice, square) = twice_and_square(&x);
        sum(&twice) * sum(&square)
    });
    let nodes = tape.nodes();
    let calls: Vec<_> = nodes.iter().filter(|n| n.op == "twice_and_square").collect();
    assert_eq!(calls.len(), 1, "{}", tape.listing());
    let node = calls[0];
    assert_eq!(node.outputs.len(), 2);
    assert_eq!(
        node.to_string(),
        format!("{:>4} twice_and_square [2] f64, [2] f64 ← 0 → 2, 3", node.index)
    );
    // Each output's edge is labelled with its number in the DOT export.
    let dot = tape.to_dot();
    assert!(dot.contains("twice_and_square\\n[2] f64\\n[2] f64"), "{dot}");
    assert!(dot.contains(&format!("n{} -> n2 [label=\"1\"];", node.index)), "{dot}");
    assert!(dot.contains(&format!("n{} -> n3 [label=\"2\"];", node.index)), "{dot}");
    // d/dx (Σ2x · Σx²) = 2 Σx² + Σ2x · 2x = 10 + 6·2x.
    assert_eq!(grad(&tape, &x).unwrap().to_vec::<f64>(), vec![22.0, 34.0]);
}

#[test]
fn each_output_differentiates_to_second_order() {
    let x = tensor(&[3], &[0.5, -1.0, 2.0]);
    let f = |t: &[Tensor]| {
        let (twice, square) = twice_and_square(&t[0]);
        sum(&(&twice * &square))
    };
    gradcheck(f, std::slice::from_ref(&x)).unwrap();
    gradgradcheck(f, std::slice::from_ref(&x)).unwrap();
}

fn tall() -> Tensor {
    tensor(&[4, 3], &[2.0, -1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 4.0, 1.0, 0.0, 1.0])
}

fn symmetric() -> Tensor {
    tensor(&[3, 3], &[4.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 2.0])
}

#[test]
fn qr_matches_numpy() {
    // numpy 2.4.6: q, r = numpy.linalg.qr(a), then each sign flipped so that diag(r) > 0.
    let (q, r) = qr(&tall());
    assert_close(
        &q,
        [
            0.816496580927726,
            -0.4050957468334667,
            0.04229549344378136,
            0.408248290463863,
            0.8608284620211168,
            -0.2960684541064695,
            0.0,
            0.3038218101251,
            0.9305008557631897,
            0.408248290463863,
            -0.05063696835418334,
            0.21147746721890676,
        ],
        1e-14,
    );
    assert_close(
        &r,
        [
            2.449489742783178,
            0.408248290463863,
            0.816496580927726,
            0.0,
            3.2914029430219163,
            2.0254787341673337,
            0.0,
            0.0,
            3.637412436165197,
        ],
        1e-14,
    );
    assert_eq!(qr_q(&tall()), q);
    assert_eq!(qr_r(&tall()), r);
}

#[test]
fn qr_gradients_match_pytorch_for_either_or_both_factors() {
    // torch 2.x, float64: q, r = torch.linalg.qr(a), s = sign(diag(r)).detach(), q = q*s,
    // r = r*s[:, None]; loss.backward() for the losses below.
    let a = Param::new(tall());
    // loss = Σ q[:, 0] + 2 q[2, 1] + r[1, 2] − r[0, 0] / 2, as weights on the factors.
    let wq = tensor(&[4, 3], &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 2.0, 0.0, 1.0, 0.0, 0.0]);
    let wr = tensor(&[3, 3], &[-0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]);
    let tape = diff(|| {
        let (q, r) = qr(&a);
        sum(&(&q * &wq)) + sum(&(&r * &wr))
    });
    assert_close(
        grad(&tape, &a).unwrap(),
        [
            -0.4295539256823351,
            0.12152872405004005,
            -0.4050957468334668,
            -0.27396505305098945,
            -0.4861148962001602,
            0.860828462021117,
            0.043662118313743,
            1.57987341265052,
            0.30382181012510007,
            -0.09167196697592934,
            0.24305744810008,
            -0.05063696835418335,
        ],
        1e-13,
    );
    // Only Q in the loss (R's incoming gradient is `None`): torch, same loss without r.
    let tape = diff(|| sum(&(&qr_q(&a) * &wq)));
    assert_close(
        grad(&tape, &a).unwrap(),
        [
            -0.14854724800590716,
            0.07478690710771695,
            0.0,
            0.16256979308860414,
            -0.1589221776038985,
            0.0,
            0.316322717143961,
            0.5515534399194123,
            0.0,
            0.13452470292321025,
            0.009348363388464618,
            0.0,
        ],
        1e-13,
    );
}

#[test]
fn eigh_matches_numpy_and_its_gradient_pytorch() {
    // numpy 2.4.6: w, v = numpy.linalg.eigh(b), each column signed so its largest component
    // is positive.
    let (values, vectors) = eigh(&symmetric());
    assert_close(&values, [1.2679491924311228, 3.0, 4.7320508075688785], 1e-14);
    assert_close(
        &vectors,
        [
            0.21132486540518702,
            0.5773502691896258,
            0.7886751345948129,
            -0.5773502691896255,
            -0.5773502691896257,
            0.5773502691896258,
            0.7886751345948129,
            -0.5773502691896255,
            0.2113248654051871,
        ],
        1e-14,
    );
    assert_eq!(eigh_values(&symmetric()), values);
    assert_eq!(eigh_vectors(&symmetric()), vectors);
    // torch 2.x, float64: w, v = torch.linalg.eigh(b), v's columns signed as above (sign
    // detached); loss = (w * [1, 2, 3]).sum() + v[0, 2] - 2 v[1, 0]; our input is symmetrized
    // first, so the reference is (g + gᵀ) / 2 of torch's gradient g.
    let b = Param::new(symmetric());
    let weights = tensor(&[3], &[1.0, 2.0, 3.0]);
    let wv = tensor(&[3, 3], &[0.0, 0.0, 1.0, -2.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    let tape = diff(|| {
        let (values, vectors) = eigh(&b);
        sum(&(&values * &weights)) + sum(&(&vectors * &wv))
    });
    assert_close(
        grad(&tape, &b).unwrap(),
        [
            2.7135148188742555,
            0.643073197072527,
            -0.035220810900864485,
            0.643073197072527,
            1.535220810900865,
            0.6078523861716625,
            -0.035220810900864485,
            0.6078523861716625,
            1.7512643702248791,
        ],
        1e-12,
    );
}

#[test]
fn thin_functions_name_themselves_in_errors() {
    for (result, op) in [
        (catch(|| qr_q(&Tensor::zeros(&[2, 3], DType::F64))), "qr_q"),
        (catch(|| qr_r(&Tensor::zeros(&[3], DType::F64))), "qr_r"),
        (catch(|| eigh_values(&Tensor::zeros(&[2, 3], DType::F64))), "eigh_values"),
        (catch(|| eigh_vectors(&Tensor::zeros(&[2, 3], DType::F64))), "eigh_vectors"),
    ] {
        assert_eq!(result.unwrap_err().op(), op);
    }
    assert_eq!(catch(|| qr(&Tensor::zeros(&[2, 3], DType::F64))).unwrap_err().op(), "qr");
}

#[test]
fn slogdet_matches_numpy_and_its_gradient_pytorch() {
    // numpy 2.4.6: numpy.linalg.slogdet(a) = (-1.0, 3.4011973816621555); torch 2.x, float64:
    // the gradient of torch.linalg.slogdet(a).logabsdet.
    let a = Param::new(tensor(&[3, 3], &[2.0, -1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, -4.0]));
    let (sign, logabsdet) = autograd::linalg::slogdet(&a);
    assert_eq!(sign.item::<f64>(), -1.0);
    assert_close(&logabsdet, [3.4011973816621555], 1e-14);
    let tape = diff(|| autograd::linalg::slogdet(&a).1);
    let expected = [
        0.43333333333333335,
        -0.13333333333333333,
        -0.03333333333333333,
        0.13333333333333333,
        0.26666666666666666,
        0.06666666666666667,
        0.03333333333333333,
        0.06666666666666667,
        -0.23333333333333334,
    ];
    assert_close(grad(&tape, &a).unwrap(), expected, 1e-14);
    // The sign alone: a zero gradient, its rule told that `logabsdet` took no part.
    let tape = diff(|| autograd::linalg::slogdet(&a).0);
    assert_close(grad(&tape, &a).unwrap(), [0.0; 9], 0.0);
}

#[test]
fn svd_matches_numpy_and_its_gradient_pytorch() {
    use autograd::linalg::svd;
    // numpy 2.4.6: u, s, vt = numpy.linalg.svd(a, full_matrices=False), v = vt.T, each column
    // of v (and u with it) signed so that v's largest component is positive.
    let (u, s, v) = svd(&tall());
    assert_close(
        &u,
        [
            -0.05341391581037991,
            -0.4752567171908336,
            0.7770689453952442,
            0.53310775327414,
            0.7190846775326944,
            0.4405248995754968,
            0.8190064107556136,
            -0.4328839607765861,
            -0.3161953676562996,
            0.2053571915906693,
            -0.2639313467647743,
            0.3195655745367741,
        ],
        1e-13,
    );
    assert_close(&s, [4.756534082702967, 2.590924923844043, 2.379599033259334], 1e-13);
    assert_close(
        &v,
        [
            0.13279356402406195,
            -0.1911904505819499,
            0.9725287044401615,
            0.5196522390908233,
            0.8489735726301317,
            0.09594489764194869,
            0.8439949169051203,
            -0.49263585393462933,
            -0.21209077220948977,
        ],
        1e-13,
    );
    // torch 2.15, float64: torch.linalg.svd(a, full_matrices=False), the same signs (detached);
    // loss = Σ u∘wu + s·[1, −2, 3] + Σ v∘wv.
    let a = Param::new(tall());
    let wu = tensor(&[4, 3], &[1.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
    let ws = tensor(&[3], &[1.0, -2.0, 3.0]);
    let wv = tensor(&[3, 3], &[0.0, 1.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.5]);
    let tape = diff(|| {
        let (u, s, v) = svd(&a);
        sum(&(&u * &wu)) + sum(&(&s * &ws)) + sum(&(&v * &wv))
    });
    assert_close(
        grad(&tape, &a).unwrap(),
        [
            2.802863512702295,
            0.1585607972445326,
            -0.3938753599474205,
            0.9834169411470173,
            -1.9388667997107878,
            1.1315530862186485,
            -0.6869710476343944,
            1.3372616752228081,
            0.6140069799750673,
            1.1520126464180491,
            0.10039433167189296,
            0.022643236858388704,
        ],
        1e-12,
    );
    // A wide matrix, every output, to second order.
    let wide = tensor(&[2, 3], &[1.0, 2.0, 0.5, -1.0, 0.3, 2.0]);
    let f = |t: &[Tensor]| {
        let (u, s, v) = svd(&t[0]);
        sum(&(&u * &u.sin())) + sum(&(&s * &s)) + sum(&v.cos())
    };
    gradcheck(f, std::slice::from_ref(&wide)).unwrap();
    gradgradcheck(f, std::slice::from_ref(&wide)).unwrap();
}

#[test]
fn lq_matches_numpy_and_its_gradient_pytorch() {
    use autograd::linalg::lq;
    // numpy 2.4.6: q, r = numpy.linalg.qr(b.T) with diag(r) made positive; L = rᵀ, Q = qᵀ.
    let b = tensor(&[3, 4], &[1.0, 2.0, 0.0, 1.0, 0.0, 1.0, 3.0, -1.0, 2.0, 0.0, 1.0, 1.0]);
    let (l, q) = lq(&b);
    assert_close(
        &l,
        [
            2.449489742783178,
            0.0,
            0.0,
            0.4082482904638631,
            3.2914029430219163,
            0.0,
            1.2247448713915894,
            0.45573271518765,
            2.071788524996626,
        ],
        1e-13,
    );
    assert_close(
        &q,
        [
            0.40824829046386313,
            0.8164965809277261,
            0.0,
            0.4082482904638631,
            -0.050636968354183326,
            0.20254787341673333,
            0.9114654303753001,
            -0.35445877847928337,
            0.7351507669342866,
            -0.5272293379023668,
            0.2821790822576046,
            0.3193079088704476,
        ],
        1e-13,
    );
    // torch 2.15, float64: the same through torch.linalg.qr(b.T); loss = Σ L∘wl + Σ Q∘wq.
    let p = Param::new(b);
    let wl = tensor(&[3, 3], &[1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, -1.0, 1.0]);
    let wq = tensor(&[3, 4], &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
    let tape = diff(|| {
        let (l, q) = lq(&p);
        sum(&(&l * &wl)) + sum(&(&q * &wq))
    });
    assert_close(
        grad(&tape, &p).unwrap(),
        [
            -0.3361762480807983,
            1.8481784547706077,
            2.621352795016533,
            -0.9106909186772397,
            0.18777951231060655,
            1.9459770033054766,
            -0.10341148524431774,
            0.8192459666447965,
            0.9259191131498439,
            -0.6986369051276837,
            -0.7071371135962368,
            0.47135469710552375,
        ],
        1e-12,
    );
    assert_eq!(catch(|| lq(&tall())).unwrap_err().op(), "lq");
}
