//! Crash safety: what the binary writes is never half-written or lost,
//! whenever it is killed, and a batch stopped by Ctrl-C cuts no line.
//!
//! - `rules fmt` and `rules test --accept` are run on a fresh copy of their
//!   files again and again, each time killed (SIGKILL) after a random short
//!   delay somewhere in the time a whole run takes. Every file must then
//!   hold either its old text or its new one (a snapshot that did not exist
//!   may still not exist); a temporary left beside a file by a process
//!   killed before its rename may remain, under a `.tmp` name nothing reads,
//!   until the next run that writes that file removes it (on Linux).
//! - `rules eval --format json` over a batch gets SIGINT after a random
//!   delay: what it printed is whole JSON lines only, and stderr says how
//!   many organizations it wrote, out of how many.
//!
//! The delays come from a seeded generator; a failure prints its seed, and
//! `CRASH_SEED=N` runs the same delays again (`CRASH_ROUNDS=N` runs more).

#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Delays from a seeded generator: the same seed, the same delays.
struct Delays(support::SplitMix64);

impl Delays {
    fn new(test: &str) -> Delays {
        let seed = match std::env::var("CRASH_SEED") {
            Ok(n) => n.trim().parse().expect("CRASH_SEED is a number"),
            Err(_) => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("after 1970")
                .as_nanos() as u64,
        };
        eprintln!("{test}: CRASH_SEED={seed}");
        Delays(support::SplitMix64(seed))
    }

    fn next(&mut self) -> u64 {
        self.0.next()
    }

    /// A delay up to `longest`, uniformly.
    fn up_to(&mut self, longest: Duration) -> Duration {
        let micros = longest.as_micros().max(1) as u64;
        Duration::from_micros(self.next() % micros)
    }

    /// A delay somewhere in a run that measured `whole` once: half the time
    /// anywhere in it, half the time in its later part, where these commands
    /// write (runs vary: some end before their delay).
    fn in_run(&mut self, whole: Duration) -> Duration {
        if self.next() % 2 == 0 {
            self.up_to(whole)
        } else {
            whole / 3 + self.up_to(whole.mul_f64(0.6))
        }
    }
}

fn rounds(default: usize) -> usize {
    std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(default)
}

fn binary(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rules"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Runs to the end; returns how long that took.
fn run_whole(args: &[&str], dir: &Path) -> Duration {
    let started = Instant::now();
    let status = binary(args, dir).status().expect("run the binary");
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "`rules {}` in {}: {status}",
        args.join(" "),
        dir.display()
    );
    started.elapsed()
}

/// Starts the binary and kills it (SIGKILL) after `delay`, unless it ended
/// before. Returns whether it was killed.
fn run_killed(args: &[&str], dir: &Path, delay: Duration) -> bool {
    let mut child = binary(args, dir).spawn().expect("start the binary");
    let deadline = Instant::now() + delay;
    loop {
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        std::thread::sleep((deadline - now).min(Duration::from_micros(200)));
    }
    child.kill().expect("kill the binary");
    let status = child.wait().expect("wait");
    status.code().is_none()
}

/// Every file under `dir` (recursively) by its path relative to `dir`.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read a file");
                out.insert(path.strip_prefix(dir).expect("below").to_path_buf(), bytes);
            }
        }
    }
    out
}

fn is_temporary(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tmp")
}

/// What a killed run left: every file is its old text or its new one, and
/// nothing else is there but temporaries. Returns how many files were new,
/// and how many temporaries were left.
fn check_old_or_new(
    found: &BTreeMap<PathBuf, Vec<u8>>,
    old: &BTreeMap<PathBuf, Vec<u8>>,
    new: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) -> (usize, usize) {
    let mut changed = 0;
    let mut temporaries = 0;
    for (path, bytes) in found {
        if is_temporary(path) {
            temporaries += 1;
            continue;
        }
        let was = old.get(path);
        let will = new.get(path);
        assert!(
            was.is_some() || will.is_some(),
            "{what}: {} is neither an old file nor a new one",
            path.display()
        );
        if Some(bytes) == will && was != will {
            changed += 1;
        } else {
            assert!(
                Some(bytes) == was,
                "{what}: {} holds neither its old text nor its new one ({} bytes; old {:?}, new {:?})",
                path.display(),
                bytes.len(),
                was.map(Vec::len),
                will.map(Vec::len)
            );
        }
    }
    for path in old.keys() {
        // A snapshot `--accept` deletes may be gone; nothing else.
        assert!(
            found.contains_key(path) || !new.contains_key(path),
            "{what}: {} was lost",
            path.display()
        );
    }
    (changed, temporaries)
}

/// Replaces `dir` by a copy of `from`.
fn fresh_copy(from: &Path, dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("clear the copy");
    }
    support::copy_folder(from, dir);
}

