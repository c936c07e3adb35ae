//! Evaluating a TARGET — one organization, a list file, or a folder — as one
//! batch, however large, in two streamed passes:
//!
//! 1. A quick lexical look at every organization (ids and association times
//!    only) builds the people index for "one organization at a time"
//!    (`people_index.rs`), counts the organizations, and finds files that
//!    cannot be split. Memory grows with the number of people, not with the
//!    facts.
//! 2. Organizations are read again a chunk at a time; each chunk is parsed,
//!    evaluated and rendered in parallel, and written out in input order.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::evaluate::{self, Severance};
use crate::facts::near_miss::{FactWarning, Gathered, RuleNames};
use crate::facts::{
    self, FactError, FactReader, Input, OrgText, Organization, check_against_rules,
};
use crate::outcome::{DetailLevel, OrgOutcome};
use crate::ruleset::RuleSet;
use crate::vocabulary::Level;

mod in_order;
mod people_index;

use people_index::PeopleIndex;

/// Organizations read ahead per step: enough to keep every core busy, few
/// enough that memory stays flat...
const CHUNK: usize = 512;

/// ...and no more text than this per step (but for one organization larger
/// than that on its own), so that large organizations do not pile up.
const CHUNK_BYTES: usize = 8 << 20;

/// What happened in a batch, besides the outputs.
#[derive(Debug, Default)]
pub struct Batch {
    /// Organizations found in the facts.
    pub found: usize,
    /// Organizations the job was done for (those with problems are not).
    pub done: usize,
    /// Diagnostics reported (as `Event::Problems`, when they were found).
    pub problems: usize,
    /// Stopped early by [`interrupt_flag`]: the outputs handed out are those
    /// of the first `done` organizations done, each whole.
    pub interrupted: bool,
    /// Whether `found` is the whole count: false when interrupted in the
    /// first pass, which counts them.
    pub counted: bool,
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The flag that stops every batch between two organizations, once set (by
/// a signal handler: `rules eval` sets it on Ctrl-C). Setting it is all a
/// handler does, so it is safe in one. A batch then hands out no further
/// output, and says it was interrupted.
pub fn interrupt_flag() -> &'static AtomicBool {
    &INTERRUPTED
}

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Hands problems to the caller, and counts them.
fn report(batch: &mut Batch, events: &mut dyn FnMut(Event), problems: Diagnostics) {
    if !problems.is_empty() {
        batch.problems += problems.len();
        events(Event::Problems(problems));
    }
}

/// What the reader hands out: an organization's text, or a file's problems.
type Item = Result<OrgText, facts::FileProblem>;

/// Reads `reader` on its own thread, a chunk at a time, running ahead while
/// `each` works on the chunk before (in parallel, if it likes).
fn in_chunks(reader: FactReader, each: &mut dyn FnMut(Vec<Item>)) {
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<Item>>(2);
        scope.spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut bytes = 0;
            for item in reader {
                bytes += item.as_ref().map_or(0, |text| text.source.text().len());
                chunk.push(item);
                if (chunk.len() == CHUNK || bytes >= CHUNK_BYTES)
                    && sender.send(std::mem::take(&mut chunk)).is_err()
                {
                    return;
                }
                if chunk.is_empty() {
                    bytes = 0;
                }
            }
            if !chunk.is_empty() {
                let _ = sender.send(chunk);
            }
        });
        for chunk in receiver {
            // Dropping the receiver stops the reader at its next chunk.
            if interrupted() {
                break;
            }
            each(chunk);
        }
    });
}

/// What a batch tells its caller as it goes: for a progress bar, and the
/// problems it finds, as soon as it finds them (a batch of a million
/// organizations must not hold its diagnostics until the end).
#[derive(Debug)]
pub enum Event {
    /// How many organizations there are, once known.
    Total(u64),
    /// This many more were dealt with.
    Done(u64),
    Problems(Diagnostics),
}

/// A job done for one organization: given the organization, who of its
/// people another organization keeps, and the date to evaluate at.
pub type Job<'a, R> =
    dyn Fn(&Organization, &Severance, NaiveDate) -> Result<R, Vec<FactError>> + Sync + 'a;

