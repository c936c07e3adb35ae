//! Counts of tenants and workloads, growth and change, and the best month,
//! against the reference evaluator's plain reading (each tenant's records
//! alone, measured again on every day `new` asks about): on seeded random
//! organizations with tenants, records around the thresholds and dates
//! around the start and the window's edges, every requirement must be met
//! or missed alike at several dates; and the renewal outlook (a sweep over
//! each tenant's series) must find the same first lapse as evaluating again
//! on every date something changes.

mod generate;
mod reference;
mod support;

use chrono::{Days, NaiveDate};
use rules::evaluate::{Severance, evaluate, outlook_by_reevaluation};

/// Requirements of every new kind, one path each.
const RULES: &str = r#"
workloads ws = [alpha, beta, gamma]
competency c "C" {
    silver {
        path plain { 2 tenants with seats ws via [csp] >= 5 (developing 3 by customer) over 6 months }
        path net { net 1 tenant (developing 1 by customer) with usage ws >= 100 over 12 months }
        path new { new 1 tenant with revenue ws >= $1,000 over 3 months }
        path month { net 1 tenant with revenue ws where offer not in [trial] >= $500 in a month over 2 months since 12 months ago }
        path kinds { 2 workloads with revenue ws > $0 over 12 months }
        path since_date { new 2 tenants with seats ws >= 10 since 2026-01-31 }
        path growth { growth usage ws >= 25% over 12 months with baseline >= 100 (developing 50 by customer) }
        path change { change revenue [alpha * 2, beta] via [csp] >= $1,000 (developing $500) over 6 months }
        path best { revenue ws >= $1,500 in a month over 12 months }
        path people { growth people certified in ["X-1"] >= 50% since 6 months ago with baseline >= 1 }
    }
}
"#;

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn day(base: NaiveDate, offset: u64) -> NaiveDate {
    base.checked_sub_days(Days::new(offset)).expect("a date")
}

/// An organization around `as_of`: tenants with records over two years,
/// dated often on month ends and on the day a start or window begins.
fn facts(seed: u64, as_of: NaiveDate) -> String {
    let mut r = Lcg(seed);
    let market = if r.below(3) == 0 {
        "Developing"
    } else {
        "Developed"
    };
    let mut out = format!("Organization(id: \"org{seed}\", market: {market}, metrics: [\n");
    let edges = [
        "2025-06-15",
        "2025-12-15",
        "2026-01-31",
        "2026-03-15",
        "2025-07-31",
        "2026-05-31",
        "2026-06-15",
    ];
    for _ in 0..6 + r.below(20) {
        let kind = r.pick(&["Seats", "Usage", "Revenue"]);
        let workload = r.pick(&["alpha", "beta", "gamma", "delta"]);
        let date = if r.below(3) == 0 {
            r.pick(&edges).to_string()
        } else {
            day(as_of, r.below(730)).to_string()
        };
        let value = match kind {
            "Revenue" => [0, 250, 499, 500, 750, 1000, 1500, 2000][r.below(8) as usize],
            _ => [0, 2, 3, 5, 10, 50, 99, 100, 150][r.below(9) as usize],
        };
        let mut line = format!(
            "  Metric(kind: {kind}, workload: \"{workload}\", value: {value}, date: \"{date}\""
        );
        match r.below(4) {
            0 => {}
            1 => line.push_str(", association: Some(\"tpor\")"),
            _ => line.push_str(", association: Some(\"csp\")"),
        }
        if r.below(6) == 0 {
            line.push_str(", offer: Some(\"trial\")");
        }
        if r.below(8) != 0 {
            line.push_str(&format!(", customer: Some(\"t{}\")", r.below(5)));
        }
        if r.below(5) == 0 {
            line.push_str(", customer_market: Some(Developed)");
        }
        line.push_str("),\n");
        out.push_str(&line);
    }
    out.push_str("], people: [\n");
    for p in 0..r.below(5) {
        let passed = day(as_of, r.below(400));
        let expires = if r.below(3) == 0 {
            format!(
                "Some(\"{}\")",
                day(as_of, r.below(200)).max(passed.succ_opt().unwrap())
            )
        } else {
            "None".to_string()
        };
        out.push_str(&format!(
            "  Person(id: \"p{p}\", associated: \"2024-01-01T00:00:00Z\", achievements: [Achievement(kind: Certification, code: \"X-1\", passed: \"{passed}\", expires: {expires})]),\n"
        ));
    }
    out.push_str("])\n");
    out
}

#[test]
fn counts_and_growth_agree_with_the_reference() {
    let rules = generate::check(RULES);
    let severance = Severance::new();
    let dates = ["2026-06-15", "2026-07-31", "2026-03-01", "2026-12-31"];
    // How often each path was met and missed: the cases must show both.
    let mut seen = vec![(0u32, 0u32); rules.competencies[0].levels[0].paths.len()];
    for seed in 0..150u64 {
        for date in dates {
            let date: NaiveDate = date.parse().unwrap();
            let text = facts(seed, date);
            let org = generate::parse_facts(&text);
            let outcome = evaluate(&rules, &org, date, &severance);
            let judged = reference::evaluate(&rules, &org, date, &[]);
            let level = &outcome.competencies[0].levels[0];
            let expected = &judged.levels[0];
            for (k, (path, want)) in level.paths.iter().zip(&expected.paths).enumerate() {
                if path.met {
                    seen[k].0 += 1;
                } else {
                    seen[k].1 += 1;
                }
                assert_eq!(
                    path.met, want.met,
                    "path `{}` on {date}, seed {seed}:\n{text}",
                    path.id
                );
            }
        }
    }
    for (path, (met, missed)) in rules.competencies[0].levels[0].paths.iter().zip(seen) {
        assert!(
            met > 0 && missed > 0,
            "path `{}` was met {met} times and missed {missed}: the cases test too little",
            path.id
        );
    }
}

#[test]
fn the_outlook_of_counts_and_growth_matches_evaluating_again() {
    let severance = Severance::new();
    // One path at a time, so that each kind decides the level on its own.
    let full = generate::check(RULES);
    let paths = &full.competencies[0].levels[0].paths;
    let mut lapses = 0;
    for (k, path) in paths.iter().enumerate() {
        let mut rules = full.clone();
        rules.competencies[0].levels[0].paths = vec![path.clone()];
        for seed in 0..40u64 {
            let date: NaiveDate = "2026-06-15".parse().unwrap();
            let text = facts(1_000 + seed * 7 + k as u64, date);
            let org = generate::parse_facts(&text);
            let outcome = evaluate(&rules, &org, date, &severance);
            let (plain, _) = outlook_by_reevaluation(&rules, &org, date, &severance);
            let swept: Vec<_> = outcome.outlook.iter().map(|l| l.on).collect();
            let again: Vec<_> = plain.iter().map(|l| l.on).collect();
            assert_eq!(swept, again, "path `{}`, seed {seed}:\n{text}", path.id);
            lapses += swept.iter().filter(|on| on.is_some()).count();
        }
    }
    assert!(
        lapses >= 20,
        "only {lapses} lapses: the cases test too little"
    );
}
