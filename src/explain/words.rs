//! The sentences explanations say about an outcome's data: why a person did
//! not count, why renewal is at risk, why a level lapses. The text and the
//! JSON output both take their wording from here, so they cannot drift apart.
//!
//! Sentences are `Display` values: the text output writes them into its
//! lines, the JSON output straight into its strings, neither through a
//! temporary copy.

use std::fmt::{self, Display, Formatter, Write};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::number;
use crate::outcome::{
    Blocked, Cause, Closest, Gap, LapseCause, LevelOutcome, Lost, MembershipOutcome, MetBy, Need,
    Needed, OrgOutcome, PerformanceDetail, Reason, RecordRef, RequirementDrop, Restore, Status,
    Unit,
};
use crate::vocabulary::{AchievementClass, AchievementKind, EntityChange, Level, Metric};

/// The program's alert, word for word (the contract's §3).
pub const AT_RISK_ALERT: &str = "A recent change to your competency achievement has put your membership renewal eligibility at risk";

/// An amount in its unit: `$15,000`, `2,000`, `2`.
pub fn amount(value: Decimal, unit: Unit) -> String {
    if unit == Unit::Percent {
        return percent(value);
    }
    number::amount(value, unit == Unit::Dollars)
}

/// A growth in percent, to two places: `12.50%`.
pub fn percent(value: Decimal) -> String {
    let mut shown =
        value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToNegativeInfinity);
    shown.rescale(2);
    format!("{}%", number::grouped(shown))
}

/// An amount with its unit's noun: `$1,200.00`, `1 seat`, `250 active users`.
pub fn measured(value: Decimal, unit: Unit) -> String {
    match unit {
        Unit::Dollars | Unit::Percent => amount(value, unit),
        _ => format!(
            "{} {}",
            amount(value, unit),
            noun(unit, value.abs() == Decimal::ONE)
        ),
    }
}

/// A unit's noun, for one or for several.
pub fn noun(unit: Unit, one: bool) -> &'static str {
    match (unit, one) {
        (Unit::Customers, true) => "customer",
        (Unit::Seats, true) => "seat",
        (Unit::ActiveUsers, true) => "active user",
        (Unit::People, true) => "person",
        (Unit::Devices, true) => "device",
        (Unit::Attestations, true) => "attestation",
        (Unit::Levels, true) => "level",
        (Unit::Tenants, true) => "tenant",
        (Unit::Workloads, true) => "workload",
        (Unit::Dollars, _) => "dollars",
        (Unit::Percent, _) => "percent",
        (unit, _) => unit.keyword(),
    }
}

/// A difference with its sign: `+7`, `-3`, `+$1,000.00`.
pub fn signed(value: Decimal, unit: Unit) -> String {
    let sign = if value < Decimal::ZERO { "-" } else { "+" };
    format!("{sign}{}", amount(value.abs(), unit))
}

/// A shortfall in its unit, exact: `$3,000.00`, `$0.125`, `2`, `0.5`.
pub fn short_amount(value: Decimal, unit: Unit) -> String {
    let money = unit == Unit::Dollars;
    number::amount(number::exact(value, money), money)
}

/// A moment as explanations show it: `2026-11-24 09:00 UTC`.
pub fn moment(at: &DateTime<Utc>) -> impl Display + use<> {
    at.format("%Y-%m-%d %H:%M UTC")
}

/// `a`, `a and b`, `a, b and c`.
pub struct AndList<'a, T>(pub &'a [T]);

impl<T: Display> Display for AndList<'_, T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Some((last, init)) = self.0.split_last() else {
            return Ok(());
        };
        for (i, item) in init.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            item.fmt(f)?;
        }
        if !init.is_empty() {
            f.write_str(" and ")?;
        }
        last.fmt(f)
    }
}

/// A person as explanations name them: `Alice Wong (alice@contoso.com)`, or the id alone.
pub struct Person<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
}

