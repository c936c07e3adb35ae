//! Generated rule sets and organizations, for the property tests
//! (`tests/properties.rs`) and the differential tests against the reference
//! evaluator (`tests/differential.rs`).
//!
//! Rule files are written as text and fact files as RON, so the parsers are
//! exercised too. They cover the language: every metric, windows, `via`,
//! developing thresholds, `and`/`or`/parentheses/`in all`, `of which`,
//! `unique people`, settings, overrides, comments. Facts are dated around
//! an *anchor* date, and lean toward the dates where meaning changes: a
//! window's first and last day, month ends, a subscription's last day, an
//! achievement passed or expiring on the evaluation date, an association
//! wait ending at midnight. Organizations stay small (the reference tries
//! every assignment of people).

#![allow(dead_code)]

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;

use rules::facts::tokens::Format;
use rules::facts::{Organization, parse_organization};
use rules::ruleset::RuleSet;
use rules::source::SourceFile;

// ------------------------------------------------------------ rule files

pub const CODES: [&str; 4] = ["70-532", "70-533", "PSM I", "Azure IaaS"];

/// `certified in ["70-532"]`, `assessed in all ["70-532", "PSM I"]`, ...
pub fn term() -> impl Strategy<Value = String> {
    (
        select(vec!["certified", "certified", "assessed"]),
        proptest::bool::weighted(0.25),
        proptest::sample::subsequence(CODES.to_vec(), 1..=3),
    )
        .prop_map(|(class, all, codes)| {
            let codes: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
            let all = if all { "all " } else { "" };
            format!("{class} in {all}[{}]", codes.join(", "))
        })
}

/// Terms joined by `and` and `or`, with parentheses, two levels deep at
/// most; one term alone as often as not, so that people meet them.
pub fn qualification() -> impl Strategy<Value = String> {
    let joined = term().prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..=3).prop_map(|q| q.join(" and ")),
            proptest::collection::vec(inner.clone(), 2..=3).prop_map(|q| q.join(" or ")),
            inner.prop_map(|q| format!("({q})")),
        ]
    });
    prop_oneof![term(), joined]
}

pub fn skill() -> impl Strategy<Value = String> {
    (
        prop_oneof![2 => Just(1u32), 1 => 2u32..=3],
        qualification(),
        proptest::option::of((1u32..=3, qualification())),
    )
        .prop_map(|(count, q, of_which)| {
            let word = if count == 1 { "person" } else { "people" };
            let of_which = match of_which {
                Some((k, q2)) => format!(" of which {} {q2}", k.min(count)),
                None => String::new(),
            };
            format!("{count} {word} {q}{of_which}")
        })
}

/// A threshold: anywhere up to 20,000, or small enough that generated
/// records add up to it exactly now and then.
fn threshold() -> impl Strategy<Value = u32> {
    prop_oneof![3 => 1u32..=20_000, 1 => 1u32..=30]
}

/// What a performance requirement measures: one workload, the workload set
/// `suite` (every rule file defines it), or workloads listed inline, some
/// weighted.
pub fn workload() -> impl Strategy<Value = &'static str> {
    select(vec![
        "azure",
        "azure",
        "\"office 365\"",
        "suite",
        "[azure, \"office 365\"]",
        "[azure * 2, \"office 365\" * 0.5]",
        "[\"office 365\" * 1.25]",
    ])
}

/// `where offer in [...]` / `where offer not in [...]`, or none.
pub fn offer_filter() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just(""),
        1 => Just(" where offer not in [trial, free]"),
        1 => Just(" where offer in [paid]"),
    ]
}

pub fn performance() -> impl Strategy<Value = String> {
    (
        (
            select(vec!["revenue", "customers", "seats", "usage", "devices"]),
            workload(),
            offer_filter(),
        ),
        proptest::option::of(proptest::sample::subsequence(vec!["dpor", "tpor"], 1..=2)),
        threshold(),
        proptest::option::of((threshold(), proptest::bool::weighted(0.3))),
        proptest::option::of(months()),
        any::<bool>(),
    )
        .prop_map(
            |((metric, workload, offer), via, threshold, developing, window, usd)| {
                let amount = |n: u32| match (metric, usd) {
                    ("revenue", true) => format!("{n} USD"),
                    ("revenue", false) if n % 7 == 0 && n >= 1000 => {
                        format!("${},{:03}.50", n / 1000, n % 1000)
                    }
                    ("revenue", false) if n % 7 == 0 => format!("${n}.50"),
                    ("revenue", false) => format!("${n}"),
                    _ => n.to_string(),
                };
                let via = via.map_or(String::new(), |v| format!(" via [{}]", v.join(", ")));
                let developing = developing.map_or(String::new(), |(d, by_customer)| {
                    let by = if by_customer { " by customer" } else { "" };
                    format!(" (developing {}{by})", amount(d))
                });
                let window = window.map_or(String::new(), |m| {
                    format!(" over {m} {}", if m == 1 { "month" } else { "months" })
                });
                format!(
                    "{metric} {workload}{via}{offer} >= {}{developing}{window}",
                    amount(threshold)
                )
            },
        )
}

