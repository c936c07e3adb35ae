//! The page for a population: per competency and level, how many
//! organizations meet it (the numbers of `rules eval --summary`); for each
//! level, how far the organizations that miss it are from its nearest
//! path; who is at risk; how many levels lapse in each month to come; and a
//! table of the organizations that need attention, each linking to its
//! own section.
//!
//! However many organizations there are, the page stays small: each
//! outcome is digested as it is evaluated (in parallel) into counts and,
//! for the organizations that may be listed, a row and a section; at most
//! [`LISTED`] are kept, the most urgent first, and the page says how many
//! more there are.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use maud::{Markup, PreEscaped, html};
use rust_decimal::Decimal;

use super::chart::{self, Column};
use super::escape::anchor;
use super::organization;
use super::page::{self, Context, count, grouped, share, words};
use crate::batch::Report;
use crate::explain::text::missed_nearest_first;
use crate::explain::words::{CauseWords, HeldWords, LevelName};
use crate::outcome::{Gap, LevelOutcome, OrgOutcome, Status};
use crate::ruleset::RuleSet;
use crate::vocabulary::Level;

/// At most this many organizations are listed, with their sections.
pub const LISTED: usize = 500;

/// How far along the nearest path of a missed level is, in tenths: the
/// histogram's columns (0–9 %, …, 90–99 %).
const BINS: usize = 10;

/// Why an organization needs attention, the most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attention {
    /// Its membership's renewal is at risk.
    AtRisk,
    /// A level met today lapses before the outlook's horizon.
    Lapses,
    /// A missed level's nearest path is nine tenths done.
    NearMiss,
    /// Nothing: listed only when the whole population is.
    None,
}

/// What the page keeps of one organization's outcome: counts for the
/// charts, and (for one that may be listed) its row and section.
pub struct Digest {
    as_of: NaiveDate,
    eligible: Option<Level>,
    held: Option<(Level, Status)>,
    at_risk: bool,
    /// Per level, in rule-set order: `None` when met, else how far along
    /// its nearest path is (in tenths), if a gap was worked out.
    levels: Vec<Option<Option<usize>>>,
    /// Per designation, in rule-set order: whether it qualifies.
    designations: Vec<bool>,
    /// The days levels lapse on.
    lapses: Vec<NaiveDate>,
    attention: Attention,
    /// Its sort key within its kind of attention: the sooner or nearer, the smaller.
    urgency: (Option<NaiveDate>, Reverse<u32>),
    row: Option<Row>,
}

/// An organization's row in the table and its section.
struct Row {
    org: String,
    name: Option<String>,
    eligible: Option<Level>,
    held: String,
    at_risk: bool,
    met: usize,
    /// Designations it qualifies for.
    qualified: usize,
    /// The nearest missed level, and how far along its path is (percent).
    nearest: Option<(String, u32)>,
    /// The first lapse: its day and level.
    next_lapse: Option<(NaiveDate, String)>,
    /// At risk: the first cause, in words.
    cause: Option<String>,
    section: String,
}

