//! Structure-aware generation from [`arbitrary`] bytes, for the fuzz targets
//! of `fuzz/` (which include this file) and for `tests/structured.rs`, which
//! feeds the same stages random bytes on stable Rust.
//!
//! A rule set is built as a typed tree ([`RuleSpec`]) that is valid by
//! construction — ids unique, `requires` only of competencies written
//! before (no cycles), counts and thresholds positive, `of which` no larger
//! than its count, declared associations, workload sets not nested — and
//! printed in a layout the bytes choose (spacing, line breaks, comments,
//! trailing commas, every spelling of an amount), so that almost every input
//! gets through the parser and the checker to evaluation. Now and then one
//! token is broken on purpose, so the checker's and the parser's error paths
//! are reached too. Organizations are built as the library's own
//! [`Organization`] and written by its fact writer, in RON or JSON, then read
//! back by the real reader. Names and codes come from small pools (so that
//! rules and facts meet), in many scripts, or as arbitrary text.
//!
//! Each `stage_*` function is one fuzz target's whole body; it returns how
//! far the input got, and panics on any broken property.

#![allow(dead_code)]

use std::sync::Arc;

use arbitrary::{Result, Unstructured};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;

use rules::diagnostics::{Diagnostics, Style};
use rules::evaluate::{self, Severance, SeveredBy};
use rules::facts::model::{
    Achievement, Attestation, Membership, MetricRecord, Organization, Person,
};
use rules::facts::tokens::Format;
use rules::facts::write::{FactWriter, Layout};
use rules::format::format_parsed;
use rules::outcome::{DetailLevel, OrgOutcome};
use rules::ruleset::RuleSet;
use rules::source::{Loc, SourceFile};
use rules::vocabulary::{AchievementKind, Level, Market, Metric};

// ------------------------------------------------------------ pools

/// Codes rules ask for and people hold; several scripts, a quote, a backslash.
pub const CODES: [&str; 8] = [
    "70-532",
    "70-533",
    "PSM I",
    "Azure IaaS",
    "認定-900",
    "شهادة 7",
    "say \"hi\"",
    "back\\slash",
];
/// Workloads as names (`azure`) or strings (`"office 365"`).
pub const WORKLOADS: [&str; 6] = [
    "azure",
    "intune",
    "office 365",
    "dynamics_365",
    "облако",
    "ax on-premises",
];
pub const ASSOCIATIONS: [&str; 3] = ["dpor", "tpor", "cpor"];
pub const OFFERS: [&str; 4] = ["trial", "free", "paid", "enterprise agreement"];
pub const ATTESTATIONS: [&str; 3] = ["customer reference", "Surface Hub Reseller", "監査"];
/// Titles and names: text of any language shows as written.
pub const TITLES: [&str; 8] = [
    "Cloud Platform",
    "Nube ☁ 云",
    "Облачная платформа",
    "منصة السحابة",
    "क्लाउड",
    "Zoë \"Z\" Ng",
    "",
    "a\tb",
];
pub const ANCHORS: [&str; 6] = [
    "2026-06-15",
    "2026-03-31",
    "2024-02-29",
    "2026-12-31",
    "2026-05-31",
    "2025-01-31",
];

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a real date")
}

fn pick<'a, T>(u: &mut Unstructured, pool: &'a [T]) -> Result<&'a T> {
    u.choose(pool)
}

/// A short arbitrary text: any characters, control ones included.
fn any_text(u: &mut Unstructured) -> Result<String> {
    let len = u.int_in_range(0..=12)?;
    let mut s = String::new();
    for _ in 0..len {
        let c: char = u.arbitrary()?;
        s.push(c);
    }
    Ok(s)
}

/// A name from `pool`, or (rarely) arbitrary text.
fn name(u: &mut Unstructured, pool: &[&str]) -> Result<String> {
    if u.ratio(1, 12)? {
        let text = any_text(u)?;
        // The checker refuses empty and padded names; keep those rare.
        if !text.trim().is_empty() && text.trim() == text {
            return Ok(text);
        }
    }
    Ok(pick(u, pool)?.to_string())
}

/// `text` as a rule-file string literal.
pub fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // A string cannot hold a line break.
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A workload or association: as an identifier when it is one, else quoted.
fn word(text: &str) -> String {
    let mut chars = text.chars();
    let ident = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !KEYWORDS.contains(&text);
    if ident {
        text.to_string()
    } else {
        quoted(text)
    }
}

const KEYWORDS: [&str; 40] = [
    "accepted",
    "all",
    "attested",
    "by",
    "customer",
    "devices",
    "includes",
    "not",
    "offer",
    "on",
    "requires",
    "retired",
    "through",
    "where",
    "workloads",
    "and",
    "assessed",
    "because",
    "benefits",
    "certified",
    "competency",
    "customers",
    "developing",
    "end",
    "gold",
    "in",
    "of",
    "or",
    "over",
    "override",
    "path",
    "people",
    "person",
    "revenue",
    "seats",
    "settings",
    "silver",
    "unique",
    "usage",
    "via",
];

// ------------------------------------------------------------ rule sets

#[derive(Clone, Debug)]
pub struct RuleSpec {
    pub settings: Option<SettingsSpec>,
    pub workload_sets: Vec<(String, Vec<String>)>,
    pub retired: Vec<(String, NaiveDate, Option<NaiveDate>)>,
    pub competencies: Vec<CompetencySpec>,
    /// `designation d0 "Title" { score ... }`: a title and a score with `pass`.
    pub designations: Vec<(String, ScoreSpec)>,
    pub overrides: Vec<OverrideSpec>,
    pub layout: LayoutSpec,
    /// One token broken on purpose: (which token, how).
    pub broken: Option<(u16, u8)>,
}

#[derive(Clone, Debug)]
pub struct SettingsSpec {
    pub wait: &'static str,
    pub subscription: &'static str,
    pub grace: &'static str,
    pub associations: bool,
    pub gold_includes_silver: bool,
}

#[derive(Clone, Debug)]
pub struct CompetencySpec {
    pub title: String,
    /// Silver, gold: at least one of them, unless a score's bands make the levels.
    pub silver: Option<LevelSpec>,
    pub gold: Option<LevelSpec>,
    /// A points model beside the levels or instead of them (docs/scores.md).
    pub score: Option<ScoreSpec>,
}

/// `score ID ["Title"] [max N] { ... }`, valid by construction: every
/// track can earn something, a metric's `max` is one its lines reach (or,
/// with a `per` line, which needs it, a multiple of them), a category's or
/// score's `max` is the sum of its parts, marks are at most the maximum,
/// gold above silver, `best track` and `best of` only with two or more to
/// pick from.
#[derive(Clone, Debug)]
pub struct ScoreSpec {
    pub title: Option<String>,
    pub max: bool,
    /// Bands (`silver at`, `gold at`) for a competency; a designation has `pass`.
    pub bands: (bool, bool),
    /// Where the marks fall: the lower one in percent of the maximum, the
    /// upper one in percent of what is left above it.
    pub marks: (u32, u32),
    pub every_metric_above_zero: bool,
    pub qualify_months: Option<u32>,
    /// `track` blocks, each with its items; `None`: the items sit in the score.
    pub tracks: Option<Vec<(Option<String>, Vec<ScoreItemSpec>)>>,
    pub items: Vec<ScoreItemSpec>,
}

#[derive(Clone, Debug)]
pub enum ScoreItemSpec {
    Category {
        title: Option<String>,
        max: bool,
        metrics: Vec<MetricSpec>,
    },
    Metric(MetricSpec),
}

#[derive(Clone, Debug)]
pub struct MetricSpec {
    pub title: Option<String>,
    pub not_applicable: bool,
    pub gates: Vec<RequirementSpec>,
    pub best_of: bool,
    pub lines: Vec<LineSpec>,
    /// `max`: a share (percent) of what the lines reach; with a `per` line
    /// (always written), a multiple of it.
    pub max: Option<u32>,
}

#[derive(Clone, Debug)]
pub enum LineSpec {
    ProRata(Decimal, RequirementSpec),
    AllOrNothing(Decimal, RequirementSpec),
    /// `K points per person: people Q`.
    PerPerson(Decimal, QualSpec),
    /// `K points per STEP: MEASURE`: the threshold is the step; no
    /// developing threshold.
    PerAmount(Decimal, PerformanceSpec),
}

impl LineSpec {
    fn points(&self) -> Decimal {
        match self {
            LineSpec::ProRata(p, _)
            | LineSpec::AllOrNothing(p, _)
            | LineSpec::PerPerson(p, _)
            | LineSpec::PerAmount(p, _) => *p,
        }
    }

    fn per(&self) -> bool {
        matches!(self, LineSpec::PerPerson(..) | LineSpec::PerAmount(..))
    }
}

