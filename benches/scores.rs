//! What a points model costs: the same five requirement lines evaluated as
//! one path (`benches/scores/paths.rules`), as the lines of a `score`
//! (`score.rules`), and as a score evaluated on its best day of six months
//! (`window.rules`: the evaluation date and five month ends), on the same
//! 2,000 synthetic organizations (20 people, 20 records each), one thread,
//! at `--detail verdict` and `full`:
//!
//!     cargo bench --bench scores
//!
//! The targets: a score costs about what its lines cost as a path; the
//! six-day window no more than 7× one score.

use std::path::Path;
use std::time::Instant;

use rules::evaluate::{self, Severance};
use rules::facts::tokens::Format;
use rules::facts::write::Layout;
use rules::generate::Options;
use rules::outcome::DetailLevel;

const RUNS: usize = 7;
const COUNT: usize = 2_000;

fn main() {
    let folder = Path::new("benches/scores");
    let load = |name: &str| {
        rules::load::load_rule_set(&folder.join(name)).expect("the bench's rules check clean")
    };
    let (paths, score, window) = (
        load("paths.rules"),
        load("score.rules"),
        load("window.rules"),
    );
    let options = Options {
        count: COUNT,
        seed: 2,
        as_of: "2026-11-23".parse().expect("a date"),
        people: Some(20),
        metrics: Some(20),
    };
    let mut text = Vec::new();
    rules::generate::generate(&paths, &options, Layout::RonList, &mut text).expect("generate");
    let text = String::from_utf8(text).expect("UTF-8");
    let orgs: Vec<_> = rules::facts::split::split_text("scores.ron", Format::Ron, &text)
        .into_iter()
        .map(|piece| {
            let source = piece.expect("an organization").source;
            rules::facts::parse_organization(&source, Format::Ron, false).expect("valid facts")
        })
        .collect();
    let none = Severance::new();
    println!("{COUNT} organizations, one thread, median of {RUNS} runs (µs per organization)");
    for detail in [DetailLevel::Verdict, DetailLevel::Full] {
        let time = |rules: &rules::ruleset::RuleSet| {
            let mut times: Vec<f64> = (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    for org in &orgs {
                        let date = evaluate::evaluation_date(None, org);
                        let outcome = evaluate::evaluate_with(rules, org, date, &none, detail);
                        std::hint::black_box(&outcome);
                    }
                    start.elapsed().as_secs_f64() * 1e6 / orgs.len() as f64
                })
                .collect();
            times.sort_by(f64::total_cmp);
            times[RUNS / 2]
        };
        let (p, s, w) = (time(&paths), time(&score), time(&window));
        println!(
            "  --detail {:7}  as a path {p:6.1}   as a score {s:6.1} ({:.2}× the path)   best day of 6 months {w:6.1} ({:.2}× the score)",
            detail.keyword(),
            s / p,
            w / s
        );
    }
}
