//! Why a level's outcome changed: the requirements — and their numbers,
//! before and after — that flipped it, or the path, level or override that
//! came or went. Read from two standings of the same organization, so it
//! works as well on an approved snapshot as on a fresh evaluation.

use chrono::NaiveDate;

use super::pair::pair;
use super::standing::{LevelStanding, Numbers, PathStanding};
use crate::outcome::{Distinct, MetBy};

/// One reason a level's outcome changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Flip {
    /// A requirement of `path` met on one side and not on the other; `None`
    /// on the side where the path does not have it.
    Requirement {
        path: String,
        before: Option<Numbers>,
        after: Option<Numbers>,
    },
    /// A `unique people` path found enough distinct people on one side only.
    UniquePeople {
        path: String,
        before: Option<Distinct>,
        after: Option<Distinct>,
    },
    PathAdded {
        path: String,
    },
    PathRemoved {
        path: String,
    },
    /// `path` was met before too, but came after `passed`, which still is met.
    PathOrder {
        path: String,
        passed: String,
    },
    /// The level is met by the competency's score on one side: the score's
    /// points say why.
    Score,
    /// The level is defined only by the new rules.
    LevelAdded,
    /// The level is defined only by the old rules.
    LevelRemoved,
    /// The override for this organization and level: until when, and
    /// whether it applied, before and after.
    Override {
        before: Option<(NaiveDate, bool)>,
        after: Option<(NaiveDate, bool)>,
    },
}

impl Flip {
    /// The path the flip is about, if it is about one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Flip::Requirement { path, .. }
            | Flip::UniquePeople { path, .. }
            | Flip::PathAdded { path }
            | Flip::PathRemoved { path }
            | Flip::PathOrder { path, .. } => Some(path),
            Flip::LevelAdded | Flip::LevelRemoved | Flip::Override { .. } | Flip::Score => None,
        }
    }
}

/// What flipped a level between `before` and `after` (`None`: the level is
/// not defined on that side). Empty when its outcome did not change.
pub fn flips(before: Option<&LevelStanding>, after: Option<&LevelStanding>) -> Vec<Flip> {
    let (b, a) = match (before, after) {
        (None, None) => return Vec::new(),
        (None, Some(_)) => return vec![Flip::LevelAdded],
        (Some(_), None) => return vec![Flip::LevelRemoved],
        (Some(b), Some(a)) => (b, a),
    };
    let mut out = Vec::new();
    if b.met_by == a.met_by {
        return out;
    }
    // Why the path that decided before no longer does.
    if let Some(MetBy::Path(p)) = &b.met_by {
        match (b.path(p), a.path(p)) {
            (_, None) => out.push(Flip::PathRemoved { path: p.clone() }),
            (Some(bp), Some(ap)) if !ap.met => out.extend(path_flips(p, bp, ap)),
            _ => {}
        }
    }
    // Why what decides now does.
    match &a.met_by {
        Some(MetBy::Path(q)) => match (b.path(q), a.path(q)) {
            (None, _) => out.push(Flip::PathAdded { path: q.clone() }),
            (Some(bq), Some(aq)) if !bq.met => out.extend(path_flips(q, bq, aq)),
            _ => {
                if let Some(MetBy::Path(p)) = &b.met_by {
                    if a.path(p).is_some_and(|ap| ap.met) {
                        out.push(Flip::PathOrder {
                            path: q.clone(),
                            passed: p.clone(),
                        });
                    }
                }
            }
        },
        // A score's reasons are its points, which the explanation itself shows.
        Some(MetBy::Score) => out.push(Flip::Score),
        Some(MetBy::Override) | None => {
            if b.met_by == Some(MetBy::Override) || a.met_by == Some(MetBy::Override) {
                out.push(Flip::Override {
                    before: b.override_until,
                    after: a.override_until,
                });
            }
        }
    }
    out
}

