//! Rule set × organization × date → [`OrgOutcome`]: which paths each level's
//! requirements meet, who counted, what that means for the membership, and
//! when each level met today would lapse.

pub mod customers;
pub mod gap;
pub mod matching;
pub mod membership;
pub mod outlook;
pub mod people;
pub mod performance;
pub mod score;
mod score_sweep;
pub mod time;
pub mod timeline;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use people::SeveredBy;

use crate::facts::{Organization, Person};
use crate::outcome::*;
use crate::ruleset::{
    AttestedRule, Competency, LevelRules, PathRules, Qualification, Requirement, RequirementRule,
    RequiresRule, RuleSet, SkillRule,
};
use crate::vocabulary::{AchievementClass, Level};

/// People of this organization who re-associated elsewhere, by person id.
pub type Severance = HashMap<String, SeveredBy>;

/// The date an organization is evaluated at: `--as-of`, else its file's
/// `as_of`, else today (UTC).
pub fn evaluation_date(as_of: Option<NaiveDate>, org: &Organization) -> NaiveDate {
    as_of
        .or(org.as_of)
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
}

/// Evaluates every competency of `rules` for `org` at `date`, in full.
pub fn evaluate(
    rules: &RuleSet,
    org: &Organization,
    date: NaiveDate,
    severance: &Severance,
) -> OrgOutcome {
    evaluate_with(rules, org, date, severance, DetailLevel::Full)
}

/// Evaluates every competency of `rules` for `org` at `date`, working out
/// only what `detail` shows: the same verdict at every detail, for less.
pub fn evaluate_with(
    rules: &RuleSet,
    org: &Organization,
    date: NaiveDate,
    severance: &Severance,
    detail: DetailLevel,
) -> OrgOutcome {
    let mut ctx = Context::new(rules, org, date, severance);
    ctx.detail = detail;
    let competencies: Vec<CompetencyOutcome> = rules
        .competencies
        .iter()
        .map(|c| ctx.competency(c))
        .collect();
    let membership = membership::membership(&ctx, &competencies);
    let (outlook, outlook_until, people) = if detail == DetailLevel::Full {
        let (outlook, until) = outlook::outlook(&ctx, &competencies, &membership);
        (outlook, until, ctx.people_outcomes())
    } else {
        (Vec::new(), date, Vec::new())
    };
    OrgOutcome {
        detail,
        warnings: Vec::new(),
        org: org.id.clone(),
        name: org.name.clone(),
        market: org.market,
        as_of: date,
        people_by_id: crate::outcome::PeopleIndex::new(&people),
        people,
        competencies,
        membership,
        outlook,
        outlook_until,
    }
}

/// The renewal outlook by its plain definition (every level met today
/// evaluated again on every date something it looks at changes): what
/// [`evaluate`]'s outlook must equal, for the tests.
pub fn outlook_by_reevaluation(
    rules: &RuleSet,
    org: &Organization,
    date: NaiveDate,
    severance: &Severance,
) -> (Vec<Lapse>, NaiveDate) {
    let ctx = Context::new(rules, org, date, severance);
    let competencies: Vec<CompetencyOutcome> = rules
        .competencies
        .iter()
        .map(|c| ctx.competency(c))
        .collect();
    let membership = membership::membership(&ctx, &competencies);
    outlook::by_reevaluation(&ctx, &competencies, &membership)
}

/// One organization at one date: everything evaluation needs.
pub(crate) struct Context<'a> {
    pub rules: &'a RuleSet,
    pub org: &'a Organization,
    pub date: NaiveDate,
    pub severance: &'a Severance,
    /// Per person (fact-file order): why they count for nothing; empty when they can count.
    pub standings: Vec<Vec<Reason>>,
    /// Per person: the achievements valid at `date`, found once rather than
    /// for every code every requirement asks about.
    valid: Vec<Vec<(AchievementClass, &'a str)>>,
    /// How much to work out: lists of who and what counted only in full,
    /// who did not (and why) from `Gaps`, which needs them for the closest people.
    pub detail: DetailLevel,
    /// Each competency's score at `date`, by competency id, once worked out:
    /// its levels and its outcome share one evaluation.
    pub(crate) scores: std::cell::RefCell<HashMap<String, Arc<ScoreOutcome>>>,
    /// Day scores and metrics already worked out, shared with every context
    /// [`Context::at`] makes from this one: the renewal outlook evaluates a
    /// score again on many dates, and most of it has not changed.
    pub(crate) score_memo: score::ScoreMemo,
    /// One of many dates the outlook's search evaluates again at verdict
    /// detail: a metric whose inputs have not changed since the last date
    /// is taken from [`Context::score_memo`], not worked out again.
    pub(crate) search: bool,
}