/// `attested in [...]`, of one code or of several, with a count or not.
pub fn attested() -> impl Strategy<Value = String> {
    (
        proptest::option::of(1u32..=3),
        select(vec![
            "[\"customer reference\"]",
            "[\"customer reference\", \"audit\"]",
        ]),
    )
        .prop_map(|(count, codes)| match count {
            Some(n) => format!("{n} attested in {codes}"),
            None => format!("attested in {codes}"),
        })
}

/// A number of months for a window: up to two years, often the usual ones
/// (so that records fall on the first day of a window now and then).
pub fn months() -> impl Strategy<Value = u32> {
    prop_oneof![1u32..=24, select(vec![1u32, 3, 12])]
}

pub fn requirement() -> impl Strategy<Value = String> {
    prop_oneof![6 => skill(), 4 => performance(), 1 => attested()]
}

/// A path's text but for its id (`p0`, `p1`, ... given by its level);
/// `#` comments at the end of some lines.
pub fn path() -> impl Strategy<Value = String> {
    (
        proptest::option::of(select(vec!["Skills", "Consumption \"plus\""])),
        any::<bool>(),
        proptest::collection::vec((requirement(), any::<bool>()), 1..=3),
        proptest::bool::weighted(0.15),
    )
        .prop_map(move |(title, unique, requirements, requires)| {
            let title = title.map_or(String::new(), |t| {
                format!(" \"{}\"", t.replace('"', "\\\""))
            });
            let mut body = String::new();
            if unique {
                body.push_str("unique people\n");
            }
            if requires {
                // Replaced by `requires c0 silver` outside the first competency
                // (see `CompetencyText::text`), dropped in it.
                body.push_str("@requires\n");
            }
            for (r, comment) in requirements {
                body.push_str(&r);
                if comment {
                    body.push_str("  # why");
                }
                body.push('\n');
            }
            format!("{title} {{\n{body}}}\n")
        })
}

pub fn level(name: &'static str) -> impl Strategy<Value = String> {
    (proptest::collection::vec(path(), 1..=2), any::<bool>()).prop_map(move |(paths, benefits)| {
        let paths: String = paths
            .iter()
            .enumerate()
            .map(|(i, p)| format!("path p{i}{p}"))
            .collect();
        let benefits = if benefits {
            "benefits [\"5 support incidents\", \"Action Pack\"]\n"
        } else {
            ""
        };
        format!("{name} {{\n{paths}{benefits}}}\n")
    })
}

/// A competency's levels: silver, gold, or both; perhaps a score beside
/// them or instead of them.
#[derive(Clone, Debug)]
pub struct CompetencyText {
    silver: String,
    gold: Option<String>,
    without_silver: bool,
    score: Option<CompetencyScore>,
}

/// A competency's score: its bands decided by which levels the competency
/// writes blocks for (see [`CompetencyText::text`]).
#[derive(Clone, Debug)]
pub struct CompetencyScore {
    score: ScoreText,
    /// No `silver`/`gold` blocks: the bands alone make the levels (a
    /// block with benefits only, now and then).
    alone: bool,
    /// Which bands, where the blocks leave a choice: 0 silver, 1 silver
    /// and gold, 2 gold.
    bands: u8,
    benefits: bool,
}

impl CompetencyText {
    /// The competency's text with id `c{id}`; the first always has silver,
    /// for the override to name.
    fn text(&self, id: usize) -> String {
        let mut silver = if self.without_silver && id > 0 && self.gold.is_some() {
            ""
        } else {
            self.silver.as_str()
        };
        let mut gold = self.gold.clone().unwrap_or_default();
        let mut score = String::new();
        if let Some(s) = &self.score {
            if s.alone {
                silver = if s.benefits {
                    "silver {\nbenefits [\"Action Pack\"]\n}\n"
                } else {
                    ""
                };
                gold = String::new();
            }
            // A level of its own (a block) takes its band only beside a
            // silver band: a gold band alone is never asked to meet silver.
            let silver_level = !silver.is_empty();
            let (with_silver, with_gold) = match s.bands % 3 {
                0 => (true, false),
                1 => (true, true),
                // The first competency keeps a silver level for `requires`
                // and the override.
                _ if silver_level || id == 0 => (true, true),
                _ => (false, true),
            };
            score = s.score.text(Marks::Bands {
                silver: with_silver,
                gold: with_gold,
            });
        }
        let text = format!("competency c{id} \"Competency {id}\" {{\n{silver}{gold}{score}}}\n");
        // The first competency has silver: a later one may require it.
        let requires = if id == 0 { "" } else { "requires c0 silver\n" };
        text.replace("@requires\n", requires)
    }
}

