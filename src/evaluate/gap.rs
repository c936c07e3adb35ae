//! What it would take (the contract's §4): for a missed level, the nearest
//! path and each of its shortfalls; for a membership at risk, the nearest
//! path over every competency at the held level.
//!
//! Everything here is read off outcomes already computed — amounts found,
//! people who qualify, the `unique people` assignment's size — so a gap costs
//! a walk over the level's paths and requirements, and, for the nearest
//! path's skill needs, over the people already explained. The `unique
//! people` shortfall comes from the same maximum flow as the assignment.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::number;
use crate::outcome::{
    Closest, CompetencyOutcome, Detail, Gap, LevelOutcome, Need, Needed, PathOutcome, Reason,
    RequirementOutcome, Restore, Unit,
};
use crate::ruleset::{LevelRules, PathRules, RequirementRule, SkillRule};
use crate::vocabulary::Level;

/// The shortfalls of a path, given its outcome: each requirement whose own
/// shortfall is above 0, in the order written, then, for a `unique people`
/// path, the distinct people still needed once those are filled. Empty
/// when the path is met. `closest` is left empty (see [`gap`]).
pub fn path_needs(rules: &PathRules, outcome: &PathOutcome) -> Vec<Need> {
    let mut needs = Vec::new();
    let mut own_people = Decimal::ZERO;
    for (rule, r) in rules.requirements.iter().zip(&outcome.requirements) {
        let short_by = r.short_by();
        if short_by <= Decimal::ZERO {
            continue;
        }
        let what = match &rule.rule {
            RequirementRule::Performance(p) => Needed::Performance {
                requirement: r.text.clone(),
                metric: p.metric,
                workload: p.workload.clone(),
                via: p.via.clone(),
            },
            RequirementRule::Skill(skill) => {
                own_people += short_by;
                Needed::Skill {
                    requirement: r.text.clone(),
                    qualification: qualification_text(&r.text, skill),
                    of_which: of_which_needed(skill, r, short_by),
                }
            }
        };
        needs.push(Need {
            what,
            short_by,
            required: r.required,
            unit: r.unit,
            closest: Vec::new(),
        });
    }
    if let Some(distinct) = outcome.unique_people {
        // (total demand − largest assignment) − the requirements' own shortfalls.
        let deficiency =
            Decimal::from(distinct.needed) - Decimal::from(distinct.assigned.min(distinct.needed));
        let more = deficiency - own_people;
        if more > Decimal::ZERO {
            needs.push(Need {
                what: Needed::UniquePeople,
                short_by: more,
                required: Decimal::from(distinct.needed),
                unit: Unit::People,
                closest: Vec::new(),
            });
        }
    }
    needs
}

/// For a missed level: its nearest path and what that path lacks, with the
/// people closest to counting for each skill need. `None` when the level is
/// met (or, which the checker rules out, has no path).
pub fn gap(rules: &LevelRules, level: &LevelOutcome) -> Option<Gap> {
    if level.met {
        return None;
    }
    let mut nearest: Option<(usize, Vec<Need>)> = None;
    for (i, (path_rules, path)) in rules.paths.iter().zip(&level.paths).enumerate() {
        let needs = path_needs(path_rules, path);
        if needs.is_empty() {
            continue;
        }
        let closer = match &nearest {
            None => true,
            Some((_, best)) => compare(&needs, best) == Ordering::Less,
        };
        if closer {
            nearest = Some((i, needs));
        }
    }
    let (index, mut needs) = nearest?;
    let path = &level.paths[index];
    // The needs are the requirements short of something, in order.
    let short = path
        .requirements
        .iter()
        .filter(|r| r.short_by() > Decimal::ZERO);
    for (need, r) in needs.iter_mut().zip(short) {
        if matches!(need.what, Needed::Skill { .. }) {
            need.closest = closest(r);
        }
    }
    Some(Gap {
        path: path.id.clone(),
        needs,
    })
}

/// While a membership is at risk: the nearest path over every competency
/// at the held level; on a tie, the competency whose id comes first in
/// alphabetical order.
pub fn restore(competencies: &[CompetencyOutcome], held: Level) -> Option<Restore> {
    let mut best: Option<(&str, &Gap)> = None;
    for c in competencies {
        let Some(gap) = c
            .levels
            .iter()
            .find(|l| l.level == held)
            .and_then(|l| l.gap.as_ref())
        else {
            continue;
        };
        let closer = match best {
            None => true,
            Some((id, other)) => compare(&gap.needs, &other.needs)
                .then_with(|| c.id.as_str().cmp(id))
                .is_lt(),
        };
        if closer {
            best = Some((&c.id, gap));
        }
    }
    best.map(|(competency, gap)| Restore {
        competency: competency.to_string(),
        level: held,
        gap: gap.clone(),
    })
}

