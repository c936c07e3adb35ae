//! Evaluating a TARGET — one organization, a list file, or a folder — as one
//! batch, however large, in two streamed passes:
//!
//! 1. A quick lexical look at every organization (ids and association times
//!    only) builds the people index for "one organization at a time", counts
//!    the organizations, and finds files that cannot be split. Memory grows
//!    with the number of people, not with the facts.
//! 2. Organizations are read again a chunk at a time; each chunk is parsed,
//!    evaluated and rendered in parallel, and written out in input order.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::mpsc;

use chrono::NaiveDate;
use miette::SourceSpan;
use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::evaluate::{self, Severance, SeveredBy};
use crate::facts::{self, FactError, FactReader, OrgText, Organization};
use crate::outcome::OrgOutcome;
use crate::ruleset::RuleSet;
use crate::suggest::did_you_mean;
use crate::vocabulary::Level;

/// Organizations evaluated per parallel step: enough to keep every core
/// busy, few enough that memory stays flat.
const CHUNK: usize = 512;

/// What happened in a batch, besides the outputs.
#[derive(Debug, Default)]
pub struct Batch {
    /// Organizations found in the facts.
    pub found: usize,
    /// Organizations the job was done for (those with problems are not).
    pub done: usize,
    /// Diagnostics reported (as `Event::Problems`, when they were found).
    pub problems: usize,
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
            for item in reader {
                chunk.push(item);
                if chunk.len() == CHUNK && sender.send(std::mem::take(&mut chunk)).is_err() {
                    return;
                }
            }
            if !chunk.is_empty() {
                let _ = sender.send(chunk);
            }
        });
        for chunk in receiver {
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
    let index = match PeopleIndex::build(target) {
        Ok((index, problems)) => {
            report(&mut batch, events, problems);
            index
        }
        Err(problems) => {
            report(&mut batch, events, problems);
            return batch;
        }
    };
    batch.found = index.organizations;
    events(Event::Total(index.organizations as u64));

    let Ok(reader) = FactReader::open(target) else {
        return batch;
    };
    let index = &index;
    let one = |text: &OrgText| -> Result<R, Vec<FactError>> {
        let org = facts::parse_organization(&text.source)?;
        let severance = index.severance(text.position, &org);
        job(&org, &severance, evaluate::evaluation_date(as_of, &org))
    };
    in_chunks(reader, &mut |chunk| {
        let results: Vec<Result<R, Vec<FactError>>> = chunk
            .par_iter()
            // Problems of whole files were reported by the first pass, and a
            // file that cannot be read to its end gives no output at all.
            .filter_map(|item| item.as_ref().ok())
            .filter(|text| !index.broken_files.contains(text.source.name()))
            .map(one)
            .collect();
        for result in results {
            match result {
                Ok(r) => {
                    batch.done += 1;
                    sink(r);
                }
                Err(errors) => report(&mut batch, events, Diagnostics::from(errors)),
            }
        }
        events(Event::Done(chunk.len() as u64));
    });
    batch
}

