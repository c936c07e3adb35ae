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
use std::ops::Range;

use rust_decimal::Decimal;

use crate::outcome::{
    Closest, CompetencyOutcome, Detail, Gap, LevelOutcome, Need, Needed, PathOutcome, Reason,
    RequirementOutcome, Restore, Unit,
};
use crate::ruleset::{LevelRules, PathRules, PerformanceRule, RequirementRule, SkillRule};
use crate::vocabulary::{GrowthKind, Level};

/// The shortfalls of a path, given its outcome: each requirement whose own
/// shortfall is above 0, in the order written, then, for a `unique people`
/// path, the distinct people still needed once those are filled. Empty
/// when the path is met. `closest` is left empty (see [`gap`]).
pub fn path_needs(rules: &PathRules, outcome: &PathOutcome) -> Vec<Need> {
    shortfalls(outcome)
        .map(|s| need(rules, outcome, &s))
        .collect()
}

/// One shortfall as numbers: of the requirement at `index` (`None`: the
/// `unique people` one), by how much, of how much required. Paths are
/// compared on these, read off their outcomes as often as needed (no list
/// per path); only the nearest is put into words.
#[derive(Clone, Copy)]
struct Shortfall {
    index: Option<usize>,
    short_by: Decimal,
    required: Decimal,
}

/// The shortfalls of a path in order: its requirements', then the `unique
/// people` one.
fn shortfalls(outcome: &PathOutcome) -> impl Iterator<Item = Shortfall> + Clone + '_ {
    let own = outcome
        .requirements
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let short_by = r.short_by();
            (short_by > Decimal::ZERO).then_some(Shortfall {
                index: Some(i),
                short_by,
                required: r.need_required(),
            })
        });
    let unique = outcome.unique_people.and_then(|distinct| {
        let own_people: Decimal = own
            .clone()
            .filter(|s| {
                s.index
                    .is_some_and(|i| outcome.requirements[i].unit == Unit::People)
            })
            .map(|s| s.short_by)
            .sum();
        // (total demand − largest assignment) − the requirements' own shortfalls.
        let deficiency =
            Decimal::from(distinct.needed) - Decimal::from(distinct.assigned.min(distinct.needed));
        let more = deficiency - own_people;
        (more > Decimal::ZERO).then_some(Shortfall {
            index: None,
            short_by: more,
            required: Decimal::from(distinct.needed),
        })
    });
    own.chain(unique)
}

/// A shortfall with what the sentences need to say it.
fn need(rules: &PathRules, outcome: &PathOutcome, s: &Shortfall) -> Need {
    let what = match s.index {
        None => Needed::UniquePeople,
        Some(i) => {
            let r = &outcome.requirements[i];
            match &rules.requirements[i].rule {
                RequirementRule::Performance(p) => {
                    let (workload, via) = measure_ranges(&r.text, p);
                    Needed::Performance {
                        requirement: r.text.clone(),
                        metric: p.metric,
                        workload,
                        via,
                    }
                }
                RequirementRule::Skill(skill) => {
                    let (qualification, of_which) = qualification_ranges(&r.text, skill);
                    Needed::Skill {
                        requirement: r.text.clone(),
                        qualification,
                        of_which: of_which_short(skill, r, s.short_by).zip(of_which),
                    }
                }
                RequirementRule::Attested(_) => {
                    // `3 attested in ["customer reference"]`: the codes are in its brackets.
                    let open = r.text.find('[').map_or(0, |i| i + 1);
                    let close = r
                        .text
                        .rfind(']')
                        .filter(|c| *c >= open)
                        .unwrap_or(r.text.len());
                    Needed::Attested {
                        requirement: r.text.clone(),
                        codes: open..close,
                    }
                }
                RequirementRule::Requires(req) => Needed::RequiredLevel {
                    requirement: r.text.clone(),
                    competency: req.competency.clone(),
                    level: req.level,
                },
                RequirementRule::Entities(e) => {
                    // `net 10 tenants with CONDITION since ...`: the condition.
                    let text = &r.text;
                    let from = text.find(" with ").map_or(0, |i| i + " with ".len());
                    let to = text[from..]
                        .rfind(" since ")
                        .map_or(text.len(), |i| from + i);
                    Needed::Entities {
                        requirement: r.text.clone(),
                        entity: e.entity,
                        change: e.change,
                        condition: from..to,
                    }
                }
                RequirementRule::Growth(g) => {
                    // `growth MEASURE >= ...`: the measure.
                    let text = &r.text;
                    let from = g.kind.keyword().len() + 1;
                    let to = text
                        .find(" >= ")
                        .filter(|t| *t >= from)
                        .unwrap_or(text.len());
                    let Detail::Growth(d) = &r.detail else {
                        unreachable!("a growth's outcome has a growth's detail")
                    };
                    Needed::Growth {
                        requirement: r.text.clone(),
                        kind: g.kind,
                        measure: from.min(to)..to,
                        metric: d.metric,
                        start: d.start,
                        value_then: d.value_then,
                        target: d.target(r.required),
                        percent: (g.kind == GrowthKind::Growth).then_some(r.required),
                        blocked: d.blocked(),
                    }
                }
            }
        }
    };
    Need {
        what,
        short_by: s.short_by,
        required: s.required,
        unit: s
            .index
            .map_or(Unit::People, |i| outcome.requirements[i].need_unit()),
        closest: Vec::new(),
    }
}

