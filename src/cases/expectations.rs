//! Expectations: what a program manager says must hold for the sample
//! organizations of a case folder, whatever the rules say in detail, in a
//! file `expectations.txt` beside them. One statement per line; `#` starts a
//! comment; blank lines are ignored:
//!
//! ```text
//! contoso meets cloud_platform gold by azure_consumption
//! contoso meets cloud_platform silver
//! fabrikam misses cloud_platform gold
//! litware is at risk
//! contoso is not at risk
//! wingtip eligible none
//! litware membership active
//! contoso shows cloud_platform gold
//! wingtip does not show cloud_platform silver
//! fabrikam qualifies for security
//! contoso does not qualify for data_ai
//! ```
//!
//! `rules test` reads them (a line it cannot read, or one naming an
//! organization, competency, level or path that does not exist, is an error
//! pointing at the word), then checks each against the organization's
//! outcome under the rules being tested.

use std::sync::Arc;

use super::error::{CaseError, CaseErrorKind, END_OF_LINE, suggestion};
use crate::diff::standing::Standing;
use crate::outcome::{MetBy, Status};
use crate::ruleset::RuleSet;
use crate::source::{Loc, SourceFile};
use crate::vocabulary::Level;

/// The name of a case folder's expectations file.
pub const FILE_NAME: &str = "expectations.txt";

/// One statement of what must hold.
#[derive(Clone, Debug)]
pub struct Expectation {
    /// The statement, as written (without its comment).
    pub loc: Loc,
    pub org: Word,
    pub claim: Claim,
}

/// A word of a statement, and where it is.
#[derive(Clone, Debug)]
pub struct Word {
    pub text: String,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub enum Claim {
    /// `meets COMPETENCY LEVEL [by PATH|override]`
    Meets {
        competency: Word,
        level: (Level, Loc),
        by: Option<Word>,
    },
    /// `misses COMPETENCY LEVEL`
    Misses {
        competency: Word,
        level: (Level, Loc),
    },
    /// `is at risk`, `is not at risk`
    AtRisk(bool),
    /// `eligible gold|silver|none`
    Eligible(Option<Level>),
    /// `membership active|grace|expired|none`
    Membership(Status),
    /// `shows COMPETENCY LEVEL`, `does not show COMPETENCY LEVEL`: the profile.
    Shows {
        competency: Word,
        level: (Level, Loc),
        shows: bool,
    },
    /// `qualifies for DESIGNATION`, `does not qualify for DESIGNATION`.
    Qualifies { designation: Word, qualifies: bool },
}

const VERBS: [&str; 8] = [
    "meets",
    "misses",
    "is",
    "eligible",
    "membership",
    "shows",
    "does",
    "qualifies",
];
const VERBS_WORDS: &str = "`meets`, `misses`, `is at risk`, `is not at risk`, `eligible`, `membership`, `shows`, `does not show`, `qualifies for` or `does not qualify for`";

/// Reads every statement of an expectations file; a line that cannot be
/// read is a problem, and the others are still read.
pub fn parse(src: &Arc<SourceFile>) -> (Vec<Expectation>, Vec<CaseError>) {
    let mut expectations = Vec::new();
    let mut problems = Vec::new();
    let text = src.text();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.split('#').next().unwrap_or("");
        let mut words = Vec::new();
        let mut at = None;
        for (i, ch) in body.char_indices() {
            match (ch.is_whitespace(), at) {
                (false, None) => at = Some(i),
                (true, Some(s)) => {
                    words.push((start + s, &body[s..i]));
                    at = None;
                }
                _ => {}
            }
        }
        if let Some(s) = at {
            words.push((start + s, &body[s..]));
        }
        if let (Some(first), Some(last)) = (words.first(), words.last()) {
            let end = last.0 + last.1.len();
            let mut reader = Reader {
                src,
                words: words.iter().map(|(s, w)| (*s, *w)).collect(),
                next: 0,
                end,
            };
            match reader.statement() {
                Ok((org, claim)) => expectations.push(Expectation {
                    loc: Loc::new(src, first.0..end),
                    org,
                    claim,
                }),
                Err(problem) => problems.push(*problem),
            }
        }
        start += line.len();
    }
    (expectations, problems)
}

/// A statement that cannot be read (boxed: a problem is large, and most
/// statements read).
type Fault = Box<CaseError>;

