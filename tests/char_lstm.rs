//! `examples/char_lstm.rs` in reduced form: 60 steps on windows of 16 characters must bring the running loss well below
//! the uniform `ln(V)`, and sampling must produce text from the vocabulary. (The full run,
//! 600 steps on windows of 32, reaches 0.21 against ln(36) = 3.58 and recites the address.)

#[path = "../examples/char_lstm.rs"]
#[allow(dead_code)]
mod char_lstm;

#[test]
fn char_lstm_loss_falls_below_uniform_and_it_samples() {
    let (corpus, model, losses) = char_lstm::run(60, 16);
    let uniform = (corpus.chars.len() as f64).ln();
    let last = *losses.last().unwrap();
    assert!(last < 0.8 * uniform, "running loss {last} vs ln(V) = {uniform}");
    let text = model.sample(&corpus, "We ", 40, 0.5, 1);
    assert_eq!(text.chars().count(), 43);
    assert!(text.chars().all(|c| corpus.chars.contains(&c)));
}
