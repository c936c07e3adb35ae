//! Two rule sets, one population: which organizations' outcomes change, and
//! how — levels lost, gained or met by another path, eligibility, the
//! membership, renewal risk, profile — with a tally, in the spirit of
//! `terraform plan`. With `why`, also which requirement flipped each level
//! (`why.rs`), which rules changed (`rule_changes.rs`) and how many
//! organizations each flips, and a table per competency and level.

pub mod pair;
pub mod rule_changes;
pub mod standing;
pub mod why;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::batch::{self, Batch, Event};
use crate::evaluate;
use crate::outcome::{DetailLevel, MetBy, Status};
use crate::ruleset::RuleSet;
use crate::vocabulary::Level;
use rule_changes::{Place, RuleChange, What};
use standing::Standing;
use why::Flip;

/// How one organization's outcome changes from the base rules to the new.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgChange {
    pub org: String,
    pub name: Option<String>,
    pub levels: Vec<LevelChange>,
    pub eligible: Option<(Option<Level>, Option<Level>)>,
    pub at_risk: Option<(bool, bool)>,
    /// The membership held and its state, before and after, when either differs.
    pub membership: Option<(Held, Held)>,
    pub profile_added: Vec<(String, Level)>,
    pub profile_removed: Vec<(String, Level)>,
}

/// The membership held, if any, and its state.
pub type Held = (Option<Level>, Status);

#[derive(Clone, Debug, PartialEq)]
pub struct LevelChange {
    pub competency: String,
    pub title: String,
    pub level: Level,
    pub before: Option<MetBy>,
    pub after: Option<MetBy>,
    /// What flipped it: requirements and their numbers, paths, the override.
    pub why: Vec<Flip>,
}

/// Which way a level's outcome moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LevelMove {
    Lost,
    Gained,
    /// Met before and after, by another path (or the override).
    OtherPath,
}

impl LevelChange {
    pub fn movement(&self) -> LevelMove {
        match (&self.before, &self.after) {
            (Some(_), None) => LevelMove::Lost,
            (None, Some(_)) => LevelMove::Gained,
            _ => LevelMove::OtherPath,
        }
    }
}

/// What changes between two standings of the same organization, if anything.
pub fn compare(before: &Standing, after: &Standing) -> Option<OrgChange> {
    let (bv, av) = (&before.verdict, &after.verdict);
    // Levels are matched by competency and level: a level only one rule set
    // defines counts as missed in the other.
    let mut keys: Vec<(&str, Level)> = Vec::new();
    for (id, _, level, _) in bv.levels.iter().chain(&av.levels) {
        if !keys.contains(&(id.as_str(), *level)) {
            keys.push((id.as_str(), *level));
        }
    }
    let levels: Vec<LevelChange> = keys
        .into_iter()
        .filter_map(|(id, level)| {
            let (b, a) = (before.level(id, level), after.level(id, level));
            let met_by = |l: Option<&standing::LevelStanding>| l.and_then(|l| l.met_by.clone());
            let (was, now) = (met_by(b), met_by(a));
            (was != now).then(|| LevelChange {
                competency: id.to_string(),
                title: a.or(b).map(|l| l.title.clone()).unwrap_or_default(),
                level,
                before: was,
                after: now,
                why: why::flips(b, a),
            })
        })
        .collect();
    let held = |v: &crate::verdict::Verdict| (v.held, v.status);
    let change = OrgChange {
        org: av.org.clone(),
        name: after.name.clone(),
        levels,
        eligible: (bv.eligible != av.eligible).then_some((bv.eligible, av.eligible)),
        at_risk: (bv.at_risk != av.at_risk).then_some((bv.at_risk, av.at_risk)),
        membership: (held(bv) != held(av)).then_some((held(bv), held(av))),
        profile_added: av
            .profile
            .iter()
            .filter(|p| !bv.profile.contains(p))
            .cloned()
            .collect(),
        profile_removed: bv
            .profile
            .iter()
            .filter(|p| !av.profile.contains(p))
            .cloned()
            .collect(),
    };
    let unchanged = change.levels.is_empty()
        && change.eligible.is_none()
        && change.at_risk.is_none()
        && change.membership.is_none()
        && change.profile_added.is_empty()
        && change.profile_removed.is_empty();
    (!unchanged).then_some(change)
}