impl<'a> Context<'a> {
    pub fn new(
        rules: &'a RuleSet,
        org: &'a Organization,
        date: NaiveDate,
        severance: &'a Severance,
    ) -> Self {
        let wait = rules.settings.association_wait;
        let standings = org
            .people
            .iter()
            .map(|p| people::standing(p, date, wait, severance.get(&p.id)))
            .collect();
        let valid = org
            .people
            .iter()
            .map(|p| people::valid_holdings(p, date, &rules.retired))
            .collect();
        Context {
            rules,
            org,
            date,
            severance,
            standings,
            valid,
            detail: DetailLevel::Full,
            scores: Default::default(),
            score_memo: score::ScoreMemo::new(date),
            search: false,
        }
    }

    /// The same organization at another date.
    pub fn at(&self, date: NaiveDate) -> Context<'a> {
        let mut later = Context::new(self.rules, self.org, date, self.severance);
        later.detail = self.detail;
        later.score_memo = self.score_memo.clone();
        later.search = self.search;
        later
    }

    pub(crate) fn competency(&self, c: &Competency) -> CompetencyOutcome {
        CompetencyOutcome {
            id: c.id.clone(),
            title: c.title.clone(),
            levels: c.levels.iter().map(|l| self.level(c, l)).collect(),
            designation: c.designation,
            score: c
                .score
                .as_ref()
                .map(|s| ScoreOutcome::clone(&self.score(&c.id, s))),
        }
    }

    pub fn level(&self, competency: &Competency, rules: &LevelRules) -> LevelOutcome {
        let paths: Vec<PathOutcome> = rules.paths.iter().map(|p| self.path(p)).collect();
        let override_note = self
            .rules
            .overrides
            .iter()
            .find(|o| {
                o.org == self.org.id && o.competency == competency.id && o.level == rules.level
            })
            .map(|o| OverrideNote {
                until: o.until,
                reason: o.reason.clone(),
                active: self.date < o.until,
            });
        let met_by = paths
            .iter()
            .find(|p| p.met)
            .map(|p| MetBy::Path(p.id.clone()))
            .or_else(|| {
                override_note
                    .as_ref()
                    .filter(|o| o.active)
                    .map(|_| MetBy::Override)
            })
            .or_else(|| {
                let score = competency.score.as_ref()?;
                let reached = self.score(&competency.id, score).reached?;
                (reached >= rules.level).then_some(MetBy::Score)
            });
        let mut benefits = rules.benefits.clone();
        // `gold includes silver benefits`: Gold grants Silver's too, after its own.
        if rules.level == Level::Gold && self.rules.settings.gold_includes_silver_benefits {
            if let Some(silver) = competency.level(Level::Silver) {
                benefits.extend(
                    silver
                        .benefits
                        .iter()
                        .filter(|b| !rules.benefits.contains(b))
                        .cloned(),
                );
            }
        }
        let mut outcome = LevelOutcome {
            level: rules.level,
            met: met_by.is_some(),
            met_by,
            paths,
            override_note,
            benefits,
            gap: None,
        };
        if self.detail >= DetailLevel::Gaps {
            outcome.gap = gap::gap(rules, &outcome);
        }
        outcome
    }

    /// Whether the skill requirements of `path` are met (with `unique
    /// people`, by distinct people), whatever its other requirements say.
    pub(crate) fn skills_met(&self, path: &PathRules) -> bool {
        let outcome = self.path(path);
        let skills = path
            .requirements
            .iter()
            .zip(&outcome.requirements)
            .filter(|(r, _)| matches!(r.rule, RequirementRule::Skill(_)));
        skills.clone().all(|(_, o)| o.met)
            && outcome.unique_people.is_none_or(|d| d.assigned >= d.needed)
    }

    pub(crate) fn path(&self, path: &PathRules) -> PathOutcome {
        let mut requirements: Vec<Option<RequirementOutcome>> = vec![None; path.requirements.len()];
        let mut skills: Vec<(usize, &Requirement, &SkillRule)> = Vec::new();
        for (i, r) in path.requirements.iter().enumerate() {
            match &r.rule {
                RequirementRule::Skill(rule) => skills.push((i, r, rule)),
                _ => requirements[i] = Some(self.requirement(r)),
            }
        }
        let mut unique_people = None;
        if path.unique_people && !skills.is_empty() {
            let (outcomes, distinct) = self.skills_unique(&skills);
            for ((i, _, _), outcome) in skills.iter().zip(outcomes) {
                requirements[*i] = Some(outcome);
            }
            unique_people = Some(distinct);
        } else {
            for (i, r, rule) in &skills {
                let counted = self.qualifying(rule);
                requirements[*i] =
                    Some(self.skill_outcome(r, rule, counted, None, &HashMap::new()));
            }
        }
        let requirements: Vec<RequirementOutcome> = requirements.into_iter().flatten().collect();
        let met = requirements.iter().all(|r| r.met)
            && unique_people.is_none_or(|d: Distinct| d.assigned >= d.needed);
        PathOutcome {
            id: path.id.clone(),
            title: path.title.clone(),
            met,
            requirements,
            unique_people,
        }
    }

    /// One requirement on its own (a skill counts everyone who qualifies, as
    /// outside a `unique people` path): what paths and scores both measure,
    /// so that a new kind of requirement is evaluated here once.
    pub(crate) fn requirement(&self, r: &Requirement) -> RequirementOutcome {
        match &r.rule {
            RequirementRule::Performance(rule) => {
                let explain = self.detail == DetailLevel::Full;
                let (actual, detail) = performance::measure(rule, self.org, self.date, explain);
                let required = match (detail.developing, rule.developing) {
                    (true, Some(developing)) => developing,
                    _ => rule.threshold,
                };
                RequirementOutcome {
                    text: r.text.clone(),
                    met: actual >= required,
                    actual,
                    required,
                    unit: Unit::of_metric(rule.metric),
                    detail: Detail::Performance(detail),
                }
            }
            RequirementRule::Skill(rule) => {
                let counted = self.qualifying(rule);
                self.skill_outcome(r, rule, counted, None, &HashMap::new())
            }
            RequirementRule::Attested(rule) => self.attested(r, rule),
            RequirementRule::Requires(rule) => self.requires(r, rule),
            RequirementRule::Entities(rule) => self.entities(&r.text, rule),
            RequirementRule::Growth(rule) => self.growth(&r.text, rule),
        }
    }

    /// `[N] attested in [CODES]`: the organization's attestations of those
    /// codes that hold at the date.
    fn attested(&self, r: &Requirement, rule: &AttestedRule) -> RequirementOutcome {
        let asked = self
            .org
            .attestations
            .iter()
            .filter(|a| rule.codes.contains(&a.code));
        let mut detail = AttestedDetail {
            counted: Vec::new(),
            expired: Vec::new(),
            not_yet: Vec::new(),
        };
        for a in asked {
            if a.holds_at(self.date) {
                detail.counted.push((a.code.clone(), a.granted));
            } else if a.granted > self.date {
                detail.not_yet.push((a.code.clone(), a.granted));
            } else if let Some(expires) = a.expires {
                detail.expired.push((a.code.clone(), expires));
            }
        }
        let actual = Decimal::from(detail.counted.len() as u64);
        let required = Decimal::from(rule.count);
        RequirementOutcome {
            text: r.text.clone(),
            met: actual >= required,
            actual,
            required,
            unit: Unit::Attestations,
            detail: Detail::Attested(detail),
        }
    }

    /// `requires COMPETENCY LEVEL`: that level met at the same date (by a
    /// path or an override). The rule set has no cycle of `requires`, so
    /// this ends.
    fn requires(&self, r: &Requirement, rule: &RequiresRule) -> RequirementOutcome {
        let met_by = self
            .rules
            .competency(&rule.competency)
            .and_then(|c| c.level(rule.level).map(|l| self.level(c, l)))
            .and_then(|outcome| outcome.met_by);
        let met = met_by.is_some();
        RequirementOutcome {
            text: r.text.clone(),
            met,
            actual: Decimal::from(u8::from(met)),
            required: Decimal::ONE,
            unit: Unit::Levels,
            detail: Detail::Requires(RequiresDetail {
                competency: rule.competency.clone(),
                level: rule.level,
                met_by,
            }),
        }
    }

    /// What person `i` holds, valid at the evaluation date.
    fn holds(&self, i: usize) -> impl Fn(AchievementClass, &str) -> bool + '_ {
        let valid = &self.valid[i];
        move |class, code| valid.iter().any(|(c, k)| *c == class && *k == code)
    }

    /// People (indices) who can count and satisfy the requirement's qualification.
    fn qualifying(&self, rule: &SkillRule) -> Vec<usize> {
        self.org
            .people
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                self.standings[*i].is_empty()
                    && people::satisfies(&rule.qualification, &self.holds(*i))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Of `counted`, those who also satisfy the `of which` qualification.
    fn of_which_among(&self, rule: &SkillRule, counted: &[usize]) -> Vec<usize> {
        match &rule.of_which {
            Some(of_which) => counted
                .iter()
                .copied()
                .filter(|i| people::satisfies(&of_which.qualification, &self.holds(*i)))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The outcome of a skill requirement given who counted for it;
    /// `qualifying`, in a `unique people` path, how many people satisfy its
    /// qualification and how many of them the `of which` one, whatever the
    /// assignment (elsewhere everyone who qualifies is counted); `elsewhere`
    /// names, for people counted toward another requirement of a `unique
    /// people` path, that requirement.
    fn skill_outcome(
        &self,
        r: &Requirement,
        rule: &SkillRule,
        counted: Vec<usize>,
        qualifying: Option<(usize, usize)>,
        elsewhere: &HashMap<usize, Arc<str>>,
    ) -> RequirementOutcome {
        let of_which_people = self.of_which_among(rule, &counted);
        let (qualifying, qualifying_of_which) =
            qualifying.unwrap_or((counted.len(), of_which_people.len()));
        let of_which = rule.of_which.as_ref().map(|o| {
            let short = of_which_people.len() < o.count as usize;
            OfWhichOutcome {
                text: o.text.clone(),
                required: o.count,
                actual: of_which_people.len() as u32,
                people: of_which_people
                    .iter()
                    .map(|i| self.org.people[*i].id.clone())
                    .collect(),
                lacking: if short {
                    self.lacking(&o.qualification, &counted, &of_which_people)
                } else {
                    Vec::new()
                },
            }
        });
        let actual = counted.len() as u32;
        let met = actual >= rule.count && of_which.as_ref().is_none_or(|o| o.actual >= o.required);
        // The numbers alone below full: who counted, and why others did not,
        // go unsaid, except where a gap names the people closest to counting.
        if self.detail == DetailLevel::Verdict || (self.detail == DetailLevel::Gaps && met) {
            return RequirementOutcome {
                text: r.text.clone(),
                met,
                actual: Decimal::from(actual),
                required: Decimal::from(rule.count),
                unit: Unit::People,
                detail: Detail::Skill(SkillDetail {
                    counted: Vec::new(),
                    qualifying: qualifying as u32,
                    qualifying_of_which: qualifying_of_which as u32,
                    of_which: of_which.map(|o| OfWhichOutcome {
                        people: Vec::new(),
                        lacking: Vec::new(),
                        ..o
                    }),
                    not_counted: Vec::new(),
                }),
            };
        }
        let mut is_counted = vec![false; self.org.people.len()];
        for i in &counted {
            is_counted[*i] = true;
        }
        let not_counted = self
            .org
            .people
            .iter()
            .enumerate()
            .filter(|(i, _)| !is_counted[*i])
            .filter_map(|(i, p)| {
                if let Some(other) = elsewhere.get(&i) {
                    return Some(NotCounted {
                        person: p.id.clone(),
                        reasons: vec![Reason::CountedElsewhere {
                            requirement: other.clone(),
                        }],
                    });
                }
                people::why_not(
                    p,
                    &rule.qualification,
                    &rule.codes,
                    &self.holds(i),
                    self.date,
                    &self.standings[i],
                    &self.rules.retired,
                )
                .map(|reasons| NotCounted {
                    person: p.id.clone(),
                    reasons,
                })
            })
            .collect();
        RequirementOutcome {
            text: r.text.clone(),
            met,
            actual: Decimal::from(actual),
            required: Decimal::from(rule.count),
            unit: Unit::People,
            detail: Detail::Skill(SkillDetail {
                counted: counted
                    .iter()
                    .map(|i| self.org.people[*i].id.clone())
                    .collect(),
                qualifying: qualifying as u32,
                qualifying_of_which: qualifying_of_which as u32,
                of_which,
                not_counted,
            }),
        }
    }

    /// Skill requirements of a `unique people` path: each person toward at
    /// most one of them, found by maximum flow.
    fn skills_unique(
        &self,
        skills: &[(usize, &Requirement, &SkillRule)],
    ) -> (Vec<RequirementOutcome>, Distinct) {
        let eligible: Vec<Vec<usize>> = skills
            .iter()
            .map(|(_, _, rule)| self.qualifying(rule))
            .collect();
        let eligible_of_which: Vec<Vec<usize>> = skills
            .iter()
            .zip(&eligible)
            .map(|((_, _, rule), e)| self.of_which_among(rule, e))
            .collect();
        let demands: Vec<matching::Demand> = skills
            .iter()
            .enumerate()
            .map(|(k, (_, _, rule))| matching::Demand {
                count: rule.count,
                of_which: rule.of_which.as_ref().map_or(0, |o| o.count),
                eligible: &eligible[k],
                eligible_of_which: &eligible_of_which[k],
            })
            .collect();
        let assigned = matching::assign(self.org.people.len(), &demands);
        let mut owner: HashMap<usize, usize> = HashMap::new();
        for (k, people) in assigned.iter().enumerate() {
            for p in people {
                owner.insert(*p, k);
            }
        }
        let outcomes = skills
            .iter()
            .enumerate()
            .map(|(k, (_, r, rule))| {
                let elsewhere: HashMap<usize, Arc<str>> = eligible[k]
                    .iter()
                    .filter_map(|p| match owner.get(p) {
                        Some(other) if *other != k => Some((*p, skills[*other].1.text.clone())),
                        _ => None,
                    })
                    .collect();
                let qualifying = (eligible[k].len(), eligible_of_which[k].len());
                self.skill_outcome(r, rule, assigned[k].clone(), Some(qualifying), &elsewhere)
            })
            .collect();
        let distinct = Distinct {
            // Counts may be as large as a u32 holds; their sum may not.
            needed: skills
                .iter()
                .fold(0u32, |n, (_, _, rule)| n.saturating_add(rule.count)),
            assigned: assigned.iter().map(|a| a.len() as u32).sum(),
        };
        (outcomes, distinct)
    }

    /// Of `counted`, those not in `also` (who satisfy `q`), and what keeps
    /// each from satisfying `q`.
    fn lacking(&self, q: &Qualification, counted: &[usize], also: &[usize]) -> Vec<NotCounted> {
        let codes = q.codes();
        let mut satisfies = vec![false; self.org.people.len()];
        for i in also {
            satisfies[*i] = true;
        }
        counted
            .iter()
            .filter(|i| !satisfies[**i])
            .map(|i| {
                let person = &self.org.people[*i];
                NotCounted {
                    person: person.id.clone(),
                    reasons: people::short_of(person, q, &codes, self.date, &self.rules.retired),
                }
            })
            .collect()
    }

    fn people_outcomes(&self) -> Vec<PersonOutcome> {
        self.org
            .people
            .iter()
            .zip(&self.standings)
            .map(|(p, standing)| PersonOutcome {
                id: p.id.clone(),
                name: p.name.clone(),
                standing: standing.clone(),
                expired: expired_by(p, self.date),
            })
            .collect()
    }
}

/// Achievements of `person` that expired on or before `date`.
fn expired_by(person: &Person, date: NaiveDate) -> Vec<(String, NaiveDate)> {
    person
        .achievements
        .iter()
        .filter_map(|a| {
            a.expires
                .filter(|e| *e <= date)
                .map(|e| (a.code.clone(), e))
        })
        .collect()
}
