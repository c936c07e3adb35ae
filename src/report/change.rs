//! The page for a rule change (`--base`): what `rules diff --why` says,
//! drawn. Per rule that changed, how many organizations it flips (its
//! numbers) and how many of them gain and lose each level it touches; per
//! competency and level, how many meet it before and after; then the
//! organizations whose outcome changes, each level that moved with the
//! numbers that flipped it.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::chart;
use super::escape::anchor;
use super::page::{self, Context, count, grouped, words};
use crate::batch::Batch;
use crate::diff::rule_changes::{self, Place, RuleChange};
use crate::diff::{LevelChange, LevelMove, OrgChange, Tally, WhyTally};
use crate::explain::why;
use crate::ruleset::RuleSet;
use crate::verdict::Verdict;
use crate::vocabulary::Level;

/// At most this many changed organizations are listed.
pub const LISTED: usize = 500;

/// A level: (competency id, title, level).
type LevelKey = (String, String, Level);

/// How the organizations a rule change flips move, per level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Moves {
    pub lost: usize,
    pub gained: usize,
    pub other_path: usize,
}

/// The changes of a population, gathered as they come in input order.
pub struct Changes {
    /// The rule changes (with no counts: those are the diff's tally's).
    rules: WhyTally,
    /// Per rule change, in order: per level it touches, how the
    /// organizations it flips move.
    per_rule: Vec<BTreeMap<LevelKey, Moves>>,
    changed: usize,
    /// The organizations listed: those losing a level first, then in input order.
    rows: Vec<((bool, usize), OrgChange)>,
}

impl Changes {
    pub fn new(base: &RuleSet, new: &RuleSet) -> Changes {
        let rules = WhyTally {
            rule_changes: rule_changes::compare(base, new)
                .into_iter()
                .map(|c| (c, 0))
                .collect(),
            levels: Vec::new(),
        };
        let per_rule = vec![BTreeMap::new(); rules.rule_changes.len()];
        Changes {
            rules,
            per_rule,
            changed: 0,
            rows: Vec::new(),
        }
    }

    /// Adds the next organization whose outcome changes.
    pub fn add(&mut self, change: &OrgChange) {
        let flips = self.rules.flipped_by(change);
        for (((rule, _), moves), flips) in self
            .rules
            .rule_changes
            .iter()
            .zip(&mut self.per_rule)
            .zip(flips)
        {
            if !flips {
                continue;
            }
            for l in change.levels.iter().filter(|l| touches(rule, l)) {
                let entry = moves
                    .entry((l.competency.clone(), l.title.clone(), l.level))
                    .or_default();
                match l.movement() {
                    LevelMove::Lost => entry.lost += 1,
                    LevelMove::Gained => entry.gained += 1,
                    LevelMove::OtherPath => entry.other_path += 1,
                }
            }
        }
        let loses = change
            .levels
            .iter()
            .any(|l| l.movement() == LevelMove::Lost);
        self.rows.push(((!loses, self.changed), change.clone()));
        self.changed += 1;
        if self.rows.len() >= 2 * LISTED {
            self.keep_first();
        }
    }

    fn keep_first(&mut self) {
        self.rows.sort_by_key(|(rank, _)| *rank);
        self.rows.truncate(LISTED);
    }

    /// Per rule change, in order: per level, how the organizations it flips move.
    pub fn per_rule(&self) -> &[BTreeMap<LevelKey, Moves>] {
        &self.per_rule
    }

    /// The page. `tally` is the diff's, with `why`: its counts are shown as they are.
    pub fn page(mut self, tally: &Tally, batch: &Batch, context: &Context) -> String {
        self.keep_first();
        let subtitle = html! {
            (grouped(tally.changed)) " of " (count(tally.organizations, "organization", "organizations"))
            " " (if tally.changed == 1 { "changes" } else { "change" })
        };
        let body = html! {
            (summary(tally, batch))
            (self.rule_changes(tally))
            @if let Some(why) = &tally.why { (level_table(&why.levels)) }
            (self.organizations())
        };
        page::document("What a rule change changes", subtitle, body, context, true)
    }