impl MetricSpec {
    fn reachable(&self) -> Decimal {
        let points = self.lines.iter().map(LineSpec::points);
        if self.best_of {
            points.max().unwrap_or_default()
        } else {
            points.sum()
        }
    }

    fn written_max(&self) -> Option<Decimal> {
        if self.not_applicable {
            return None;
        }
        let reachable = self.reachable();
        if self.lines.iter().any(LineSpec::per) {
            let times = self.max.unwrap_or(1) % 3 + 1;
            return Some(reachable * Decimal::from(times));
        }
        let share = self.max?;
        let halves = (reachable * Decimal::from(share) / Decimal::from(50)).floor();
        Some(
            (halves / Decimal::TWO)
                .max(Decimal::new(5, 1))
                .min(reachable),
        )
    }

    fn max(&self) -> Decimal {
        if self.not_applicable {
            return Decimal::ZERO;
        }
        self.written_max().unwrap_or_else(|| self.reachable())
    }
}

impl ScoreItemSpec {
    fn max(&self) -> Decimal {
        match self {
            ScoreItemSpec::Category { metrics, .. } => metrics.iter().map(MetricSpec::max).sum(),
            ScoreItemSpec::Metric(m) => m.max(),
        }
    }
}

impl ScoreSpec {
    /// What the score can reach: its best track's maximum.
    fn max(&self) -> Decimal {
        let sum = |items: &[ScoreItemSpec]| items.iter().map(ScoreItemSpec::max).sum::<Decimal>();
        match &self.tracks {
            Some(tracks) => tracks
                .iter()
                .map(|(_, items)| sum(items))
                .max()
                .unwrap_or_default(),
            None => sum(&self.items),
        }
    }

    /// The marks, lowest first: `silver at`/`gold at`, or `pass` (`None`).
    fn marks(&self, designation: bool) -> Vec<(Option<Level>, Decimal)> {
        let max = self.max();
        let lower = (max * Decimal::from(self.marks.0) / Decimal::ONE_HUNDRED)
            .round_dp(2)
            .max(Decimal::new(1, 2))
            .min(max);
        if designation {
            return vec![(None, lower)];
        }
        match self.bands {
            (true, true) => {
                let lower = if lower >= max {
                    (max / Decimal::TWO).round_dp(2)
                } else {
                    lower
                };
                let above = (max - lower) * Decimal::from(self.marks.1) / Decimal::ONE_HUNDRED;
                let upper = (lower + above).round_dp(2).min(max);
                let upper = if upper > lower { upper } else { max };
                vec![(Some(Level::Silver), lower), (Some(Level::Gold), upper)]
            }
            (false, true) => vec![(Some(Level::Gold), lower)],
            _ => vec![(Some(Level::Silver), lower)],
        }
    }
}

