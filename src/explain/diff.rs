//! A rule change's consequences in words (text) and for programs (JSON):
//! each organization whose outcome changes, then the tally. With `why`:
//! first the rule changes, each with how many organizations it flips; under
//! each level that moved, what flipped it; and a table per competency.

use std::fmt::Write;

use serde::Serialize;

use super::why;
use crate::diff::rule_changes::{Detail, Place, What};
use crate::diff::standing::Numbers;
use crate::diff::why::Flip;
use crate::diff::{LevelCount, LevelMove, OrgChange, Tally, WhyTally};
use crate::outcome::MetBy;
use crate::verdict::Verdict;
use crate::vocabulary::Level;

/// From this many organizations, `--why` ends its text with a table per
/// competency and level: past a screenful of organizations, the table is
/// what a reader takes in.
pub const TABLE_FROM: usize = 50;

fn level_name(l: Option<Level>) -> &'static str {
    l.map_or("none", Level::keyword)
}

/// One organization's changes, a line each; with `why`, what flipped each
/// level under it.
pub fn change_text(change: &OrgChange, why: bool) -> String {
    let mut out = String::new();
    let title = match &change.name {
        Some(name) => format!("{} — {name}", change.org),
        None => change.org.clone(),
    };
    let _ = writeln!(out, "{title}");
    for l in &change.levels {
        let _ = writeln!(
            out,
            "  {} {}: {} → {}",
            l.title,
            l.level.title(),
            Verdict::describe(&l.before),
            Verdict::describe(&l.after)
        );
        if why {
            for f in &l.why {
                let _ = writeln!(out, "    {}", why::flip(f));
            }
        }
    }
    if let Some((b, a)) = change.eligible {
        let _ = writeln!(out, "  eligible: {} → {}", level_name(b), level_name(a));
    }
    match change.at_risk {
        Some((false, true)) => {
            let _ = writeln!(out, "  renewal: becomes at risk");
        }
        Some((true, false)) => {
            let _ = writeln!(out, "  renewal: no longer at risk");
        }
        _ => {}
    }
    if let Some(((bl, bs), (al, as_))) = change.membership {
        let _ = writeln!(
            out,
            "  membership: {} ({}) → {} ({})",
            level_name(bl),
            bs.keyword(),
            level_name(al),
            as_.keyword()
        );
    }
    let profile = |entries: &[(String, Level)]| {
        entries
            .iter()
            .map(|(c, l)| format!("{c} ({})", l.title()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !change.profile_removed.is_empty() {
        let _ = writeln!(
            out,
            "  profile no longer shows: {}",
            profile(&change.profile_removed)
        );
    }
    if !change.profile_added.is_empty() {
        let _ = writeln!(
            out,
            "  profile now shows: {}",
            profile(&change.profile_added)
        );
    }
    for (_, title, before, _) in &change.designations {
        let _ = writeln!(
            out,
            "  {title} designation: {}",
            if *before {
                "qualified → not qualified"
            } else {
                "not qualified → qualified"
            }
        );
    }
    out
}

/// "3 organizations lose Cloud Platform Gold, 1 gains ...".
pub fn tally_text(tally: &Tally) -> String {
    let mut out = String::new();
    let orgs = |n: usize| {
        if n == 1 {
            "1 organization".to_string()
        } else {
            format!("{n} organizations")
        }
    };
    let verb = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    let _ = writeln!(
        out,
        "Summary: {} of {} {} {}",
        tally.changed,
        tally.organizations,
        verb(tally.organizations, "organization", "organizations"),
        verb(tally.changed, "changes", "change")
    );
    for ((_, title, level), n) in &tally.lost {
        let _ = writeln!(
            out,
            "  {} {} {title} {}",
            orgs(*n),
            verb(*n, "loses", "lose"),
            level.title()
        );
    }
    for ((_, title, level), n) in &tally.gained {
        let _ = writeln!(
            out,
            "  {} {} {title} {}",
            orgs(*n),
            verb(*n, "gains", "gain"),
            level.title()
        );
    }
    for ((_, title, level), n) in &tally.other_path {
        let _ = writeln!(
            out,
            "  {} {} {title} {} by another path",
            orgs(*n),
            verb(*n, "meets", "meet"),
            level.title()
        );
    }
    for ((b, a), n) in &tally.eligibility {
        let _ = writeln!(
            out,
            "  {} {} from {} to {}",
            orgs(*n),
            verb(*n, "goes", "go"),
            level_name(*b),
            level_name(*a)
        );
    }
    if tally.newly_at_risk > 0 {
        let _ = writeln!(
            out,
            "  {} {} at risk",
            orgs(tally.newly_at_risk),
            verb(tally.newly_at_risk, "becomes", "become")
        );
    }
    if tally.no_longer_at_risk > 0 {
        let _ = writeln!(out, "  {} no longer at risk", orgs(tally.no_longer_at_risk));
    }
    for ((b, a), n) in &tally.membership {
        let _ = writeln!(
            out,
            "  {} {} membership from {b} to {a}",
            orgs(*n),
            verb(*n, "has its", "have their")
        );
    }
    if tally.profile_changed > 0 {
        let _ = writeln!(
            out,
            "  {} {} a changed profile",
            orgs(tally.profile_changed),
            verb(tally.profile_changed, "has", "have")
        );
    }
    for ((_, title), n) in &tally.designations_lost {
        let _ = writeln!(
            out,
            "  {} no longer {} for the {title} designation",
            orgs(*n),
            verb(*n, "qualifies", "qualify")
        );
    }
    for ((_, title), n) in &tally.designations_gained {
        let _ = writeln!(
            out,
            "  {} now {} for the {title} designation",
            orgs(*n),
            verb(*n, "qualifies", "qualify")
        );
    }
    out
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    org: &'a str,
    name: Option<&'a str>,
    levels: Vec<LevelJson<'a>>,
    eligible: Option<Move>,
    at_risk: Option<RiskMove>,
    #[serde(skip_serializing_if = "Option::is_none")]
    membership: Option<MembershipMove>,
    profile: ProfileJson,
    /// Designations whose qualification changed (left out when none did).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    designations: Vec<DesignationMove<'a>>,
}

#[derive(Serialize)]
struct DesignationMove<'a> {
    designation: &'a str,
    before: bool,
    after: bool,
}

#[derive(Serialize)]
struct LevelJson<'a> {
    competency: &'a str,
    level: &'static str,
    change: &'static str,
    before: Option<&'a str>,
    after: Option<&'a str>,
    /// With `--why`: what flipped the level.
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<Vec<FlipJson<'a>>>,
}

#[derive(Serialize)]
struct MembershipMove {
    before: HeldJson,
    after: HeldJson,
}

#[derive(Serialize)]
struct HeldJson {
    held: &'static str,
    status: &'static str,
}

/// One reason a level changed: its kind, the path it is about, the
/// requirement's numbers on each side (for `requirement`), and the words.
#[derive(Serialize)]
struct FlipJson<'a> {
    kind: &'static str,
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<Option<NumbersJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<Option<NumbersJson<'a>>>,
    text: String,
}