/// Does `job` for every organization of `target` — in parallel, chunk by
/// chunk — and hands the results to `sink` in input order. The job gets the
/// organization, who of its people another organization keeps, and the date
/// to evaluate at; it may turn the organization down with problems.
pub fn for_each_organization<R: Send>(
    target: &Path,
    as_of: Option<NaiveDate>,
    job: &Job<R>,
    sink: &mut dyn FnMut(R),
    events: &mut dyn FnMut(Event),
) -> Batch {
    let mut batch = Batch::default();
    let input = match Input::resolve(target) {
        Ok(input) => input,
        Err(problems) => {
            report(&mut batch, events, problems);
            return batch;
        }
    };
    let index = PeopleIndex::build(&input);
    batch.found = index.organizations;
    if interrupted() {
        batch.interrupted = true;
        return batch;
    }
    batch.counted = true;
    events(Event::Total(index.organizations as u64));

    let reader = FactReader::new(&input);
    let index = &index;
    let one = |text: &OrgText| -> Result<R, Vec<FactError>> {
        let org = text.parse().map_err(|mut errors| {
            // What "one organization at a time" could not read of a broken one,
            // when there are others to choose between.
            let seen = facts::people::people_of(text.source.text(), text.format);
            if seen.unread > 0 && index.organizations > 1 {
                let bytes = text.source.text().as_bytes();
                let first = match facts::tokens::lex(text.format, bytes, 0, true) {
                    facts::tokens::Lexed::Token(t) => t.start..t.end,
                    facts::tokens::Lexed::NeedMore => 0..0,
                };
                let loc = crate::source::Loc::new(&text.source, first);
                let kind = facts::FactErrorKind::PeopleUnread { count: seen.unread };
                errors.push(FactError::new(kind, loc));
            }
            errors
        })?;
        let severance = index.severance(text.position, &org);
        job(&org, &severance, evaluate::evaluation_date(as_of, &org))
    };
    in_chunks(reader, &mut |chunk| {
        let count = chunk.len() as u64;
        // A file's problems are reported in order with the organizations.
        let (texts, mut problems): (Vec<Option<OrgText>>, Vec<Option<Diagnostics>>) = chunk
            .into_iter()
            .map(|item| match item {
                Ok(text) => (Some(text), None),
                Err(problem) => (None, Some(problem.diagnostics)),
            })
            .unzip();
        let work = |text: &Option<OrgText>| text.as_ref().filter(|_| !interrupted()).map(one);
        // In input order, each as soon as it is next, so that few results
        // are held at once.
        in_order::map_in_order(&texts, &work, &mut |i, result| {
            if interrupted() {
                batch.interrupted = true;
                return false;
            }
            if let Some(problem) = problems[i].take() {
                report(&mut batch, events, problem);
            }
            match result {
                Some(Ok(r)) => {
                    batch.done += 1;
                    sink(r);
                }
                Some(Err(errors)) => report(&mut batch, events, Diagnostics::from(errors)),
                None => {}
            }
            true
        });
        if !batch.interrupted {
            events(Event::Done(count));
        }
    });
    batch.interrupted |= interrupted();
    batch
}

/// Reads and parses every organization of `target` the way a batch does —
/// streamed, in parallel chunks — and nothing else: the baseline that batch
/// evaluation is measured against. Returns how many parsed, and the problems.
pub fn load_only(target: &Path) -> (usize, Diagnostics) {
    let mut parsed = 0;
    let mut problems = Diagnostics::new();
    let input = match Input::resolve(target) {
        Ok(input) => input,
        Err(d) => return (0, d),
    };
    in_chunks(FactReader::new(&input), &mut |chunk| {
        let results: Vec<Result<(), Vec<FactError>>> = chunk
            .par_iter()
            .filter_map(|item| item.as_ref().ok())
            .map(|text| text.parse().map(|_| ()))
            .collect();
        for result in results {
            match result {
                Ok(()) => parsed += 1,
                Err(errors) => problems.extend(errors),
            }
        }
    });
    (parsed, problems)
}

/// What `rules eval` reports besides the explanations.
#[derive(Debug, Default)]
pub struct Report {
    pub batch: Batch,
    /// Each competency (rule-set order) and level it defines, and how the
    /// organizations stood against it.
    pub levels: Vec<LevelTally>,
    /// Names in the facts that look like names the rules use: one per
    /// distinct name of a file, at its first place, with how many places.
    pub warnings: Vec<FactWarning>,
    /// How much was worked out: below `Gaps`, no one is known to be one
    /// requirement away.
    pub detail: DetailLevel,
}

