//! Discovery of data-driven test cases: every entry of a folder is a case,
//! run in name order; all cases run even when some fail, and the test fails
//! at the end listing every case that did not pass.

#![allow(dead_code)]

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The entries of `folder` (relative to the crate root, the working
/// directory of `cargo test`, so that paths in snapshots do not depend on
/// where the repository lives), in name order, hidden ones left out.
pub fn entries(folder: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(folder);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no test cases in {}", dir.display());
    entries
}

/// Runs `run(name, path)` for every entry of `folder`, with insta
/// snapshots going to `snapshots/<group>/`.
pub fn for_each_case(folder: &str, group: &str, run: impl Fn(&str, &Path)) {
    let entries = entries(folder);

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots").join(group));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);

    let mut failed = Vec::new();
    for path in &entries {
        let name = path
            .file_stem()
            .expect("case name")
            .to_string_lossy()
            .to_string();
        let mut case_settings = settings.clone();
        case_settings.set_input_file(path);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            case_settings.bind(|| run(&name, path));
        }));
        if outcome.is_err() {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "{} case(s) failed: {}",
        failed.len(),
        failed.join(", ")
    );
}