/// The words of one line, read in order.
struct Reader<'a> {
    src: &'a Arc<SourceFile>,
    words: Vec<(usize, &'a str)>,
    next: usize,
    /// Where the statement ends.
    end: usize,
}

impl<'a> Reader<'a> {
    fn statement(&mut self) -> Result<(Word, Claim), Fault> {
        let org = self.word("an organization id")?;
        let verb = self.keyword(VERBS_WORDS, &VERBS)?;
        let claim = match verb.text.as_str() {
            "meets" => {
                let (competency, level) = self.competency_level()?;
                let by = match self.peek() {
                    Some(_) => {
                        self.keyword("`by` and a path", &["by"])?;
                        Some(self.word("a path id or `override` after `by`")?)
                    }
                    None => None,
                };
                Claim::Meets {
                    competency,
                    level,
                    by,
                }
            }
            "misses" => {
                let (competency, level) = self.competency_level()?;
                Claim::Misses { competency, level }
            }
            "is" => {
                let not = self.keyword("`at risk` or `not at risk`", &["at", "not"])?;
                if not.text == "not" {
                    self.keyword("`at risk` after `not`", &["at"])?;
                }
                self.keyword("`risk` after `at`", &["risk"])?;
                Claim::AtRisk(not.text != "not")
            }
            "eligible" => {
                let word =
                    self.keyword("`gold`, `silver` or `none`", &["gold", "silver", "none"])?;
                Claim::Eligible(Level::ALL.into_iter().find(|l| l.keyword() == word.text))
            }
            "membership" => {
                let word = self.keyword(
                    "`active`, `grace`, `expired` or `none`",
                    &["active", "grace", "expired", "none"],
                )?;
                let status = [Status::Active, Status::Grace, Status::Expired, Status::None]
                    .into_iter()
                    .find(|s| s.keyword() == word.text)
                    .expect("a status keyword");
                Claim::Membership(status)
            }
            "shows" => {
                let (competency, level) = self.competency_level()?;
                Claim::Shows {
                    competency,
                    level,
                    shows: true,
                }
            }
            "qualifies" => {
                self.keyword("`for` and a designation", &["for"])?;
                Claim::Qualifies {
                    designation: self.word("a designation id")?,
                    qualifies: true,
                }
            }
            _ => {
                self.keyword("`not` after `does`", &["not"])?;
                let verb =
                    self.keyword("`show` or `qualify` after `does not`", &["show", "qualify"])?;
                if verb.text == "qualify" {
                    self.keyword("`for` and a designation", &["for"])?;
                    Claim::Qualifies {
                        designation: self.word("a designation id")?,
                        qualifies: false,
                    }
                } else {
                    let (competency, level) = self.competency_level()?;
                    Claim::Shows {
                        competency,
                        level,
                        shows: false,
                    }
                }
            }
        };
        if let Some((at, word)) = self.peek() {
            return Err(Box::new(CaseError::new(
                CaseErrorKind::Expected {
                    expected: "the end of the statement",
                    found: format!("`{word}`"),
                    help: Some("write one statement per line".to_string()),
                },
                Loc::new(self.src, at..self.end),
            )));
        }
        Ok((org, claim))
    }

    fn peek(&self) -> Option<(usize, &'a str)> {
        self.words.get(self.next).copied()
    }

    /// The next word, whatever it is.
    fn word(&mut self, expected: &'static str) -> Result<Word, Fault> {
        match self.peek() {
            Some((at, word)) => {
                self.next += 1;
                Ok(Word {
                    text: word.to_string(),
                    loc: Loc::new(self.src, at..at + word.len()),
                })
            }
            None => Err(Box::new(CaseError::new(
                CaseErrorKind::Expected {
                    expected,
                    found: END_OF_LINE.to_string(),
                    help: None,
                },
                Loc::new(self.src, self.end..self.end),
            ))),
        }
    }

    /// The next word, which must be one of `options`.
    fn keyword(&mut self, expected: &'static str, options: &[&str]) -> Result<Word, Fault> {
        let word = self.word(expected)?;
        if options.contains(&word.text.as_str()) {
            return Ok(word);
        }
        let help = crate::suggest::did_you_mean(&word.text, options.iter().copied())
            .map(|meant| format!("did you mean `{meant}`?"));
        Err(Box::new(CaseError::new(
            CaseErrorKind::Expected {
                expected,
                found: format!("`{}`", word.text),
                help,
            },
            word.loc,
        )))
    }

