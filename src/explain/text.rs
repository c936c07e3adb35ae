//! Outcome → an explanation a program manager reads top to bottom: first a
//! summary of a dozen lines (the organization, eligibility, the membership
//! and its renewal, the levels met, the nearest levels missed and what each
//! would take), then each competency and level, MET or MISSED and why;
//! every path and requirement with what was found against what is
//! required; who counted and who did not; then the membership, the renewal
//! outlook, and the people.
//!
//! Code lists longer than a few codes are shortened here, in the text only
//! (`["70-532", "70-533", … 4 more]`); JSON always has every code.

pub(crate) mod score;

use std::collections::HashMap;
use std::fmt::Write;

use anstyle::{AnsiColor, Effects, Style};
use rust_decimal::Decimal;

use super::words::{
    self, AT_RISK_ALERT, CauseWords, ClosestWords, ExcludedWords, Expired, GapWords, LapseWords,
    LevelName, ReasonWords, RestoreWords, Tense, amount, measured, percent, signed,
};
use crate::number;
use crate::outcome::*;
use crate::vocabulary::{EntityChange, GrowthKind};

/// What the text shows, and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Colour: on a terminal, and not under `NO_COLOR` (the caller decides).
    pub color: bool,
    /// The summary alone.
    pub brief: bool,
    /// Only these competencies (ids); every one when empty.
    pub competencies: Vec<String>,
    /// Only the levels met, or only those missed.
    pub only: Option<Only>,
}

/// `--only met|missed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Only {
    Met,
    Missed,
}

impl Options {
    /// Whether the filters are at work: some levels may be left out.
    fn filtered(&self) -> bool {
        !self.competencies.is_empty() || self.only.is_some()
    }

    /// Whether a level of a competency is shown.
    fn shows(&self, competency: &str, met: bool) -> bool {
        let chosen =
            self.competencies.is_empty() || self.competencies.iter().any(|c| c == competency);
        let kept = match self.only {
            None => true,
            Some(Only::Met) => met,
            Some(Only::Missed) => !met,
        };
        chosen && kept
    }
}

/// The whole explanation. Colour is decided by the caller: on a terminal,
/// and not under `NO_COLOR`.
pub fn to_text(outcome: &OrgOutcome, color: bool) -> String {
    render(
        outcome,
        &Options {
            color,
            ..Options::default()
        },
    )
}

/// The explanation as `options` ask: the summary, then (unless brief) the
/// details, of the levels the filters choose.
pub fn render(outcome: &OrgOutcome, options: &Options) -> String {
    let mut w = Writer {
        out: String::new(),
        color: options.color,
        options,
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
        date: outcome.as_of,
        as_of: outcome.as_of,
        shift: 0,
    };
    w.organization(outcome);
    shown_safely(w.out, options.color)
}