/// For a missed level: its nearest path and what that path lacks, with the
/// people closest to counting for each skill need. `None` when the level is
/// met (or, which the checker rules out, has no path).
pub fn gap(rules: &LevelRules, level: &LevelOutcome) -> Option<Gap> {
    if level.met {
        return None;
    }
    let mut nearest: Option<(usize, usize)> = None;
    for (i, path) in level.paths.iter().enumerate() {
        let count = shortfalls(path).count();
        if count == 0 {
            continue;
        }
        let closer = match nearest {
            None => true,
            Some((best, fewest)) => {
                count.cmp(&fewest).then_with(|| {
                    let ratio = |s: Shortfall| (s.short_by, s.required);
                    let best = shortfalls(&level.paths[best]).map(ratio);
                    cmp_sums(shortfalls(path).map(ratio), best)
                }) == Ordering::Less
            }
        };
        if closer {
            nearest = Some((i, count));
        }
    }
    let (index, count) = nearest?;
    let (path_rules, path) = (&rules.paths[index], &level.paths[index]);
    let mut needs = Vec::with_capacity(count);
    for s in shortfalls(path) {
        let mut need = need(path_rules, path, &s);
        if let (Some(i), Needed::Skill { .. }) = (s.index, &need.what) {
            need.closest = closest(&path.requirements[i]);
        }
        needs.push(need);
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
    let ratio = |n: &Need| (n.short_by, n.required);
    a.len()
        .cmp(&b.len())
        .then_with(|| cmp_sums(a.iter().map(ratio), b.iter().map(ratio)))
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

/// How many of the people needed must also satisfy the `of which` part:
/// only when that part is short on its own.
fn of_which_short(skill: &SkillRule, r: &RequirementOutcome, short_by: Decimal) -> Option<u32> {
    let of_which = skill.of_which.as_ref()?;
    let Detail::Skill(detail) = &r.detail else {
        return None;
    };
    let short = of_which.count.saturating_sub(detail.qualifying_of_which);
    // Never more than the people needed in all (it is at most that).
    (short > 0).then(|| u32::try_from(Decimal::from(short).min(short_by)).unwrap_or(u32::MAX))
}

/// Where a skill requirement's qualification is written in its canonical
/// text, between the count and the `of which` part; and where the `of
/// which` qualification is, after its count. Found by the lengths of what
/// the printer writes around them (`2 people `, ` of which 1 `), without a
/// copy; the whole text when it is not laid out so.
fn qualification_ranges(text: &str, skill: &SkillRule) -> (Range<usize>, Option<Range<usize>>) {
    let noun = if skill.count == 1 {
        "person "
    } else {
        "people "
    };
    let start = grouped_len(skill.count) + 1 + noun.len();
    let start = match text.get(..start) {
        Some(head) if head.ends_with(noun) => start,
        _ => 0,
    };
    let of_which = skill.of_which.as_ref().and_then(|o| {
        let at = text.len().checked_sub(o.text.len() + 1)?;
        let lead = "of which ".len() + grouped_len(o.count) + 1;
        let laid_out = text.ends_with(&*o.text)
            && text[..at].len() >= start
            && text.as_bytes()[at] == b' '
            && o.text.starts_with("of which ")
            && o.text.as_bytes().get(lead - 1) == Some(&b' ');
        laid_out.then_some((at, at + 1 + lead..text.len()))
    });
    match of_which {
        Some((end, of_which)) => (start..end, Some(of_which)),
        None => (start..text.len(), None),
    }
}

/// Where a performance requirement's workload is written in its canonical
/// text (after the metric: a name, or a quoted string), and the inside of
/// its `via [...]` list; the whole text and no list when it is not laid
/// out so.
fn measure_ranges(text: &str, rule: &PerformanceRule) -> (Range<usize>, Option<Range<usize>>) {
    let start = rule.metric.keyword().len() + 1;
    let bytes = text.as_bytes();
    let end = match bytes.get(start) {
        Some(b'"') => quoted_end(bytes, start),
        Some(b'[') => bracket_end(bytes, start),
        Some(_) => bytes[start..]
            .iter()
            .position(|b| *b == b' ')
            .map(|n| start + n),
        None => None,
    };
    let Some(end) = end.filter(|_| text.get(..start - 1) == Some(rule.metric.keyword())) else {
        return (0..text.len(), None);
    };
    let via = rule.via.as_ref().and_then(|_| {
        let open = end + text[end..].strip_prefix(" via [").map(|_| " via [".len())?;
        let mut i = open;
        loop {
            i = match bytes.get(i)? {
                b'"' => quoted_end(bytes, i)?,
                b']' => return Some(open..i),
                _ => i + 1,
            };
        }
    });
    (start..end, via)
}

/// The end (just past the `]`) of the list written at `start`, such as
/// `[dynamics, "ax on-premises" * 2]`.
fn bracket_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        i = match bytes.get(i)? {
            b'"' => quoted_end(bytes, i)?,
            b']' => return Some(i + 1),
            _ => i + 1,
        };
    }
}

