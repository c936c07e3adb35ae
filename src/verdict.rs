//! What an outcome means, without the why: each level met or missed (and by
//! which path), eligibility, the membership's state, the profile, the
//! renewal risk. Two verdicts differ exactly when an organization's outcome
//! changed — what `rules diff` and the rule-change snapshots compare.

use std::fmt::Write;

use crate::outcome::{MetBy, OrgOutcome, Status};
use crate::vocabulary::Level;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub org: String,
    /// (competency id, competency title, level, how it was met, if it was).
    pub levels: Vec<(String, String, Level, Option<MetBy>)>,
    pub eligible: Option<Level>,
    pub held: Option<Level>,
    pub status: Status,
    pub at_risk: bool,
    pub profile: Vec<(String, Level)>,
    /// (designation id, title, whether the organization qualifies).
    pub designations: Vec<(String, String, bool)>,
}

impl From<&OrgOutcome> for Verdict {
    fn from(o: &OrgOutcome) -> Self {
        Verdict {
            org: o.org.clone(),
            levels: o
                .competencies
                .iter()
                .flat_map(|c| {
                    c.levels
                        .iter()
                        .map(move |l| (c.id.clone(), c.title.clone(), l.level, l.met_by.clone()))
                })
                .collect(),
            eligible: o.membership.eligible,
            held: o.membership.held,
            status: o.membership.status,
            at_risk: o.membership.at_risk,
            profile: o.membership.profile.clone(),
            designations: o
                .competencies
                .iter()
                .filter(|c| c.designation)
                .map(|c| {
                    let qualified = c.score.as_ref().is_some_and(|s| s.passed);
                    (c.id.clone(), c.title.clone(), qualified)
                })
                .collect(),
        }
    }
}

impl Verdict {
    /// How a level was met, in words: `path azure_consumption`, `override`, `missed`.
    pub fn describe(met_by: &Option<MetBy>) -> String {
        match met_by {
            Some(MetBy::Path(id)) => format!("met by path `{id}`"),
            Some(MetBy::Override) => "met by override".to_string(),
            Some(MetBy::Score) => "met by score".to_string(),
            None => "missed".to_string(),
        }
    }

    /// One line per fact, stable, for snapshots and diffs.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let level = |l: Option<Level>| l.map_or("none", Level::keyword);
        let _ = writeln!(out, "{}", self.org);
        for (id, title, lvl, met_by) in &self.levels {
            let _ = writeln!(
                out,
                "  {title} ({id}) {}: {}",
                lvl.title(),
                Self::describe(met_by)
            );
        }
        for (id, title, qualified) in &self.designations {
            let _ = writeln!(
                out,
                "  {title} ({id}) designation: {}",
                if *qualified {
                    "qualified"
                } else {
                    "not qualified"
                }
            );
        }
        let _ = writeln!(out, "  eligible: {}", level(self.eligible));
        let _ = writeln!(
            out,
            "  held: {} ({}){}",
            level(self.held),
            self.status.keyword(),
            if self.at_risk {
                ", renewal at risk"
            } else {
                ""
            }
        );
        let profile: Vec<String> = self
            .profile
            .iter()
            .map(|(c, l)| format!("{c} {}", l.keyword()))
            .collect();
        let _ = writeln!(
            out,
            "  profile: {}",
            if profile.is_empty() {
                "empty".to_string()
            } else {
                profile.join(", ")
            }
        );
        out
    }
}
