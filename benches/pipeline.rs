//! Each step of the pipeline on its own, with the shipped rule set and
//! synthetic organizations: `cargo bench --bench pipeline`.

use std::path::Path;
use std::sync::Arc;

use rules::facts::split::split_text;
use rules::facts::tokens::Format;
use rules::facts::write::Layout;
use rules::source::SourceFile;

fn main() {
    divan::main();
}

fn shipped_rules() -> rules::ruleset::RuleSet {
    rules::load::load_rule_set(Path::new("rules")).expect("the shipped rules check clean")
}

/// `count` synthetic organizations' texts, one source each.
fn organizations(count: usize) -> Vec<Arc<SourceFile>> {
    let options = rules::generate::Options {
        count,
        seed: 11,
        as_of: "2026-11-23".parse().expect("a date"),
        people: None,
        metrics: None,
    };
    let mut text = Vec::new();
    rules::generate::generate(&shipped_rules(), &options, Layout::RonList, &mut text)
        .expect("generate");
    let text = String::from_utf8(text).expect("UTF-8");
    split_text("synthetic.ron", Format::Ron, &text)
        .into_iter()
        .map(|piece| piece.expect("an organization").source)
        .collect()
}

fn parse(source: &Arc<SourceFile>) -> rules::facts::Organization {
    rules::facts::parse_organization(source, Format::Ron, false).expect("valid")
}

/// Parsing and checking the 19 files of the shipped rule set.
#[divan::bench]
fn parse_shipped_rules(bencher: divan::Bencher) {
    let sources = rules::load::read_rule_files(Path::new("rules")).expect("read rules");
    bencher.bench(|| rules::load::check_sources(sources.clone()).expect("valid"));
}

/// Reading one organization's facts, over 100 different ones.
#[divan::bench]
fn load_one_organization(bencher: divan::Bencher) {
    let sources = organizations(100);
    let mut next = sources.iter().cycle();
    bencher.bench_local(|| parse(next.next().expect("cycle")));
}

/// Evaluating one organization under the shipped rules (outcome, membership, outlook).
#[divan::bench]
fn evaluate_one_organization(bencher: divan::Bencher) {
    let rules = shipped_rules();
    let organizations: Vec<_> = organizations(100).iter().map(parse).collect();
    let date = "2026-11-23".parse().expect("a date");
    let none = rules::evaluate::Severance::new();
    let mut next = organizations.iter().cycle();
    bencher.bench_local(|| {
        rules::evaluate::evaluate(&rules, next.next().expect("cycle"), date, &none)
    });
}

/// Rendering one outcome as JSON and as text.
#[divan::bench(args = ["json", "text"])]
fn explain_one_organization(bencher: divan::Bencher, format: &str) {
    let rules = shipped_rules();
    let org = parse(&organizations(1)[0]);
    let outcome = rules::evaluate::evaluate(
        &rules,
        &org,
        "2026-11-23".parse().expect("a date"),
        &Default::default(),
    );
    bencher.bench(|| match format {
        "json" => rules::explain::json::to_json(&outcome),
        _ => rules::explain::text::to_text(&outcome, false),
    });
}

/// A batch of 2,000 organizations from a list file, JSON out: reading,
/// the people index, parsing, evaluation and rendering, in parallel.
#[divan::bench(sample_count = 10)]
fn batch_of_2000(bencher: divan::Bencher) {
    let rules = shipped_rules();
    let file = std::env::temp_dir().join(format!("rules-bench-{}.ron", std::process::id()));
    let options = rules::generate::Options {
        count: 2000,
        seed: 5,
        as_of: "2026-11-23".parse().expect("a date"),
        people: None,
        metrics: None,
    };
    let mut out = std::fs::File::create(&file).expect("create");
    rules::generate::generate(&rules, &options, Layout::RonList, &mut out).expect("generate");
    let render = |o: &rules::outcome::OrgOutcome| rules::explain::json::to_json(o);
    bencher.bench_local(|| {
        let mut bytes = 0;
        rules::batch::evaluate_batch(
            &rules,
            &file,
            None,
            rules::outcome::DetailLevel::Full,
            &render,
            &mut |s| bytes += s.len(),
            &mut |_| {},
        );
        bytes
    });
    let _ = std::fs::remove_file(&file);
}