#[derive(Clone, Debug)]
pub struct LevelSpec {
    pub paths: Vec<PathSpec>,
    pub benefits: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
pub struct PathSpec {
    pub title: Option<String>,
    pub unique_people: bool,
    pub requirements: Vec<RequirementSpec>,
}

#[derive(Clone, Debug)]
pub enum RequirementSpec {
    Skill {
        count: u32,
        qualification: QualSpec,
        of_which: Option<(u32, QualSpec)>,
    },
    Performance(PerformanceSpec),
    Attested {
        count: Option<u32>,
        codes: Vec<String>,
    },
    /// Of the competency at that index (an earlier one), at that level.
    Requires(usize, Level),
}

#[derive(Clone, Debug)]
pub enum QualSpec {
    Term {
        assessed: bool,
        all: bool,
        codes: Vec<String>,
    },
    And(Vec<QualSpec>),
    Or(Vec<QualSpec>),
}

#[derive(Clone, Debug)]
pub struct PerformanceSpec {
    pub metric: Metric,
    pub workload: WorkloadSpec,
    pub via: Option<Vec<&'static str>>,
    pub offer: Option<(bool, Vec<String>)>,
    pub threshold: Decimal,
    pub developing: Option<(Decimal, bool)>,
    pub window: Option<u32>,
    /// How a revenue amount is spelled: `$1,000`, `1000 USD`, `$1_000.00`.
    pub spelling: u8,
}

#[derive(Clone, Debug)]
pub enum WorkloadSpec {
    One(String),
    /// Index into the workload sets.
    Set(usize),
    List(Vec<(String, Option<Decimal>)>),
}

#[derive(Clone, Debug)]
pub struct OverrideSpec {
    pub org: String,
    pub competency: usize,
    pub level: Level,
    pub until: NaiveDate,
    pub reason: String,
}

/// How the text is laid out: none of it changes what the rules mean.
#[derive(Clone, Debug)]
pub struct LayoutSpec {
    pub newline: &'static str,
    pub indent: &'static str,
    pub comments: bool,
    pub trailing_commas: bool,
}

fn amount_value(u: &mut Unstructured, money: bool) -> Result<Decimal> {
    let whole: u64 = match u.int_in_range(0..=9)? {
        0 => u.int_in_range(1..=30)?,
        1 => u.int_in_range(1..=u64::from(u32::MAX))?,
        // Near the largest amounts: sums must not overflow.
        2 if u.ratio(1, 4)? => u64::MAX - u.int_in_range(0..=3)?,
        _ => u.int_in_range(1..=20_000)?,
    };
    let cents = if money && u.ratio(1, 4)? {
        u.int_in_range(1..=99)?
    } else {
        0
    };
    Ok(Decimal::from(whole) + Decimal::new(cents, 2))
}

fn qualification(u: &mut Unstructured, depth: u32) -> Result<QualSpec> {
    if depth == 0 || u.ratio(2, 3)? {
        let n = u.int_in_range(1..=3)?;
        let mut codes = Vec::new();
        for _ in 0..n {
            let code = name(u, &CODES[..])?;
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        return Ok(QualSpec::Term {
            assessed: u.ratio(1, 3)?,
            all: u.ratio(1, 4)?,
            codes,
        });
    }
    let n = u.int_in_range(2..=3)?;
    let parts = (0..n)
        .map(|_| qualification(u, depth - 1))
        .collect::<Result<Vec<_>>>()?;
    Ok(if u.arbitrary()? {
        QualSpec::And(parts)
    } else {
        QualSpec::Or(parts)
    })
}

fn performance(u: &mut Unstructured, sets: usize, associations: bool) -> Result<PerformanceSpec> {
    let metric = *pick(
        u,
        &[
            Metric::Revenue,
            Metric::Revenue,
            Metric::Customers,
            Metric::Seats,
            Metric::Usage,
            Metric::Devices,
        ],
    )?;
    let money = metric == Metric::Revenue;
    let workload = match u.int_in_range(0..=5)? {
        0 if sets > 0 => WorkloadSpec::Set(u.int_in_range(0..=sets - 1)?),
        1 => {
            let n = u.int_in_range(1..=3)?;
            let mut list: Vec<(String, Option<Decimal>)> = Vec::new();
            for _ in 0..n {
                let w = name(u, &WORKLOADS[..])?;
                if list.iter().any(|(x, _)| *x == w) {
                    continue;
                }
                let weight = if u.ratio(1, 2)? {
                    let tenths: u32 = u.int_in_range(1..=40)?;
                    Some(Decimal::new(tenths.into(), 1))
                } else {
                    None
                };
                list.push((w, weight));
            }
            WorkloadSpec::List(list)
        }
        _ => WorkloadSpec::One(name(u, &WORKLOADS[..])?),
    };
    let via = if u.ratio(1, 3)? {
        let pool: &[&'static str] = if associations {
            &ASSOCIATIONS[..2]
        } else {
            &ASSOCIATIONS[..]
        };
        let mut via: Vec<&'static str> = Vec::new();
        for _ in 0..u.int_in_range(1..=2)? {
            let a = *pick(u, pool)?;
            if !via.contains(&a) {
                via.push(a);
            }
        }
        Some(via)
    } else {
        None
    };
    let offer = if u.ratio(1, 4)? {
        let mut values: Vec<String> = Vec::new();
        for _ in 0..u.int_in_range(1..=2)? {
            let v = name(u, &OFFERS[..])?;
            if !values.contains(&v) {
                values.push(v);
            }
        }
        Some((u.arbitrary()?, values))
    } else {
        None
    };
    let threshold = amount_value(u, money)?;
    let developing = if u.ratio(1, 3)? {
        Some((amount_value(u, money)?, u.ratio(1, 3)?))
    } else {
        None
    };
    let window = if u.ratio(1, 2)? {
        Some(match u.int_in_range(0..=7)? {
            0 => u.int_in_range(1..=1200)?,
            1 => 1,
            2 => 3,
            3 => 6,
            _ => 12,
        })
    } else {
        None
    };
    Ok(PerformanceSpec {
        metric,
        workload,
        via,
        offer,
        threshold,
        developing,
        window,
        spelling: u.int_in_range(0..=3)?,
    })
}

fn requirement(u: &mut Unstructured, ctx: &SpecCtx) -> Result<RequirementSpec> {
    Ok(match u.int_in_range(0..=11)? {
        0..=4 => {
            let count = *pick(u, &[1u32, 1, 1, 2, 2, 3])?;
            let of_which = if u.ratio(1, 4)? {
                Some((u.int_in_range(1..=count)?, qualification(u, 1)?))
            } else {
                None
            };
            RequirementSpec::Skill {
                count,
                qualification: qualification(u, 2)?,
                of_which,
            }
        }
        5..=8 => RequirementSpec::Performance(performance(u, ctx.sets, ctx.associations)?),
        9 | 10 => {
            let mut codes = Vec::new();
            for _ in 0..u.int_in_range(1..=2)? {
                let c = name(u, &ATTESTATIONS[..])?;
                if !codes.contains(&c) {
                    codes.push(c);
                }
            }
            let count = if u.arbitrary()? {
                Some(u.int_in_range(1..=3)?)
            } else {
                None
            };
            RequirementSpec::Attested { count, codes }
        }
        _ if !ctx.earlier.is_empty() => {
            let (index, levels) = u.choose(&ctx.earlier)?.clone();
            RequirementSpec::Requires(index, *u.choose(&levels)?)
        }
        _ => RequirementSpec::Performance(performance(u, ctx.sets, ctx.associations)?),
    })
}

struct SpecCtx {
    sets: usize,
    associations: bool,
    /// The competencies written so far, with their levels.
    earlier: Vec<(usize, Vec<Level>)>,
}

fn level_spec(u: &mut Unstructured, ctx: &SpecCtx) -> Result<LevelSpec> {
    let n = u.int_in_range(1..=3)?;
    let mut paths = Vec::new();
    for _ in 0..n {
        let m = u.int_in_range(1..=3)?;
        let requirements = (0..m)
            .map(|_| requirement(u, ctx))
            .collect::<Result<Vec<_>>>()?;
        paths.push(PathSpec {
            title: if u.ratio(1, 3)? {
                Some(name(u, &TITLES[..])?)
            } else {
                None
            },
            unique_people: u.ratio(1, 3)?,
            requirements,
        });
    }
    let benefits = if u.ratio(1, 4)? {
        Some(vec![name(u, &TITLES[..])?, "Action Pack".to_string()])
    } else {
        None
    };
    Ok(LevelSpec { paths, benefits })
}

fn score_points(u: &mut Unstructured) -> Result<Decimal> {
    Ok(*pick(
        u,
        &[
            Decimal::ONE,
            Decimal::TWO,
            Decimal::new(5, 0),
            Decimal::TEN,
            Decimal::new(40, 0),
            Decimal::new(25, 1),
            Decimal::new(5, 1),
            Decimal::new(7, 0),
        ],
    )?)
}

/// A requirement a score line or gate can measure: any but `requires`.
fn scored_requirement(u: &mut Unstructured, ctx: &SpecCtx) -> Result<RequirementSpec> {
    Ok(match requirement(u, ctx)? {
        RequirementSpec::Requires(..) => {
            RequirementSpec::Performance(performance(u, ctx.sets, ctx.associations)?)
        }
        r => r,
    })
}

fn score_line(u: &mut Unstructured, ctx: &SpecCtx) -> Result<LineSpec> {
    let points = score_points(u)?;
    Ok(match u.int_in_range(0..=8)? {
        0..=4 => LineSpec::ProRata(points, scored_requirement(u, ctx)?),
        5 | 6 => LineSpec::AllOrNothing(points, scored_requirement(u, ctx)?),
        7 => LineSpec::PerPerson(points, qualification(u, 2)?),
        _ => {
            let mut measure = performance(u, ctx.sets, ctx.associations)?;
            measure.developing = None;
            LineSpec::PerAmount(points, measure)
        }
    })
}

fn score_metric(u: &mut Unstructured, ctx: &SpecCtx, applicable: bool) -> Result<MetricSpec> {
    let not_applicable = !applicable && u.ratio(1, 8)?;
    let title = if u.ratio(1, 2)? {
        Some(name(u, &TITLES[..])?)
    } else {
        None
    };
    if not_applicable {
        return Ok(MetricSpec {
            title,
            not_applicable,
            gates: Vec::new(),
            best_of: false,
            lines: Vec::new(),
            max: None,
        });
    }
    let mut gates = Vec::new();
    if u.ratio(1, 4)? {
        gates.push(scored_requirement(u, ctx)?);
    }
    let mut lines = Vec::new();
    for _ in 0..u.int_in_range(1..=3)? {
        lines.push(score_line(u, ctx)?);
    }
    Ok(MetricSpec {
        title,
        not_applicable,
        gates,
        best_of: lines.len() > 1 && u.ratio(1, 3)?,
        lines,
        max: if u.arbitrary()? {
            Some(u.int_in_range(20..=100)?)
        } else {
            None
        },
    })
}

/// The items of a track (or of a score without tracks); the first metric
/// applies, so that the track can earn something.
fn score_items(u: &mut Unstructured, ctx: &SpecCtx) -> Result<Vec<ScoreItemSpec>> {
    let mut items = Vec::new();
    for i in 0..u.int_in_range(1..=3)? {
        items.push(if u.ratio(2, 3)? {
            let mut metrics = Vec::new();
            for j in 0..u.int_in_range(1..=3)? {
                metrics.push(score_metric(u, ctx, i == 0 && j == 0)?);
            }
            ScoreItemSpec::Category {
                title: if u.arbitrary()? {
                    Some(name(u, &TITLES[..])?)
                } else {
                    None
                },
                max: u.arbitrary()?,
                metrics,
            }
        } else {
            ScoreItemSpec::Metric(score_metric(u, ctx, i == 0)?)
        });
    }
    Ok(items)
}

/// A score; `bands` as the owner needs them (ignored for a designation).
fn score_spec(u: &mut Unstructured, ctx: &SpecCtx, bands: (bool, bool)) -> Result<ScoreSpec> {
    let tracks = match u.int_in_range(0..=3)? {
        0 => Some(vec![(None, score_items(u, ctx)?)]),
        1 => {
            let mut tracks = Vec::new();
            for _ in 0..u.int_in_range(2..=3)? {
                let title = if u.arbitrary()? {
                    Some(name(u, &TITLES[..])?)
                } else {
                    None
                };
                tracks.push((title, score_items(u, ctx)?));
            }
            Some(tracks)
        }
        _ => None,
    };
    let items = if tracks.is_none() {
        score_items(u, ctx)?
    } else {
        Vec::new()
    };
    Ok(ScoreSpec {
        title: if u.arbitrary()? {
            Some(name(u, &TITLES[..])?)
        } else {
            None
        },
        max: u.arbitrary()?,
        bands,
        marks: (u.int_in_range(5..=100)?, u.int_in_range(1..=100)?),
        every_metric_above_zero: u.ratio(1, 3)?,
        qualify_months: if u.ratio(1, 3)? {
            Some(u.int_in_range(1..=6)?)
        } else {
            None
        },
        tracks,
        items,
    })
}

/// A valid rule set (but for [`RuleSpec::broken`], one time in sixteen).
pub fn rule_spec(u: &mut Unstructured) -> Result<RuleSpec> {
    let settings = if u.ratio(3, 4)? {
        Some(SettingsSpec {
            wait: pick(
                u,
                &[
                    "1 hour", "24 hours", "2 days", "0 hours", "1 month", "48 hours",
                ],
            )?,
            subscription: pick(
                u,
                &[
                    "12 months",
                    "1 month",
                    "until year end",
                    "30 days",
                    "24 months",
                ],
            )?,
            grace: pick(u, &["0 days", "30 days", "1 day", "1 month", "90 days"])?,
            associations: u.ratio(1, 4)?,
            gold_includes_silver: u.ratio(1, 4)?,
        })
    } else {
        None
    };
    let associations = settings.as_ref().is_some_and(|s| s.associations);
    let mut workload_sets = Vec::new();
    for i in 0..u.int_in_range(0..=2)? {
        let mut members: Vec<String> = Vec::new();
        for _ in 0..u.int_in_range(1..=3)? {
            let w = name(u, &WORKLOADS[..])?;
            if !members.contains(&w) {
                members.push(w);
            }
        }
        workload_sets.push((format!("suite_{i}"), members));
    }
    let mut retired = Vec::new();
    for code in CODES.iter().take(u.int_in_range(0..=2)?) {
        let on = date(pick(u, &ANCHORS[..])?) - Days::new(u.int_in_range(0..=400)?);
        let through = if u.arbitrary()? {
            Some(on + Days::new(u.int_in_range(0..=400)?))
        } else {
            None
        };
        retired.push((code.to_string(), on, through));
    }
    let mut ctx = SpecCtx {
        sets: workload_sets.len(),
        associations,
        earlier: Vec::new(),
    };
    let mut competencies = Vec::new();
    for index in 0..u.int_in_range(1..=3)? {
        let scored = u.ratio(1, 3)?;
        let (silver, gold) = match u.int_in_range(0..=4)? {
            // A score alone: its bands make the levels.
            4 if scored => (false, false),
            0 | 4 => (false, true),
            1 => (true, false),
            _ => (true, true),
        };
        // A gold band beside a silver level takes a silver band too (a
        // level with no band of its own is never met by the score).
        let bands = match u.int_in_range(0..=2)? {
            0 => (true, false),
            1 => (true, true),
            _ if silver => (true, true),
            _ => (false, true),
        };
        let score = if scored {
            Some(score_spec(u, &ctx, bands)?)
        } else {
            None
        };
        let competency = CompetencySpec {
            title: name(u, &TITLES[..])?,
            silver: if silver {
                Some(level_spec(u, &ctx)?)
            } else {
                None
            },
            gold: if gold {
                Some(level_spec(u, &ctx)?)
            } else {
                None
            },
            score,
        };
        let banded = competency
            .score
            .as_ref()
            .map_or((false, false), |s| s.bands);
        let mut levels = Vec::new();
        if silver || banded.0 {
            levels.push(Level::Silver);
        }
        if gold || banded.1 {
            levels.push(Level::Gold);
        }
        ctx.earlier.push((index, levels));
        competencies.push(competency);
    }
    let mut designations = Vec::new();
    for _ in 0..u.int_in_range(0..=1)? {
        designations.push((name(u, &TITLES[..])?, score_spec(u, &ctx, (false, false))?));
    }
    let mut overrides: Vec<OverrideSpec> = Vec::new();
    for _ in 0..u.int_in_range(0..=2)? {
        let (competency, levels) = u.choose(&ctx.earlier)?.clone();
        let level = *u.choose(&levels)?;
        let org = pick(u, &["org", "other", "org-b"])?.to_string();
        if overrides
            .iter()
            .any(|o| o.org == org && o.competency == competency && o.level == level)
        {
            continue;
        }
        overrides.push(OverrideSpec {
            org,
            competency,
            level,
            until: date(pick(u, &ANCHORS[..])?) + Days::new(u.int_in_range(0..=400)?)
                - Days::new(200),
            reason: name(u, &TITLES[..])?,
        });
    }
    let layout = LayoutSpec {
        newline: pick(u, &["\n", "\n", "\n\t  ", " ", "\r\n"])?,
        indent: pick(u, &["", "    ", "\t"])?,
        comments: u.ratio(1, 3)?,
        trailing_commas: u.ratio(1, 3)?,
    };
    let broken = if !u.ratio(15, 16)? {
        Some((u.arbitrary()?, u.arbitrary()?))
    } else {
        None
    };
    Ok(RuleSpec {
        settings,
        workload_sets,
        retired,
        competencies,
        designations,
        overrides,
        layout,
        broken,
    })
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Silver => "silver",
        Level::Gold => "gold",
    }
}

fn metric_word(metric: Metric) -> &'static str {
    match metric {
        Metric::Revenue => "revenue",
        Metric::Customers => "customers",
        Metric::Seats => "seats",
        Metric::Usage => "usage",
        Metric::Devices => "devices",
    }
}