/// Which of two sets of needs is nearer: fewer needs, then the smaller sum
/// of shortfall ÷ required, compared exactly.
pub fn compare(a: &[Need], b: &[Need]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| Fraction::sum(a).cmp(&Fraction::sum(b)))
}

/// The people closest to counting for a skill requirement: those not
/// counted only because they lack part of what is asked, are pending, or
/// pass an achievement after the evaluation date; then, when its `of which`
/// part is short, those counted who are short of that part for such reasons.
fn closest(r: &RequirementOutcome) -> Vec<Closest> {
    let Detail::Skill(detail) = &r.detail else {
        return Vec::new();
    };
    let near = |reasons: &[Reason]| {
        !reasons.is_empty()
            && reasons.iter().all(|reason| {
                matches!(
                    reason,
                    Reason::Lacks { .. } | Reason::Pending { .. } | Reason::NotYetPassed { .. }
                )
            })
    };
    let not_counted = detail
        .not_counted
        .iter()
        .filter(|n| near(&n.reasons))
        .map(|n| Closest {
            person: n.person.clone(),
            counted: false,
            reasons: n.reasons.clone(),
        });
    let short_of_which = detail
        .of_which
        .iter()
        .flat_map(|o| &o.lacking)
        .filter(|n| near(&n.reasons))
        .map(|n| Closest {
            person: n.person.clone(),
            counted: true,
            reasons: n.reasons.clone(),
        });
    not_counted.chain(short_of_which).collect()
}

/// How many of the people needed must also satisfy the `of which` part,
/// and its qualification: only when that part is short on its own.
fn of_which_needed(
    skill: &SkillRule,
    r: &RequirementOutcome,
    short_by: Decimal,
) -> Option<(u32, String)> {
    let of_which = skill.of_which.as_ref()?;
    let Detail::Skill(detail) = &r.detail else {
        return None;
    };
    let short = of_which.count.saturating_sub(detail.qualifying_of_which);
    if short == 0 {
        return None;
    }
    // Never more than the people needed in all (it is at most that).
    let short = Decimal::from(short).min(short_by);
    let prefix = format!("of which {} ", number::grouped(of_which.count.into()));
    let text = of_which
        .text
        .strip_prefix(&prefix)
        .unwrap_or(&of_which.text);
    Some((u32::try_from(short).unwrap_or(u32::MAX), text.to_string()))
}

/// The qualification of a skill requirement as written: its canonical text
/// without the count before it and the `of which` part after it.
fn qualification_text(text: &str, skill: &SkillRule) -> String {
    let count = format!(
        "{} {} ",
        number::grouped(skill.count.into()),
        if skill.count == 1 { "person" } else { "people" }
    );
    let rest = text.strip_prefix(&count).unwrap_or(text);
    let rest = match &skill.of_which {
        Some(o) => rest
            .strip_suffix(&*o.text)
            .and_then(|r| r.strip_suffix(' '))
            .unwrap_or(rest),
        None => rest,
    };
    rest.to_string()
}

/// A sum of shortfall ÷ required, as an exact fraction of non-negative big
/// integers. Decimal division rounds (1/3 + 1/3 and 1/2 + 1/6 would come
/// out different), so the sums are compared by cross-multiplying instead.
struct Fraction {
    numerator: Big,
    denominator: Big,
}

impl Fraction {
    fn sum(needs: &[Need]) -> Fraction {
        let mut total = Fraction {
            numerator: Big::from(0),
            denominator: Big::from(1),
        };
        for need in needs {
            if need.required <= Decimal::ZERO {
                continue;
            }
            // (ms / 10^ss) ÷ (mr / 10^sr) = ms·10^sr / (mr·10^ss)
            let (ms, ss) = parts(need.short_by);
            let (mr, sr) = parts(need.required);
            let numerator = ms.times_power_of_ten(sr);
            let denominator = mr.times_power_of_ten(ss);
            // a/b + c/d = (a·d + c·b) / (b·d)
            total = Fraction {
                numerator: total
                    .numerator
                    .times(&denominator)
                    .plus(&numerator.times(&total.denominator)),
                denominator: total.denominator.times(&denominator),
            };
        }
        total
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numerator
            .times(&other.denominator)
            .cmp(&other.numerator.times(&self.denominator))
    }
}

/// A non-negative decimal's mantissa and scale: `value = mantissa / 10^scale`.
fn parts(value: Decimal) -> (Big, u32) {
    (Big::from(value.mantissa().unsigned_abs()), value.scale())
}

/// A non-negative integer of any size: base-2³² digits, least significant
/// first, without leading zeros.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl From<u128> for Big {
    fn from(mut value: u128) -> Big {
        let mut digits = Vec::new();
        while value > 0 {
            digits.push(value as u32);
            value >>= 32;
        }
        Big(digits)
    }
}