/// How many organizations met a level, and how many are one requirement
/// away from it.
#[derive(Debug)]
pub struct LevelTally {
    pub competency: String,
    pub title: String,
    pub level: Level,
    pub met: usize,
    /// Missed, with one shortfall only on the nearest path.
    pub one_away: usize,
}

/// Evaluates every organization of `target`. `render` turns each outcome
/// into output text (called in parallel); `write` receives the texts in
/// input order; `events` hears the total once known, each step, and problems.
pub fn evaluate_batch(
    rules: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    detail: DetailLevel,
    render: &(dyn Fn(&OrgOutcome) -> String + Sync),
    write: &mut dyn FnMut(&str),
    events: &mut dyn FnMut(Event),
) -> Report {
    evaluate_each(
        rules,
        target,
        as_of,
        detail,
        render,
        &mut |text: String| write(&text),
        events,
    )
}

/// [`evaluate_batch`] for any digest of an outcome, not only text: `digest`
/// turns each outcome into what the caller keeps of it (called in parallel),
/// `keep` receives the digests in input order. The tallies are the same.
pub fn evaluate_each<R: Send>(
    rules: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    detail: DetailLevel,
    digest: &(dyn Fn(&OrgOutcome) -> R + Sync),
    keep: &mut dyn FnMut(R),
    events: &mut dyn FnMut(Event),
) -> Report {
    let mut levels: Vec<LevelTally> = rules
        .competencies
        .iter()
        .flat_map(|c| {
            c.levels.iter().map(move |l| LevelTally {
                competency: c.id.clone(),
                title: c.title.clone(),
                level: l.level,
                met: 0,
                one_away: 0,
            })
        })
        .collect();
    let names = RuleNames::of(rules);
    let job = |org: &Organization, severance: &Severance, date: NaiveDate| {
        let mut outcome = evaluate_checked(rules, org, severance, date, detail)?;
        outcome.warnings = names.warnings(org);
        // Per level: met, or one requirement away.
        let standing: Vec<(bool, bool)> = outcome
            .competencies
            .iter()
            .flat_map(|c| {
                c.levels
                    .iter()
                    .map(|l| (l.met, l.gap.as_ref().is_some_and(|g| g.needs.len() == 1)))
            })
            .collect();
        Ok((digest(&outcome), standing, outcome.warnings))
    };
    let mut warnings = Gathered::default();
    let mut sink = |(output, standing, found): (R, Vec<(bool, bool)>, Vec<FactWarning>)| {
        keep(output);
        for (tally, (met, one_away)) in levels.iter_mut().zip(standing) {
            tally.met += usize::from(met);
            tally.one_away += usize::from(one_away);
        }
        warnings.add(&found, true);
    };
    let batch = for_each_organization(target, as_of, &job, &mut sink, events);
    Report {
        batch,
        levels,
        warnings: warnings.into_warnings(),
        detail,
    }
}

/// Checks an organization's facts against the rules, then evaluates it.
pub fn evaluate_checked(
    rules: &RuleSet,
    org: &Organization,
    severance: &Severance,
    date: NaiveDate,
    detail: DetailLevel,
) -> Result<OrgOutcome, Vec<FactError>> {
    let problems = check_against_rules(rules, org);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(evaluate::evaluate_with(rules, org, date, severance, detail))
}

/// Evaluates every organization of `target` in order, handing each outcome
/// to `emit`: the simple form, for small inputs and tests.
pub fn evaluate_target(
    rules: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    mut emit: impl FnMut(OrgOutcome),
) -> Diagnostics {
    let names = RuleNames::of(rules);
    let job = |org: &Organization, severance: &Severance, date: NaiveDate| {
        let mut outcome = evaluate_checked(rules, org, severance, date, DetailLevel::Full)?;
        outcome.warnings = names.warnings(org);
        Ok(outcome)
    };
    let mut diagnostics = Diagnostics::new();
    let mut collect = |event| {
        if let Event::Problems(problems) = event {
            diagnostics.append(problems);
        }
    };
    for_each_organization(target, as_of, &job, &mut emit, &mut collect);
    diagnostics
}
