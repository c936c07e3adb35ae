//! Hostile inputs that are made at run time (too large to commit, or file
//! system states git cannot hold: symbolic-link loops, unreadable files,
//! empty folders), and one run of the binary over the whole hostile corpus:
//! every command of `tests/cases/hostile/` and every input of
//! `tests/hostile/inputs/` (crash inputs found by fuzzing or by hand, in
//! the format of the fuzz target named by their folder). Whatever the input,
//! the command must end within a time limit, with exit status 0, 1 or 2, and
//! never print a panic.
//!
//! Unix only: symbolic links, permissions and devices are made the Unix way.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rules::diagnostics::{Diagnostics, Style};
use rules::facts::split::split_text;
use rules::facts::tokens::Format;
use rules::source::SourceFile;
use support::{Run, write};

/// Generous, so that a loaded machine never makes it flake: the point is
/// hangs, not speed (speed has its own, looser, checks below).
const LIMIT: Duration = Duration::from_secs(10);

/// Runs the binary in `dir` with a time limit; fails on a panic, an exit
/// status other than 0, 1 or 2, or a run over the limit.
fn run_in(dir: &Path, args: &[&str], limit: Duration) -> Run {
    survived(support::rules(args).dir(dir).limit(limit).run(), dir, args)
}

/// A run that ended as every run must: with status 0, 1 or 2 (the shared
/// runner already refuses panics, signals and hangs).
fn survived(run: Run, dir: &Path, args: &[&str]) -> Run {
    assert!(
        matches!(run.status, 0..=2),
        "`rules {}` in {} exited with {}:\n{}",
        args.join(" "),
        dir.display(),
        run.status,
        run.stderr
    );
    run
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    support::scratch(&format!("hostile/{name}"))
}

const ONE_RULE: &str = "competency devops \"DevOps\" {\n    silver {\n        path p {\n            1 person certified in [\"a\"]\n        }\n    }\n}\n";
const ONE_ORG: &str = "Organization(id: \"o\", people: [Person(id: \"a\", associated: \"2026-01-01T00:00:00Z\", achievements: [Achievement(kind: Exam, code: \"a\", passed: \"2026-02-01\")])])\n";

/// Held by the tests that run large inputs, one at a time: side by side on
/// a small machine, each would take the others past their time limits.
fn heavy() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A wall-clock bound for work that is linear in its input: loose in debug
/// builds (and on a busy machine), tighter in release.
fn size_limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(60)
    } else {
        Duration::from_secs(5)
    }
}

// ------------------------------------------------------------ large files

#[test]
fn a_ten_megabyte_rule_file_checks_in_seconds() {
    let _heavy = heavy();
    let dir = scratch("ten-megabytes");
    let competency = |i: usize| {
        format!(
            "competency c{i} \"Competency {i}\" {{\n    silver {{\n        path p \"Path\" {{\n            unique people\n            revenue azure via [dpor, tpor] >= $15,000 (developing $10,000) over 12 months\n            2 people certified in all [\"70-532\", \"70-533\"] of which 1 assessed in [\"Azure IaaS\"]\n            1 person (certified in [\"a\"] or assessed in [\"b\"]) and certified in [\"c\"]\n        }}\n        benefits [\"Action Pack internal-use rights\", \"5 support incidents\"]\n    }}\n}}\n"
        )
    };
    let mut text = String::with_capacity(10_100_000);
    let mut count = 0;
    while text.len() < 10_000_000 {
        text.push_str(&competency(count));
        count += 1;
    }
    write(&dir.join("big.rules"), &text);
    let run = run_in(&dir, &["check", "big.rules"], size_limit());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("{count} competencies")),
        "{}",
        run.stdout
    );
    // Indented with tabs, every line changes when formatted: the diff must
    // not take minutes (a minimal diff of so many changes did: 2 MB took
    // 16 s in release, 10 MB over two minutes). 2 MB keeps the test short.
    let two_megabytes: String = (0..count / 5).map(competency).collect();
    write(
        &dir.join("tabs.rules"),
        &two_megabytes.replace("    ", "\t"),
    );
    let run = run_in(&dir, &["fmt", "--check", "tabs.rules"], size_limit());
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("--- a/tabs.rules"),
        "{}",
        &run.stdout[..200]
    );
    // The same size with a syntax error at its very end, on one line.
    let line = format!(
        "competency c \"{}\" {{ silver {{ path p {{ oops }} }} }}",
        "x".repeat(10_000_000)
    );
    write(&dir.join("one-line.rules"), &line);
    let run = run_in(&dir, &["check", "one-line.rules"], size_limit());
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("rules::syntax"), "{}", run.stderr);
    assert!(
        run.stderr.len() < 100_000,
        "the diagnostic shows an excerpt, not the whole line ({} bytes)",
        run.stderr.len()
    );
}

