//! Names in the facts that no rule uses but that look like one it does: a
//! workload `Azure` where the rules say `azure`, an association `dpr` for
//! `dpor`, a code `az-104` for `AZ-104`. Such a record counts for nothing,
//! silently, unless it is reported; so it is, as a warning.
//!
//! A near miss, as the contract defines it:
//! - a workload or an association: the same but for letter case, or (both
//!   of four characters or more) one character inserted, deleted, replaced,
//!   or two neighbours swapped;
//! - an achievement code: the same but for letter case, spaces, `-`, `_`
//!   and `.` (real codes are often one digit apart: `70-534` is not a near
//!   miss of `70-533`).
//!
//! With `settings { associations [...] }`, a record whose association is
//! not declared is reported too.

use std::collections::{HashMap, HashSet};
use std::fmt;

use miette::{Diagnostic, Severity};
use thiserror::Error;

use super::model::Organization;
use crate::problem::{Problem, ProblemKind};
use crate::ruleset::{GrowthMeasure, RequirementRule, RuleSet};
use crate::source::Loc;

/// The warnings about fact files, by name, with what each is about.
pub const WARNINGS: &[(&str, &str)] = &[
    (
        "near_miss",
        "a workload, association or code no rule uses that looks like one a rule does",
    ),
    (
        "undeclared_association",
        "an association the rules' `settings { associations [...] }` does not declare",
    ),
    (
        "workload_set_name",
        "a record's workload that is the name of a workload set, not one of its workloads",
    ),
];

/// Which name of a record it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Workload,
    Association,
    Code,
}

impl Field {
    pub fn keyword(self) -> &'static str {
        match self {
            Field::Workload => "workload",
            Field::Association => "association",
            Field::Code => "code",
        }
    }
}

/// What is odd about a name in the facts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Error)]
pub enum FactWarningKind {
    #[error("{} `{found}` is used by no rule; `{meant}` is", .field.keyword())]
    NearMiss {
        field: Field,
        found: String,
        meant: String,
        /// How many places of the file (or facts) write it.
        places: usize,
    },

    #[error("association `{found}` is not one the rules declare")]
    UndeclaredAssociation { found: String, places: usize },

    #[error("workload `{found}` is the name of a workload set, not a workload")]
    SetName {
        found: String,
        /// The set's workloads, as declared.
        members: Vec<String>,
        places: usize,
    },
}

pub type FactWarning = Problem<FactWarningKind>;

impl FactWarningKind {
    pub fn found(&self) -> &str {
        match self {
            FactWarningKind::NearMiss { found, .. }
            | FactWarningKind::UndeclaredAssociation { found, .. }
            | FactWarningKind::SetName { found, .. } => found,
        }
    }

    pub fn field(&self) -> Field {
        match self {
            FactWarningKind::NearMiss { field, .. } => *field,
            FactWarningKind::UndeclaredAssociation { .. } => Field::Association,
            FactWarningKind::SetName { .. } => Field::Workload,
        }
    }

    pub fn places(&self) -> usize {
        match self {
            FactWarningKind::NearMiss { places, .. }
            | FactWarningKind::UndeclaredAssociation { places, .. }
            | FactWarningKind::SetName { places, .. } => *places,
        }
    }

    fn places_mut(&mut self) -> &mut usize {
        match self {
            FactWarningKind::NearMiss { places, .. }
            | FactWarningKind::UndeclaredAssociation { places, .. }
            | FactWarningKind::SetName { places, .. } => places,
        }
    }
}

impl Diagnostic for FactWarningKind {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(match self {
            FactWarningKind::NearMiss { .. } => "facts::near_miss",
            FactWarningKind::UndeclaredAssociation { .. } => "facts::undeclared_association",
            FactWarningKind::SetName { .. } => "facts::workload_set_name",
        }))
    }

    fn severity(&self) -> Option<Severity> {
        Some(Severity::Warning)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let places = match self.places() {
            1 => "it is written once".to_string(),
            n => format!("it is written in {n} places"),
        };
        Some(Box::new(match self {
            FactWarningKind::NearMiss { field, meant, .. } => format!(
                "records with it count for nothing: if `{meant}` is meant, correct the {} in the \
                 facts ({places}, first here)",
                field.keyword()
            ),
            FactWarningKind::UndeclaredAssociation { .. } => format!(
                "records with it count toward no `via` list; if the program knows it, declare it \
                 in `settings {{ associations [...] }}` ({places}, first here)"
            ),
            FactWarningKind::SetName { members, .. } => format!(
                "records with it count for nothing: a record names the product it is for, one of \
                 {} ({places}, first here)",
                quoted_list(members)
            ),
        }))
    }
}

impl ProblemKind for FactWarningKind {
    fn label(&self) -> Option<String> {
        Some(match self {
            FactWarningKind::NearMiss { meant, .. } => format!("probably `{meant}`"),
            FactWarningKind::UndeclaredAssociation { .. } => "not declared".to_string(),
            FactWarningKind::SetName { .. } => "a set's name".to_string(),
        })
    }
}

