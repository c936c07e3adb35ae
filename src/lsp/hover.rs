//! Hover: what the thing under the cursor is. A competency id: its title,
//! its levels and their paths; a level or a path: what meets it; a
//! requirement: its meaning in words; a code, a workload or an
//! association: which competencies use it; an override's organization and
//! date; a setting: what it sets; a score, track, category or metric: what
//! it counts (`hover_score`).

use std::fmt::Write;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::analysis::Analysis;
use super::hover_score;
use super::index::{self, Element, Place, Subject, Symbol};
use super::meaning;
use super::workspace::Workspace;
use crate::syntax::print;
use crate::syntax::tree::{
    CompetencyDef, Item, LevelDef, LevelItem, PathDef, PathItem, WorkloadSetDef,
};
use crate::vocabulary::AchievementClass;

pub fn hover(workspace: &Workspace, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let (analysis, file) = workspace.lookup(&at.text_document.uri)?;
    let entry = &analysis.files[file];
    let offset = entry.lines.offset(entry.text(), at.position);
    let element = index::at(&entry.elements, offset)?;
    let value = describe(analysis, element)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(entry.lines.range(entry.text(), element.range.clone())),
    })
}

/// What hover says about an element, in Markdown.
fn describe(analysis: &Analysis, element: &Element) -> Option<String> {
    Some(match &element.subject {
        Subject::Competency(id) => competency(analysis, id)
            .unwrap_or_else(|| format!("competency {}: not defined in the rule set", inline(id))),
        Subject::Level(id, level) => {
            let c = competency_def(analysis, id)?;
            match c.levels.iter().find(|l| l.level.node == *level) {
                Some(l) => level_text(c, l),
                None => format!("{} defines no {level} level", title(c)),
            }
        }
        Subject::Path(id, level, path) => {
            let c = competency_def(analysis, id)?;
            let l = c.levels.iter().find(|l| l.level.node == *level)?;
            let p = paths(l).find(|p| p.id.node == *path)?;
            path_text(c, l, p)
        }
        Subject::Requirement(r, unique) => {
            let mut out = format!(
                "```rules\n{}\n```\n\n{}",
                print::requirement(r),
                markdown(&meaning::requirement(r))
            );
            if let crate::syntax::tree::Requirement::Skill(_) = **r {
                out.push_str(&format!("\n\n{}", meaning::WHO_COUNTS));
                if *unique {
                    out.push_str(&format!("\n\n{}", meaning::UNIQUE));
                }
            }
            out
        }
        Subject::Code(code, class) => {
            let kind = match class {
                AchievementClass::Certified => "an exam or certification (`certified in`)",
                AchievementClass::Assessed => "an assessment (`assessed in`)",
            };
            let symbol = Symbol::Code(code.clone());
            format!(
                "code {}: {kind}{}\n\n{}",
                inline(code),
                retirement(analysis, code),
                uses(analysis, &symbol)
            )
        }
        Subject::RetiredCode(code) => {
            let symbol = Symbol::Code(code.clone());
            format!(
                "code {}{}\n\n{}",
                inline(code),
                retirement(analysis, code),
                uses(analysis, &symbol)
            )
        }
        Subject::Attestation(code) => {
            let symbol = Symbol::Attestation(code.clone());
            format!(
                "attestation {}: something the program attests of the organization (its \
                 `attestations` in the facts)\n\n{}",
                inline(code),
                uses(analysis, &symbol)
            )
        }
        Subject::Workload(name) => {
            let symbol = Symbol::Workload(name.clone());
            match workload_set(analysis, name) {
                Some(set) => {
                    let members: Vec<String> =
                        set.workloads.node.iter().map(|w| inline(&w.node)).collect();
                    format!(
                        "workload set {}: {}, summed where its name stands\n\n{}",
                        inline(name),
                        members.join(", "),
                        uses(analysis, &symbol)
                    )
                }
                None => format!("workload {}\n\n{}", inline(name), uses(analysis, &symbol)),
            }
        }
        Subject::Association(name) => association(analysis, name),
        Subject::Organization(org) => organization(analysis, org),
        Subject::Until(date) => {
            let last = date.pred_opt().unwrap_or(*date);
            format!(
                "until {date}: the override applies while the evaluation date is before this \
                 day, so through {last}"
            )
        }
        Subject::Setting(name) => setting(name)?,
        Subject::Score(id) => hover_score::score(analysis, id)?,
        Subject::Track(id, track) => hover_score::track(analysis, id, track)?,
        Subject::Category(id, track, category) => {
            hover_score::category(analysis, id, track.as_deref(), category)?
        }
        Subject::Metric(id, track, metric) => {
            hover_score::metric(analysis, id, track.as_deref(), metric)?
        }
    })
}