impl Big {
    fn trimmed(mut digits: Vec<u32>) -> Big {
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Big(digits)
    }

    fn times(&self, other: &Big) -> Big {
        let mut out = vec![0u32; self.0.len() + other.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in other.0.iter().enumerate() {
                let cell = u64::from(out[i + j]) + u64::from(a) * u64::from(b) + carry;
                out[i + j] = cell as u32;
                carry = cell >> 32;
            }
            let mut k = i + other.0.len();
            while carry > 0 {
                let cell = u64::from(out[k]) + carry;
                out[k] = cell as u32;
                carry = cell >> 32;
                k += 1;
            }
        }
        Big::trimmed(out)
    }

    fn plus(&self, other: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len().max(other.0.len()) + 1);
        let mut carry = 0u64;
        for i in 0..self.0.len().max(other.0.len()) {
            let cell = u64::from(self.0.get(i).copied().unwrap_or(0))
                + u64::from(other.0.get(i).copied().unwrap_or(0))
                + carry;
            out.push(cell as u32);
            carry = cell >> 32;
        }
        out.push(carry as u32);
        Big::trimmed(out)
    }

    fn times_power_of_ten(&self, exponent: u32) -> Big {
        let mut out = self.clone();
        let mut left = exponent;
        while left > 0 {
            // 10^9 fits a digit.
            let step = left.min(9);
            out = out.times(&Big::from(10u128.pow(step)));
            left -= step;
        }
        out
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn need(short_by: &str, required: &str) -> Need {
        Need {
            what: Needed::UniquePeople,
            short_by: Decimal::from_str(short_by).unwrap(),
            required: Decimal::from_str(required).unwrap(),
            unit: Unit::People,
            closest: Vec::new(),
        }
    }

    #[test]
    fn sums_of_ratios_compare_exactly() {
        // 1/3 + 1/3 = 1/2 + 1/6, which decimal division gets wrong.
        let thirds = [need("1", "3"), need("1", "3")];
        let half_sixth = [need("1", "2"), need("1", "6")];
        assert_eq!(compare(&thirds, &half_sixth), Ordering::Equal);
        let third = Decimal::ONE / Decimal::from(3);
        let sixth = Decimal::ONE / Decimal::from(6);
        assert_ne!(third + third, Decimal::new(5, 1) + sixth);
        // Fewer needs first, however large.
        assert_eq!(
            compare(&[need("100000", "100000")], &half_sixth),
            Ordering::Less
        );
        // Cents and large amounts: $0.01 of $79,228,162,514,264,337,593,543,950,335.
        let tiny = [need("0.01", "79228162514264337593543950335")];
        let tinier = [need("0.01", "79228162514264337593543950335.00")];
        assert_eq!(compare(&tiny, &tinier), Ordering::Equal);
        assert_eq!(
            compare(&[need("2999.99", "3000")], &[need("1", "1")]),
            Ordering::Less
        );
        assert_eq!(
            compare(&[need("0.000000001", "1")], &[need("0", "1")]),
            Ordering::Greater
        );
    }

    #[test]
    fn big_integers_multiply_and_add() {
        let a = Big::from(u128::MAX);
        let square = a.times(&a);
        // (2^128 − 1)² = 2^256 − 2^129 + 1
        assert_eq!(square.0.len(), 8);
        assert_eq!(square.0[0], 1);
        assert_eq!(a.plus(&Big::from(1)), Big(vec![0, 0, 0, 0, 1]));
        assert_eq!(
            Big::from(7).times_power_of_ten(20),
            Big::from(700_000_000_000_000_000_000)
        );
        assert!(Big::from(0) < Big::from(1));
        assert_eq!(Big::from(0).times(&a), Big::from(0));
    }

    #[test]
    fn the_qualification_is_the_text_between_count_and_of_which() {
        let rules = crate::load::check_sources(vec![crate::source::SourceFile::new(
            "t.rules",
            "competency c \"C\" { silver { path p {\n\
             1,000 people certified in all [\"A\", \"B\"] or assessed in [\"X\"] of which 2 certified in [\"C\"]\n\
             1 person certified in [\"people\"]\n} } }",
        )])
        .expect("valid rules");
        let path = &rules.competencies[0].levels[0].paths[0];
        let texts: Vec<String> = path
            .requirements
            .iter()
            .map(|r| match &r.rule {
                RequirementRule::Skill(s) => qualification_text(&r.text, s),
                RequirementRule::Performance(_) => unreachable!(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "certified in all [\"A\", \"B\"] or assessed in [\"X\"]",
                "certified in [\"people\"]"
            ]
        );
    }
}
