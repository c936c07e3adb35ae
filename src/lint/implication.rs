//! "Path P implies path Q": every organization that meets P meets Q, at
//! every date, in either market. The lints `gold_no_harder` and
//! `path_never_decides` rest on it. A warning must never be
//! wrong, so implication is decided conservatively: when in doubt, it does
//! not hold (a lint may miss a case; it never claims one that is not so).
//!
//! Requirement A implies requirement B when:
//! - Performance: same metric and workload; A's threshold is at least B's for
//!   developed markets and for developing ones (a missing developing threshold
//!   is the developed one); and
//!   - flows (`revenue`, `customers`, summed over the window): B counts every
//!     association A counts (B has no `via`, or B's list holds all of A's), and
//!     B's window is at least A's (windows default to 12 months): B sums at
//!     least the records A sums, and no record is negative;
//!   - levels (`seats`, `usage`, the latest record): the same `via` (both none,
//!     or the same set), since another association could bring a later, smaller
//!     latest record; and B has no window, or one at least A's.
//! - Skill: B's count is at most A's, and A's qualification implies B's for
//!   any one person; if B has `of which K Q2`, either A's qualification implies
//!   Q2, or A has `of which K' Q1` with K' ≥ K and "A's qualification and Q1"
//!   implying Q2.
//! - A qualification implies another (for one person, syntactically): an `or`
//!   implies when each of its parts does; something implies an `and` when it
//!   implies each of its parts; otherwise an `and` implies when one of its parts
//!   does, and something implies an `or` when it implies one of its parts. Two
//!   terms need the same class (`certified`/`assessed`), and: `in [A]` implies
//!   `in [B]` when A ⊆ B; `in all [A]` implies `in all [B]` when B ⊆ A; `in all
//!   [A]` implies `in [B]` when they share a code; a term with one code reads
//!   the same with or without `all`.
//!
//! Path P implies path Q when every requirement of Q is implied by some
//! requirement of P. When Q says `unique people` and has two or more skill
//! requirements, P must say `unique people` too and Q's skill requirements
//! must each be implied by a different skill requirement of P (the people P
//! assigns to one requirement then serve Q's). A `unique people` P implying a
//! Q without it is fine: P's people are distinct, which is more than Q asks.

use std::collections::{HashMap, HashSet};

use crate::ruleset::*;
use crate::vocabulary::Market;

/// Every organization that meets path `p` meets path `q` (see the module
/// documentation for the rules); `false` when that cannot be shown.
pub fn path_implies(p: &PathRules, q: &PathRules) -> bool {
    fn skills(path: &PathRules) -> Vec<&Requirement> {
        path.requirements
            .iter()
            .filter(|r| matches!(r.rule, RequirementRule::Skill(_)))
            .collect()
    }
    let q_skills = skills(q);
    if q.unique_people && q_skills.len() > 1 {
        let performance_ok = q
            .requirements
            .iter()
            .filter(|r| matches!(r.rule, RequirementRule::Performance(_)))
            .all(|b| p.requirements.iter().any(|a| requirement_implies(a, b)));
        performance_ok && p.unique_people && distinct_match(&skills(p), &q_skills)
    } else {
        q.requirements
            .iter()
            .all(|b| p.requirements.iter().any(|a| requirement_implies(a, b)))
    }
}

/// Each of `wanted` implied by a different one of `given` (a bipartite
/// matching, by augmenting paths: the lists are a handful long).
fn distinct_match(given: &[&Requirement], wanted: &[&Requirement]) -> bool {
    fn augment(
        w: usize,
        given: &[&Requirement],
        wanted: &[&Requirement],
        owner: &mut [Option<usize>],
        visited: &mut [bool],
    ) -> bool {
        for g in 0..given.len() {
            if visited[g] || !requirement_implies(given[g], wanted[w]) {
                continue;
            }
            visited[g] = true;
            let free = match owner[g] {
                None => true,
                Some(other) => augment(other, given, wanted, owner, visited),
            };
            if free {
                owner[g] = Some(w);
                return true;
            }
        }
        false
    }
    let mut owner = vec![None; given.len()];
    (0..wanted.len()).all(|w| {
        let mut visited = vec![false; given.len()];
        augment(w, given, wanted, &mut owner, &mut visited)
    })
}