impl<'a> Person<'a> {
    /// The person of that id in the outcome, named when the facts name them.
    pub fn in_outcome(outcome: &'a OrgOutcome, id: &'a str) -> Person<'a> {
        Person {
            id,
            name: outcome.person(id).and_then(|p| p.name.as_deref()),
        }
    }
}

impl Display for Person<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.name {
            Some(name) => write!(f, "{name} ({})", self.id),
            None => f.write_str(self.id),
        }
    }
}

/// Whether a reason is said of the evaluation date, of a date to come (the
/// renewal outlook: "leaves on", "expires on"), or of an earlier day a
/// score's window counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Now,
    Coming,
    /// Measured on this day, before the evaluation date: said as of `Now`,
    /// but a date after it is after this day, not the evaluation date.
    Counted(NaiveDate),
}

impl Tense {
    /// The tense of details measured on `day`, in an evaluation as of `as_of`.
    pub fn measured_on(day: NaiveDate, as_of: NaiveDate) -> Tense {
        if day == as_of {
            Tense::Now
        } else {
            Tense::Counted(day)
        }
    }

    /// When the measures were taken: "now", or "on 2024-01-31".
    pub fn now_words(self) -> String {
        match self {
            Tense::Counted(day) => format!("on {day}"),
            Tense::Now | Tense::Coming => "now".to_string(),
        }
    }

    /// The day measured, named: "the evaluation date", or "the day the
    /// score counted, 2024-01-31".
    pub fn day_words(self) -> String {
        match self {
            Tense::Counted(day) => format!("the day the score counted, {day}"),
            Tense::Now | Tense::Coming => "the evaluation date".to_string(),
        }
    }
}

/// Why a person did not count: `left on 2026-08-14`, `lacks AZ-305`.
pub struct ReasonWords<'a>(pub &'a Reason, pub Tense);

impl Display for ReasonWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Reason::Left { on }, Tense::Now | Tense::Counted(_)) => write!(f, "left on {on}"),
            (Reason::Left { on }, Tense::Coming) => write!(f, "leaves on {on}"),
            (Reason::Pending { until }, _) => {
                write!(f, "association pending until {}", moment(until))
            }
            (Reason::Severed { by, on }, _) => {
                write!(f, "severed: re-associated with {by} on {}", on.date_naive())
            }
            (Reason::Expired { code, on }, Tense::Now | Tense::Counted(_)) => {
                Expired(code, *on).fmt(f)
            }
            (Reason::Expired { code, on }, Tense::Coming) => write!(f, "{code} expires on {on}"),
            (Reason::NotYetPassed { code, on }, tense) => {
                write!(f, "{code} passes on {on}, after {}", tense.day_words())
            }
            (
                Reason::Retired {
                    code,
                    passed,
                    retired_on,
                    accepted_through,
                },
                tense,
            ) => {
                if passed > retired_on {
                    write!(
                        f,
                        "{code} retired on {retired_on}, before it was passed on {passed}"
                    )
                } else if tense == Tense::Coming && accepted_through == retired_on {
                    write!(
                        f,
                        "{code} retires on {retired_on}, the last day it is accepted"
                    )
                } else if tense == Tense::Coming {
                    write!(
                        f,
                        "{code} is accepted only through {accepted_through} (its retirement date is {retired_on})"
                    )
                } else if accepted_through == retired_on {
                    write!(f, "{code} retired on {retired_on}")
                } else {
                    write!(
                        f,
                        "{code} retired on {retired_on} and was accepted through {accepted_through}"
                    )
                }
            }
            (Reason::Lacks { missing }, _) => {
                let missing: Vec<AnyOf> = missing.iter().map(|codes| AnyOf(codes)).collect();
                write!(f, "lacks {}", AndList(&missing))
            }
            (
                Reason::WrongKind {
                    codes,
                    held_as,
                    asked,
                },
                _,
            ) => write!(
                f,
                "holds {} as {}, but {} is asked",
                codes.join(", "),
                kind_words(*held_as, codes.len()),
                class_words(*asked)
            ),
            (Reason::CountedElsewhere { requirement }, _) => {
                write!(f, "counted for `{requirement}` (unique people)")
            }
        }
    }
}