impl Digest {
    /// Digests an outcome. `listed`: whether it may be listed whatever its
    /// attention (the whole population fits on the page).
    pub fn of(o: &OrgOutcome, list_all: bool) -> Digest {
        let levels: Vec<Option<Option<usize>>> = o
            .competencies
            .iter()
            .flat_map(|c| &c.levels)
            .map(|l| (!l.met).then(|| l.gap.as_ref().map(|g| bin(progress(l, g)))))
            .collect();
        let designations: Vec<bool> = o
            .competencies
            .iter()
            .filter(|c| c.designation)
            .map(|c| c.score.as_ref().is_some_and(|s| s.passed))
            .collect();
        let lapses: Vec<NaiveDate> = o.outlook.iter().filter_map(|l| l.on).collect();
        let missed = missed_nearest_first(o);
        let nearest = missed.first().map(|(c, l, g)| {
            (
                LevelName(o, &c.id, l.level).to_string(),
                (progress(l, g) * Decimal::from(100))
                    .floor()
                    .try_into()
                    .unwrap_or(0u32),
            )
        });
        let near_miss = missed
            .iter()
            .any(|(_, l, g)| bin(progress(l, g)) == BINS - 1);
        let next_lapse = o
            .outlook
            .iter()
            .filter_map(|l| Some((l.on?, LevelName(o, &l.competency, l.level).to_string())))
            .min_by_key(|(on, _)| *on);
        let m = &o.membership;
        let attention = if m.at_risk {
            Attention::AtRisk
        } else if next_lapse.is_some() {
            Attention::Lapses
        } else if near_miss {
            Attention::NearMiss
        } else {
            Attention::None
        };
        let urgency = (
            next_lapse.as_ref().map(|(on, _)| *on),
            Reverse(nearest.as_ref().map_or(0, |(_, p)| *p)),
        );
        let row = (list_all || attention != Attention::None).then(|| Row {
            org: o.org.clone(),
            name: o.name.clone(),
            eligible: m.eligible,
            held: HeldWords(m).to_string(),
            at_risk: m.at_risk,
            met: o
                .competencies
                .iter()
                .flat_map(|c| &c.levels)
                .filter(|l| l.met)
                .count(),
            qualified: designations.iter().filter(|q| **q).count(),
            nearest: nearest.clone(),
            next_lapse: next_lapse.clone(),
            cause: m
                .causes
                .first()
                .map(|cause| shorter(&CauseWords { outcome: o, cause }.to_string())),
            section: section(o).into_string(),
        });
        Digest {
            as_of: o.as_of,
            eligible: m.eligible,
            held: m.held.map(|l| (l, m.status)),
            at_risk: m.at_risk,
            levels,
            designations,
            lapses,
            attention,
            urgency,
            row,
        }
    }
}

/// How far along a missed level's nearest path is, from 0 to below 1: one
/// less the sum of each shortfall over what its requirement asks, shared
/// over the path's requirements (and its `unique people`, when short).
fn progress(level: &LevelOutcome, gap: &Gap) -> Decimal {
    let parts = level
        .paths
        .iter()
        .find(|p| p.id == gap.path)
        .map_or(0, |p| p.requirements.len())
        + gap
            .needs
            .iter()
            .filter(|n| n.requirement().is_none())
            .count();
    let short: Decimal = gap
        .needs
        .iter()
        .filter(|n| n.required > Decimal::ZERO)
        .map(|n| (n.short_by / n.required).min(Decimal::ONE))
        .sum();
    if parts == 0 {
        return Decimal::ZERO;
    }
    (Decimal::ONE - short / Decimal::from(parts)).clamp(Decimal::ZERO, Decimal::ONE)
}

/// The histogram column of a progress: its tenth, below the last for
/// anything not yet met.
fn bin(progress: Decimal) -> usize {
    let tenth: usize = (progress * Decimal::from(BINS as u32))
        .floor()
        .try_into()
        .unwrap_or(0);
    tenth.min(BINS - 1)
}

/// An organization's section: its summary, as its own page opens.
fn section(o: &OrgOutcome) -> Markup {
    let id = anchor("org", &o.org);
    html! {
        section.org aria-labelledby=(id) {
            h3 #(id) { (organization::title(o)) }
            p.sub { "as of " (o.as_of) ", " (o.market.keyword()) " market" }
            (organization::summary(o, false))
            @let lapsing: Vec<_> = o.outlook.iter().filter(|l| l.on.is_some()).collect();
            @if !lapsing.is_empty() {
                p {
                    "Lapses: "
                    @for (i, lapse) in lapsing.iter().enumerate() {
                        @if i > 0 { ", " }
                        (LevelName(o, &lapse.competency, lapse.level))
                        " on " (lapse.on.map(|d| d.to_string()).unwrap_or_default())
                    }
                }
            }
            p.top { a href="#organizations" { "Back to the table" } }
        }
    }
}

/// Code lists shortened as the text explanation shortens them.
fn shorter(text: &str) -> String {
    crate::explain::text::shorten_lists(text).unwrap_or_else(|| text.to_string())
}

/// One level's tallies beyond those of the batch report.
struct LevelStats {
    /// Missed with a gap worked out, per tenth of progress.
    bins: [usize; BINS],
    missed: usize,
}

