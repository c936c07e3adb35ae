//! The page for one organization: the answer first (eligibility, the
//! membership and its renewal, the levels met, the nearest missed, the
//! designations), a table of every level and score at a glance, then a card
//! per competency and level — met or missed, by which path or by its score,
//! each requirement as a bar of what was found against what is required, who
//! counted and who did not — and a card per score (`score.rs`), then the
//! membership, the renewal outlook as a timeline, and the people.
//!
//! It says what `rules eval` says, in the same words (`explain::words`);
//! it reads without JavaScript and prints.

use chrono::NaiveDate;
use maud::{Markup, html};
use rust_decimal::Decimal;

mod score;

use super::chart;
use super::escape::anchor;
use super::page::{self, Context, words};
use crate::explain::text::missed_nearest_first;
use crate::explain::words::{
    AT_RISK_ALERT, ByWords, CauseWords, ClosestWords, ExcludedWords, Expired, GapWords, HeldWords,
    LapseWords, LevelName, Person, ReasonWords, RestoreWords, Tense, amount, lapse_details,
};
use crate::outcome::*;
use crate::syntax::print_score::points as written;
use crate::vocabulary::EntityChange;

/// How many missed levels the summary names, nearest first (as `rules eval`).
const SUMMARY_MISSED: usize = 3;

/// The whole page for one organization.
pub fn page(o: &OrgOutcome, context: &Context) -> String {
    let body = html! {
        section aria-labelledby="summary" {
            h2 #summary { "Summary" }
            (summary(o, true))
        }
        section aria-labelledby="glance" {
            h2 #glance { "Every level at a glance" }
            (glance(o))
        }
        section aria-labelledby="competencies" {
            h2 #competencies { "Competencies" }
            @for c in &o.competencies {
                (competency(o, c))
            }
        }
        (membership(o))
        @if o.detail == DetailLevel::Full {
            (outlook(o))
            @if !o.people.is_empty() {
                (people(o))
            }
        }
    };
    page::document(&title(o), subtitle(o), body, context, false)
}

/// `contoso — Contoso Ltd`, or the id alone.
pub fn title(o: &OrgOutcome) -> String {
    match &o.name {
        Some(name) => format!("{} — {name}", o.org),
        None => o.org.clone(),
    }
}

fn subtitle(o: &OrgOutcome) -> Markup {
    html! { "as of " (o.as_of) ", " (o.market.keyword()) " market" }
}