/// The declaration of workload set `name`, if the rule set has one.
fn workload_set<'a>(analysis: &'a Analysis, name: &str) -> Option<&'a WorkloadSetDef> {
    analysis
        .trees()
        .flat_map(|(_, tree)| &tree.items)
        .find_map(|item| match item {
            Item::WorkloadSet(set) if set.name.node == name => Some(&set.node),
            _ => None,
        })
}

/// `; retired on 2017-12-31, accepted through 2018-12-31` for a retired code.
fn retirement(analysis: &Analysis, code: &str) -> String {
    analysis
        .trees()
        .flat_map(|(_, tree)| &tree.items)
        .find_map(|item| match item {
            Item::Retired(r) if r.code.node == code => {
                let through = r.accepted_through.as_ref().map_or(r.on.node, |d| d.node);
                Some(format!(
                    "; retired on {}: counts only if passed by then, and only through {through}",
                    r.on.node
                ))
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// The first definition of competency `id` in the rule set.
pub(super) fn competency_def<'a>(analysis: &'a Analysis, id: &str) -> Option<&'a CompetencyDef> {
    analysis
        .trees()
        .flat_map(|(_, tree)| &tree.items)
        .find_map(|item| match item {
            Item::Competency(c) if c.id.node == id => Some(&c.node),
            _ => None,
        })
}

fn paths(level: &LevelDef) -> impl Iterator<Item = &PathDef> {
    level.items.iter().filter_map(|i| match i {
        LevelItem::Path(p) => Some(&p.node),
        LevelItem::Benefits(_) => None,
    })
}

fn benefits(level: &LevelDef) -> Vec<&str> {
    level
        .items
        .iter()
        .filter_map(|i| match i {
            LevelItem::Benefits(list) => Some(list.node.iter().map(|b| b.node.as_str())),
            LevelItem::Path(_) => None,
        })
        .flatten()
        .collect()
}

fn requirements(path: &PathDef) -> impl Iterator<Item = &crate::syntax::tree::Requirement> {
    path.items.iter().filter_map(|i| match i {
        PathItem::Requirement(r) => Some(&r.node),
        PathItem::UniquePeople(_) => None,
    })
}

/// `**Cloud Platform** (`cloud_platform`)`
pub(super) fn title(c: &CompetencyDef) -> String {
    format!("**{}** ({})", markdown(&c.title.node), inline(&c.id.node))
}

fn path_name(p: &PathDef) -> String {
    match &p.title {
        Some(t) => format!("{} \"{}\"", inline(&p.id.node), markdown(&t.node)),
        None => inline(&p.id.node),
    }
}

fn competency(analysis: &Analysis, id: &str) -> Option<String> {
    let c = competency_def(analysis, id)?;
    let mut out = format!("competency {}\n", title(c));
    for level in &c.levels {
        let names: Vec<String> = paths(level).map(path_name).collect();
        let _ = write!(
            out,
            "\n- {}: {}",
            level.level.node,
            plural(names.len(), "path", "paths")
        );
        if !names.is_empty() {
            let _ = write!(out, " ({})", names.join(", "));
        }
        let benefits = benefits(level).len();
        if benefits > 0 {
            let _ = write!(out, "; {}", plural(benefits, "benefit", "benefits"));
        }
    }
    let overrides = overrides(analysis, |o| o.competency.node == id);
    if !overrides.is_empty() {
        let _ = write!(out, "\n\noverrides:{}", overrides);
    }
    Some(out)
}

fn level_text(c: &CompetencyDef, level: &LevelDef) -> String {
    let all: Vec<&PathDef> = paths(level).collect();
    let met = match all.len() {
        1 => "met when its path is met".to_string(),
        n => format!(
            "met when any of its {n} paths is met (the first met, in the order written, decides)"
        ),
    };
    let mut out = format!("{} {}: {met}\n", title(c), level.level.node);
    for p in all {
        let count = requirements(p).count();
        let _ = write!(
            out,
            "\n- {}: {}",
            path_name(p),
            plural(count, "requirement", "requirements")
        );
    }
    let benefits = benefits(level);
    if !benefits.is_empty() {
        let listed: Vec<String> = benefits.iter().map(|b| markdown(b)).collect();
        let _ = write!(out, "\n\nbenefits: {}", listed.join("; "));
    }
    out
}

fn path_text(c: &CompetencyDef, level: &LevelDef, path: &PathDef) -> String {
    let all: Vec<_> = requirements(path).collect();
    let mut out = format!(
        "path {} of {} {}: met when all of its {} are met\n",
        path_name(path),
        title(c),
        level.level.node,
        plural(all.len(), "requirement", "requirements"),
    );
    if path
        .items
        .iter()
        .any(|i| matches!(i, PathItem::UniquePeople(_)))
    {
        out.push_str("\n`unique people`: no person counts toward two of its skill requirements\n");
    }
    for r in all {
        let _ = write!(out, "\n- {}", markdown(&meaning::requirement(r)));
    }
    out
}

fn association(analysis: &Analysis, name: &str) -> String {
    let declared = analysis.files.iter().any(|f| {
        f.elements
            .iter()
            .any(|e| e.declares && matches!(&e.subject, Subject::Association(n) if n == name))
    });
    let said = if declared {
        "declared in `settings { associations [...] }`"
    } else {
        "counts records whose `association` is this name"
    };
    let symbol = Symbol::Association(name.to_string());
    format!(
        "association {}: {said}\n\n{}",
        inline(name),
        uses(analysis, &symbol)
    )
}

fn organization(analysis: &Analysis, org: &str) -> String {
    format!(
        "organization {}\n\noverrides:{}",
        inline(org),
        overrides(analysis, |o| o.org.node == org)
    )
}

/// The overrides `keep` keeps, one line each.
fn overrides(
    analysis: &Analysis,
    keep: impl Fn(&crate::syntax::tree::OverrideDef) -> bool,
) -> String {
    let mut out = String::new();
    for (_, tree) in analysis.trees() {
        for item in &tree.items {
            if let Item::Override(o) = item {
                if keep(o) {
                    let _ = write!(
                        out,
                        "\n- {} {} {} until {}: {}",
                        inline(&o.org.node),
                        inline(&o.competency.node),
                        o.level.node,
                        o.until.node,
                        markdown(&o.reason.node)
                    );
                }
            }
        }
    }
    out
}

/// Which competencies, levels and paths use `symbol`, grouped by competency.
fn uses(analysis: &Analysis, symbol: &Symbol) -> String {
    let mut by_competency: Vec<(String, Vec<Place>)> = Vec::new();
    for file in &analysis.files {
        for e in &file.elements {
            let Some(within) = &e.within else { continue };
            if e.subject.symbol().as_ref() != Some(symbol) {
                continue;
            }
            let at = within.place.clone();
            match by_competency
                .iter_mut()
                .find(|(c, _)| *c == within.competency)
            {
                Some((_, places)) if places.contains(&at) => {}
                Some((_, places)) => places.push(at),
                None => by_competency.push((within.competency.clone(), vec![at])),
            }
        }
    }
    if by_competency.is_empty() {
        return "used by no requirement".to_string();
    }
    let mut out = format!(
        "used by {}:\n",
        plural(by_competency.len(), "competency", "competencies")
    );
    for (id, places) in by_competency {
        let name = match competency_def(analysis, &id) {
            Some(c) => title(c),
            None => inline(&id),
        };
        let places: Vec<String> = places
            .iter()
            .map(|place| match place {
                Place::Path(level, path) => format!("{level} {}", inline(path)),
                Place::Metric(metric) => format!("score metric {}", inline(metric)),
                Place::Track(track) => format!("the condition of track {}", inline(track)),
            })
            .collect();
        let _ = write!(out, "\n- {name}: {}", places.join(", "));
    }
    out
}

fn setting(name: &str) -> Option<String> {
    let about = match name {
        "association wait" => {
            "how long after a person associates with an organization their achievements start \
             to count (default 24 hours)"
        }
        "subscription" => {
            "how long a membership is valid from its purchase: `N months`, or `until year end` \
             (default 12 months)"
        }
        "renewal grace" => "how long a lapsed membership keeps showing (default 0 days)",
        "associations" => {
            "the associations the program knows: every `via` list may name only these, and a fact \
             record with another is reported"
        }
        _ => return None,
    };
    Some(format!("setting {}: {about}", inline(name)))
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Text shown as Markdown, its special characters escaped.
pub(super) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A name as inline code, fenced with more backticks than it holds.
pub(super) fn inline(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}
