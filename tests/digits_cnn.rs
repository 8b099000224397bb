//! `examples/digits_cnn.rs` in reduced form: three epochs must lower the loss and pass 90%
//! test accuracy. (The full run, 20 epochs, reaches 97.5%; see the example.)

#[path = "../examples/digits_cnn.rs"]
#[allow(dead_code)]
mod digits_cnn;

#[test]
fn digits_cnn_learns() {
    let (losses, accuracies) = digits_cnn::run(3);
    assert!(losses[2] < 0.5 * losses[0], "the loss falls: {losses:?}");
    assert!(accuracies[2] > 0.9, "test accuracy after 3 epochs: {accuracies:?}");
}
