//! Parsing rule text alone (text → syntax tree, no checking), on one thread:
//! the three shipped rule sets by default, or every `.rules` file under the
//! folders given: `cargo bench --bench parse [-- FOLDER...]`.
//!
//! Every file is parsed once per run; the median of the runs is reported,
//! per folder, in µs per file and MB of text per second.

use std::path::{Path, PathBuf};
use std::time::Instant;

const RUNS: usize = 15;

fn main() {
    let mut folders: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .collect();
    if folders.is_empty() {
        folders = ["rules", "rules-pci", "rules-solutions-partner"]
            .iter()
            .map(PathBuf::from)
            .collect();
    }
    println!("parse only, one thread, median of {RUNS} runs");
    for folder in &folders {
        time(folder);
    }
}

fn time(folder: &Path) {
    let sources = rules::load::read_rule_files(folder)
        .unwrap_or_else(|d| panic!("{}", d.render(rules::diagnostics::Style::PLAIN)));
    let bytes: usize = sources.iter().map(|s| s.text().len()).sum();
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            for source in &sources {
                let _ = std::hint::black_box(rules::syntax::parse_rule_file(source));
            }
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[RUNS / 2];
    println!(
        "  {:<28} {:>5} files, {:>9} bytes: {:>9.1} µs/file, {:>6.1} MB/s",
        folder.display(),
        sources.len(),
        bytes,
        median * 1e6 / sources.len() as f64,
        bytes as f64 / median / 1e6
    );
}