#[test]
fn a_level_with_thousands_of_paths_is_linted_in_seconds() {
    let _heavy = heavy();
    let dir = scratch("many-paths");
    let mut text = String::from("competency c \"C\" {\n    silver {\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "        path p{i} {{\n            revenue azure >= ${}\n            1 person certified in [\"c{i}\"]\n        }}\n",
            i + 1
        ));
    }
    text.push_str("    }\n}\n");
    write(&dir.join("paths.rules"), &text);
    let run = run_in(&dir, &["check", "paths.rules"], size_limit());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("lint::too_many_paths"),
        "{}",
        run.stderr
    );
    // One code list of 200,000 codes, and 100,000 overrides.
    let codes: Vec<String> = (0..200_000)
        .map(|i| format!("\"c{i}\", \"c{i}\""))
        .collect();
    let mut text = format!(
        "competency c \"C\" {{ silver {{ path p {{ 1 person certified in [{}] }} }} }}\n",
        codes.join(", ")
    );
    for i in 0..100_000 {
        text.push_str(&format!(
            "override \"org{i}\" c silver until 2027-01-01 because \"r\"\n"
        ));
    }
    write(&dir.join("lists.rules"), &text);
    let run = run_in(&dir, &["check", "lists.rules"], size_limit());
    assert_eq!(
        run.status,
        0,
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    assert!(run.stdout.contains("100000 overrides"), "{}", run.stdout);
}

#[test]
fn twenty_thousand_people_in_a_unique_people_path_are_matched_in_seconds() {
    let _heavy = heavy();
    let dir = scratch("many-people");
    let people: Vec<String> = (0..20_000)
        .map(|i| {
            format!(
                "Person(id: \"p{i}\", associated: \"2020-01-01T00:00:00Z\", achievements: [Achievement(kind: Exam, code: \"a\", passed: \"2020-01-0{}\", expires: Some(\"2027-0{}-01\")), Achievement(kind: Exam, code: \"b\", passed: \"2020-01-01\")])",
                1 + i % 9,
                1 + i % 9
            )
        })
        .collect();
    write(
        &dir.join("org.ron"),
        &format!("Organization(id: \"o\", people: [{}])", people.join(",\n")),
    );
    write(
        &dir.join("case.rules"),
        "competency c \"C\" {\n    silver {\n        path p {\n            unique people\n            4000000000 people certified in [\"a\"]\n            3 people certified in [\"b\"] of which 1 certified in [\"a\"]\n        }\n    }\n}\n",
    );
    let run = run_in(
        &dir,
        &[
            "eval",
            "org.ron",
            "--rules",
            "case.rules",
            "--as-of",
            "2026-11-23",
        ],
        size_limit(),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("4000000003 distinct people needed, 20000 found"),
        "everyone is counted toward one requirement or the other:\n{}",
        &run.stdout[..run.stdout.len().min(3000)]
    );
}

#[test]
fn a_fact_file_nested_a_million_deep_is_refused_in_seconds() {
    let dir = scratch("deep-facts");
    write(&dir.join("case.rules"), ONE_RULE);
    let deep = |open: &str, close: &str| {
        format!(
            "Organization(id: \"o\", people: {}{})",
            open.repeat(1_000_000),
            close.repeat(1_000_000)
        )
    };
    write(&dir.join("brackets.ron"), &deep("[", "]"));
    write(&dir.join("unclosed.ron"), &deep("[", ""));
    write(&dir.join("somes.ron"), &deep("Some(", ")"));
    write(&dir.join("list.ron"), &format!("[{}]", deep("(", ")")));
    for file in ["brackets.ron", "unclosed.ron", "somes.ron", "list.ron"] {
        let run = run_in(
            &dir,
            &[
                "eval",
                file,
                "--rules",
                "case.rules",
                "--as-of",
                "2026-11-23",
            ],
            size_limit(),
        );
        assert_eq!(run.status, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains("facts::"), "{file}: {}", run.stderr);
    }
}

#[test]
fn a_renewal_outlook_over_thousands_of_change_dates_looks_all_the_way() {
    let _heavy = heavy();
    let dir = scratch("many-change-dates");
    // Each of 12,000 people's certification expires on a day of its own,
    // and the outlook would look 1,000 months ahead.
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
    let people: Vec<String> = (0..12_000u64)
        .map(|i| {
            format!(
                "Person(id: \"p{i}\", associated: \"2020-01-01T00:00:00Z\", achievements: [Achievement(kind: Exam, code: \"a\", passed: \"2020-01-01\", expires: Some(\"{}\"))])",
                first + chrono::Days::new(i)
            )
        })
        .collect();
    write(
        &dir.join("org.ron"),
        &format!("Organization(id: \"o\", people: [{}])", people.join(",\n")),
    );
    write(
        &dir.join("case.rules"),
        "settings { subscription 1000 months }\ncompetency c \"C\" { silver { path p { 1 person certified in [\"a\"] } } }\n",
    );
    let run = run_in(
        &dir,
        &[
            "eval",
            "org.ron",
            "--rules",
            "case.rules",
            "--as-of",
            "2026-11-23",
        ],
        size_limit(),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Every change date is looked at: the level lapses when the last
    // certification expires, 11,999 days after the first.
    let outlook = &run.stdout[run.stdout.find("Renewal").unwrap_or(0)..];
    assert!(
        outlook.contains("C Silver lapses on 2059-10-02"),
        "{}",
        &outlook[..outlook.len().min(300)]
    );
}

// ------------------------------------------------- tens of megabytes
//
// The release-mode figures at full size (a 2 GB fact file, a million people
// in one organization) are in the README ("Hostile sizes"), with the
// commands that measure them; these are the same behaviours at a size a
// test run can afford.

/// Runs the binary with its standard output going to `out`, and returns
/// the run (its stdout empty) and its peak memory in kilobytes, sampled
/// from `/proc` while it runs (the high-water mark only grows, so the last
/// sample before it ends is its peak, near enough).
#[cfg(target_os = "linux")]
fn run_measured(dir: &Path, args: &[&str], out: &Path) -> (Run, u64) {
    use std::process::{Command, Stdio};
    use std::time::Instant;
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rules"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(out).expect("output file"))
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the binary");
    let stderr = child.stderr.take().expect("stderr");
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > support::DEFAULT_LIMIT * 3 {
            child.kill().ok();
            panic!(
                "`rules {}` ran over {:?}",
                args.join(" "),
                support::DEFAULT_LIMIT * 3
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        status: status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: err.join().expect("stderr"),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(peak > 0, "no memory figure was read from {status_file}");
    (run, peak)
}

#[cfg(not(target_os = "linux"))]
#[test]
fn memory_behaviour_tests_need_linux() {
    eprintln!(
        "NOT RUN: the flat-memory tests read a process's peak memory from /proc, \
         which only Linux has; run them on Linux"
    );
}

/// `rules generate` into `dir/name`; returns the file's size in bytes.
fn generate(dir: &Path, name: &str, args: &[&str]) -> u64 {
    let mut all = vec!["generate", "--as-of", "2026-11-23"];
    all.extend_from_slice(args);
    let run = run_in(dir, &all, support::DEFAULT_LIMIT);
    assert_eq!(run.status, 0, "{}", run.stderr);
    write(&dir.join(name), &run.stdout);
    run.stdout.len() as u64
}

#[cfg(target_os = "linux")]
#[test]
fn tens_of_megabytes_of_facts_stream_in_flat_memory() {
    let _heavy = heavy();
    let dir = scratch("streamed");
    support::copy_folder(&support::root().join("rules"), &dir.join("rules"));
    let small = generate(
        &dir,
        "small.jsonl",
        &["--count", "6000", "--format", "jsonl"],
    );
    let large = generate(
        &dir,
        "large.jsonl",
        &["--count", "24000", "--format", "jsonl"],
    );
    assert!(large > 60_000_000, "the large file is {large} bytes");
    let mut peaks = Vec::new();
    for file in ["small.jsonl", "large.jsonl"] {
        for detail in ["verdict", "full"] {
            let out = dir.join(format!("{file}.{detail}.out"));
            let args = ["eval", file, "--format", "json", "--detail", detail];
            let (run, peak) = run_measured(&dir, &args, &out);
            assert_eq!(run.status, 0, "{}", run.stderr);
            let lines = std::fs::read_to_string(&out)
                .expect("output")
                .lines()
                .count();
            let count = if file == "small.jsonl" { 6000 } else { 24000 };
            assert_eq!(lines, count, "one line per organization");
            eprintln!("{file} ({detail}): {peak} kB");
            peaks.push(peak);
        }
    }
    let [small_verdict, small_full, large_verdict, large_full] = peaks[..] else {
        unreachable!()
    };
    // Four times the organizations: memory stays where it was (organizations
    // are read, evaluated and written a few at a time), and well below the
    // file's own size.
    for (what, small_peak, large_peak) in [
        ("verdict", small_verdict, large_verdict),
        ("full", small_full, large_full),
    ] {
        assert!(
            large_peak < small_peak * 3 / 2 + 8_000,
            "{what}: {small_peak} kB for {small} bytes of facts, {large_peak} kB for {large}"
        );
        assert!(
            large_peak * 1024 < large / 2,
            "{what}: {large_peak} kB for {large} bytes of facts"
        );
    }
}

#[test]
fn a_hundred_thousand_people_in_one_organization_are_explained() {
    let _heavy = heavy();
    let dir = scratch("hundred-thousand-people");
    support::copy_folder(&support::root().join("rules"), &dir.join("rules"));
    let size = generate(&dir, "big.ron", &["--count", "1", "--people", "100000"]);
    assert!(size > 30_000_000, "{size} bytes");
    // Everyone is read and matched; the explanation names who counted.
    let run = run_in(
        &dir,
        &["eval", "big.ron", "--format", "json"],
        support::DEFAULT_LIMIT,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().expect("one organization");
    let outcome: serde_json::Value = serde_json::from_str(first).expect("JSON");
    let people = outcome["people"].as_array().expect("people").len();
    assert_eq!(people, 100_000, "every person has a standing");
    let counted_somewhere = outcome["competencies"]
        .as_array()
        .expect("competencies")
        .iter()
        .flat_map(|c| ["silver", "gold"].map(|l| &c[l]))
        .flat_map(|level| level["paths"].as_array().into_iter().flatten())
        .flat_map(|path| path["requirements"].as_array().into_iter().flatten())
        .filter_map(|r| r["people"].as_array())
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    assert!(
        counted_somewhere > 1000,
        "a requirement counts thousands of people ({counted_somewhere})"
    );
    // In text, the same, with the people named.
    let run = run_in(&dir, &["eval", "big.ron"], support::DEFAULT_LIMIT);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("counted: Person"),
        "{}",
        &run.stdout[..2000]
    );
}

#[test]
fn a_rule_set_of_ten_thousand_competencies_works_end_to_end() {
    let _heavy = heavy();
    let dir = scratch("ten-thousand-competencies");
    let rules = |gold_people: usize| -> String {
        (0..10_000)
            .map(|i| {
                format!(
                    "competency c{i} \"Competency {i}\" {{\n    silver {{\n        path p {{\n            {} certified in [\"code-{}\"]\n            revenue azure >= ${},000\n        }}\n    }}\n    gold {{\n        path q {{\n            {} people certified in [\"code-{}\", \"code-{}\"]\n        }}\n    }}\n}}\n",
                    ["1 person", "2 people", "3 people"][i % 3],
                    i % 50,
                    i % 7 + 1,
                    gold_people + i % 3,
                    i % 50,
                    (i + 1) % 50
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    write(&dir.join("many.rules"), &rules(3));
    write(&dir.join("changed.rules"), &rules(4));
    let run = run_in(
        &dir,
        &["check", "--deny", "warnings", "many.rules"],
        size_limit(),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("10000 competencies, 20000 paths"),
        "{}",
        run.stdout
    );
    let run = run_in(&dir, &["fmt", "--check", "many.rules"], size_limit());
    assert_eq!(
        run.status, 0,
        "the generated text is formatted: {}",
        run.stdout
    );
    let generate_args = ["--count", "4", "--people", "20", "--rules", "many.rules"];
    generate(&dir, "orgs.ron", &generate_args);
    // A full explanation is megabytes here: however many organizations,
    // only a few of them are held at once.
    #[cfg(target_os = "linux")]
    {
        let forty = ["--count", "40", "--people", "20", "--rules", "many.rules"];
        generate(&dir, "forty.ron", &forty);
        let one = ["--count", "1", "--people", "20", "--rules", "many.rules"];
        generate(&dir, "one.ron", &one);
        let mut peaks = Vec::new();
        for file in ["one.ron", "forty.ron"] {
            let args = ["eval", file, "--rules", "many.rules", "--format", "json"];
            let (run, peak) = run_measured(&dir, &args, &dir.join(format!("{file}.json")));
            assert_eq!(run.status, 0, "{}", run.stderr);
            peaks.push(peak);
        }
        eprintln!(
            "peak memory: one organization {} kB, forty {} kB",
            peaks[0], peaks[1]
        );
        assert!(
            peaks[1] < peaks[0] * 3,
            "forty organizations took {} kB, one {} kB",
            peaks[1],
            peaks[0]
        );
    }
    let run = run_in(
        &dir,
        &[
            "eval",
            "orgs.ron",
            "--rules",
            "many.rules",
            "--format",
            "json",
        ],
        support::DEFAULT_LIMIT,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    for line in run.stdout.lines().take(4) {
        let outcome: serde_json::Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(
            outcome["competencies"].as_array().map(Vec::len),
            Some(10_000)
        );
    }
    let run = run_in(
        &dir,
        &["eval", "orgs.ron", "--rules", "many.rules", "--summary"],
        support::DEFAULT_LIMIT,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = run_in(
        &dir,
        &[
            "diff",
            "orgs.ron",
            "--base",
            "many.rules",
            "--rules",
            "changed.rules",
            "--why",
        ],
        support::DEFAULT_LIMIT,
    );
    assert!(matches!(run.status, 0 | 3), "{}", run.stderr);
    assert!(
        run.stdout.contains("gold"),
        "every Gold threshold rose by one person:\n{}",
        &run.stdout[..run.stdout.len().min(3000)]
    );
}

// ------------------------------------------------------------ file system

#[test]
fn symbolic_link_loops_in_a_rules_folder_are_walked_once() {
    let dir = scratch("symlink-loops");
    write(&dir.join("rules/devops.rules"), ONE_RULE);
    write(&dir.join("org.ron"), ONE_ORG);
    std::os::unix::fs::symlink(".", dir.join("rules/again")).expect("symlink");
    std::fs::create_dir_all(dir.join("rules/sub")).expect("folder");
    std::os::unix::fs::symlink("..", dir.join("rules/sub/up")).expect("symlink");
    let run = run_in(&dir, &["check", "rules"], LIMIT);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("1 competency"), "{}", run.stdout);
    let run = run_in(
        &dir,
        &[
            "eval",
            "org.ron",
            "--rules",
            "rules",
            "--as-of",
            "2026-11-23",
        ],
        LIMIT,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);

    // A link to itself, named like a rule file: a diagnostic naming it.
    std::os::unix::fs::symlink("self.rules", dir.join("rules/self.rules")).expect("symlink");
    let run = run_in(&dir, &["check", "rules"], LIMIT);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("input::unreadable") && run.stderr.contains("self.rules"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_named_like_a_fact_file() {
    let dir = scratch("folder-named-ron");
    write(&dir.join("case.rules"), ONE_RULE);
    write(&dir.join("facts/a.ron"), ONE_ORG);
    std::fs::create_dir_all(dir.join("facts/x.ron")).expect("folder");
    // Inside a facts folder, an empty folder named `x.ron` holds nothing to read.
    let run = run_in(
        &dir,
        &[
            "eval",
            "facts",
            "--rules",
            "case.rules",
            "--as-of",
            "2026-11-23",
        ],
        LIMIT,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Named as the target, it is a folder without fact files.
    let run = run_in(
        &dir,
        &[
            "eval",
            "facts/x.ron",
            "--rules",
            "case.rules",
            "--as-of",
            "2026-11-23",
        ],
        LIMIT,
    );
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("input::no_files"), "{}", run.stderr);
    // And given as the one rule file.
    let run = run_in(&dir, &["check", "facts/x.ron"], LIMIT);
    assert_eq!(run.status, 1);
}

#[test]
fn devices_and_pipes_are_refused_not_read_forever() {
    let dir = scratch("devices");
    write(&dir.join("case.rules"), ONE_RULE);
    write(&dir.join("org.ron"), ONE_ORG);
    for args in [
        &["eval", "/dev/zero", "--rules", "case.rules"][..],
        &["eval", "org.ron", "--rules", "/dev/urandom"],
        &["check", "/dev/zero"],
        &["fmt", "--check", "/dev/zero"],
    ] {
        let run = run_in(&dir, args, LIMIT);
        assert_eq!(run.status, 1, "{args:?}");
        assert!(
            run.stderr.contains("input::device"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // A link to a device inside a rules folder.
    write(&dir.join("rules/devops.rules"), ONE_RULE);
    std::os::unix::fs::symlink("/dev/zero", dir.join("rules/zero.rules")).expect("symlink");
    let run = run_in(&dir, &["check", "rules"], LIMIT);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("input::device"), "{}", run.stderr);
    // A named pipe as the facts: read twice, so refused rather than read
    // once and evaluated as nothing.
    make_fifo(&dir.join("facts.ron"));
    let run = run_in(&dir, &["eval", "facts.ron", "--rules", "case.rules"], LIMIT);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("input::pipe"), "{}", run.stderr);
    // In a rules folder, where no one may ever write to it.
    make_fifo(&dir.join("rules/pipe.rules"));
    std::fs::remove_file(dir.join("rules/zero.rules")).expect("remove");
    let run = run_in(&dir, &["check", "rules"], LIMIT);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("input::pipe"), "{}", run.stderr);
}

/// Makes a named pipe at `path` with mkfifo(3): no external program needed.
fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileTypeExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("a path without NUL");
    // SAFETY: `name` is a NUL-terminated string that outlives the call.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(
        made,
        0,
        "mkfifo {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
    let kind = std::fs::symlink_metadata(path)
        .expect("the pipe")
        .file_type();
    assert!(kind.is_fifo(), "{} is not a named pipe", path.display());
}

/// The user and group `nobody` has on Linux and the BSDs.
const NOBODY: u32 = 65534;

#[test]
fn unreadable_files_get_a_diagnostic() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unreadable");
    write(&dir.join("rules/devops.rules"), ONE_RULE);
    write(&dir.join("org.ron"), ONE_ORG);
    let lock = |path: &Path| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).expect("chmod")
    };
    lock(&dir.join("rules/devops.rules"));
    lock(&dir.join("org.ron"));
    // Root (as this test often runs, in CI too) reads files whatever their
    // permissions: then the binary runs as `nobody`, for whom they are
    // unreadable. If the switch is not allowed, starting it fails the test.
    let as_root = std::fs::read(dir.join("org.ron")).is_ok();
    let run = |args: &[&str]| {
        let command = support::rules(args).dir(&dir).limit(LIMIT);
        let command = if as_root {
            command.user(NOBODY, NOBODY)
        } else {
            command
        };
        survived(command.run(), &dir, args)
    };
    let unreadable = |run: &Run, file: &str| {
        assert_eq!(run.status, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("permission denied") && run.stderr.contains(file),
            "{file} is named as unreadable:\n{}",
            run.stderr
        );
    };
    unreadable(&run(&["check", "rules"]), "rules/devops.rules");
    unreadable(&run(&["fmt", "--check", "rules"]), "rules/devops.rules");
    unreadable(
        &run(&["eval", "org.ron", "--rules", "rules"]),
        "rules/devops.rules",
    );
    // The rules readable again, the facts are what cannot be read.
    std::fs::set_permissions(
        dir.join("rules/devops.rules"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    unreadable(&run(&["eval", "org.ron", "--rules", "rules"]), "org.ron");
    // The same user reads them once they are readable: it was the permissions.
    support::make_removable(&dir);
    let run_eval = run(&[
        "eval",
        "org.ron",
        "--rules",
        "rules",
        "--as-of",
        "2026-11-23",
    ]);
    assert_eq!(run_eval.status, 0, "{}", run_eval.stderr);
}

// ------------------------------------------------------------ the corpus

/// Every command of every hostile transcript case, run with the limits.
#[test]
fn the_binary_survives_every_hostile_case() {
    let mut ran = 0;
    for case in support::entries("tests/cases/hostile") {
        for line in support::command_lines(&case) {
            let args = support::arguments(&case, &line);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run_in(&case, &args, LIMIT);
            ran += 1;
        }
    }
    assert!(ran >= 30, "only {ran} hostile commands found");
}

/// Every regression input, through the binary as a user would give it.
#[test]
fn the_binary_survives_every_regression_input() {
    let dir = scratch("regression-inputs");
    write(&dir.join("one.rules"), ONE_RULE);
    let mut ran = 0;
    for (target, input) in regression_inputs() {
        let bytes = std::fs::read(&input).expect("input");
        let name = input
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let case = dir.join(&name);
        std::fs::create_dir_all(&case).expect("folder");
        match target.as_str() {
            "rules_text" => {
                std::fs::write(case.join("x.rules"), &bytes).expect("write");
                run_in(&case, &["check", "x.rules"], LIMIT);
                run_in(&case, &["fmt", "--check", "x.rules"], LIMIT);
            }
            "facts_text" => {
                std::fs::write(case.join("x.ron"), &bytes).expect("write");
                let one = dir.join("one.rules");
                let one = one.to_str().expect("path");
                run_in(
                    &case,
                    &["eval", "x.ron", "--rules", one, "--as-of", "2026-11-23"],
                    LIMIT,
                );
            }
            "evaluate" => {
                let (rules, facts) = split_at_nul(&bytes);
                std::fs::write(case.join("x.rules"), rules).expect("write");
                std::fs::write(case.join("x.ron"), facts).expect("write");
                run_in(&case, &["check", "x.rules"], LIMIT);
                run_in(&case, &["fmt", "--check", "x.rules"], LIMIT);
                for format in ["text", "json"] {
                    run_in(
                        &case,
                        &["eval", "x.ron", "--rules", "x.rules", "--format", format],
                        LIMIT,
                    );
                    run_in(
                        &case,
                        &[
                            "eval",
                            "x.ron",
                            "--rules",
                            "x.rules",
                            "--format",
                            format,
                            "--as-of",
                            "2026-11-23",
                        ],
                        LIMIT,
                    );
                }
            }
            other => panic!("tests/hostile/inputs/{other}: not a fuzz target's name"),
        }
        ran += 1;
    }
    assert!(ran > 0, "no regression inputs found");
}

/// The same inputs through the library, the way the fuzz targets call it,
/// so that a regression shows its panic message and backtrace directly;
/// and the formatter's answer to rule text is checked, not only survived.
#[test]
fn the_library_survives_every_regression_input() {
    let mut failed = Vec::new();
    for (target, input) in regression_inputs() {
        let bytes = std::fs::read(&input).expect("input");
        let outcome = std::panic::catch_unwind(|| match target.as_str() {
            "rules_text" => rules_text(&bytes),
            "facts_text" => facts_text(&bytes),
            _ => {
                let (rules, facts) = split_at_nul(&bytes);
                rules_text(rules);
                facts_text(facts);
                evaluate(rules, facts);
            }
        });
        if let Err(payload) = outcome {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{}: {message}", input.display()));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n\n"));
}

fn regression_inputs() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for folder in support::entries("tests/hostile/inputs") {
        let target = folder
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        for input in support::entries(&folder) {
            out.push((target.clone(), input));
        }
    }
    out
}

fn split_at_nul(bytes: &[u8]) -> (&[u8], &[u8]) {
    match bytes.iter().position(|b| *b == 0) {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (bytes, &[]),
    }
}

/// Rule text through the formatter and the checker. What must hold, whatever
/// the text: when it parses, formatting succeeds, the output parses to the
/// same rules and formatting it again changes nothing; when it does not
/// parse, the formatter refuses it as a syntax error; whatever checks parses.
fn rules_text(bytes: &[u8]) {
    use rules::format::{FormatErrorKind, format_source, in_layout_order};
    use rules::syntax::parse_rule_file;

    let source = SourceFile::new("x.rules", String::from_utf8_lossy(bytes).into_owned());
    let parsed = parse_rule_file(&source);
    match (&parsed, format_source(&source)) {
        (Ok(tree), Ok(formatted)) => {
            let output = SourceFile::new("x.rules", formatted.clone());
            let reparsed = parse_rule_file(&output)
                .unwrap_or_else(|_| panic!("the formatted text does not parse:\n{formatted}"));
            assert_eq!(
                in_layout_order(tree),
                reparsed,
                "formatting changed the meaning:\n{formatted}"
            );
            let again = format_source(&output).unwrap_or_else(|e| {
                panic!(
                    "the formatted text does not format:\n{formatted}\n{}",
                    e.into_diagnostics().render(Style::PLAIN)
                )
            });
            assert_eq!(again, formatted, "formatting is not idempotent");
        }
        (Ok(_), Err(e)) => panic!(
            "the text parses, but was not formatted:\n{}",
            e.into_diagnostics().render(Style::PLAIN)
        ),
        (Err(_), Ok(formatted)) => {
            panic!("the text does not parse, but was formatted:\n{formatted}")
        }
        (Err(_), Err(e)) => assert!(
            matches!(e.kind, FormatErrorKind::Syntax { .. }),
            "the text does not parse, and the formatter says something else:\n{}",
            e.into_diagnostics().render(Style::PLAIN)
        ),
    }
    match rules::load::check_sources(vec![source]) {
        Ok(rule_set) => {
            assert!(parsed.is_ok(), "the text checks, but does not parse");
            let _ = Diagnostics::from(rules::lint::lint(&rule_set, None)).render(Style::PLAIN);
        }
        Err(d) => {
            let _ = d.render(Style::PLAIN);
        }
    }
}

fn facts_text(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for format in [Format::Ron, Format::Json] {
        let whole = SourceFile::new("x", text.to_string());
        if let Err(e) = rules::facts::parse_organization(&whole, format, false) {
            let _ = Diagnostics::from(e).render(Style::PLAIN);
        }
        for piece in split_text("x", format, &text).into_iter().flatten() {
            let _ = rules::facts::people::people_of(piece.source.text(), format);
            if let Err(e) = rules::facts::parse_organization(&piece.source, format, piece.cut) {
                let _ = Diagnostics::from(e).render(Style::PLAIN);
            }
        }
    }
}

fn evaluate(rules_bytes: &[u8], facts_bytes: &[u8]) {
    let source = SourceFile::new("x.rules", String::from_utf8_lossy(rules_bytes).into_owned());
    let Ok(rule_set) = rules::load::check_sources(vec![source]) else {
        return;
    };
    let text = String::from_utf8_lossy(facts_bytes);
    for piece in split_text("x.ron", Format::Ron, &text)
        .into_iter()
        .flatten()
    {
        let Ok(org) = rules::facts::parse_organization(&piece.source, Format::Ron, piece.cut)
        else {
            continue;
        };
        let dates = [
            org.as_of,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
            Some(chrono::NaiveDate::MIN),
            Some(chrono::NaiveDate::MAX),
        ];
        for date in dates.into_iter().flatten() {
            let outcome = rules::evaluate::evaluate(
                &rule_set,
                &org,
                date,
                &rules::evaluate::Severance::new(),
            );
            let _ = rules::explain::text::to_text(&outcome, false);
            let json = rules::explain::json::to_json(&outcome);
            assert!(
                serde_json::from_str::<serde_json::Value>(&json).is_ok(),
                "{json}"
            );
        }
    }
}

/// Names, titles, ids and codes in many scripts show as written; control
/// characters (C0 but tab and newline, C1), bidirectional controls and
/// zero-width characters in them are shown escaped, never raw: in the
/// explanation of one organization and in a batch's summary.
#[test]
fn names_in_any_script_show_as_written_and_controls_escaped() {
    let dir = support::scratch("hostile/scripts-and-controls");
    let hostile = [
        '\u{1b}', '\u{7}', '\r', '\u{85}', '\u{9b}', '\u{202a}', '\u{202e}', '\u{2066}',
        '\u{2069}', '\u{200b}', '\u{200d}', '\u{2060}', '\u{feff}',
    ];
    let controls: String = hostile.iter().collect();
    // As a RON string and a rule-file string: escapes for the quote only.
    // A rule-file string cannot hold a line end: no carriage return there.
    let in_rules: String = controls.chars().filter(|c| *c != '\r').collect();
    let title = format!("Облако 云 سحابة क्लाउड{in_rules}end");
    write(
        &dir.join("rules.rules"),
        &format!(
            "competency c0 \"{title}\" {{\n  silver {{ path p {{ 1 person certified in [\"認定{in_rules}\"] }} }}\n}}\n"
        ),
    );
    let org = |id: &str| {
        format!(
            "Organization(id: \"{id}{controls}\", name: Some(\"Zoë Ng — {controls}\"), people: [Person(id: \"p{controls}\", name: Some(\"Ἀλέξανδρος{controls}\"), associated: \"2025-01-01T00:00:00Z\", achievements: [Achievement(kind: Exam, code: \"認定{in_rules}\", passed: \"2025-06-01\")])])"
        )
    };
    write(&dir.join("one.ron"), &org("org"));
    write(
        &dir.join("many.ron"),
        &format!("[{}, {}]", org("a"), org("b")),
    );
    for target in ["one.ron", "many.ron"] {
        let args = [
            "eval",
            target,
            "--rules",
            "rules.rules",
            "--as-of",
            "2026-01-01",
        ];
        let run = run_in(&dir, &args, LIMIT);
        assert_eq!(run.status, 0, "{}", run.stderr);
        for c in hostile {
            assert!(
                !run.stdout.contains(c),
                "`rules {}` shows U+{:04X} raw:\n{}",
                args.join(" "),
                u32::from(c),
                run.stdout
            );
        }
        for shown in ["Облако 云 سحابة क्लाउड", "\\u{202e}", "\\u{1b}", "\\u{feff}"]
        {
            assert!(
                run.stdout.contains(shown),
                "`rules {}` does not show {shown:?}:\n{}",
                args.join(" "),
                run.stdout
            );
        }
    }
}