impl RuleSpec {
    fn list(&self, items: &[String]) -> String {
        let comma = if self.layout.trailing_commas { "," } else { "" };
        format!("[{}{comma}]", items.join(", "))
    }

    fn qualification(&self, q: &QualSpec, top: bool) -> String {
        match q {
            QualSpec::Term {
                assessed,
                all,
                codes,
            } => {
                let codes: Vec<String> = codes.iter().map(|c| quoted(c)).collect();
                format!(
                    "{} in {}{}",
                    if *assessed { "assessed" } else { "certified" },
                    if *all { "all " } else { "" },
                    self.list(&codes)
                )
            }
            QualSpec::And(parts) | QualSpec::Or(parts) => {
                let joiner = if matches!(q, QualSpec::And(_)) {
                    " and "
                } else {
                    " or "
                };
                let parts: Vec<String> =
                    parts.iter().map(|p| self.qualification(p, false)).collect();
                let text = parts.join(joiner);
                if top { text } else { format!("({text})") }
            }
        }
    }

    fn amount(&self, value: Decimal, money: bool, spelling: u8) -> String {
        if !money {
            return value.trunc().max(Decimal::ONE).to_string();
        }
        match spelling {
            0 => format!("${}", rules::number::grouped(value)),
            1 => format!("{value} USD"),
            _ => format!("${value}"),
        }
    }

    fn performance(&self, p: &PerformanceSpec) -> String {
        let money = p.metric == Metric::Revenue;
        let mut out = self.measure(p);
        out.push_str(&format!(
            " >= {}",
            self.amount(p.threshold, money, p.spelling)
        ));
        if let Some((developing, by_customer)) = p.developing {
            out.push_str(&format!(
                " (developing {}{})",
                self.amount(developing, money, p.spelling),
                if by_customer { " by customer" } else { "" }
            ));
        }
        if let Some(months) = p.window {
            let unit = if months == 1 { "month" } else { "months" };
            out.push_str(&format!(" over {months} {unit}"));
        }
        out
    }

    /// What a performance line measures: `revenue azure via [dpor] where offer in [paid]`.
    fn measure(&self, p: &PerformanceSpec) -> String {
        let workload = match &p.workload {
            WorkloadSpec::One(w) => word(w),
            WorkloadSpec::Set(i) => self.workload_sets[*i].0.clone(),
            WorkloadSpec::List(list) => {
                let items: Vec<String> = list
                    .iter()
                    .map(|(w, weight)| match weight {
                        Some(weight) => format!("{} * {weight}", word(w)),
                        None => word(w),
                    })
                    .collect();
                self.list(&items)
            }
        };
        let mut out = format!("{} {workload}", metric_word(p.metric));
        if let Some(via) = &p.via {
            let via: Vec<String> = via.iter().map(|v| v.to_string()).collect();
            out.push_str(&format!(" via {}", self.list(&via)));
        }
        if let Some((not, values)) = &p.offer {
            let values: Vec<String> = values.iter().map(|v| word(v)).collect();
            out.push_str(&format!(
                " where offer {}in {}",
                if *not { "not " } else { "" },
                self.list(&values)
            ));
        }
        out
    }

    /// `STEP: MEASURE` of a `per` line over an amount.
    fn per_amount(&self, p: &PerformanceSpec) -> String {
        let money = p.metric == Metric::Revenue;
        let mut out = format!(
            "{}: {}",
            self.amount(p.threshold, money, p.spelling),
            self.measure(p)
        );
        if let Some(months) = p.window {
            let unit = if months == 1 { "month" } else { "months" };
            out.push_str(&format!(" over {months} {unit}"));
        }
        out
    }

    fn score_line(&self, line: &LineSpec) -> String {
        let points = |p: Decimal| {
            let p = p.normalize();
            if p == Decimal::ONE {
                "1 point".to_string()
            } else {
                format!("{p} points")
            }
        };
        match line {
            LineSpec::ProRata(p, r) => format!("{}: {}", points(*p), self.requirement(r)),
            LineSpec::AllOrNothing(p, r) => {
                format!("{} all or nothing: {}", points(*p), self.requirement(r))
            }
            LineSpec::PerPerson(p, q) => format!(
                "{} per person: people {}",
                points(*p),
                self.qualification(q, true)
            ),
            LineSpec::PerAmount(p, measure) => {
                format!("{} per {}", points(*p), self.per_amount(measure))
            }
        }
    }