impl OrgChange {
    /// The change of one level, if it changed.
    pub fn level(&self, competency: &str, level: Level) -> Option<&LevelChange> {
        self.levels
            .iter()
            .find(|l| l.competency == competency && l.level == level)
    }
}

/// The changes of a whole population, counted.
#[derive(Debug, Default, Serialize)]
pub struct Tally {
    pub organizations: usize,
    pub changed: usize,
    /// (competency id, title, level) → organizations, for each kind of change.
    #[serde(serialize_with = "counts")]
    pub lost: BTreeMap<(String, String, Level), usize>,
    #[serde(serialize_with = "counts")]
    pub gained: BTreeMap<(String, String, Level), usize>,
    #[serde(serialize_with = "counts")]
    pub other_path: BTreeMap<(String, String, Level), usize>,
    /// (before, after) → organizations.
    #[serde(serialize_with = "moves")]
    pub eligibility: BTreeMap<(Option<Level>, Option<Level>), usize>,
    pub newly_at_risk: usize,
    pub no_longer_at_risk: usize,
    /// (status before, status after) → organizations whose membership state changes.
    #[serde(serialize_with = "states", skip_serializing_if = "BTreeMap::is_empty")]
    pub membership: BTreeMap<(&'static str, &'static str), usize>,
    pub profile_changed: usize,
    /// With `why`: the rule changes and the table per competency and level.
    #[serde(skip)]
    pub why: Option<WhyTally>,
}

/// What `rules diff --why` adds to the tally.
#[derive(Debug, Default)]
pub struct WhyTally {
    /// Every rule change, with how many organizations it flips.
    pub rule_changes: Vec<(RuleChange, usize)>,
    /// Per competency and level (the new rules' order, then what only the
    /// base defines): how many organizations meet it, and how they move.
    pub levels: Vec<LevelCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LevelCount {
    pub competency: String,
    pub title: String,
    #[serde(serialize_with = "level_keyword")]
    pub level: Level,
    pub met_before: usize,
    pub met_after: usize,
    pub lost: usize,
    pub gained: usize,
    pub other_path: usize,
}

fn level_keyword<S: serde::Serializer>(level: &Level, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(level.keyword())
}

impl Tally {
    pub fn add(&mut self, change: &OrgChange) {
        self.changed += 1;
        for l in &change.levels {
            let key = (l.competency.clone(), l.title.clone(), l.level);
            let map = match l.movement() {
                LevelMove::Lost => &mut self.lost,
                LevelMove::Gained => &mut self.gained,
                LevelMove::OtherPath => &mut self.other_path,
            };
            *map.entry(key).or_default() += 1;
        }
        if let Some(e) = change.eligible {
            *self.eligibility.entry(e).or_default() += 1;
        }
        match change.at_risk {
            Some((false, true)) => self.newly_at_risk += 1,
            Some((true, false)) => self.no_longer_at_risk += 1,
            _ => {}
        }
        if let Some(((_, before), (_, after))) = change.membership {
            if before != after {
                *self
                    .membership
                    .entry((before.keyword(), after.keyword()))
                    .or_default() += 1;
            }
        }
        if !change.profile_added.is_empty() || !change.profile_removed.is_empty() {
            self.profile_changed += 1;
        }
        if let Some(why) = &mut self.why {
            let credited: Vec<bool> = why
                .rule_changes
                .iter()
                .map(|(rule, _)| explains(rule, change))
                .collect();
            let unexplained = !credited.iter().any(|c| *c);
            let touched = |competency: &str, level: Level, path: &str| {
                why.rule_changes.iter().any(|(rule, _)| match &rule.place {
                    Place::Path {
                        competency: c,
                        level: l,
                        path: p,
                        ..
                    } => c == competency && *l == level && p == path,
                    _ => false,
                })
            };
            let moved = moved(change, &touched);
            for ((rule, count), credited) in why.rule_changes.iter_mut().zip(credited) {
                if credited || (moves_numbers(rule) && (unexplained || moved)) {
                    *count += 1;
                }
            }
            for l in &change.levels {
                if let Some(row) = why
                    .levels
                    .iter_mut()
                    .find(|r| r.competency == l.competency && r.level == l.level)
                {
                    match l.movement() {
                        LevelMove::Lost => row.lost += 1,
                        LevelMove::Gained => row.gained += 1,
                        LevelMove::OtherPath => row.other_path += 1,
                    }
                }
            }
        }
    }