/// One thing a person lacks: `AZ-305`, or `one of 70-497, PSM I, CSM`.
struct AnyOf<'a>(&'a [String]);

impl Display for AnyOf<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => f.write_str(one),
            codes => write!(f, "one of {}", codes.join(", ")),
        }
    }
}

/// `an exam` for one code, `exams` for several.
fn kind_words(kind: AchievementKind, codes: usize) -> &'static str {
    match (kind, codes) {
        (AchievementKind::Certification, 1) => "a certification",
        (AchievementKind::Exam, 1) => "an exam",
        (AchievementKind::Assessment, 1) => "an assessment",
        (AchievementKind::Certification, _) => "certifications",
        (AchievementKind::Exam, _) => "exams",
        (AchievementKind::Assessment, _) => "assessments",
    }
}

fn class_words(class: AchievementClass) -> &'static str {
    match class {
        AchievementClass::Certified => "an exam or certification",
        AchievementClass::Assessed => "an assessment",
    }
}

/// An achievement that expired: `AZ-104 expired on 2026-03-01`.
pub struct Expired<'a>(pub &'a str, pub NaiveDate);

impl Display for Expired<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} expired on {}", self.0, self.1)
    }
}

/// The membership held, as the summary says it: `Silver, active through
/// 2027-01-31; renewal not at risk`, or `none`.
pub struct HeldWords<'a>(pub &'a MembershipOutcome);

impl Display for HeldWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let m = self.0;
        let (Some(level), Some(purchased)) = (m.held, m.purchased) else {
            return f.write_str("none");
        };
        let date = |d: Option<NaiveDate>| {
            d.map_or_else(|| "an unknown date".to_string(), |d| d.to_string())
        };
        write!(f, "{}, ", level.title())?;
        match m.status {
            Status::None => write!(
                f,
                "not started (purchased {purchased}, last valid day {})",
                date(m.valid_until)
            )?,
            Status::Active => write!(f, "active through {}", date(m.valid_until))?,
            Status::Grace => write!(
                f,
                "in renewal grace through {} (last valid day {})",
                date(m.grace_until),
                date(m.valid_until)
            )?,
            Status::Expired => write!(f, "expired (last valid day {})", date(m.valid_until))?,
        }
        if m.status.is_showing() && !m.at_risk {
            f.write_str("; renewal not at risk")?;
        }
        Ok(())
    }
}

/// How a level is met, as the summary says it: ``by `azure_consumption` ``,
/// `by override until 2027-06-30`; nothing for a level missed.
pub struct ByWords<'a>(pub &'a LevelOutcome);

impl Display for ByWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let l = self.0;
        match (&l.met_by, &l.override_note) {
            (None, _) => Ok(()),
            (Some(MetBy::Path(id)), _) => write!(f, "by `{id}`"),
            (Some(MetBy::Score), _) => f.write_str("by score"),
            (_, Some(note)) => write!(f, "by override until {}", note.until),
            _ => f.write_str("by override"),
        }
    }
}

/// Why renewal is at risk, as a sentence: `Alice (alice@…) left on 2026-08-14`.
pub struct CauseWords<'a> {
    pub outcome: &'a OrgOutcome,
    pub cause: &'a Cause,
}

impl Display for CauseWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let o = self.outcome;
        match self.cause {
            Cause::Left { person, on } => {
                write!(f, "{} left on {on}", Person::in_outcome(o, person))
            }
            Cause::Expired { person, code, on } => {
                write!(
                    f,
                    "{}: {code} expired on {on}",
                    Person::in_outcome(o, person)
                )
            }
            Cause::ShortOf {
                competency,
                level,
                path,
                requirement,
                actual,
                required,
                unit,
            } => {
                let title = o
                    .competencies
                    .iter()
                    .find(|c| &c.id == competency)
                    .map_or(competency.as_str(), |c| c.title.as_str());
                write!(
                    f,
                    "{title} {}, path `{path}`: `{requirement}` has {} of {}, short by {}",
                    level.title(),
                    amount(*actual, *unit),
                    amount(*required, *unit),
                    amount((*required - *actual).max(Decimal::ZERO), *unit),
                )
            }
        }
    }
}