    /// A score block, its lines indented `depth` deep and more.
    fn score(
        &self,
        s: &ScoreSpec,
        designation: bool,
        depth: usize,
        comment: &dyn Fn(&str) -> String,
    ) -> String {
        let n = self.layout.newline;
        let i = |d: usize| self.layout.indent.repeat(d);
        let title = s
            .title
            .as_ref()
            .map_or(String::new(), |t| format!(" {}", quoted(t)));
        let max = if s.max {
            format!(" max {}", s.max().normalize())
        } else {
            String::new()
        };
        let mut out = format!("{}score s{title}{max} {{{}", i(depth), comment("points"));
        for (level, at) in s.marks(designation) {
            match level {
                Some(level) => out.push_str(&format!(
                    "{}{} at {}{n}",
                    i(depth + 1),
                    level_word(level),
                    at.normalize()
                )),
                None => out.push_str(&format!("{}pass {}{n}", i(depth + 1), at.normalize())),
            }
        }
        if s.every_metric_above_zero {
            out.push_str(&format!("{}every metric above 0{n}", i(depth + 1)));
        }
        if let Some(months) = s.qualify_months {
            let unit = if months == 1 { "month" } else { "months" };
            out.push_str(&format!(
                "{}qualify any day over {months} {unit}{n}",
                i(depth + 1)
            ));
        }
        let mut metric = 0;
        let mut items = |items: &[ScoreItemSpec], depth: usize, out: &mut String| {
            for (k, item) in items.iter().enumerate() {
                let metrics: Vec<&MetricSpec> = match item {
                    ScoreItemSpec::Category {
                        title,
                        max,
                        metrics,
                    } => {
                        let title = title
                            .as_ref()
                            .map_or(String::new(), |t| format!(" {}", quoted(t)));
                        let sum = item.max();
                        let max = if *max && sum > Decimal::ZERO {
                            format!(" max {}", sum.normalize())
                        } else {
                            String::new()
                        };
                        out.push_str(&format!("{}category k{k}{title}{max} {{{n}", i(depth)));
                        metrics.iter().collect()
                    }
                    ScoreItemSpec::Metric(m) => vec![m],
                };
                let inner = if matches!(item, ScoreItemSpec::Category { .. }) {
                    depth + 1
                } else {
                    depth
                };
                for m in metrics {
                    let title = m
                        .title
                        .as_ref()
                        .map_or(String::new(), |t| format!(" {}", quoted(t)));
                    if m.not_applicable {
                        out.push_str(&format!("{}metric m{metric}{title} n/a{n}", i(inner)));
                        metric += 1;
                        continue;
                    }
                    let max = m
                        .written_max()
                        .map_or(String::new(), |m| format!(" max {}", m.normalize()));
                    out.push_str(&format!("{}metric m{metric}{title}{max} {{{n}", i(inner)));
                    metric += 1;
                    for gate in &m.gates {
                        out.push_str(&format!(
                            "{}only if {}{}",
                            i(inner + 1),
                            self.requirement(gate),
                            comment("a gate")
                        ));
                    }
                    if m.best_of {
                        out.push_str(&format!("{}best of{n}", i(inner + 1)));
                    }
                    for line in &m.lines {
                        out.push_str(&format!(
                            "{}{}{}",
                            i(inner + 1),
                            self.score_line(line),
                            comment("points")
                        ));
                    }
                    out.push_str(&format!("{}}}{n}", i(inner)));
                }
                if inner > depth {
                    out.push_str(&format!("{}}}{n}", i(depth)));
                }
            }
        };
        match &s.tracks {
            Some(tracks) => {
                if tracks.len() > 1 {
                    out.push_str(&format!("{}best track{n}", i(depth + 1)));
                }
                for (t, (title, track_items)) in tracks.iter().enumerate() {
                    let title = title
                        .as_ref()
                        .map_or(String::new(), |t| format!(" {}", quoted(t)));
                    out.push_str(&format!("{}track t{t}{title} {{{n}", i(depth + 1)));
                    items(track_items, depth + 2, &mut out);
                    out.push_str(&format!("{}}}{n}", i(depth + 1)));
                }
            }
            None => items(&s.items, depth + 1, &mut out),
        }
        out.push_str(&format!("{}}}{n}", i(depth)));
        out
    }

    fn requirement(&self, r: &RequirementSpec) -> String {
        match r {
            RequirementSpec::Skill {
                count,
                qualification,
                of_which,
            } => {
                let word = if *count == 1 { "person" } else { "people" };
                let mut out = format!("{count} {word} {}", self.qualification(qualification, true));
                if let Some((k, q)) = of_which {
                    out.push_str(&format!(" of which {k} {}", self.qualification(q, true)));
                }
                out
            }
            RequirementSpec::Performance(p) => self.performance(p),
            RequirementSpec::Attested { count, codes } => {
                let codes: Vec<String> = codes.iter().map(|c| quoted(c)).collect();
                match count {
                    Some(n) => format!("{n} attested in {}", self.list(&codes)),
                    None => format!("attested in {}", self.list(&codes)),
                }
            }
            RequirementSpec::Requires(index, level) => {
                format!("requires c{index} {}", level_word(*level))
            }
        }
    }

    /// The rule text, laid out as [`LayoutSpec`] says; one token broken
    /// when [`RuleSpec::broken`] says so.
    pub fn text(&self) -> String {
        let n = self.layout.newline;
        let i = self.layout.indent;
        let comment = |what: &str| {
            if self.layout.comments {
                format!("  # {what}\n")
            } else {
                n.to_string()
            }
        };
        let mut out = String::new();
        if self.layout.comments {
            out.push_str("# generated rules\n");
        }
        if let Some(s) = &self.settings {
            out.push_str(&format!("settings {{{n}"));
            out.push_str(&format!("{i}association wait {}{n}", s.wait));
            out.push_str(&format!("{i}subscription {}{n}", s.subscription));
            out.push_str(&format!("{i}renewal grace {}{}", s.grace, comment("grace")));
            if s.associations {
                out.push_str(&format!("{i}associations [dpor, tpor]{n}"));
            }
            if s.gold_includes_silver {
                out.push_str(&format!("{i}gold includes silver benefits{n}"));
            }
            out.push_str(&format!("}}{n}"));
        }
        for (name, members) in &self.workload_sets {
            let members: Vec<String> = members.iter().map(|m| word(m)).collect();
            out.push_str(&format!("workloads {name} = {}{n}", self.list(&members)));
        }
        for (code, on, through) in &self.retired {
            out.push_str(&format!("retired {} on {on}", quoted(code)));
            if let Some(through) = through {
                out.push_str(&format!(" accepted through {through}"));
            }
            out.push_str(n);
        }
        for (index, c) in self.competencies.iter().enumerate() {
            out.push_str(&format!(
                "competency c{index} {} {{{}",
                quoted(&c.title),
                comment("a competency")
            ));
            for (level, spec) in [(Level::Silver, &c.silver), (Level::Gold, &c.gold)] {
                let Some(spec) = spec else { continue };
                out.push_str(&format!("{i}{} {{{n}", level_word(level)));
                for (p, path) in spec.paths.iter().enumerate() {
                    let title = path
                        .title
                        .as_ref()
                        .map_or(String::new(), |t| format!(" {}", quoted(t)));
                    out.push_str(&format!("{i}{i}path p{p}{title} {{{n}"));
                    if path.unique_people {
                        out.push_str(&format!("{i}{i}{i}unique people{n}"));
                    }
                    for r in &path.requirements {
                        out.push_str(&format!(
                            "{i}{i}{i}{}{}",
                            self.requirement(r),
                            comment("why")
                        ));
                    }
                    out.push_str(&format!("{i}{i}}}{n}"));
                }
                if let Some(benefits) = &spec.benefits {
                    let benefits: Vec<String> = benefits.iter().map(|b| quoted(b)).collect();
                    out.push_str(&format!("{i}{i}benefits {}{n}", self.list(&benefits)));
                }
                out.push_str(&format!("{i}}}{n}"));
            }
            if let Some(score) = &c.score {
                out.push_str(&self.score(score, false, 1, &comment));
            }
            out.push_str(&format!("}}{n}"));
        }
        for (index, (title, score)) in self.designations.iter().enumerate() {
            out.push_str(&format!(
                "designation d{index} {} {{{}",
                quoted(title),
                comment("a designation")
            ));
            out.push_str(&self.score(score, true, 1, &comment));
            out.push_str(&format!("}}{n}"));
        }
        for o in &self.overrides {
            out.push_str(&format!(
                "override {} c{} {} until {} because {}{n}",
                quoted(&o.org),
                o.competency,
                level_word(o.level),
                o.until,
                quoted(&o.reason)
            ));
        }
        match self.broken {
            Some((at, how)) => break_one_token(&out, at, how),
            None => out,
        }
    }
}

/// `text` with one of its tokens (split at spaces) dropped, doubled,
/// replaced by a keyword or cut in half.
fn break_one_token(text: &str, at: u16, how: u8) -> String {
    let tokens: Vec<&str> = text.split(' ').collect();
    let at = usize::from(at) % tokens.len();
    let mut out: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
    match how % 4 {
        0 => {
            out.remove(at);
        }
        1 => out.insert(at, tokens[at].to_string()),
        2 => out[at] = KEYWORDS[usize::from(how) % KEYWORDS.len()].to_string(),
        _ => {
            let t = tokens[at];
            let half = t
                .char_indices()
                .nth(t.chars().count() / 2)
                .map_or(0, |(i, _)| i);
            out[at] = t[..half].to_string();
        }
    }
    out.join(" ")
}

