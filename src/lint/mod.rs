//! Lints: rule sets that are valid but probably not what was meant. Each
//! finding is a warning (`rules check` still succeeds, unless told to deny
//! warnings), with a stable code:
//!
//! - `lint::gold_no_harder`: a Gold path that every organization meeting some
//!   Silver path of the same competency meets too.
//! - `lint::path_never_decides`: a path that can never be the one that decides
//!   its level (`met_by`), because a path written before it is met whenever it is.
//! - `lint::developing_above_developed`: `(developing X)` above the developed threshold.
//! - `lint::duplicate_code`: an entry listed twice in one code list, `via`
//!   list or benefits list.
//! - `lint::override_org_absent` (only against a facts folder): an override
//!   for an organization the facts do not hold.
//! - `lint::retired_before_facts` (only against a facts folder): a retired
//!   code accepted through a day before every evaluation date of the facts,
//!   so no one holding it counts.
//! - `lint::score_max_mismatch`: a score's or category's `max` that is not
//!   the sum of its tracks' (the best's) or metrics' maximums.
//! - `lint::too_many_paths`: a level with more than [`MAX_PATHS_COMPARED`]
//!   paths; the first two lints compare paths two by two, so only that many
//!   of them are compared (more would take minutes, not milliseconds).
//!
//! The first two rest on deciding whether one path implies another:
//! [`implication`]. A warning allowed where it is written (`# allow(NAME):
//! reason`, see `check::allow`) is not reported.

pub mod implication;
mod warning;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::facts::Organization;
use crate::problem::Problem;
use crate::ruleset::*;
use crate::source::{Loc, Node};
use crate::suggest::did_you_mean;
use crate::vocabulary::Level;
use implication::path_implies;
pub use warning::{LintKind, LintWarning, OrgMeant, WARNINGS};

/// What a facts folder holds, as far as the lints need: the organizations'
/// ids, and the earliest day one of them is evaluated at.
#[derive(Clone, Debug, Default)]
pub struct FactsSeen {
    pub organizations: BTreeSet<String>,
    pub earliest_evaluation: Option<NaiveDate>,
}

impl FactsSeen {
    /// `today` stands in for an organization without `as_of`, as it does when
    /// `rules eval` runs without `--as-of`.
    pub fn of(organizations: &[Organization], today: NaiveDate) -> FactsSeen {
        FactsSeen {
            organizations: organizations.iter().map(|o| o.id.clone()).collect(),
            earliest_evaluation: organizations.iter().map(|o| o.as_of.unwrap_or(today)).min(),
        }
    }
}

/// How many paths of one level the lints compare two by two: far more than
/// any real level has, few enough that comparing them takes milliseconds.
pub const MAX_PATHS_COMPARED: usize = 1000;

