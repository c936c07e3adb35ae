//! What `rules test` says: first one line per organization whose outcome
//! changed, naming the level and the numbers that flipped it; then how many
//! changed only in wording; new and removed organizations; with `--diff`,
//! each snapshot's changes; the expectations that fail, expected against
//! actual; and a closing line saying what to do next.

use std::fmt::Write;

use super::{Accepted, Case, Org, Removed, Run, State};
use crate::explain::why;
use crate::files;

/// How an organization is named: by its id, with its case folder when
/// several were tested.
pub fn label(run: &Run, case: &Case, org: &str) -> String {
    if run.cases.len() > 1 {
        format!("{}/{org}", files::display(&case.path).trim_end_matches('/'))
    } else {
        org.to_string()
    }
}

/// The one line of an organization that differs: its outcome change, that
/// it changed only in wording, or that it is new.
pub fn org_line(label: &str, org: &Org) -> String {
    match &org.state {
        State::Same => format!("{label}: matches its snapshot"),
        State::Wording { .. } => format!("{label}: changed only in wording"),
        State::Redefined { levels, .. } => {
            let levels: Vec<String> = levels
                .iter()
                .map(|(title, level, now)| {
                    let what = if *now {
                        "newly defined"
                    } else {
                        "no longer defined"
                    };
                    format!("{title} {} {what}", level.title())
                })
                .collect();
            format!("{label}: no outcome changed, but {}", levels.join(", "))
        }
        State::Changed {
            change: Some(change),
            ..
        } => {
            let line = why::org_line(change);
            // `org_line` names the organization by id; the label may say more.
            match line.strip_prefix(&format!("{}: ", change.org)) {
                Some(rest) => format!("{label}: {rest}"),
                None => line,
            }
        }
        State::Changed { change: None, .. } => format!(
            "{label}: its approved snapshot holds no JSON explanation, so outcomes cannot be \
             compared (`--diff` shows every change)"
        ),
        State::New => format!(
            "{label}: new ({}), no snapshot yet: {}",
            files::display(&org.input),
            standing_summary(org)
        ),
    }
}

/// What a new organization achieves, in one line.
fn standing_summary(org: &Org) -> String {
    let v = &org.standing.verdict;
    let met: Vec<String> = v
        .levels
        .iter()
        .filter_map(|(_, title, level, by)| {
            by.as_ref()
                .map(|_| format!("{title} {} {}", level.title(), why::met_by(by)))
        })
        .collect();
    let eligible = v.eligible.map_or("none", |l| l.keyword());
    if met.is_empty() {
        format!("meets no level; eligible {eligible}")
    } else {
        format!("{}; eligible {eligible}", met.join(", "))
    }
}

/// The line of a removed organization.
pub fn removed_line(label: &str, case: &Case, removed: &Removed) -> String {
    format!(
        "{label}: removed, its snapshot {} has no organization in `{}`",
        files::display(&removed.snapshot),
        files::display(&case.path)
    )
}

/// The outcome changes, one line each; how many changed only in wording;
/// new and removed organizations.
pub fn differences(run: &Run) -> String {
    let mut out = String::new();
    for case in &run.cases {
        for org in &case.organizations {
            if matches!(org.state, State::Changed { .. } | State::Redefined { .. }) {
                let _ = writeln!(out, "{}", org_line(&label(run, case, &org.id), org));
            }
        }
    }
    let wording: usize = run
        .cases
        .iter()
        .map(|c| c.count(|s| matches!(s, State::Wording { .. })))
        .sum();
    if wording > 0 {
        let _ = writeln!(out, "{} changed only in wording", organizations(wording));
    }
    for case in &run.cases {
        for org in case
            .organizations
            .iter()
            .filter(|o| matches!(o.state, State::New))
        {
            let _ = writeln!(out, "{}", org_line(&label(run, case, &org.id), org));
        }
        for removed in &case.removed {
            let _ = writeln!(
                out,
                "{}",
                removed_line(&label(run, case, &removed.org), case, removed)
            );
        }
    }
    out
}

/// The change of one snapshot, as a unified diff.
pub fn snapshot_diff(org: &Org) -> String {
    let old = org.old().unwrap_or("").replace("\r\n", "\n");
    crate::format::unified_diff(&files::display(&org.snapshot), &old, &org.content)
}