/// Changes a rule set the way an edit between two versions would: a
/// threshold, a count, a path dropped or added, a window, the settings.
pub fn mutate(u: &mut Unstructured, spec: &mut RuleSpec) -> Result<()> {
    for _ in 0..u.int_in_range(1..=3)? {
        let c = u.int_in_range(0..=spec.competencies.len() - 1)?;
        let competency = &mut spec.competencies[c];
        let level = match (&mut competency.silver, &mut competency.gold) {
            (Some(s), Some(g)) => {
                if u.arbitrary()? {
                    s
                } else {
                    g
                }
            }
            (Some(s), None) => s,
            (None, Some(g)) => g,
            (None, None) => continue,
        };
        let p = u.int_in_range(0..=level.paths.len() - 1)?;
        match u.int_in_range(0..=5)? {
            0 if level.paths.len() > 1 => {
                level.paths.remove(p);
            }
            1 => {
                let copy = level.paths[p].clone();
                level.paths.push(copy);
            }
            _ => {
                let path = &mut level.paths[p];
                let r = u.int_in_range(0..=path.requirements.len() - 1)?;
                match &mut path.requirements[r] {
                    RequirementSpec::Performance(perf) => {
                        perf.threshold = amount_value(u, perf.metric == Metric::Revenue)?;
                        if u.arbitrary()? {
                            perf.window = Some(u.int_in_range(1..=24)?);
                        }
                    }
                    RequirementSpec::Skill {
                        count, of_which, ..
                    } => {
                        *count = u.int_in_range(1..=3)?;
                        if let Some((k, _)) = of_which {
                            *k = (*k).min(*count);
                        }
                    }
                    RequirementSpec::Attested { count, .. } => {
                        *count = Some(u.int_in_range(1..=3)?)
                    }
                    RequirementSpec::Requires(_, _) => path.unique_people = !path.unique_people,
                }
            }
        }
    }
    if u.ratio(1, 4)? {
        spec.settings = None;
    }
    Ok(())
}

// ------------------------------------------------------------ organizations

fn day(u: &mut Unstructured, anchor: NaiveDate, back: u64, ahead: u64) -> Result<NaiveDate> {
    let offset = u.int_in_range(0..=back + ahead)?;
    Ok(if offset <= back {
        anchor - Days::new(back - offset)
    } else {
        anchor + Days::new(offset - back)
    })
}

/// An organization with facts around `anchor`, its people `p0`, `p1`, …
/// (at most `max_people`).
pub fn organization(
    u: &mut Unstructured,
    anchor: NaiveDate,
    id: &str,
    max_people: usize,
) -> Result<Organization> {
    let source = SourceFile::new("<arbitrary>", "");
    let loc = Loc::new(&source, 0..0);
    let mut metrics = Vec::new();
    for _ in 0..u.int_in_range(0..=8)? {
        let kind = *pick(
            u,
            &[
                Metric::Revenue,
                Metric::Customers,
                Metric::Seats,
                Metric::Usage,
                Metric::Devices,
            ],
        )?;
        let value = match u.int_in_range(0..=15)? {
            0 => Decimal::from(u.int_in_range(0..=u64::MAX)?),
            1 => Decimal::MAX,
            2 => Decimal::ZERO,
            _ => Decimal::from(u.int_in_range(1..=15_000)?),
        };
        let value = if kind == Metric::Revenue && u.ratio(1, 3)? {
            value
                .checked_add(Decimal::new(u.int_in_range(1..=99)?, 2))
                .unwrap_or(value)
        } else {
            value
        };
        metrics.push(MetricRecord {
            kind,
            workload: name(u, &WORKLOADS[..])?,
            value,
            date: day(u, anchor, 500, 30)?,
            association: if u.ratio(1, 2)? {
                Some(name(u, &ASSOCIATIONS[..])?)
            } else {
                None
            },
            offer: if u.ratio(1, 3)? {
                Some(name(u, &OFFERS[..])?)
            } else {
                None
            },
            customer: if u.ratio(1, 3)? {
                Some(pick(u, &["tenant-a", "tenant-b"])?.to_string())
            } else {
                None
            },
            customer_market: if u.ratio(1, 3)? {
                Some(*pick(u, &[Market::Developed, Market::Developing])?)
            } else {
                None
            },
            workload_loc: loc.clone(),
            association_loc: None,
        });
    }
    let mut people = Vec::new();
    for i in 0..u.int_in_range(0..=max_people)? {
        let associated_day = day(u, anchor, 600, 5)?;
        let hour = *pick(u, &[0u32, 0, 23, 12, 1])?;
        let minute = *pick(u, &[0u32, 30, 59])?;
        let associated: DateTime<Utc> = associated_day
            .and_hms_opt(hour, minute, 0)
            .expect("a time of day")
            .and_utc();
        let mut achievements = Vec::new();
        for _ in 0..u.int_in_range(0..=5)? {
            let passed = day(u, anchor, 900, 30)?;
            achievements.push(Achievement {
                kind: *pick(
                    u,
                    &[
                        AchievementKind::Exam,
                        AchievementKind::Certification,
                        AchievementKind::Assessment,
                    ],
                )?,
                code: name(u, &CODES[..])?,
                passed,
                expires: if u.ratio(2, 5)? {
                    Some(passed + Days::new(u.int_in_range(1..=900)?))
                } else {
                    None
                },
                code_loc: loc.clone(),
            });
        }
        people.push(Person {
            id: format!("p{i}"),
            name: if u.ratio(1, 3)? {
                Some(name(u, &TITLES[..])?)
            } else {
                None
            },
            associated,
            left: if u.ratio(1, 4)? {
                Some(day(u, anchor, 100, 300)?.max(associated_day))
            } else {
                None
            },
            achievements,
        });
    }
    let mut attestations = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        let granted = day(u, anchor, 400, 30)?;
        attestations.push(Attestation {
            code: name(u, &ATTESTATIONS[..])?,
            granted,
            expires: if u.arbitrary()? {
                Some(granted + Days::new(u.int_in_range(1..=500)?))
            } else {
                None
            },
            code_loc: loc.clone(),
        });
    }
    let membership = if u.ratio(2, 3)? {
        let mut competencies = Vec::new();
        if u.arbitrary()? {
            competencies.push(("c0".to_string(), loc.clone()));
        }
        Some(Membership {
            level: *pick(u, &[Level::Silver, Level::Gold])?,
            purchased: day(u, anchor, 800, 30)?,
            competencies,
        })
    } else {
        None
    };
    Ok(Organization {
        id: id.to_string(),
        name: if u.ratio(1, 3)? {
            Some(name(u, &TITLES[..])?)
        } else {
            None
        },
        market: *pick(u, &[Market::Developed, Market::Developing])?,
        as_of: if u.ratio(1, 4)? { Some(anchor) } else { None },
        membership,
        metrics,
        people,
        attestations,
        source,
        id_loc: loc,
    })
}

/// Organizations as fact text, by the library's own writer.
pub fn fact_text(orgs: &[&Organization], layout: Layout) -> String {
    let mut writer = FactWriter::begin(Vec::new(), layout, None).expect("writing to memory");
    for org in orgs {
        writer.organization(org).expect("writing to memory");
    }
    String::from_utf8(writer.end().expect("writing to memory")).expect("the writer writes UTF-8")
}

/// Reads fact text as `rules eval` reads a file: split into organizations,
/// each parsed. Panics when text the writer wrote does not read back.
pub fn read_back(text: &str, format: Format) -> Vec<Organization> {
    let mut orgs = Vec::new();
    for piece in rules::facts::split::split_text("arb", format, text) {
        let piece = piece.unwrap_or_else(|p| panic!("written facts do not split: {p:?}\n{text}"));
        match rules::facts::parse_organization(&piece.source, format, piece.cut) {
            Ok(org) => orgs.push(org),
            Err(e) => panic!(
                "written facts do not read back:\n{}\n{text}",
                Diagnostics::from(e).render(Style::PLAIN)
            ),
        }
    }
    orgs
}

// ------------------------------------------------------------ stages

/// How far an input got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reached {
    /// The bytes ran out before a case was built.
    Nothing,
    /// Refused by the parser or the checker (a broken token).
    Refused,
    /// Through to the stage's end.
    Deep,
}

fn anchor(u: &mut Unstructured) -> Result<NaiveDate> {
    Ok(date(pick(u, &ANCHORS[..])?))
}

fn check(text: &str) -> std::result::Result<RuleSet, Diagnostics> {
    rules::load::check_sources(vec![SourceFile::new("arb.rules", text)])
}