/// A rule file in a layout `rules fmt` changes: squeezed, odd spaces.
fn unformatted_rules(file: usize, competencies: usize) -> String {
    let mut text = format!("# file {file}\n");
    for c in 0..competencies {
        text.push_str(&format!(
            "competency c{file}_{c}   \"Competency {c}\" {{ silver {{ path p {{ revenue azure via [dpor,tpor] >= ${},000 over 12 months\n  2   people certified in [\"70-532\",\"70-533\"] of which 1 certified in [\"70-533\"]\n}} }}\n gold {{ path q \"Q\" {{ unique people\n 1 person certified in [\"70-532\"]\n 1 person assessed in [\"Azure IaaS\"] }} }} }}\n",
            c % 90 + 10
        ));
    }
    text
}

#[test]
fn fmt_killed_at_any_moment_leaves_each_file_old_or_new() {
    let root = support::scratch("crash/fmt");
    let original = root.join("original");
    for file in 0..30 {
        support::write(
            &original.join(format!("rules/f{file:02}.rules")),
            &unformatted_rules(file, 20),
        );
    }
    // What a whole run writes.
    let whole = root.join("whole");
    fresh_copy(&original, &whole);
    let took = run_whole(&["fmt", "rules"], &whole);
    let old = files_under(&original);
    let new = files_under(&whole);
    assert!(old.values().zip(new.values()).all(|(a, b)| a != b));

    let mut delays = Delays::new("fmt");
    let copy = root.join("copy");
    let (mut killed, mut partial, mut temporaries) = (0, 0, 0);
    for round in 0..rounds(20) {
        fresh_copy(&original, &copy);
        let delay = delays.in_run(took);
        killed += usize::from(run_killed(&["fmt", "rules"], &copy, delay));
        let what = format!("round {round}, killed after {delay:?}");
        let (changed, left) = check_old_or_new(&files_under(&copy), &old, &new, &what);
        partial += usize::from(changed > 0 && changed < new.len());
        temporaries += left;
        // The next run finishes the job and clears what the killed one left.
        run_whole(&["fmt", "rules"], &copy);
        let after = files_under(&copy);
        #[cfg(target_os = "linux")]
        assert!(
            !after.keys().any(|p| is_temporary(p)),
            "{what}: the next whole run left temporaries: {:?}",
            after.keys().filter(|p| is_temporary(p)).collect::<Vec<_>>()
        );
        let after: BTreeMap<PathBuf, Vec<u8>> = after
            .into_iter()
            .filter(|(p, _)| !is_temporary(p))
            .collect();
        assert!(
            after == new,
            "{what}: the next whole run did not finish the job"
        );
    }
    eprintln!(
        "fmt: a whole run took {took:?}; {killed} runs killed, {partial} of them between files, \
         {temporaries} temporaries left"
    );
}

/// A rule set for `rules test`, with Gold's revenue threshold as given.
fn test_rules(gold: &str) -> String {
    format!(
        "competency cloud \"Cloud\" {{\n  silver {{\n    path p {{\n      revenue azure >= $1,000\n    }}\n  }}\n  gold {{\n    path p {{\n      revenue azure >= {gold}\n      1 person certified in [\"70-532\"]\n    }}\n  }}\n}}\n"
    )
}

/// `count` organizations of one list file, with revenue from 0 to ~$20,000.
fn test_orgs(count: usize) -> String {
    let orgs: Vec<String> = (0..count)
        .map(|i| {
            format!(
                "Organization(id: \"org-{i:04}\", as_of: Some(\"2026-06-30\"), metrics: [Metric(kind: Revenue, workload: \"azure\", value: {}, date: \"2026-05-01\")], people: [Person(id: \"p{i}\", associated: \"2025-01-01T00:00:00Z\", achievements: [Achievement(kind: Exam, code: \"70-532\", passed: \"2025-06-01\")])])",
                (i * 97) % 20_000
            )
        })
        .collect();
    format!("[\n{}\n]\n", orgs.join(",\n"))
}

#[test]
fn test_accept_killed_at_any_moment_leaves_each_snapshot_old_or_new() {
    let root = support::scratch("crash/test-accept");
    let original = root.join("original");
    support::write(&original.join("rules/program.rules"), &test_rules("$5,000"));
    support::write(&original.join("raised.rules"), &test_rules("$15,000"));
    support::write(&original.join("cases/many/orgs.ron"), &test_orgs(200));
    // Some snapshots are approved under the first rules; a few organizations are new.
    run_whole(&["test", "cases", "--accept"], &original);
    for snapshot in files_under(&original.join("snapshots"))
        .keys()
        .filter(|p| p.to_string_lossy().ends_with("7.snap"))
    {
        std::fs::remove_file(original.join("snapshots").join(snapshot)).expect("remove");
    }
    std::fs::copy(
        original.join("raised.rules"),
        original.join("rules/program.rules"),
    )
    .expect("raise the threshold");

    let args = ["test", "cases", "--accept"];
    let whole = root.join("whole");
    fresh_copy(&original, &whole);
    let took = run_whole(&args, &whole);
    let old = files_under(&original.join("snapshots"));
    let new = files_under(&whole.join("snapshots"));
    let differing = new.iter().filter(|(p, b)| old.get(*p) != Some(b)).count();
    assert!(
        differing > 50,
        "the raised threshold changes many snapshots"
    );

    let mut delays = Delays::new("test --accept");
    let copy = root.join("copy");
    let (mut killed, mut partial, mut temporaries) = (0, 0, 0);
    for round in 0..rounds(20) {
        fresh_copy(&original, &copy);
        let delay = delays.in_run(took);
        killed += usize::from(run_killed(&args, &copy, delay));
        let what = format!("round {round}, killed after {delay:?}");
        let found = files_under(&copy.join("snapshots"));
        let (changed, left) = check_old_or_new(&found, &old, &new, &what);
        partial += usize::from(changed > 0 && changed < differing);
        temporaries += left;
    }
    eprintln!(
        "test --accept: a whole run took {took:?}; {killed} runs killed, {partial} of them \
         between snapshots, {temporaries} temporaries left"
    );
}

