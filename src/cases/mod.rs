//! `rules test`: case folders of sample organizations, each organization
//! compared with its approved snapshot, and each case folder's expectations
//! checked — so that a rule change can be reviewed without a Rust toolchain.
//!
//! A case folder holds fact files (each one TARGET, as `rules eval` reads
//! it; a subfolder is one TARGET whose organizations share people), and
//! optionally `expectations.txt` (`expectations.rs`). Every organization must
//! say its `as_of`. Its snapshot (`snapshot.rs`) is compared with what the
//! rules give now: the same; changed only in wording (the verdict is the
//! same); an *outcome* change, with what flipped it (`crate::diff`, reading
//! the old numbers back from the snapshot's JSON); or new. Snapshots of
//! organizations no longer there are *removed*. `report.rs` says it in
//! words; `review.rs` asks about each difference.

pub mod error;
pub mod expectations;
pub mod report;
pub mod review;
pub mod snapshot;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::batch::{self, Event};
use crate::diagnostics::Diagnostics;
use crate::diff::standing::Standing;
use crate::diff::{self, OrgChange};
use crate::evaluate::Severance;
use crate::facts::Organization;
use crate::facts::read::EXTENSIONS;
use crate::files::{self, FileError};
use crate::ruleset::RuleSet;
use crate::source::Loc;
use error::{CaseError, CaseErrorKind};
use expectations::{Expectation, Failure};

/// What `rules test` found.
#[derive(Debug, Default)]
pub struct Run {
    pub cases: Vec<Case>,
    /// Invalid facts, organizations without `as_of`, expectations that
    /// cannot be read: each an error.
    pub problems: Diagnostics,
}

/// One case folder (or file) and what was found in it.
#[derive(Debug)]
pub struct Case {
    /// As given on the command line.
    pub path: PathBuf,
    /// Where its snapshots are.
    pub folder: PathBuf,
    pub organizations: Vec<Org>,
    /// Snapshots whose organization is no longer in the case. Not looked
    /// for when some of its facts could not be read.
    pub removed: Vec<Removed>,
    /// Each expectation, and whether it holds.
    pub expectations: Vec<(Expectation, Result<(), Failure>)>,
}

/// One organization, its snapshot, and how they compare.
#[derive(Debug)]
pub struct Org {
    pub id: String,
    /// The TARGET it was read from.
    pub input: PathBuf,
    pub snapshot: PathBuf,
    /// What its snapshot holds now.
    pub content: String,
    pub standing: Standing,
    pub state: State,
    /// The `source` the approved snapshot's header names, kept when it is rewritten.
    pub source: Option<String>,
}

#[derive(Debug)]
pub enum State {
    Same,
    /// The words differ, the outcome is the same.
    Wording {
        old: String,
    },
    /// The outcome changed: how (`None` when the approved snapshot holds no
    /// JSON explanation to compare with).
    Changed {
        old: String,
        change: Option<OrgChange>,
    },
    /// No snapshot yet.
    New,
}

/// A snapshot whose organization is no longer in its case.
#[derive(Debug)]
pub struct Removed {
    pub org: String,
    pub snapshot: PathBuf,
    pub old: String,
}

impl Org {
    /// The approved content, when there is one and it differs.
    pub fn old(&self) -> Option<&str> {
        match &self.state {
            State::Wording { old } | State::Changed { old, .. } => Some(old),
            State::Same | State::New => None,
        }
    }

    pub fn differs(&self) -> bool {
        !matches!(self.state, State::Same)
    }
}

impl Case {
    pub fn count(&self, pick: fn(&State) -> bool) -> usize {
        self.organizations.iter().filter(|o| pick(&o.state)).count()
    }
}

impl Run {
    fn all_orgs(&self) -> impl Iterator<Item = &Org> {
        self.cases.iter().flat_map(|c| &c.organizations)
    }

    /// Whether any organization differs from its snapshot, is new, or was removed.
    pub fn differs(&self) -> bool {
        self.all_orgs().any(Org::differs) || self.cases.iter().any(|c| !c.removed.is_empty())
    }

    pub fn failed_expectations(&self) -> usize {
        self.cases
            .iter()
            .flat_map(|c| &c.expectations)
            .filter(|(_, r)| r.is_err())
            .count()
    }
}

