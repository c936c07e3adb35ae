//! Two rule sets compared rule by rule: competencies, levels and paths added
//! or removed, the order of paths, `unique people`, every requirement whose
//! threshold, count, window, associations or codes changed, the settings,
//! and the overrides. What `rules diff --why` lists first, each with how
//! many organizations it flips.
//!
//! Requirements are matched within a path as `pair` matches them (by
//! position, text, then subject), so a raised threshold is one change, not
//! a requirement removed and another added.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::pair::pair;
use crate::duration::Duration;
use crate::ruleset::score::{ScoreRules, TrackChoice};
use crate::ruleset::{
    Competency, LevelRules, PathRules, Requirement, RequirementRule, RuleSet, Settings,
    Subscription,
};
use crate::vocabulary::Level;

/// One difference between the base rules and the new.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleChange {
    pub place: Place,
    pub what: What,
}

/// Where in the rule set a change is.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    Settings,
    Competency {
        id: String,
        title: String,
    },
    Level {
        competency: String,
        title: String,
        level: Level,
    },
    Path {
        competency: String,
        title: String,
        level: Level,
        path: String,
    },
    Override {
        org: String,
        competency: String,
        level: Level,
    },
}

impl Place {
    /// The competency and level the change is in, if it is in one level.
    pub fn level(&self) -> Option<(&str, Level)> {
        match self {
            Place::Level {
                competency, level, ..
            }
            | Place::Path {
                competency, level, ..
            }
            | Place::Override {
                competency, level, ..
            } => Some((competency, *level)),
            Place::Settings | Place::Competency { .. } => None,
        }
    }
}

/// What changed there.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// The competency, level, path or override is new.
    Added,
    /// The competency, level, path or override is gone.
    Removed,
    /// The same paths, in another order (the first met decides).
    PathOrder {
        before: Vec<String>,
        after: Vec<String>,
    },
    UniquePeople {
        after: bool,
    },
    RequirementAdded {
        text: String,
    },
    RequirementRemoved {
        text: String,
    },
    /// A requirement written differently: its texts, and what differs.
    Requirement {
        before: String,
        after: String,
        details: Vec<Detail>,
    },
    /// A setting, or a declaration of the whole rule set (`workloads NAME`,
    /// `retired "CODE"`): its name, and how it reads before and after
    /// (`none` where it is not written).
    Setting {
        name: String,
        before: String,
        after: String,
    },
    OverrideUntil {
        before: NaiveDate,
        after: NaiveDate,
    },
}

/// What differs in a requirement written differently.
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    Threshold {
        before: Decimal,
        after: Decimal,
        money: bool,
    },
    Developing {
        before: Option<Decimal>,
        after: Option<Decimal>,
        money: bool,
    },
    /// `over N months` (the window that applies).
    Window {
        before: Option<u32>,
        after: Option<u32>,
    },
    /// `via [...]`; `None` counts every association.
    Via {
        before: Option<Vec<String>>,
        after: Option<Vec<String>>,
    },
    /// How many people.
    Count {
        before: u32,
        after: u32,
    },
    /// How many of them `of which` asks for.
    OfWhichCount {
        before: u32,
        after: u32,
    },
    CodesAdded(Vec<String>),
    CodesRemoved(Vec<String>),
    /// The workloads measured: a workload, a set's name, or a list.
    Workloads {
        before: String,
        after: String,
    },
    /// `where offer [not] in [...]`; `None` counts every offer.
    Offer {
        before: Option<String>,
        after: Option<String>,
    },
    /// More than the above changed (what is measured, how people qualify):
    /// the two texts say it.
    Rewritten,
}

/// Every difference between `base` and `new`, in the new rule set's order
/// (what only the base has, where it was).
pub fn compare(base: &RuleSet, new: &RuleSet) -> Vec<RuleChange> {
    let mut out = Vec::new();
    settings(&base.settings, &new.settings, &mut out);
    declarations(base, new, &mut out);
    for c in &new.competencies {
        match base.competency(&c.id) {
            None => out.push(RuleChange {
                place: competency_place(c),
                what: What::Added,
            }),
            Some(old) => {
                competency(old, c, &mut out);
                score(old, c, &mut out);
            }
        }
    }
    for c in &base.competencies {
        if new.competency(&c.id).is_none() {
            out.push(RuleChange {
                place: competency_place(c),
                what: What::Removed,
            });
        }
    }
    overrides(base, new, &mut out);
    out
}

