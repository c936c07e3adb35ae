//! Two rule sets, one population: which organizations' outcomes change, and
//! how — levels lost, gained or met by another path, eligibility, renewal
//! risk, profile — with a tally, in the spirit of `terraform plan`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::batch::{self, Batch, Event};
use crate::evaluate;
use crate::outcome::MetBy;
use crate::ruleset::RuleSet;
use crate::verdict::Verdict;
use crate::vocabulary::Level;

/// How one organization's outcome changes from the base rules to the new.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgChange {
    pub org: String,
    pub name: Option<String>,
    pub levels: Vec<LevelChange>,
    pub eligible: Option<(Option<Level>, Option<Level>)>,
    pub at_risk: Option<(bool, bool)>,
    pub profile_added: Vec<(String, Level)>,
    pub profile_removed: Vec<(String, Level)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LevelChange {
    pub competency: String,
    pub title: String,
    pub level: Level,
    pub before: Option<MetBy>,
    pub after: Option<MetBy>,
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

/// What changes between two verdicts of the same organization, if anything.
pub fn compare(before: &Verdict, after: &Verdict, name: Option<&str>) -> Option<OrgChange> {
    // Levels are matched by competency and level: a level only one rule set
    // defines counts as missed in the other.
    let mut keys: Vec<(&str, Level)> = Vec::new();
    for (id, _, level, _) in before.levels.iter().chain(&after.levels) {
        if !keys.contains(&(id.as_str(), *level)) {
            keys.push((id.as_str(), *level));
        }
    }
    let find = |v: &'_ Verdict, id: &str, level: Level| {
        v.levels
            .iter()
            .find(|(c, _, l, _)| c == id && *l == level)
            .map(|(_, title, _, met)| (title.clone(), met.clone()))
    };
    let levels: Vec<LevelChange> = keys
        .into_iter()
        .filter_map(|(id, level)| {
            let b = find(before, id, level);
            let a = find(after, id, level);
            let title = a
                .as_ref()
                .or(b.as_ref())
                .map(|(t, _)| t.clone())
                .unwrap_or_default();
            let (before, after) = (b.and_then(|(_, m)| m), a.and_then(|(_, m)| m));
            (before != after).then(|| LevelChange {
                competency: id.to_string(),
                title,
                level,
                before,
                after,
            })
        })
        .collect();
    let change = OrgChange {
        org: after.org.clone(),
        name: name.map(str::to_string),
        levels,
        eligible: (before.eligible != after.eligible).then_some((before.eligible, after.eligible)),
        at_risk: (before.at_risk != after.at_risk).then_some((before.at_risk, after.at_risk)),
        profile_added: after
            .profile
            .iter()
            .filter(|p| !before.profile.contains(p))
            .cloned()
            .collect(),
        profile_removed: before
            .profile
            .iter()
            .filter(|p| !after.profile.contains(p))
            .cloned()
            .collect(),
    };
    let unchanged = change.levels.is_empty()
        && change.eligible.is_none()
        && change.at_risk.is_none()
        && change.profile_added.is_empty()
        && change.profile_removed.is_empty();
    (!unchanged).then_some(change)
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
    pub profile_changed: usize,
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
        if !change.profile_added.is_empty() || !change.profile_removed.is_empty() {
            self.profile_changed += 1;
        }
    }

    /// Whether any organization loses a level.
    pub fn any_loss(&self) -> bool {
        !self.lost.is_empty()
    }
}

type Counts = BTreeMap<(String, String, Level), usize>;

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
/// each change to `sink`, in input order.
pub fn diff_target(
    base: &RuleSet,
    new: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    sink: &mut dyn FnMut(&OrgChange),
    events: &mut dyn FnMut(Event),
) -> (Tally, Batch) {
    let job =
        |org: &crate::facts::Organization, severance: &evaluate::Severance, date: NaiveDate| {
            // The facts are checked against the new rules: those are the ones rolling out.
            let after = batch::evaluate_checked(new, org, severance, date)?;
            let before = evaluate::evaluate(base, org, date, severance);
            Ok(compare(
                &Verdict::from(&before),
                &Verdict::from(&after),
                org.name.as_deref(),
            ))
        };
    let mut tally = Tally::default();
    let mut each = |change: Option<OrgChange>| {
        tally.organizations += 1;
        if let Some(change) = change {
            tally.add(&change);
            sink(&change);
        }
    };
    let batch = batch::for_each_organization(target, as_of, &job, &mut each, events);
    (tally, batch)
}
