//! The structure-aware fuzz stages of `fuzz/` (built in `tests/arb/`) on
//! stable Rust: each stage gets random bytes from a seeded generator, and
//! the committed corpus of each target (`fuzz/seeds/<target>.hex`, the
//! minimized corpus of the libFuzzer runs and every finding) is replayed.
//! A stage panics on any broken property: rules printed from a valid tree
//! that do not check, the parser's two readings of them disagreeing
//! (the hand-written one and pest), facts that do not read back as written, an outlook
//! that is not its plain definition, a detail level that changes the
//! verdict, a formatter that changes meaning or is not idempotent, a
//! rule set that differs from itself.
//!
//! Each stage also must reach its end on most inputs: the point of building
//! inputs from a tree is that they do not stop at the parser.
//!
//! A few seconds run with `cargo test`; a long run, without cargo-fuzz or
//! nightly, sets the number of inputs per stage (and a seed to repeat one):
//!
//!     STRUCTURED_INPUTS=200000 cargo test --release --test structured
//!     STRUCTURED_SEED=12345 cargo test --release --test structured

mod arb;
mod support;

use std::path::Path;

use arb::Reached;

/// Random inputs from a seeded generator: the same seed, the same inputs.
struct Bytes(support::SplitMix64);

impl Bytes {
    fn next(&mut self) -> u64 {
        self.0.next()
    }

    /// Up to 4 KiB of random bytes, mostly a few hundred.
    fn input(&mut self) -> Vec<u8> {
        let len = match self.next() % 4 {
            0 => self.next() % 4096,
            _ => 64 + self.next() % 512,
        } as usize;
        (0..len).map(|_| self.next() as u8).collect()
    }
}

fn inputs() -> usize {
    match std::env::var("STRUCTURED_INPUTS") {
        Ok(n) => n
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("STRUCTURED_INPUTS={n:?} is not a number")),
        Err(_) => 400,
    }
}

fn seed(stage: &str) -> u64 {
    let seed = match std::env::var("STRUCTURED_SEED") {
        Ok(n) => n.trim().parse().expect("STRUCTURED_SEED is a number"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    };
    eprintln!("{stage}: STRUCTURED_SEED={seed}");
    seed
}

/// The committed corpus of `target`: `fuzz/seeds/<target>.hex`, one input
/// a line in hexadecimal (`#` starts a comment line), as `fuzz/seed.sh`
/// unpacks it for libFuzzer and `fuzz/pack.sh` packs a minimized corpus.
fn corpus(target: &str) -> Vec<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(format!("{target}.hex"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .map(|line| {
            assert!(
                line.len() % 2 == 0,
                "{}: odd hex line {line}",
                path.display()
            );
            (0..line.len())
                .step_by(2)
                .map(|i| {
                    u8::from_str_radix(&line[i..i + 2], 16)
                        .unwrap_or_else(|_| panic!("{}: not hex: {line}", path.display()))
                })
                .collect()
        })
        .collect()
}

/// Runs `stage` on the committed corpus of `target`, then on random
/// inputs; fails unless at least `deep` percent of them reach its end.
fn run(target: &str, stage: fn(&[u8]) -> Reached, deep: usize) {
    let corpus = corpus(target);
    for input in &corpus {
        stage(input);
    }
    let replayed = corpus.len();
    let mut bytes = Bytes(support::SplitMix64(seed(target)));
    let n = inputs();
    let mut reached = [0usize; 3];
    let started = std::time::Instant::now();
    for _ in 0..n {
        let input = bytes.input();
        let got = stage(&input);
        reached[got as usize] += 1;
    }
    let took = started.elapsed();
    eprintln!(
        "{target}: {replayed} corpus inputs replayed; {n} random inputs in {took:?}: \
         {} ran out of bytes, {} refused (a token broken on purpose), {} reached the end",
        reached[0], reached[1], reached[2]
    );
    assert!(
        reached[Reached::Deep as usize] * 100 >= n * deep,
        "{target}: only {} of {n} inputs reached the end of the stage",
        reached[Reached::Deep as usize]
    );
}

#[test]
fn rules_stage() {
    run("gen_rules", arb::stage_rules, 80);
}

#[test]
fn parse_stage() {
    run("gen_parse", arb::stage_parse, 80);
}

#[test]
fn facts_stage() {
    run("gen_facts", arb::stage_facts, 90);
}

#[test]
fn evaluate_stage() {
    run("gen_evaluate", arb::stage_evaluate, 75);
}

#[test]
fn format_stage() {
    run("gen_format", arb::stage_format, 75);
}

#[test]
fn diff_stage() {
    run("gen_diff", arb::stage_diff, 75);
}

#[test]
fn lsp_stage() {
    run("gen_lsp", arb::stage_lsp, 75);
}