/// Records of the metric and workload, in the window, that `via` left out:
/// `not counted, association not in `via`: $38,000.00 on 2026-08-31 (`cpor`)`.
pub struct ExcludedWords<'a> {
    pub records: &'a [RecordRef],
    pub unit: Unit,
    /// The requirement sums several workloads: say each record's.
    pub several: bool,
}

impl Display for ExcludedWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("not counted, association not in `via`: ")?;
        for (i, r) in self.records.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} on {} (", amount(r.value, self.unit), r.date)?;
            if self.several {
                write!(f, "{}, ", r.workload)?;
            }
            match &r.association {
                Some(a) => write!(f, "`{a}`)")?,
                None => f.write_str("no association)")?,
            }
        }
        Ok(())
    }
}

/// What one shortfall asks for: `$3,000.00 more azure revenue via dpor or
/// tpor`, `2 more people certified in [...], 1 of them also certified in [...]`.
pub struct NeedWords<'a>(pub &'a Need);

impl Display for NeedWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let need = self.0;
        let more = short_amount(need.short_by, need.unit);
        let one = need.short_by == Decimal::ONE;
        match &need.what {
            Needed::Performance {
                requirement,
                metric,
                workload,
                via,
            } => {
                let what = match (metric, one) {
                    (Metric::Revenue, _) => "revenue",
                    (Metric::Customers, true) => "new customer",
                    (Metric::Customers, false) => "new customers",
                    (Metric::Seats, true) => "seat",
                    (Metric::Seats, false) => "seats",
                    (Metric::Usage, true) => "active user",
                    (Metric::Usage, false) => "active users",
                    (Metric::Devices, true) => "device shipped",
                    (Metric::Devices, false) => "devices shipped",
                };
                let workload = Unquoted(&requirement[workload.clone()]);
                write!(f, "{more} more {workload} {what}")?;
                if let Some(via) = via {
                    write!(f, " via {}", OrList(&requirement[via.clone()]))?;
                }
                // `where offer not in [trial]`: which records may make up the rest.
                if let Some(at) = requirement.find(" where offer ") {
                    let filter = &requirement[at + 1..];
                    let end = filter.find(']').map_or(filter.len(), |i| i + 1);
                    write!(f, " ({})", &filter[..end])?;
                }
                Ok(())
            }
            Needed::Skill {
                requirement,
                qualification,
                of_which,
            } => {
                let people = if one { "person" } else { "people" };
                let qualification = &requirement[qualification.clone()];
                write!(f, "{more} more {people} {qualification}")?;
                match of_which {
                    None => Ok(()),
                    Some((k, also)) => {
                        let also = &requirement[also.clone()];
                        if one {
                            write!(f, ", also {also}")
                        } else if Decimal::from(*k) >= need.short_by {
                            write!(f, ", each also {also}")
                        } else {
                            write!(f, ", {k} of them also {also}")
                        }
                    }
                }
            }
            Needed::Attested { requirement, codes } => {
                let attestations = if one { "attestation" } else { "attestations" };
                write!(
                    f,
                    "{more} more {attestations} of {}",
                    OrList(&requirement[codes.clone()])
                )
            }
            Needed::RequiredLevel {
                competency, level, ..
            } => write!(f, "`{competency}` met at {}", level.title()),
            Needed::Entities {
                requirement,
                entity,
                change,
                condition,
            } => {
                let change = match change {
                    Some(EntityChange::Net) => "net ",
                    Some(EntityChange::New) => "new ",
                    None => "",
                };
                write!(
                    f,
                    "{more} more {change}{} with {}",
                    entity.noun(one),
                    &requirement[condition.clone()]
                )
            }
            Needed::Growth {
                requirement,
                kind,
                measure,
                start,
                value_then,
                target,
                percent: growth,
                blocked,
                ..
            } => {
                let measure = &requirement[measure.clone()];
                let then = measured(*value_then, need.unit);
                match blocked {
                    Some(Blocked::BeforeStart) => {
                        write!(f, "time: {measure} is measured from {start}, after today")
                    }
                    Some(Blocked::Baseline { floor }) => write!(
                        f,
                        "a baseline of {} of {measure} on {start} (it was {then}); no {} counts below it",
                        measured(*floor, need.unit),
                        kind.keyword()
                    ),
                    Some(Blocked::ZeroStart) => write!(
                        f,
                        "{measure} above 0 on {start}: growth from nothing cannot be measured"
                    ),
                    None => {
                        let short = short_amount(need.short_by, need.unit);
                        let more = match need.unit {
                            Unit::Dollars => format!("{short} more"),
                            unit => format!(
                                "{short} more {}",
                                noun(unit, need.short_by == Decimal::ONE)
                            ),
                        };
                        write!(f, "{more} of {measure}")?;
                        match growth {
                            Some(p) => write!(
                                f,
                                " ({} in all: {} over the {} of {start})",
                                amount(*target, need.unit),
                                self::percent(*p),
                                amount(*value_then, need.unit)
                            ),
                            None => write!(
                                f,
                                " (a change of {} since {start})",
                                signed(*target, need.unit)
                            ),
                        }
                    }
                }
            }
            Needed::UniquePeople => write!(
                f,
                "{more} more {}, as no one may count for two of its requirements (unique people)",
                if one { "person" } else { "people" }
            ),
        }
    }
}

