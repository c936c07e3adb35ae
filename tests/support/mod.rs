//! What the test files share: discovery of data-driven cases, the one way
//! the built `rules` binary is run (arguments, working folder, standard
//! input, environment, a time limit), the transcript a `cmd` file makes,
//! and scratch folders.
//!
//! Every run is checked the same way: it ends within its time limit, it
//! ends with an exit status (not a signal), and it never prints a panic.

#![allow(dead_code)]

use std::ffi::OsString;
use std::io::{Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ------------------------------------------------------------ cases

/// The entries of `folder` (relative to the crate root, the working
/// directory of `cargo test`, so that paths in snapshots do not depend on
/// where the repository lives), in name order, hidden ones left out.
pub fn entries(folder: impl AsRef<Path>) -> Vec<PathBuf> {
    let dir = folder.as_ref();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
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
/// snapshots going to `snapshots/<group>/`. All cases run even when some
/// fail; the test fails at the end listing every case that did not pass.
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

/// The command lines of a case's `cmd` file: blank lines and `#` comments left out.
pub fn command_lines(case: &Path) -> Vec<String> {
    std::fs::read_to_string(case.join("cmd"))
        .unwrap_or_else(|e| panic!("{}: cannot read cmd: {e}", case.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Does a `cp FROM TO` or `rm FILE` line of a case's `cmd` file, in the
/// case folder; false for any other line. Only ever in a copy of the case.
fn file_operation(case: &Path, line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (op, args) = match words.split_first() {
        Some((op, args)) if *op == "cp" || *op == "rm" => (*op, args),
        _ => return false,
    };
    assert!(
        case.starts_with(env!("CARGO_TARGET_TMPDIR")),
        "{}: `{line}` changes files: run the case in a copy (see tests/cli.rs)",
        case.display()
    );
    match (op, args) {
        ("cp", [from, to]) => {
            let to = case.join(to);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).expect("create a folder");
            }
            std::fs::copy(case.join(from), &to)
                .unwrap_or_else(|e| panic!("{}: `{line}`: {e}", case.display()));
        }
        ("rm", [file]) => std::fs::remove_file(case.join(file))
            .unwrap_or_else(|e| panic!("{}: `{line}`: {e}", case.display())),
        _ => panic!(
            "{}: `{line}`: write `cp FROM TO` or `rm FILE`",
            case.display()
        ),
    }
    true
}

/// The arguments of a command line of a `cmd` file, after its leading `rules`.
pub fn arguments(case: &Path, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        words.first(),
        Some(&"rules"),
        "{}: commands start with `rules`",
        case.display()
    );
    words[1..].iter().map(|w| w.to_string()).collect()
}

/// Runs every command line of `case` (a folder with a `cmd` file) in the
/// case folder and writes what a terminal would show: the command, its
/// exit status, what it printed. JSON output is pretty-printed, which also
/// proves every line parses. A line ending in `< FILE` gets the case's
/// FILE on standard input, as a shell would give it.
///
/// In a copy of a case (under Cargo's temporary folder for tests), a line
/// may also be `cp FROM TO` or `rm FILE`: a change made between two runs,
/// as a person would make it, shown as a line of the transcript.
pub fn transcript(case: &Path) -> String {
    let mut out = String::new();
    for line in command_lines(case) {
        if file_operation(case, &line) {
            out.push_str(&format!("$ {line}\n\n"));
            continue;
        }
        let (command, stdin) = match line.split_once(" < ") {
            Some((command, file)) => {
                let bytes = std::fs::read(case.join(file.trim()))
                    .unwrap_or_else(|e| panic!("{}: cannot read {file}: {e}", case.display()));
                (command, bytes)
            }
            None => (line.as_str(), Vec::new()),
        };
        let run = rules(arguments(case, command)).dir(case).stdin(stdin).run();
        out.push_str(&format!("$ {line}\n[exit {}]\n", run.status));
        if line.contains("--format json") && run.status == 0 {
            for json in run.stdout.lines() {
                let value: serde_json::Value = serde_json::from_str(json)
                    .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {json}", case.display()));
                out.push_str(&serde_json::to_string_pretty(&value).unwrap());
                out.push('\n');
            }
        } else {
            out.push_str(&run.stdout);
        }
        if !run.stderr.is_empty() {
            out.push_str("--- stderr\n");
            out.push_str(&steady(&run.stderr));
        }
        out.push('\n');
    }
    out
}

/// What a run prints on stderr, with the time a batch took (the last line
/// of `rules eval` off a terminal, different from run to run) as `[time]`.
pub fn steady(stderr: &str) -> String {
    let mut out = String::with_capacity(stderr.len());
    for line in stderr.split_inclusive('\n') {
        match line.split_once(" failed, in ") {
            Some((done, _)) if done.contains(" evaluated, ") => {
                out.push_str(done);
                out.push_str(" failed, in [time]\n");
            }
            _ => out.push_str(line),
        }
    }
    out
}

// ------------------------------------------------------------ the binary

/// The limit a run gets unless it asks for another: generous, so that a
/// loaded machine never makes it flake; the point is hangs, not speed.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(60);

/// One run of the built `rules` binary, set up step by step:
/// `rules(["check", "x.rules"]).dir(&folder).run()`.
#[must_use]
pub struct Rules {
    args: Vec<OsString>,
    dir: PathBuf,
    stdin: Option<Vec<u8>>,
    env: Vec<(OsString, OsString)>,
    limit: Duration,
    user: Option<(u32, u32)>,
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A run of `rules` with these arguments, in the crate root, with nothing
/// on standard input, `NO_COLOR=1`, and [`DEFAULT_LIMIT`].
pub fn rules<I, S>(args: I) -> Rules
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    Rules {
        args: args.into_iter().map(Into::into).collect(),
        dir: root(),
        stdin: None,
        env: Vec::new(),
        limit: DEFAULT_LIMIT,
        user: None,
    }
}

impl Rules {
    /// The working folder.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.dir = dir.as_ref().to_path_buf();
        self
    }

    /// What the binary reads on standard input (else nothing: end of input).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The run is killed, and the test fails, past this.
    pub fn limit(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }

    /// Runs as this user and group, with no supplementary groups (the
    /// caller must be allowed to switch: root).
    #[cfg(unix)]
    pub fn user(mut self, uid: u32, gid: u32) -> Self {
        self.user = Some((uid, gid));
        self
    }

    fn describe(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        format!("`rules {}` in {}", args.join(" "), self.dir.display())
    }

    /// Runs the binary; fails on a run over the limit, an end by a signal,
    /// or a panic message.
    pub fn run(self) -> Run {
        let what = self.describe();
        let mut command = Command::new(env!("CARGO_BIN_EXE_rules"));
        command
            .args(&self.args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        if let Some((uid, gid)) = self.user {
            // std drops the supplementary groups too when root switches user.
            std::os::unix::process::CommandExt::uid(&mut command, uid);
            std::os::unix::process::CommandExt::gid(&mut command, gid);
        }
        let started = Instant::now();
        let mut child = command.spawn().unwrap_or_else(|e| match self.user {
            Some((uid, gid)) => panic!(
                "{what}: cannot start the binary as user {uid}, group {gid}: {e}\n\
                 (switching user needs root, and that user must be able to reach the \
                 binary and the folder)"
            ),
            None => panic!("{what}: cannot start the binary: {e}"),
        });
        // Each pipe on its own thread, so a large output (or input) cannot block the child.
        let input = self.stdin.map(|bytes| {
            let mut pipe = child.stdin.take().expect("stdin");
            std::thread::spawn(move || {
                // The binary may stop reading early; that is its right.
                let _ = pipe.write_all(&bytes);
            })
        });
        // The pipes close when the binary ends: waiting on them wakes at once.
        let (closed, pipes_closed) = std::sync::mpsc::channel();
        let drain = |mut pipe: Box<dyn Read + Send>| {
            let closed = closed.clone();
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                pipe.read_to_end(&mut bytes).ok();
                let _ = closed.send(());
                bytes
            })
        };
        let out = drain(Box::new(child.stdout.take().expect("stdout")));
        let err = drain(Box::new(child.stderr.take().expect("stderr")));
        let over = |child: &mut std::process::Child| -> ! {
            child.kill().ok();
            child.wait().ok();
            panic!("{what} ran over {:?}", self.limit);
        };
        for _ in 0..2 {
            let left = self.limit.saturating_sub(started.elapsed());
            if pipes_closed.recv_timeout(left).is_err() {
                over(&mut child);
            }
        }
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for the binary") {
                break status;
            }
            if started.elapsed() > self.limit {
                over(&mut child);
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        if let Some(input) = input {
            input.join().expect("stdin writer");
        }
        let run = Run {
            status: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.join().expect("stdout")).into_owned(),
            stderr: String::from_utf8_lossy(&err.join().expect("stderr")).into_owned(),
        };
        assert!(
            status.code().is_some(),
            "{what} was ended by a signal ({status}):\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{what} panicked:\n{}",
            run.stderr
        );
        run
    }
}

// ------------------------------------------------------------ scratch folders

/// A fresh, empty folder for one test, under Cargo's temporary folder for
/// tests (what an earlier run left there is removed first, even files
/// made unreadable).
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        make_removable(&dir);
        std::fs::remove_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot clear {}: {e}", dir.display()));
    }
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Undoes `chmod 000` below `dir`, so that it can be read and removed.
pub fn make_removable(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if let Ok(meta) = std::fs::symlink_metadata(&path) {
                if meta.is_symlink() {
                    continue;
                }
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).ok();
                if meta.is_dir() {
                    make_removable(&path);
                }
            }
        }
    }
}

/// Copies a folder and everything in it.
pub fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    for entry in
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()))
    {
        let path = entry.expect("directory entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target)
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", path.display()));
        }
    }
}

/// Writes `text` to `path`, making the folders it needs.
pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

// ------------------------------------------------------------ randomness

/// A small seeded generator (splitmix64): the same seed, the same numbers,
/// for tests that must be able to repeat a failing run.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