/// Where an organization is listed: by its attention, its urgency, its
/// place in the input.
type Rank = (Attention, (Option<NaiveDate>, Reverse<u32>), usize);

/// The population's digests, added up as they come, in input order.
pub struct Population {
    levels: Vec<LevelStats>,
    /// Per designation, in rule-set order: its title, and how many qualify.
    designations: Vec<(String, usize)>,
    organizations: usize,
    dates: Option<(NaiveDate, NaiveDate)>,
    eligible: BTreeMap<Option<Level>, usize>,
    held: BTreeMap<(Level, &'static str), usize>,
    at_risk: usize,
    attention: BTreeMap<Attention, usize>,
    /// (year, month) → (levels lapsing, organizations with a level lapsing).
    lapses: BTreeMap<(i32, u32), (usize, usize)>,
    /// The organizations that may be listed, with their rank: kept to the
    /// [`LISTED`] most urgent.
    rows: Vec<(Rank, Row)>,
}

impl Population {
    pub fn new(rules: &RuleSet) -> Population {
        let levels = rules
            .competencies
            .iter()
            .flat_map(|c| &c.levels)
            .map(|_| LevelStats {
                bins: [0; BINS],
                missed: 0,
            })
            .collect();
        let designations = rules
            .competencies
            .iter()
            .filter(|c| c.designation)
            .map(|c| (c.title.clone(), 0))
            .collect();
        Population {
            levels,
            designations,
            organizations: 0,
            dates: None,
            eligible: BTreeMap::new(),
            held: BTreeMap::new(),
            at_risk: 0,
            attention: BTreeMap::new(),
            lapses: BTreeMap::new(),
            rows: Vec::new(),
        }
    }

    /// Adds the next organization's digest.
    pub fn add(&mut self, d: Digest) {
        let index = self.organizations;
        self.organizations += 1;
        self.dates = Some(match self.dates {
            None => (d.as_of, d.as_of),
            Some((first, last)) => (first.min(d.as_of), last.max(d.as_of)),
        });
        *self.eligible.entry(d.eligible).or_default() += 1;
        if let Some((level, status)) = d.held {
            *self.held.entry((level, status.keyword())).or_default() += 1;
        }
        self.at_risk += usize::from(d.at_risk);
        *self.attention.entry(d.attention).or_default() += 1;
        for ((_, n), qualified) in self.designations.iter_mut().zip(&d.designations) {
            *n += usize::from(*qualified);
        }
        for (stats, level) in self.levels.iter_mut().zip(&d.levels) {
            if let Some(progress) = level {
                stats.missed += 1;
                if let Some(bin) = progress {
                    stats.bins[*bin] += 1;
                }
            }
        }
        let mut months: Vec<(i32, u32)> = Vec::new();
        for on in &d.lapses {
            let month = (on.year(), on.month());
            self.lapses.entry(month).or_default().0 += 1;
            if !months.contains(&month) {
                months.push(month);
                self.lapses.entry(month).or_default().1 += 1;
            }
        }
        if let Some(row) = d.row {
            self.rows.push(((d.attention, d.urgency, index), row));
            if self.rows.len() >= 2 * LISTED {
                self.keep_most_urgent();
            }
        }
    }

    fn keep_most_urgent(&mut self) {
        self.rows.sort_by_key(|(rank, _)| *rank);
        self.rows.truncate(LISTED);
    }

    /// How many organizations are at risk.
    pub fn at_risk(&self) -> usize {
        self.at_risk
    }

    /// The page. `report` holds the batch and the tallies of `rules eval
    /// --summary`, which the levels' table shows as they are.
    pub fn page(mut self, report: &Report, context: &Context) -> String {
        self.keep_most_urgent();
        let done = report.batch.done;
        let subtitle = html! {
            (count(done, "organization", "organizations"))
            @match self.dates {
                Some((first, last)) if first == last => { ", as of " (first) }
                Some((first, last)) => { ", each as of its own date, from " (first) " to " (last) }
                None => {}
            }
        };
        let body = html! {
            (self.summary(report))
            (levels(report, &self.designations))
            (self.histograms(report))
            (self.at_risk_table())
            (self.lapses_by_month())
            (self.table())
        };
        page::document(
            "Competencies across a population",
            subtitle,
            body,
            context,
            true,
        )
    }