/// The names of a list as rules write it (`dpor, "some name"`), read as
/// `a`, `a or b`, `a, b or c`.
struct OrList<'a>(&'a str);

impl Display for OrList<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = names(self.0).collect();
        let Some((last, init)) = names.split_last() else {
            return Ok(());
        };
        for (i, name) in init.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            Unquoted(name).fmt(f)?;
        }
        if !init.is_empty() {
            f.write_str(" or ")?;
        }
        Unquoted(last).fmt(f)
    }
}

/// The items of a list as rules write it, without its brackets: names and
/// quoted strings separated by `, `.
fn names(list: &str) -> impl Iterator<Item = &str> {
    let mut rest = list;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let mut end = 0;
        let mut quoted = false;
        while end < bytes.len() {
            match bytes[end] {
                b'\\' if quoted => end += 1,
                b'"' => quoted = !quoted,
                b',' if !quoted => break,
                _ => {}
            }
            end += 1;
        }
        let end = end.min(bytes.len());
        let item = &rest[..end];
        rest = rest[end..].trim_start_matches(',').trim_start();
        Some(item)
    })
}

/// A name as rules write it, said plainly: `azure`, or `"office 365"` as
/// `office 365` (its escapes undone).
struct Unquoted<'a>(&'a str);

impl Display for Unquoted<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Some(inner) = self.0.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
            return f.write_str(self.0);
        };
        let mut escaped = false;
        for c in inner.chars() {
            if escaped || c != '\\' {
                f.write_char(c)?;
                escaped = false;
            } else {
                escaped = true;
            }
        }
        Ok(())
    }
}

/// What the nearest path of a missed level lacks, in one sentence: ``path
/// `azure_consumption` needs $3,000.00 more azure revenue via dpor or tpor,
/// and 1 more person certified in [...]``.
pub struct GapWords<'a>(pub &'a Gap);

impl Display for GapWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "path `{}` needs ", self.0.path)?;
        let needs = &self.0.needs;
        for (i, need) in needs.iter().enumerate() {
            if i > 0 {
                f.write_str(if i + 1 == needs.len() { ", and " } else { ", " })?;
            }
            NeedWords(need).fmt(f)?;
        }
        Ok(())
    }
}

