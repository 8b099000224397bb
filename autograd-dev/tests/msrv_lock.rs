//! The declared MSRV holds for everything the lockfile pins, the test tools included: resolver 3
//! prefers versions whose `rust-version` fits, but a plain `cargo update -p` with a newer
//! toolchain, or a lockfile carried over from resolver 2, can still lock one that does not.
//! Fix a failure with `CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo update`.

use std::process::Command;

use serde_json::Value;

/// `"1.85"` or `"1.85.0"` as (major, minor, patch).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().expect("a numeric rust-version"));
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

#[test]
fn no_locked_package_needs_a_newer_rust_than_the_workspace_declares() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root)
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let packages = meta["packages"].as_array().expect("a package list");
    let msrv = packages
        .iter()
        .find(|p| p["name"] == "autograd-rs")
        .and_then(|p| p["rust_version"].as_str())
        .expect("the facade declares rust-version");
    let too_new: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (version(needs) > version(msrv)).then(|| {
                format!(
                    "{} {} needs {needs}",
                    p["name"].as_str().unwrap_or("?"),
                    p["version"].as_str().unwrap_or("?")
                )
            })
        })
        .collect();
    assert!(packages.len() > 50, "only {} packages: not the whole lockfile", packages.len());
    assert!(
        too_new.is_empty(),
        "the workspace declares Rust {msrv}, but the lockfile pins {too_new:#?}"
    );
}
