//! Reading facts, side by side with the parse-only baseline of the shared
//! performance harness (serde + ron into plain structs, no places, floats for
//! amounts: `../shared/perf/parse-only`), on the same organizations, on one
//! thread: `cargo bench --bench facts [-- COUNT]` (COUNT defaults to 20,000).
//!
//! `rules` does more than the baseline for each organization: it keeps the
//! place of every value, reads amounts exactly, checks every date, and
//! splits a list into organizations so that one broken organization stops
//! only itself. The target is to do all that no slower than the baseline.

use std::path::Path;
use std::time::Instant;

use rules::facts::split::split_text;
use rules::facts::tokens::Format;
use rules::facts::write::Layout;
use serde::Deserialize;

mod baseline {
    //! The structs of `../shared/perf/parse-only`, as it reads them, with the
    //! optional fields the facts have gained since (devices, offers,
    //! customers, attestations), so that it reads what `rules generate` writes.
    #![allow(dead_code)]
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Organization {
        id: String,
        name: String,
        #[serde(default)]
        market: Market,
        #[serde(default)]
        as_of: Option<String>,
        #[serde(default)]
        membership: Option<Membership>,
        #[serde(default)]
        metrics: Vec<Metric>,
        #[serde(default)]
        people: Vec<Person>,
        #[serde(default)]
        attestations: Vec<Attestation>,
    }
    #[derive(Deserialize)]
    struct Attestation {
        code: String,
        granted: String,
        #[serde(default)]
        expires: Option<String>,
    }
    #[derive(Deserialize, Default)]
    enum Market {
        #[default]
        Developed,
        Developing,
    }
    #[derive(Deserialize)]
    struct Membership {
        level: Level,
        purchased: String,
        #[serde(default)]
        competencies: Vec<String>,
    }
    #[derive(Deserialize)]
    enum Level {
        Silver,
        Gold,
    }
    #[derive(Deserialize)]
    struct Metric {
        kind: MetricKind,
        workload: String,
        value: f64,
        date: String,
        #[serde(default)]
        association: Option<String>,
        #[serde(default)]
        offer: Option<String>,
        #[serde(default)]
        customer: Option<String>,
    }
    #[derive(Deserialize)]
    enum MetricKind {
        Revenue,
        Customers,
        Seats,
        Usage,
        Devices,
    }
    #[derive(Deserialize)]
    struct Person {
        id: String,
        #[serde(default)]
        name: Option<String>,
        associated: String,
        #[serde(default)]
        left: Option<String>,
        #[serde(default)]
        achievements: Vec<Achievement>,
    }
    #[derive(Deserialize)]
    struct Achievement {
        kind: AchievementKind,
        code: String,
        passed: String,
        #[serde(default)]
        expires: Option<String>,
    }
    #[derive(Deserialize)]
    enum AchievementKind {
        Certification,
        Exam,
        Assessment,
    }
}

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20_000);
    let rules =
        rules::load::load_rule_set(Path::new("rules")).expect("the shipped rules check clean");
    let options = rules::generate::Options {
        count,
        seed: 3,
        as_of: "2026-11-23".parse().expect("a date"),
        people: None,
        metrics: None,
    };
    let write = |layout| {
        let mut out = Vec::new();
        rules::generate::generate(&rules, &options, layout, &mut out).expect("generate");
        String::from_utf8(out).expect("UTF-8")
    };
    let ron_text = write(Layout::RonList);
    let json_text = write(Layout::JsonLines);
    println!(
        "{count} organizations: {:.1} MB of RON, {:.1} MB of JSON Lines; one thread, median of 5",
        ron_text.len() as f64 / 1e6,
        json_text.len() as f64 / 1e6
    );

    let median = |f: &dyn Fn() -> usize| {
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let started = Instant::now();
                let n = f();
                assert_eq!(n, count);
                started.elapsed().as_secs_f64()
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[2]
    };
    let baseline = median(&|| {
        let orgs: Vec<baseline::Organization> =
            ron::Options::default().from_str(&ron_text).expect("RON");
        orgs.len()
    });
    let read = |format: Format, text: &str| {
        split_text("bench", format, text)
            .into_iter()
            .map(|piece| {
                let piece = piece.expect("an organization");
                rules::facts::parse_organization(&piece.source, format, false).expect("valid")
            })
            .map(std::hint::black_box)
            .fold(0, |n, _| n + 1)
    };
    let ours_ron = median(&|| read(Format::Ron, &ron_text));
    let ours_json = median(&|| read(Format::Json, &json_text));
    let serde_json_baseline = median(&|| {
        json_text
            .lines()
            .map(|line| {
                baseline::Organization::deserialize(&mut serde_json::Deserializer::from_str(line))
                    .expect("JSON")
            })
            .map(std::hint::black_box)
            .fold(0, |n, _| n + 1)
    });
    let per = |s: f64| s / count as f64 * 1e6;
    println!("| reader | µs/organization | ÷ serde + ron parse-only |");
    println!("|---|---|---|");
    println!(
        "| serde + ron parse-only (baseline) | {:.1} | 1.00 |",
        per(baseline)
    );
    println!(
        "| rules, RON | {:.1} | {:.2} |",
        per(ours_ron),
        ours_ron / baseline
    );
    println!(
        "| serde_json parse-only, JSON Lines | {:.1} | {:.2} |",
        per(serde_json_baseline),
        serde_json_baseline / baseline
    );
    println!(
        "| rules, JSON Lines | {:.1} | {:.2} |",
        per(ours_json),
        ours_json / baseline
    );
}
