//! `rules diff` where the inputs must be built at test time: a threshold
//! change over the repository's own samples and rules, and a base read from
//! a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh, empty folder under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rules-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch folder");
    dir
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// Raises Cloud Platform Gold's revenue threshold in a copy of `rules/`.
fn raise_gold_threshold(rules: &Path) {
    let file = rules.join("cloud-platform.rules");
    let text = std::fs::read_to_string(&file).expect("read cloud-platform.rules");
    let changed = text.replace(">= $100,000 over 12 months", ">= $150,000 over 12 months");
    assert_ne!(text, changed, "the Gold threshold is written as expected");
    std::fs::write(&file, changed).expect("write cloud-platform.rules");
}

fn rules_binary(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_rules"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rules");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_threshold_change_over_the_samples_names_who_loses_what() {
    let dir = scratch("samples");
    let new_rules = dir.join("rules");
    copy_folder(Path::new("rules"), &new_rules);
    raise_gold_threshold(&new_rules);
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (status, stdout, stderr) = rules_binary(
        crate_root,
        &[
            "diff",
            "--base",
            "rules",
            "--rules",
            new_rules.to_str().unwrap(),
            "examples/",
            "--fail-on-loss",
        ],
    );
    assert_eq!(status, 3, "an organization loses a level: {stderr}");
    insta::with_settings!({snapshot_path => crate_root.join("snapshots/diff"), prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("threshold-change-over-the-samples", stdout);
    });
}

#[test]
fn the_base_can_be_a_git_revision() {
    let dir = scratch("git");
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(&dir)
            .env("GIT_AUTHOR_NAME", "test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .output()
            .expect("git runs")
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    copy_folder(Path::new("rules"), &dir.join("rules"));
    copy_folder(Path::new("examples"), &dir.join("examples"));
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "rules as shipped"]);
    raise_gold_threshold(&dir.join("rules"));

    let (status, stdout, stderr) = rules_binary(&dir, &["diff", "--base", "git:main", "examples/"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("contoso — Contoso Ltd"), "{stdout}");
    assert!(
        stdout.contains("1 organization loses Cloud Platform Gold"),
        "{stdout}"
    );

    let (status, _, stderr) =
        rules_binary(&dir, &["diff", "--base", "git:no-such-branch", "examples/"]);
    assert_eq!(status, 1);
    assert!(stderr.contains("input::git"), "{stderr}");
}