#[derive(Serialize)]
struct NumbersJson<'a> {
    requirement: &'a str,
    met: bool,
    actual: String,
    required: String,
}

impl<'a> FlipJson<'a> {
    fn of(f: &'a Flip) -> Self {
        let numbers = |n: &'a Option<Numbers>| {
            n.as_ref().map(|n| NumbersJson {
                requirement: &n.text,
                met: n.met,
                actual: n.actual.to_string(),
                required: n.required.to_string(),
            })
        };
        let (kind, before, after) = match f {
            Flip::Requirement { before, after, .. } => {
                ("requirement", Some(numbers(before)), Some(numbers(after)))
            }
            Flip::UniquePeople { .. } => ("unique_people", None, None),
            Flip::PathAdded { .. } => ("path_added", None, None),
            Flip::PathRemoved { .. } => ("path_removed", None, None),
            Flip::PathOrder { .. } => ("path_order", None, None),
            Flip::LevelAdded => ("level_added", None, None),
            Flip::LevelRemoved => ("level_removed", None, None),
            Flip::Override { .. } => ("override", None, None),
            Flip::Score => ("score", None, None),
        };
        FlipJson {
            kind,
            path: f.path(),
            before,
            after,
            text: why::flip(f),
        }
    }
}

#[derive(Serialize)]
struct Move {
    before: &'static str,
    after: &'static str,
}

#[derive(Serialize)]
struct RiskMove {
    before: bool,
    after: bool,
}

#[derive(Serialize)]
struct ProfileJson {
    added: Vec<Entry>,
    removed: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    competency: String,
    level: &'static str,
}

fn met_by(m: &Option<MetBy>) -> Option<&str> {
    m.as_ref().map(|m| match m {
        MetBy::Path(id) => id.as_str(),
        MetBy::Override => "override",
        MetBy::Score => "score",
    })
}