/// The end (just past the closing quote) of the quoted string at `start`.
fn quoted_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// How long `n` is with its thousands separated: `1,000` is 5.
fn grouped_len(n: u32) -> usize {
    let digits = n.checked_ilog10().map_or(1, |d| d as usize + 1);
    digits + (digits - 1) / 3
}

/// Compares Σ a.0 ÷ a.1 with Σ b.0 ÷ b.1 exactly, for non-negative
/// amounts. Decimal division rounds (1/3 + 1/3 and 1/2 + 1/6 would come out
/// different), so each sum is kept as a fraction and the two are
/// cross-multiplied: in `u128` while that holds them (nearly always), else
/// in big integers.
fn cmp_sums<A, B>(a: A, b: B) -> Ordering
where
    A: Iterator<Item = (Decimal, Decimal)> + Clone,
    B: Iterator<Item = (Decimal, Decimal)> + Clone,
{
    if let (Some((na, da)), Some((nb, db))) = (small_sum(a.clone()), small_sum(b.clone())) {
        if let (Some(left), Some(right)) = (na.checked_mul(db), nb.checked_mul(da)) {
            return left.cmp(&right);
        }
    }
    let (na, da) = big_sum(a);
    let (nb, db) = big_sum(b);
    na.times(&db).cmp(&nb.times(&da))
}

/// The sum as (numerator, denominator) in `u128`; `None` on overflow.
fn small_sum(ratios: impl Iterator<Item = (Decimal, Decimal)>) -> Option<(u128, u128)> {
    let (mut numerator, mut denominator) = (0u128, 1u128);
    for (short_by, required) in ratios {
        if required <= Decimal::ZERO {
            continue;
        }
        let (ms, ss) = (short_by.mantissa().unsigned_abs(), short_by.scale());
        let (mr, sr) = (required.mantissa().unsigned_abs(), required.scale());
        // (ms / 10^ss) ÷ (mr / 10^sr) = ms·10^sr / (mr·10^ss); then
        // n/d + a/b = (n·b + a·d) / (d·b).
        let a = ms.checked_mul(10u128.checked_pow(sr)?)?;
        let b = mr.checked_mul(10u128.checked_pow(ss)?)?;
        numerator = numerator
            .checked_mul(b)?
            .checked_add(a.checked_mul(denominator)?)?;
        denominator = denominator.checked_mul(b)?;
    }
    Some((numerator, denominator))
}