/// Whether `c`, found in a name, title, id or code, must not reach a
/// terminal raw: control characters (C0 but tab and newline, DEL, C1),
/// bidirectional controls (U+202A–U+202E, U+2066–U+2069) and zero-width
/// characters (U+200B–U+200D, U+2060, U+FEFF). They could rewrite the
/// terminal, reorder what is shown, or hide a difference between two names.
pub fn is_unsafe_to_show(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// `text` with every character [`is_unsafe_to_show`] written as `\u{…}`,
/// but for the colour sequences of the explanation's own styles (with
/// `color`): text of any language shows as written, and nothing taken from
/// the facts or the rules reaches the terminal raw. A name holding one of
/// those very sequences shows in that colour, which is all it can do.
fn shown_safely(text: String, color: bool) -> String {
    let bytes = text.as_bytes();
    // Printable ASCII is safe: only the other bytes need a closer look.
    let mut from = 0;
    let first = loop {
        match not_printable_ascii(bytes, from) {
            Some(k) if unsafe_at(bytes, k) => break k,
            Some(k) => from = k + 1,
            None => return text,
        }
    };
    let ours: Vec<String> = if color {
        [GOOD, BAD, WARN, HEAD, DIM]
            .iter()
            .flat_map(|s| [s.render().to_string(), s.render_reset().to_string()])
            .collect()
    } else {
        Vec::new()
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    loop {
        // Printable ASCII runs are copied as they are.
        let run = not_printable_ascii(rest.as_bytes(), 0).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c == '\u{1b}' {
            if let Some(sequence) = ours.iter().find(|s| rest.starts_with(s.as_str())) {
                out.push_str(sequence);
                rest = &rest[sequence.len()..];
                continue;
            }
        }
        if is_unsafe_to_show(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Where the first byte at or after `from` that is not printable ASCII
/// (`0x20..0x7f`) is. An explanation is mostly printable ASCII, so eight
/// bytes are tested at once, and only a word holding another byte is looked
/// at byte by byte.
fn not_printable_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const SPACE: u64 = u64::from_ne_bytes([0x20; 8]);
    const DEL: u64 = u64::from_ne_bytes([0x7f; 8]);
    let unusual = |b: u8| !(0x20..0x7f).contains(&b);
    let mut at = from;
    while let Some(word) = bytes.get(at..at + 8) {
        let w = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
        // A byte of 0x80 or more; one below 0x20 (the subtraction borrows
        // into its top bit); one equal to 0x7f (zero after the xor). Each
        // test says only whether the word holds such a byte, never a false no.
        let del = w ^ DEL;
        let flags = (w | (w.wrapping_sub(SPACE) & !w) | (del.wrapping_sub(ONES) & !del)) & HIGH;
        if flags != 0 {
            if let Some(k) = word.iter().position(|&b| unusual(b)) {
                return Some(at + k);
            }
        }
        at += 8;
    }
    bytes
        .get(at..)?
        .iter()
        .position(|&b| unusual(b))
        .map(|k| at + k)
}

/// Whether a character [`is_unsafe_to_show`] (or a colour sequence) starts
/// at byte `i`, told from its UTF-8 bytes: most explanations hold none, and
/// many hold `✓`, `—` or `█`, which share a first byte with some that are,
/// so the bytes after it decide.
fn unsafe_at(bytes: &[u8], i: usize) -> bool {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b'\t' | b'\n' => false,
        0x00..=0x1f | 0x7f => true,
        // U+0080 to U+009F.
        0xc2 => (0x80..=0x9f).contains(&next(1)),
        // U+200B to U+200D, U+202A to U+202E; U+2060, U+2066 to U+2069.
        0xe2 => matches!(
            (next(1), next(2)),
            (0x80, 0x8b..=0x8d | 0xaa..=0xae) | (0x81, 0xa0 | 0xa6..=0xa9)
        ),
        // U+FEFF.
        0xef => next(1) == 0xbb && next(2) == 0xbf,
        _ => false,
    }
}

/// How many levels the summary names as met, and as nearest missed.
const SUMMARY_MET: usize = 4;
const SUMMARY_MISSED: usize = 3;
/// How many people a line of closest people names.
const CLOSEST_NAMED: usize = 3;

const GOOD: Style = AnsiColor::Green.on_default().effects(Effects::BOLD);
const BAD: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);
const WARN: Style = AnsiColor::Yellow.on_default().effects(Effects::BOLD);
const HEAD: Style = Style::new().effects(Effects::BOLD);
const DIM: Style = Style::new().effects(Effects::DIMMED);

struct Writer<'a> {
    out: String,
    color: bool,
    options: &'a Options,
    /// Person id → name, for those who have one: looked up for every person
    /// named, which must not mean a walk through everyone each time.
    names: HashMap<&'a str, &'a str>,
    /// Competency id → title, for `requires`.
    titles: HashMap<&'a str, &'a str>,
    /// The day measures were taken on, which measures over time compare
    /// with their start: the evaluation date, or the day a score's window
    /// counted.
    date: chrono::NaiveDate,
    /// The evaluation date: "now" only on it.
    as_of: chrono::NaiveDate,
    /// Columns added to every line's indent (a score's requirement details
    /// sit deeper than a path's).
    shift: usize,
}

impl Writer<'_> {
    /// The tense of what is said of the day measured: the evaluation date,
    /// or the earlier day a score's window counted.
    fn tense(&self) -> Tense {
        Tense::measured_on(self.date, self.as_of)
    }

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

    /// A line written straight into the output: no temporary string per
    /// line. Long code lists in it are shortened.
    fn linef(&mut self, indent: usize, text: std::fmt::Arguments) {
        let start = self.out.len();
        let indent = indent + self.shift;
        let _ = writeln!(self.out, "{:indent$}{text}", "");
        if self.out[start..].contains('[') {
            if let Some(shorter) = shorten_lists(&self.out[start..]) {
                self.out.truncate(start);
                self.out.push_str(&shorter);
            }
        }
    }

    fn organization(&mut self, o: &OrgOutcome) {
        self.summary(o);
        if self.options.brief {
            return;
        }
        for c in &o.competencies {
            let designation_shown = c.designation
                && c.score
                    .as_ref()
                    .is_some_and(|s| self.options.shows(&c.id, s.passed));
            if designation_shown || c.levels.iter().any(|l| self.options.shows(&c.id, l.met)) {
                self.out.push('\n');
                self.competency(o, c);
            }
        }
        self.out.push('\n');
        self.membership(o);
        let lapses = o
            .outlook
            .iter()
            .filter(|l| self.options.shows(&l.competency, true))
            .count();
        if lapses > 0 || !self.options.filtered() {
            self.out.push('\n');
            self.outlook(o);
        }
        if !o.people.is_empty() {
            self.out.push('\n');
            self.people(o);
        }
    }

    /// The answer first: who and when, eligibility, the membership and its
    /// renewal, the levels met, and the nearest missed with what each needs.
    fn summary(&mut self, o: &OrgOutcome) {
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
        let m = &o.membership;
        self.linef(
            0,
            format_args!("eligible: {}", m.eligible.map_or("none", |l| l.title())),
        );
        let held = words::HeldWords(m);
        self.linef(0, format_args!("held: {held}"));
        if m.at_risk {
            let alert = self.paint(&format!("⚠ {AT_RISK_ALERT}"), WARN);
            self.line(0, &alert);
            if let Some(first) = m.causes.first() {
                let label = match m.causes.len() {
                    1 => "cause".to_string(),
                    n => format!("first of {n} causes"),
                };
                self.linef(
                    2,
                    format_args!(
                        "{label}: {}",
                        CauseWords {
                            outcome: o,
                            cause: first
                        }
                    ),
                );
            }
            if let Some(restore) = &m.restore {
                self.linef(
                    2,
                    format_args!(
                        "to restore: {}",
                        RestoreWords {
                            outcome: o,
                            restore
                        }
                    ),
                );
            }
        }
        let shown = |l: &&LevelOutcome, id: &str| self.options.shows(id, l.met);
        if self.options.only != Some(Only::Missed) {
            let met: Vec<String> = o
                .competencies
                .iter()
                .flat_map(|c| c.levels.iter().map(move |l| (c, l)))
                .filter(|(c, l)| l.met && shown(l, &c.id))
                .map(|(c, l)| format!("{} {}", LevelName(o, &c.id, l.level), words::ByWords(l)))
                .collect();
            let text = if met.is_empty() {
                "none".to_string()
            } else if met.len() > SUMMARY_MET {
                format!(
                    "{}, and {} more",
                    met[..SUMMARY_MET - 1].join(", "),
                    met.len() - (SUMMARY_MET - 1)
                )
            } else {
                met.join(", ")
            };
            self.linef(0, format_args!("met: {text}"));
        }
        // Designations, one line: which qualify, and how far the others are.
        let designations: Vec<String> = o
            .competencies
            .iter()
            .filter(|c| c.designation && self.options.shows(&c.id, true))
            .filter_map(|c| c.score.as_ref().map(|s| (c, s)))
            .map(|(c, s)| {
                let mark = s.marks.last().map(|m| m.at.normalize());
                match (s.passed, mark) {
                    (true, _) => format!("{} qualified", c.title),
                    (false, Some(mark)) => {
                        format!("{} not qualified ({} of {mark})", c.title, s.total)
                    }
                    (false, None) => format!("{} not qualified", c.title),
                }
            })
            .collect();
        if !designations.is_empty() {
            self.linef(0, format_args!("designations: {}", designations.join(", ")));
        }
        if self.options.only != Some(Only::Met) && o.detail < DetailLevel::Gaps {
            // No gaps were worked out: the levels missed, by name.
            let missed: Vec<String> = o
                .competencies
                .iter()
                .flat_map(|c| c.levels.iter().map(move |l| (c, l)))
                .filter(|(c, l)| !l.met && shown(l, &c.id))
                .map(|(c, l)| LevelName(o, &c.id, l.level).to_string())
                .collect();
            if !missed.is_empty() {
                let text = if missed.len() > SUMMARY_MET {
                    format!(
                        "{}, and {} more",
                        missed[..SUMMARY_MET - 1].join(", "),
                        missed.len() - (SUMMARY_MET - 1)
                    )
                } else {
                    missed.join(", ")
                };
                self.linef(0, format_args!("missed: {text}"));
            }
        } else if self.options.only != Some(Only::Met) {
            let missed: Vec<(&CompetencyOutcome, &LevelOutcome, &Gap)> = missed_nearest_first(o)
                .into_iter()
                .filter(|(c, l, _)| shown(l, &c.id))
                .collect();
            match missed.len() {
                0 => {}
                n if n <= SUMMARY_MISSED => self.line(0, "missed:"),
                n => self.linef(
                    0,
                    format_args!("missed: {n} levels; the nearest {SUMMARY_MISSED}:"),
                ),
            }
            for (c, l, gap) in missed.iter().take(SUMMARY_MISSED) {
                self.linef(
                    2,
                    format_args!("{}: {}", LevelName(o, &c.id, l.level), GapWords(gap)),
                );
            }
        }
    }

    fn competency(&mut self, o: &OrgOutcome, c: &CompetencyOutcome) {
        let head = self.paint(&format!("{} ({})", c.title, c.id), HEAD);
        match (&c.score, c.designation) {
            (Some(s), true) => {
                let verdict = self.score_verdict(s);
                self.linef(0, format_args!("{head}  designation: {verdict}"));
            }
            _ => self.line(0, &head),
        }
        for level in &c.levels {
            if self.options.shows(&c.id, level.met) {
                self.level(o, c, level);
            }
        }
        if let Some(s) = &c.score {
            self.score(s);
        }
    }

    fn level(&mut self, o: &OrgOutcome, c: &CompetencyOutcome, l: &LevelOutcome) {
        let name = format!("{:<6}", l.level.title());
        let band = c.score.as_ref().and_then(|s| {
            let mark = s.marks.iter().find(|m| m.level == Some(l.level))?;
            Some((s, mark.at))
        });
        let verdict = match &l.met_by {
            Some(MetBy::Path(id)) => format!("{} by path `{id}`", self.paint("MET", GOOD)),
            Some(MetBy::Score) => match band {
                Some((s, at)) => format!(
                    "{} by score `{}`: {} of {} needed",
                    self.paint("MET", GOOD),
                    s.id,
                    s.total,
                    crate::syntax::print_score::points(at)
                ),
                None => format!("{} by score", self.paint("MET", GOOD)),
            },
            None if l.gap.is_none() && band.is_some() => {
                let (s, at) = band.expect("a band");
                format!(
                    "{}: score `{}` {} of {} needed",
                    self.paint("MISSED", BAD),
                    s.id,
                    s.total,
                    crate::syntax::print_score::points(at)
                )
            }
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
            None => {
                let missed = self.paint("MISSED", BAD);
                match &l.gap {
                    Some(gap) => format!("{missed}: {}", GapWords(gap)),
                    None => missed,
                }
            }
        };
        self.linef(2, format_args!("{name}  {verdict}"));
        if let Some(gap) = &l.gap {
            self.closest(o, gap);
        }
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

    /// For each skill need of a gap, the people closest to counting.
    fn closest(&mut self, o: &OrgOutcome, gap: &Gap) {
        let skills = gap.needs.iter().filter(|n| !n.closest.is_empty()).count();
        for need in &gap.needs {
            if need.closest.is_empty() {
                continue;
            }
            let mut people: Vec<String> = need
                .closest
                .iter()
                .take(CLOSEST_NAMED)
                .map(|closest| {
                    ClosestWords {
                        outcome: o,
                        closest,
                    }
                    .to_string()
                })
                .collect();
            if need.closest.len() > CLOSEST_NAMED {
                people.push(format!("and {} more", need.closest.len() - CLOSEST_NAMED));
            }
            let whom = match need.requirement() {
                Some(text) if skills > 1 => format!("closest for `{text}`"),
                _ => "closest".to_string(),
            };
            self.linef(4, format_args!("{whom}: {}", people.join("; ")));
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
        let mut measure = match &r.detail {
            Detail::Entities(e) if e.change == Some(EntityChange::Net) => format!(
                "net {} of {}",
                signed(r.actual, r.unit),
                measured(r.required, r.unit)
            ),
            Detail::Entities(_) => format!(
                "{} of {}",
                amount(r.actual, r.unit),
                measured(r.required, r.unit)
            ),
            Detail::Growth(g) if g.kind == GrowthKind::Change => format!(
                "{} of {}",
                signed(r.actual, r.unit),
                measured(r.required, r.unit)
            ),
            _ => format!(
                "{} of {}",
                amount(r.actual, r.unit),
                amount(r.required, r.unit)
            ),
        };
        if !r.met && r.shortfall() > Decimal::ZERO {
            let short = match r.unit {
                Unit::Percent => format!("{} points", number::amount(r.shortfall(), false)),
                unit => amount(r.shortfall(), unit),
            };
            measure.push_str(&format!(", short by {short}"));
        }
        if let Detail::Growth(g) = &r.detail {
            match g.blocked() {
                Some(Blocked::Baseline { .. }) if !r.met => {
                    measure.push_str(", not met: the start is below the baseline")
                }
                Some(Blocked::BeforeStart) => {
                    measure.push_str(", not met: the start is still to come")
                }
                _ => {}
            }
        }
        let bar = bar(r.actual, r.required);
        self.linef(10, format_args!("{measure}  {bar}"));
        match &r.detail {
            Detail::Performance(p) => self.performance(p, r.actual, r.unit),
            Detail::Skill(s) => self.skill(s),
            Detail::Attested(a) => self.attested(a),
            Detail::Requires(_) => {}
            Detail::Entities(e) => self.entities(e),
            Detail::Growth(g) => self.growth(g),
        }
    }

    /// `[net|new] N tenants with ...`: the count at both dates, and who counted.
    fn entities(&mut self, e: &EntityDetail) {
        let unit = Unit::of_metric(e.metric);
        let nouns = |n: u32| e.entity.noun(n == 1);
        let window = e.window.map_or(String::new(), |w| {
            format!("; each over its own {}-month window", w.months)
        });
        let developing = if e.developing {
            "; developing-market count"
        } else {
            ""
        };
        let head = match (e.start, e.then) {
            (Some(start), _) if e.before_start => format!(
                "counted from {start}, after {}: nothing has changed since",
                self.tense().day_words()
            ),
            (Some(start), Some(_)) if e.change == Some(EntityChange::New) => {
                let below = e
                    .entities
                    .iter()
                    .filter(|s| s.met_then == Some(false))
                    .count() as u32;
                format!(
                    "{below} {} below the amount on {start}{window}{developing}",
                    nouns(below)
                )
            }
            (Some(start), Some(then)) => format!(
                "{then} {} met the condition on {start}, {} on {}{window}{developing}",
                nouns(then),
                e.now,
                self.date
            ),
            _ => format!(
                "{} {} met the condition{window}{developing}",
                e.now,
                nouns(e.now)
            ),
        };
        let head = self.paint(&head, DIM);
        self.line(10, &head);
        let at = |v: Decimal| measured(v, unit);
        let one = |s: &EntityStanding| -> String {
            match (e.change, s.value_then) {
                (Some(EntityChange::New), Some(then)) => match s.reached {
                    Some((on, value)) => format!(
                        "{} ({} on {}, {} on {on})",
                        s.id,
                        at(then),
                        e.start.map_or(String::new(), |d| d.to_string()),
                        at(value)
                    ),
                    None => format!(
                        "{} ({} on {})",
                        s.id,
                        at(then),
                        e.start.map_or(String::new(), |d| d.to_string())
                    ),
                },
                (Some(_), Some(then)) => {
                    format!(
                        "{} ({} then, {} {})",
                        s.id,
                        at(then),
                        at(s.value),
                        self.tense().now_words()
                    )
                }
                _ => format!("{} ({})", s.id, at(s.value)),
            }
        };
        let list = |pick: &dyn Fn(&EntityStanding) -> bool| -> Vec<String> {
            e.entities.iter().filter(|s| pick(s)).map(one).collect()
        };
        let mut lines: Vec<(String, Vec<String>)> = Vec::new();
        match e.change {
            None => {
                lines.push(("counted".to_string(), list(&|s| s.counted)));
                lines.push(("below the amount".to_string(), list(&|s| !s.meets)));
            }
            Some(EntityChange::Net) => {
                lines.push(("gained".to_string(), list(&|s| s.counted)));
                lines.push(("lost".to_string(), list(&|s| s.lost())));
                let kept = e
                    .entities
                    .iter()
                    .filter(|s| s.meets && s.met_then == Some(true))
                    .count();
                if kept > 0 {
                    let kept = format!("{kept} met it at both dates");
                    let kept = self.paint(&kept, DIM);
                    self.line(10, &kept);
                }
            }
            Some(EntityChange::New) => {
                lines.push((
                    "reached it since the start".to_string(),
                    list(&|s| s.counted),
                ));
                lines.push((
                    "met it at the start already (not new)".to_string(),
                    list(&|s| s.met_then == Some(true)),
                ));
            }
        }
        for (label, items) in lines {
            if !items.is_empty() {
                self.linef(10, format_args!("{label}: {}", items.join(", ")));
            }
        }
        if !e.without_customer.is_empty() {
            let records: Vec<String> = e
                .without_customer
                .iter()
                .map(|r| format!("{} on {}", amount(r.value, unit), r.date))
                .collect();
            let text = format!(
                "not counted, no customer on the record: {}",
                records.join(", ")
            );
            let text = self.paint(&text, DIM);
            self.line(10, &text);
        }
        if !e.developing_withheld_by.is_empty() {
            self.linef(
                10,
                format_args!(
                    "the developing-market count does not apply: counted {} of developed-market customers: {}",
                    e.entity.keyword(),
                    e.developing_withheld_by.join(", ")
                ),
            );
        }
    }

    /// `growth|change ...`: the measure at the start and at the date.
    fn growth(&mut self, g: &GrowthDetail) {
        if g.before_start {
            let text = format!(
                "measured from {}, after {}",
                g.start,
                self.tense().day_words()
            );
            let text = self.paint(&text, DIM);
            return self.line(10, &text);
        }
        let mut text = format!(
            "{} on {}, {} on {}: {}",
            measured(g.value_then, g.unit),
            g.start,
            amount(g.value, g.unit),
            self.date,
            signed(g.change, g.unit)
        );
        match (g.kind, g.percent) {
            (_, Some(p)) => text.push_str(&format!(
                " ({}{})",
                if p < Decimal::ZERO { "" } else { "+" },
                percent(p)
            )),
            (GrowthKind::Growth, None) => text.push_str("; growth from nothing cannot be measured"),
            (GrowthKind::Change, None) => {}
        }
        if let Some(w) = g.window {
            text.push_str(&format!("; each over a {}-month window", w.months));
        }
        if g.developing {
            text.push_str("; developing-market threshold");
        }
        let text = self.paint(&text, DIM);
        self.line(10, &text);
        if let Some(b) = &g.baseline {
            let mark = self.mark(b.met);
            self.linef(
                10,
                format_args!(
                    "{mark} baseline: {} on {}, at least {} asked",
                    measured(g.value_then, g.unit),
                    g.start,
                    amount(b.floor, g.unit)
                ),
            );
        }
        if !g.people.is_empty() {
            let people = self.labels(&g.people);
            let date = self.date;
            self.linef(10, format_args!("counted on {date}: {people}"));
        }
        if !g.people_then.is_empty() {
            let people = self.labels(&g.people_then);
            self.linef(10, format_args!("counted on {}: {people}", g.start));
        }
    }

    /// `requires cloud_platform gold`: whether that level is met, and how.
    fn requires(&mut self, req: &RequiresDetail) {
        let level = format!("{} {}", self.title(&req.competency), req.level.title());
        let text = match &req.met_by {
            Some(MetBy::Path(path)) => format!("{level} is met, by path `{path}`"),
            Some(MetBy::Override) => format!("{level} is met, by an override"),
            Some(MetBy::Score) => format!("{level} is met, by its score"),
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
                &format!(
                    "not counted: {code} is granted on {on}, after {}",
                    self.tense().day_words()
                ),
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
        let text = words::records_found(p, actual, unit, records);
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
            format!("{} on {} ({what})", amount(r.value, unit), r.date)
        };
        if !p.excluded.is_empty() {
            let text = ExcludedWords {
                records: &p.excluded,
                unit,
                several,
            }
            .to_string();
            let text = self.paint(&text, DIM);
            self.line(10, &text);
        }
        // Records, each with what it says of itself.
        let listed = |records: &[RecordRef], said: &dyn Fn(&RecordRef) -> String| -> Vec<String> {
            records.iter().map(|r| record(r, said(r))).collect()
        };
        if !p.excluded_by_offer.is_empty() {
            let left_out = listed(&p.excluded_by_offer, &|r| {
                r.offer
                    .as_deref()
                    .map_or("no offer".to_string(), |o| format!("offer `{o}`"))
            });
            let text = format!(
                "not counted, left out by `where offer`: {}",
                left_out.join(", ")
            );
            let text = self.paint(&text, DIM);
            self.line(10, &text);
        }
        if !p.developing_withheld_by.is_empty() {
            let customers = listed(&p.developing_withheld_by, &|r| {
                r.customer
                    .as_deref()
                    .map_or("a customer".to_string(), |c| format!("customer `{c}`"))
            });
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
                .map(|r| ReasonWords(r, self.tense()).to_string())
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
            if let Some(restore) = &m.restore {
                self.linef(
                    2,
                    format_args!(
                        "to restore: {}",
                        RestoreWords {
                            outcome: o,
                            restore
                        }
                    ),
                );
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
            if !self.options.shows(&lapse.competency, true) {
                continue;
            }
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

/// Every missed level with its gap, the nearest first, as paths are
/// compared (§4), but those begun before those not: a level nothing counts
/// toward yet is far, however few its requirements. A stable sort:
/// rule-set order on a tie. The summary's order, and the report's.
pub fn missed_nearest_first(o: &OrgOutcome) -> Vec<(&CompetencyOutcome, &LevelOutcome, &Gap)> {
    let mut missed: Vec<(&CompetencyOutcome, &LevelOutcome, &Gap)> = o
        .competencies
        .iter()
        .flat_map(|c| c.levels.iter().map(move |l| (c, l)))
        .filter_map(|(c, l)| Some((c, l, l.gap.as_ref()?)))
        .collect();
    missed.sort_by(|a, b| {
        begun(a.1, a.2)
            .cmp(&begun(b.1, b.2))
            .reverse()
            .then_with(|| crate::evaluate::gap::compare(&a.2.needs, &b.2.needs))
    });
    missed
}

/// Whether anything counts toward a missed level's nearest path yet: a
/// requirement met, or a shortfall smaller than what is required.
fn begun(level: &LevelOutcome, gap: &Gap) -> bool {
    let path = level.paths.iter().find(|p| p.id == gap.path);
    path.is_some_and(|p| p.requirements.iter().any(|r| r.met))
        || gap.needs.iter().any(|n| n.short_by < n.required)
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
/// organizations evaluated met it, and how many are one requirement away
/// (the nearest path lacks one thing only).
pub fn summary(report: &crate::batch::Report) -> String {
    let mut out = String::new();
    let done = report.batch.done;
    let _ = writeln!(
        out,
        "Summary: {} of {} organizations evaluated",
        count(report.batch.done),
        count(report.batch.found)
    );
    let names: Vec<String> = report
        .levels
        .iter()
        .map(|l| format!("{} {}", l.title, l.level.title()))
        .collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    // At `--detail verdict` no one's gaps are worked out: no column for them.
    let gaps = report.detail >= crate::outcome::DetailLevel::Gaps;
    let _ = write!(out, "  {:<width$}  {:>9} {:>5}", "", "met", "%");
    if gaps {
        let _ = write!(out, "  {:>20} {:>5}", "one requirement away", "%");
    }
    out.push('\n');
    for (name, l) in names.iter().zip(&report.levels) {
        let _ = write!(
            out,
            "  {name:<width$}  {:>9} {:>5}",
            count(l.met),
            share(l.met, done)
        );
        if gaps {
            let _ = write!(
                out,
                "  {:>20} {:>5}",
                count(l.one_away),
                share(l.one_away, done)
            );
        }
        out.push('\n');
    }
    shown_safely(out, false)
}

/// `1,234`.
fn count(n: usize) -> String {
    crate::number::grouped(Decimal::from(n))
}

/// `n` of `total` as a whole percentage, rounded down, but never `0%` for
/// a share that is not nothing: `<1%`.
fn share(n: usize, total: usize) -> String {
    match (n * 100).checked_div(total) {
        Some(0) if n > 0 => "<1%".to_string(),
        Some(percent) => format!("{percent}%"),
        None => "-".to_string(),
    }
}

/// Lists of more than [`LIST_SHOWN`] + 1 codes or names, shortened to the
/// first [`LIST_SHOWN`] and how many more: `["70-532", "70-533", … 4 more]`.
/// `None` when the line has no such list. Only lists as requirement texts
/// write them are touched: `[` then quoted strings or names separated by
/// `, `, then `]`.
pub fn shorten_lists(line: &str) -> Option<String> {
    let mut out = String::new();
    // How far `line` is copied into `out`.
    let mut copied = 0;
    let mut from = 0;
    while let Some(open) = line[from..].find('[').map(|i| from + i) {
        match list(&line[open..]) {
            Some(List {
                items,
                shown,
                length,
            }) if items > LIST_SHOWN + 1 => {
                out.push_str(&line[copied..open + shown]);
                let _ = write!(out, ", … {} more]", items - LIST_SHOWN);
                copied = open + length;
                from = copied;
            }
            _ => from = open + 1,
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&line[copied..]);
    Some(out)
}

/// How many items of a long list are shown.
const LIST_SHOWN: usize = 2;

/// A list a text starts with.
struct List {
    items: usize,
    /// Bytes up to the end of the last item shown.
    shown: usize,
    /// Bytes up to and including the `]`.
    length: usize,
}

/// The list `text` starts with; `None` when it does not start with a list
/// of strings or names.
fn list(text: &str) -> Option<List> {
    let bytes = text.as_bytes();
    let (mut items, mut shown) = (0, 0);
    let mut i = 1;
    loop {
        match bytes.get(i)? {
            b'"' => {
                i += 1;
                loop {
                    match bytes.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i += 1;
            }
            b if b.is_ascii_lowercase() => {
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
                {
                    i += 1;
                }
            }
            _ => return None,
        }
        items += 1;
        if items == LIST_SHOWN {
            shown = i;
        }
        match bytes.get(i)? {
            b']' => {
                return Some(List {
                    items,
                    shown,
                    length: i + 1,
                });
            }
            b',' if bytes.get(i + 1) == Some(&b' ') => i += 2,
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_of_its_own_styles_passes_and_any_other_control_is_escaped() {
        let ours = format!("{}met{}", GOOD.render(), GOOD.render_reset());
        let theirs = "Name\u{1b}]0;title\u{7}\u{202e}x\u{200b}\tZoë 云";
        let shown = shown_safely(format!("{ours} {theirs}\n"), true);
        assert_eq!(
            shown,
            format!("{ours} Name\\u{{1b}}]0;title\\u{{7}}\\u{{202e}}x\\u{{200b}}\tZoë 云\n")
        );
        // Without colour, even the explanation's own sequences are escaped.
        assert!(!shown_safely(ours, false).contains('\u{1b}'));
        // Text without anything to escape is handed back as it is.
        assert_eq!(shown_safely("Облако".to_string(), true), "Облако");
        // The quick look at bytes agrees with the rule on every character
        // of the planes it can meet.
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(
                unsafe_at(bytes, 0),
                is_unsafe_to_show(c),
                "{:x}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn the_word_at_a_time_look_finds_the_first_byte_a_byte_at_a_time_look_finds() {
        let naive = |bytes: &[u8], from: usize| {
            (from..bytes.len()).find(|&k| !(0x20..0x7f).contains(&bytes[k]))
        };
        // Each byte value at each place of a word and of the tail, among
        // printable neighbours (which a borrow from below must not hide).
        for len in [1, 7, 8, 9, 16, 17, 23] {
            for at in 0..len {
                for b in 0..=255u8 {
                    for fill in [b' ', b'~', b'A'] {
                        let mut bytes = vec![fill; len];
                        bytes[at] = b;
                        for from in [0, at, at.saturating_sub(3), (at + 1).min(len)] {
                            assert_eq!(
                                not_printable_ascii(&bytes, from),
                                naive(&bytes, from),
                                "{bytes:?} from {from}"
                            );
                        }
                    }
                }
            }
        }
        // Pairs of unusual bytes in one word: the first is found.
        for a in [0x00, 0x1f, 0x7f, 0x80, 0xff] {
            for b in [0x00, 0x09, 0x0a, 0x7f, 0xe2] {
                let bytes = [b'x', a, b'y', b, b'z', b'z', b'z', b'z', b'z'];
                assert_eq!(not_printable_ascii(&bytes, 0), naive(&bytes, 0));
                assert_eq!(not_printable_ascii(&bytes, 2), naive(&bytes, 2));
            }
        }
    }

    #[test]
    fn long_code_lists_are_shortened() {
        let line = r#"2 people certified in ["70-532", "70-533", "70-535", "AZ-1\"04", "x", "y"] or assessed in ["a", "b", "c"]"#;
        assert_eq!(
            shorten_lists(line).as_deref(),
            Some(
                r#"2 people certified in ["70-532", "70-533", … 4 more] or assessed in ["a", "b", "c"]"#
            )
        );
        assert_eq!(shorten_lists(r#"["a", "b", "c"]"#), None);
        assert_eq!(
            shorten_lists("via [dpor, tpor, cpor, xpor]").as_deref(),
            Some("via [dpor, tpor, … 2 more]")
        );
        // Not a list as requirements write them: left alone.
        assert_eq!(shorten_lists("[a,b,c,d] and [ x ] and [\"a\", "), None);
        assert_eq!(shorten_lists("[██████████] 100%"), None);
    }

    #[test]
    fn the_batch_table_groups_thousands_and_shows_small_shares() {
        let report = crate::batch::Report {
            batch: crate::batch::Batch {
                found: 250_001,
                done: 250_000,
                problems: 1,
                interrupted: false,
                counted: true,
            },
            levels: vec![crate::batch::LevelTally {
                competency: "devops".to_string(),
                title: "DevOps".to_string(),
                level: crate::vocabulary::Level::Silver,
                met: 123_456,
                one_away: 2_499,
            }],
            warnings: Vec::new(),
            detail: crate::outcome::DetailLevel::Full,
        };
        assert_eq!(
            summary(&report),
            "Summary: 250,000 of 250,001 organizations evaluated\n\
             \x20                      met     %  one requirement away     %\n\
             \x20 DevOps Silver    123,456   49%                 2,499   <1%\n"
        );
    }

    #[test]
    fn shares_are_never_rounded_to_nothing() {
        assert_eq!(share(0, 10), "0%");
        assert_eq!(share(1, 1000), "<1%");
        assert_eq!(share(999, 1000), "99%");
        assert_eq!(share(1000, 1000), "100%");
        assert_eq!(share(0, 0), "-");
    }
}