fn competency_place(c: &Competency) -> Place {
    Place::Competency {
        id: c.id.clone(),
        title: c.title.clone(),
    }
}

fn settings(base: &Settings, new: &Settings, out: &mut Vec<RuleChange>) {
    let duration = |d: &Duration| format!("{} {}", d.count, d.unit.word(d.count));
    let subscription = |s: &Subscription| match s {
        Subscription::For(d) => duration(d),
        Subscription::UntilYearEnd => "until year end".to_string(),
    };
    let pairs = [
        (
            "association wait",
            duration(&base.association_wait),
            duration(&new.association_wait),
        ),
        (
            "subscription",
            subscription(&base.subscription),
            subscription(&new.subscription),
        ),
        (
            "renewal grace",
            duration(&base.renewal_grace),
            duration(&new.renewal_grace),
        ),
    ];
    let associations = |a: &Option<Vec<String>>| match a {
        Some(list) => format!("[{}]", list.join(", ")),
        None => "none".to_string(),
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let pairs = pairs.into_iter().chain([
        (
            "associations",
            associations(&base.associations),
            associations(&new.associations),
        ),
        (
            "gold includes silver benefits",
            yes_no(base.gold_includes_silver_benefits),
            yes_no(new.gold_includes_silver_benefits),
        ),
    ]);
    for (name, before, after) in pairs {
        if before != after {
            out.push(setting(name.to_string(), before, after));
        }
    }
}

fn setting(name: String, before: String, after: String) -> RuleChange {
    RuleChange {
        place: Place::Settings,
        what: What::Setting {
            name,
            before,
            after,
        },
    }
}

/// Workload sets and retired codes: declared, changed or gone.
fn declarations(base: &RuleSet, new: &RuleSet, out: &mut Vec<RuleChange>) {
    let set = |rules: &RuleSet, name: &str| {
        rules
            .workload_sets
            .iter()
            .find(|s| s.name == name)
            .map_or("none".to_string(), |s| {
                format!("[{}]", s.workloads.join(", "))
            })
    };
    let mut names: Vec<&str> = new.workload_sets.iter().map(|s| s.name.as_str()).collect();
    names.extend(base.workload_sets.iter().map(|s| s.name.as_str()));
    let retired = |rules: &RuleSet, code: &str| {
        rules
            .retired
            .iter()
            .find(|r| r.code == code)
            .map_or("none".to_string(), |r| {
                format!("on {} accepted through {}", r.on, r.accepted_through)
            })
    };
    let mut codes: Vec<&str> = new.retired.iter().map(|r| r.code.as_str()).collect();
    codes.extend(base.retired.iter().map(|r| r.code.as_str()));
    let mut seen = std::collections::HashSet::new();
    for name in names {
        let (before, after) = (set(base, name), set(new, name));
        if seen.insert(("set", name)) && before != after {
            out.push(setting(format!("workloads {name}"), before, after));
        }
    }
    for code in codes {
        let (before, after) = (retired(base, code), retired(new, code));
        if seen.insert(("retired", code)) && before != after {
            out.push(setting(format!("retired \"{code}\""), before, after));
        }
    }
}

/// `where offer not in [trial]`, as written.
fn offer_text(offer: &Option<crate::ruleset::OfferRule>) -> Option<String> {
    offer.as_ref().map(|o| {
        let not = if o.not { "not " } else { "" };
        format!("where offer {not}in [{}]", o.values.join(", "))
    })
}

/// A points model changed: its marks (`pass 70 → 90`), and whether its
/// metrics and lines read differently.
fn score(base: &Competency, new: &Competency, out: &mut Vec<RuleChange>) {
    let place = || Place::Competency {
        id: new.id.clone(),
        title: new.title.clone(),
    };
    let marks = |s: &ScoreRules| {
        s.marks()
            .iter()
            .map(|(level, at)| match level {
                Some(l) => format!("{} at {}", l.keyword(), at.normalize()),
                None => format!("pass {}", at.normalize()),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (&base.score, &new.score) {
        (None, None) => {}
        (b, n) if b.is_none() || n.is_none() => {
            let written = |s: &Option<ScoreRules>| {
                s.as_ref()
                    .map_or("none".to_string(), |s| format!("`{}` ({})", s.id, marks(s)))
            };
            out.push(RuleChange {
                place: place(),
                what: What::Setting {
                    name: "score".to_string(),
                    before: written(b),
                    after: written(n),
                },
            });
        }
        (Some(b), Some(n)) => {
            if marks(b) != marks(n) {
                out.push(RuleChange {
                    place: place(),
                    what: What::Setting {
                        name: format!("score `{}`", n.id),
                        before: marks(b),
                        after: marks(n),
                    },
                });
            }
            if track_choice(b) != track_choice(n) {
                out.push(RuleChange {
                    place: place(),
                    what: What::Setting {
                        name: format!("score `{}` picks", n.id),
                        before: track_choice(b),
                        after: track_choice(n),
                    },
                });
            }
            if score_lines(b) != score_lines(n) {
                out.push(RuleChange {
                    place: place(),
                    what: What::Setting {
                        name: format!("score `{}` metrics", n.id),
                        before: "as written before".to_string(),
                        after: "written differently (maximums, gates or lines)".to_string(),
                    },
                });
            }
        }
        _ => {}
    }
}

/// How a score picks the track that counts, in words: a changed or added
/// condition is a rule change of its own.
fn track_choice(s: &ScoreRules) -> String {
    match s.chosen_by {
        _ if s.tracks.len() < 2 => "its only track".to_string(),
        TrackChoice::Best => "the best track".to_string(),
        TrackChoice::Condition => {
            let mut out: Vec<String> = Vec::new();
            for t in &s.tracks {
                let id = t.id.as_deref().unwrap_or_default();
                match &t.when {
                    Some(when) => out.push(format!("`{id}` when `{}`", when.text)),
                    None => out.push(format!("else `{id}`")),
                }
            }
            out.join(", ")
        }
    }
}

/// What a score's tracks, metrics and lines say, places left out.
fn score_lines(s: &ScoreRules) -> Vec<String> {
    let mut out = vec![format!(
        "max {} every {} qualify {:?}",
        s.max, s.every_metric_above_zero, s.qualify_months
    )];
    for t in &s.tracks {
        out.push(format!("track {:?}", t.id));
        for c in &t.categories {
            out.push(format!("category {:?} {}", c.id, c.max));
            for m in &c.metrics {
                out.push(format!(
                    "metric {} {} {} {}",
                    m.id, m.max, m.not_applicable, m.best_of
                ));
                out.extend(m.gates.iter().map(|g| format!("only if {}", g.text)));
                out.extend(m.lines.iter().map(|l| l.text.to_string()));
            }
        }
    }
    out
}

fn competency(base: &Competency, new: &Competency, out: &mut Vec<RuleChange>) {
    let place = |level: Level| Place::Level {
        competency: new.id.clone(),
        title: new.title.clone(),
        level,
    };
    for level in Level::ALL {
        match (base.level(level), new.level(level)) {
            (None, Some(_)) => out.push(RuleChange {
                place: place(level),
                what: What::Added,
            }),
            (Some(_), None) => out.push(RuleChange {
                place: place(level),
                what: What::Removed,
            }),
            (Some(b), Some(n)) => level_rules(new, b, n, out),
            (None, None) => {}
        }
    }
}

fn level_rules(c: &Competency, base: &LevelRules, new: &LevelRules, out: &mut Vec<RuleChange>) {
    let path_place = |path: &str| Place::Path {
        competency: c.id.clone(),
        title: c.title.clone(),
        level: new.level,
        path: path.to_string(),
    };
    let find = |rules: &'_ LevelRules, id: &str| rules.paths.iter().position(|p| p.id == id);
    for p in &new.paths {
        match find(base, &p.id) {
            None => out.push(RuleChange {
                place: path_place(&p.id),
                what: What::Added,
            }),
            Some(i) => path_rules(&base.paths[i], p, &path_place(&p.id), out),
        }
    }
    for p in &base.paths {
        if find(new, &p.id).is_none() {
            out.push(RuleChange {
                place: path_place(&p.id),
                what: What::Removed,
            });
        }
    }
    // The paths both have, in the order each writes them.
    let ids = |rules: &LevelRules, other: &LevelRules| -> Vec<String> {
        rules
            .paths
            .iter()
            .filter(|p| find(other, &p.id).is_some())
            .map(|p| p.id.clone())
            .collect()
    };
    let (before, after) = (ids(base, new), ids(new, base));
    if before != after {
        out.push(RuleChange {
            place: Place::Level {
                competency: c.id.clone(),
                title: c.title.clone(),
                level: new.level,
            },
            what: What::PathOrder { before, after },
        });
    }
}

fn path_rules(base: &PathRules, new: &PathRules, place: &Place, out: &mut Vec<RuleChange>) {
    let change = |what: What| RuleChange {
        place: place.clone(),
        what,
    };
    if base.unique_people != new.unique_people {
        out.push(change(What::UniquePeople {
            after: new.unique_people,
        }));
    }
    let texts = |p: &'_ PathRules| -> Vec<String> {
        p.requirements.iter().map(|r| r.text.to_string()).collect()
    };
    let (bt, nt) = (texts(base), texts(new));
    for (i, j) in pair(&bt, &nt) {
        match (i, j) {
            (Some(i), Some(j)) if bt[i] != nt[j] => out.push(change(What::Requirement {
                before: bt[i].clone(),
                after: nt[j].clone(),
                details: details(&base.requirements[i], &new.requirements[j]),
            })),
            (None, Some(j)) => out.push(change(What::RequirementAdded {
                text: nt[j].clone(),
            })),
            (Some(i), None) => out.push(change(What::RequirementRemoved {
                text: bt[i].clone(),
            })),
            _ => {}
        }
    }
}

/// What differs between two writings of a requirement.
fn details(base: &Requirement, new: &Requirement) -> Vec<Detail> {
    let mut out = Vec::new();
    match (&base.rule, &new.rule) {
        (RequirementRule::Performance(b), RequirementRule::Performance(n))
            if b.metric == n.metric =>
        {
            let money = n.metric.is_money();
            if b.workloads.name != n.workloads.name {
                out.push(Detail::Workloads {
                    before: b.workloads.name.clone(),
                    after: n.workloads.name.clone(),
                });
            }
            if b.offer != n.offer {
                out.push(Detail::Offer {
                    before: offer_text(&b.offer),
                    after: offer_text(&n.offer),
                });
            }
            if b.developing_by_customer != n.developing_by_customer {
                out.push(Detail::Rewritten);
            }
            if b.threshold != n.threshold {
                out.push(Detail::Threshold {
                    before: b.threshold,
                    after: n.threshold,
                    money,
                });
            }
            if b.developing != n.developing {
                out.push(Detail::Developing {
                    before: b.developing,
                    after: n.developing,
                    money,
                });
            }
            if b.window() != n.window() {
                out.push(Detail::Window {
                    before: b.window(),
                    after: n.window(),
                });
            }
            if b.via != n.via {
                out.push(Detail::Via {
                    before: b.via.clone(),
                    after: n.via.clone(),
                });
            }
        }
        (RequirementRule::Skill(b), RequirementRule::Skill(n))
            if skeleton(&base.text) == skeleton(&new.text) =>
        {
            if b.count != n.count {
                out.push(Detail::Count {
                    before: b.count,
                    after: n.count,
                });
            }
            if let (Some(bw), Some(nw)) = (&b.of_which, &n.of_which) {
                if bw.count != nw.count {
                    out.push(Detail::OfWhichCount {
                        before: bw.count,
                        after: nw.count,
                    });
                }
            }
            let codes = |r: &crate::ruleset::SkillRule| -> Vec<String> {
                let mut codes: Vec<String> = Vec::new();
                for (_, code) in &r.codes {
                    if !codes.contains(code) {
                        codes.push(code.clone());
                    }
                }
                codes
            };
            let (bc, nc) = (codes(b), codes(n));
            let added: Vec<String> = nc.iter().filter(|c| !bc.contains(c)).cloned().collect();
            let removed: Vec<String> = bc.iter().filter(|c| !nc.contains(c)).cloned().collect();
            if !added.is_empty() {
                out.push(Detail::CodesAdded(added));
            }
            if !removed.is_empty() {
                out.push(Detail::CodesRemoved(removed));
            }
        }
        (RequirementRule::Attested(b), RequirementRule::Attested(n)) => {
            if b.count != n.count {
                out.push(Detail::Count {
                    before: b.count,
                    after: n.count,
                });
            }
            let added: Vec<String> = n
                .codes
                .iter()
                .filter(|c| !b.codes.contains(c))
                .cloned()
                .collect();
            let removed: Vec<String> = b
                .codes
                .iter()
                .filter(|c| !n.codes.contains(c))
                .cloned()
                .collect();
            if !added.is_empty() {
                out.push(Detail::CodesAdded(added));
            }
            if !removed.is_empty() {
                out.push(Detail::CodesRemoved(removed));
            }
        }
        _ => {}
    }
    if out.is_empty() {
        out.push(Detail::Rewritten);
    }
    out
}

/// A skill requirement's text with its numbers and code lists blanked: two
/// requirements with the same skeleton differ only in counts and codes.
fn skeleton(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_list = false;
    let mut in_quotes = false;
    let mut last_digit = false;
    for ch in text.chars() {
        if in_list {
            match ch {
                '"' => in_quotes = !in_quotes,
                ']' if !in_quotes => {
                    in_list = false;
                    out.push(']');
                }
                _ => {}
            }
            continue;
        }
        match ch {
            '[' => {
                in_list = true;
                out.push('[');
            }
            c if c.is_ascii_digit() => {
                if !last_digit {
                    out.push('#');
                }
                last_digit = true;
                continue;
            }
            c => out.push(c),
        }
        last_digit = false;
    }
    // `1 person` and `2 people` say the same.
    out.replace("# person ", "# people ")
}

fn overrides(base: &RuleSet, new: &RuleSet, out: &mut Vec<RuleChange>) {
    let key = |o: &crate::ruleset::Override| (o.org.clone(), o.competency.clone(), o.level);
    let place = |o: &crate::ruleset::Override| Place::Override {
        org: o.org.clone(),
        competency: o.competency.clone(),
        level: o.level,
    };
    for o in &new.overrides {
        match base.overrides.iter().find(|b| key(b) == key(o)) {
            None => out.push(RuleChange {
                place: place(o),
                what: What::Added,
            }),
            Some(b) if b.until != o.until => out.push(RuleChange {
                place: place(o),
                what: What::OverrideUntil {
                    before: b.until,
                    after: o.until,
                },
            }),
            Some(_) => {}
        }
    }
    for o in &base.overrides {
        if !new.overrides.iter().any(|n| key(n) == key(o)) {
            out.push(RuleChange {
                place: place(o),
                what: What::Removed,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_blank_counts_and_codes() {
        assert_eq!(
            skeleton("2 people certified in [\"AZ-400\", \"a]b\"] of which 1 assessed in [\"x\"]"),
            "# people certified in [] of which # assessed in []"
        );
        assert_eq!(
            skeleton("1 person certified in [\"AZ-400\"]"),
            skeleton("3 people certified in [\"AZ-104\", \"AZ-400\"]")
        );
        assert_ne!(
            skeleton("1 person certified in [\"AZ-400\"]"),
            skeleton("1 person assessed in [\"AZ-400\"]")
        );
    }
}
