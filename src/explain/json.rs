//! Outcome → one JSON object per organization, on one line. Key order is
//! fixed (struct order); amounts are exact decimal strings.
//!
//! The views below borrow from the outcome and serialize lists lazily, and
//! decimals and dates through `Display` (hand-written `Serialize`: the derive
//! cannot do either): a batch writes a great deal of JSON, and building an
//! intermediate copy of it cost as much as writing it.

use std::fmt::Display;

use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

use crate::outcome::*;
use crate::vocabulary::Level;

pub fn to_json(outcome: &OrgOutcome) -> String {
    let mut out = Vec::with_capacity(16 * 1024);
    let mut serializer = serde_json::Serializer::new(&mut out);
    Org(outcome)
        .serialize(&mut serializer)
        .expect("an outcome serializes: only strings, numbers and lists");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A value written as its `Display` text: `"2026-11-23"`, `"12000.50"`.
struct Text<T>(T);

impl<T: Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A list written item by item, each through `view`.
struct List<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for List<'a, T, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
}

fn level_name(level: Option<Level>) -> &'static str {
    level.map_or("none", Level::keyword)
}

fn text<T: Display>(value: &T) -> Text<&T> {
    Text(value)
}

struct Org<'a>(&'a OrgOutcome);

impl Serialize for Org<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut m = s.serialize_struct("Org", 8)?;
        m.serialize_field("org", &o.org)?;
        m.serialize_field("as_of", &text(&o.as_of))?;
        m.serialize_field("name", &o.name)?;
        m.serialize_field("market", o.market.keyword())?;
        m.serialize_field("competencies", &List(&o.competencies, Competency))?;
        m.serialize_field("membership", &Membership(o))?;
        m.serialize_field("outlook", &Outlook(o))?;
        m.serialize_field("people", &List(&o.people, Person))?;
        m.end()
    }
}

struct Competency<'a>(&'a CompetencyOutcome);

impl Serialize for Competency<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let level = |l: Level| c.levels.iter().find(|o| o.level == l);
        let mut m = s.serialize_struct("Competency", 4)?;
        m.serialize_field("id", &c.id)?;
        m.serialize_field("title", &c.title)?;
        // A level the competency does not define is absent.
        if let Some(l) = level(Level::Silver) {
            m.serialize_field("silver", &LevelJson(l))?;
        }
        if let Some(l) = level(Level::Gold) {
            m.serialize_field("gold", &LevelJson(l))?;
        }
        m.end()
    }
}

struct LevelJson<'a>(&'a LevelOutcome);

impl Serialize for LevelJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        let met_by = l.met_by.as_ref().map(|m| match m {
            MetBy::Path(id) => id.as_str(),
            MetBy::Override => "override",
        });
        let no_benefits: &[String] = &[];
        let mut m = s.serialize_struct("Level", 5)?;
        m.serialize_field("met", &l.met)?;
        m.serialize_field("met_by", &met_by)?;
        m.serialize_field("paths", &List(&l.paths, PathJson))?;
        m.serialize_field("override", &l.override_note.as_ref().map(OverrideJson))?;
        // Benefits are granted only when the level is met.
        m.serialize_field(
            "benefits",
            if l.met { &l.benefits[..] } else { no_benefits },
        )?;
        m.end()
    }
}

struct OverrideJson<'a>(&'a OverrideNote);

impl Serialize for OverrideJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Override", 3)?;
        m.serialize_field("until", &text(&self.0.until))?;
        m.serialize_field("reason", &self.0.reason)?;
        m.serialize_field("active", &self.0.active)?;
        m.end()
    }
}

struct PathJson<'a>(&'a PathOutcome);

impl Serialize for PathJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_struct("Path", 5)?;
        m.serialize_field("id", &p.id)?;
        m.serialize_field("title", &p.title)?;
        m.serialize_field("met", &p.met)?;
        m.serialize_field("requirements", &List(&p.requirements, RequirementJson))?;
        if let Some(d) = p.unique_people {
            m.serialize_field("unique_people", &Distinct(d))?;
        }
        m.end()
    }
}

struct Distinct(crate::outcome::Distinct);

impl Serialize for Distinct {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("UniquePeople", 2)?;
        m.serialize_field("needed", &self.0.needed)?;
        m.serialize_field("assigned", &self.0.assigned)?;
        m.end()
    }
}

struct RequirementJson<'a>(&'a RequirementOutcome);

impl Serialize for RequirementJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let no_people: &[String] = &[];
        let people = match &r.detail {
            Detail::Skill(d) => &d.counted[..],
            Detail::Performance(_) => no_people,
        };
        let mut m = s.serialize_struct("Requirement", 13)?;
        m.serialize_field("text", r.text.json())?;
        m.serialize_field("met", &r.met)?;
        m.serialize_field("actual", &text(&r.actual))?;
        m.serialize_field("required", &text(&r.required))?;
        m.serialize_field("people", people)?;
        m.serialize_field("unit", r.unit.keyword())?;
        m.serialize_field("shortfall", &text(&r.shortfall()))?;
        match &r.detail {
            Detail::Skill(d) => {
                if let Some(o) = &d.of_which {
                    m.serialize_field("of_which", &OfWhich(o))?;
                }
                if !d.not_counted.is_empty() {
                    m.serialize_field("not_counted", &List(&d.not_counted, NotCountedJson))?;
                }
            }
            Detail::Performance(p) => {
                if let Some(w) = &p.window {
                    m.serialize_field("window", &WindowJson(w))?;
                }
                m.serialize_field("records", &List(&p.records, Record))?;
                if !p.excluded.is_empty() {
                    m.serialize_field("excluded_records", &List(&p.excluded, Record))?;
                }
                if p.developing {
                    m.serialize_field("developing_threshold", &true)?;
                }
                if let Some(stale) = &p.stale {
                    m.serialize_field("latest_record_outside_window", &text(stale))?;
                }
            }
        }
        m.end()
    }
}