/// Reads and parses every organization of `target` the way a batch does —
/// streamed, in parallel chunks — and nothing else: the baseline that batch
/// evaluation is measured against. Returns how many parsed, and the problems.
pub fn load_only(target: &Path) -> (usize, Diagnostics) {
    let mut parsed = 0;
    let mut problems = Diagnostics::new();
    let reader = match FactReader::open(target) {
        Ok(reader) => reader,
        Err(d) => return (0, d),
    };
    in_chunks(reader, &mut |chunk| {
        let results: Vec<Result<(), Vec<FactError>>> = chunk
            .par_iter()
            .filter_map(|item| item.as_ref().ok())
            .map(|text| facts::parse_organization(&text.source).map(|_| ()))
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
    /// For each competency (rule-set order) and level it defines: its id,
    /// title, the level, and how many organizations met it.
    pub met: Vec<(String, String, Level, usize)>,
}

/// Evaluates every organization of `target`. `render` turns each outcome
/// into output text (called in parallel); `write` receives the texts in
/// input order; `events` hears the total once known, each step, and problems.
pub fn evaluate_batch(
    rules: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    render: &(dyn Fn(&OrgOutcome) -> String + Sync),
    write: &mut dyn FnMut(&str),
    events: &mut dyn FnMut(Event),
) -> Report {
    let mut met: Vec<(String, String, Level, usize)> = rules
        .competencies
        .iter()
        .flat_map(|c| {
            c.levels
                .iter()
                .map(move |l| (c.id.clone(), c.title.clone(), l.level, 0))
        })
        .collect();
    let job = |org: &Organization, severance: &Severance, date: NaiveDate| {
        let outcome = evaluate_checked(rules, org, severance, date)?;
        let flags: Vec<bool> = outcome
            .competencies
            .iter()
            .flat_map(|c| c.levels.iter().map(|l| l.met))
            .collect();
        Ok((render(&outcome), flags))
    };
    let mut sink = |(output, flags): (String, Vec<bool>)| {
        write(&output);
        for (count, flag) in met.iter_mut().zip(flags) {
            count.3 += usize::from(flag);
        }
    };
    let batch = for_each_organization(target, as_of, &job, &mut sink, events);
    Report { batch, met }
}

/// Checks an organization's facts against the rules, then evaluates it.
pub fn evaluate_checked(
    rules: &RuleSet,
    org: &Organization,
    severance: &Severance,
    date: NaiveDate,
) -> Result<OrgOutcome, Vec<FactError>> {
    let problems = check_against_rules(rules, org);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(evaluate::evaluate(rules, org, date, severance))
}

/// Evaluates every organization of `target` in order, handing each outcome
/// to `emit`: the simple form, for small inputs and tests.
pub fn evaluate_target(
    rules: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    mut emit: impl FnMut(OrgOutcome),
) -> Diagnostics {
    let job = |org: &Organization, severance: &Severance, date: NaiveDate| {
        evaluate_checked(rules, org, severance, date)
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

/// Who keeps each person listed by more than one organization: the one
/// they associated with last; on a tie, the first in the batch.
#[derive(Debug, Default)]
pub struct PeopleIndex {
    /// One entry per (person, organization) until `settle`.
    entries: Vec<Entry>,
    /// Person (by hash) → the organization that keeps them, for people listed more than once.
    keepers: HashMap<u128, Keeper>,
    /// Organization ids by position, packed.
    ids: String,
    id_ends: Vec<u32>,
    organizations: usize,
    /// Files that could not be split to their end.
    broken_files: HashSet<String>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    person: u128,
    associated: i64,
    position: u32,
}

#[derive(Debug, Clone, Copy)]
struct Keeper {
    position: u32,
    associated: i64,
}

impl PeopleIndex {
    /// The first pass: a quick look at every organization of `target`.
    /// Returns the index and the problems of files that cannot be split.
    fn build(target: &Path) -> Result<(PeopleIndex, Diagnostics), Diagnostics> {
        let reader = FactReader::open(target)?;
        let mut index = PeopleIndex::default();
        let mut problems = Diagnostics::new();
        // Positions of each file's organizations, to forget a broken file's people.
        let mut first_of_file: HashMap<String, u32> = HashMap::new();
        in_chunks(reader, &mut |chunk| {
            let seen: Vec<Option<facts::scan::PeopleOf>> = chunk
                .par_iter()
                .map(|item| {
                    item.as_ref()
                        .ok()
                        .map(|text| facts::scan::people_of(text.source.text()))
                })
                .collect();
            for (item, seen) in chunk.into_iter().zip(seen) {
                match (item, seen) {
                    (Ok(text), Some(seen)) => {
                        first_of_file
                            .entry(text.source.name().to_string())
                            .or_insert(text.position as u32);
                        let people = seen.people.iter().map(|(id, at)| (id.as_str(), *at));
                        index.add(text.position, seen.org.as_deref().unwrap_or(""), people);
                        index.organizations = text.position + 1;
                    }
                    (Err(problem), _) => {
                        // The file's organizations will not be evaluated: their people keep no one.
                        if let Some(first) = first_of_file.get(&problem.file) {
                            index.entries.retain(|e| e.position < *first);
                        }
                        index.broken_files.insert(problem.file);
                        problems.append(problem.diagnostics);
                    }
                    (Ok(_), None) => {}
                }
            }
        });
        index.settle();
        Ok((index, problems))
    }

    fn add<'a>(
        &mut self,
        position: usize,
        org: &str,
        people: impl Iterator<Item = (&'a str, Option<chrono::DateTime<chrono::Utc>>)>,
    ) {
        debug_assert_eq!(
            self.id_ends.len(),
            position,
            "organizations are added in order"
        );
        self.ids.push_str(org);
        self.id_ends.push(self.ids.len() as u32);
        for (person, associated) in people {
            // A time that does not read is reported by the full parse.
            let Some(associated) = associated else {
                continue;
            };
            self.entries.push(Entry {
                person: person_hash(person),
                associated: associated.timestamp_micros(),
                position: position as u32,
            });
        }
    }

    /// Keeps only people listed by more than one organization, with who keeps them.
    fn settle(&mut self) {
        // Latest association first; on a tie, the first organization.
        self.entries.sort_unstable_by(|a, b| {
            a.person
                .cmp(&b.person)
                .then(b.associated.cmp(&a.associated))
                .then(a.position.cmp(&b.position))
        });
        for group in self.entries.chunk_by(|a, b| a.person == b.person) {
            if group.len() > 1 && group.iter().any(|e| e.position != group[0].position) {
                self.keepers.insert(
                    group[0].person,
                    Keeper {
                        position: group[0].position,
                        associated: group[0].associated,
                    },
                );
            }
        }
        self.entries = Vec::new();
    }

    fn org_id(&self, position: u32) -> &str {
        let end = self.id_ends[position as usize] as usize;
        let start = if position == 0 {
            0
        } else {
            self.id_ends[position as usize - 1] as usize
        };
        &self.ids[start..end]
    }

    /// The people of the organization at `position` whom another organization keeps.
    fn severance(&self, position: usize, org: &Organization) -> Severance {
        if self.keepers.is_empty() {
            return Severance::new();
        }
        org.people
            .iter()
            .filter_map(|p| {
                let keeper = self.keepers.get(&person_hash(&p.id))?;
                (keeper.position as usize != position).then(|| {
                    let on = chrono::DateTime::from_timestamp_micros(keeper.associated)
                        .unwrap_or_default();
                    (
                        p.id.clone(),
                        SeveredBy {
                            org: self.org_id(keeper.position).to_string(),
                            on,
                        },
                    )
                })
            })
            .collect()
    }
}

/// 128 bits of a person id: two independent SipHash values, so that two
/// different ids colliding is not a practical concern.
fn person_hash(id: &str) -> u128 {
    let half = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        salt.hash(&mut hasher);
        id.hash(&mut hasher);
        hasher.finish() as u128
    };
    (half(0) << 64) | half(1)
}

/// Facts that only make sense against the rules: the competencies a
/// membership was attained with must exist.
pub fn check_against_rules(rules: &RuleSet, org: &Organization) -> Vec<FactError> {
    let Some(membership) = &org.membership else {
        return Vec::new();
    };
    membership
        .competencies
        .iter()
        .filter(|(id, _)| rules.competency(id).is_none())
        .map(|(id, range)| {
            let help = match did_you_mean(id, rules.competencies.iter().map(|c| c.id.as_str())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name competencies by their id in the rule files, like `cloud_platform`"
                    .to_string(),
            };
            FactError::UnknownCompetency {
                src: org.source.clone(),
                span: SourceSpan::new(range.start.into(), range.len()),
                id: id.clone(),
                help,
            }
        })
        .collect()
}
