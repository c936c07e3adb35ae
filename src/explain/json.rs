//! Outcome → one JSON object per organization, on one line. Key order is
//! fixed (struct order); amounts are exact decimal strings.

use serde::Serialize;

use crate::outcome::*;
use crate::vocabulary::Level;

pub fn to_json(outcome: &OrgOutcome) -> String {
    serde_json::to_string(&Org::from(outcome))
        .expect("outcome serializes: only strings, numbers, lists")
}

#[derive(Serialize)]
struct Org<'a> {
    org: &'a str,
    as_of: String,
    name: Option<&'a str>,
    market: &'static str,
    competencies: Vec<Competency<'a>>,
    membership: Membership<'a>,
    outlook: Outlook<'a>,
    people: Vec<Person<'a>>,
}

#[derive(Serialize)]
struct Competency<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    silver: Option<LevelJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gold: Option<LevelJson<'a>>,
}

#[derive(Serialize)]
struct LevelJson<'a> {
    met: bool,
    met_by: Option<&'a str>,
    paths: Vec<Path<'a>>,
    #[serde(rename = "override")]
    override_note: Option<Override<'a>>,
    /// Granted only when the level is met.
    benefits: Vec<&'a str>,
}

#[derive(Serialize)]
struct Override<'a> {
    until: String,
    reason: &'a str,
    active: bool,
}

#[derive(Serialize)]
struct Path<'a> {
    id: &'a str,
    title: Option<&'a str>,
    met: bool,
    requirements: Vec<Requirement<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_people: Option<UniquePeople>,
}

#[derive(Serialize)]
struct UniquePeople {
    needed: u32,
    assigned: u32,
}

#[derive(Serialize)]
struct Requirement<'a> {
    text: &'a str,
    met: bool,
    actual: String,
    required: String,
    people: Vec<&'a str>,
    unit: &'static str,
    shortfall: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    of_which: Option<OfWhich<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_counted: Vec<NotCountedJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    window: Option<WindowJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<Vec<Record<'a>>>,
    /// Records `via` left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    excluded_records: Option<Vec<Record<'a>>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    developing_threshold: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_record_outside_window: Option<String>,
}

#[derive(Serialize)]
struct OfWhich<'a> {
    text: &'a str,
    actual: String,
    required: String,
    people: Vec<&'a str>,
}

#[derive(Serialize)]
struct NotCountedJson<'a> {
    person: &'a str,
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct WindowJson {
    months: u32,
    after: String,
    through: String,
}

#[derive(Serialize)]
struct Record<'a> {
    date: String,
    value: String,
    association: Option<&'a str>,
}

#[derive(Serialize)]
struct Membership<'a> {
    eligible: &'static str,
    held: &'static str,
    status: &'static str,
    valid_until: Option<String>,
    at_risk: bool,
    alert: Option<&'a str>,
    profile: Vec<ProfileEntry<'a>>,
    purchased: Option<String>,
    grace_until: Option<String>,
    attained_with: Vec<&'a str>,
    causes: Vec<CauseJson<'a>>,
}

#[derive(Serialize)]
struct ProfileEntry<'a> {
    competency: &'a str,
    level: &'static str,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum CauseJson<'a> {
    Left {
        person: &'a str,
        on: String,
        text: String,
    },
    Expired {
        person: &'a str,
        code: &'a str,
        on: String,
        text: String,
    },
    ShortOf {
        competency: &'a str,
        level: &'static str,
        path: &'a str,
        requirement: &'a str,
        actual: String,
        required: String,
        shortfall: String,
        text: String,
    },
}

#[derive(Serialize)]
struct Outlook<'a> {
    until: String,
    levels: Vec<LapseJson<'a>>,
}

#[derive(Serialize)]
struct LapseJson<'a> {
    competency: &'a str,
    level: &'static str,
    lapses_on: Option<String>,
    why: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    summary: &'a str,
    details: &'a [String],
}

#[derive(Serialize)]
struct Person<'a> {
    id: &'a str,
    name: Option<&'a str>,
    counts: bool,
    reasons: Vec<String>,
    expired: Vec<ExpiredJson<'a>>,
}

#[derive(Serialize)]
struct ExpiredJson<'a> {
    code: &'a str,
    on: String,
}

fn level_name(level: Option<Level>) -> &'static str {
    level.map_or("none", Level::keyword)
}

