//! The one shape of every problem found in an input: a *kind* (what is
//! wrong, with the values that say so) and a [`Loc`] (where), as Cedar's
//! `ToASTError { kind, loc }` and just's `CompileError { token, kind }`.
//!
//! Each stage has its own kind enum (`SyntaxErrorKind`, `CheckErrorKind`,
//! `FactErrorKind`, `LintKind`, ...) deriving `thiserror::Error` for the
//! message and `miette::Diagnostic` for the code, help and severity; it
//! implements [`ProblemKind`] for the words under the place and any other
//! places worth showing. [`Problem`] puts kind and place together and draws
//! them; collected in [`crate::diagnostics::Diagnostics`], a problem keeps
//! its type, so tests assert the kind and the place, not rendered text.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, Severity, SourceCode};

use crate::source::Loc;

/// What a stage's kind of problem says besides its message.
pub trait ProblemKind: Diagnostic + Send + Sync + 'static {
    /// The words under the underlined place (`"defined again here"`).
    fn label(&self) -> Option<String>;

    /// Other places worth pointing at, with their words (`"first defined
    /// here"`): drawn in the same snippet when in the same file, as a note
    /// of their own when elsewhere.
    fn notes(&self) -> Vec<Note> {
        Vec::new()
    }
}

/// Another place a problem points at, and what to say there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub loc: Loc,
    pub label: String,
    /// What the note says as a diagnostic of its own, when its place is in
    /// another file (`` `x` was first defined``); the place follows
    /// (` in FILE:LINE:COLUMN`). Without it, the label is said.
    pub alone: Option<String>,
}

impl Note {
    pub fn new(loc: &Loc, label: impl Into<String>) -> Note {
        Note {
            loc: loc.clone(),
            label: label.into(),
            alone: None,
        }
    }

    /// The note, saying `sentence` when drawn on its own.
    pub fn alone(mut self, sentence: impl Into<String>) -> Note {
        self.alone = Some(sentence.into());
        self
    }
}

/// A problem: its kind and its place.
pub struct Problem<K> {
    pub kind: K,
    pub loc: Loc,
    /// Notes in other files than `loc`'s, drawn as related diagnostics.
    elsewhere: Vec<Elsewhere>,
}

impl<K: ProblemKind> Problem<K> {
    pub fn new(kind: K, loc: Loc) -> Problem<K> {
        let elsewhere = kind
            .notes()
            .into_iter()
            .filter(|note| !note.loc.same_file(&loc))
            .map(|note| Elsewhere {
                message: format!(
                    "{} in {}",
                    note.alone.as_ref().unwrap_or(&note.label),
                    note.loc
                ),
                note,
            })
            .collect();
        Problem {
            kind,
            loc,
            elsewhere,
        }
    }
}

impl<K: ProblemKind + Clone> Clone for Problem<K> {
    fn clone(&self) -> Self {
        Problem::new(self.kind.clone(), self.loc.clone())
    }
}

/// Two problems are the same when their kinds and places are.
impl<K: PartialEq> PartialEq for Problem<K> {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.loc == other.loc
    }
}

impl<K: fmt::Display> fmt::Display for Problem<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl<K: fmt::Debug> fmt::Debug for Problem<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} at {:?}", self.kind, self.loc)
    }
}

impl<K: ProblemKind> std::error::Error for Problem<K> {}

impl<K: ProblemKind> Diagnostic for Problem<K> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind.code()
    }

    fn severity(&self) -> Option<Severity> {
        self.kind.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind.help()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&*self.loc.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(self.kind.label(), &self.loc);
        let same_file = self
            .kind
            .notes()
            .into_iter()
            .filter(|note| note.loc.same_file(&self.loc))
            .map(|note| LabeledSpan::new_with_span(Some(note.label), &note.loc));
        Some(Box::new(std::iter::once(primary).chain(same_file)))
    }

    /// Notes in other files, then whatever the kind relates.
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        let elsewhere = self.elsewhere.iter().map(|e| e as &dyn Diagnostic);
        match self.kind.related() {
            Some(more) => Some(Box::new(elsewhere.chain(more))),
            None if self.elsewhere.is_empty() => None,
            None => Some(Box::new(elsewhere)),
        }
    }
}

/// A note in another file, drawn with its own snippet.
#[derive(Debug)]
struct Elsewhere {
    note: Note,
    message: String,
}

impl fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Elsewhere {}

impl Diagnostic for Elsewhere {
    fn severity(&self) -> Option<Severity> {
        Some(Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&*self.note.loc.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.note.label.clone()),
            &self.note.loc,
        ))))
    }
}