pub fn competency() -> impl Strategy<Value = CompetencyText> {
    (
        level("silver"),
        proptest::option::of(level("gold")),
        any::<bool>(),
    )
        .prop_map(|(silver, gold, without_silver)| CompetencyText {
            silver,
            gold,
            without_silver,
            score: None,
        })
}

/// A competency that has a score two times in five.
pub fn competency_perhaps_scored() -> impl Strategy<Value = CompetencyText> {
    (
        competency(),
        proptest::option::weighted(
            0.4,
            (
                score(),
                proptest::bool::weighted(0.35),
                0u8..3,
                any::<bool>(),
            ),
        ),
    )
        .prop_map(|(mut c, score)| {
            c.score = score.map(|(score, alone, bands, benefits)| CompetencyScore {
                score,
                alone,
                bands,
                benefits,
            });
            c
        })
}

pub fn settings() -> impl Strategy<Value = String> {
    (
        select(vec!["1 hour", "24 hours", "2 days", "0 hours", "1 month"]),
        select(vec!["12 months", "1 month", "until year end", "30 days"]),
        select(vec!["0 days", "30 days", "1 day", "1 month"]),
    )
        .prop_map(|(wait, subscription, grace)| {
            format!(
                "settings {{\nassociation wait {wait}\nsubscription {subscription}\nrenewal grace {grace}\n}}\n"
            )
        })
}

/// The dates overrides run until: the anchors below and the days after them.
const OVERRIDE_UNTIL: [&str; 8] = [
    "2026-09-01",
    "2026-06-15",
    "2026-06-16",
    "2026-03-31",
    "2024-03-01",
    "2027-01-01",
    "2026-05-31",
    "2026-12-31",
];

/// Retired codes: a code passed after its retirement does not count, and
/// one passed before counts through the day it is accepted.
const RETIRED: [&str; 3] = [
    "retired \"70-533\" on 2026-03-31 accepted through 2026-06-15",
    "retired \"PSM I\" on 2025-12-31",
    "retired \"70-532\" on 2026-01-31 accepted through 2026-12-31",
];

/// A whole rule file, laid out on many lines or squeezed onto few.
pub fn rule_text() -> impl Strategy<Value = String> {
    rule_text_of(competency().boxed(), Just(None).boxed())
}

/// A whole rule file whose competencies may have scores (docs/scores.md),
/// with a designation now and then.
pub fn scored_rule_text() -> impl Strategy<Value = String> {
    rule_text_of(
        competency_perhaps_scored().boxed(),
        proptest::option::weighted(0.3, score()).boxed(),
    )
}

fn rule_text_of(
    competency: BoxedStrategy<CompetencyText>,
    designation: BoxedStrategy<Option<ScoreText>>,
) -> impl Strategy<Value = String> {
    (
        proptest::option::weighted(0.8, settings()),
        proptest::collection::vec(competency, 1..=2),
        proptest::option::of((select(OVERRIDE_UNTIL.to_vec()), select(vec!["org", "other"]))),
        select(vec!["\n", "\n\t  ", " "]),
        proptest::option::weighted(0.3, select(RETIRED.to_vec())),
        designation,
    )
        .prop_map(|(settings, competencies, override_item, newline, retired, designation)| {
            let mut text = String::from("# generated\n");
            text.push_str(&settings.unwrap_or_default());
            text.push_str("workloads suite = [azure, \"office 365\", intune]\n");
            if let Some(retired) = retired {
                text.push_str(retired);
                text.push('\n');
            }
            for (id, competency) in competencies.iter().enumerate() {
                text.push_str(&competency.text(id));
            }
            if let Some(score) = designation {
                text.push_str(&format!(
                    "designation d0 \"Designation 0\" {{\n{}}}\n",
                    score.text(Marks::Pass)
                ));
            }
            if let Some((until, org)) = override_item {
                text.push_str(&format!(
                    "override \"{org}\" c0 silver until {until} because \"exam not yet recognized\"\n"
                ));
            }
            // A line with a comment must keep its line end.
            text.lines()
                .map(|l| {
                    if l.contains('#') {
                        format!("{l}\n")
                    } else {
                        format!("{l}{newline}")
                    }
                })
                .collect()
        })
}

pub fn check(text: &str) -> RuleSet {
    rules::load::check_sources(vec![SourceFile::new("gen.rules", text)]).unwrap_or_else(|d| {
        panic!(
            "generated rules should check:\n{text}\n{}",
            d.render(rules::diagnostics::Style::PLAIN)
        )
    })
}

// ------------------------------------------------------------ dates

/// The anchor the property tests generate facts around.
pub fn today() -> NaiveDate {
    date("2026-06-15")
}

