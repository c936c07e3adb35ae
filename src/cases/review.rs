//! `rules test --review`: for each organization that differs from its
//! snapshot (changed, new, or removed), show how, and ask — accept the new
//! snapshot, reject it (keep the old one), or skip it for now. Answers are
//! read a line at a time, so they can come from a person or a script; the
//! end of input skips the rest.

use std::io::{BufRead, Write};

use super::report::{label, org_line, removed_line, snapshot_diff};
use super::{Run, State, accept, accept_removed};
use crate::diagnostics::Diagnostics;

/// How the review went.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reviewed {
    pub accepted: usize,
    pub rejected: usize,
    pub skipped: usize,
}

impl Reviewed {
    /// Whether anything asked about was not accepted.
    pub fn left_any(&self) -> bool {
        self.rejected + self.skipped > 0
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    Accept,
    Reject,
    Skip,
    /// The end of input: skip this and the rest.
    End,
}

const PROMPT: &str = "[a]ccept, [r]eject (keep the old snapshot), [s]kip?";

/// Reads answers, remembering when input ended.
struct Asker<'a> {
    input: &'a mut dyn BufRead,
    echo: bool,
    ended: bool,
}

impl Asker<'_> {
    fn ask(&mut self, out: &mut dyn Write, question: &str) -> Answer {
        if self.ended {
            return Answer::End;
        }
        loop {
            let _ = write!(out, "{question} {PROMPT} ");
            let _ = out.flush();
            let mut line = String::new();
            if matches!(self.input.read_line(&mut line), Ok(0) | Err(_)) {
                let _ = writeln!(out);
                let _ = writeln!(out, "end of input: skipping the rest");
                self.ended = true;
                return Answer::End;
            }
            let answer = line.trim();
            if self.echo {
                let _ = writeln!(out, "{answer}");
            }
            match answer.to_lowercase().as_str() {
                "a" | "accept" => return Answer::Accept,
                "r" | "reject" => return Answer::Reject,
                "s" | "skip" => return Answer::Skip,
                _ => {
                    let _ = writeln!(
                        out,
                        "answer `a` to accept, `r` to keep the old snapshot, or `s` to skip"
                    );
                }
            }
        }
    }
}

impl Reviewed {
    /// Counts an answer; `apply` does what accepting means, and says
    /// whether it could (a snapshot that cannot be written is not accepted).
    fn count(
        &mut self,
        answer: Answer,
        apply: impl FnOnce() -> Result<(), crate::files::FileError>,
        problems: &mut Diagnostics,
    ) {
        match answer {
            Answer::Accept => match apply() {
                Ok(()) => self.accepted += 1,
                Err(e) => {
                    problems.push(e);
                    self.skipped += 1;
                }
            },
            Answer::Reject => self.rejected += 1,
            Answer::Skip | Answer::End => self.skipped += 1,
        }
    }
}

/// Asks about every difference of `run`, writing accepted snapshots at once
/// (problems writing them go to `problems`). `echo` repeats each answer
/// after its question, for when the answers do not come from a terminal.
pub fn review(
    run: &Run,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    echo: bool,
    problems: &mut Diagnostics,
) -> Reviewed {
    let mut reviewed = Reviewed::default();
    let mut asker = Asker {
        input,
        echo,
        ended: false,
    };
    for case in &run.cases {
        for org in case.organizations.iter().filter(|o| o.differs()) {
            let name = label(run, case, &org.id);
            if !asker.ended {
                let _ = writeln!(out, "{}", org_line(&name, org));
                if !matches!(org.state, State::New) {
                    let _ = write!(out, "{}", snapshot_diff(org));
                }
            }
            let question = match org.state {
                State::New => format!("record the snapshot of {name}?"),
                _ => format!("accept the new snapshot of {name}?"),
            };
            let answer = asker.ask(out, &question);
            reviewed.count(answer, || accept(org), problems);
            if !asker.ended {
                let _ = writeln!(out);
            }
        }
        for removed in &case.removed {
            let name = label(run, case, &removed.org);
            if !asker.ended {
                let _ = writeln!(out, "{}", removed_line(&name, case, removed));
            }
            let answer = asker.ask(out, &format!("delete the snapshot of {name}?"));
            reviewed.count(answer, || accept_removed(removed), problems);
            if !asker.ended {
                let _ = writeln!(out);
            }
        }
    }
    reviewed
}

/// `reviewed 3: accepted 1, rejected 1, skipped 1`.
pub fn summary(r: &Reviewed) -> String {
    format!(
        "reviewed {}: accepted {}, kept the old snapshot for {}, skipped {}\n",
        r.accepted + r.rejected + r.skipped,
        r.accepted,
        r.rejected,
        r.skipped
    )
}