    fn rule_changes(&self, tally: &Tally) -> Markup {
        let counts: Vec<usize> = tally.why.as_ref().map_or_else(
            || vec![0; self.per_rule.len()],
            |w| w.rule_changes.iter().map(|(_, n)| *n).collect(),
        );
        let max = self
            .per_rule
            .iter()
            .flat_map(|m| m.values())
            .map(|m| m.lost.max(m.gained))
            .max()
            .unwrap_or(0);
        html! {
            section aria-labelledby="rule-changes" {
                h2 #rule-changes { "Rule changes" }
                @if self.rules.rule_changes.is_empty() {
                    p { "None: the two rule sets mean the same." }
                }
                @for (i, (((rule, _), moves), flips)) in self.rules.rule_changes.iter().zip(&self.per_rule).zip(&counts).enumerate() {
                    section.rule aria-labelledby=(format!("rule-{i}")) {
                        h3 #(format!("rule-{i}")) { (words(&why::rule_change(rule))) }
                        p { "Flips " strong { (count(*flips, "organization", "organizations")) } "." }
                        @if !moves.is_empty() {
                            table.moves {
                                caption { "Of those, per level" }
                                thead {
                                    tr {
                                        th scope="col" { "Level" }
                                        th.n scope="col" { "Lose it" }
                                        th scope="col" { span.vh { "Lost and gained, drawn" } }
                                        th.n scope="col" { "Gain it" }
                                        th.n scope="col" { "Other path" }
                                    }
                                }
                                tbody {
                                    @for ((_, title, level), m) in moves {
                                        tr {
                                            th scope="row" { (title) " " (level.title()) }
                                            td.n { (grouped(m.lost)) }
                                            td { (chart::diverging(m.lost, m.gained, max)) }
                                            td.n { (grouped(m.gained)) }
                                            td.n { (grouped(m.other_path)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn organizations(&self) -> Markup {
        let not_listed = self.changed - self.rows.len();
        html! {
            section aria-labelledby="changed" {
                h2 #changed { "Organizations that change" }
                @if self.changed == 0 {
                    p { "No organization's outcome changes." }
                } @else {
                    @if not_listed > 0 {
                        p.note { "The first " (grouped(self.rows.len())) " are listed, those losing a level first; " (grouped(not_listed)) " more are not." }
                    }
                    div.filter #org-filter hidden {
                        label { "Filter: " input type="search" aria-controls="org-table" placeholder="id, name, level…"; }
                        " " output aria-live="polite" {}
                    }
                    table #org-table data-sortable data-filter="org-filter" {
                        caption { (count(self.rows.len(), "organization", "organizations")) ": each level that moved, and what flipped it" }
                        thead {
                            tr {
                                th scope="col" { "Organization" }
                                th scope="col" { "Levels" }
                                th scope="col" { "Also" }
                            }
                        }
                        tbody {
                            @for (i, (_, change)) in self.rows.iter().enumerate() {
                                tr data-order=(i) {
                                    th scope="row" #(anchor("org", &change.org)) data-value=(change.org) {
                                        code { (change.org) }
                                        @if let Some(name) = &change.name { " " (name) }
                                    }
                                    td {
                                        ul.moves {
                                            @for l in &change.levels { li { (level_change(l)) } }
                                        }
                                    }
                                    td {
                                        @for (j, c) in why::consequences(change).iter().enumerate() {
                                            @if j > 0 { "; " }
                                            (words(c))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whether a level's move is in the part of the rules a change is in: its
/// level, its competency, or (settings) anywhere.
fn touches(rule: &RuleChange, l: &LevelChange) -> bool {
    match &rule.place {
        Place::Settings => true,
        Place::Competency { id, .. } => *id == l.competency,
        place => place
            .level()
            .is_some_and(|(c, level)| c == l.competency && level == l.level),
    }
}

fn level_change(l: &LevelChange) -> Markup {
    let tag = match l.movement() {
        LevelMove::Lost => html! { span.tag.missed { "LOST" } },
        LevelMove::Gained => html! { span.tag.met { "GAINED" } },
        LevelMove::OtherPath => html! { span.tag.ok { "OTHER PATH" } },
    };
    html! {
        (tag) " " strong { (l.title) " " (l.level.title()) } ": "
        (words(&Verdict::describe(&l.before))) " → " (words(&Verdict::describe(&l.after)))
        @if !l.why.is_empty() {
            ul {
                @for f in &l.why { li { (words(&why::shorten_lists(&why::flip(f)))) } }
            }
        }
    }
}

/// `Security 3, Modern Work 1`: organizations that stop (or start) qualifying, per designation.
fn designation_list(map: &BTreeMap<(String, String), usize>) -> Markup {
    html! {
        @if map.is_empty() { "none" }
        @for (i, ((_, title), n)) in map.iter().enumerate() {
            @if i > 0 { ", " }
            (title) " " (grouped(*n))
        }
    }
}

fn summary(tally: &Tally, batch: &Batch) -> Markup {
    let failed = batch.found.saturating_sub(batch.done);
    let level_list = |map: &BTreeMap<LevelKey, usize>| -> Markup {
        html! {
            @if map.is_empty() { "none" }
            @for (i, ((_, title, level), n)) in map.iter().enumerate() {
                @if i > 0 { ", " }
                (title) " " (level.title()) " " (grouped(*n))
            }
        }
    };
    html! {
        section aria-labelledby="summary" {
            h2 #summary { "Summary" }
            @if failed > 0 {
                div.alert role="note" {
                    (count(failed, "organization", "organizations")) " of " (grouped(batch.found))
                    " could not be evaluated: the command's errors say why. They are left out of every number here."
                }
            }
            dl.summary {
                dt { "Organizations" }
                dd { (grouped(tally.organizations)) ", " (grouped(tally.changed)) " of them change" }
                dt { "Levels lost" }
                dd { (level_list(&tally.lost)) }
                dt { "Levels gained" }
                dd { (level_list(&tally.gained)) }
                dt { "Met by another path" }
                dd { (level_list(&tally.other_path)) }
                @if !tally.designations_lost.is_empty() || !tally.designations_gained.is_empty() {
                    dt { "Designations lost" }
                    dd { (designation_list(&tally.designations_lost)) }
                    dt { "Designations gained" }
                    dd { (designation_list(&tally.designations_gained)) }
                }
                dt { "Eligibility" }
                dd {
                    @if tally.eligibility.is_empty() { "unchanged" }
                    @for (i, ((b, a), n)) in tally.eligibility.iter().enumerate() {
                        @if i > 0 { ", " }
                        (b.map_or("none", |l| l.title())) " → " (a.map_or("none", |l| l.title())) " " (grouped(*n))
                    }
                }
                dt { "Renewal" }
                dd {
                    (grouped(tally.newly_at_risk)) " become at risk, "
                    (grouped(tally.no_longer_at_risk)) " no longer at risk"
                }
                dt { "Profile" }
                dd { (count(tally.profile_changed, "organization's profile changes", "organizations' profiles change")) }
            }
        }
    }
}

/// Per competency and level: met before and after, lost, gained, other
/// path (as `rules diff --why`'s table); the levels nothing moves are
/// counted, not listed.
fn level_table(levels: &[crate::diff::LevelCount]) -> Markup {
    let moved: Vec<&crate::diff::LevelCount> = levels
        .iter()
        .filter(|l| l.lost + l.gained + l.other_path > 0 || l.met_before != l.met_after)
        .collect();
    let max = moved
        .iter()
        .map(|l| l.lost.max(l.gained))
        .max()
        .unwrap_or(0);
    html! {
        section aria-labelledby="levels" {
            h2 #levels { "Per competency and level" }
            @if moved.is_empty() {
                p { "No level moves." }
            } @else {
                table.levels {
                    caption {
                        "Levels that move: organizations meeting each before and after, and how they move"
                        @if moved.len() < levels.len() { " (" (levels.len() - moved.len()) " other levels do not move)" }
                    }
                    thead {
                        tr {
                            th scope="col" { "Competency and level" }
                            th.n scope="col" { "Met before" }
                            th.n scope="col" { "Met after" }
                            th.n scope="col" { "Lost" }
                            th scope="col" { span.vh { "Lost and gained, drawn" } }
                            th.n scope="col" { "Gained" }
                            th.n scope="col" { "Other path" }
                        }
                    }
                    tbody {
                        @for l in &moved {
                            tr {
                                th scope="row" { (l.title) " " (l.level.title()) }
                                td.n { (grouped(l.met_before)) }
                                td.n { (grouped(l.met_after)) }
                                td.n { (grouped(l.lost)) }
                                td { (chart::diverging(l.lost, l.gained, max)) }
                                td.n { (grouped(l.gained)) }
                                td.n { (grouped(l.other_path)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