/// Anchors where windows and subscriptions meet month ends: a month that
/// follows a shorter one (2026-03-31 − 1 month = 2026-02-28), a leap day,
/// a year end.
pub const ANCHORS: [&str; 6] = [
    "2026-06-15",
    "2026-03-31",
    "2024-02-29",
    "2026-12-31",
    "2026-05-31",
    "2025-01-31",
];

pub fn anchor() -> impl Strategy<Value = NaiveDate> {
    select(ANCHORS.to_vec()).prop_map(date)
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a real date")
}

/// `offset` days from `anchor`.
pub fn plus_days(anchor: NaiveDate, offset: i64) -> NaiveDate {
    if offset >= 0 {
        anchor + Days::new(offset as u64)
    } else {
        anchor - Days::new(offset.unsigned_abs())
    }
}

/// A date relative to the anchor: `months` calendar months before it
/// (clamped to the month's end, by chrono), then `days` days on.
#[derive(Clone, Copy, Debug)]
pub struct When {
    pub months: u32,
    pub days: i64,
}

impl When {
    pub fn on(self, anchor: NaiveDate) -> NaiveDate {
        let back = anchor
            .checked_sub_months(chrono::Months::new(self.months))
            .expect("a date");
        plus_days(back, self.days)
    }
}

/// Mostly a day in `days`; sometimes a day next to the anchor or next to
/// a month boundary before it (where windows and subscriptions end).
pub fn when(days: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = When> {
    prop_oneof![
        6 => days.prop_map(|days| When { months: 0, days }),
        1 => (-1i64..=1).prop_map(|days| When { months: 0, days }),
        2 => (months(), -1i64..=1).prop_map(|(months, days)| When { months, days }),
    ]
}

// ------------------------------------------------------------ fact files

pub const KINDS: [&str; 5] = ["Revenue", "Customers", "Seats", "Usage", "Devices"];

#[derive(Clone, Debug)]
pub struct MetricFact {
    pub kind: &'static str,
    pub workload: &'static str,
    pub value: u32,
    /// Revenue only: the cents after the dollars.
    pub cents: u32,
    pub date: When,
    pub association: Option<&'static str>,
    pub offer: Option<&'static str>,
    /// The customer's market, when the record says (`tenant-a`'s).
    pub customer_market: Option<&'static str>,
}

impl MetricFact {
    pub fn ron(&self, anchor: NaiveDate) -> String {
        let value = if self.kind == "Revenue" {
            format!("{}.{:02}", self.value, self.cents)
        } else {
            self.value.to_string()
        };
        let association = self
            .association
            .map_or(String::new(), |a| format!(", association: Some(\"{a}\")"));
        let offer = self
            .offer
            .map_or(String::new(), |o| format!(", offer: Some(\"{o}\")"));
        let customer = self.customer_market.map_or(String::new(), |m| {
            format!(", customer: Some(\"tenant-a\"), customer_market: Some({m})")
        });
        format!(
            "Metric(kind: {}, workload: \"{}\", value: {value}, date: \"{}\"{association}{offer}{customer})",
            self.kind,
            self.workload,
            self.date.on(anchor)
        )
    }
}

pub fn metric() -> impl Strategy<Value = MetricFact> {
    (
        select(KINDS.to_vec()),
        select(vec!["azure", "azure", "office 365", "intune"]),
        prop_oneof![3 => 1u32..=15_000, 1 => 1u32..=10],
        select(vec![25u32, 0, 50]),
        prop_oneof![
            4 => when(-500..=10),
            // Records of the same date, summed for seats and usage.
            1 => (-3i64..=0).prop_map(|days| When { months: 0, days }),
        ],
        proptest::option::of(select(vec!["dpor", "tpor", "cpor"])),
        (
            proptest::option::weighted(0.3, select(vec!["trial", "free", "paid"])),
            proptest::option::weighted(0.3, select(vec!["Developed", "Developing"])),
        ),
    )
        .prop_map(
            |(kind, workload, value, cents, date, association, (offer, customer_market))| {
                MetricFact {
                    kind,
                    workload,
                    value,
                    cents,
                    date,
                    association,
                    offer,
                    customer_market,
                }
            },
        )
}

#[derive(Clone, Debug)]
pub struct AchievementFact {
    pub kind: &'static str,
    pub code: &'static str,
    pub passed: When,
    pub expires: Option<Expiry>,
}

/// When an achievement expires: so long after it was passed, or on a day
/// next to the anchor (if that is after it was passed).
#[derive(Clone, Copy, Debug)]
pub enum Expiry {
    After(u64),
    Near(i64),
}

impl AchievementFact {
    fn ron(&self, anchor: NaiveDate) -> String {
        let passed = self.passed.on(anchor);
        let expires = self.expires.map_or(String::new(), |e| {
            let on = match e {
                Expiry::After(days) => passed + Days::new(days),
                Expiry::Near(days) => plus_days(anchor, days).max(passed + Days::new(1)),
            };
            format!(", expires: Some(\"{on}\")")
        });
        format!(
            "Achievement(kind: {}, code: \"{}\", passed: \"{passed}\"{expires})",
            self.kind, self.code
        )
    }
}

#[derive(Clone, Debug)]
pub struct PersonFacts {
    pub id: String,
    pub name: Option<&'static str>,
    /// Associated at `hour:minute` UTC of that day.
    pub associated: (When, u32, u32),
    pub left: Option<When>,
    pub achievements: Vec<AchievementFact>,
}

impl PersonFacts {
    pub fn ron(&self, anchor: NaiveDate) -> String {
        let name = self.name.map_or(String::new(), |n| {
            format!(", name: \"{}\"", n.replace('"', "\\\""))
        });
        let left = self.left.map_or(String::new(), |l| {
            format!(", left: Some(\"{}\")", l.on(anchor))
        });
        let achievements: Vec<String> = self.achievements.iter().map(|a| a.ron(anchor)).collect();
        let (day, hour, minute) = self.associated;
        format!(
            "Person(id: \"{}\"{name}, associated: \"{}T{hour:02}:{minute:02}:00Z\"{left}, achievements: [{}])",
            self.id,
            day.on(anchor),
            achievements.join(", ")
        )
    }
}

fn achievement() -> impl Strategy<Value = AchievementFact> {
    (
        select(vec!["Exam", "Certification", "Assessment"]),
        select(CODES.to_vec()),
        when(-900..=30),
        proptest::option::weighted(
            0.4,
            prop_oneof![
                3 => (1u64..=900).prop_map(Expiry::After),
                1 => (-1i64..=1).prop_map(Expiry::Near),
            ],
        ),
    )
        .prop_map(|(kind, code, passed, expires)| AchievementFact {
            kind,
            code,
            passed,
            expires,
        })
}

/// A person, given a unique id.
pub fn person(id: String) -> impl Strategy<Value = PersonFacts> {
    (
        when(-600..=5),
        // Midnight and the hour before it, where waits of hours and days end.
        prop_oneof![0u32..24, select(vec![0u32, 23])],
        select(vec![30u32, 0]),
        proptest::option::weighted(0.3, when(-100..=300)),
        proptest::option::of(select(vec!["Alice Wong", "Zoë \"Z\" Ng"])),
        proptest::collection::vec(achievement(), 0..=6),
    )
        .prop_map(
            move |(day, hour, minute, left, name, achievements)| PersonFacts {
                id: id.clone(),
                name,
                associated: (day, hour, minute),
                left,
                achievements,
            },
        )
}

#[derive(Clone, Debug)]
pub struct OrgFacts {
    /// The day the dates are generated around.
    pub anchor: NaiveDate,
    pub id: String,
    pub market: &'static str,
    /// The level, when it was purchased, and whether it was attained with `c0`.
    pub membership: Option<(&'static str, When, Option<bool>)>,
    pub metrics: Vec<MetricFact>,
    pub people: Vec<PersonFacts>,
    /// Attestations: code, granted, and how many days after it expires.
    pub attestations: Vec<(&'static str, When, Option<u64>)>,
}

impl OrgFacts {
    pub fn ron(&self) -> String {
        let membership = self
            .membership
            .map_or(String::new(), |(level, purchased, with)| {
                let competencies = match with {
                    None => String::new(),
                    Some(true) => ", competencies: [\"c0\"]".to_string(),
                    Some(false) => ", competencies: []".to_string(),
                };
                format!(
                    ", membership: Some(Membership(level: {level}, purchased: \"{}\"{competencies}))",
                    purchased.on(self.anchor)
                )
            });
        let metrics: Vec<String> = self.metrics.iter().map(|m| m.ron(self.anchor)).collect();
        let people: Vec<String> = self.people.iter().map(|p| p.ron(self.anchor)).collect();
        let attestations: Vec<String> = self
            .attestations
            .iter()
            .map(|(code, granted, expires)| {
                let granted = granted.on(self.anchor);
                let expires = expires.map_or(String::new(), |days| {
                    format!(", expires: Some(\"{}\")", granted + Days::new(days))
                });
                format!("Attestation(code: \"{code}\", granted: \"{granted}\"{expires})")
            })
            .collect();
        format!(
            "Organization(id: \"{}\", market: {}{membership}, metrics: [{}], people: [{}], attestations: [{}])",
            self.id,
            self.market,
            metrics.join(",\n"),
            people.join(",\n"),
            attestations.join(",\n")
        )
    }

    pub fn parse(&self) -> Organization {
        parse_facts(&self.ron())
    }
}

/// One organization's RON text, read by the library's fact reader.
pub fn parse_facts(text: &str) -> Organization {
    parse_organization(&SourceFile::new("gen.ron", text), Format::Ron, false).unwrap_or_else(|e| {
        panic!(
            "generated facts should parse:\n{text}\n{}",
            rules::diagnostics::Diagnostics::from(e).render(rules::diagnostics::Style::PLAIN)
        )
    })
}

/// An organization with facts around [`today`].
pub fn organization() -> impl Strategy<Value = OrgFacts> {
    organization_at(today())
}

/// An organization with facts around `anchor`, its people `p0`, `p1`, ...
pub fn organization_at(anchor: NaiveDate) -> impl Strategy<Value = OrgFacts> {
    (
        select(vec!["Developed", "Developing"]),
        proptest::option::weighted(
            0.7,
            (
                select(vec!["Silver", "Gold"]),
                prop_oneof![
                    1 => (-800i64..=30).prop_map(|days| When { months: 0, days }),
                    // Around the last day of a subscription and of its grace.
                    2 => (select(vec![0u32, 1, 12, 13]), -40i64..=40)
                        .prop_map(|(months, days)| When { months, days }),
                ],
                proptest::option::of(any::<bool>()),
            ),
        ),
        proptest::collection::vec(metric(), 0..=6),
        proptest::collection::vec(person(String::new()), 0..=6),
        proptest::collection::vec(
            (
                select(vec!["customer reference", "audit"]),
                when(-400..=10),
                proptest::option::weighted(0.4, 1u64..=400),
            ),
            0..=3,
        ),
    )
        .prop_map(
            move |(market, membership, metrics, mut people, attestations)| {
                for (i, person) in people.iter_mut().enumerate() {
                    person.id = format!("p{i}");
                }
                OrgFacts {
                    anchor,
                    id: "org".to_string(),
                    market,
                    membership,
                    metrics,
                    people,
                    attestations,
                }
            },
        )
}

// ------------------------------------------------------------ scores

/// Points written at the start of a line: whole, half, and one that does
/// not divide evenly.
fn line_points() -> impl Strategy<Value = Decimal> {
    select(vec![
        Decimal::new(1, 0),
        Decimal::new(2, 0),
        Decimal::new(5, 0),
        Decimal::new(10, 0),
        Decimal::new(40, 0),
        Decimal::new(25, 1),
        Decimal::new(7, 0),
    ])
}

/// One line of a metric: `N points: R`, `N points all or nothing: R`, or
/// `K points per STEP: MEASURE`.
#[derive(Clone, Debug)]
pub enum LineText {
    ProRata(Decimal, String),
    AllOrNothing(Decimal, String),
    /// The points, then what follows `per`: `$1,250: revenue azure`.
    Per(Decimal, String),
}

impl LineText {
    fn points(&self) -> Decimal {
        match self {
            LineText::ProRata(p, _) | LineText::AllOrNothing(p, _) | LineText::Per(p, _) => *p,
        }
    }

    fn text(&self) -> String {
        let points = |p: &Decimal| {
            if *p == Decimal::ONE {
                "1 point".to_string()
            } else {
                format!("{} points", p.normalize())
            }
        };
        match self {
            LineText::ProRata(p, r) => format!("{}: {r}", points(p)),
            LineText::AllOrNothing(p, r) => format!("{} all or nothing: {r}", points(p)),
            LineText::Per(p, r) => format!("{} per {r}", points(p)),
        }
    }
}

/// A requirement a line or a gate measures: the kinds paths use, but
/// `requires` (scores take no `requires`).
pub fn scored_requirement() -> impl Strategy<Value = String> {
    prop_oneof![5 => skill(), 5 => performance(), 2 => attested()]
}

/// `STEP: MEASURE` of a `per` line: people, or an amount of a measure
/// without a threshold.
pub fn per_measure() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => qualification().prop_map(|q| format!("person: people {q}")),
        2 => (
            select(vec!["revenue", "revenue", "customers", "seats", "usage", "devices"]),
            workload(),
            proptest::option::of(proptest::sample::subsequence(vec!["dpor", "tpor"], 1..=2)),
            offer_filter(),
            prop_oneof![1 => 1u32..=5000, 1 => 1u32..=20],
            proptest::option::of(months()),
            any::<bool>(),
        )
            .prop_map(|(metric, workload, via, offer, step, window, usd)| {
                let step = match (metric, usd) {
                    ("revenue", true) => format!("{step} USD"),
                    ("revenue", false) => format!("${step}"),
                    _ => step.to_string(),
                };
                let via = via.map_or(String::new(), |v| format!(" via [{}]", v.join(", ")));
                let window = window.map_or(String::new(), |m| {
                    format!(" over {m} {}", if m == 1 { "month" } else { "months" })
                });
                format!("{step}: {metric} {workload}{via}{offer}{window}")
            }),
    ]
}

pub fn line() -> BoxedStrategy<LineText> {
    prop_oneof![
        5 => (line_points(), scored_requirement()).prop_map(|(p, r)| LineText::ProRata(p, r)),
        2 => (line_points(), scored_requirement()).prop_map(|(p, r)| LineText::AllOrNothing(p, r)),
        2 => (select(vec![Decimal::ONE, Decimal::new(2, 0), Decimal::new(5, 1)]), per_measure())
            .prop_map(|(p, r)| LineText::Per(p, r)),
    ]
    .boxed()
}

/// A metric: lines, perhaps gates, `best of` and a `max`; or `n/a`.
#[derive(Clone, Debug)]
pub struct MetricText {
    pub not_applicable: bool,
    pub title: bool,
    pub gates: Vec<String>,
    pub best_of: bool,
    pub lines: Vec<LineText>,
    /// `max`: none, or a share (percent) of what the lines reach, or (with
    /// a `per` line, which needs one) a multiple of it.
    pub max: Option<u32>,
}

impl MetricText {
    /// What the lines can reach together (or the best of them).
    fn reachable(&self) -> Decimal {
        let points = self.lines.iter().map(LineText::points);
        if self.best_of {
            points.max().unwrap_or_default()
        } else {
            points.sum()
        }
    }

    fn open_ended(&self) -> bool {
        self.lines.iter().any(|l| matches!(l, LineText::Per(..)))
    }

    /// The `max` written, if any: never above what the lines reach unless
    /// a `per` line makes that open-ended.
    fn written_max(&self) -> Option<Decimal> {
        if self.not_applicable {
            return None;
        }
        let reachable = self.reachable();
        if self.open_ended() {
            let times = self.max.unwrap_or(1) % 3 + 1;
            return Some(reachable * Decimal::from(times));
        }
        let share = self.max?;
        // A multiple of a half, at least a half, at most what is reachable.
        let halves = (reachable * Decimal::from(share) / Decimal::from(50)).floor();
        Some(
            (halves / Decimal::TWO)
                .max(Decimal::new(5, 1))
                .min(reachable),
        )
    }

    /// What the metric can earn.
    fn max(&self) -> Decimal {
        if self.not_applicable {
            return Decimal::ZERO;
        }
        self.written_max().unwrap_or_else(|| self.reachable())
    }

    fn text(&self, id: usize) -> String {
        let title = if self.title {
            format!(" \"Metric {id}\"")
        } else {
            String::new()
        };
        if self.not_applicable {
            return format!("metric m{id}{title} n/a\n");
        }
        let max = self
            .written_max()
            .map_or(String::new(), |m| format!(" max {}", m.normalize()));
        let mut out = format!("metric m{id}{title}{max} {{\n");
        for gate in &self.gates {
            out.push_str(&format!("only if {gate}\n"));
        }
        if self.best_of {
            out.push_str("best of\n");
        }
        for line in &self.lines {
            out.push_str(&line.text());
            out.push('\n');
        }
        out.push_str("}\n");
        out
    }
}

pub fn metric_text(applicable: bool) -> BoxedStrategy<MetricText> {
    (
        proptest::bool::weighted(if applicable { 0.0 } else { 0.15 }),
        any::<bool>(),
        proptest::option::weighted(0.25, scored_requirement()),
        any::<bool>(),
        proptest::collection::vec(line(), 1..=3),
        proptest::option::of(20u32..=100),
    )
        .prop_map(
            |(not_applicable, title, gate, best_of, lines, max)| MetricText {
                not_applicable,
                title,
                gates: gate.into_iter().collect(),
                best_of: best_of && lines.len() > 1,
                lines,
                max,
            },
        )
        .boxed()
}

/// A category of metrics, or a metric on its own.
#[derive(Clone, Debug)]
pub enum ScoreItem {
    Category {
        title: bool,
        max: bool,
        metrics: Vec<MetricText>,
    },
    Metric(MetricText),
}

impl ScoreItem {
    fn max(&self) -> Decimal {
        match self {
            ScoreItem::Category { metrics, .. } => metrics.iter().map(MetricText::max).sum(),
            ScoreItem::Metric(m) => m.max(),
        }
    }
}

/// The items of a track (or of a score without tracks); the first metric
/// always applies, so that every track can earn something.
pub fn score_items() -> BoxedStrategy<Vec<ScoreItem>> {
    let item = |applicable: bool| {
        prop_oneof![
            2 => (
                any::<bool>(),
                any::<bool>(),
                (metric_text(applicable), proptest::collection::vec(metric_text(false), 0..=2)),
            )
                .prop_map(|(title, max, (first, mut rest))| {
                    rest.insert(0, first);
                    ScoreItem::Category {
                        title,
                        max,
                        metrics: rest,
                    }
                }),
            1 => metric_text(applicable).prop_map(ScoreItem::Metric),
        ]
    };
    (item(true), proptest::collection::vec(item(false), 0..=2))
        .prop_map(|(first, mut rest)| {
            rest.insert(0, first);
            rest
        })
        .boxed()
}

/// A score block but for its marks, which its owner decides.
#[derive(Clone, Debug)]
pub struct ScoreText {
    pub title: bool,
    pub max: bool,
    /// Where the marks fall, in percent of the maximum: the lower (or
    /// only) one, then the upper one's share of what is left above it.
    pub marks: (u32, u32),
    pub every_metric_above_zero: bool,
    pub qualify_months: Option<u32>,
    /// `track` blocks (the first bool), else the one set of items.
    pub tracks: (bool, Vec<Vec<ScoreItem>>),
}

/// The marks a score's owner asks for.
#[derive(Clone, Copy, Debug)]
pub enum Marks {
    Bands { silver: bool, gold: bool },
    Pass,
}

impl ScoreText {
    /// What the score can reach: its best track's maximum.
    fn max(&self) -> Decimal {
        self.tracks
            .1
            .iter()
            .map(|items| items.iter().map(ScoreItem::max).sum::<Decimal>())
            .max()
            .unwrap_or_default()
    }

    pub fn text(&self, marks: Marks) -> String {
        let max = self.max();
        let title = if self.title { " \"Points\"" } else { "" };
        let written = if self.max {
            format!(" max {}", max.normalize())
        } else {
            String::new()
        };
        let mut out = format!("score s{title}{written} {{\n");
        // Marks: the lower at a share of the maximum, the upper above it.
        let lower = (max * Decimal::from(self.marks.0) / Decimal::ONE_HUNDRED)
            .round_dp(2)
            .max(Decimal::new(1, 2));
        let upper = |lower: Decimal| {
            let above = (max - lower) * Decimal::from(self.marks.1) / Decimal::ONE_HUNDRED;
            let upper = (lower + above).round_dp(2).min(max);
            if upper > lower { upper } else { max }
        };
        match marks {
            Marks::Pass => out.push_str(&format!("pass {}\n", lower.normalize())),
            Marks::Bands { silver, gold } => {
                let lower = if silver && gold && lower >= max {
                    (max / Decimal::TWO).round_dp(2)
                } else {
                    lower
                };
                if silver {
                    out.push_str(&format!("silver at {}\n", lower.normalize()));
                }
                if gold {
                    let at = if silver { upper(lower) } else { lower };
                    out.push_str(&format!("gold at {}\n", at.normalize()));
                }
            }
        }
        if self.every_metric_above_zero {
            out.push_str("every metric above 0\n");
        }
        if let Some(months) = self.qualify_months {
            let unit = if months == 1 { "month" } else { "months" };
            out.push_str(&format!("qualify any day over {months} {unit}\n"));
        }
        let (tracks, sets) = &self.tracks;
        if *tracks && sets.len() > 1 {
            out.push_str("best track\n");
        }
        let mut metric = 0;
        for (t, items) in sets.iter().enumerate() {
            if *tracks {
                let title = if t % 2 == 0 { " \"Track\"" } else { "" };
                out.push_str(&format!("track t{t}{title} {{\n"));
            }
            for (k, item) in items.iter().enumerate() {
                match item {
                    ScoreItem::Category {
                        title,
                        max,
                        metrics,
                    } => {
                        let title = if *title { " \"Category\"" } else { "" };
                        let sum: Decimal = metrics.iter().map(MetricText::max).sum();
                        let max = if *max && sum > Decimal::ZERO {
                            format!(" max {}", sum.normalize())
                        } else {
                            String::new()
                        };
                        out.push_str(&format!("category k{k}{title}{max} {{\n"));
                        for m in metrics {
                            out.push_str(&m.text(metric));
                            metric += 1;
                        }
                        out.push_str("}\n");
                    }
                    ScoreItem::Metric(m) => {
                        out.push_str(&m.text(metric));
                        metric += 1;
                    }
                }
            }
            if *tracks {
                out.push_str("}\n");
            }
        }
        out.push_str("}\n");
        out
    }
}

pub fn score() -> BoxedStrategy<ScoreText> {
    (
        any::<bool>(),
        any::<bool>(),
        (prop_oneof![3 => 1u32..=35, 2 => 35u32..=100], 1u32..=100),
        proptest::bool::weighted(0.3),
        proptest::option::weighted(0.4, prop_oneof![3 => 2u32..=6, 1 => Just(1u32)]),
        prop_oneof![
            3 => score_items().prop_map(|items| (false, vec![items])),
            1 => score_items().prop_map(|items| (true, vec![items])),
            3 => proptest::collection::vec(score_items(), 2..=3).prop_map(|t| (true, t)),
        ],
    )
        .prop_map(
            |(title, max, marks, every_metric_above_zero, qualify_months, tracks)| ScoreText {
                title,
                max,
                marks,
                every_metric_above_zero,
                qualify_months,
                tracks,
            },
        )
        .boxed()
}