    fn summary(&self, report: &Report) -> Markup {
        let done = report.batch.done;
        let failed = report.batch.found.saturating_sub(done);
        let attention = self.organizations - self.attention.get(&Attention::None).unwrap_or(&0);
        html! {
            section aria-labelledby="summary" {
                h2 #summary { "Summary" }
                @if failed > 0 {
                    div.alert role="note" {
                        (count(failed, "organization", "organizations")) " of "
                        (grouped(report.batch.found)) " could not be evaluated: "
                        "the command's errors say why. They are left out of every number here."
                    }
                }
                dl.summary {
                    dt { "Organizations" }
                    dd { (grouped(done)) }
                    dt { "Eligible" }
                    dd {
                        @for (i, (level, n)) in self.eligible.iter().rev().enumerate() {
                            @if i > 0 { ", " }
                            (level.map_or("none", |l| l.title())) " " (grouped(*n)) " (" (share(*n, done)) ")"
                        }
                    }
                    dt { "Memberships" }
                    dd {
                        @if self.held.is_empty() { "none held" }
                        @for (i, ((level, status), n)) in self.held.iter().enumerate() {
                            @if i > 0 { ", " }
                            (level.title()) " " (status) " " (grouped(*n))
                        }
                    }
                    dt { "Renewal at risk" }
                    dd {
                        @if self.at_risk > 0 { span.tag.risk { (count(self.at_risk, "organization", "organizations")) } }
                        @else { "no organization" }
                    }
                    dt { "Needing attention" }
                    dd {
                        (count(attention, "organization", "organizations"))
                        ": at risk, a level lapsing before renewal, or a missed level 90 % along its nearest path"
                    }
                }
            }
        }
    }

    fn histograms(&self, report: &Report) -> Markup {
        let gaps = report.detail >= crate::outcome::DetailLevel::Gaps;
        let shown: Vec<(usize, &crate::batch::LevelTally, &LevelStats)> = report
            .levels
            .iter()
            .zip(&self.levels)
            .enumerate()
            .filter(|(_, (_, s))| s.bins.iter().sum::<usize>() > 0)
            .map(|(i, (t, s))| (i, t, s))
            .collect();
        html! {
            section aria-labelledby="distance" {
                h2 #distance { "How far the missed levels are" }
                @if !gaps || shown.is_empty() {
                    p { "No organization misses a level." }
                } @else {
                    p.note {
                        "For each level, the organizations that miss it, by how far along its nearest path they are "
                        "(each shortfall over what its requirement asks, shared over the path's requirements). "
                        "The last column, 90–99 %, in black, holds the near misses."
                    }
                    div.charts {
                        @for (i, tally, stats) in &shown {
                            @let name = format!("{} {}", tally.title, tally.level.title());
                            @let near = stats.bins[BINS - 1];
                            figure {
                                figcaption {
                                    (name) ": " (grouped(stats.missed)) " missed"
                                    @if near > 0 { ", " (grouped(near)) " near" }
                                }
                                (chart::columns(
                                    &format!("distance-{i}"),
                                    &format!("{name}: organizations missing it, by how far along"),
                                    &bins_description(&stats.bins),
                                    &bin_columns(&stats.bins),
                                ))
                            }
                        }
                    }
                }
            }
        }
    }

    fn at_risk_table(&self) -> Markup {
        let rows: Vec<&Row> = self
            .rows
            .iter()
            .filter(|(_, r)| r.at_risk)
            .map(|(_, r)| r)
            .collect();
        html! {
            section aria-labelledby="at-risk" {
                h2 #at-risk { "At risk" }
                @if self.at_risk == 0 {
                    p { "No organization's renewal is at risk." }
                } @else {
                    table {
                        caption { (count(self.at_risk, "organization's renewal is", "organizations' renewals are")) " at risk" }
                        thead { tr { th scope="col" { "Organization" } th scope="col" { "Held" } th scope="col" { "First cause" } } }
                        tbody {
                            @for r in &rows {
                                tr.risk {
                                    th scope="row" { (org_link(r)) }
                                    td { (r.held) }
                                    td { (words(r.cause.as_deref().unwrap_or(""))) }
                                }
                            }
                        }
                    }
                    @if rows.len() < self.at_risk {
                        p.note { (grouped(self.at_risk - rows.len())) " more not listed (at most " (LISTED) " organizations are)." }
                    }
                }
            }
        }
    }

