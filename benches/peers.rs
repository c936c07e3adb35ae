//! Evaluation alone, timed as the peer harnesses of `../shared/perf/` time
//! theirs: the same four competencies (`../shared/perf/rules/`), the same
//! 5,000 organizations (`mixed`: 3 people and 6 metrics each; `default`: 20
//! and 20), every organization read first, then evaluated one after another
//! on one thread — the full outcome, renewal outlook included — and the
//! median of several runs reported in µs per organization.
//!
//!     cargo bench --bench peers
//!
//! The data files are those `compare.sh` writes (under `$PERF_WORK`, default
//! `/tmp/rules-perf`); when they are missing they are generated the same way
//! (`python3 ../shared/perf/gen_orgs.py`, same seeds). Compare the figures
//! with the peers' `eval µs/org` from the same run of `compare.sh`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rules::evaluate::{self, Severance};
use rules::facts::tokens::Format;
use rules::outcome::DetailLevel;

const RUNS: usize = 7;

fn main() {
    let shared = Path::new("../shared/perf");
    if !shared.is_dir() {
        eprintln!(
            "SKIPPED: ../shared/perf is not beside the project, so there is nothing to compare with"
        );
        return;
    }
    let work = PathBuf::from(std::env::var("PERF_WORK").unwrap_or("/tmp/rules-perf".to_string()));
    let data = work.join("peers/data");
    std::fs::create_dir_all(&data).expect("a data folder");
    let rules =
        rules::load::load_rule_set(&shared.join("rules")).expect("the harness's rules check clean");
    println!("eval only, one thread, median of {RUNS} runs (µs per organization)");
    for (name, seed, people, metrics) in [("mixed", 11, 3, 6), ("default", 7, 20, 20)] {
        let file = data.join(format!("{name}.ron"));
        if !file.is_file() {
            let status = Command::new("python3")
                .arg(shared.join("gen_orgs.py"))
                .arg(shared.join("rules"))
                .arg("5000")
                .arg(&file)
                .args([
                    "--people",
                    &people.to_string(),
                    "--metrics",
                    &metrics.to_string(),
                ])
                .args(["--seed", &seed.to_string()])
                .status();
            if !status.is_ok_and(|s| s.success()) {
                eprintln!(
                    "SKIPPED {name}: could not generate {} with python3",
                    file.display()
                );
                continue;
            }
        }
        let text = std::fs::read_to_string(&file).expect("the data file");
        let orgs: Vec<_> =
            rules::facts::split::split_text(&file.display().to_string(), Format::Ron, &text)
                .into_iter()
                .map(|piece| {
                    let source = piece.expect("an organization").source;
                    rules::facts::parse_organization(&source, Format::Ron, false)
                        .expect("valid facts")
                })
                .collect();
        let none = Severance::new();
        for detail in DetailLevel::ALL {
            let mut times: Vec<f64> = (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    let mut met = 0usize;
                    for org in &orgs {
                        let date = evaluate::evaluation_date(None, org);
                        let outcome = evaluate::evaluate_with(&rules, org, date, &none, detail);
                        met += outcome
                            .competencies
                            .iter()
                            .flat_map(|c| &c.levels)
                            .filter(|l| l.met)
                            .count();
                    }
                    std::hint::black_box(met);
                    start.elapsed().as_secs_f64() * 1e6 / orgs.len() as f64
                })
                .collect();
            times.sort_by(f64::total_cmp);
            println!(
                "  {name:8} {} organizations, --detail {:7}: {:.1} µs/org (runs {:.1}–{:.1})",
                orgs.len(),
                detail.keyword(),
                times[RUNS / 2],
                times[0],
                times[RUNS - 1]
            );
        }
    }
}
