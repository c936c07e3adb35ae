//! Outcome → an explanation a program manager reads top to bottom: each
//! competency and level, MET or MISSED and why; every path and requirement
//! with what was found against what is required; who counted and who did
//! not; then the membership, the renewal outlook, and the people.

use std::collections::HashMap;
use std::fmt::Write;

use anstyle::{AnsiColor, Effects, Style};
use rust_decimal::Decimal;

use super::words::{
    self, AT_RISK_ALERT, CauseWords, Expired, LapseWords, ReasonWords, Tense, amount,
};
use crate::outcome::*;

/// Colour is decided by the caller: on a terminal, and not under `NO_COLOR`.
pub fn to_text(outcome: &OrgOutcome, color: bool) -> String {
    let mut w = Writer {
        out: String::new(),
        color,
        names: outcome
            .people
            .iter()
            .filter_map(|p| Some((p.id.as_str(), p.name.as_deref()?)))
            .collect(),
        titles: outcome
            .competencies
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str()))
            .collect(),
    };
    w.organization(outcome);
    w.out
}

const GOOD: Style = AnsiColor::Green.on_default().effects(Effects::BOLD);
const BAD: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);
const WARN: Style = AnsiColor::Yellow.on_default().effects(Effects::BOLD);
const HEAD: Style = Style::new().effects(Effects::BOLD);
const DIM: Style = Style::new().effects(Effects::DIMMED);

struct Writer<'a> {
    out: String,
    color: bool,
    /// Person id → name, for those who have one: looked up for every person
    /// named, which must not mean a walk through everyone each time.
    names: HashMap<&'a str, &'a str>,
    /// Competency id → title, for `requires`.
    titles: HashMap<&'a str, &'a str>,
}