/// The answer first: eligibility, the membership and its renewal (and the
/// program's alert when it is at risk), the levels met, the nearest missed.
/// Also each organization's section of the population page, where the
/// levels named link nowhere (`links` false): their cards are not there.
pub fn summary(o: &OrgOutcome, links: bool) -> Markup {
    let m = &o.membership;
    let met: Vec<(&CompetencyOutcome, &LevelOutcome)> = o
        .competencies
        .iter()
        .flat_map(|c| c.levels.iter().map(move |l| (c, l)))
        .filter(|(_, l)| l.met)
        .collect();
    let missed = missed_nearest_first(o);
    // Levels missed with no path to come near (after those that have one):
    // the score's band says how far.
    let by_score: Vec<(&CompetencyOutcome, &LevelOutcome, &ScoreOutcome, &Mark)> = o
        .competencies
        .iter()
        .flat_map(|c| c.levels.iter().map(move |l| (c, l)))
        .filter(|(_, l)| !l.met && l.gap.is_none())
        .filter_map(|(c, l)| {
            let (s, m) = band(c, l)?;
            Some((c, l, s, m))
        })
        .collect();
    let designations: Vec<(&CompetencyOutcome, &ScoreOutcome)> = o
        .competencies
        .iter()
        .filter(|c| c.designation)
        .filter_map(|c| c.score.as_ref().map(|s| (c, s)))
        .collect();
    let missed_count = o
        .competencies
        .iter()
        .flat_map(|c| &c.levels)
        .filter(|l| !l.met)
        .count();
    html! {
        dl.summary {
            dt { "Eligible" }
            dd { (m.eligible.map_or("none", |l| l.title())) }
            dt { "Held" }
            dd { (HeldWords(m)) }
            dt { "Renewal" }
            dd {
                @if m.at_risk { span.tag.risk { "AT RISK" } }
                @else if m.status.is_showing() { "not at risk" }
                @else { "no membership showing" }
            }
            dt { "Met" }
            dd {
                @if met.is_empty() { "none" }
                @else {
                    (page::count(met.len(), "level", "levels")) ": "
                    @for (i, (c, l)) in met.iter().enumerate() {
                        @if i > 0 { ", " }
                        (level_link(o, &c.id, l.level, links))
                        " " (words(&ByWords(l).to_string()))
                    }
                }
            }
            dt { "Missed" }
            dd {
                @if missed_count == 0 { "none" }
                @else if missed.is_empty() && by_score.is_empty() {
                    (page::count(missed_count, "level", "levels"))
                } @else {
                    (page::count(missed_count, "level", "levels"))
                    @if missed.len() + by_score.len() > SUMMARY_MISSED { "; the nearest " (SUMMARY_MISSED) }
                    ":"
                    ul {
                        @for (c, l, gap) in missed.iter().take(SUMMARY_MISSED) {
                            li {
                                (level_link(o, &c.id, l.level, links))
                                ": " (words(&shorter(&GapWords(gap).to_string())))
                            }
                        }
                        @for (c, l, s, m) in by_score.iter().take(SUMMARY_MISSED.saturating_sub(missed.len())) {
                            li {
                                (level_link(o, &c.id, l.level, links))
                                ": score " code { (s.id) } " " (s.total) " of " (written(m.at)) " needed"
                            }
                        }
                    }
                }
            }
            @if !designations.is_empty() {
                dt { "Designations" }
                dd {
                    ul.designations {
                        @for (c, s) in &designations {
                            li {
                                @if links { a href=(format!("#{}", score::score_anchor(&c.id))) { (c.title) } }
                                @else { (c.title) }
                                ": " (score::qualified_tag(s.passed)) " "
                                (s.total) " of " (written(s.max))
                                @if let Some(pass) = s.marks.last() { ", " (score::mark_name(pass)) }
                            }
                        }
                    }
                }
            }
        }
        @if m.at_risk {
            (at_risk(o))
        }
    }
}

/// A level by its title, linking to its card when `links`.
fn level_link(
    o: &OrgOutcome,
    competency: &str,
    level: crate::vocabulary::Level,
    links: bool,
) -> Markup {
    let name = LevelName(o, competency, level);
    html! {
        @if links { a href=(format!("#{}", level_anchor(competency, level))) { (name) } }
        @else { (name) }
    }
}

/// The program's alert, its causes and the nearest way back.
fn at_risk(o: &OrgOutcome) -> Markup {
    let m = &o.membership;
    html! {
        div.alert role="note" {
            (AT_RISK_ALERT)
            @if !m.causes.is_empty() {
                ul {
                    @for cause in &m.causes {
                        li { (words(&shorter(&CauseWords { outcome: o, cause }.to_string()))) }
                    }
                }
            }
            @if let Some(restore) = &m.restore {
                p { "To restore: " (words(&shorter(&RestoreWords { outcome: o, restore }.to_string()))) }
            }
        }
    }
}

/// Code lists shortened as the text explanation shortens them.
fn shorter(text: &str) -> String {
    crate::explain::text::shorten_lists(text).unwrap_or_else(|| text.to_string())
}

/// The element id of a level's card.
fn level_anchor(competency: &str, level: crate::vocabulary::Level) -> String {
    anchor("level", &format!("{competency}-{}", level.keyword()))
}

/// The score's band for a level, if it has one.
fn band<'o>(c: &'o CompetencyOutcome, l: &LevelOutcome) -> Option<(&'o ScoreOutcome, &'o Mark)> {
    let s = c.score.as_ref()?;
    let m = s.marks.iter().find(|m| m.level == Some(l.level))?;
    Some((s, m))
}