    fn lapses_by_month(&self) -> Markup {
        let months: Vec<((i32, u32), (usize, usize))> =
            self.lapses.iter().map(|(k, v)| (*k, *v)).collect();
        let name = |(y, m): (i32, u32)| {
            NaiveDate::from_ymd_opt(y, m, 1)
                .map_or_else(String::new, |d| d.format("%b %Y").to_string())
        };
        let total: usize = months.iter().map(|(_, (n, _))| n).sum();
        let columns: Vec<Column> = months
            .iter()
            .map(|(month, (levels, _))| Column {
                label: name(*month),
                value: *levels,
                class: "plain",
            })
            .collect();
        let description: Vec<String> = months
            .iter()
            .map(|(m, (n, _))| format!("{}: {}", name(*m), grouped(*n)))
            .collect();
        html! {
            section aria-labelledby="lapses" {
                h2 #lapses { "Lapses by month" }
                @if months.is_empty() {
                    p { "No level met today lapses before its organization's renewal." }
                } @else {
                    p.note { "From each organization's renewal outlook: the levels met today that would lapse, by the month they would." }
                    figure {
                        figcaption { (count(total, "level lapses", "levels lapse")) }
                        (chart::columns("lapses-chart", "Levels lapsing, by month", &description.join("; "), &columns))
                    }
                    table {
                        caption { "Levels lapsing, by month" }
                        thead { tr { th scope="col" { "Month" } th.n scope="col" { "Levels" } th.n scope="col" { "Organizations" } } }
                        tbody {
                            @for (month, (levels, orgs)) in &months {
                                tr { th scope="row" { (name(*month)) } td.n { (grouped(*levels)) } td.n { (grouped(*orgs)) } }
                            }
                        }
                    }
                }
            }
        }
    }

    fn table(&self) -> Markup {
        let listed = self.rows.len();
        let not_listed = self.organizations - listed;
        html! {
            section aria-labelledby="organizations" {
                h2 #organizations { "Organizations" }
                @if not_listed > 0 {
                    p.note {
                        "The " (grouped(listed)) " that need attention most are listed (at risk, then a level lapsing soonest, then the nearest misses); "
                        (grouped(not_listed)) " more are not."
                    }
                }
                div.filter #org-filter hidden {
                    label { "Filter: " input type="search" aria-controls="org-table" placeholder="id, name, level…"; }
                    " " output aria-live="polite" {}
                }
                table #org-table data-sortable data-filter="org-filter" {
                    caption { (count(listed, "organization", "organizations")) ", each linking to its section below" }
                    thead {
                        tr {
                            th scope="col" { "Organization" }
                            th scope="col" { "Eligible" }
                            th scope="col" { "Held" }
                            th scope="col" { "At risk" }
                            th.n scope="col" data-numeric { "Levels met" }
                            @if !self.designations.is_empty() {
                                th.n scope="col" data-numeric { "Designations" }
                            }
                            th scope="col" { "Nearest missed" }
                            th.n scope="col" data-numeric { "Along" }
                            th scope="col" { "Next lapse" }
                        }
                    }
                    tbody {
                        @for (i, (_, r)) in self.rows.iter().enumerate() {
                            tr.risk[r.at_risk] data-order=(i) {
                                th scope="row" data-value=(r.org) { (org_link(r)) }
                                td data-value=(eligible_rank(r.eligible)) { (r.eligible.map_or("none", |l| l.title())) }
                                td { (r.held) }
                                td data-value=(u8::from(r.at_risk)) { @if r.at_risk { span.tag.risk { "AT RISK" } } @else { "no" } }
                                td.n { (r.met) }
                                @if !self.designations.is_empty() {
                                    td.n { (r.qualified) }
                                }
                                td { @if let Some((name, _)) = &r.nearest { (name) } @else { "none missed" } }
                                td.n data-value=(r.nearest.as_ref().map_or(101, |(_, p)| *p)) {
                                    @if let Some((_, p)) = &r.nearest { (p) "%" } @else { "-" }
                                }
                                td data-value=(r.next_lapse.as_ref().map_or("9999".to_string(), |(on, _)| on.to_string())) {
                                    @if let Some((on, level)) = &r.next_lapse { (on) " (" (level) ")" } @else { "none" }
                                }
                            }
                        }
                    }
                }
                h2 #sections { "Each organization listed" }
                @for (_, r) in &self.rows {
                    (PreEscaped(&r.section))
                }
            }
        }
    }
}