/// The path that would restore a membership at risk: ``Cloud Platform
/// Silver: path `azure_consumption` needs ...``.
pub struct RestoreWords<'a> {
    pub outcome: &'a OrgOutcome,
    pub restore: &'a Restore,
}

impl Display for RestoreWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let r = self.restore;
        write!(
            f,
            "{}: {}",
            LevelName(self.outcome, &r.competency, r.level),
            GapWords(&r.gap)
        )
    }
}

/// A competency's level by its title: `Cloud Platform Silver`.
pub struct LevelName<'a>(pub &'a OrgOutcome, pub &'a str, pub Level);

impl Display for LevelName<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let title = self
            .0
            .competencies
            .iter()
            .find(|c| c.id == self.1)
            .map_or(self.1, |c| c.title.as_str());
        write!(f, "{title} {}", self.2.title())
    }
}

/// A person close to counting, and what stands in the way: `Alice Wong
/// (alice@contoso.com): lacks 70-498`, `Dan (dan@example.com): counted, but
/// lacks one of PSM I, CSM`.
pub struct ClosestWords<'a> {
    pub outcome: &'a OrgOutcome,
    pub closest: &'a Closest,
}

impl Display for ClosestWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let c = self.closest;
        write!(f, "{}: ", Person::in_outcome(self.outcome, &c.person))?;
        if c.counted {
            f.write_str("counted, but ")?;
        }
        for (i, reason) in c.reasons.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            ReasonWords(reason, Tense::Now).fmt(f)?;
        }
        Ok(())
    }
}

/// Why a level lapses, in one sentence: `` `1 person certified in [...]` drops to 0 of 1 ``.
pub struct LapseWords<'a>(pub &'a LapseCause);

impl Display for LapseWords<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            LapseCause::TakenOver {
                from,
                by: MetBy::Path(id),
            } => write!(f, "from {from} only path `{id}` met it"),
            LapseCause::TakenOver {
                from,
                by: MetBy::Override,
            } => write!(f, "from {from} only the override met it"),
            LapseCause::TakenOver {
                from,
                by: MetBy::Score,
            } => write!(f, "from {from} only the score met it"),
            LapseCause::ScoreFalls(fall) => {
                write!(
                    f,
                    "the score falls to {}, below {}",
                    fall.total,
                    crate::syntax::print_score::points(fall.at)
                )?;
                if let Some(switch) = &fall.track {
                    write!(
                        f,
                        ": track `{}` counts instead of `{}`",
                        switch.to, switch.from
                    )?;
                    if let Some(condition) = &switch.condition {
                        write!(f, " (`{condition}` no longer met)")?;
                    }
                }
                let lost: Vec<String> = fall
                    .metrics
                    .iter()
                    .map(|(m, was, now)| format!("`{}` {was} → {now}", m.id))
                    .collect();
                if !lost.is_empty() {
                    let sep = if fall.track.is_some() { ";" } else { ":" };
                    write!(f, "{sep} {}", lost.join(", "))?;
                }
                Ok(())
            }
            LapseCause::OverrideEnds { until, reason } => {
                write!(f, "the override ({reason}) ends on {until}")
            }
            LapseCause::RequirementDrops(drop) if drop.unit == Unit::Levels => {
                write!(f, "`{}` is no longer met", drop.requirement)
            }
            LapseCause::RequirementDrops(drop) => write!(
                f,
                "`{}` drops to {} of {}",
                drop.requirement,
                amount(drop.actual, drop.unit),
                amount(drop.required, drop.unit)
            ),
            LapseCause::TooFewDistinctPeople {
                path,
                assigned,
                needed,
            } => write!(
                f,
                "path `{path}`: only {assigned} distinct {} for {needed} {}",
                if *assigned == 1 { "person" } else { "people" },
                if *needed == 1 { "place" } else { "places" }
            ),
        }
    }
}