    /// Whether any organization loses a level.
    pub fn any_loss(&self) -> bool {
        !self.lost.is_empty()
    }
}

/// Whether a rule change accounts for some of an organization's change:
/// its level changed, through the path, requirement or override it touches.
/// (Settings are credited by the tally: they move numbers, not rules.)
fn explains(rule: &RuleChange, change: &OrgChange) -> bool {
    let level = |competency: &str, level: Level| change.level(competency, level);
    match (&rule.place, &rule.what) {
        (Place::Settings, What::Setting { name, .. }) => match declared(name) {
            // A workload set or a retired code accounts for the requirements
            // that name it.
            Some(named) => change.levels.iter().any(|l| {
                l.why.iter().any(|f| match f {
                    Flip::Requirement { before, after, .. } => [before, after]
                        .into_iter()
                        .flatten()
                        .any(|n| names(&n.text, named)),
                    _ => false,
                })
            }),
            None => false,
        },
        (Place::Settings, _) => false,
        (Place::Competency { id, .. }, _) => change.levels.iter().any(|l| l.competency == *id),
        (Place::Level { .. }, What::PathOrder { .. }) => rule
            .place
            .level()
            .and_then(|(c, l)| level(c, l))
            .is_some_and(|l| l.movement() == LevelMove::OtherPath),
        (Place::Level { .. }, _) => rule.place.level().and_then(|(c, l)| level(c, l)).is_some(),
        (
            Place::Path {
                competency,
                level: lvl,
                path,
                ..
            },
            what,
        ) => level(competency, *lvl).is_some_and(|l| {
            let requirement = |f: &Flip, old: Option<&str>, new: Option<&str>| match f {
                Flip::Requirement {
                    path: p,
                    before,
                    after,
                } if p == path => {
                    before
                        .as_ref()
                        .is_some_and(|b| Some(b.text.as_str()) == old)
                        || after.as_ref().is_some_and(|a| Some(a.text.as_str()) == new)
                }
                _ => false,
            };
            match what {
                What::Requirement { before, after, .. } => l
                    .why
                    .iter()
                    .any(|f| requirement(f, Some(before), Some(after))),
                What::RequirementAdded { text } => {
                    l.why.iter().any(|f| requirement(f, None, Some(text)))
                }
                What::RequirementRemoved { text } => {
                    l.why.iter().any(|f| requirement(f, Some(text), None))
                }
                _ => {
                    let decides = |m: &Option<MetBy>| *m == Some(MetBy::Path(path.clone()));
                    l.why.iter().any(|f| f.path() == Some(path.as_str()))
                        || decides(&l.before)
                        || decides(&l.after)
                }
            }
        }),
        (
            Place::Override {
                org,
                competency,
                level: lvl,
            },
            _,
        ) => *org == change.org && level(competency, *lvl).is_some(),
    }
}

/// `workloads office_365` → `office_365`; `retired "70-534"` → `"70-534"`:
/// what requirements write to use the declaration.
fn declared(setting: &str) -> Option<&str> {
    setting
        .strip_prefix("workloads ")
        .or_else(|| setting.strip_prefix("retired "))
}

/// Whether a requirement's text names `named` (a whole word, or a quoted code).
fn names(text: &str, named: &str) -> bool {
    if named.starts_with('"') {
        return text.contains(named);
    }
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| word == named)
}

/// Settings proper move numbers under rules written the same; declarations
/// are credited by name, and `gold includes silver benefits` moves none.
fn moves_numbers(rule: &RuleChange) -> bool {
    match &rule.what {
        What::Setting { name, .. } => {
            declared(name).is_none() && name != "gold includes silver benefits"
        }
        _ => false,
    }
}

/// Whether some of the change came from numbers that moved under rules
/// written the same, in a path no rule change touches (what a setting
/// does), or from the membership's state.
fn moved(change: &OrgChange, touched: &dyn Fn(&str, Level, &str) -> bool) -> bool {
    change.membership.is_some()
        || change.levels.iter().any(|l| {
            l.why.iter().any(|f| {
                let same_rules = match f {
                    Flip::Requirement {
                        before: Some(b),
                        after: Some(a),
                        ..
                    } => b.text == a.text,
                    Flip::UniquePeople { .. } => true,
                    _ => false,
                };
                same_rules && !f.path().is_some_and(|p| touched(&l.competency, l.level, p))
            })
        })
}

