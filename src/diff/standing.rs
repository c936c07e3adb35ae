//! An outcome as the rule-change tools compare it: the verdict, and for each
//! level every path with its requirements' numbers — enough to say which
//! requirement flipped a level, and by how much, without the rest of the why.
//!
//! Built from an outcome, or read back from the JSON of an approved snapshot
//! (`rules test` has no old rule set, only what was approved). Only the JSON
//! fields the contract guarantees are read (language.md §4: `met`, `met_by`,
//! `paths`, `requirements` with `text`, `met`, `actual`, `required`; the
//! membership's `eligible`, `held`, `status`, `at_risk`, `profile`); the
//! others are optional here.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::outcome::{Detail, Distinct, MetBy, OrgOutcome, Status, Unit};
use crate::verdict::Verdict;
use crate::vocabulary::Level;

#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    pub verdict: Verdict,
    pub name: Option<String>,
    /// Every level of every competency, in rule-set order.
    pub levels: Vec<LevelStanding>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LevelStanding {
    pub competency: String,
    pub title: String,
    pub level: Level,
    pub met_by: Option<MetBy>,
    pub paths: Vec<PathStanding>,
    /// An override written for this organization and level: until when
    /// (exclusive), and whether it applies at the evaluation date.
    pub override_until: Option<(NaiveDate, bool)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PathStanding {
    pub id: String,
    pub met: bool,
    pub requirements: Vec<Numbers>,
    /// For `unique people` paths: distinct people needed and found.
    pub distinct: Option<Distinct>,
}

/// A requirement's text and what it found against what it asks.
#[derive(Clone, Debug, PartialEq)]
pub struct Numbers {
    pub text: String,
    pub met: bool,
    pub actual: Decimal,
    pub required: Decimal,
    pub unit: Unit,
    /// `of which K ...`: its text, and people found against people asked.
    pub of_which: Option<(String, u32, u32)>,
}

impl LevelStanding {
    pub fn path(&self, id: &str) -> Option<&PathStanding> {
        self.paths.iter().find(|p| p.id == id)
    }
}

impl Standing {
    pub fn org(&self) -> &str {
        &self.verdict.org
    }

    pub fn level(&self, competency: &str, level: Level) -> Option<&LevelStanding> {
        self.levels
            .iter()
            .find(|l| l.competency == competency && l.level == level)
    }

    /// Reads an organization's standing back from its JSON explanation;
    /// `None` when the JSON lacks what the contract says it carries.
    pub fn from_json(json: &Value) -> Option<Standing> {
        // (Designations are read by `designations_from_json`, below.)
        let org = json.get("org")?.as_str()?.to_string();
        let name = json.get("name").and_then(Value::as_str).map(str::to_string);
        let mut levels = Vec::new();
        for competency in json.get("competencies")?.as_array()? {
            let id = competency.get("id")?.as_str()?;
            let title = competency
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or(id);
            for level in Level::ALL {
                if let Some(l) = competency.get(level.keyword()) {
                    levels.push(level_from_json(id, title, level, l)?);
                }
            }
        }
        let m = json.get("membership")?;
        let level_of = |v: &Value| -> Option<Option<Level>> { level_keyword(v.as_str()?) };
        let profile = m
            .get("profile")?
            .as_array()?
            .iter()
            .map(|p| {
                let competency = p.get("competency")?.as_str()?.to_string();
                Some((competency, level_keyword(p.get("level")?.as_str()?)??))
            })
            .collect::<Option<Vec<_>>>()?;
        let verdict = Verdict {
            org,
            levels: levels
                .iter()
                .map(|l| {
                    (
                        l.competency.clone(),
                        l.title.clone(),
                        l.level,
                        l.met_by.clone(),
                    )
                })
                .collect(),
            eligible: level_of(m.get("eligible")?)?,
            held: level_of(m.get("held")?)?,
            status: status_keyword(m.get("status")?.as_str()?)?,
            at_risk: m.get("at_risk")?.as_bool()?,
            profile,
            designations: designations_from_json(json)?,
        };
        Some(Standing {
            verdict,
            name,
            levels,
        })
    }
}

impl From<&OrgOutcome> for Standing {
    fn from(o: &OrgOutcome) -> Self {
        let levels =
            o.competencies
                .iter()
                .flat_map(|c| {
                    c.levels.iter().map(move |l| LevelStanding {
                        competency: c.id.clone(),
                        title: c.title.clone(),
                        level: l.level,
                        met_by: l.met_by.clone(),
                        paths: l
                            .paths
                            .iter()
                            .map(|p| PathStanding {
                                id: p.id.clone(),
                                met: p.met,
                                requirements: p
                                    .requirements
                                    .iter()
                                    .map(|r| Numbers {
                                        text: r.text.to_string(),
                                        met: r.met,
                                        actual: r.actual,
                                        required: r.required,
                                        unit: r.unit,
                                        of_which: match &r.detail {
                                            Detail::Skill(s) => s.of_which.as_ref().map(|w| {
                                                (w.text.to_string(), w.actual, w.required)
                                            }),
                                            Detail::Performance(_)
                                            | Detail::Attested(_)
                                            | Detail::Requires(_)
                                            | Detail::Entities(_)
                                            | Detail::Growth(_) => None,
                                        },
                                    })
                                    .collect(),
                                distinct: p.unique_people,
                            })
                            .collect(),
                        override_until: l.override_note.as_ref().map(|n| (n.until, n.active)),
                    })
                })
                .collect();
        Standing {
            verdict: Verdict::from(o),
            name: o.name.clone(),
            levels,
        }
    }
}

fn level_from_json(id: &str, title: &str, level: Level, l: &Value) -> Option<LevelStanding> {
    let met_by = match l.get("met_by")? {
        Value::Null => None,
        Value::String(s) if s == "override" => Some(MetBy::Override),
        Value::String(s) if s == "score" => Some(MetBy::Score),
        Value::String(s) => Some(MetBy::Path(s.clone())),
        _ => return None,
    };
    let paths = l
        .get("paths")?
        .as_array()?
        .iter()
        .map(path_from_json)
        .collect::<Option<Vec<_>>>()?;
    let override_until = l.get("override").and_then(|o| {
        let until = NaiveDate::from_str(o.get("until")?.as_str()?).ok()?;
        Some((until, o.get("active")?.as_bool()?))
    });
    Some(LevelStanding {
        competency: id.to_string(),
        title: title.to_string(),
        level,
        met_by,
        paths,
        override_until,
    })
}

fn path_from_json(p: &Value) -> Option<PathStanding> {
    let requirements = p
        .get("requirements")?
        .as_array()?
        .iter()
        .map(|r| {
            let text = r.get("text")?.as_str()?.to_string();
            let unit = r
                .get("unit")
                .and_then(Value::as_str)
                .and_then(unit_keyword)
                .unwrap_or_else(|| unit_of_text(&text));
            let of_which = r.get("of_which").and_then(|w| {
                Some((
                    w.get("text")?.as_str()?.to_string(),
                    count(w.get("actual")?)?,
                    count(w.get("required")?)?,
                ))
            });
            Some(Numbers {
                met: r.get("met")?.as_bool()?,
                actual: decimal(r.get("actual")?)?,
                required: decimal(r.get("required")?)?,
                text,
                unit,
                of_which,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let distinct = p.get("unique_people").and_then(|u| {
        Some(Distinct {
            needed: count(u.get("needed")?)?,
            assigned: count(u.get("assigned")?)?,
        })
    });
    Some(PathStanding {
        id: p.get("id")?.as_str()?.to_string(),
        met: p.get("met")?.as_bool()?,
        requirements,
        distinct,
    })
}

/// Amounts are exact decimal strings; a plain number is read as written.
fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => Decimal::from_str(s).ok(),
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

fn count(v: &Value) -> Option<u32> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        _ => None,
    }
}

/// `gold`, `silver`, or `none` (no level).
fn level_keyword(word: &str) -> Option<Option<Level>> {
    match word {
        "none" => Some(None),
        _ => Level::ALL
            .into_iter()
            .find(|l| l.keyword() == word)
            .map(Some),
    }
}

fn status_keyword(word: &str) -> Option<Status> {
    [Status::None, Status::Active, Status::Grace, Status::Expired]
        .into_iter()
        .find(|s| s.keyword() == word)
}

fn unit_keyword(word: &str) -> Option<Unit> {
    [
        Unit::Dollars,
        Unit::Customers,
        Unit::Seats,
        Unit::ActiveUsers,
        Unit::People,
    ]
    .into_iter()
    .find(|u| u.keyword() == word)
}

/// Without a `unit` field: revenue is money, anything else a count.
fn unit_of_text(text: &str) -> Unit {
    if text.starts_with("revenue ") {
        Unit::Dollars
    } else {
        Unit::People
    }
}

/// The `designations` list of an explanation (absent when the rules have
/// none): each id, title and whether it is met.
fn designations_from_json(json: &Value) -> Option<Vec<(String, String, bool)>> {
    let Some(list) = json.get("designations") else {
        return Some(Vec::new());
    };
    list.as_array()?
        .iter()
        .map(|d| {
            let id = d.get("id")?.as_str()?.to_string();
            let title = d
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_string();
            Some((id, title, d.get("met")?.as_bool()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_the_contract_guarantees() {
        let json: Value = serde_json::from_str(
            r#"{"org":"contoso","as_of":"2026-11-23",
                "competencies":[{"id":"cloud_platform",
                  "silver":{"met":true,"met_by":"consumption","paths":[{"id":"consumption","met":true,
                     "requirements":[{"text":"revenue azure >= $15,000 over 12 months","met":true,"actual":"20000.00","required":"15000"}]}]},
                  "gold":{"met":false,"met_by":null,"paths":[]}}],
                "membership":{"eligible":"silver","held":"none","status":"none","valid_until":null,
                  "at_risk":false,"alert":null,"profile":[{"competency":"cloud_platform","level":"silver"}]}}"#,
        )
        .unwrap();
        let s = Standing::from_json(&json).expect("reads");
        assert_eq!(s.org(), "contoso");
        let silver = s.level("cloud_platform", Level::Silver).unwrap();
        assert_eq!(silver.met_by, Some(MetBy::Path("consumption".into())));
        let r = &silver.paths[0].requirements[0];
        assert_eq!(r.unit, Unit::Dollars);
        assert_eq!(r.actual, Decimal::from_str("20000.00").unwrap());
        assert_eq!(s.verdict.eligible, Some(Level::Silver));
        assert_eq!(s.verdict.held, None);
        assert_eq!(
            s.verdict.profile,
            [("cloud_platform".to_string(), Level::Silver)]
        );
        assert!(Standing::from_json(&serde_json::json!({"org": "x"})).is_none());
    }
}