/// What was evaluated of one organization.
enum Found {
    Evaluated {
        id: String,
        id_loc: Loc,
        content: String,
        standing: Box<Standing>,
    },
    /// It has no `as_of`: a problem, but its id is known.
    NoAsOf { id: String, problem: Box<CaseError> },
}

/// Evaluates every organization of every case against `rules` (found at
/// `rules_path`: it names the snapshots) and compares each with its
/// snapshot under `snapshots`; checks every case's expectations.
pub fn run(rules: &RuleSet, rules_path: &Path, cases: &[PathBuf], snapshots: &Path) -> Run {
    let mut run = Run::default();
    for case in cases {
        let targets = match targets(case, snapshots) {
            Ok(targets) => targets,
            Err(e) => {
                run.problems.push(e);
                continue;
            }
        };
        let folder = snapshot::folder(snapshots, rules_path, case);
        let mut found = Vec::new();
        let problems_before = run.problems.len();
        for target in &targets {
            let job = |org: &Organization, severance: &Severance, date: NaiveDate| {
                if org.as_of.is_none() {
                    return Ok(Found::NoAsOf {
                        id: org.id.clone(),
                        problem: Box::new(CaseError::new(
                            CaseErrorKind::MissingAsOf {
                                org: org.id.clone(),
                            },
                            org.id_loc.clone(),
                        )),
                    });
                }
                let outcome = batch::evaluate_checked(
                    rules,
                    org,
                    severance,
                    date,
                    crate::outcome::DetailLevel::Full,
                )?;
                Ok(Found::Evaluated {
                    id: org.id.clone(),
                    id_loc: org.id_loc.clone(),
                    content: snapshot::content(&outcome),
                    standing: Box::new(Standing::from(&outcome)),
                })
            };
            let mut events = |event| {
                if let Event::Problems(p) = event {
                    run.problems.append(p);
                }
            };
            let mut sink = |f: Found| found.push((target.clone(), f));
            batch::for_each_organization(target, None, &job, &mut sink, &mut events);
        }
        let mut ids: Vec<String> = Vec::new();
        let mut organizations = Vec::new();
        // By snapshot file name, as a file system that ignores case sees it.
        let mut files: HashMap<String, Loc> = HashMap::new();
        for (input, f) in found {
            match f {
                Found::NoAsOf { id, problem } => {
                    ids.push(id);
                    run.problems.push(*problem);
                }
                Found::Evaluated {
                    id,
                    id_loc,
                    content,
                    standing,
                } => {
                    ids.push(id.clone());
                    let name = snapshot::escape(&id).to_lowercase();
                    if let Some(first) = files.get(&name) {
                        run.problems.push(CaseError::new(
                            CaseErrorKind::DuplicateOrganization {
                                org: id,
                                case: files::display(case),
                                first: first.clone(),
                            },
                            id_loc,
                        ));
                        continue;
                    }
                    files.insert(name, id_loc);
                    match compare(&folder, id, input, content, *standing) {
                        Ok(org) => organizations.push(org),
                        Err(e) => run.problems.push(e),
                    }
                }
            }
        }
        let complete = run.problems.len() == problems_before;
        let removed = if complete {
            removed(&folder, &ids, &mut run.problems)
        } else {
            Vec::new()
        };
        let expectations = expectations(case, &ids, &organizations, rules, &mut run.problems);
        run.cases.push(Case {
            path: case.clone(),
            folder,
            organizations,
            removed,
            expectations,
        });
    }
    run
}

/// The TARGETs of a case: the case itself when it is a file; else each fact
/// file and each folder holding fact files in it, by name (hidden ones, and
/// the snapshots folder, left out).
fn targets(case: &Path, snapshots: &Path) -> Result<Vec<PathBuf>, FileError> {
    // Fails as reading facts fails: missing, unreadable, or no fact file in it.
    files::collect(case, &EXTENSIONS, "fact files")?;
    if !case.is_dir() {
        return Ok(vec![case.to_path_buf()]);
    }
    let skip = std::fs::canonicalize(snapshots).ok();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(case)
        .map_err(|e| FileError::Unreadable {
            path: files::display(case),
            reason: e.to_string(),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    Ok(entries
        .into_iter()
        .filter(|p| {
            if p.is_dir() {
                skip.as_ref() != std::fs::canonicalize(p).ok().as_ref()
                    && files::collect(p, &EXTENSIONS, "fact files").is_ok()
            } else {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e))
            }
        })
        .collect())
}

