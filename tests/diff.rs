//! `rules diff` where the inputs must be built at test time: a base read
//! from a git revision. Its rules and facts are the `kinds-of-change` case's
//! (tests/cases/diff/), never the shipped ones.

mod support;

use std::path::Path;
use std::process::Command;

use support::rules;

#[test]
fn the_base_can_be_a_git_revision() {
    let case = Path::new("tests/cases/diff/kinds-of-change");
    let dir = support::scratch("diff-git");
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
    support::write(
        &dir.join("rules/program.rules"),
        &std::fs::read_to_string(case.join("base.rules")).expect("base.rules"),
    );
    std::fs::copy(case.join("partners.ron"), dir.join("partners.ron")).expect("copy the facts");
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "rules as approved"]);
    std::fs::copy(case.join("new.rules"), dir.join("rules/program.rules"))
        .expect("change the rules");

    let run = rules([
        "diff",
        "--base",
        "git:main",
        "partners.ron",
        "--as-of",
        "2026-11-23",
    ])
    .dir(&dir)
    .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("big-cloud\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("1 organization loses Cloud Platform Gold"),
        "{}",
        run.stdout
    );

    // --why reads the rule changes from the same revision.
    let run = rules([
        "diff",
        "--base",
        "git:main",
        "partners.ron",
        "--as-of",
        "2026-11-23",
        "--why",
    ])
    .dir(&dir)
    .run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "Cloud Platform Gold, path `consumption`: revenue azure threshold $100,000 → \
             $150,000 — flips 1 organization"
        ),
        "{}",
        run.stdout
    );

    let run = rules(["diff", "--base", "git:no-such-branch", "partners.ron"])
        .dir(&dir)
        .run();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("input::git"), "{}", run.stderr);
}