/// What lies behind a lapse, a sentence each: who stops counting and why,
/// which records leave the window.
pub fn lapse_details(outcome: &OrgOutcome, cause: &LapseCause) -> Vec<String> {
    match cause {
        LapseCause::RequirementDrops(drop) => drop_details(outcome, drop),
        LapseCause::TakenOver { .. }
        | LapseCause::ScoreFalls(_)
        | LapseCause::OverrideEnds { .. }
        | LapseCause::TooFewDistinctPeople { .. } => Vec::new(),
    }
}

fn drop_details(outcome: &OrgOutcome, drop: &RequirementDrop) -> Vec<String> {
    match &drop.lost {
        Lost::People(people) => people
            .iter()
            .map(|n| {
                let person = Person::in_outcome(outcome, &n.person);
                if n.reasons.is_empty() {
                    format!("{person}: no longer counts")
                } else {
                    let reasons: Vec<String> = n
                        .reasons
                        .iter()
                        .map(|r| ReasonWords(r, Tense::Coming).to_string())
                        .collect();
                    format!("{person}: {}", reasons.join("; "))
                }
            })
            .collect(),
        Lost::Records { records, .. } if records.is_empty() => Vec::new(),
        Lost::Records {
            records,
            window_months,
        } => {
            let gone: Vec<String> = records
                .iter()
                .map(|r| format!("{} on {}", amount(r.value, drop.unit), r.date))
                .collect();
            let (record, verb, replaced) = if gone.len() == 1 {
                (
                    "the record of",
                    "leaves",
                    "no longer counts: a later record replaces it",
                )
            } else {
                (
                    "the records of",
                    "leave",
                    "no longer count: a later record replaces them",
                )
            };
            let gone = AndList(&gone);
            // Revenue and customers are summed over their window: records
            // leave it. Seats and usage count the latest record: a later one
            // takes its place.
            let flow = matches!(drop.unit, Unit::Dollars | Unit::Customers);
            let sentence = match window_months {
                Some(months) if flow => {
                    format!("{record} {gone} {verb} the {months}-month window")
                }
                _ => format!("{record} {gone} {replaced}"),
            };
            vec![sentence]
        }
        Lost::LatestRecordOutsideWindow(latest) => {
            vec![format!(
                "the latest record ({latest}) falls outside the window"
            )]
        }
        Lost::Attestations(expiring) => expiring
            .iter()
            .map(|(code, on)| format!("{code} expires on {on}"))
            .collect(),
        Lost::Entities {
            entity,
            dropped,
            counted_at_start,
            start,
            unit,
            strict,
        } => {
            let asked = if *strict { "more than" } else { "at least" };
            let at_start = |id: &String| counted_at_start.contains(id);
            let mut out: Vec<String> = dropped
                .iter()
                .map(|(id, value, required)| {
                    let also = match start {
                        Some(start) if at_start(id) => format!(
                            ", and it met the condition on {start}, the start, which takes one more away"
                        ),
                        _ => String::new(),
                    };
                    format!(
                        "{} `{id}` no longer meets the condition: {}, {asked} {} asked{also}",
                        entity.noun(true),
                        measured(*value, *unit),
                        amount(*required, *unit)
                    )
                })
                .collect();
            if let Some(start) = start {
                out.extend(
                    counted_at_start
                        .iter()
                        .filter(|id| !dropped.iter().any(|(d, _, _)| d == *id))
                        .map(|id| {
                            format!(
                                "{} `{id}` met the condition on {start}, the start, which takes one away",
                                entity.noun(true)
                            )
                        }),
                );
            }
            out
        }
        Lost::Growth {
            start,
            value_then,
            value,
            unit,
        } => vec![format!(
            "{} on {start}, the start; {} on the day it lapses",
            measured(*value_then, *unit),
            measured(*value, *unit)
        )],
        Lost::RequiredLevel { competency, level } => {
            let title = outcome
                .competencies
                .iter()
                .find(|c| &c.id == competency)
                .map_or(competency.as_str(), |c| c.title.as_str());
            vec![format!("{title} {} is no longer met", level.title())]
        }
    }
}