/// Every snapshot that changed, as unified diffs.
pub fn diffs(run: &Run) -> String {
    let mut out = String::new();
    for case in &run.cases {
        for org in &case.organizations {
            if org.old().is_some() {
                out.push('\n');
                out.push_str(&snapshot_diff(org));
            }
        }
    }
    out
}

/// The expectations: each that fails, expected against actual; or how many hold.
pub fn expectations(run: &Run) -> String {
    let mut out = String::new();
    let total: usize = run.cases.iter().map(|c| c.expectations.len()).sum();
    if total == 0 {
        return out;
    }
    let failed = run.failed_expectations();
    if failed == 0 {
        let _ = writeln!(
            out,
            "{}",
            if total == 1 {
                "1 expectation holds".to_string()
            } else {
                format!("all {total} expectations hold")
            }
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{failed} of {total} {} {}:",
        if total == 1 {
            "expectation"
        } else {
            "expectations"
        },
        if failed == 1 { "fails" } else { "fail" }
    );
    for (expectation, result) in run.cases.iter().flat_map(|c| &c.expectations) {
        if let Err(failure) = result {
            let (line, _) = expectation.loc.line_col();
            let _ = writeln!(
                out,
                "  {}:{line}: {}",
                expectation.loc.src.name(),
                expectation.loc.text()
            );
            let _ = writeln!(out, "    expected: {}", failure.expected);
            let _ = writeln!(out, "    actual:   {}", failure.actual);
        }
    }
    out
}

/// The closing lines: how the organizations compare, and what to do next.
/// `command` is how the user ran `rules test` (its cases and rules).
pub fn closing(run: &Run, command: &str, accepted: Option<&Accepted>) -> String {
    let mut out = String::new();
    let total: usize = run.cases.iter().map(|c| c.organizations.len()).sum();
    let count =
        |pick: fn(&State) -> bool| -> usize { run.cases.iter().map(|c| c.count(pick)).sum() };
    let changed = count(|s| {
        matches!(
            s,
            State::Changed {
                change: Some(_),
                ..
            }
        )
    });
    let uncompared = count(|s| matches!(s, State::Changed { change: None, .. }));
    let wording = count(|s| matches!(s, State::Wording { .. }));
    let redefined = count(|s| matches!(s, State::Redefined { .. }));
    let new = count(|s| matches!(s, State::New));
    let removed: usize = run.cases.iter().map(|c| c.removed.len()).sum();
    let mut parts = Vec::new();
    if changed > 0 {
        parts.push(format!("{changed} outcome changed"));
    }
    if uncompared > 0 {
        parts.push(format!("{uncompared} not comparable"));
    }
    if redefined > 0 {
        parts.push(format!("{redefined} with levels defined differently"));
    }
    if wording > 0 {
        parts.push(format!("{wording} changed only in wording"));
    }
    if new > 0 {
        parts.push(format!("{new} new"));
    }
    if removed > 0 {
        parts.push(format!("{removed} removed"));
    }
    let cases: Vec<String> = run
        .cases
        .iter()
        .map(|c| format!("`{}`", files::display(&c.path)))
        .collect();
    let of = if cases.is_empty() {
        String::new()
    } else {
        format!(" of {}", cases.join(", "))
    };
    if parts.is_empty() {
        let _ = writeln!(
            out,
            "{}{of} {} their snapshots",
            organizations(total),
            if total == 1 { "matches" } else { "match" }
        );
        return out;
    }
    let _ = writeln!(out, "{}{of}: {}", organizations(total), parts.join(", "));
    match accepted {
        Some(done) => {
            let _ = writeln!(
                out,
                "accepted: wrote {}{}",
                plural(done.written, "snapshot", "snapshots"),
                if done.deleted > 0 {
                    format!(
                        ", deleted {}",
                        plural(done.deleted, "snapshot", "snapshots")
                    )
                } else {
                    String::new()
                }
            );
        }
        None => {
            // `--diff` shows snapshots that changed; new and removed ones are listed already.
            let diff = if changed + uncompared + wording > 0 {
                format!("`{command} --diff` shows each change, ")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{diff}`{command} --review` asks about each, `{command} --accept` approves them all"
            );
        }
    }
    out
}

fn organizations(n: usize) -> String {
    plural(n, "organization", "organizations")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
