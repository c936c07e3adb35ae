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
//! - `lint::unseen_workload`, `lint::unseen_code` (only against a facts folder):
//!   a workload no metric record has, an exam or assessment code no achievement has.
//! - `lint::too_many_paths`: a level with more than [`MAX_PATHS_COMPARED`]
//!   paths; the first two lints compare paths two by two, so only that many
//!   of them are compared (more would take minutes, not milliseconds).
//!
//! The first two rest on deciding whether one path implies another:
//! [`implication`].

pub mod implication;
mod warning;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::facts::Organization;
use crate::problem::Problem;
use crate::ruleset::*;
use crate::source::{Loc, Node};
use crate::suggest::did_you_mean;
use crate::vocabulary::Level;
use implication::path_implies;
pub use warning::{LintKind, LintWarning, Unseen};

/// What a facts folder holds, as far as the lints need: every workload of a
/// metric record and every code of an achievement, of any organization.
#[derive(Clone, Debug, Default)]
pub struct FactsSeen {
    pub workloads: BTreeSet<String>,
    pub codes: BTreeSet<String>,
}

impl FactsSeen {
    pub fn of(organizations: &[Organization]) -> FactsSeen {
        let mut seen = FactsSeen::default();
        for org in organizations {
            seen.workloads
                .extend(org.metrics.iter().map(|m| m.workload.clone()));
            seen.codes.extend(
                org.people
                    .iter()
                    .flat_map(|p| &p.achievements)
                    .map(|a| a.code.clone()),
            );
        }
        seen
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
                    requirement(r, facts, &mut warn);
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

/// The lints of one requirement: its thresholds, its lists, and what the facts show.
fn requirement(r: &Requirement, facts: Option<&FactsSeen>, warn: &mut impl FnMut(LintKind, &Loc)) {
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
        if let (Some(seen), Some(loc)) = (facts, &places.workload) {
            if !seen.workloads.contains(&p.workload) {
                let kind = LintKind::UnseenWorkload {
                    workload: p.workload.clone(),
                    hint: unseen(&p.workload, &seen.workloads, "workload"),
                };
                warn(kind, loc);
            }
        }
    }
    duplicates(&places.via, "association", warn);
    let mut warned: BTreeSet<&str> = BTreeSet::new();
    for (_, codes) in &places.code_lists {
        duplicates(codes, "code", warn);
        let Some(seen) = facts else { continue };
        for code in codes {
            if !seen.codes.contains(&code.node) && warned.insert(&code.node) {
                let kind = LintKind::UnseenCode {
                    code: code.node.clone(),
                    hint: unseen(&code.node, &seen.codes, "code"),
                };
                warn(kind, &code.loc);
            }
        }
    }
}

/// A likely intended name from the facts, or how to tell. Workloads are
/// words, so a near spelling is a fair guess; codes differ by one digit all
/// the time (`70-532`, `70-533`), so only a code written differently (case,
/// spaces, punctuation) is suggested.
fn unseen(name: &str, seen: &BTreeSet<String>, what: &'static str) -> Unseen {
    let close = if what == "code" {
        let key = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        seen.iter()
            .find(|c| key(c) == key(name))
            .map(String::as_str)
    } else {
        did_you_mean(name, seen.iter().map(String::as_str))
    };
    match close {
        Some(close) => Unseen::Misspelling(close.to_string()),
        None => Unseen::NotYet(what),
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