/// One organization against its snapshot in `folder`.
fn compare(
    folder: &Path,
    id: String,
    input: PathBuf,
    content: String,
    standing: Standing,
) -> Result<Org, FileError> {
    let file = snapshot::file(folder, &id);
    let (state, source) = match std::fs::read_to_string(&file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (State::New, None),
        Err(e) => {
            return Err(FileError::Unreadable {
                path: files::display(&file),
                reason: e.to_string().to_lowercase(),
            });
        }
        Ok(text) => {
            let stored = snapshot::parse(&text);
            let state = if snapshot::same(&stored.content, &content) {
                State::Same
            } else {
                let old = snapshot::json(&stored.content).and_then(|j| Standing::from_json(&j));
                match old {
                    Some(old) => match diff::compare(&old, &standing) {
                        None => State::Wording {
                            old: stored.content,
                        },
                        Some(change) => State::Changed {
                            old: stored.content,
                            change: Some(change),
                        },
                    },
                    None => State::Changed {
                        old: stored.content,
                        change: None,
                    },
                }
            };
            (state, stored.source)
        }
    };
    Ok(Org {
        id,
        input,
        snapshot: file,
        content,
        standing,
        state,
        source,
    })
}

/// The snapshots in `folder` of organizations not in `ids`.
fn removed(folder: &Path, ids: &[String], problems: &mut Diagnostics) -> Vec<Removed> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "snap"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Some(org) = snapshot::org_of(&file) else {
            continue;
        };
        if ids.contains(&org) {
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(text) => out.push(Removed {
                org,
                snapshot: file,
                old: snapshot::parse(&text).content,
            }),
            Err(e) => problems.push(FileError::Unreadable {
                path: files::display(&file),
                reason: e.to_string().to_lowercase(),
            }),
        }
    }
    out
}

/// Reads the case's expectations file, if it has one, and checks each
/// statement; those that cannot be read or name what does not exist are
/// problems.
fn expectations(
    case: &Path,
    ids: &[String],
    organizations: &[Org],
    rules: &RuleSet,
    problems: &mut Diagnostics,
) -> Vec<(Expectation, Result<(), Failure>)> {
    let file = case.join(expectations::FILE_NAME);
    if !case.is_dir() || !file.exists() {
        return Vec::new();
    }
    let source = match files::read_text(&file) {
        Ok(source) => source,
        Err(e) => {
            problems.push(e);
            return Vec::new();
        }
    };
    let (statements, mut found) = expectations::parse(&source);
    let known: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for statement in statements {
        if let Some(problem) = statement.unknown_name(&known, &files::display(case), rules) {
            found.push(problem);
            continue;
        }
        // An organization without `as_of` is reported already.
        if let Some(org) = organizations.iter().find(|o| o.id == statement.org.text) {
            let result = statement.check(&org.standing);
            out.push((statement, result));
        }
    }
    // In the order of the file.
    found.sort_by_key(|p| p.loc.start);
    problems.extend(found);
    out
}

/// Writes an organization's snapshot as it is now.
pub fn accept(org: &Org) -> Result<(), FileError> {
    let source = org.source.as_deref().unwrap_or("rules test");
    files::write_new_text(
        &org.snapshot,
        &snapshot::render(source, &org.input, &org.content),
    )
}

/// Deletes the snapshot of an organization no longer in its case.
pub fn accept_removed(removed: &Removed) -> Result<(), FileError> {
    files::remove_file(&removed.snapshot)
}

/// What `--accept` did.
#[derive(Debug, Default)]
pub struct Accepted {
    pub written: usize,
    pub deleted: usize,
}

/// Writes every snapshot that differs or is new, and deletes those removed.
pub fn accept_all(run: &Run, problems: &mut Diagnostics) -> Accepted {
    let mut done = Accepted::default();
    for org in run.all_orgs().filter(|o| o.differs()) {
        match accept(org) {
            Ok(()) => done.written += 1,
            Err(e) => problems.push(e),
        }
    }
    for removed in run.cases.iter().flat_map(|c| &c.removed) {
        match accept_removed(removed) {
            Ok(()) => done.deleted += 1,
            Err(e) => problems.push(e),
        }
    }
    done
}