/// Every lint finding for `rules`, in the order of the text they point at;
/// with `facts`, also what the rules name that the facts never show.
pub fn lint(rules: &RuleSet, facts: Option<&FactsSeen>) -> Vec<LintWarning> {
    let mut found: Vec<LintWarning> = Vec::new();
    let mut warn = |kind: LintKind, loc: &Loc| found.push(Problem::new(kind, loc.clone()));
    for competency in &rules.competencies {
        if let Some(score) = &competency.score {
            score_maximums(score, &mut warn);
        }
        for level in &competency.levels {
            duplicates(&level.benefits_written, "benefit", &mut warn);
            if level.paths.len() > MAX_PATHS_COMPARED {
                let kind = LintKind::TooManyPaths {
                    competency: competency.id.clone(),
                    level: level.level.keyword(),
                    count: level.paths.len(),
                    max: MAX_PATHS_COMPARED,
                };
                warn(kind, &level.loc.first(level.level.keyword().len()));
            }
            for (j, path) in level.paths.iter().enumerate() {
                let earlier = match level.paths.get(..j) {
                    Some(earlier) if j < MAX_PATHS_COMPARED => earlier,
                    _ => &[],
                };
                if let Some(earlier) = earlier.iter().find(|p| path_implies(path, p)) {
                    let kind = LintKind::PathNeverDecides {
                        competency: competency.id.clone(),
                        level: level.level.keyword(),
                        path: path.id.clone(),
                        earlier: earlier.id.clone(),
                        earlier_loc: earlier.id_loc.clone(),
                    };
                    warn(kind, &path.id_loc);
                }
                for r in &path.requirements {
                    requirement(r, &mut warn);
                }
            }
        }
        if let (Some(silver), Some(gold)) = (
            competency.level(Level::Silver),
            competency.level(Level::Gold),
        ) {
            let silver_paths = &silver.paths[..silver.paths.len().min(MAX_PATHS_COMPARED)];
            for g in gold.paths.iter().take(MAX_PATHS_COMPARED) {
                if let Some(s) = silver_paths.iter().find(|s| path_implies(s, g)) {
                    let kind = LintKind::GoldNoHarder {
                        competency: competency.id.clone(),
                        gold: g.id.clone(),
                        silver: s.id.clone(),
                        silver_loc: s.id_loc.clone(),
                    };
                    warn(kind, &g.id_loc);
                }
            }
        }
    }
    if let Some(seen) = facts {
        if let Some(earliest) = seen.earliest_evaluation {
            gates_never_open(rules, earliest, &mut warn);
            for r in rules
                .retired
                .iter()
                .filter(|r| r.accepted_through < earliest)
            {
                let kind = LintKind::RetiredBeforeFacts {
                    code: r.code.clone(),
                    accepted_through: r.accepted_through,
                    earliest,
                };
                warn(kind, &r.loc);
            }
        }
        for o in &rules.overrides {
            if !seen.organizations.contains(&o.org) {
                let meant = did_you_mean(&o.org, seen.organizations.iter().map(String::as_str))
                    .map(|m| OrgMeant(m.to_string()));
                let kind = LintKind::OverrideOrgAbsent {
                    org: o.org.clone(),
                    meant,
                };
                warn(kind, &o.loc);
            }
        }
    }
    // Those allowed where they are intended are not warnings.
    found.retain(|w| {
        let code = miette::Diagnostic::code(&w.kind)
            .map(|c| c.to_string())
            .unwrap_or_default();
        !rules.allows.iter().any(|a| a.covers(&code, &w.loc))
    });
    // By file (in the order read), then by place; stable, so that findings
    // at the same place keep the order above.
    let file_order: HashMap<*const crate::source::SourceFile, usize> = rules
        .sources
        .iter()
        .enumerate()
        .map(|(i, file)| (Arc::as_ptr(file), i))
        .collect();
    found.sort_by_key(|w| {
        (
            file_order.get(&Arc::as_ptr(&w.loc.src)).copied(),
            w.loc.start,
        )
    });
    found
}

/// Maximums written that their parts do not add up to.
fn score_maximums(score: &ScoreRules, warn: &mut impl FnMut(LintKind, &Loc)) {
    let shown = |d: rust_decimal::Decimal| crate::syntax::print_score::points(d);
    let best = score.tracks.iter().map(|t| t.max).max().unwrap_or_default();
    if best != score.max {
        let kind = LintKind::ScoreMaxMismatch {
            what: "score",
            id: score.id.clone(),
            declared: shown(score.max),
            sum: shown(best),
        };
        warn(kind, &score.loc.first("score".len()));
    }
    for track in &score.tracks {
        for category in track.categories.iter().filter(|c| c.id.is_some()) {
            let sum: rust_decimal::Decimal = category.metrics.iter().map(|m| m.max).sum();
            if sum != category.max {
                let kind = LintKind::ScoreMaxMismatch {
                    what: "category",
                    id: category.id.clone().unwrap_or_default(),
                    declared: shown(category.max),
                    sum: shown(sum),
                };
                let loc = category.metrics.first().map_or(&score.loc, |m| &m.loc);
                warn(kind, loc);
            }
        }
    }
    // Tracks' conditions, gates and lines alike.
    for r in score.requirements() {
        requirement(r, warn);
    }
}

