//! `rules report`: one self-contained HTML page to look at rather than
//! read — for one organization (`organization.rs`), a population
//! (`population.rs`), or a rule change (`change.rs`). The page says what
//! `rules eval` and `rules diff --why` say, from the same outcomes and in
//! the same words; it is drawn with inline SVG (`chart.rs`) in a frame
//! that fetches nothing (`page.rs`), and every value in it is escaped
//! text (`escape.rs`).

mod chart;
mod escape;
mod page;

pub mod change;
pub mod organization;
pub mod population;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;

use crate::batch::{self, Batch, Event};
use crate::facts::near_miss::FactWarning;
use crate::outcome::{DetailLevel, OrgOutcome};
use crate::ruleset::RuleSet;

pub use page::Context;

/// Which page was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The facts held one organization.
    Organization,
    /// The facts held several.
    Population,
    /// A base rule set was given.
    Change,
}

/// What `build` made, and what happened on the way.
#[derive(Debug)]
pub struct Built {
    /// The page; `None` when no organization could be evaluated.
    pub html: Option<String>,
    pub kind: Kind,
    pub batch: Batch,
    /// Names in the facts that look like names the rules use (as `rules eval` warns).
    pub warnings: Vec<FactWarning>,
    /// What the page shows, in a few words: `contoso — Contoso Ltd`,
    /// `12 organizations, 3 at risk`, `3 of 12 organizations change`.
    pub said: String,
}

/// Evaluates the organizations of `target` under `rules` — and, with
/// `base`, under the base rules too — and writes the page: for one
/// organization, a population, or the change from `base` to `rules`.
/// `events` hears what a batch tells (the total, progress, problems).
pub fn build(
    rules: &RuleSet,
    base: Option<&RuleSet>,
    target: &Path,
    as_of: Option<NaiveDate>,
    context: &Context,
    events: &mut dyn FnMut(Event),
) -> Built {
    match base {
        Some(base) => rule_change(base, rules, target, as_of, context, events),
        None => outcomes(rules, target, as_of, context, events),
    }
}

/// The page of one organization, or of a population.
fn outcomes(
    rules: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    context: &Context,
    events: &mut dyn FnMut(Event),
) -> Built {
    // The batch says how many organizations there are before it evaluates
    // any: one is kept whole for its own page; of many, digests only.
    let total = AtomicU64::new(u64::MAX);
    let mut told = |event: Event| {
        if let Event::Total(n) = &event {
            total.store(*n, Ordering::SeqCst);
        }
        events(event);
    };
    let digest = |o: &OrgOutcome| {
        let n = total.load(Ordering::SeqCst);
        if n == 1 {
            (Some(Box::new(o.clone())), None)
        } else {
            let list_all = n <= population::LISTED as u64;
            (None, Some(population::Digest::of(o, list_all)))
        }
    };
    let mut whole: Option<Box<OrgOutcome>> = None;
    let mut gathered = population::Population::new(rules);
    let mut keep = |(one, digest): (Option<Box<OrgOutcome>>, Option<population::Digest>)| {
        if one.is_some() {
            whole = one;
        }
        if let Some(digest) = digest {
            gathered.add(digest);
        }
    };
    let report = batch::evaluate_each(
        rules,
        target,
        as_of,
        DetailLevel::Full,
        &digest,
        &mut keep,
        &mut told,
    );
    let done = report.batch.done;
    let (kind, html, said) = match whole {
        Some(o) => {
            let said = organization::title(&o);
            (
                Kind::Organization,
                Some(organization::page(&o, context)),
                said,
            )
        }
        None => {
            let said = format!(
                "{}, {} at risk",
                page::count(done, "organization", "organizations"),
                page::grouped(gathered.at_risk())
            );
            let html = (done > 0).then(|| gathered.page(&report, context));
            (Kind::Population, html, said)
        }
    };
    Built {
        html,
        kind,
        batch: report.batch,
        warnings: report.warnings,
        said,
    }
}

/// The page of a rule change: `rules diff --why`, drawn.
fn rule_change(
    base: &RuleSet,
    new: &RuleSet,
    target: &Path,
    as_of: Option<NaiveDate>,
    context: &Context,
    events: &mut dyn FnMut(Event),
) -> Built {
    let mut changes = change::Changes::new(base, new);
    let (tally, batch) = crate::diff::diff_target(
        base,
        new,
        target,
        as_of,
        true,
        &mut |c| changes.add(c),
        events,
    );
    let said = format!(
        "{} of {} {}",
        page::grouped(tally.changed),
        page::count(tally.organizations, "organization", "organizations"),
        if tally.changed == 1 {
            "changes"
        } else {
            "change"
        }
    );
    let html = (batch.done > 0).then(|| changes.page(&tally, &batch, context));
    Built {
        html,
        kind: Kind::Change,
        batch,
        warnings: Vec::new(),
        said,
    }
}