/// The rule text: parsed, checked and linted, every diagnostic rendered.
/// Text printed from a valid tree must check.
pub fn stage_rules(data: &[u8]) -> Reached {
    let mut u = Unstructured::new(data);
    let Ok(spec) = rule_spec(&mut u) else {
        return Reached::Nothing;
    };
    let text = spec.text();
    match check(&text) {
        Ok(rule_set) => {
            let warnings = rules::lint::lint(&rule_set, None);
            let _ = Diagnostics::from(warnings).render(Style::PLAIN);
            Reached::Deep
        }
        Err(d) => {
            let rendered = d.render(Style::PLAIN);
            assert!(
                spec.broken.is_some(),
                "rules printed from a valid tree do not check:\n{rendered}\n{text}"
            );
            Reached::Refused
        }
    }
}

/// The parser's two readings of rule text printed from a tree, in every
/// layout: the hand-written one (`src/syntax/parser/descent.rs`) reads every
/// rule set printed from a valid tree, and whatever it reads, pest reads to
/// the same tree, every place included. (A target of its own rather than a
/// step of `stage_rules`, whose rate pest's slower parse would nearly halve.)
pub fn stage_parse(data: &[u8]) -> Reached {
    let mut u = Unstructured::new(data);
    let Ok(spec) = rule_spec(&mut u) else {
        return Reached::Nothing;
    };
    let text = spec.text();
    let source = SourceFile::new("arb.rules", text.as_str());
    let slow = rules::syntax::parser::parse_rule_file_with_pest(&source);
    let Some(fast) = rules::syntax::parser::parse_rule_file_by_descent(&source) else {
        assert!(
            spec.broken.is_some(),
            "descent does not read rules printed from a valid tree:\n{text}"
        );
        return Reached::Refused;
    };
    let slow = slow.unwrap_or_else(|e| panic!("descent reads text pest refuses: {e:?}\n{text}"));
    assert_eq!(
        format!("{fast:+?}"),
        format!("{slow:+?}"),
        "the parser's two readings differ:\n{text}"
    );
    Reached::Deep
}

/// Fact text in RON, JSON and JSON Lines, by the writer: each reads back
/// to what was written (written again, the same text), organization by
/// organization, and the quick look at people finds them all.
pub fn stage_facts(data: &[u8]) -> Reached {
    let mut u = Unstructured::new(data);
    let Ok(anchor) = anchor(&mut u) else {
        return Reached::Nothing;
    };
    let mut orgs = Vec::new();
    for id in ["org", "org-b", "org-c"]
        .iter()
        .take(u.int_in_range(1..=3).unwrap_or(1))
    {
        match organization(&mut u, anchor, id, 8) {
            Ok(org) => orgs.push(org),
            Err(_) => return Reached::Nothing,
        }
    }
    let orgs: Vec<&Organization> = orgs.iter().collect();
    for layout in [Layout::RonList, Layout::JsonArray, Layout::JsonLines] {
        let text = fact_text(&orgs, layout);
        let back = read_back(&text, layout.format());
        assert_eq!(back.len(), orgs.len(), "organizations lost:\n{text}");
        let back: Vec<&Organization> = back.iter().collect();
        let again = fact_text(&back, layout);
        assert_eq!(text, again, "facts read back differ from those written");
        for piece in rules::facts::split::split_text("arb", layout.format(), &text)
            .into_iter()
            .flatten()
        {
            let seen = rules::facts::people::people_of(piece.source.text(), layout.format());
            assert_eq!(
                seen.unread,
                0,
                "the quick look missed people:\n{}",
                piece.source.text()
            );
        }
    }
    Reached::Deep
}

/// How many fields a CSV line holds, read as a spreadsheet reads it: commas
/// inside quotes (where a doubled quote is a quote) separate nothing. A line
/// that does not end where it should holds none.
fn csv_fields(line: &str) -> Option<usize> {
    let body = line.strip_suffix('\n')?;
    let (mut fields, mut quoted) = (1, false);
    for c in body.chars() {
        match c {
            // A doubled quote toggles twice, which is no change.
            '"' => quoted = !quoted,
            ',' if !quoted => fields += 1,
            '\n' | '\r' if !quoted => return None,
            _ => {}
        }
    }
    (!quoted).then_some(fields)
}

/// The answer's verdict: what every detail level must agree on.
fn verdict(o: &OrgOutcome) -> String {
    let mut out = String::new();
    for c in &o.competencies {
        for l in &c.levels {
            out.push_str(&format!(
                "{} {:?} {} {:?}\n",
                c.id, l.level, l.met, l.met_by
            ));
            for p in &l.paths {
                out.push_str(&format!("  {} {}\n", p.id, p.met));
            }
        }
    }
    let m = &o.membership;
    out.push_str(&format!(
        "{:?} {:?} {:?} {:?} {} {:?}\n",
        m.eligible, m.held, m.status, m.valid_until, m.at_risk, m.profile
    ));
    out
}

/// Generated rules with a generated organization, through the writer and
/// the reader: evaluated in full at four dates (gaps and outlook included);
/// at the first two, the outlook equal to its plain definition and the
/// lighter detail levels giving the same verdict; one outcome, as the bytes
/// choose, rendered as text, and one as JSON (which parses) and as a CSV row
/// as wide as its header.
pub fn stage_evaluate(data: &[u8]) -> Reached {
    let mut u = Unstructured::new(data);
    let Ok(spec) = rule_spec(&mut u) else {
        return Reached::Nothing;
    };
    let Ok(rule_set) = check(&spec.text()) else {
        return Reached::Refused;
    };
    let Ok(anchor) = anchor(&mut u) else {
        return Reached::Nothing;
    };
    let Ok(org) = organization(&mut u, anchor, "org", 6) else {
        return Reached::Nothing;
    };
    let json = u.arbitrary::<bool>().unwrap_or(false);
    let layout = if json {
        Layout::JsonLines
    } else {
        Layout::RonList
    };
    let text = fact_text(&[&org], layout);
    let org = read_back(&text, layout.format()).remove(0);
    let _ = rules::facts::check_against_rules(&rule_set, &org);
    let mut severance = Severance::new();
    for p in &org.people {
        if u.ratio(1, 8).unwrap_or(false) {
            let by = SeveredBy {
                org: "elsewhere".to_string(),
                on: "2026-01-01T00:00:00Z".parse().expect("a moment"),
            };
            severance.insert(p.id.clone(), by);
        }
    }
    let offset: i64 = u.int_in_range(-60..=400).unwrap_or(0);
    let at = if offset >= 0 {
        anchor + Days::new(offset as u64)
    } else {
        anchor - Days::new(offset.unsigned_abs())
    };
    // Every input is evaluated at four dates, and each outcome is checked
    // against the outlook's plain definition and the lighter detail levels.
    // The explanations of one outcome are written out, the one the input
    // chooses: the text (plain or coloured) at any of the four dates, the
    // JSON and the CSV row at one of the first two. Across inputs every
    // date is written both ways; writing each of them out on every input
    // had cost as much as the evaluations it explains.
    let color = u.arbitrary::<bool>().unwrap_or(false);
    let text_at = [anchor, at, NaiveDate::MIN, NaiveDate::MAX][u.choose_index(4).unwrap_or(0)];
    let data_at = if u.arbitrary::<bool>().unwrap_or(false) {
        at
    } else {
        anchor
    };
    for date in [anchor, at] {
        let full = evaluate::evaluate(&rule_set, &org, date, &severance);
        let (lapses, until) = evaluate::outlook_by_reevaluation(&rule_set, &org, date, &severance);
        assert!(
            full.outlook == lapses && full.outlook_until == until,
            "the outlook at {date} is not what evaluating again on every date says:\n{:#?}\n{lapses:#?}\n{}\n{text}",
            full.outlook,
            spec.text()
        );
        for detail in [DetailLevel::Verdict, DetailLevel::Gaps] {
            let light = evaluate::evaluate_with(&rule_set, &org, date, &severance, detail);
            assert_eq!(verdict(&light), verdict(&full), "{detail:?} at {date}");
        }
        if date == text_at {
            let _ = rules::explain::text::to_text(&full, color);
        }
        if date == data_at {
            let json = rules::explain::json::to_json(&full);
            if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&json) {
                panic!("the JSON explanation does not parse ({e}): {json}");
            }
            let header = rules::explain::csv::header(&rule_set);
            let row = rules::explain::csv::row(&full);
            let width = csv_fields(&header)
                .unwrap_or_else(|| panic!("the CSV header is not one line of fields: {header}"));
            assert_eq!(
                csv_fields(&row),
                Some(width),
                "the CSV row is not as wide as its header:\n{header}\n{row}"
            );
        }
    }
    // The ends of the calendar.
    for date in [NaiveDate::MIN, NaiveDate::MAX] {
        let outcome = evaluate::evaluate(&rule_set, &org, date, &severance);
        if date == text_at {
            let _ = rules::explain::text::to_text(&outcome, color);
        }
    }
    Reached::Deep
}

