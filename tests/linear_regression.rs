//! The linear-regression example, trained for fewer steps, against the least-squares optimum.

#[path = "../examples/linear_regression.rs"]
#[allow(dead_code)] // `main` and what only it uses
mod linear_regression;

use linear_regression::{mse, train, Diabetes, LEARNING_RATE};

/// The steps the test trains for: fewer than the example's, still enough to get within 2%.
const TEST_EPOCHS: usize = 100;

/// The mean squared error of the least-squares fit of `y` on `x` and a constant, from the
/// normal equations `AᵀA β = Aᵀy` (`A` = `x` with a column of ones), solved by Cholesky.
fn least_squares_mse(x: &[f64], y: &[f64]) -> f64 {
    let samples = y.len();
    let features = x.len() / samples;
    let n = features + 1;
    let row = |i: usize| x[i * features..(i + 1) * features].iter().copied().chain([1.0]);
    let mut ata = vec![0.0; n * n];
    let mut aty = vec![0.0; n];
    for (i, &target) in y.iter().enumerate() {
        let a: Vec<f64> = row(i).collect();
        for j in 0..n {
            aty[j] += a[j] * target;
            for k in 0..n {
                ata[j * n + k] += a[j] * a[k];
            }
        }
    }
    let beta = cholesky_solve(ata, aty);
    let residual = |i: usize| row(i).zip(&beta).map(|(a, b)| a * b).sum::<f64>() - y[i];
    (0..samples).map(|i| residual(i).powi(2)).sum::<f64>() / samples as f64
}

/// Solves `m β = rhs` for a symmetric positive definite `n × n` matrix `m` (row-major).
fn cholesky_solve(mut m: Vec<f64>, rhs: Vec<f64>) -> Vec<f64> {
    let n = rhs.len();
    // Factor in place: the lower triangle becomes L with m = L Lᵀ.
    for j in 0..n {
        for k in 0..j {
            for i in j..n {
                m[i * n + j] -= m[i * n + k] * m[j * n + k];
            }
        }
        let pivot = m[j * n + j];
        assert!(pivot > 0.0, "normal equations not positive definite (pivot {pivot} at {j})");
        let d = pivot.sqrt();
        for i in j..n {
            m[i * n + j] /= d;
        }
    }
    // L z = rhs, then Lᵀ β = z.
    let mut z = rhs;
    for i in 0..n {
        z[i] = (z[i] - (0..i).map(|k| m[i * n + k] * z[k]).sum::<f64>()) / m[i * n + i];
    }
    for i in (0..n).rev() {
        z[i] = (z[i] - (i + 1..n).map(|k| m[k * n + i] * z[k]).sum::<f64>()) / m[i * n + i];
    }
    z
}

#[test]
fn cholesky_solves_a_small_system() {
    // [[4, 2], [2, 3]] β = [2, 1]  ⇒  β = [0.5, 0].
    let beta = cholesky_solve(vec![4.0, 2.0, 2.0, 3.0], vec![2.0, 1.0]);
    assert!((beta[0] - 0.5).abs() < 1e-12 && beta[1].abs() < 1e-12, "{beta:?}");
}

#[test]
fn gradient_descent_comes_within_two_percent_of_least_squares() {
    let data = Diabetes::load();
    let samples = data.x.shape()[0];
    assert_eq!(data.x.shape(), &[442, 10]);
    assert_eq!(data.y.shape(), &[442, 1]);

    let y = data.y.to_vec::<f64>();
    let optimum = least_squares_mse(&data.x.to_vec::<f64>(), &y);
    // The known fit: ordinary least squares explains about 52% of the target's variance.
    let y_mean = y.iter().sum::<f64>() / samples as f64;
    let variance = y.iter().map(|v| (v - y_mean).powi(2)).sum::<f64>() / samples as f64;
    let explained = 1.0 - optimum / variance;
    assert!((0.51..0.53).contains(&explained), "R² of the least-squares fit is {explained}");

    let mut losses = Vec::new();
    let model = train(&data, TEST_EPOCHS, LEARNING_RATE, |_, loss| losses.push(loss));
    let trained = mse(&model, &data.x, &data.y).item::<f64>();

    assert_eq!(losses.len(), TEST_EPOCHS);
    assert!(losses.windows(2).all(|w| w[1] <= w[0]), "the loss went up: {losses:?}");
    assert!(
        trained <= 1.02 * optimum,
        "trained mean squared error {trained} is not within 2% of the optimum {optimum}"
    );
}
