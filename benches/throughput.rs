//! Organizations per second for a large batch, next to the rate of only
//! reading the same facts: `cargo bench --bench throughput [-- COUNT]`
//! (COUNT defaults to 100,000). The ratio of the two is how much evaluating
//! and writing explanations costs on top of reading.

use std::path::Path;
use std::time::Instant;

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let rules =
        rules::load::load_rule_set(Path::new("rules")).expect("the shipped rules check clean");
    let file = std::env::temp_dir().join(format!("rules-throughput-{count}.ron"));
    if !file.exists() {
        eprintln!(
            "generating {count} synthetic organizations in {}",
            file.display()
        );
        let options = rules::generate::Options {
            count,
            seed: 1,
            as_of: "2026-11-23".parse().expect("a date"),
            people: None,
            metrics: None,
        };
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
        rules::generate::generate(
            &rules,
            &options,
            rules::facts::write::Layout::RonList,
            &mut out,
        )
        .expect("generate");
    }
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    let threads = rayon::current_num_threads();
    println!(
        "{count} organizations, {:.0} MB of facts, {threads} threads",
        size as f64 / 1e6
    );

    // Warm the page cache so both runs read from memory.
    let _ = std::fs::read(&file);

    let started = Instant::now();
    let (parsed, problems) = rules::batch::load_only(&file);
    let load = started.elapsed().as_secs_f64();
    assert!(
        problems.is_empty() && parsed == count,
        "the facts load cleanly"
    );

    let mut runs = Vec::new();
    for detail in rules::outcome::DetailLevel::ALL {
        let started = Instant::now();
        let mut bytes = 0usize;
        let render = |o: &rules::outcome::OrgOutcome| rules::explain::json::to_json(o) + "\n";
        let report = rules::batch::evaluate_batch(
            &rules,
            &file,
            None,
            detail,
            &render,
            &mut |s| bytes += s.len(),
            &mut |_| {},
        );
        assert_eq!(report.batch.done, count, "every organization is evaluated");
        runs.push((detail, started.elapsed().as_secs_f64(), bytes));
    }
    println!(
        "load only:          {:>9.0} organizations/s  ({load:.2} s)",
        count as f64 / load
    );
    for (detail, evaluate, bytes) in runs {
        println!(
            "evaluate, JSON out, --detail {:<7} {:>9.0} organizations/s  ({evaluate:.2} s, {:.0} MB of JSON, {:.2}× loading alone)",
            detail.keyword(),
            count as f64 / evaluate,
            bytes as f64 / 1e6,
            evaluate / load
        );
    }
}
