//! A character-level LSTM language model on the Gettysburg Address: characters are embedded by
//! row lookup in a table, an LSTM reads windows of 32 of them in minibatches of 16, and a dense
//! layer predicts the next character. The loss falls far below that of guessing uniformly,
//! `ln(V)`, and the model then writes text of its own.
//!
//! ```text
//! cargo run --release --example char_lstm
//! ```

use autograd::optim::{Adam, Optimizer};
use autograd::prelude::*;
use autograd::progress::Progress;
use autograd::{
    cat::chunk,
    index::index_select,
    linalg::matmul,
    math::tanh,
    nn::{cross_entropy, sigmoid, softmax},
};
use autograd::{data, init};
use rand::Rng;

const EMBED: usize = 32;
const HIDDEN: usize = 128;
const BATCH: usize = 16;

/// The characters of the text and the text as their indices.
pub struct Corpus {
    /// The distinct characters, sorted.
    pub chars: Vec<char>,
    /// The text as indices into `chars`.
    pub ids: Vec<usize>,
}

impl Corpus {
    /// Reads `examples/data/gettysburg.txt`.
    pub fn load() -> Self {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/gettysburg.txt");
        let text = std::fs::read_to_string(path).expect("the text");
        let mut chars: Vec<char> = text.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        let ids =
            text.chars().map(|c| chars.binary_search(&c).expect("in the vocabulary")).collect();
        Corpus { chars, ids }
    }
}

/// Embedding, one LSTM layer, and the output layer.
#[derive(Params)]
pub struct CharLstm {
    embedding: Param,
    input: Param,
    recurrent: Param,
    bias: Param,
    output: Param,
    output_bias: Param,
}

impl CharLstm {
    /// Initialized from `seed` for a vocabulary of `vocab` characters.
    pub fn new(vocab: usize, seed: u64) -> Self {
        let rng = &mut init::rng(seed);
        // The forget gate's bias starts at 1, so the cell remembers from the start.
        let mut bias = vec![0.0f32; 4 * HIDDEN];
        bias[HIDDEN..2 * HIDDEN].fill(1.0);
        CharLstm {
            embedding: Param::new(init::gaussian(&[vocab, EMBED], 0.1, DType::F32, rng)),
            input: Param::new(init::xavier_uniform(&[EMBED, 4 * HIDDEN], DType::F32, rng)),
            recurrent: Param::new(init::orthogonal(&[HIDDEN, 4 * HIDDEN], 1.0, DType::F32, rng)),
            bias: Param::new(bias),
            output: Param::new(init::xavier_uniform(&[HIDDEN, vocab], DType::F32, rng)),
            output_bias: Param::new(init::zeros(&[vocab], DType::F32)),
        }
    }

    /// One LSTM step from state `(h, c)` on the characters `ids` (one per sequence).
    fn cell(&self, ids: &[usize], (h, c): (&Tensor, &Tensor)) -> (Tensor, Tensor) {
        let x = index_select(&self.embedding, 0, ids);
        let z = matmul(&x, &self.input) + matmul(h, &self.recurrent) + &self.bias;
        let gates = chunk(&z, 1, 4);
        let (i, f, g, o) =
            (sigmoid(&gates[0]), sigmoid(&gates[1]), tanh(&gates[2]), sigmoid(&gates[3]));
        let c = f * c + i * g;
        let h = o * tanh(&c);
        (h, c)
    }

    fn zero_state(&self, batch: usize) -> (Tensor, Tensor) {
        let zeros = Tensor::zeros(&[batch, HIDDEN], DType::F32);
        (zeros.clone(), zeros)
    }

    /// The mean cross-entropy of predicting each next character of the windows of `seq`
    /// characters starting at `starts`.
    pub fn loss(&self, text: &[usize], starts: &[usize], seq: usize) -> Tensor {
        let (mut h, mut c) = self.zero_state(starts.len());
        let mut total: Option<Tensor> = None;
        for t in 0..seq {
            let now: Vec<usize> = starts.iter().map(|s| text[s + t]).collect();
            let next: Vec<usize> = starts.iter().map(|s| text[s + t + 1]).collect();
            (h, c) = self.cell(&now, (&h, &c));
            let logits = matmul(&h, &self.output) + &self.output_bias;
            let step = cross_entropy(&logits, &next);
            total = Some(match total {
                None => step,
                Some(sum) => sum + step,
            });
        }
        total.expect("a window of at least one character") / seq as f64
    }

    /// `n` characters after `prompt`, each drawn from the predicted distribution sharpened by
    /// `temperature`.
    pub fn sample(
        &self,
        corpus: &Corpus,
        prompt: &str,
        n: usize,
        temperature: f64,
        seed: u64,
    ) -> String {
        let rng = &mut init::rng(seed);
        let (mut h, mut c) = self.zero_state(1);
        let mut out = String::from(prompt);
        for ch in prompt.chars() {
            let id = corpus.chars.binary_search(&ch).expect("prompt characters are in the text");
            (h, c) = self.cell(&[id], (&h, &c));
        }
        for _ in 0..n {
            let logits = (matmul(&h, &self.output) + &self.output_bias) / temperature;
            let probs = softmax(&logits, 1).to_vec::<f64>();
            let mut u: f64 = rng.random();
            let next = probs
                .iter()
                .position(|&p| {
                    u -= p;
                    u < 0.0
                })
                .unwrap_or(probs.len() - 1);
            out.push(corpus.chars[next]);
            (h, c) = self.cell(&[next], (&h, &c));
        }
        out
    }
}

/// Trains for `steps` minibatches of windows of `seq` characters; returns the corpus, the
/// model and the running loss after each step.
pub fn run(steps: usize, seq: usize) -> (Corpus, CharLstm, Vec<f64>) {
    let corpus = Corpus::load();
    let model = CharLstm::new(corpus.chars.len(), 3);
    let ps = params(&model);
    let mut opt = Adam::new(1e-2).with_clip_norm(5.0);
    // Every window start, shuffled into minibatches of 16 each epoch.
    let starts: Vec<usize> = (0..corpus.ids.len() - seq - 1).collect();
    let mut batches = data::Minibatches::new(&starts, &starts, BATCH).shuffle(4).drop_last();
    let mut bar = Progress::new(steps as u64);
    let mut losses = Vec::new();
    while losses.len() < steps {
        for (batch, _) in &mut batches {
            let tape = diff(|| model.loss(&corpus.ids, &batch, seq));
            let loss = value(&tape).item::<f64>();
            opt.step(tape, &ps);
            bar.step(loss);
            losses.push(bar.running_loss().expect("a step was recorded"));
            if losses.len() == steps {
                break;
            }
        }
    }
    bar.finish();
    (corpus, model, losses)
}

#[allow(dead_code)] // a test includes this file for `run`
fn main() {
    let (corpus, model, losses) = run(600, 32);
    let uniform = (corpus.chars.len() as f64).ln();
    println!("vocabulary {}: uniform loss ln(V) = {uniform:.3}", corpus.chars.len());
    println!("running loss after {} steps: {:.3}", losses.len(), losses.last().unwrap());
    println!("\n{}", model.sample(&corpus, "It is ", 300, 0.5, 7));
}