/// One JSON object, on one line, for a changed organization; with `why`,
/// each level carries what flipped it.
pub fn change_json(change: &OrgChange, why: bool) -> String {
    let entries = |list: &[(String, Level)]| {
        list.iter()
            .map(|(c, l)| Entry {
                competency: c.clone(),
                level: l.keyword(),
            })
            .collect()
    };
    let json = ChangeJson {
        org: &change.org,
        name: change.name.as_deref(),
        levels: change
            .levels
            .iter()
            .map(|l| LevelJson {
                competency: &l.competency,
                level: l.level.keyword(),
                change: match l.movement() {
                    LevelMove::Lost => "lost",
                    LevelMove::Gained => "gained",
                    LevelMove::OtherPath => "other_path",
                },
                before: met_by(&l.before),
                after: met_by(&l.after),
                why: why.then(|| l.why.iter().map(FlipJson::of).collect()),
            })
            .collect(),
        eligible: change.eligible.map(|(b, a)| Move {
            before: level_name(b),
            after: level_name(a),
        }),
        at_risk: change
            .at_risk
            .map(|(before, after)| RiskMove { before, after }),
        membership: change
            .membership
            .map(|((bl, bs), (al, as_))| MembershipMove {
                before: HeldJson {
                    held: level_name(bl),
                    status: bs.keyword(),
                },
                after: HeldJson {
                    held: level_name(al),
                    status: as_.keyword(),
                },
            }),
        profile: ProfileJson {
            added: entries(&change.profile_added),
            removed: entries(&change.profile_removed),
        },
        designations: change
            .designations
            .iter()
            .map(|(id, _, before, after)| DesignationMove {
                designation: id,
                before: *before,
                after: *after,
            })
            .collect(),
    };
    serde_json::to_string(&json).expect("changes serialize")
}

/// The tally as the last JSON line: `{"summary": {...}}`; with `--why`,
/// the summary also carries the table per competency and level.
pub fn tally_json(tally: &Tally) -> String {
    #[derive(Serialize)]
    struct WithTable<'a> {
        #[serde(flatten)]
        tally: &'a Tally,
        competencies: &'a [LevelCount],
    }
    #[derive(Serialize)]
    struct Summary<T> {
        summary: T,
    }
    let json = match &tally.why {
        Some(why) => serde_json::to_string(&Summary {
            summary: WithTable {
                tally,
                competencies: &why.levels,
            },
        }),
        None => serde_json::to_string(&Summary { summary: tally }),
    };
    json.expect("the tally serializes")
}

/// `rules diff --why`'s first lines: which rules changed, each with how
/// many organizations it flips.
pub fn rule_changes_text(why: &WhyTally) -> String {
    let mut out = String::new();
    if why.rule_changes.is_empty() {
        let _ = writeln!(out, "Rule changes: none (the two rule sets mean the same)");
        return out;
    }
    let _ = writeln!(out, "Rule changes");
    for (change, n) in &why.rule_changes {
        let orgs = if *n == 1 {
            "1 organization".to_string()
        } else {
            format!("{n} organizations")
        };
        let _ = writeln!(out, "  {} — flips {orgs}", why::rule_change(change));
    }
    out
}