impl Writer<'_> {
    /// "Alice Wong (alice@contoso.com)", or the id alone.
    fn label(&self, id: &str) -> String {
        words::Person {
            id,
            name: self.names.get(id).copied(),
        }
        .to_string()
    }

    /// "Cloud Platform", or the id when the outcome does not hold it.
    fn title(&self, id: &str) -> String {
        self.titles
            .get(id)
            .map_or_else(|| format!("`{id}`"), |t| t.to_string())
    }

    fn labels(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| self.label(id))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn paint(&self, text: &str, style: Style) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        self.linef(indent, format_args!("{text}"));
    }

    /// A line written straight into the output: no temporary string per line.
    fn linef(&mut self, indent: usize, text: std::fmt::Arguments) {
        let _ = writeln!(self.out, "{:indent$}{text}", "");
    }

    fn organization(&mut self, o: &OrgOutcome) {
        let title = match &o.name {
            Some(name) => format!("{} — {name}", o.org),
            None => o.org.clone(),
        };
        let head = self.paint(&title, HEAD);
        self.line(0, &head);
        self.line(
            0,
            &format!("as of {}, {} market", o.as_of, o.market.keyword()),
        );
        for c in &o.competencies {
            self.out.push('\n');
            self.competency(c);
        }
        self.out.push('\n');
        self.membership(o);
        self.out.push('\n');
        self.outlook(o);
        if !o.people.is_empty() {
            self.out.push('\n');
            self.people(o);
        }
    }

    fn competency(&mut self, c: &CompetencyOutcome) {
        let head = self.paint(&format!("{} ({})", c.title, c.id), HEAD);
        self.line(0, &head);
        for level in &c.levels {
            self.level(level);
        }
    }

    fn level(&mut self, l: &LevelOutcome) {
        let name = format!("{:<6}", l.level.title());
        let verdict = match &l.met_by {
            Some(MetBy::Path(id)) => format!("{} by path `{id}`", self.paint("MET", GOOD)),
            Some(MetBy::Override) => {
                let note = l
                    .override_note
                    .as_ref()
                    .expect("met by override has its note");
                format!(
                    "{} by override until {}: {}",
                    self.paint("MET", GOOD),
                    note.until,
                    note.reason
                )
            }
            None => self.paint("MISSED", BAD),
        };
        self.linef(2, format_args!("{name}  {verdict}"));
        if let Some(note) = &l.override_note {
            if !note.active {
                let text = format!(
                    "override expired on {} ({}): ignored",
                    note.until, note.reason
                );
                let text = self.paint(&text, DIM);
                self.line(4, &text);
            } else if matches!(l.met_by, Some(MetBy::Path(_))) {
                let text = format!(
                    "also covered by an override until {} ({})",
                    note.until, note.reason
                );
                let text = self.paint(&text, DIM);
                self.line(4, &text);
            }
        }
        for p in &l.paths {
            self.path(p);
        }
        if l.met && !l.benefits.is_empty() {
            self.linef(4, format_args!("benefits: {}", l.benefits.join("; ")));
        }
    }

    fn mark(&self, met: bool) -> String {
        if met {
            self.paint("✓", GOOD)
        } else {
            self.paint("✗", BAD)
        }
    }

    fn path(&mut self, p: &PathOutcome) {
        let title = p
            .title
            .as_ref()
            .map_or(String::new(), |t| format!(" \"{t}\""));
        let mark = self.mark(p.met);
        self.linef(4, format_args!("{mark} path {}{title}", p.id));
        for r in &p.requirements {
            self.requirement(r);
        }
        if let Some(d) = p.unique_people {
            let mark = self.mark(d.assigned >= d.needed);
            self.line(
                6,
                &format!(
                    "{mark} unique people: {} distinct {} needed, {} found",
                    d.needed,
                    if d.needed == 1 { "person" } else { "people" },
                    d.assigned
                ),
            );
        }
    }

    fn requirement(&mut self, r: &RequirementOutcome) {
        let mark = self.mark(r.met);
        self.linef(6, format_args!("{mark} {}", r.text));
        if let Detail::Requires(req) = &r.detail {
            return self.requires(req);
        }
        let mut measure = format!(
            "{} of {}",
            amount(r.actual, r.unit),
            amount(r.required, r.unit)
        );
        if !r.met && r.shortfall() > Decimal::ZERO {
            measure.push_str(&format!(", short by {}", amount(r.shortfall(), r.unit)));
        }
        let bar = bar(r.actual, r.required);
        self.linef(10, format_args!("{measure}  {bar}"));
        match &r.detail {
            Detail::Performance(p) => self.performance(p, r.actual, r.unit),
            Detail::Skill(s) => self.skill(s),
            Detail::Attested(a) => self.attested(a),
            Detail::Requires(_) => {}
        }
    }

    /// `requires cloud_platform gold`: whether that level is met, and how.
    fn requires(&mut self, req: &RequiresDetail) {
        let level = format!("{} {}", self.title(&req.competency), req.level.title());
        let text = match &req.met_by {
            Some(MetBy::Path(path)) => format!("{level} is met, by path `{path}`"),
            Some(MetBy::Override) => format!("{level} is met, by an override"),
            None => format!("{level} is not met"),
        };
        self.line(10, &text);
    }

    fn attested(&mut self, a: &AttestedDetail) {
        if !a.counted.is_empty() {
            let counted: Vec<String> = a
                .counted
                .iter()
                .map(|(code, on)| format!("{code} (granted {on})"))
                .collect();
            self.linef(10, format_args!("counted: {}", counted.join(", ")));
        }
        for (code, on) in &a.expired {
            let text = self.paint(&format!("not counted: {code} expired on {on}"), DIM);
            self.line(10, &text);
        }
        for (code, on) in &a.not_yet {
            let text = self.paint(
                &format!("not counted: {code} is granted on {on}, after the evaluation date"),
                DIM,
            );
            self.line(10, &text);
        }
    }

    /// `actual`: what the requirement found (for seats and usage, the latest day's records summed).
    fn performance(&mut self, p: &PerformanceDetail, actual: Decimal, unit: Unit) {
        let records = match p.records.len() {
            0 => "no matching records".to_string(),
            1 => "1 record".to_string(),
            n => format!("{n} records"),
        };
        let text = if p.metric.is_flow() {
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
        };
        let text = if p.developing {
            format!("{text}; developing-market threshold")
        } else {
            text
        };
        let text = self.paint(&text, DIM);
        self.line(10, &text);
        if !p.workloads.is_empty() {
            self.workloads(p, unit);
        }
        let several = !p.workloads.is_empty();
        let record = |r: &RecordRef, why: String| {
            let what = if several {
                format!("{}, {why}", r.workload)
            } else {
                why
            };
            format!("{} of {} ({what})", amount(r.value, unit), r.date)
        };
        let association = |r: &RecordRef| {
            r.association
                .as_deref()
                .map_or("no association".to_string(), |a| format!("`{a}`"))
        };
        if !p.excluded.is_empty() {
            let left_out: Vec<String> = p
                .excluded
                .iter()
                .map(|r| record(r, association(r)))
                .collect();
            let text = format!(
                "not counted, association not in `via`: {}",
                left_out.join(", ")
            );
            let text = self.paint(&text, DIM);
            self.line(10, &text);
        }
        if !p.excluded_by_offer.is_empty() {
            let left_out: Vec<String> = p
                .excluded_by_offer
                .iter()
                .map(|r| {
                    let offer = r
                        .offer
                        .as_deref()
                        .map_or("no offer".to_string(), |o| format!("offer `{o}`"));
                    record(r, offer)
                })
                .collect();
            let text = format!(
                "not counted, left out by `where offer`: {}",
                left_out.join(", ")
            );
            let text = self.paint(&text, DIM);
            self.line(10, &text);
        }
        if !p.developing_withheld_by.is_empty() {
            let customers: Vec<String> = p
                .developing_withheld_by
                .iter()
                .map(|r| {
                    let customer = r
                        .customer
                        .as_deref()
                        .map_or("a customer".to_string(), |c| format!("customer `{c}`"));
                    record(r, customer)
                })
                .collect();
            let which = match customers.len() {
                1 => "a counted record is of a developed-market customer".to_string(),
                n => format!("{n} counted records are of developed-market customers"),
            };
            let text = format!(
                "the developing-market threshold does not apply: {which}: {}",
                customers.join(", ")
            );
            self.line(10, &text);
        }
    }

    /// What each workload of a set, a list or a weighted workload added.
    fn workloads(&mut self, p: &PerformanceDetail, unit: Unit) {
        let shares: Vec<String> = p
            .workloads
            .iter()
            .map(|share| {
                let records = match (share.records, share.latest_outside_window) {
                    (0, Some(latest)) => {
                        return format!(
                            "{}: none counted (its latest record, of {latest}, is outside the window)",
                            share.workload
                        );
                    }
                    (0, None) => return format!("{}: no records", share.workload),
                    (1, _) => "1 record".to_string(),
                    (n, _) => format!("{n} records"),
                };
                if share.weight == Decimal::ONE {
                    format!("{} {} ({records})", share.workload, amount(share.value, unit))
                } else {
                    let before = share.value.checked_div(share.weight).unwrap_or_default();
                    format!(
                        "{} {} × {} = {} ({records})",
                        share.workload,
                        amount(before, unit),
                        crate::number::amount(share.weight, false),
                        amount(share.value, unit)
                    )
                }
            })
            .collect();
        let set = p
            .set
            .as_deref()
            .map_or(String::new(), |set| format!(" of `{set}`"));
        self.linef(10, format_args!("by workload{set}:"));
        for share in shares {
            self.line(12, &share);
        }
    }

    fn skill(&mut self, s: &SkillDetail) {
        if !s.counted.is_empty() {
            let counted = self.labels(&s.counted);
            self.linef(10, format_args!("counted: {counted}"));
        }
        if let Some(w) = &s.of_which {
            let mark = self.mark(w.actual >= w.required);
            let people = if w.people.is_empty() {
                String::new()
            } else {
                format!(": {}", self.labels(&w.people))
            };
            self.line(
                10,
                &format!(
                    "{mark} {}: {} of {}{people}",
                    w.text,
                    amount(Decimal::from(w.actual), Unit::People),
                    amount(Decimal::from(w.required), Unit::People)
                ),
            );
        }
        for n in &s.not_counted {
            let reasons: Vec<String> = n
                .reasons
                .iter()
                .map(|r| ReasonWords(r, Tense::Now).to_string())
                .collect();
            let text = format!(
                "not counted: {}: {}",
                self.label(&n.person),
                reasons.join("; ")
            );
            let text = self.paint(&text, DIM);
            self.line(10, &text);
        }
    }

    fn membership(&mut self, o: &OrgOutcome) {
        let m = &o.membership;
        let head = self.paint("Membership", HEAD);
        self.line(0, &head);
        let eligible = m.eligible.map_or("none", |l| l.title());
        self.linef(2, format_args!("eligible: {eligible}"));
        let held = match (m.held, m.purchased) {
            (Some(level), Some(purchased)) => {
                let state = match m.status {
                    Status::None => format!("not started yet (purchased {purchased})"),
                    Status::Active => format!(
                        "purchased {purchased}, active through {}",
                        show_date(m.valid_until)
                    ),
                    Status::Grace => format!(
                        "purchased {purchased}, lapsed after {}, in renewal grace through {}",
                        show_date(m.valid_until),
                        show_date(m.grace_until)
                    ),
                    Status::Expired => format!(
                        "purchased {purchased}, expired after {}",
                        show_date(m.grace_until)
                    ),
                };
                format!("{}, {state}", level.title())
            }
            _ => "none".to_string(),
        };
        self.linef(2, format_args!("held: {held}"));
        if !m.attained_with.is_empty() {
            self.linef(
                2,
                format_args!("attained with: {}", m.attained_with.join(", ")),
            );
        }
        let profile = if m.profile.is_empty() {
            "empty".to_string()
        } else {
            m.profile
                .iter()
                .map(|(id, level)| {
                    let title = o
                        .competencies
                        .iter()
                        .find(|c| &c.id == id)
                        .map_or(id.as_str(), |c| c.title.as_str());
                    format!("{title} ({})", level.title())
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.linef(2, format_args!("profile: {profile}"));
        if m.at_risk {
            let alert = self.paint(&format!("⚠ {AT_RISK_ALERT}"), WARN);
            self.line(2, &alert);
            for cause in &m.causes {
                self.linef(4, format_args!("- {}", CauseWords { outcome: o, cause }));
            }
        } else if m.status.is_showing() {
            self.line(2, "renewal: not at risk");
        }
    }

    fn outlook(&mut self, o: &OrgOutcome) {
        let head = self.paint(
            &format!("Renewal outlook, through {}", o.outlook_until),
            HEAD,
        );
        self.line(0, &head);
        if o.outlook.is_empty() {
            self.line(2, "no level is met today");
            return;
        }
        for lapse in &o.outlook {
            let title = o
                .competencies
                .iter()
                .find(|c| c.id == lapse.competency)
                .map_or(lapse.competency.as_str(), |c| c.title.as_str());
            match lapse.on {
                None => self.linef(
                    2,
                    format_args!("{title} {}: stays met", lapse.level.title()),
                ),
                Some(on) => {
                    let text = self.paint(
                        &format!("{title} {} lapses on {on}", lapse.level.title()),
                        WARN,
                    );
                    self.line(2, &text);
                    for cause in &lapse.why {
                        self.linef(4, format_args!("{}", LapseWords(cause)));
                        for detail in words::lapse_details(o, cause) {
                            self.line(6, &detail);
                        }
                    }
                }
            }
        }
    }

    fn people(&mut self, o: &OrgOutcome) {
        let head = self.paint("People", HEAD);
        self.line(0, &head);
        for p in &o.people {
            let mut parts: Vec<String> = if p.standing.is_empty() {
                vec!["active".to_string()]
            } else {
                p.standing
                    .iter()
                    .map(|r| ReasonWords(r, Tense::Now).to_string())
                    .collect()
            };
            parts.extend(
                p.expired
                    .iter()
                    .map(|(code, on)| Expired(code, *on).to_string()),
            );
            self.line(2, &format!("{}: {}", self.label(&p.id), parts.join("; ")));
        }
    }
}

fn show_date(date: Option<chrono::NaiveDate>) -> String {
    date.map_or_else(|| "an unknown date".to_string(), |d| d.to_string())
}

/// `[█████░░░░░] 50%`: how far along, capped at 100%.
fn bar(actual: Decimal, required: Decimal) -> String {
    let percent = if actual >= required {
        100
    } else {
        // `actual × 100` can overflow for amounts near the largest there is;
        // dividing first cannot (actual < required), only round.
        actual
            .checked_mul(Decimal::from(100))
            .map_or_else(|| actual / required * Decimal::from(100), |a| a / required)
            .floor()
            .min(Decimal::from(100))
            .try_into()
            .unwrap_or(0u32)
    };
    let filled = (percent / 10) as usize;
    format!(
        "[{}{}] {percent}%",
        "█".repeat(filled),
        "░".repeat(10 - filled)
    )
}

/// The closing table of a batch: per competency and level, how many of the
/// organizations evaluated met it.
pub fn summary(report: &crate::batch::Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Summary: {} of {} organizations evaluated",
        report.batch.done, report.batch.found
    );
    let width = report
        .met
        .iter()
        .map(|(_, title, level, _)| title.chars().count() + level.title().len() + 1)
        .max()
        .unwrap_or(0);
    for (_, title, level, count) in &report.met {
        let name = format!("{title} {}", level.title());
        let share = (count * 100).checked_div(report.batch.done).unwrap_or(0);
        let _ = writeln!(out, "  {name:<width$}  {count:>7} met  {share:>3}%");
    }
    out
}