    fn competency_level(&mut self) -> Result<(Word, (Level, Loc)), Fault> {
        let competency = self.word("a competency id")?;
        let level = self.keyword("a level, `silver` or `gold`", &["silver", "gold"])?;
        let value = Level::ALL
            .into_iter()
            .find(|l| l.keyword() == level.text)
            .expect("a level keyword");
        Ok((competency, (value, level.loc)))
    }
}

impl Expectation {
    /// The competency, level and path it names, if any.
    fn names(&self) -> Option<(&Word, Level, &Loc, Option<&Word>)> {
        match &self.claim {
            Claim::Meets {
                competency,
                level,
                by,
            } => Some((competency, level.0, &level.1, by.as_ref())),
            Claim::Misses { competency, level }
            | Claim::Shows {
                competency, level, ..
            } => Some((competency, level.0, &level.1, None)),
            _ => None,
        }
    }

    /// A problem when the statement names an organization of the case, a
    /// competency, level or path of the rules, that does not exist.
    pub fn unknown_name(&self, orgs: &[&str], case: &str, rules: &RuleSet) -> Option<CaseError> {
        if !orgs.contains(&self.org.text.as_str()) {
            return Some(CaseError::new(
                CaseErrorKind::UnknownOrganization {
                    org: self.org.text.clone(),
                    case: case.to_string(),
                    help: suggestion(&self.org.text, orgs.iter().copied()),
                },
                self.org.loc.clone(),
            ));
        }
        if let Claim::Qualifies { designation, .. } = &self.claim {
            let designations = || {
                rules
                    .competencies
                    .iter()
                    .filter(|c| c.designation)
                    .map(|c| c.id.as_str())
            };
            if designations().any(|id| id == designation.text) {
                return None;
            }
            return Some(CaseError::new(
                CaseErrorKind::UnknownDesignation {
                    designation: designation.text.clone(),
                    help: suggestion(&designation.text, designations()),
                },
                designation.loc.clone(),
            ));
        }
        let (competency, level, level_loc, by) = self.names()?;
        let Some(c) = rules.competency(&competency.text) else {
            return Some(CaseError::new(
                CaseErrorKind::UnknownCompetency {
                    competency: competency.text.clone(),
                    help: suggestion(
                        &competency.text,
                        rules.competencies.iter().map(|c| c.id.as_str()),
                    ),
                },
                competency.loc.clone(),
            ));
        };
        let Some(l) = c.level(level) else {
            let defined: Vec<&str> = c.levels.iter().map(|l| l.level.keyword()).collect();
            return Some(CaseError::new(
                CaseErrorKind::UndefinedLevel {
                    competency: c.id.clone(),
                    level: level.keyword(),
                    defined: defined.join(" and "),
                },
                level_loc.clone(),
            ));
        };
        let by =
            by.filter(|w| w.text != "override" && !(w.text == "score" && c.score.is_some()))?;
        if l.paths.iter().any(|p| p.id == by.text) {
            return None;
        }
        let paths = l
            .paths
            .iter()
            .map(|p| p.id.as_str())
            .chain(std::iter::once("override"))
            .chain(c.score.as_ref().map(|_| "score"));
        Some(CaseError::new(
            CaseErrorKind::UnknownPath {
                path: by.text.clone(),
                competency: c.id.clone(),
                level: level.keyword(),
                help: suggestion(&by.text, paths),
            },
            by.loc.clone(),
        ))
    }