/// Every organization that meets `a` meets `b`, whatever its market and date.
pub fn requirement_implies(a: &Requirement, b: &Requirement) -> bool {
    match (&a.rule, &b.rule) {
        (RequirementRule::Performance(a), RequirementRule::Performance(b)) => {
            performance_implies(a, b)
        }
        (RequirementRule::Skill(a), RequirementRule::Skill(b)) => skill_implies(a, b),
        // More attestations, of codes among those asked.
        (RequirementRule::Attested(a), RequirementRule::Attested(b)) => {
            a.count >= b.count && all_in(&a.codes, &b.codes)
        }
        (RequirementRule::Requires(a), RequirementRule::Requires(b)) => a == b,
        _ => false,
    }
}

/// The same workloads with the same weights, in any order.
fn same_workloads(a: &Workloads, b: &Workloads) -> bool {
    a.parts.len() == b.parts.len()
        && a.parts
            .iter()
            .all(|p| b.weight_of(&p.workload) == Some(p.weight))
}

pub fn performance_implies(a: &PerformanceRule, b: &PerformanceRule) -> bool {
    // The same records, summed the same way: the same workloads and weights,
    // the same offers, and the developing threshold chosen the same way.
    if a.metric != b.metric
        || !same_workloads(&a.workloads, &b.workloads)
        || a.offer != b.offer
        || a.developing_by_customer != b.developing_by_customer
        || a.in_month != b.in_month
        || a.strict != b.strict
    {
        return false;
    }
    let thresholds = [Market::Developed, Market::Developing]
        .into_iter()
        .all(|m| a.threshold_for(m) >= b.threshold_for(m));
    let (records, window) = if a.metric.is_flow() {
        // Summed: more associations and a longer window only add.
        let records = match (&a.via, &b.via) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => all_in(a, b),
        };
        let window = match (a.window(), b.window()) {
            (Some(a), Some(b)) => b >= a,
            _ => false,
        };
        (records, window)
    } else {
        // The latest record: the same records must be looked at.
        let records = match (&a.via, &b.via) {
            (None, None) => true,
            (Some(a), Some(b)) => all_in(a, b) && all_in(b, a),
            _ => false,
        };
        let window = match (a.window(), b.window()) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => b >= a,
        };
        (records, window)
    };
    thresholds && records && window
}

pub fn skill_implies(a: &SkillRule, b: &SkillRule) -> bool {
    if a.count < b.count || !qualification_implies(&a.qualification, &b.qualification) {
        return false;
    }
    match (&a.of_which, &b.of_which) {
        (_, None) => true,
        (a_part, Some(b_part)) => {
            // All of A's people satisfy B's `of which`, and there are enough of them.
            qualification_implies(&a.qualification, &b_part.qualification)
                || a_part.as_ref().is_some_and(|a_part| {
                    a_part.count >= b_part.count
                        && qualification_implies(
                            &Qualification::And(vec![
                                a.qualification.clone(),
                                a_part.qualification.clone(),
                            ]),
                            &b_part.qualification,
                        )
                })
        }
    }
}

/// Every person who satisfies `a` satisfies `b`.
pub fn qualification_implies(a: &Qualification, b: &Qualification) -> bool {
    implies_memo(a, b, &mut HashMap::new())
}

/// The same, remembering each pair of parts already decided (by address:
/// the trees do not move during one call). An `and` against an `or` tries
/// both decompositions, which meet again on the same pairs: without the
/// memo, alternating `and`/`or` nested 30 deep took 11 s, and each level
/// more doubled it.
fn implies_memo<'q>(
    a: &'q Qualification,
    b: &'q Qualification,
    memo: &mut HashMap<(*const Qualification, *const Qualification), bool>,
) -> bool {
    let leaves = matches!(
        (a, b),
        (Qualification::Holds { .. }, Qualification::Holds { .. })
    );
    if leaves {
        return term_implies(a, b);
    }
    let key = (a as *const Qualification, b as *const Qualification);
    if let Some(known) = memo.get(&key) {
        return *known;
    }
    let result = match (a, b) {
        (Qualification::Or(parts), _) => parts.iter().all(|p| implies_memo(p, b, memo)),
        (_, Qualification::And(parts)) => parts.iter().all(|q| implies_memo(a, q, memo)),
        _ => {
            let some_b = matches!(b, Qualification::Or(parts) if parts.iter().any(|q| implies_memo(a, q, memo)));
            let some_a = matches!(a, Qualification::And(parts) if parts.iter().any(|p| implies_memo(p, b, memo)));
            some_b || some_a || term_implies(a, b)
        }
    };
    memo.insert(key, result);
    result
}