/// What a performance requirement found, in words: `12 records from
/// 2025-11-24 through 2026-11-23 (12-month window)`, the latest record, or
/// the best calendar month; `records` says how many records (as the caller
/// writes numbers).
pub fn records_found(
    p: &PerformanceDetail,
    actual: Decimal,
    unit: Unit,
    records: String,
) -> String {
    if let Some(month) = p.best_month {
        let window = p.window.map_or(String::new(), |w| {
            format!(
                " of the window from {} through {}",
                w.after.succ_opt().unwrap_or(w.after),
                w.through
            )
        });
        format!(
            "best calendar month{window}: {}, {records}",
            month.format("%B %Y")
        )
    } else if p.metric.is_flow() {
        match p.window {
            Some(w) => format!(
                "{records} from {} through {} ({}-month window)",
                w.after.succ_opt().unwrap_or(w.after),
                w.through,
                w.months
            ),
            None => records,
        }
    } else {
        match (p.stale, p.records.first()) {
            (Some(stale), _) => format!(
                "the latest record, of {stale}, is outside the {}-month window",
                p.window.map_or(0, |w| w.months)
            ),
            (None, Some(_)) if !p.workloads.is_empty() => {
                "latest record of each workload, summed".to_string()
            }
            (None, Some(latest)) => {
                format!("latest record: {} on {}", amount(actual, unit), latest.date)
            }
            (None, None) => "no matching records".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_rules_write_them_are_said_plainly() {
        let said = |list: &str| OrList(list).to_string();
        assert_eq!(said("dpor"), "dpor");
        assert_eq!(said("dpor, tpor"), "dpor or tpor");
        assert_eq!(
            said(r#"dpor, "t, \"por\"", cpor"#),
            r#"dpor, t, "por" or cpor"#
        );
        assert_eq!(Unquoted(r#""office 365""#).to_string(), "office 365");
        assert_eq!(Unquoted(r#""a \\ b""#).to_string(), r"a \ b");
        assert_eq!(Unquoted("azure").to_string(), "azure");
    }

    #[test]
    fn lists_read_as_english() {
        let items = |list: &[&str]| AndList(list).to_string();
        assert_eq!(items(&[]), "");
        assert_eq!(items(&["a"]), "a");
        assert_eq!(items(&["a", "b"]), "a and b");
        assert_eq!(items(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn reasons_read_for_the_date_they_speak_of() {
        let on = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let left = Reason::Left { on };
        assert_eq!(
            ReasonWords(&left, Tense::Now).to_string(),
            "left on 2027-01-15"
        );
        assert_eq!(
            ReasonWords(&left, Tense::Coming).to_string(),
            "leaves on 2027-01-15"
        );
        let lacks = Reason::Lacks {
            missing: vec![
                vec!["70-498".to_string()],
                vec!["70-497".to_string(), "PSM I".to_string()],
            ],
        };
        assert_eq!(
            ReasonWords(&lacks, Tense::Now).to_string(),
            "lacks 70-498 and one of 70-497, PSM I"
        );
        let wrong = Reason::WrongKind {
            codes: vec!["AZ-104".to_string(), "AZ-305".to_string()],
            held_as: AchievementKind::Assessment,
            asked: AchievementClass::Certified,
        };
        assert_eq!(
            ReasonWords(&wrong, Tense::Now).to_string(),
            "holds AZ-104, AZ-305 as assessments, but an exam or certification is asked"
        );
        let one = Reason::WrongKind {
            codes: vec!["AZ-104".to_string()],
            held_as: AchievementKind::Exam,
            asked: AchievementClass::Assessed,
        };
        assert_eq!(
            ReasonWords(&one, Tense::Now).to_string(),
            "holds AZ-104 as an exam, but an assessment is asked"
        );
    }
}