/// Gold 2, Silver 1, none 0: the order eligibility sorts in.
fn eligible_rank(level: Option<Level>) -> u8 {
    match level {
        None => 0,
        Some(Level::Silver) => 1,
        Some(Level::Gold) => 2,
    }
}

fn org_link(r: &Row) -> Markup {
    html! {
        a href=(format!("#{}", anchor("org", &r.org))) { code { (r.org) } }
        @if let Some(name) = &r.name { " " (name) }
    }
}

fn bin_columns(bins: &[usize; BINS]) -> Vec<Column> {
    bins.iter()
        .enumerate()
        .map(|(i, n)| Column {
            label: format!("{}", i * 10),
            value: *n,
            class: if i == BINS - 1 { "near" } else { "missed" },
        })
        .collect()
}

fn bins_description(bins: &[usize; BINS]) -> String {
    bins.iter()
        .enumerate()
        .map(|(i, n)| format!("{}–{} %: {}", i * 10, i * 10 + 9, grouped(*n)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Per competency and level, how many organizations meet it, and how many
/// are one requirement away: the numbers of `rules eval --summary`; then
/// per designation, how many qualify.
fn levels(report: &Report, designations: &[(String, usize)]) -> Markup {
    let done = report.batch.done;
    let gaps = report.detail >= crate::outcome::DetailLevel::Gaps;
    html! {
        section aria-labelledby="levels" {
            h2 #levels { "Levels met" }
            @if report.levels.is_empty() && !designations.is_empty() {
                p { "The rules define no levels, only designations." }
            } @else {
            table.levels {
                caption { "Per competency and level: organizations that meet it, and those one requirement away (as " code { "rules eval --summary" } ")" }
                thead {
                    tr {
                        th scope="col" { "Competency and level" }
                        th.n scope="col" { "Met" }
                        th.n scope="col" { "%" }
                        th scope="col" { span.vh { "Met, drawn" } }
                        @if gaps {
                            th.n scope="col" { "One requirement away" }
                            th.n scope="col" { "%" }
                        }
                    }
                }
                tbody {
                    @for l in &report.levels {
                        tr {
                            th scope="row" { (l.title) " " (l.level.title()) }
                            td.n { (grouped(l.met)) }
                            td.n { (share(l.met, done)) }
                            td { (chart::row_bar(l.met, done, "met")) }
                            @if gaps {
                                td.n { (grouped(l.one_away)) }
                                td.n { (share(l.one_away, done)) }
                            }
                        }
                    }
                }
            }
            }
            @if !designations.is_empty() {
                table.designations {
                    caption { "Per designation: organizations that qualify" }
                    thead {
                        tr {
                            th scope="col" { "Designation" }
                            th.n scope="col" { "Qualify" }
                            th.n scope="col" { "%" }
                            th scope="col" { span.vh { "Qualify, drawn" } }
                        }
                    }
                    tbody {
                        @for (title, n) in designations {
                            tr {
                                th scope="row" { (title) }
                                td.n { (grouped(*n)) }
                                td.n { (share(*n, done)) }
                                td { (chart::row_bar(*n, done, "met")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_are_tenths_below_the_last() {
        assert_eq!(bin(Decimal::ZERO), 0);
        assert_eq!(bin(Decimal::new(95, 3)), 0);
        assert_eq!(bin(Decimal::new(5, 1)), 5);
        assert_eq!(bin(Decimal::new(999, 3)), 9);
        assert_eq!(bin(Decimal::ONE), 9);
    }
}
