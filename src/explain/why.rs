//! The words for why an outcome changed — each flipped requirement with its
//! numbers, before and after ("revenue azure $128,400.00 < $150,000 (was ≥
//! $100,000)") — and for what changed in the rules. `rules diff --why` and
//! `rules test` both speak them.

use std::fmt::Write;

use crate::diff::pair::subject;
use crate::diff::rule_changes::{Detail, Place, RuleChange, What};
use crate::diff::standing::Numbers;
use crate::diff::why::Flip;
use crate::diff::{LevelChange, OrgChange};
use crate::number;
use crate::outcome::{Distinct, MetBy, Unit};
use crate::vocabulary::Level;

/// `met by `azure_consumption``, `met by override`, `missed`.
pub fn met_by(m: &Option<MetBy>) -> String {
    match m {
        Some(MetBy::Path(id)) => format!("met by `{id}`"),
        Some(MetBy::Override) => "met by override".to_string(),
        Some(MetBy::Score) => "met by score".to_string(),
        None => "missed".to_string(),
    }
}

/// `Cloud Platform Gold met by `azure_consumption` → missed`.
pub fn level_move(l: &LevelChange) -> String {
    format!(
        "{} {} {} → {}",
        l.title,
        l.level.title(),
        met_by(&l.before),
        met_by(&l.after)
    )
}

/// An organization's outcome change on one line: each level that moved and
/// what flipped it, then eligibility, renewal risk, the membership and the
/// profile.
pub fn org_line(change: &OrgChange) -> String {
    let mut parts: Vec<String> = change
        .levels
        .iter()
        .map(|l| {
            let flips: Vec<String> = l.why.iter().map(flip).collect();
            if flips.is_empty() {
                level_move(l)
            } else {
                format!("{}: {}", level_move(l), flips.join(", "))
            }
        })
        .collect();
    parts.extend(consequences(change));
    format!("{}: {}", change.org, parts.join("; "))
}

/// What follows from the levels: eligibility, renewal risk, the membership,
/// the profile.
pub fn consequences(change: &OrgChange) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((b, a)) = change.eligible {
        out.push(format!("eligible {} → {}", level_name(b), level_name(a)));
    }
    match change.at_risk {
        Some((false, true)) => out.push("renewal becomes at risk".to_string()),
        Some((true, false)) => out.push("renewal no longer at risk".to_string()),
        _ => {}
    }
    if let Some(((bl, bs), (al, as_))) = change.membership {
        out.push(format!(
            "membership {} ({}) → {} ({})",
            level_name(bl),
            bs.keyword(),
            level_name(al),
            as_.keyword()
        ));
    }
    if !change.profile_removed.is_empty() {
        out.push(format!(
            "profile no longer shows {}",
            profile(&change.profile_removed)
        ));
    }
    if !change.profile_added.is_empty() {
        out.push(format!(
            "profile now shows {}",
            profile(&change.profile_added)
        ));
    }
    for (_, title, before, _) in &change.designations {
        out.push(if *before {
            format!("no longer qualifies for {title}")
        } else {
            format!("now qualifies for {title}")
        });
    }
    out
}

fn level_name(l: Option<Level>) -> &'static str {
    l.map_or("none", Level::keyword)
}

