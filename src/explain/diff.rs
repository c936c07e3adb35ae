//! A rule change's consequences in words (text) and for programs (JSON):
//! each organization whose outcome changes, then the tally.

use std::fmt::Write;

use serde::Serialize;

use crate::diff::{LevelMove, OrgChange, Tally};
use crate::outcome::MetBy;
use crate::verdict::Verdict;
use crate::vocabulary::Level;

fn level_name(l: Option<Level>) -> &'static str {
    l.map_or("none", Level::keyword)
}

/// One organization's changes, a line each.
pub fn change_text(change: &OrgChange) -> String {
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
    if tally.profile_changed > 0 {
        let _ = writeln!(
            out,
            "  {} {} a changed profile",
            orgs(tally.profile_changed),
            verb(tally.profile_changed, "has", "have")
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
    profile: ProfileJson,
}

#[derive(Serialize)]
struct LevelJson<'a> {
    competency: &'a str,
    level: &'static str,
    change: &'static str,
    before: Option<&'a str>,
    after: Option<&'a str>,
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
    })
}

/// One JSON object, on one line, for a changed organization.
pub fn change_json(change: &OrgChange) -> String {
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
            })
            .collect(),
        eligible: change.eligible.map(|(b, a)| Move {
            before: level_name(b),
            after: level_name(a),
        }),
        at_risk: change
            .at_risk
            .map(|(before, after)| RiskMove { before, after }),
        profile: ProfileJson {
            added: entries(&change.profile_added),
            removed: entries(&change.profile_removed),
        },
    };
    serde_json::to_string(&json).expect("changes serialize")
}

/// The tally as the last JSON line: `{"summary": {...}}`.
pub fn tally_json(tally: &Tally) -> String {
    #[derive(Serialize)]
    struct Summary<'a> {
        summary: &'a Tally,
    }
    serde_json::to_string(&Summary { summary: tally }).expect("the tally serializes")
}