#[test]
fn a_batch_stopped_by_ctrl_c_prints_whole_lines_and_says_how_far_it_got() {
    let root = support::scratch("crash/sigint");
    let rules = root.join("rules.rules");
    support::write(&rules, &test_rules("$5,000"));
    let facts = root.join("orgs.ron");
    support::write(&facts, &test_orgs(4000));
    let rules = rules.to_str().expect("a UTF-8 path");
    let facts = facts.to_str().expect("a UTF-8 path");
    let args = ["eval", facts, "--rules", rules, "--format", "json"];
    let took = run_whole(&args, &root);

    let mut delays = Delays::new("eval, Ctrl-C");
    let (mut interrupted, mut lines_seen) = (0, 0);
    for round in 0..rounds(12) {
        let delay = delays.up_to(took);
        let mut child = binary(&args, &root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the binary");
        let read = |pipe: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let mut pipe = pipe;
                pipe.read_to_end(&mut bytes).expect("read a pipe");
                bytes
            })
        };
        let out = read(Box::new(child.stdout.take().expect("stdout")));
        let err = read(Box::new(child.stderr.take().expect("stderr")));
        std::thread::sleep(delay);
        // SAFETY: kill(2) with the id of a child not yet waited for.
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGINT);
        }
        let status = child.wait().expect("wait");
        let out = String::from_utf8(out.join().expect("stdout")).expect("UTF-8");
        let err = String::from_utf8(err.join().expect("stderr")).expect("UTF-8");
        let what = format!("round {round}, SIGINT after {delay:?} ({status})");
        assert!(
            out.is_empty() || out.ends_with('\n'),
            "{what}: stdout ends mid-line: …{}",
            &out[out.len().saturating_sub(80)..]
        );
        for line in out.lines() {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(line) {
                panic!("{what}: a line is not JSON ({e}): {line}");
            }
        }
        let lines = out.lines().count();
        match status.code() {
            // Stopped while counting the organizations: none evaluated.
            Some(130) if err.contains("interrupted while reading the facts a first time") => {
                assert_eq!(lines, 0, "{what}");
            }
            // Stopped between two organizations: it says how far it got.
            Some(130) => {
                interrupted += 1;
                lines_seen += lines;
                let said = format!("interrupted: {} of 4,000 organizations written", {
                    rules::number::grouped(lines.into())
                });
                assert!(
                    err.contains(&said),
                    "{what}: stderr does not say {said:?}:\n{err}"
                );
            }
            // Done before the signal came.
            Some(0) => assert_eq!(lines, 4000, "{what}"),
            // Before the handler was set (loading the rules): ended at once, having printed nothing.
            None => assert_eq!(lines, 0, "{what}"),
            Some(other) => panic!("{what}: status {other}:\n{err}"),
        }
    }
    eprintln!(
        "eval: a whole run took {took:?}; {interrupted} runs interrupted, {lines_seen} whole lines among them"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_temporary_left_by_a_killed_run_is_removed_by_the_next() {
    let dir = support::scratch("crash/leftover");
    support::write(&dir.join("rules/a.rules"), &unformatted_rules(0, 2));
    // As a run killed before its rename leaves it: no process has that id
    // (ids stop below 2^22 on Linux).
    let dead = dir.join("rules/a.rules.99999999.tmp");
    support::write(&dead, "competency half");
    // One of a process still running (the init process) is left alone.
    let running = dir.join("rules/a.rules.1.tmp");
    support::write(&running, "competency being written");
    run_whole(&["fmt", "rules"], &dir);
    assert!(!dead.exists(), "the dead run's temporary is still there");
    assert!(
        running.exists(),
        "a running process's temporary was removed"
    );
    let text = std::fs::read_to_string(dir.join("rules/a.rules")).expect("the rules");
    assert!(
        text.starts_with("# file 0\ncompetency c0_0 \"Competency 0\" {\n"),
        "{text}"
    );
}