type Counts = BTreeMap<(String, String, Level), usize>;

fn states<S: serde::Serializer>(
    map: &BTreeMap<(&'static str, &'static str), usize>,
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Entry {
        before: &'static str,
        after: &'static str,
        organizations: usize,
    }
    s.collect_seq(map.iter().map(|((before, after), n)| Entry {
        before,
        after,
        organizations: *n,
    }))
}

fn counts<S: serde::Serializer>(map: &Counts, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Entry<'a> {
        competency: &'a str,
        title: &'a str,
        level: &'static str,
        organizations: usize,
    }
    s.collect_seq(map.iter().map(|((c, t, l), n)| Entry {
        competency: c,
        title: t,
        level: l.keyword(),
        organizations: *n,
    }))
}

fn moves<S: serde::Serializer>(
    map: &BTreeMap<(Option<Level>, Option<Level>), usize>,
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Entry {
        before: &'static str,
        after: &'static str,
        organizations: usize,
    }
    let name = |l: &Option<Level>| l.map_or("none", Level::keyword);
    s.collect_seq(map.iter().map(|((b, a), n)| Entry {
        before: name(b),
        after: name(a),
        organizations: *n,
    }))
}

/// Evaluates every organization of `target` under both rule sets and hands
/// each change to `sink`, in input order. With `why`, the tally also says
/// which rules changed and how many organizations each flips, and counts
/// every level under both rule sets.
pub fn diff_target(
    base: &RuleSet,
    new: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    why: bool,
    sink: &mut dyn FnMut(&OrgChange),
    events: &mut dyn FnMut(Event),
) -> (Tally, Batch) {
    let keys = level_keys(base, new);
    let job =
        |org: &crate::facts::Organization, severance: &evaluate::Severance, date: NaiveDate| {
            // The facts are checked against the new rules: those are the ones rolling out.
            let after = Standing::from(&batch::evaluate_checked(
                new,
                org,
                severance,
                date,
                DetailLevel::Full,
            )?);
            let before = Standing::from(&evaluate::evaluate(base, org, date, severance));
            let met = |s: &Standing, (c, _, l): &(String, String, Level)| {
                s.level(c, *l).is_some_and(|l| l.met_by.is_some())
            };
            let flags: Vec<(bool, bool)> = if why {
                keys.iter()
                    .map(|k| (met(&before, k), met(&after, k)))
                    .collect()
            } else {
                Vec::new()
            };
            Ok((compare(&before, &after), flags))
        };
    let mut tally = Tally::default();
    if why {
        tally.why = Some(WhyTally {
            rule_changes: rule_changes::compare(base, new)
                .into_iter()
                .map(|c| (c, 0))
                .collect(),
            levels: keys
                .iter()
                .map(|(competency, title, level)| LevelCount {
                    competency: competency.clone(),
                    title: title.clone(),
                    level: *level,
                    met_before: 0,
                    met_after: 0,
                    lost: 0,
                    gained: 0,
                    other_path: 0,
                })
                .collect(),
        });
    }
    let mut each = |(change, flags): (Option<OrgChange>, Vec<(bool, bool)>)| {
        tally.organizations += 1;
        if let Some(why) = &mut tally.why {
            for (row, (before, after)) in why.levels.iter_mut().zip(flags) {
                row.met_before += usize::from(before);
                row.met_after += usize::from(after);
            }
        }
        if let Some(change) = change {
            tally.add(&change);
            sink(&change);
        }
    };
    let batch = batch::for_each_organization(target, as_of, &job, &mut each, events);
    (tally, batch)
}

/// Every (competency, title, level) of the new rules, in order, then those
/// only the base defines.
fn level_keys(base: &RuleSet, new: &RuleSet) -> Vec<(String, String, Level)> {
    let mut keys: Vec<(String, String, Level)> = Vec::new();
    for c in new.competencies.iter().chain(&base.competencies) {
        for l in &c.levels {
            if !keys
                .iter()
                .any(|(id, _, level)| *id == c.id && *level == l.level)
            {
                keys.push((c.id.clone(), c.title.clone(), l.level));
            }
        }
    }
    keys
}
