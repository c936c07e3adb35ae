//! `rules diff` where the inputs must be built at test time: a threshold
//! change over the repository's own samples and rules, and a base read from
//! a git revision.

mod support;

use std::path::Path;
use std::process::Command;

use support::{rules, scratch};

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

#[test]
fn a_threshold_change_over_the_samples_names_who_loses_what() {
    let dir = scratch("diff-samples");
    let new_rules = dir.join("rules");
    copy_folder(Path::new("rules"), &new_rules);
    raise_gold_threshold(&new_rules);
    let run = rules([
        "diff".as_ref(),
        "--base".as_ref(),
        "rules".as_ref(),
        "--rules".as_ref(),
        new_rules.as_os_str(),
        "examples/".as_ref(),
        "--fail-on-loss".as_ref(),
    ])
    .run();
    assert_eq!(
        run.status, 3,
        "an organization loses a level: {}",
        run.stderr
    );
    insta::with_settings!({snapshot_path => support::root().join("snapshots/diff"), prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("threshold-change-over-the-samples", run.stdout);
    });
}

#[test]
fn the_base_can_be_a_git_revision() {
    let dir = scratch("diff-git");
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

    let run = rules(["diff", "--base", "git:main", "examples/"])
        .dir(&dir)
        .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("contoso — Contoso Ltd"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("1 organization loses Cloud Platform Gold"),
        "{}",
        run.stdout
    );

    let run = rules(["diff", "--base", "git:no-such-branch", "examples/"])
        .dir(&dir)
        .run();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("input::git"), "{}", run.stderr);
}