fn profile(entries: &[(String, Level)]) -> String {
    entries
        .iter()
        .map(|(c, l)| format!("{c} ({})", l.title()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One reason a level changed, in words.
pub fn flip(f: &Flip) -> String {
    match f {
        Flip::Score => "the competency's score reaches the level's band".to_string(),
        Flip::Requirement {
            before: Some(b),
            after: Some(a),
            ..
        } => {
            let part = Part::of(b, a);
            let (was, now) = (part.side(b), part.side(a));
            let (Some(was), Some(now)) = (was, now) else {
                return format!(
                    "{} {} (was {})",
                    part.subject(a),
                    if a.met { "met" } else { "missed" },
                    if b.met { "met" } else { "missed" }
                );
            };
            let earlier = match (was.actual == now.actual, was.required == now.required) {
                (true, false) | (true, true) => format!("{} {}", was.op(), was.required),
                (false, true) => was.actual,
                (false, false) => format!("{} {} {}", was.actual, was.op(), was.required),
            };
            format!(
                "{} {} {} {} (was {earlier})",
                part.subject(a),
                now.actual,
                now.op(),
                now.required
            )
        }
        Flip::Requirement {
            before: None,
            after: Some(a),
            ..
        } => match Part::Main.side(a) {
            Some(now) => format!(
                "new requirement {} {} {} {}",
                Part::Main.subject(a),
                now.actual,
                now.op(),
                now.required
            ),
            None => format!("new requirement {}", Part::Main.subject(a)),
        },
        Flip::Requirement {
            before: Some(b),
            after: None,
            ..
        } => match Part::Main.side(b) {
            Some(was) => format!(
                "requirement {} removed (was {} {} {})",
                Part::Main.subject(b),
                was.actual,
                was.op(),
                was.required
            ),
            None => format!("requirement {} removed", Part::Main.subject(b)),
        },
        Flip::Requirement { path, .. } => format!("path `{path}` changed"),
        Flip::UniquePeople {
            path,
            before,
            after,
        } => {
            let side = |d: &Option<Distinct>| {
                d.map(|d| {
                    let op = if d.assigned >= d.needed { "≥" } else { "<" };
                    (d.assigned, op, d.needed)
                })
            };
            match (side(before), side(after)) {
                (Some((ba, bop, bn)), Some((aa, aop, an))) => {
                    let earlier = if ba == aa {
                        format!("{bop} {bn}")
                    } else {
                        format!("{ba} {bop} {bn}")
                    };
                    format!("distinct people in `{path}` {aa} {aop} {an} (was {earlier})")
                }
                (_, Some((aa, aop, an))) => format!("distinct people in `{path}` {aa} {aop} {an}"),
                _ => format!("`unique people` of path `{path}`"),
            }
        }
        Flip::PathAdded { path } => format!("path `{path}` added"),
        Flip::PathRemoved { path } => format!("path `{path}` removed"),
        Flip::PathOrder { path, passed } => {
            format!("path `{path}` now written before `{passed}`")
        }
        Flip::LevelAdded => "new level".to_string(),
        Flip::LevelRemoved => "level no longer in the rules".to_string(),
        Flip::Override { before, after } => match (before, after) {
            (_, Some((until, true))) => format!("override until {until} applies"),
            (Some((_, true)), Some((until, false))) => {
                format!("override ended on {until}")
            }
            (Some((_, true)), None) => "override removed".to_string(),
            _ => "override changed".to_string(),
        },
    }
}

/// Which numbers of a requirement tell its story: its own, or its `of
/// which` part's when the count is reached but the part is not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Main,
    OfWhich,
}

/// One side's numbers, in words.
struct Side {
    actual: String,
    required: String,
    met: bool,
}

impl Side {
    fn op(&self) -> &'static str {
        if self.met { "≥" } else { "<" }
    }
}

impl Part {
    fn of(b: &Numbers, a: &Numbers) -> Part {
        let of_which_decides =
            |n: &Numbers| !n.met && n.actual >= n.required && n.of_which.is_some();
        if of_which_decides(b) || of_which_decides(a) {
            Part::OfWhich
        } else {
            Part::Main
        }
    }

    fn subject(self, n: &Numbers) -> String {
        match (self, &n.of_which) {
            (Part::OfWhich, Some((text, _, _))) => shorten_lists(text),
            _ => shorten_lists(&subject(&n.text)),
        }
    }

    fn side(self, n: &Numbers) -> Option<Side> {
        match self {
            Part::Main => Some(Side {
                actual: number::amount(n.actual, n.unit == Unit::Dollars),
                required: number::amount(n.required, n.unit == Unit::Dollars),
                met: n.actual >= n.required,
            }),
            Part::OfWhich => n.of_which.as_ref().map(|(_, actual, required)| Side {
                actual: actual.to_string(),
                required: required.to_string(),
                met: actual >= required,
            }),
        }
    }
}

/// Code lists of more than three entries shortened to their first two:
/// `["70-532", "70-533", …]`.
pub fn shorten_lists(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let mut items = Vec::new();
        let mut in_quotes = false;
        let mut start = 0;
        let mut end = None;
        for (i, ch) in rest.char_indices() {
            match ch {
                '"' => in_quotes = !in_quotes,
                ',' if !in_quotes => {
                    items.push(rest[start..i].trim());
                    start = i + 1;
                }
                ']' if !in_quotes => {
                    items.push(rest[start..i].trim());
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            out.push_str(rest);
            return out;
        };
        if items.len() > 3 {
            let _ = write!(out, "{}, {}, …", items[0], items[1]);
        } else {
            out.push_str(&rest[..end]);
        }
        out.push(']');
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Where a rule change is, in words: `Cloud Platform Gold, path `consumption``.
fn place(p: &Place) -> String {
    match p {
        Place::Settings => "settings".to_string(),
        Place::Competency { id, title } => format!("{title} (`{id}`)"),
        Place::Level { title, level, .. } => format!("{title} {}", level.title()),
        Place::Path {
            title, level, path, ..
        } => format!("{title} {}, path `{path}`", level.title()),
        Place::Override {
            org,
            competency,
            level,
        } => format!("override for `{org}` in {competency} {level}"),
    }
}

/// A rule change in words: where, then what.
pub fn rule_change(c: &RuleChange) -> String {
    let what = match &c.what {
        What::Added => match c.place {
            Place::Competency { .. } => "competency added".to_string(),
            Place::Level { .. } => "level added".to_string(),
            _ => "added".to_string(),
        },
        What::Removed => match c.place {
            Place::Competency { .. } => "competency removed".to_string(),
            Place::Level { .. } => "level removed".to_string(),
            _ => "removed".to_string(),
        },
        What::PathOrder { before, after } => {
            let list = |ids: &[String]| {
                ids.iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "paths now in the order {} (were {})",
                list(after),
                list(before)
            )
        }
        What::UniquePeople { after: true } => "`unique people` added".to_string(),
        What::UniquePeople { after: false } => "`unique people` removed".to_string(),
        What::RequirementAdded { text } => format!("requirement added: `{text}`"),
        What::RequirementRemoved { text } => format!("requirement removed: `{text}`"),
        What::Requirement {
            before,
            after,
            details,
        } => {
            if details.contains(&Detail::Rewritten) {
                format!("`{before}` → `{after}`")
            } else {
                let words: Vec<String> = details.iter().map(detail).collect();
                format!("{} {}", shorten_lists(&subject(after)), words.join(", "))
            }
        }
        What::Setting {
            name,
            before,
            after,
        } => format!("{name} {before} → {after}"),
        What::OverrideUntil { before, after } => format!("until {before} → {after}"),
    };
    format!("{}: {what}", place(&c.place))
}

fn detail(d: &Detail) -> String {
    let money = |v: &rust_decimal::Decimal, money: bool| number::amount(*v, money);
    let list = |codes: &[String]| {
        codes
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match d {
        Detail::Threshold {
            before,
            after,
            money: m,
        } => format!("threshold {} → {}", money(before, *m), money(after, *m)),
        Detail::Developing {
            before,
            after,
            money: m,
        } => {
            let side = |v: &Option<rust_decimal::Decimal>| {
                v.as_ref().map_or("none".to_string(), |v| money(v, *m))
            };
            format!("developing threshold {} → {}", side(before), side(after))
        }
        Detail::Window { before, after } => {
            let side = |w: &Option<u32>| match w {
                Some(1) => "1 month".to_string(),
                Some(n) => format!("{n} months"),
                None => "none".to_string(),
            };
            format!("window {} → {}", side(before), side(after))
        }
        Detail::Via { before, after } => {
            let side = |v: &Option<Vec<String>>| match v {
                Some(list) => format!("via [{}]", list.join(", ")),
                None => "any association".to_string(),
            };
            format!("{} → {}", side(before), side(after))
        }
        Detail::Count { before, after } => format!("count {before} → {after}"),
        Detail::OfWhichCount { before, after } => format!("of which {before} → {after}"),
        Detail::CodesAdded(codes) => format!("codes added: {}", list(codes)),
        Detail::CodesRemoved(codes) => format!("codes removed: {}", list(codes)),
        Detail::Workloads { before, after } => format!("workloads {before} → {after}"),
        Detail::Offer { before, after } => {
            let side = |o: &Option<String>| o.clone().unwrap_or_else(|| "any offer".to_string());
            format!("{} → {}", side(before), side(after))
        }
        Detail::Rewritten => "rewritten".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn numbers(text: &str, actual: &str, required: &str, met: bool) -> Numbers {
        Numbers {
            text: text.to_string(),
            met,
            actual: Decimal::from_str(actual).unwrap(),
            required: Decimal::from_str(required).unwrap(),
            unit: if text.starts_with("revenue") {
                Unit::Dollars
            } else {
                Unit::People
            },
            of_which: None,
        }
    }

    #[test]
    fn a_raised_threshold_in_words() {
        let f = Flip::Requirement {
            path: "azure_consumption".into(),
            before: Some(numbers(
                "revenue azure via [dpor, tpor] >= $100,000 over 12 months",
                "128400.00",
                "100000",
                true,
            )),
            after: Some(numbers(
                "revenue azure via [dpor, tpor] >= $150,000 over 12 months",
                "128400.00",
                "150000",
                false,
            )),
        };
        assert_eq!(
            flip(&f),
            "revenue azure $128,400.00 < $150,000 (was ≥ $100,000)"
        );
    }

    #[test]
    fn fewer_people_counted_in_words() {
        let f = Flip::Requirement {
            path: "p".into(),
            before: Some(numbers(
                "2 people certified in [\"a\", \"b\", \"c\", \"d\"]",
                "2",
                "2",
                true,
            )),
            after: Some(numbers(
                "2 people certified in [\"a\", \"b\", \"c\", \"d\"]",
                "1",
                "2",
                false,
            )),
        };
        assert_eq!(
            flip(&f),
            "people certified in [\"a\", \"b\", …] 1 < 2 (was 2)"
        );
    }

    #[test]
    fn long_lists_are_shortened_short_ones_kept() {
        assert_eq!(
            shorten_lists("in [\"a\", \"b\", \"c\"] and [\"x, y\", \"b\", \"c\", \"d\"]"),
            "in [\"a\", \"b\", \"c\"] and [\"x, y\", \"b\", …]"
        );
    }
}