/// `a`, `a` or `b`, `a`, `b` or `c`, … and N more.
fn quoted_list(names: &[String]) -> String {
    const SHOWN: usize = 6;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    let more = names.len().saturating_sub(SHOWN);
    match (quoted.as_slice(), more) {
        ([], _) => "its workloads".to_string(),
        ([one], 0) => one.clone(),
        (all, 0) => format!(
            "{} or {}",
            all[..all.len() - 1].join(", "),
            all[all.len() - 1]
        ),
        (all, more) => format!("{}, … {more} more", all.join(", ")),
    }
}

/// The names the rules use, ready to compare the facts' names with.
#[derive(Debug, Default)]
pub struct RuleNames {
    workloads: HashSet<String>,
    associations: HashSet<String>,
    codes: HashSet<String>,
    /// Codes by their letters and digits only, lowercase.
    code_keys: HashMap<String, String>,
    /// The associations `settings` declares, if it does.
    declared: Option<HashSet<String>>,
    /// Workload sets by name, with their workloads.
    sets: HashMap<String, Vec<String>>,
}

impl RuleNames {
    pub fn of(rules: &RuleSet) -> RuleNames {
        let mut names = RuleNames::default();
        let requirements = rules
            .competencies
            .iter()
            .flat_map(|c| &c.levels)
            .flat_map(|l| &l.paths)
            .flat_map(|p| &p.requirements);
        for r in requirements {
            match &r.rule {
                RequirementRule::Performance(p) => {
                    names
                        .workloads
                        .extend(p.workloads.parts.iter().map(|w| w.workload.clone()));
                    names.associations.extend(p.via.iter().flatten().cloned());
                }
                RequirementRule::Skill(s) => {
                    for (_, code) in &s.codes {
                        names.codes.insert(code.clone());
                    }
                }
                RequirementRule::Entities(e) => {
                    let p = &e.condition;
                    names
                        .workloads
                        .extend(p.workloads.parts.iter().map(|w| w.workload.clone()));
                    names.associations.extend(p.via.iter().flatten().cloned());
                }
                RequirementRule::Growth(g) => match &g.measure {
                    GrowthMeasure::Records(p) => {
                        names
                            .workloads
                            .extend(p.workloads.parts.iter().map(|w| w.workload.clone()));
                        names.associations.extend(p.via.iter().flatten().cloned());
                    }
                    GrowthMeasure::People { codes, .. } => {
                        for (_, code) in codes {
                            names.codes.insert(code.clone());
                        }
                    }
                },
                RequirementRule::Attested(_) | RequirementRule::Requires(_) => {}
            }
        }
        names.sets = rules
            .workload_sets
            .iter()
            .map(|set| (set.name.clone(), set.workloads.clone()))
            .collect();
        if let Some(declared) = &rules.settings.associations {
            names.associations.extend(declared.iter().cloned());
            names.declared = Some(declared.iter().cloned().collect());
        }
        names.code_keys = names
            .codes
            .iter()
            .map(|c| (code_key(c), c.clone()))
            .collect();
        names
    }

    /// The name a rule uses that `found` (a name the facts write) probably
    /// means; `None` when a rule uses `found` itself, or nothing is close.
    fn meant(&self, field: Field, found: &str) -> Option<&str> {
        match field {
            Field::Code => {
                if self.codes.contains(found) {
                    return None;
                }
                self.code_keys.get(&code_key(found)).map(String::as_str)
            }
            Field::Workload => one_edit_or_case(found, &self.workloads),
            Field::Association => one_edit_or_case(found, &self.associations),
        }
    }

    /// The odd names of one organization, each with its place, once per
    /// name in the order first written.
    pub fn warnings(&self, org: &Organization) -> Vec<FactWarning> {
        let mut out: Vec<FactWarning> = Vec::new();
        let mut seen: HashMap<(Field, String), usize> = HashMap::new();
        let mut note = |field: Field, found: &str, loc: &Loc, out: &mut Vec<FactWarning>| {
            if let Some(&i) = seen.get(&(field, found.to_string())) {
                *out[i].kind.places_mut() += 1;
                return;
            }
            let set = (field == Field::Workload)
                .then(|| self.sets.get(found))
                .flatten();
            let kind = match self.meant(field, found) {
                _ if set.is_some() => FactWarningKind::SetName {
                    found: found.to_string(),
                    members: set.cloned().unwrap_or_default(),
                    places: 1,
                },
                Some(meant) => FactWarningKind::NearMiss {
                    field,
                    found: found.to_string(),
                    meant: meant.to_string(),
                    places: 1,
                },
                None if field == Field::Association
                    && self.declared.as_ref().is_some_and(|d| !d.contains(found)) =>
                {
                    FactWarningKind::UndeclaredAssociation {
                        found: found.to_string(),
                        places: 1,
                    }
                }
                None => return,
            };
            seen.insert((field, found.to_string()), out.len());
            out.push(Problem::new(kind, loc.clone()));
        };
        for m in &org.metrics {
            if !self.workloads.contains(&m.workload) {
                note(Field::Workload, &m.workload, &m.workload_loc, &mut out);
            }
            if let (Some(a), Some(loc)) = (&m.association, &m.association_loc) {
                let declared = self.declared.as_ref().is_none_or(|d| d.contains(a));
                if !(self.associations.contains(a) && declared) {
                    note(Field::Association, a, loc, &mut out);
                }
            }
        }
        for a in org.people.iter().flat_map(|p| &p.achievements) {
            if !self.codes.contains(&a.code) {
                note(Field::Code, &a.code, &a.code_loc, &mut out);
            }
        }
        out
    }
}