/// Gates of score metrics that no one can meet on or after `earliest`,
/// because the codes they need were retired and accepted only before it.
fn gates_never_open(rules: &RuleSet, earliest: NaiveDate, warn: &mut impl FnMut(LintKind, &Loc)) {
    let gone: HashMap<&str, NaiveDate> = rules
        .retired
        .iter()
        .filter(|r| r.accepted_through < earliest)
        .map(|r| (r.code.as_str(), r.accepted_through))
        .collect();
    if gone.is_empty() {
        return;
    }
    let metrics = rules
        .competencies
        .iter()
        .filter_map(|c| c.score.as_ref())
        .flat_map(|s| s.metrics());
    for metric in metrics {
        for gate in &metric.gates {
            let RequirementRule::Skill(skill) = &gate.rule else {
                continue;
            };
            let of_which = skill.of_which.as_ref().filter(|o| o.count > 0);
            let closed = [Some(&skill.qualification).filter(|_| skill.count > 0)]
                .into_iter()
                .chain([of_which.map(|o| &o.qualification)])
                .flatten()
                .find_map(|q| closed_by(q, &gone));
            if let Some(codes) = closed {
                // `A` and `B` were accepted only through D1, `C` only through D2.
                let mut by_date: Vec<(NaiveDate, Vec<String>)> = Vec::new();
                for (code, through) in codes {
                    match by_date.iter_mut().find(|(d, _)| *d == through) {
                        Some((_, list)) => list.push(format!("`{code}`")),
                        None => by_date.push((through, vec![format!("`{code}`")])),
                    }
                }
                let why = by_date
                    .iter()
                    .enumerate()
                    .map(|(i, (through, list))| {
                        let verb = match (i, list.len()) {
                            (0, 1) => "was accepted ",
                            (0, _) => "were accepted ",
                            _ => "",
                        };
                        format!("{} {verb}only through {through}", and_list(list))
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                // The requirement as written, without the blank after it.
                let written = gate.loc.text().trim_end().len();
                let kind = LintKind::GateNeverOpens {
                    metric: metric.id.clone(),
                    gate: gate.text.to_string(),
                    why,
                    earliest,
                };
                warn(kind, &gate.loc.first(written));
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The retired codes that keep anyone from satisfying `q`, if they do: all
/// the codes of an any-of list, one code of an all-of list, a part of
/// `and`, every part of `or`.
fn closed_by<'r>(
    q: &'r Qualification,
    gone: &HashMap<&str, NaiveDate>,
) -> Option<Vec<(&'r str, NaiveDate)>> {
    match q {
        Qualification::Holds {
            all: true, codes, ..
        } => codes
            .iter()
            .find_map(|c| gone.get(c.as_str()).map(|d| vec![(c.as_str(), *d)])),
        Qualification::Holds { codes, .. } => codes
            .iter()
            .map(|c| gone.get(c.as_str()).map(|d| (c.as_str(), *d)))
            .collect::<Option<Vec<_>>>()
            .filter(|v| !v.is_empty()),
        Qualification::And(parts) => parts.iter().find_map(|p| closed_by(p, gone)),
        Qualification::Or(parts) => parts
            .iter()
            .map(|p| closed_by(p, gone))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.concat()),
    }
}

/// The lints of one requirement: its thresholds and its lists.
fn requirement(r: &Requirement, warn: &mut impl FnMut(LintKind, &Loc)) {
    let places = &r.places;
    if let RequirementRule::Performance(p) = &r.rule {
        if let (Some(developing), Some(developing_loc), Some(threshold_loc)) =
            (p.developing, &places.developing, &places.threshold)
        {
            if developing > p.threshold {
                let kind = LintKind::DevelopingAboveDeveloped {
                    developing: developing_loc.text().to_string(),
                    developed: threshold_loc.text().to_string(),
                    developed_loc: threshold_loc.clone(),
                };
                warn(kind, developing_loc);
            }
        }
    }
    duplicates(&places.via, "association", warn);
    for (_, codes) in &places.code_lists {
        duplicates(codes, "code", warn);
    }
}

/// Warns about every entry of `list` written again after its first time.
fn duplicates(list: &[Node<String>], what: &'static str, warn: &mut impl FnMut(LintKind, &Loc)) {
    // Entry → where it was first listed: one look per entry, however long the list.
    let mut first_of: HashMap<&str, &Loc> = HashMap::with_capacity(list.len());
    for entry in list {
        match first_of.get(entry.node.as_str()) {
            Some(first) => {
                let kind = LintKind::DuplicateCode {
                    what,
                    entry: entry.node.clone(),
                    first: (*first).clone(),
                };
                warn(kind, &entry.loc);
            }
            None => {
                first_of.insert(&entry.node, &entry.loc);
            }
        }
    }
}
