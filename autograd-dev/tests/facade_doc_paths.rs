//! Doc examples are written in the facade's paths: a user reads core's, ops' and train's examples
//! on the facade's pages, where `autograd_core::…` or `autograd_ops::…` cannot be written.
//! Fix a failure with `python3 autograd-dev/tools/facade_doc_paths.py`.

use std::path::Path;

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn doc_examples_use_the_facade_paths() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in ["autograd-core", "autograd-ops", "autograd-train", "autograd-macros", "src"] {
        let dir = if krate == "src" { root.join(krate) } else { root.join(krate).join("src") };
        rust_files(&dir, &mut files);
    }
    assert!(files.len() > 50, "found the sources ({} files)", files.len());
    let inner = ["autograd_core::", "autograd_ops::", "autograd_train::", "autograd_macros::"];
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for (number, line) in text.lines().enumerate() {
            let doc = line.trim_start();
            let Some(body) = doc.strip_prefix("///").or_else(|| doc.strip_prefix("//!")) else {
                continue;
            };
            if body.trim_start().starts_with("use ") && inner.iter().any(|p| body.contains(p)) {
                offenders.push(format!("{}:{}: {}", file.display(), number + 1, body.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "doc examples in inner-crate paths:\n{}", offenders.join("\n"));
}