/// The same sum in big integers.
fn big_sum(ratios: impl Iterator<Item = (Decimal, Decimal)>) -> (Big, Big) {
    let mut numerator = Big::from(0);
    let mut denominator = Big::from(1);
    for (short_by, required) in ratios {
        if required <= Decimal::ZERO {
            continue;
        }
        let (ms, ss) = parts(short_by);
        let (mr, sr) = parts(required);
        let a = ms.times_power_of_ten(sr);
        let b = mr.times_power_of_ten(ss);
        numerator = numerator.times(&b).plus(&a.times(&denominator));
        denominator = denominator.times(&b);
    }
    (numerator, denominator)
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
    fn the_u128_and_the_big_integer_sums_agree() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let sets: Vec<Vec<(Decimal, Decimal)>> = vec![
            vec![(d("1"), d("3")), (d("1"), d("3"))],
            vec![(d("1"), d("2")), (d("1"), d("6"))],
            vec![
                (d("2999.50"), d("15000")),
                (d("3"), d("5")),
                (d("600"), d("1000")),
            ],
            vec![(d("0.01"), d("100000.00")), (d("1"), d("7"))],
            vec![
                (d("12345.67"), d("99999.99")),
                (d("1"), d("1")),
                (d("5"), d("9")),
            ],
        ];
        for a in &sets {
            for b in &sets {
                let (na, da) = small_sum(a.iter().copied()).expect("small enough");
                let (nb, db) = small_sum(b.iter().copied()).expect("small enough");
                let small = (na * db).cmp(&(nb * da));
                let (ba, bda) = big_sum(a.iter().copied());
                let (bb, bdb) = big_sum(b.iter().copied());
                assert_eq!(
                    small,
                    ba.times(&bdb).cmp(&bb.times(&bda)),
                    "{a:?} against {b:?}"
                );
                assert_eq!(small, cmp_sums(a.iter().copied(), b.iter().copied()));
            }
        }
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
             1 person certified in [\"people\"]\n\
             12,345 people certified in [\"of which 1\"] of which 1,234 certified in [\"D\"]\n\
             } } }",
        )])
        .expect("valid rules");
        let path = &rules.competencies[0].levels[0].paths[0];
        let texts: Vec<(&str, Option<&str>)> = path
            .requirements
            .iter()
            .map(|r| match &r.rule {
                RequirementRule::Skill(s) => {
                    let (q, q2) = qualification_ranges(&r.text, s);
                    (&r.text[q], q2.map(|q2| &r.text[q2]))
                }
                _ => unreachable!("the rules hold skill requirements only"),
            })
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "certified in all [\"A\", \"B\"] or assessed in [\"X\"]",
                    Some("certified in [\"C\"]")
                ),
                ("certified in [\"people\"]", None),
                (
                    "certified in [\"of which 1\"]",
                    Some("certified in [\"D\"]")
                ),
            ]
        );
        assert_eq!(grouped_len(7), 1);
        assert_eq!(grouped_len(1_000), 5);
    }

    #[test]
    fn the_workload_and_via_are_found_in_the_text() {
        let rules = crate::load::check_sources(vec![crate::source::SourceFile::new(
            "t.rules",
            "competency c \"C\" { silver { path p {\n\
             revenue azure via [dpor, \"t, \\\"por\\\"\"] >= $15,000 over 12 months\n\
             seats \"office 365\" >= 1,000\n\
             usage \"a \\\"b\\\" via [x]\" via [tpor] >= 5\n\
             } } }",
        )])
        .expect("valid rules");
        let path = &rules.competencies[0].levels[0].paths[0];
        let found: Vec<(&str, Option<&str>)> = path
            .requirements
            .iter()
            .map(|r| match &r.rule {
                RequirementRule::Performance(p) => {
                    let (w, via) = measure_ranges(&r.text, p);
                    (&r.text[w], via.map(|v| &r.text[v]))
                }
                _ => unreachable!("the rules hold performance requirements only"),
            })
            .collect();
        assert_eq!(
            found,
            [
                ("azure", Some("dpor, \"t, \\\"por\\\"\"")),
                ("\"office 365\"", None),
                ("\"a \\\"b\\\" via [x]\"", Some("tpor")),
            ]
        );
        assert_eq!(grouped_len(1_000), 5);
        assert_eq!(grouped_len(999_999), 7);
        assert_eq!(grouped_len(u32::MAX), 13);
    }
}