/// The rule changes as the first JSON line: `{"rule_changes": [...]}`.
pub fn rule_changes_json(why: &WhyTally) -> String {
    #[derive(Serialize)]
    struct Change<'a> {
        change: &'static str,
        competency: Option<&'a str>,
        level: Option<&'static str>,
        path: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        org: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        setting: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        before: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        details: Vec<DetailJson>,
        text: String,
        organizations: usize,
    }
    #[derive(Serialize)]
    struct Lines<'a> {
        rule_changes: Vec<Change<'a>>,
    }
    let lines = Lines {
        rule_changes: why
            .rule_changes
            .iter()
            .map(|(c, n)| {
                let (competency, level, path, org, setting) = match &c.place {
                    Place::Settings => (None, None, None, None, None),
                    Place::Competency { id, .. } => (Some(id.as_str()), None, None, None, None),
                    Place::Level {
                        competency, level, ..
                    } => (
                        Some(competency.as_str()),
                        Some(level.keyword()),
                        None,
                        None,
                        None,
                    ),
                    Place::Path {
                        competency,
                        level,
                        path,
                        ..
                    } => (
                        Some(competency.as_str()),
                        Some(level.keyword()),
                        Some(path.as_str()),
                        None,
                        None,
                    ),
                    Place::Override {
                        org,
                        competency,
                        level,
                    } => (
                        Some(competency.as_str()),
                        Some(level.keyword()),
                        None,
                        Some(org.as_str()),
                        None,
                    ),
                };
                let (kind, before, after, details, setting) = match &c.what {
                    What::Added => ("added", None, None, Vec::new(), setting),
                    What::Removed => ("removed", None, None, Vec::new(), setting),
                    What::PathOrder { before, after } => (
                        "path_order",
                        Some(before.join(", ")),
                        Some(after.join(", ")),
                        Vec::new(),
                        setting,
                    ),
                    What::UniquePeople { after } => (
                        "unique_people",
                        Some((!after).to_string()),
                        Some(after.to_string()),
                        Vec::new(),
                        setting,
                    ),
                    What::RequirementAdded { text } => (
                        "requirement_added",
                        None,
                        Some(text.clone()),
                        Vec::new(),
                        setting,
                    ),
                    What::RequirementRemoved { text } => (
                        "requirement_removed",
                        Some(text.clone()),
                        None,
                        Vec::new(),
                        setting,
                    ),
                    What::Requirement {
                        before,
                        after,
                        details,
                    } => (
                        "requirement",
                        Some(before.clone()),
                        Some(after.clone()),
                        details.iter().map(DetailJson::of).collect(),
                        setting,
                    ),
                    What::Setting {
                        name,
                        before,
                        after,
                    } => (
                        "setting",
                        Some(before.clone()),
                        Some(after.clone()),
                        Vec::new(),
                        Some(name.as_str()),
                    ),
                    What::OverrideUntil { before, after } => (
                        "override_until",
                        Some(before.to_string()),
                        Some(after.to_string()),
                        Vec::new(),
                        setting,
                    ),
                };
                Change {
                    change: kind,
                    competency,
                    level,
                    path,
                    org,
                    setting,
                    before,
                    after,
                    details,
                    text: why::rule_change(c),
                    organizations: *n,
                }
            })
            .collect(),
    };
    serde_json::to_string(&lines).expect("rule changes serialize")
}

/// What differs in a requirement: its kind, and the values before and after.
#[derive(Serialize)]
struct DetailJson {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    codes: Vec<String>,
}

impl DetailJson {
    fn of(d: &Detail) -> Self {
        let pair = |kind, before: Option<String>, after: Option<String>| DetailJson {
            kind,
            before,
            after,
            codes: Vec::new(),
        };
        match d {
            Detail::Threshold { before, after, .. } => pair(
                "threshold",
                Some(before.to_string()),
                Some(after.to_string()),
            ),
            Detail::Developing { before, after, .. } => pair(
                "developing_threshold",
                before.map(|v| v.to_string()),
                after.map(|v| v.to_string()),
            ),
            Detail::Window { before, after } => pair(
                "window_months",
                before.map(|v| v.to_string()),
                after.map(|v| v.to_string()),
            ),
            Detail::Via { before, after } => pair(
                "via",
                before.as_ref().map(|v| v.join(", ")),
                after.as_ref().map(|v| v.join(", ")),
            ),
            Detail::Count { before, after } => {
                pair("count", Some(before.to_string()), Some(after.to_string()))
            }
            Detail::OfWhichCount { before, after } => pair(
                "of_which_count",
                Some(before.to_string()),
                Some(after.to_string()),
            ),
            Detail::CodesAdded(codes) => DetailJson {
                kind: "codes_added",
                before: None,
                after: None,
                codes: codes.clone(),
            },
            Detail::CodesRemoved(codes) => DetailJson {
                kind: "codes_removed",
                before: None,
                after: None,
                codes: codes.clone(),
            },
            Detail::Workloads { before, after } => {
                pair("workloads", Some(before.clone()), Some(after.clone()))
            }
            Detail::Offer { before, after } => pair("offer", before.clone(), after.clone()),
            Detail::Rewritten => pair("rewritten", None, None),
        }
    }
}

/// The table per competency and level: how many organizations meet it under
/// each rule set, and how many lose it, gain it, or meet it by another path.
pub fn table_text(levels: &[LevelCount]) -> String {
    let mut out = String::new();
    let name = |l: &LevelCount| format!("{} {}", l.title, l.level.title());
    let width = levels
        .iter()
        .map(|l| name(l).chars().count())
        .max()
        .unwrap_or(0)
        .max("Competency and level".len());
    let _ = writeln!(
        out,
        "  {:<width$}  {:>10}  {:>9}  {:>6}  {:>6}  {:>10}",
        "Competency and level", "met before", "met after", "lost", "gained", "other path"
    );
    let n = |v: usize| crate::number::grouped(v.into());
    for l in levels {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>10}  {:>9}  {:>6}  {:>6}  {:>10}",
            name(l),
            n(l.met_before),
            n(l.met_after),
            n(l.lost),
            n(l.gained),
            n(l.other_path)
        );
    }
    out
}