    /// `Ok` when it holds for `standing`; else what was expected and what was found.
    pub fn check(&self, standing: &Standing) -> Result<(), Failure> {
        let v = &standing.verdict;
        let met_by = |competency: &Word, level: Level| {
            standing
                .level(&competency.text, level)
                .and_then(|l| l.met_by.clone())
        };
        let (expected, actual, holds) = match &self.claim {
            Claim::Meets {
                competency,
                level,
                by,
            } => {
                let found = met_by(competency, level.0);
                let wanted = by.as_ref().map(|w| match w.text.as_str() {
                    "override" => MetBy::Override,
                    "score" => MetBy::Score,
                    path => MetBy::Path(path.to_string()),
                });
                let holds = match &wanted {
                    Some(w) => found.as_ref() == Some(w),
                    None => found.is_some(),
                };
                let expected = match &wanted {
                    Some(w) => crate::explain::why::met_by(&Some(w.clone())),
                    None => "met".to_string(),
                };
                (expected, crate::explain::why::met_by(&found), holds)
            }
            Claim::Misses { competency, level } => {
                let found = met_by(competency, level.0);
                (
                    "missed".to_string(),
                    crate::explain::why::met_by(&found),
                    found.is_none(),
                )
            }
            Claim::AtRisk(at_risk) => {
                let words = |r: bool| if r { "at risk" } else { "not at risk" };
                (
                    words(*at_risk).to_string(),
                    words(v.at_risk).to_string(),
                    v.at_risk == *at_risk,
                )
            }
            Claim::Eligible(level) => {
                let words =
                    |l: Option<Level>| format!("eligible {}", l.map_or("none", Level::keyword));
                (words(*level), words(v.eligible), v.eligible == *level)
            }
            Claim::Membership(status) => (
                format!("membership {}", status.keyword()),
                format!("membership {}", v.status.keyword()),
                v.status == *status,
            ),
            Claim::Shows {
                competency,
                level,
                shows,
            } => {
                let entry = (competency.text.clone(), level.0);
                let found = v.profile.contains(&entry);
                let profile: Vec<String> = v
                    .profile
                    .iter()
                    .map(|(c, l)| format!("{c} {}", l.keyword()))
                    .collect();
                let what = format!("{} {}", competency.text, level.0.keyword());
                (
                    if *shows {
                        format!("profile shows {what}")
                    } else {
                        format!("profile does not show {what}")
                    },
                    if profile.is_empty() {
                        "profile empty".to_string()
                    } else {
                        format!("profile shows {}", profile.join(", "))
                    },
                    found == *shows,
                )
            }
            Claim::Qualifies {
                designation,
                qualifies,
            } => {
                let found = v
                    .designations
                    .iter()
                    .any(|(id, _, q)| *id == designation.text && *q);
                let words = |q: bool| {
                    if q {
                        format!("qualifies for {}", designation.text)
                    } else {
                        format!("does not qualify for {}", designation.text)
                    }
                };
                (words(*qualifies), words(found), found == *qualifies)
            }
        };
        if holds {
            Ok(())
        } else {
            Err(Failure { expected, actual })
        }
    }
}

/// An expectation that does not hold: what it says, what is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub expected: String,
    pub actual: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Expectation>, Vec<CaseError>) {
        parse(&SourceFile::new("expectations.txt", text))
    }

    #[test]
    fn every_kind_of_statement_reads() {
        let (found, problems) = read(
            "# what must hold\n\
             contoso meets cloud_platform gold by azure_consumption\n\
             contoso meets cloud_platform silver   # any path\n\
             \n\
             fabrikam misses devops gold\n\
             litware is at risk\n\
             contoso is not at risk\n\
             wingtip eligible none\n\
             litware membership grace\n\
             contoso shows cloud_platform gold\n\
             wingtip does not show cloud_platform silver\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 9);
        assert!(
            matches!(&found[0].claim, Claim::Meets { by: Some(w), .. } if w.text == "azure_consumption")
        );
        assert_eq!(found[1].loc.text(), "contoso meets cloud_platform silver");
        assert!(matches!(found[3].claim, Claim::AtRisk(true)));
        assert!(matches!(found[4].claim, Claim::AtRisk(false)));
        assert!(matches!(found[5].claim, Claim::Eligible(None)));
        assert!(matches!(found[6].claim, Claim::Membership(Status::Grace)));
        assert!(matches!(found[8].claim, Claim::Shows { shows: false, .. }));
    }

    #[test]
    fn mistakes_point_at_the_word() {
        let (found, problems) = read(
            "contoso meats cloud_platform gold\n\
             contoso meets cloud_platform\n\
             contoso meets cloud_platform gold azure\n\
             litware is at risk now\n\
             wingtip eligible platinum\n",
        );
        assert!(found.is_empty());
        let places: Vec<(String, (usize, usize))> = problems
            .iter()
            .map(|p| (p.to_string(), p.loc.line_col()))
            .collect();
        assert_eq!(
            places,
            [
                (format!("expected {VERBS_WORDS}, found `meats`"), (1, 9)),
                (
                    "expected a level, `silver` or `gold`, found the end of the line".to_string(),
                    (2, 29)
                ),
                (
                    "expected `by` and a path, found `azure`".to_string(),
                    (3, 35)
                ),
                (
                    "expected the end of the statement, found `now`".to_string(),
                    (4, 20)
                ),
                (
                    "expected `gold`, `silver` or `none`, found `platinum`".to_string(),
                    (5, 18)
                ),
            ]
        );
    }
}