/// Warnings of many organizations gathered by file and name: one per
/// distinct name of a file, at its first place, with how many places.
#[derive(Default)]
pub struct Gathered {
    warnings: Vec<FactWarning>,
    index: HashMap<(String, Field, String), usize>,
}

impl Gathered {
    /// Adds an organization's warnings; `by_file`: one warning per file
    /// (else one per name, whatever the file).
    pub fn add(&mut self, warnings: &[FactWarning], by_file: bool) {
        for w in warnings {
            let file = if by_file {
                w.loc.src.name().to_string()
            } else {
                String::new()
            };
            let key = (file, w.kind.field(), w.kind.found().to_string());
            match self.index.get(&key) {
                Some(&i) => *self.warnings[i].kind.places_mut() += w.kind.places(),
                None => {
                    self.index.insert(key, self.warnings.len());
                    self.warnings
                        .push(Problem::new(w.kind.clone(), w.loc.clone()));
                }
            }
        }
    }

    pub fn into_warnings(self) -> Vec<FactWarning> {
        self.warnings
    }

    pub fn is_empty(&self) -> bool {
        self.warnings.is_empty()
    }
}

/// A code by its letters and digits only, lowercase: `AZ-104`, `az 104` and
/// `az_104` are one key.
fn code_key(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The name of `known` that `found` is, but for letter case or (both four
/// characters or more) one edit.
fn one_edit_or_case<'a>(found: &str, known: &'a HashSet<String>) -> Option<&'a str> {
    if known.contains(found) {
        return None;
    }
    let lower = found.to_lowercase();
    let mut candidates: Vec<&String> = known.iter().collect();
    // The same name whatever the set's order.
    candidates.sort();
    if let Some(same) = candidates.iter().find(|k| k.to_lowercase() == lower) {
        return Some(same);
    }
    if found.chars().count() < 4 {
        return None;
    }
    candidates
        .into_iter()
        .find(|k| k.chars().count() >= 4 && one_edit(found, k))
        .map(String::as_str)
}

/// Whether `a` becomes `b` by one insertion, deletion, substitution or swap
/// of two neighbouring characters.
fn one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 || a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if la == lb {
        let (ra, rb) = (&a[prefix..], &b[prefix..]);
        // One replaced, or two neighbours swapped.
        ra[1..] == rb[1..]
            || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else {
        let (long, short) = if la > lb { (&a, &b) } else { (&b, &a) };
        long[prefix + 1..] == short[prefix..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> HashSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn workloads_and_associations_near_by_case_or_one_edit() {
        let known = set(&["azure", "dpor", "office 365", "tpor"]);
        assert_eq!(one_edit_or_case("Azure", &known), Some("azure"));
        assert_eq!(one_edit_or_case("DPOR", &known), Some("dpor"));
        assert_eq!(one_edit_or_case("azrue", &known), Some("azure"));
        assert_eq!(one_edit_or_case("azur", &known), Some("azure"));
        assert_eq!(one_edit_or_case("azuree", &known), Some("azure"));
        assert_eq!(one_edit_or_case("office 356", &known), Some("office 365"));
        // Short names differ by one edit all the time: only case counts.
        assert_eq!(one_edit_or_case("dpr", &known), None);
        // Both of four characters: one edit apart, as the contract has it
        // (a program that knows `cpor` declares it, and then it is no miss).
        assert_eq!(one_edit_or_case("cpor", &known), Some("dpor"));
        assert_eq!(one_edit_or_case("azure", &known), None);
        assert_eq!(one_edit_or_case("amazon", &known), None);
    }

    #[test]
    fn codes_near_only_by_case_and_punctuation() {
        let names = RuleNames {
            codes: set(&["AZ-104", "70-533"]),
            code_keys: [("az104", "AZ-104"), ("70533", "70-533")]
                .iter()
                .map(|(k, c)| (k.to_string(), c.to_string()))
                .collect(),
            ..RuleNames::default()
        };
        assert_eq!(names.meant(Field::Code, "az-104"), Some("AZ-104"));
        assert_eq!(names.meant(Field::Code, "AZ104"), Some("AZ-104"));
        assert_eq!(names.meant(Field::Code, "70 533"), Some("70-533"));
        assert_eq!(names.meant(Field::Code, "70-534"), None);
        assert_eq!(names.meant(Field::Code, "AZ-104"), None);
    }
}
