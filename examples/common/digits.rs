//! The 8×8 hand-written digits (UCI, Alpaydin and Kaynak 1998), read from
//! `examples/data/digits.csv.gz`: 1797 rows of 64 pixel values 0..16 and a label 0..9.

use std::io::Read;
use std::path::Path;

use autograd::Tensor;
use flate2::read::GzDecoder;
use ndarray::Array2;

/// The digits: pixels scaled to 0..1, and labels.
pub struct Digits {
    /// `1797 × 64` pixels in 0..1.
    pub x: Tensor,
    /// The digit each row shows.
    pub labels: Vec<usize>,
}

impl Digits {
    /// Reads the data set.
    ///
    /// # Panics
    /// If the file is missing or malformed.
    pub fn load() -> Self {
        // The facade's examples and tests, and the bench one crate down in autograd-dev/, share
        // this file: the data lies under the workspace root, the manifest's directory or its parent.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = [manifest, manifest.parent().unwrap_or(manifest)]
            .map(|root| root.join("examples/data/digits.csv.gz"))
            .into_iter()
            .find(|p| p.exists())
            .unwrap_or_else(|| manifest.join("examples/data/digits.csv.gz"));
        let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut text = String::new();
        GzDecoder::new(file).read_to_string(&mut text).expect("a gzipped text file");
        let (mut pixels, mut labels) = (Vec::new(), Vec::new());
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let values: Vec<f64> =
                line.split(',').map(|v| v.trim().parse().expect("a number")).collect();
            assert_eq!(values.len(), 65, "64 pixels and a label per row");
            pixels.extend(values[..64].iter().map(|p| p / 16.0));
            labels.push(values[64] as usize);
        }
        let x = Array2::from_shape_vec((labels.len(), 64), pixels).expect("64 pixels per row");
        Digits { x: Tensor::from(x), labels }
    }

    /// The labels as one-hot rows, `n × 10`.
    pub fn one_hot(&self) -> Tensor {
        let mut y = Array2::<f64>::zeros((self.labels.len(), 10));
        for (row, &label) in self.labels.iter().enumerate() {
            y[[row, label]] = 1.0;
        }
        Tensor::from(y)
    }
}