/// A table: each competency, and each of its levels met or missed; each
/// designation qualified or not; each score's total against its marks.
fn glance(o: &OrgOutcome) -> Markup {
    let levels: Vec<crate::vocabulary::Level> = {
        let mut all: Vec<_> = o
            .competencies
            .iter()
            .flat_map(|c| c.levels.iter().map(|l| l.level))
            .collect();
        all.sort();
        all.dedup();
        all
    };
    let scores = o.competencies.iter().any(|c| c.score.is_some());
    let designations = o.competencies.iter().any(|c| c.designation);
    html! {
        table.glance {
            caption {
                "Each competency's levels: met, and by what, or missed"
                @if designations { "; each designation qualified or not" }
                @if scores { "; each score against its marks" }
            }
            thead {
                tr {
                    th scope="col" { "Competency" }
                    @for level in &levels { th scope="col" { (level.title()) } }
                    @if designations && levels.is_empty() { th scope="col" { "Designation" } }
                    @if scores { th scope="col" { "Score" } }
                }
            }
            tbody {
                @for c in &o.competencies {
                    tr {
                        th scope="row" { (c.title) }
                        @if c.designation {
                            td colspan=(levels.len().max(1)) {
                                @if let Some(s) = &c.score {
                                    @if !levels.is_empty() { "designation: " }
                                    a href=(format!("#{}", score::score_anchor(&c.id))) {
                                        (score::qualified_tag(s.passed))
                                    }
                                }
                            }
                        } @else {
                            @for level in &levels {
                                @match c.levels.iter().find(|l| l.level == *level) {
                                    None => td { "not defined" },
                                    Some(l) => td {
                                        a href=(format!("#{}", level_anchor(&c.id, l.level))) {
                                            (tag(l.met))
                                        }
                                        @if l.met { " " (words(&ByWords(l).to_string())) }
                                    }
                                }
                            }
                            @if designations && levels.is_empty() { td {} }
                        }
                        @if scores {
                            td {
                                @if let Some(s) = &c.score {
                                    a href=(format!("#{}", score::score_anchor(&c.id))) { code { (s.id) } }
                                    " " (score::in_brief(s))
                                } @else { "none" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn tag(met: bool) -> Markup {
    html! {
        @if met { span.tag.met { "MET" } } @else { span.tag.missed { "MISSED" } }
    }
}

/// ✓ or ✗, with the word for those who do not see it.
fn mark(met: bool) -> Markup {
    html! {
        span.mark aria-hidden="true" { @if met { "✓" } @else { "✗" } }
        span.vh { @if met { "met: " } @else { "not met: " } }
    }
}

fn competency(o: &OrgOutcome, c: &CompetencyOutcome) -> Markup {
    html! {
        section.competency aria-labelledby=(anchor("competency", &c.id)) {
            h3 #(anchor("competency", &c.id)) {
                (c.title) " " span.id { "(" code { (c.id) } ")" }
                @if c.designation { " " span.id { "designation" } }
            }
            @if !c.levels.is_empty() {
                div.cards {
                    @for l in &c.levels {
                        (level(o, c, l))
                    }
                }
            }
            @if let Some(s) = &c.score {
                (score::card(o, c, s))
            }
        }
    }
}

/// A level's card: the verdict, what it would take, the path that decided
/// (or the nearest), and the others folded away.
fn level(o: &OrgOutcome, c: &CompetencyOutcome, l: &LevelOutcome) -> Markup {
    let id = level_anchor(&c.id, l.level);
    let decided = match (&l.met_by, &l.gap) {
        (Some(MetBy::Path(path)), _) => Some(path.as_str()),
        (None, Some(gap)) => Some(gap.path.as_str()),
        _ => None,
    };
    let (first, others): (Vec<&PathOutcome>, Vec<&PathOutcome>) =
        l.paths.iter().partition(|p| Some(p.id.as_str()) == decided);
    html! {
        article.card.met[l.met].missed[!l.met] aria-labelledby=(id) {
            h4 #(id) { (c.title) " " (l.level.title()) " " (tag(l.met)) }
            p.verdict {
                @match &l.met_by {
                    Some(MetBy::Path(path)) => { "Met by path " code { (path) } "." }
                    Some(MetBy::Score) => {
                        @match band(c, l) {
                            Some((s, m)) => {
                                "Met by score " a href=(format!("#{}", score::score_anchor(&c.id))) { code { (s.id) } }
                                ": " (s.total) " of " (written(m.at)) " needed."
                            }
                            None => {
                                "Met by score " a href=(format!("#{}", score::score_anchor(&c.id))) { code { (c.score.as_ref().map_or("", |s| s.id.as_str())) } }
                                ": a higher band is reached."
                            }
                        }
                    }
                    Some(MetBy::Override) => {
                        @if let Some(note) = &l.override_note {
                            "Met by an override until " (note.until) ": " (note.reason)
                        } @else { "Met by an override." }
                    }
                    None => {
                        @if let Some(gap) = &l.gap {
                            "What it would take: " (words(&shorter(&GapWords(gap).to_string()))) "."
                        } @else if let Some((s, m)) = band(c, l) {
                            "Missed: score " a href=(format!("#{}", score::score_anchor(&c.id))) { code { (s.id) } }
                            " " (s.total) " of " (written(m.at)) " needed."
                        } @else { "Missed." }
                    }
                }
            }
            @if let Some(gap) = &l.gap {
                (closest(o, gap))
                @if let Some((s, m)) = band(c, l) {
                    p.detail {
                        "Or by score " a href=(format!("#{}", score::score_anchor(&c.id))) { code { (s.id) } }
                        ": " (s.total) " of " (written(m.at)) " needed."
                    }
                }
            }
            @if let Some(note) = &l.override_note {
                @if !note.active {
                    p.detail { "Override expired on " (note.until) " (" (note.reason) "): ignored." }
                } @else if matches!(l.met_by, Some(MetBy::Path(_))) {
                    p.detail { "Also covered by an override until " (note.until) " (" (note.reason) ")." }
                }
            }
            @for p in &first { (path(o, p)) }
            @if !others.is_empty() {
                details {
                    summary {
                        @if first.is_empty() { "Its paths (" (others.len()) ")" }
                        @else { "Other paths (" (others.len()) ")" }
                    }
                    @for p in &others { (path(o, p)) }
                }
            }
            @if l.met && !l.benefits.is_empty() {
                p.detail { "Benefits: " (l.benefits.join("; ")) }
            }
        }
    }
}

/// For each skill need of a gap, the people nearest to counting.
fn closest(o: &OrgOutcome, gap: &Gap) -> Markup {
    html! {
        @for need in gap.needs.iter().filter(|n| !n.closest.is_empty()) {
            div.people {
                "Closest"
                @if let Some(text) = need.requirement() { " for " code { (shorter(text)) } }
                ":"
                ul {
                    @for closest in &need.closest {
                        li { (words(&ClosestWords { outcome: o, closest }.to_string())) }
                    }
                }
            }
        }
    }
}

fn path(o: &OrgOutcome, p: &PathOutcome) -> Markup {
    html! {
        div.path.met[p.met] {
            h5 {
                (mark(p.met)) "path " code { (p.id) }
                @if let Some(title) = &p.title { " “" (title) "”" }
            }
            @for r in &p.requirements { (requirement(o, r)) }
            @if let Some(d) = p.unique_people {
                div.req {
                    span.text {
                        (mark(d.assigned >= d.needed)) "unique people: "
                        (d.needed) " distinct " (if d.needed == 1 { "person" } else { "people" })
                        " needed, " (d.assigned) " found"
                    }
                    (progress(Decimal::from(d.assigned), Decimal::from(d.needed), Unit::People))
                }
            }
        }
    }
}

fn requirement(o: &OrgOutcome, r: &RequirementOutcome) -> Markup {
    html! {
        div.req {
            span.text { (mark(r.met)) code { (r.text) } }
            @if !matches!(r.detail, Detail::Requires(_)) {
                (progress(r.actual, r.required, r.unit))
            }
            (detail(o, r, o.as_of))
        }
    }
}

/// Who and what counted toward a requirement (a path's, or a score's line,
/// gate or condition), beneath its bar, as measured on `day`: the
/// evaluation date, or the day a score's window counted.
fn detail(o: &OrgOutcome, r: &RequirementOutcome, day: NaiveDate) -> Markup {
    let tense = Tense::measured_on(day, o.as_of);
    match &r.detail {
        Detail::Requires(req) => html! { p.detail { (requires(o, req)) } },
        Detail::Performance(p) => performance(p, r.actual, r.unit),
        Detail::Skill(s) => skill(o, s, tense),
        Detail::Attested(a) => attested(a, tense),
        Detail::Entities(e) => entities(e, tense),
        Detail::Growth(g) => growth(g, tense),
    }
}

/// What was found against what is required, as a bar and in numbers.
fn progress(actual: Decimal, required: Decimal, unit: Unit) -> Markup {
    let percent = chart::percent(actual, required);
    let met = actual >= required;
    let short = (required - actual).max(Decimal::ZERO);
    html! {
        div.progress {
            (chart::meter(percent, met))
            span.numbers {
                @if unit == Unit::Percent {
                    // A growth against the growth asked: "40.00% of 35.00%
                    // (100%)" would read as a share of a share.
                    (amount(actual, unit)) ", " (amount(required, unit)) " asked"
                    @if !met && short > Decimal::ZERO { ", short by " (amount(short, unit)) }
                } @else {
                    (amount(actual, unit)) " of " (amount(required, unit))
                    @if !met && short > Decimal::ZERO { ", short by " (amount(short, unit)) }
                    " (" (percent) "%)"
                }
            }
        }
    }
}

fn requires(o: &OrgOutcome, req: &RequiresDetail) -> Markup {
    let name = LevelName(o, &req.competency, req.level).to_string();
    html! {
        @match &req.met_by {
            Some(MetBy::Path(path)) => { (name) " is met, by path " code { (path) } }
            Some(MetBy::Score) => { (name) " is met, by its score" }
            Some(MetBy::Override) => { (name) " is met, by an override" }
            None => { (name) " is not met" }
        }
    }
}

fn performance(p: &PerformanceDetail, actual: Decimal, unit: Unit) -> Markup {
    let records = match p.records.len() {
        0 => "no matching records".to_string(),
        1 => "1 record".to_string(),
        n => format!("{} records", page::grouped(n)),
    };
    let found = crate::explain::words::records_found(p, actual, unit, records);
    let several = !p.workloads.is_empty();
    html! {
        p.detail {
            (found)
            @if p.developing { "; developing-market threshold" }
        }
        @if several {
            div.detail {
                "By workload"
                @if let Some(set) = &p.set { " of " code { (set) } }
                ":"
                ul {
                    @for share in &p.workloads {
                        li { (workload(share, unit)) }
                    }
                }
            }
        }
        @if !p.excluded.is_empty() {
            p.detail { (words(&ExcludedWords { records: &p.excluded, unit, several }.to_string())) }
        }
        @if !p.excluded_by_offer.is_empty() {
            p.detail {
                "Not counted, left out by " code { "where offer" } ": "
                @for (i, r) in p.excluded_by_offer.iter().enumerate() {
                    @if i > 0 { ", " }
                    (amount(r.value, unit)) " on " (r.date) " ("
                    @if several { (r.workload) ", " }
                    @match &r.offer { Some(offer) => { "offer " code { (offer) } }, None => "no offer" }
                    ")"
                }
            }
        }
        @if !p.developing_withheld_by.is_empty() {
            p.detail {
                "The developing-market threshold does not apply: "
                (page::count(p.developing_withheld_by.len(), "counted record is", "counted records are"))
                " of developed-market customers: "
                @for (i, r) in p.developing_withheld_by.iter().enumerate() {
                    @if i > 0 { ", " }
                    (amount(r.value, unit)) " on " (r.date) " ("
                    @match &r.customer { Some(c) => { "customer " code { (c) } }, None => "a customer" }
                    ")"
                }
            }
        }
    }
}

fn workload(share: &WorkloadShare, unit: Unit) -> Markup {
    let records = match share.records {
        1 => "1 record".to_string(),
        n => format!("{} records", page::grouped(n)),
    };
    html! {
        code { (share.workload) } " "
        @match (share.records, share.latest_outside_window) {
            (0, Some(latest)) => { "none counted (its latest record, of " (latest) ", is outside the window)" }
            (0, None) => "no records",
            _ => {
                @if share.weight == Decimal::ONE {
                    (amount(share.value, unit)) " (" (records) ")"
                } @else {
                    (amount(share.value.checked_div(share.weight).unwrap_or_default(), unit))
                    " × " (crate::number::amount(share.weight, false)) " = "
                    (amount(share.value, unit)) " (" (records) ")"
                }
            }
        }
    }
}

fn skill(o: &OrgOutcome, s: &SkillDetail, tense: Tense) -> Markup {
    html! {
        @if !s.counted.is_empty() {
            p.people {
                "Counted: "
                @for (i, id) in s.counted.iter().enumerate() {
                    @if i > 0 { ", " }
                    (Person::in_outcome(o, id))
                }
            }
        }
        @if let Some(w) = &s.of_which {
            p.people {
                (mark(w.actual >= w.required)) code { (w.text) } ": "
                (w.actual) " of " (w.required)
                @if !w.people.is_empty() {
                    ": "
                    @for (i, id) in w.people.iter().enumerate() {
                        @if i > 0 { ", " }
                        (Person::in_outcome(o, id))
                    }
                }
            }
        }
        @if !s.not_counted.is_empty() {
            div.detail {
                "Not counted:"
                ul {
                    @for n in &s.not_counted {
                        li { (not_counted(o, n, tense)) }
                    }
                }
            }
        }
    }
}

fn not_counted(o: &OrgOutcome, n: &NotCounted, tense: Tense) -> Markup {
    let reasons: Vec<String> = n
        .reasons
        .iter()
        .map(|r| ReasonWords(r, tense).to_string())
        .collect();
    html! { (Person::in_outcome(o, &n.person)) ": " (words(&shorter(&reasons.join("; ")))) }
}

/// Tenants or workloads counted: how many met the condition (then and
/// now), and which of them count — for `net`, those gained and lost; for
/// `new`, those that reached it since the start and those that met it
/// already (as `rules eval` lists them).
fn entities(e: &EntityDetail, tense: Tense) -> Markup {
    let now = tense.now_words();
    let unit = Unit::of_metric(e.metric);
    let start = e.start.map_or(String::new(), |d| d.to_string());
    let one = |s: &EntityStanding| -> String {
        match (e.change, s.value_then) {
            (Some(EntityChange::New), Some(then)) => match s.reached {
                Some((on, value)) => format!(
                    "{} ({} on {start}, {} on {on})",
                    s.id,
                    amount(then, unit),
                    amount(value, unit)
                ),
                None => format!("{} ({} on {start})", s.id, amount(then, unit)),
            },
            (Some(_), Some(then)) => format!(
                "{} ({} then, {} {now})",
                s.id,
                amount(then, unit),
                amount(s.value, unit)
            ),
            _ => format!("{} ({})", s.id, amount(s.value, unit)),
        }
    };
    let list = |pick: &dyn Fn(&EntityStanding) -> bool| -> Vec<String> {
        e.entities.iter().filter(|s| pick(s)).map(one).collect()
    };
    let lists: Vec<(&str, Vec<String>)> = match e.change {
        None => vec![("Meeting it", list(&|s| s.meets))],
        Some(EntityChange::Net) => vec![
            ("Gained", list(&|s| s.counted)),
            ("Lost", list(&|s| s.lost())),
            (
                "Met it at both dates (not counted)",
                list(&|s| s.meets && s.met_then == Some(true)),
            ),
        ],
        Some(EntityChange::New) => vec![
            ("Reached it since the start", list(&|s| s.counted)),
            (
                "Met it at the start already (not new)",
                list(&|s| s.met_then == Some(true)),
            ),
        ],
    };
    let below = e
        .entities
        .iter()
        .filter(|s| s.met_then == Some(false))
        .count();
    html! {
        p.detail {
            @match (e.start, e.then) {
                (Some(start), _) if e.before_start => {
                    "Counted from " (start) ", after " (tense.day_words()) ": nothing has changed since."
                }
                (Some(start), Some(_)) if e.change == Some(EntityChange::New) => {
                    (below) " " (e.entity.noun(below == 1)) " below the amount on " (start) "."
                }
                (Some(start), Some(then)) => {
                    (then) " " (e.entity.noun(then == 1)) " met the condition on " (start) ", "
                    (e.now) " " (now) "."
                }
                _ => { (e.now) " " (e.entity.noun(e.now == 1)) " met the condition." }
            }
        }
        @for (label, items) in &lists {
            @if !items.is_empty() {
                p.people { (label) ": " (items.join(", ")) }
            }
        }
        @if !e.without_customer.is_empty() {
            p.detail {
                (e.without_customer.len()) " record(s) name no customer and count toward no tenant."
            }
        }
    }
}

/// A measure at its start and at the date, and the change between.
fn growth(g: &GrowthDetail, tense: Tense) -> Markup {
    html! {
        p.detail {
            @if g.before_start {
                "Measured from " (g.start) ", after " (tense.day_words()) "."
            } @else {
                (amount(g.value_then, g.unit)) " on " (g.start) ", " (amount(g.value, g.unit)) " " (tense.now_words())
                @if let Some(p) = g.percent { " (" (p) "%)" }
                "."
                @if let Some(b) = &g.baseline {
                    " Baseline: at least " (amount(b.floor, g.unit)) " asked, "
                    (if b.met { "reached" } else { "not reached" }) "."
                }
            }
        }
    }
}

fn attested(a: &AttestedDetail, tense: Tense) -> Markup {
    html! {
        @if !a.counted.is_empty() {
            p.people {
                "Counted: "
                @for (i, (code, on)) in a.counted.iter().enumerate() {
                    @if i > 0 { ", " }
                    (code) " (granted " (on) ")"
                }
            }
        }
        @for (code, on) in &a.expired {
            p.detail { "Not counted: " (code) " expired on " (on) }
        }
        @for (code, granted) in &a.not_yet {
            p.detail { "Not counted: " (code) " is granted on " (granted) ", after " (tense.day_words()) }
        }
    }
}

fn membership(o: &OrgOutcome) -> Markup {
    let m = &o.membership;
    html! {
        section aria-labelledby="membership" {
            h2 #membership { "Membership" }
            dl.summary {
                dt { "Eligible" }
                dd { (m.eligible.map_or("none", |l| l.title())) }
                dt { "Held" }
                dd { (HeldWords(m)) }
                @if let Some(purchased) = m.purchased {
                    dt { "Purchased" }
                    dd { (purchased) }
                }
                @if let Some(until) = m.grace_until {
                    dt { "Renewal grace through" }
                    dd { (until) }
                }
                @if !m.attained_with.is_empty() {
                    dt { "Attained with" }
                    dd { (m.attained_with.join(", ")) }
                }
                dt { "Profile" }
                dd {
                    @if m.profile.is_empty() { "empty" }
                    @for (i, (id, level)) in m.profile.iter().enumerate() {
                        @if i > 0 { ", " }
                        (LevelName(o, id, *level))
                    }
                }
            }
        }
    }
}

/// The renewal outlook: each level met today, until when, drawn on one
/// time axis, then said in words.
fn outlook(o: &OrgOutcome) -> Markup {
    let rows: Vec<chart::Span> = o
        .outlook
        .iter()
        .map(|lapse| chart::Span {
            label: LevelName(o, &lapse.competency, lapse.level).to_string(),
            until: lapse.on,
        })
        .collect();
    html! {
        section aria-labelledby="outlook" {
            h2 #outlook { "Renewal outlook, through " (o.outlook_until) }
            @if o.outlook.is_empty() {
                p { "No level is met today." }
            } @else {
                (chart::timeline(&rows, o.as_of, o.outlook_until))
                ul.outlook {
                    @for lapse in &o.outlook {
                        li {
                            strong { (LevelName(o, &lapse.competency, lapse.level)) }
                            @match lapse.on {
                                None => ": stays met",
                                Some(on) => {
                                    " " span.tag.risk { "lapses on " (on) }
                                    ul {
                                        @for cause in &lapse.why {
                                            li {
                                                @if let LapseCause::ScoreFalls(fall) = cause {
                                                    (score::falls(o, &lapse.competency, fall))
                                                } @else {
                                                    (words(&shorter(&LapseWords(cause).to_string())))
                                                }
                                                @let details = lapse_details(o, cause);
                                                @if !details.is_empty() {
                                                    ul { @for d in &details { li { (words(d)) } } }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn people(o: &OrgOutcome) -> Markup {
    html! {
        section aria-labelledby="people" {
            h2 #people { "People" }
            table {
                caption { (page::count(o.people.len(), "person", "people")) " in the facts, and how each stands" }
                thead { tr { th scope="col" { "Person" } th scope="col" { "Standing" } } }
                tbody {
                    @for p in &o.people {
                        tr {
                            th scope="row" {
                                (Person { id: &p.id, name: p.name.as_deref() })
                            }
                            td {
                                @if p.standing.is_empty() { "active" }
                                @for (i, r) in p.standing.iter().enumerate() {
                                    @if i > 0 { "; " }
                                    (words(&shorter(&ReasonWords(r, Tense::Now).to_string())))
                                }
                                @for (code, on) in &p.expired {
                                    "; " (Expired(code, *on))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
