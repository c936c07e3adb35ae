//! The command line as a user sees it, as data. Each folder under
//! `tests/cases/<group>/` is a case: input files plus a `cmd` file of
//! command lines. Each line is run in the case folder with the built `rules`
//! binary; the snapshot (in `snapshots/<group>/`) reads like a terminal
//! transcript: the command, its exit status, what it printed. JSON output is
//! pretty-printed in the transcript, which also proves every line parses.

mod harness;

use std::path::Path;
use std::process::Command;

fn transcript(case: &Path) -> String {
    let commands = std::fs::read_to_string(case.join("cmd"))
        .unwrap_or_else(|e| panic!("{}: cannot read cmd: {e}", case.display()));
    let mut out = String::new();
    for line in commands
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            words[0],
            "rules",
            "{}: commands start with `rules`",
            case.display()
        );
        let output = Command::new(env!("CARGO_BIN_EXE_rules"))
            .args(&words[1..])
            .current_dir(case)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .expect("run rules");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("panicked"),
            "{}: `{line}` panicked:\n{stderr}",
            case.display()
        );
        out.push_str(&format!(
            "$ {line}\n[exit {}]\n",
            output.status.code().unwrap_or(-1)
        ));
        if line.contains("--format json") && output.status.success() {
            for json in stdout.lines() {
                let value: serde_json::Value = serde_json::from_str(json)
                    .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {json}", case.display()));
                out.push_str(&serde_json::to_string_pretty(&value).unwrap());
                out.push('\n');
            }
        } else {
            out.push_str(&stdout);
        }
        if !stderr.is_empty() {
            out.push_str("--- stderr\n");
            out.push_str(&stderr);
        }
        out.push('\n');
    }
    out
}

fn run_group(group: &str) {
    harness::for_each_case(&format!("tests/cases/{group}"), group, |name, path| {
        insta::assert_snapshot!(name.to_string(), transcript(path));
    });
}

#[test]
fn eval() {
    run_group("eval");
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