/// The formatter: the printed text formats (the safety net never trips),
/// the result formats to itself, and it means what the printed text means
/// (the same JSON explanation for a generated organization).
pub fn stage_format(data: &[u8]) -> Reached {
    let mut u = Unstructured::new(data);
    let Ok(spec) = rule_spec(&mut u) else {
        return Reached::Nothing;
    };
    let text = spec.text();
    let source = SourceFile::new("arb.rules", text.clone());
    // Each text is parsed once: the formatter hands back the tree its
    // safety net parsed, and checking takes trees (parsing is the rule-text
    // stage's business, and parsing the same text twice gives the same tree).
    let tree = match rules::syntax::parse_rule_file(&source) {
        Ok(tree) => tree,
        Err(e) => {
            assert!(
                spec.broken.is_some(),
                "printed rules do not parse: {e:?}\n{text}"
            );
            return Reached::Refused;
        }
    };
    let formatted = format_parsed(&source, &tree)
        .unwrap_or_else(|e| panic!("the formatter's safety net tripped: {e:?}\n{text}"));
    let again = format_parsed(&formatted.source, &formatted.tree)
        .unwrap_or_else(|e| panic!("formatted text does not format: {e:?}\n{}", formatted.text));
    assert_eq!(
        formatted.text, again.text,
        "formatting is not idempotent:\n{text}"
    );
    let (Ok(before), after) = (
        rules::load::check_parsed(&[tree], vec![source.clone()]),
        rules::load::check_parsed(&[formatted.tree], vec![formatted.source]),
    ) else {
        return Reached::Refused;
    };
    let formatted = formatted.text;
    let after = after.unwrap_or_else(|d| {
        panic!(
            "the formatted text does not check, the printed one does:\n{}\n{formatted}",
            d.render(Style::PLAIN)
        )
    });
    let Ok(anchor) = anchor(&mut u) else {
        return Reached::Nothing;
    };
    let Ok(org) = organization(&mut u, anchor, "org", 4) else {
        return Reached::Nothing;
    };
    let none = Severance::new();
    let a = rules::explain::json::to_json(&evaluate::evaluate(&before, &org, anchor, &none));
    let b = rules::explain::json::to_json(&evaluate::evaluate(&after, &org, anchor, &none));
    assert_eq!(
        a, b,
        "formatting changed what the rules mean:\n{text}\n---\n{formatted}"
    );
    Reached::Deep
}

/// `rules diff` of two generated rule sets (the second an edit of the
/// first) over generated organizations: each organization's change, the
/// rule changes and why levels flip, rendered as text and JSON. The same
/// rules on both sides change nothing.
pub fn stage_diff(data: &[u8]) -> Reached {
    use rules::diff::standing::Standing;
    let mut u = Unstructured::new(data);
    let Ok(base_spec) = rule_spec(&mut u) else {
        return Reached::Nothing;
    };
    let mut new_spec = base_spec.clone();
    if mutate(&mut u, &mut new_spec).is_err() {
        return Reached::Nothing;
    }
    let (Ok(base), Ok(new)) = (check(&base_spec.text()), check(&new_spec.text())) else {
        return Reached::Refused;
    };
    let Ok(anchor) = anchor(&mut u) else {
        return Reached::Nothing;
    };
    let changes = rules::diff::rule_changes::compare(&base, &new);
    assert!(
        rules::diff::rule_changes::compare(&base, &base).is_empty(),
        "a rule set differs from itself"
    );
    let _ = changes;
    for id in ["org", "other"] {
        let Ok(org) = organization(&mut u, anchor, id, 5) else {
            return Reached::Nothing;
        };
        let none = Severance::new();
        let before = Standing::from(&evaluate::evaluate(&base, &org, anchor, &none));
        let after = Standing::from(&evaluate::evaluate(&new, &org, anchor, &none));
        assert!(
            rules::diff::compare(&before, &before).is_none(),
            "an organization changes against itself"
        );
        if let Some(change) = rules::diff::compare(&before, &after) {
            for why in [false, true] {
                let _ = rules::explain::diff::change_text(&change, why);
                let json = rules::explain::diff::change_json(&change, why);
                if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&json) {
                    panic!("a change's JSON does not parse ({e}): {json}");
                }
            }
            let mut tally = rules::diff::Tally::default();
            tally.add(&change);
            let _ = rules::explain::diff::tally_text(&tally);
            let _ = rules::explain::diff::tally_json(&tally);
        }
    }
    Reached::Deep
}

/// Shared by the stages that need a rule set and want it as one `Arc`.
pub fn source(text: &str) -> Arc<SourceFile> {
    SourceFile::new("arb.rules", text)
}

/// A session with the language server (`rules lsp`), in memory: a
/// generated rule file opened, then requests at places the bytes choose
/// (hover, definition, references, completion, formatting, symbols), edits
/// that break a token or insert arbitrary text, requests with malformed
/// parameters or unknown methods, then `shutdown` and `exit`. Every request
/// gets exactly one answer, and the session ends cleanly.
///
/// Every message is queued before the server reads the first, and the
/// server runs on this thread: the same input makes the same session. (On a
/// thread of its own, the server analysed whenever it caught up with the
/// queue, at moments the scheduler chose, so an input's coverage changed
/// from run to run, which cost libFuzzer more than the session itself.)
/// Each request after an edit has the server analyse the edited text first.
pub fn stage_lsp(data: &[u8]) -> Reached {
    use lsp_server::{Connection, Message, Notification, Request, RequestId};
    use serde_json::json;
    let mut u = Unstructured::new(data);
    let Ok(spec) = rule_spec(&mut u) else {
        return Reached::Nothing;
    };
    let mut text = spec.text();
    let (server, client) = Connection::memory();
    let send = |m: Message| client.sender.send(m).expect("the server is listening");
    let mut next = 0;
    let mut request = |method: &str, params: serde_json::Value| {
        next += 1;
        send(Request::new(RequestId::from(next), method.to_string(), params).into());
        next
    };
    let notify = |method: &str, params: serde_json::Value| {
        send(Notification::new(method.to_string(), params).into());
    };
    let uri = "file:///arb/generated.rules";
    request("initialize", json!({ "capabilities": {}, "rootUri": null }));
    notify("initialized", json!({}));
    notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "rules", "version": 1, "text": text } }),
    );
    let mut version = 1;
    let steps = u.int_in_range(1..=10).unwrap_or(1);
    for _ in 0..steps {
        let lines = text.lines().count() as u32;
        let line = u.int_in_range(0..=lines + 1).unwrap_or(0);
        let character = u.int_in_range(0..=90u32).unwrap_or(0);
        let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
        match u.int_in_range(0..=9).unwrap_or(0) {
            0 => {
                request("textDocument/hover", at);
            }
            1 => {
                request("textDocument/definition", at);
            }
            2 => {
                let mut params = at;
                params["context"] = json!({ "includeDeclaration": true });
                request("textDocument/references", params);
            }
            3 => {
                request("textDocument/completion", at);
            }
            4 => {
                request(
                    "textDocument/formatting",
                    json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
                );
            }
            5 => {
                request(
                    "textDocument/documentSymbol",
                    json!({ "textDocument": { "uri": uri } }),
                );
            }
            6 | 7 => {
                // An edit: a token broken, or arbitrary text put somewhere.
                text = if u.arbitrary().unwrap_or(false) {
                    break_one_token(
                        &text,
                        u.arbitrary().unwrap_or(0),
                        u.arbitrary().unwrap_or(0),
                    )
                } else {
                    let cut = u.int_in_range(0..=text.len()).unwrap_or(0);
                    let cut = (0..=cut)
                        .rev()
                        .find(|i| text.is_char_boundary(*i))
                        .unwrap_or(0);
                    let inserted = any_text(&mut u).unwrap_or_default();
                    format!("{}{inserted}{}", &text[..cut], &text[cut..])
                };
                version += 1;
                notify(
                    "textDocument/didChange",
                    json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
                );
            }
            8 => {
                // Parameters of the wrong shape.
                request("textDocument/hover", json!({ "position": "here" }));
            }
            _ => {
                request("rules/unknown", json!(null));
            }
        }
    }
    let shutdown = request("shutdown", json!(null));
    notify("exit", json!(null));
    let ended = rules::lsp::serve_on(&server, rules::lsp::Options { rules: None });
    assert_eq!(
        ended,
        Ok(rules::lsp::Ended::Cleanly),
        "the session did not end cleanly"
    );
    // Every request answered once.
    let mut answered = vec![0u32; shutdown as usize + 1];
    for message in client.receiver.try_iter() {
        if let Message::Response(r) = message {
            let id: i32 = serde_json::from_value(serde_json::to_value(&r.id).expect("an id"))
                .expect("a number id");
            answered[id as usize] += 1;
        }
    }
    assert!(
        answered[1..].iter().all(|n| *n == 1),
        "requests answered {:?} times (1 each expected)",
        &answered[1..]
    );
    Reached::Deep
}