/// Every entry of `x` is in `y`.
fn all_in(x: &[String], y: &[String]) -> bool {
    // Long lists through a set: comparing every pair would be quadratic.
    if x.len().saturating_mul(y.len()) > 1024 {
        let y: HashSet<&String> = y.iter().collect();
        x.iter().all(|c| y.contains(c))
    } else {
        x.iter().all(|c| y.contains(c))
    }
}

/// Some entry of `x` is in `y`.
fn any_in(x: &[String], y: &[String]) -> bool {
    if x.len().saturating_mul(y.len()) > 1024 {
        let y: HashSet<&String> = y.iter().collect();
        x.iter().any(|c| y.contains(c))
    } else {
        x.iter().any(|c| y.contains(c))
    }
}

fn term_implies(a: &Qualification, b: &Qualification) -> bool {
    let (
        Qualification::Holds {
            class: a_class,
            all: a_all,
            codes: a_codes,
        },
        Qualification::Holds {
            class: b_class,
            all: b_all,
            codes: b_codes,
        },
    ) = (a, b)
    else {
        return false;
    };
    if a_class != b_class || a_codes.is_empty() || b_codes.is_empty() {
        return false;
    }
    let subset = all_in;
    // One code (perhaps written twice) reads the same with or without `all`.
    let a_all = *a_all || a_codes.iter().all(|c| *c == a_codes[0]);
    match (a_all, *b_all) {
        (false, false) => subset(a_codes, b_codes),
        (true, true) => subset(b_codes, a_codes),
        (true, false) => any_in(a_codes, b_codes),
        (false, true) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Loc, SourceFile};
    use crate::vocabulary::{AchievementClass, Metric};
    use rust_decimal::Decimal;

    fn loc() -> Loc {
        Loc::new(&SourceFile::new("test.rules", ""), 0..0)
    }

    fn req(rule: RequirementRule) -> Requirement {
        Requirement {
            text: "".into(),
            rule,
            loc: loc(),
            places: RequirementPlaces::default(),
        }
    }

    fn perf(metric: Metric, threshold: i64, developing: Option<i64>) -> PerformanceRule {
        PerformanceRule {
            metric,
            workloads: Workloads {
                name: "azure".into(),
                is_set: false,
                parts: vec![WorkloadPart {
                    workload: "azure".into(),
                    weight: Decimal::ONE,
                }],
            },
            via: None,
            offer: None,
            threshold: Decimal::from(threshold),
            developing: developing.map(Decimal::from),
            developing_by_customer: false,
            window_months: None,
            in_month: false,
            strict: false,
        }
    }

    fn via(mut p: PerformanceRule, list: &[&str]) -> PerformanceRule {
        p.via = Some(list.iter().map(|s| s.to_string()).collect());
        p
    }

    fn over(mut p: PerformanceRule, months: u32) -> PerformanceRule {
        p.window_months = Some(months);
        p
    }

    fn any(codes: &[&str]) -> Qualification {
        Qualification::Holds {
            class: AchievementClass::Certified,
            all: false,
            codes: codes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn all(codes: &[&str]) -> Qualification {
        Qualification::Holds {
            class: AchievementClass::Certified,
            all: true,
            codes: codes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn assessed(codes: &[&str]) -> Qualification {
        Qualification::Holds {
            class: AchievementClass::Assessed,
            all: false,
            codes: codes.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn skill(count: u32, q: Qualification) -> SkillRule {
        SkillRule {
            count,
            codes: Vec::new(),
            qualification: q,
            of_which: None,
        }
    }

    fn of_which(mut s: SkillRule, count: u32, q: Qualification) -> SkillRule {
        s.of_which = Some(OfWhichRule {
            text: "".into(),
            count,
            qualification: q,
        });
        s
    }

    fn path(unique: bool, rules: Vec<RequirementRule>) -> PathRules {
        PathRules {
            id: "p".into(),
            title: None,
            unique_people: unique,
            requirements: rules.into_iter().map(req).collect(),
            loc: loc(),
            id_loc: loc(),
        }
    }

    #[test]
    fn thresholds_must_be_at_least_in_both_markets() {
        let r = Metric::Revenue;
        assert!(performance_implies(&perf(r, 100, None), &perf(r, 50, None)));
        assert!(performance_implies(
            &perf(r, 100, None),
            &perf(r, 100, None)
        ));
        assert!(!performance_implies(
            &perf(r, 50, None),
            &perf(r, 100, None)
        ));
        // The developing threshold falls back to the developed one.
        assert!(performance_implies(
            &perf(r, 100, None),
            &perf(r, 100, Some(50))
        ));
        assert!(!performance_implies(
            &perf(r, 100, Some(40)),
            &perf(r, 100, Some(50))
        ));
        assert!(!performance_implies(
            &perf(r, 100, Some(40)),
            &perf(r, 90, None)
        ));
        assert!(performance_implies(
            &perf(r, 100, Some(60)),
            &perf(r, 90, Some(50))
        ));
    }

    #[test]
    fn metric_and_workload_must_match() {
        let a = perf(Metric::Revenue, 100, None);
        assert!(!performance_implies(&a, &perf(Metric::Customers, 1, None)));
        let mut other = perf(Metric::Revenue, 1, None);
        other.workloads = Workloads {
            name: "office 365".into(),
            is_set: false,
            parts: vec![WorkloadPart {
                workload: "office 365".into(),
                weight: Decimal::ONE,
            }],
        };
        assert!(!performance_implies(&a, &other));
    }

    #[test]
    fn flows_need_a_window_at_least_as_long_and_associations_at_least_as_wide() {
        let r = Metric::Revenue;
        let a = perf(r, 100, None);
        // The default window is 12 months.
        assert!(performance_implies(&a, &over(perf(r, 100, None), 12)));
        assert!(performance_implies(&a, &over(perf(r, 100, None), 24)));
        assert!(!performance_implies(&a, &over(perf(r, 100, None), 6)));
        assert!(performance_implies(&over(perf(r, 100, None), 6), &a));
        let dpor = via(perf(r, 100, None), &["dpor"]);
        let both = via(perf(r, 100, None), &["dpor", "tpor"]);
        assert!(performance_implies(&dpor, &both));
        assert!(performance_implies(&dpor, &a));
        assert!(!performance_implies(&both, &dpor));
        assert!(!performance_implies(&a, &dpor));
    }

    #[test]
    fn levels_need_the_same_associations_and_no_narrower_window() {
        let s = Metric::Seats;
        let a = perf(s, 100, None);
        assert!(performance_implies(&a, &perf(s, 50, None)));
        // A record outside B's window makes B miss what A, without one, meets.
        assert!(!performance_implies(&a, &over(perf(s, 50, None), 12)));
        assert!(performance_implies(&over(perf(s, 100, None), 12), &a));
        assert!(performance_implies(
            &over(perf(s, 100, None), 6),
            &over(perf(s, 100, None), 12)
        ));
        assert!(!performance_implies(
            &over(perf(s, 100, None), 12),
            &over(perf(s, 100, None), 6)
        ));
        // A wider `via` can find a later, smaller latest record.
        let dpor = via(perf(s, 100, None), &["dpor"]);
        let both = via(perf(s, 100, None), &["dpor", "tpor"]);
        assert!(!performance_implies(&dpor, &both));
        assert!(!performance_implies(&dpor, &a));
        assert!(performance_implies(
            &both,
            &via(perf(s, 100, None), &["tpor", "dpor"])
        ));
    }

    #[test]
    fn terms_compare_codes_by_kind_of_list() {
        assert!(qualification_implies(&any(&["a"]), &any(&["a", "b"])));
        assert!(!qualification_implies(&any(&["a", "b"]), &any(&["a"])));
        assert!(qualification_implies(&all(&["a", "b"]), &all(&["a"])));
        assert!(!qualification_implies(&all(&["a"]), &all(&["a", "b"])));
        assert!(qualification_implies(&all(&["a", "b"]), &any(&["b", "c"])));
        assert!(!qualification_implies(&all(&["a", "b"]), &any(&["c"])));
        assert!(!qualification_implies(&any(&["a", "b"]), &all(&["a", "b"])));
        assert!(qualification_implies(&any(&["a"]), &all(&["a"])));
        // `certified in` and `assessed in` look at different achievements.
        assert!(!qualification_implies(&any(&["a"]), &assessed(&["a"])));
    }

    #[test]
    fn and_and_or_decompose() {
        let a_and_b = Qualification::And(vec![any(&["a"]), assessed(&["x"])]);
        let a_or_b = Qualification::Or(vec![any(&["a"]), assessed(&["x"])]);
        assert!(qualification_implies(&a_and_b, &any(&["a"])));
        assert!(qualification_implies(&a_and_b, &a_or_b));
        assert!(qualification_implies(&any(&["a"]), &a_or_b));
        assert!(!qualification_implies(&a_or_b, &any(&["a"])));
        assert!(!qualification_implies(&any(&["a"]), &a_and_b));
        assert!(qualification_implies(&a_or_b, &a_or_b));
        assert!(qualification_implies(&a_and_b, &a_and_b));
        let wider = Qualification::Or(vec![any(&["a", "c"]), assessed(&["x", "y"])]);
        assert!(qualification_implies(&a_or_b, &wider));
        assert!(!qualification_implies(&wider, &a_or_b));
    }

    #[test]
    fn skills_compare_counts_and_of_which() {
        let two_a = skill(2, any(&["a"]));
        assert!(skill_implies(&two_a, &skill(1, any(&["a", "b"]))));
        assert!(!skill_implies(&skill(1, any(&["a"])), &two_a));
        let with_x = of_which(skill(2, any(&["a"])), 1, assessed(&["x"]));
        assert!(skill_implies(&with_x, &two_a));
        assert!(!skill_implies(&two_a, &with_x));
        assert!(skill_implies(
            &of_which(skill(3, any(&["a"])), 2, assessed(&["x"])),
            &with_x
        ));
        assert!(!skill_implies(
            &with_x,
            &of_which(skill(2, any(&["a"])), 2, assessed(&["x"]))
        ));
        // Everyone A counts already satisfies B's `of which`.
        assert!(skill_implies(
            &skill(2, all(&["a", "b"])),
            &of_which(skill(2, any(&["a"])), 1, any(&["b"]))
        ));
    }

    #[test]
    fn a_path_implies_when_each_requirement_is_implied() {
        let revenue = |n| RequirementRule::Performance(perf(Metric::Revenue, n, None));
        let people = |n, q| RequirementRule::Skill(skill(n, q));
        let hard = path(false, vec![revenue(100), people(2, any(&["a"]))]);
        let easy = path(false, vec![people(1, any(&["a", "b"])), revenue(50)]);
        assert!(path_implies(&hard, &easy));
        assert!(!path_implies(&easy, &hard));
        // A path with an extra requirement is not implied by one without it.
        let extra = path(
            false,
            vec![revenue(50), people(1, any(&["a"])), people(1, any(&["c"]))],
        );
        assert!(!path_implies(&hard, &extra));
    }

    #[test]
    fn unique_people_needs_distinct_people_on_both_sides() {
        let people = |n, q| RequirementRule::Skill(skill(n, q));
        let shared = vec![people(1, any(&["a"])), people(1, any(&["a", "b"]))];
        let not_unique = path(false, shared.clone());
        let unique = path(true, shared);
        // One person holding `a` meets the shared path, not the unique one.
        assert!(!path_implies(&not_unique, &unique));
        assert!(path_implies(&unique, &not_unique));
        assert!(path_implies(&unique, &unique));
        // Both of Q's requirements implied by the same requirement of P is not enough.
        let one_big = path(true, vec![people(2, any(&["a"])), people(1, any(&["z"]))]);
        let two_small = path(true, vec![people(1, any(&["a"])), people(1, any(&["a"]))]);
        assert!(!path_implies(&one_big, &two_small));
        // A matching that needs a second try.
        let p = path(true, vec![people(1, any(&["a"])), people(1, any(&["b"]))]);
        let q = path(
            true,
            vec![people(1, any(&["a", "b"])), people(1, any(&["a"]))],
        );
        assert!(path_implies(&p, &q));
        // With one skill requirement, `unique people` changes nothing.
        let single = path(true, vec![people(1, any(&["a"]))]);
        assert!(path_implies(
            &path(false, vec![people(2, any(&["a"]))]),
            &single
        ));
    }
}