impl<'a> From<&'a OrgOutcome> for Org<'a> {
    fn from(o: &'a OrgOutcome) -> Self {
        Org {
            org: &o.org,
            as_of: o.as_of.to_string(),
            name: o.name.as_deref(),
            market: o.market.keyword(),
            competencies: o.competencies.iter().map(competency).collect(),
            membership: membership(o),
            outlook: Outlook {
                until: o.outlook_until.to_string(),
                levels: o
                    .outlook
                    .iter()
                    .map(|l| LapseJson {
                        competency: &l.competency,
                        level: l.level.keyword(),
                        lapses_on: l.on.map(|d| d.to_string()),
                        why: l
                            .why
                            .iter()
                            .map(|c| ChangeJson {
                                summary: &c.summary,
                                details: &c.details,
                            })
                            .collect(),
                    })
                    .collect(),
            },
            people: o
                .people
                .iter()
                .map(|p| Person {
                    id: &p.id,
                    name: p.name.as_deref(),
                    counts: p.standing.is_empty(),
                    reasons: p.standing.iter().map(ToString::to_string).collect(),
                    expired: p
                        .expired
                        .iter()
                        .map(|(code, on)| ExpiredJson {
                            code,
                            on: on.to_string(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

fn competency(c: &CompetencyOutcome) -> Competency<'_> {
    let level = |l: Level| c.levels.iter().find(|o| o.level == l).map(level);
    Competency {
        id: &c.id,
        title: &c.title,
        silver: level(Level::Silver),
        gold: level(Level::Gold),
    }
}

fn level(l: &LevelOutcome) -> LevelJson<'_> {
    LevelJson {
        met: l.met,
        met_by: l.met_by.as_ref().map(|m| match m {
            MetBy::Path(id) => id.as_str(),
            MetBy::Override => "override",
        }),
        paths: l.paths.iter().map(path).collect(),
        override_note: l.override_note.as_ref().map(|o| Override {
            until: o.until.to_string(),
            reason: &o.reason,
            active: o.active,
        }),
        benefits: if l.met {
            l.benefits.iter().map(String::as_str).collect()
        } else {
            Vec::new()
        },
    }
}

fn path(p: &PathOutcome) -> Path<'_> {
    Path {
        id: &p.id,
        title: p.title.as_deref(),
        met: p.met,
        requirements: p.requirements.iter().map(requirement).collect(),
        unique_people: p.unique_people.map(|d| UniquePeople {
            needed: d.needed,
            assigned: d.assigned,
        }),
    }
}

fn requirement(r: &RequirementOutcome) -> Requirement<'_> {
    let mut out = Requirement {
        text: &r.text,
        met: r.met,
        actual: r.actual.to_string(),
        required: r.required.to_string(),
        people: Vec::new(),
        unit: r.unit.keyword(),
        shortfall: r.shortfall().to_string(),
        of_which: None,
        not_counted: Vec::new(),
        window: None,
        records: None,
        excluded_records: None,
        developing_threshold: false,
        latest_record_outside_window: None,
    };
    match &r.detail {
        Detail::Skill(s) => {
            out.people = s.counted.iter().map(String::as_str).collect();
            out.of_which = s.of_which.as_ref().map(|o| OfWhich {
                text: &o.text,
                actual: o.actual.to_string(),
                required: o.required.to_string(),
                people: o.people.iter().map(String::as_str).collect(),
            });
            out.not_counted = s
                .not_counted
                .iter()
                .map(|n| NotCountedJson {
                    person: &n.person,
                    reasons: n.reasons.iter().map(ToString::to_string).collect(),
                })
                .collect();
        }
        Detail::Performance(p) => {
            out.window = p.window.map(|w| WindowJson {
                months: w.months,
                after: w.after.to_string(),
                through: w.through.to_string(),
            });
            out.records = Some(p.records.iter().map(record).collect());
            if !p.excluded.is_empty() {
                out.excluded_records = Some(p.excluded.iter().map(record).collect());
            }
            out.developing_threshold = p.developing;
            out.latest_record_outside_window = p.stale.map(|d| d.to_string());
        }
    }
    out
}

fn membership(o: &OrgOutcome) -> Membership<'_> {
    let m = &o.membership;
    Membership {
        eligible: level_name(m.eligible),
        held: level_name(m.held),
        status: m.status.keyword(),
        valid_until: m.valid_until.map(|d| d.to_string()),
        at_risk: m.at_risk,
        alert: m.alert.as_deref(),
        profile: m
            .profile
            .iter()
            .map(|(c, l)| ProfileEntry {
                competency: c,
                level: l.keyword(),
            })
            .collect(),
        purchased: m.purchased.map(|d| d.to_string()),
        grace_until: m.grace_until.map(|d| d.to_string()),
        attained_with: m.attained_with.iter().map(String::as_str).collect(),
        causes: m.causes.iter().map(|c| cause(o, c)).collect(),
    }
}

fn cause<'a>(o: &'a OrgOutcome, c: &'a Cause) -> CauseJson<'a> {
    let text = super::cause_text(o, c);
    match c {
        Cause::Left { person, on } => CauseJson::Left {
            person,
            on: on.to_string(),
            text,
        },
        Cause::Expired { person, code, on } => CauseJson::Expired {
            person,
            code,
            on: on.to_string(),
            text,
        },
        Cause::ShortOf {
            competency,
            level,
            path,
            requirement,
            actual,
            required,
            ..
        } => CauseJson::ShortOf {
            competency,
            level: level.keyword(),
            path,
            requirement,
            actual: actual.to_string(),
            required: required.to_string(),
            shortfall: (required - actual)
                .max(rust_decimal::Decimal::ZERO)
                .to_string(),
            text,
        },
    }
}

fn record(r: &RecordRef) -> Record<'_> {
    Record {
        date: r.date.to_string(),
        value: r.value.to_string(),
        association: r.association.as_deref(),
    }
}
