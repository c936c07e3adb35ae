//! A requirement in words, as hover says it: "revenue from azure via dpor
//! or tpor, summed over the 12 months before the evaluation date, at least
//! $15,000; $10,000 in developing markets". Written from the syntax tree,
//! so it says what the text says even while the rule set does not check.

use crate::ruleset::PerformanceRule;
use crate::syntax::print;
use crate::syntax::tree::{
    EntityCount, Growth, GrowthOf, Performance, Qualification, Requirement, Skill, Term,
    WorkloadRef,
};
use crate::vocabulary::{AchievementClass, Entity, EntityChange, GrowthKind, Metric};

/// What a requirement asks, in one sentence (names as written, unquoted).
pub fn requirement(r: &Requirement) -> String {
    match r {
        Requirement::Performance(p) => performance(p),
        Requirement::Skill(s) => skill(s),
        Requirement::Attested(a) => {
            let codes: Vec<&str> = a.codes.node.iter().map(|c| c.node.as_str()).collect();
            let count = a.count.as_ref().map_or(1, |c| c.node);
            let what = if count == 1 {
                "attestation"
            } else {
                "attestations"
            };
            format!(
                "at least {count} {what} of {}, granted on or before the evaluation date and not expired",
                listed(&codes, "or")
            )
        }
        Requirement::Requires(r) => format!(
            "{} met at {} on the evaluation date (by a path or an override)",
            r.competency.node,
            r.level.node.title()
        ),
        Requirement::Entities(e) => entities(e),
        Requirement::Growth(g) => growth(g),
    }
}

/// `net 10 tenants with ...`: what is counted, and against which start.
fn entities(e: &EntityCount) -> String {
    let count = e.count.node;
    let noun = e.entity.node.noun(count == 1);
    let each = match e.entity.node {
        Entity::Tenants => "each tenant (the customer of its records) on its own records",
        Entity::Workloads => "each workload on its own records",
    };
    let start = match &e.since {
        Some(since) => print::since(&since.node).replacen("since", "from", 1),
        None => "from the start of the window".to_string(),
    };
    let mut out = match e.change.as_ref().map(|c| c.node) {
        None => format!("at least {count} {noun} meeting the condition on the evaluation date"),
        Some(EntityChange::Net) => format!(
            "at least {count} more {noun} meeting the condition on the evaluation date than {start}"
        ),
        Some(EntityChange::New) => {
            format!("at least {count} {noun} below the amount {start} that have met it since")
        }
    };
    if let Some(developing) = &e.developing {
        out.push_str(&format!(
            " ({} in developing markets)",
            print::amount(&developing.node)
        ));
    }
    out.push_str(&format!(
        "; the condition, for {each}: {}",
        performance(&e.condition.node)
    ));
    out
}

/// `growth usage d365 >= 25% over 12 months`: the two dates compared.
fn growth(g: &Growth) -> String {
    let what = match &g.of.node {
        GrowthOf::Measure(m) => format!("{} {}", m.metric.node, print::workload(&m.workload.node)),
        GrowthOf::People(q) => format!("the people who count and are {}", qualification(&q.node)),
    };
    let start = match &g.since {
        Some(since) => print::since(&since.node).replacen("since", "on", 1),
        None => months_before(
            g.window_months
                .as_ref()
                .map_or(PerformanceRule::DEFAULT_FLOW_WINDOW, |m| m.node),
        )
        .replacen("the ", "at the start of the ", 1),
    };
    let mut out = match g.kind.node {
        GrowthKind::Growth => format!(
            "{what} on the evaluation date at least {} above what it was {start}",
            print::amount(&g.threshold.node)
        ),
        GrowthKind::Change => format!(
            "{what} on the evaluation date at least {} more than {start}",
            print::amount(&g.threshold.node)
        ),
    };
    if let Some(developing) = &g.developing {
        out.push_str(&format!(
            "; {} in developing markets",
            print::amount(&developing.node)
        ));
    }
    if let Some(b) = &g.baseline {
        out.push_str(&format!(
            "; nothing counts unless it was at least {} at the start",
            print::amount(&b.node.floor.node)
        ));
    }
    out
}

fn performance(p: &Performance) -> String {
    let what = match p.metric.node {
        Metric::Revenue => "revenue from",
        Metric::Customers => "new customers for",
        Metric::Seats => "deployed paid seats of",
        Metric::Usage => "monthly active users of",
        Metric::Devices => "devices shipped of",
    };
    let workload = match &p.workload.node {
        WorkloadRef::Name(name) => name.clone(),
        WorkloadRef::List(list) => {
            let parts: Vec<String> = list
                .iter()
                .map(|w| match &w.weight {
                    Some(weight) => format!("{} × {}", w.workload.node, weight.node),
                    None => w.workload.node.clone(),
                })
                .collect();
            listed(&parts.iter().map(String::as_str).collect::<Vec<_>>(), "and")
        }
    };
    let mut out = format!("{what} {workload}");
    if let Some(via) = &p.via {
        let names: Vec<&str> = via.node.iter().map(|n| n.node.as_str()).collect();
        out.push_str(&format!(" via {}", listed(&names, "or")));
    }
    if let Some(offer) = &p.offer {
        let values: Vec<&str> = offer.node.values.iter().map(|v| v.node.as_str()).collect();
        let which = if offer.node.not { "other than" } else { "only" };
        out.push_str(&format!(", offers {which} {}", listed(&values, "or")));
    }
    let window = p.window_months.as_ref().map(|m| m.node);
    if p.metric.node.is_flow() {
        let months = window.unwrap_or(PerformanceRule::DEFAULT_FLOW_WINDOW);
        out.push_str(&format!(", summed over {}", months_before(months)));
    } else {
        match window {
            Some(months) => {
                out.push_str(&format!(", the latest record in {}", months_before(months)))
            }
            None => out
                .push_str(", the latest record on or before the evaluation date, whatever its age"),
        }
    }
    if p.in_month.is_some() {
        out.push_str(", the best calendar month of that window");
    }
    let least = if p.strict { "more than" } else { "at least" };
    out.push_str(&format!(", {least} {}", print::amount(&p.threshold.node)));
    if let Some(developing) = &p.developing {
        out.push_str(&format!(
            "; {} in developing markets",
            print::amount(&developing.node)
        ));
        if p.developing_by_customer {
            out.push_str(" when no counted customer is in a developed market");
        }
    }
    out
}