struct OfWhich<'a>(&'a OfWhichOutcome);

impl Serialize for OfWhich<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let mut m = s.serialize_struct("OfWhich", 4)?;
        m.serialize_field("text", o.text.json())?;
        m.serialize_field("actual", &text(&o.actual))?;
        m.serialize_field("required", &text(&o.required))?;
        m.serialize_field("people", &o.people)?;
        m.end()
    }
}

struct NotCountedJson<'a>(&'a NotCounted);

impl Serialize for NotCountedJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("NotCounted", 2)?;
        m.serialize_field("person", &self.0.person)?;
        m.serialize_field("reasons", &List(&self.0.reasons, Text))?;
        m.end()
    }
}

struct WindowJson<'a>(&'a Window);

impl Serialize for WindowJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Window", 3)?;
        m.serialize_field("months", &self.0.months)?;
        m.serialize_field("after", &text(&self.0.after))?;
        m.serialize_field("through", &text(&self.0.through))?;
        m.end()
    }
}

struct Record<'a>(&'a RecordRef);

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Record", 3)?;
        m.serialize_field("date", &text(&self.0.date))?;
        m.serialize_field("value", &text(&self.0.value))?;
        m.serialize_field("association", &self.0.association)?;
        m.end()
    }
}

struct Membership<'a>(&'a OrgOutcome);

impl Serialize for Membership<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        let ms = &o.membership;
        let mut m = s.serialize_struct("Membership", 11)?;
        m.serialize_field("eligible", level_name(ms.eligible))?;
        m.serialize_field("held", level_name(ms.held))?;
        m.serialize_field("status", ms.status.keyword())?;
        m.serialize_field("valid_until", &ms.valid_until.as_ref().map(text))?;
        m.serialize_field("at_risk", &ms.at_risk)?;
        m.serialize_field("alert", &ms.alert)?;
        m.serialize_field("profile", &List(&ms.profile, |(c, l)| ProfileEntry(c, *l)))?;
        m.serialize_field("purchased", &ms.purchased.as_ref().map(text))?;
        m.serialize_field("grace_until", &ms.grace_until.as_ref().map(text))?;
        m.serialize_field("attained_with", &ms.attained_with)?;
        let causes: Vec<CauseJson> = ms.causes.iter().map(|c| cause(o, c)).collect();
        m.serialize_field("causes", &causes)?;
        m.end()
    }
}

struct ProfileEntry<'a>(&'a str, Level);

impl Serialize for ProfileEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("ProfileEntry", 2)?;
        m.serialize_field("competency", self.0)?;
        m.serialize_field("level", self.1.keyword())?;
        m.end()
    }
}

/// Causes of renewal risk: rare, so written with the derive.
#[derive(serde::Serialize)]
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

struct Outlook<'a>(&'a OrgOutcome);

impl Serialize for Outlook<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Outlook", 2)?;
        m.serialize_field("until", &text(&self.0.outlook_until))?;
        m.serialize_field("levels", &List(&self.0.outlook, LapseJson))?;
        m.end()
    }
}

struct LapseJson<'a>(&'a Lapse);

impl Serialize for LapseJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        let mut m = s.serialize_struct("Lapse", 4)?;
        m.serialize_field("competency", &l.competency)?;
        m.serialize_field("level", l.level.keyword())?;
        m.serialize_field("lapses_on", &l.on.as_ref().map(text))?;
        m.serialize_field("why", &List(&l.why, ChangeJson))?;
        m.end()
    }
}

struct ChangeJson<'a>(&'a Change);

impl Serialize for ChangeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Change", 2)?;
        m.serialize_field("summary", &self.0.summary)?;
        m.serialize_field("details", &self.0.details)?;
        m.end()
    }
}

struct Person<'a>(&'a PersonOutcome);

impl Serialize for Person<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_struct("Person", 5)?;
        m.serialize_field("id", &p.id)?;
        m.serialize_field("name", &p.name)?;
        m.serialize_field("counts", &p.standing.is_empty())?;
        m.serialize_field("reasons", &List(&p.standing, Text))?;
        m.serialize_field("expired", &List(&p.expired, |(code, on)| Expired(code, on)))?;
        m.end()
    }
}

struct Expired<'a>(&'a str, &'a chrono::NaiveDate);

impl Serialize for Expired<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Expired", 2)?;
        m.serialize_field("code", self.0)?;
        m.serialize_field("on", &text(self.1))?;
        m.end()
    }
}
