//! `examples/digits_mlp.rs` in reduced form: five epochs must lower the loss, pass 90% test
//! accuracy, write the curve and the checkpoint, and score the same after reloading it.
//! (The full run, 20 epochs, reaches 97.2%; see the example.)

#[path = "../examples/digits_mlp.rs"]
#[allow(dead_code)]
mod digits_mlp;

#[test]
fn digits_mlp_learns_writes_its_curve_and_reloads_its_checkpoint() {
    let out = std::env::temp_dir().join(format!("autograd-digits-mlp-{}", std::process::id()));
    let report = digits_mlp::run(5, &out);
    let (first, last) = (report.epoch_loss[0], report.epoch_loss[4]);
    assert!(last < 0.7 * first, "the loss falls: {:?}", report.epoch_loss);
    let accuracy = report.test_accuracy[4];
    assert!(accuracy > 0.9, "test accuracy after 5 epochs: {accuracy}");
    assert_eq!(report.reloaded_accuracy, accuracy, "the checkpoint holds the trained model");
    let svg = std::fs::read_to_string(out.join("digits_mlp.svg")).unwrap();
    assert!(svg.contains("test accuracy") && svg.contains("<polyline"), "a curve with a legend");
    std::fs::remove_dir_all(&out).unwrap();
}