/// `the 12 months before the evaluation date`, `the month before ...`.
fn months_before(months: u32) -> String {
    if months == 1 {
        "the month before the evaluation date".to_string()
    } else {
        format!("the {months} months before the evaluation date")
    }
}

fn skill(s: &Skill) -> String {
    let count = s.count.node;
    let mut out = if count == 1 {
        format!("at least 1 person {}", qualification(&s.qualification.node))
    } else {
        format!(
            "at least {}, each {}",
            print::people(count),
            qualification(&s.qualification.node)
        )
    };
    if let Some(of_which) = &s.of_which {
        out.push_str(&format!(
            "; of those, at least {} also {}",
            print::people(of_which.count.node),
            qualification(&of_which.qualification.node)
        ));
    }
    out
}

/// What one person must hold, in words; a group inside a group of the
/// other kind is put in parentheses.
fn qualification(q: &Qualification) -> String {
    match q {
        Qualification::Term(t) => term(t),
        Qualification::And(parts) => group(parts, ", and "),
        Qualification::Or(parts) => group(parts, ", or "),
    }
}

fn group(parts: &[crate::source::Node<Qualification>], separator: &str) -> String {
    parts
        .iter()
        .map(|p| match &p.node {
            Qualification::Term(t) => term(t),
            other => format!("({})", qualification(other)),
        })
        .collect::<Vec<_>>()
        .join(separator)
}

fn term(t: &Term) -> String {
    let verb = match t.class {
        AchievementClass::Certified => "certified in",
        AchievementClass::Assessed => "assessed in",
    };
    let codes: Vec<&str> = t.codes.node.iter().map(|c| c.node.as_str()).collect();
    match (codes.len(), t.all) {
        (1, _) => format!("{verb} {}", codes[0]),
        (_, true) => format!("{verb} all of {}", listed(&codes, "and")),
        (_, false) => format!("{verb} one of {}", listed(&codes, "or")),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn listed(items: &[&str], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., final_one] => format!("{} {last} {final_one}", init.join(", ")),
    }
}

/// What people must be to count at all, said once under a skill requirement.
pub const WHO_COUNTS: &str = "A person counts once their association wait has passed and until they \
     leave; an achievement counts from the day it was passed until it expires.";

/// What `unique people` adds to a skill requirement.
pub const UNIQUE: &str =
    "`unique people`: no one counted here counts toward another skill requirement of this path.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::syntax::tree::{Item, LevelItem, PathItem};

    fn first_requirement(text: &str) -> String {
        let source = SourceFile::new(
            "t.rules",
            format!("competency c \"C\" {{ silver {{ path p {{\n{text}\n}} }} }}"),
        );
        let tree = crate::syntax::parse_rule_file(&source).expect("parses");
        let Item::Competency(c) = &tree.items[0] else {
            panic!("a competency")
        };
        let LevelItem::Path(p) = &c.levels[0].items[0] else {
            panic!("a path")
        };
        let PathItem::Requirement(r) = &p.items[0] else {
            panic!("a requirement")
        };
        requirement(&r.node)
    }

    #[test]
    fn requirements_in_words() {
        assert_eq!(
            first_requirement(
                "revenue azure via [dpor, tpor] >= $15,000 (developing $10,000) over 12 months"
            ),
            "revenue from azure via dpor or tpor, summed over the 12 months before the evaluation \
             date, at least $15,000; $10,000 in developing markets"
        );
        assert_eq!(
            first_requirement("customers \"office 365\" >= 3"),
            "new customers for office 365, summed over the 12 months before the evaluation date, \
             at least 3"
        );
        assert_eq!(
            first_requirement("seats x via [a, b, c] >= 1,200 over 1 month"),
            "deployed paid seats of x via a, b or c, the latest record in the month before the \
             evaluation date, at least 1,200"
        );
        assert_eq!(
            first_requirement("usage x >= 5"),
            "monthly active users of x, the latest record on or before the evaluation date, \
             whatever its age, at least 5"
        );
        assert_eq!(
            first_requirement(
                "2 people certified in all [\"70-496\", \"70-498\"] of which 1 certified in [\"70-497\", \"PSM I\", \"CSM\"]"
            ),
            "at least 2 people, each certified in all of 70-496 and 70-498; of those, at least \
             1 person also certified in one of 70-497, PSM I or CSM"
        );
        assert_eq!(
            first_requirement(
                "1 person certified in [\"a\", \"b\"] or assessed in [\"c\"] and (certified in [\"d\"] or certified in [\"e\"])"
            ),
            "at least 1 person certified in one of a or b, or (assessed in c, and (certified in d, \
             or certified in e))"
        );
    }
}
