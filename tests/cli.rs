//! The command line as a user sees it, as data. Each folder under
//! `tests/cases/<group>/` is a case: input files plus a `cmd` file of
//! command lines. Each line is run in the case folder with the built `rules`
//! binary; the snapshot (in `snapshots/<group>/`) reads like a terminal
//! transcript: the command, its exit status, what it printed. JSON output is
//! pretty-printed in the transcript, which also proves every line parses.
//! Cases that write files run in a copy of their folder.

mod support;

fn run_group(group: &str) {
    support::for_each_case(&format!("tests/cases/{group}"), group, |name, path| {
        insta::assert_snapshot!(name.to_string(), support::transcript(path));
    });
}

#[test]
fn eval() {
    run_group("eval");
}

#[test]
fn score() {
    run_group("score");
}

#[test]
fn gaps() {
    run_group("gaps");
}

#[test]
fn facts() {
    run_group("facts");
}

#[test]
fn membership() {
    run_group("membership");
}

#[test]
fn diff() {
    run_group("diff");
}

/// `rules test` writes snapshots (`--accept`, `--review`): each case runs
/// in a copy, so that the repository's cases stay as they are.
#[test]
fn test_command() {
    support::for_each_case("tests/cases/test-command", "test-command", |name, path| {
        let copy = support::scratch(&format!("test-command-{name}"));
        support::copy_folder(path, &copy);
        insta::assert_snapshot!(name.to_string(), support::transcript(&copy));
    });
}

#[test]
fn command_line() {
    run_group("command-line");
}

#[test]
fn check_lints() {
    run_group("check-lints");
}

#[test]
fn hostile() {
    run_group("hostile");
}
