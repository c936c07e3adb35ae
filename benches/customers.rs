//! Per-customer measures at scale: one organization with 1,000 tenants and
//! 50,000 records, evaluated against a count of net adds, a count of new
//! crossings, a count of workloads and a growth, at each detail:
//! `cargo bench --bench customers [-- RECORDS TENANTS]`.
//!
//! Each tenant's measure is a series built in one sweep over its records, so
//! the cost should grow as records · log records, not with tenants × dates.

use std::sync::Arc;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use rules::evaluate::{Severance, evaluate_with};
use rules::facts::{MetricRecord, Organization};
use rules::outcome::DetailLevel;
use rules::source::{Loc, SourceFile};
use rules::vocabulary::{Market, Metric};

const RULES: &str = r#"
workloads d365 = [sales, customer_service, field_service]
competency c "Customers" {
    silver {
        path adds { net 400 tenants (developing 200 by customer) with seats d365 via [csp, cpor] >= 1 over 12 months }
        path deployments { new 100 tenants with usage d365 >= 250 (developing 150 by customer) over 12 months }
        path month { net 50 tenants with revenue d365 >= $1,000 in a month over 2 months since 12 months ago }
        path kinds { 3 workloads with revenue d365 > $0 over 12 months }
        path growth { growth usage d365 via [csp, cpor] >= 25% over 12 months with baseline >= 250 }
    }
}
"#;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let records = args.first().copied().unwrap_or(50_000);
    let tenants = args.get(1).copied().unwrap_or(1_000) as u64;
    let rules = rules::load::check_sources(vec![SourceFile::new("bench.rules", RULES)])
        .unwrap_or_else(|d| panic!("{}", d.render(rules::diagnostics::Style::PLAIN)));
    let as_of: NaiveDate = "2026-11-23".parse().expect("a date");
    let source = SourceFile::new("bench.ron", "");
    let org = organization(records, tenants, as_of, &source);
    let severance = Severance::new();
    println!("{records} records over {tenants} tenants, one organization");
    for detail in DetailLevel::ALL {
        let start = Instant::now();
        let outcome = evaluate_with(&rules, &org, as_of, &severance, detail);
        let took = start.elapsed();
        let met = outcome.competencies[0].levels[0].met;
        println!(
            "  {:>8}: {:>8.1} ms (met: {met})",
            detail.keyword(),
            took.as_secs_f64() * 1e3
        );
    }
}

/// Records of the three workloads, spread over two years and the tenants by
/// a fixed sequence (no randomness: the same organization every run).
fn organization(
    records: usize,
    tenants: u64,
    as_of: NaiveDate,
    source: &Arc<SourceFile>,
) -> Organization {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let metrics = (0..records)
        .map(|_| {
            let kind = [Metric::Seats, Metric::Usage, Metric::Revenue][next(3) as usize];
            let workload = ["sales", "customer_service", "field_service"][next(3) as usize];
            let association = ["csp", "cpor", "dpor"][next(3) as usize];
            MetricRecord {
                kind,
                workload: workload.to_string(),
                value: rust_decimal::Decimal::from(next(600)),
                date: as_of
                    .checked_sub_days(Days::new(next(730)))
                    .expect("a date"),
                association: Some(association.to_string()),
                offer: None,
                customer: Some(format!("tenant-{}", next(tenants))),
                customer_market: (next(10) == 0).then_some(Market::Developed),
                workload_loc: Loc::new(source, 0..0),
                association_loc: None,
            }
        })
        .collect();
    Organization {
        id: "bench".to_string(),
        name: None,
        market: Market::Developing,
        as_of: Some(as_of),
        membership: None,
        metrics,
        people: Vec::new(),
        attestations: Vec::new(),
        source: source.clone(),
        id_loc: Loc::new(source, 0..0),
    }
}