/// The requirements of one path whose outcome changed, in the direction the
/// path moved (a requirement added and met does not explain a path lost).
fn path_flips(path: &str, bp: &PathStanding, ap: &PathStanding) -> Vec<Flip> {
    let texts = |p: &PathStanding| -> Vec<String> {
        p.requirements.iter().map(|r| r.text.clone()).collect()
    };
    let (bt, at) = (texts(bp), texts(ap));
    let mut out = Vec::new();
    for (i, j) in pair(&bt, &at) {
        let before = i.map(|i| bp.requirements[i].clone());
        let after = j.map(|j| ap.requirements[j].clone());
        let explains = match (&before, &after) {
            (Some(b), Some(a)) => b.met != a.met,
            (None, Some(a)) => !a.met && !ap.met,
            (Some(b), None) => !b.met && ap.met,
            (None, None) => false,
        };
        if explains {
            out.push(Flip::Requirement {
                path: path.to_string(),
                before,
                after,
            });
        }
    }
    if out.is_empty() && bp.met != ap.met {
        out.push(Flip::UniquePeople {
            path: path.to_string(),
            before: bp.distinct,
            after: ap.distinct,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Unit;
    use crate::vocabulary::Level;
    use rust_decimal::Decimal;

    fn numbers(text: &str, actual: i64, required: i64) -> Numbers {
        Numbers {
            text: text.to_string(),
            met: actual >= required,
            actual: Decimal::from(actual),
            required: Decimal::from(required),
            unit: Unit::Dollars,
            of_which: None,
        }
    }

    fn level(met_by: Option<&str>, paths: Vec<(&str, Vec<Numbers>)>) -> LevelStanding {
        LevelStanding {
            competency: "c".into(),
            title: "C".into(),
            level: Level::Gold,
            met_by: met_by.map(|p| MetBy::Path(p.into())),
            paths: paths
                .into_iter()
                .map(|(id, requirements)| PathStanding {
                    id: id.into(),
                    met: requirements.iter().all(|r| r.met),
                    requirements,
                    distinct: None,
                })
                .collect(),
            override_until: None,
        }
    }

    #[test]
    fn a_raised_threshold_flips_the_path_that_decided() {
        let before = level(
            Some("p"),
            vec![("p", vec![numbers("revenue a >= $100", 128, 100)])],
        );
        let after = level(
            None,
            vec![("p", vec![numbers("revenue a >= $150", 128, 150)])],
        );
        let flips = flips(Some(&before), Some(&after));
        assert_eq!(
            flips,
            [Flip::Requirement {
                path: "p".into(),
                before: Some(numbers("revenue a >= $100", 128, 100)),
                after: Some(numbers("revenue a >= $150", 128, 150)),
            }]
        );
    }

    #[test]
    fn paths_and_levels_that_come_and_go() {
        let met = level(Some("p"), vec![("p", vec![numbers("r >= 1", 1, 1)])]);
        let gone = level(None, vec![]);
        assert_eq!(
            flips(Some(&met), Some(&gone)),
            [Flip::PathRemoved { path: "p".into() }]
        );
        assert_eq!(
            flips(Some(&gone), Some(&met)),
            [Flip::PathAdded { path: "p".into() }]
        );
        assert_eq!(flips(None, Some(&met)), [Flip::LevelAdded]);
        assert_eq!(flips(Some(&met), None), [Flip::LevelRemoved]);
        assert!(flips(Some(&met), Some(&met)).is_empty());
    }

    #[test]
    fn a_path_written_first_now_decides() {
        let both = |first: &str, second: &str| {
            level(
                Some(first),
                vec![
                    (first, vec![numbers("r >= 1", 1, 1)]),
                    (second, vec![numbers("s >= 1", 1, 1)]),
                ],
            )
        };
        assert_eq!(
            flips(Some(&both("p", "q")), Some(&both("q", "p"))),
            [Flip::PathOrder {
                path: "q".into(),
                passed: "p".into()
            }]
        );
    }
}
