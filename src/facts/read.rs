//! A TARGET → its organizations' texts, in order: an organization file, a
//! list file, a folder of `.ron`, `.json` and `.jsonl` files (by name), or
//! `-` for standard input. The texts are parsed by the caller, in parallel
//! if it likes; a batch reads them twice (see `batch`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{Expected, FactError, FactErrorKind, Found, Whole};
use super::model::Organization;
use super::parse::parse_organization;
use super::split::{Piece, SplitProblem, Splitter};
use super::tokens::{Bracket, Format};
use crate::diagnostics::Diagnostics;
use crate::files::{self, FileError};
use crate::source::{Loc, SourceFile};

/// The extensions of fact files in a folder.
pub const EXTENSIONS: [&str; 3] = ["ron", "json", "jsonl"];

/// How standard input is named in diagnostics.
pub const STDIN_NAME: &str = "<stdin>";

/// Where the facts come from, resolved once: a batch reads them twice.
pub enum Input {
    Files(Vec<PathBuf>),
    /// Standard input, read whole (it can be read only once).
    Stdin(Arc<[u8]>),
}

impl Input {
    /// `-` is standard input; anything else a file or a folder.
    pub fn resolve(target: &Path) -> Result<Input, Diagnostics> {
        let fail = |e: FileError| {
            let mut d = Diagnostics::new();
            d.push(e);
            d
        };
        if target == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                fail(FileError::Unreadable {
                    path: STDIN_NAME.to_string(),
                    reason: e.to_string(),
                })
            })?;
            return Ok(Input::Stdin(bytes.into()));
        }
        let paths = files::collect(target, &EXTENSIONS, "fact files").map_err(fail)?;
        for p in &paths {
            files::refuse_pipe(
                p,
                "the facts are read once to find which organization keeps each person, then \
                 again to evaluate them; give `-` to read standard input, or save them to a file",
            )
            .map_err(fail)?;
        }
        Ok(Input::Files(paths))
    }
}

/// The text of one organization, and its place in the batch.
pub struct OrgText {
    pub source: Arc<SourceFile>,
    pub format: Format,
    /// Position in the batch: list order within a file, files by name.
    pub position: usize,
    /// The next organization began before this one was closed.
    pub cut: bool,
}

impl OrgText {
    pub fn parse(&self) -> Result<Organization, Vec<FactError>> {
        parse_organization(&self.source, self.format, self.cut)
    }
}

/// Problems of a file as a whole (or of an organization that could not
/// even be cut out of it).
pub struct FileProblem {
    pub file: String,
    pub diagnostics: Diagnostics,
}

type Bytes<'i> = Box<dyn Read + Send + 'i>;

/// Every organization of an [`Input`], in order.
pub struct FactReader<'i> {
    input: &'i Input,
    next_file: usize,
    current: Option<Current<'i>>,
    position: usize,
}

struct Current<'i> {
    splitter: Splitter<Bytes<'i>>,
    /// The file, to read whole when a problem must be shown.
    path: Option<PathBuf>,
}

impl<'i> FactReader<'i> {
    pub fn new(input: &'i Input) -> Self {
        FactReader {
            input,
            next_file: 0,
            current: None,
            position: 0,
        }
    }

    /// Opens the next file; `None` when there is none left.
    fn open_next(&mut self) -> Option<Result<(), FileProblem>> {
        let index = self.next_file;
        self.next_file += 1;
        match self.input {
            Input::Stdin(bytes) if index == 0 => {
                let format = Format::sniff(bytes);
                let reader: Bytes = Box::new(std::io::Cursor::new(bytes.clone()));
                self.current = Some(Current {
                    splitter: Splitter::new(STDIN_NAME.to_string(), format, reader),
                    path: None,
                });
                Some(Ok(()))
            }
            Input::Stdin(_) => None,
            Input::Files(paths) => {
                let path = paths.get(index)?;
                match std::fs::File::open(path) {
                    Ok(file) => {
                        let reader: Bytes = Box::new(file);
                        self.current = Some(Current {
                            splitter: Splitter::new(
                                files::display(path),
                                Format::of_path(path),
                                reader,
                            ),
                            path: Some(path.clone()),
                        });
                        Some(Ok(()))
                    }
                    Err(_) => {
                        let mut diagnostics = Diagnostics::new();
                        if let Err(e) = files::read_text(path) {
                            diagnostics.push(e);
                        }
                        Some(Err(FileProblem {
                            file: files::display(path),
                            diagnostics,
                        }))
                    }
                }
            }
        }
    }

    /// The whole text a problem is in, to show it.
    fn whole_text(&self, current: &Current) -> Result<Arc<SourceFile>, FileError> {
        match (&current.path, self.input) {
            (Some(path), _) => files::read_text_lossy(path),
            (None, Input::Stdin(bytes)) => Ok(SourceFile::new(
                STDIN_NAME,
                String::from_utf8_lossy(bytes).into_owned(),
            )),
            (None, Input::Files(_)) => unreachable!("files have paths"),
        }
    }

    fn describe(&self, current: &Current, problem: SplitProblem) -> FileProblem {
        let file = current
            .path
            .as_deref()
            .map_or(STDIN_NAME.to_string(), files::display);
        let mut diagnostics = Diagnostics::new();
        if problem == SplitProblem::Io {
            let path = current.path.as_deref().unwrap_or(Path::new(STDIN_NAME));
            if let Err(e) = files::read_text(path) {
                diagnostics.push(e);
            } else {
                diagnostics.push(FileError::Unreadable {
                    path: file.clone(),
                    reason: "it could not be read to its end".to_string(),
                });
            }
            return FileProblem { file, diagnostics };
        }
        match self.whole_text(current) {
            Ok(source) => diagnostics.push(problem_at(&source, current.splitter.format(), problem)),
            Err(e) => diagnostics.push(e),
        }
        FileProblem { file, diagnostics }
    }
}

/// A problem of a whole file, with its place.
fn problem_at(source: &Arc<SourceFile>, format: Format, problem: SplitProblem) -> FactError {
    let text = source.text();
    let clamp = |at: usize| at.min(text.len());
    let loc = |at: usize, len: usize| Loc::new(source, clamp(at)..clamp(at + len));
    let token = |at: usize, len: usize| Found::Token(text[clamp(at)..clamp(at + len)].to_string());
    let end = text.trim_end().len();
    match problem {
        SplitProblem::ListUnclosed { open, .. } => FactError::new(
            FactErrorKind::Truncated {
                what: Whole::List,
                unclosed: Some((loc(open, 1), Bracket::Square)),
                next_begins: false,
            },
            Loc::end_of(source),
        ),
        SplitProblem::Unexpected {
            at,
            len,
            after_list: true,
        } => FactError::new(
            FactErrorKind::Trailing {
                found: token(at, len),
                what: Whole::List,
            },
            loc(at, len),
        ),
        SplitProblem::Unexpected { at, len, .. } => FactError::new(
            FactErrorKind::Unexpected {
                expected: Expected::Organization,
                found: token(at, len),
            },
            loc(at, len),
        ),
        SplitProblem::MissingItem { at } => FactError::new(
            FactErrorKind::Unexpected {
                expected: Expected::Organization,
                found: token(at, 1),
            },
            loc(at, 1),
        ),
        SplitProblem::MissingComma { at } => FactError::new(
            FactErrorKind::Unexpected {
                expected: Expected::CommaBetweenOrganizations,
                found: token(at, "Organization".len()),
            },
            loc(at, "Organization".len()),
        ),
        SplitProblem::OtherFormat { at, len } => {
            FactError::new(FactErrorKind::OtherFormat { format }, loc(at, len))
        }
        SplitProblem::RuleFile { at, len } => FactError::new(FactErrorKind::RuleFile, loc(at, len)),
        SplitProblem::Comment { at, len } => {
            FactError::new(FactErrorKind::CommentStyle { format }, loc(at, len))
        }
        SplitProblem::NotUtf8 { at } => {
            // The lossy text puts three bytes where one bad byte was: the
            // offset is the same up to it.
            let file = source.name().to_string();
            FactError::new(FactErrorKind::NotUtf8 { file }, loc(at, 1))
        }
        SplitProblem::Empty { list } => {
            FactError::new(FactErrorKind::NoOrganization { list }, loc(0, end))
        }
        SplitProblem::Io => unreachable!("described as a file error"),
    }
}

impl Iterator for FactReader<'_> {
    /// An organization's text, or the problems of a file.
    type Item = Result<OrgText, FileProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(current) = &mut self.current {
                match current.splitter.next_piece() {
                    Some(Ok(Piece { source, cut })) => {
                        let position = self.position;
                        self.position += 1;
                        return Some(Ok(OrgText {
                            source,
                            format: current.splitter.format(),
                            position,
                            cut,
                        }));
                    }
                    Some(Err(problem)) => {
                        let current = self.current.take().expect("a file is open");
                        let described = self.describe(&current, problem.clone());
                        // Keep reading the file after a problem it can recover from.
                        if !matches!(problem, SplitProblem::Io) {
                            self.current = Some(current);
                        }
                        return Some(Err(described));
                    }
                    None => self.current = None,
                }
            }
            if let Err(problem) = self.open_next()? {
                return Some(Err(problem));
            }
        }
    }
}

/// Reads and parses every organization of `target`, for inputs small enough
/// to hold. Organizations that fail are reported; the others are returned,
/// in order. Batches use [`FactReader`] directly.
pub fn load_organizations(target: &Path) -> (Vec<Organization>, Diagnostics) {
    let input = match Input::resolve(target) {
        Ok(input) => input,
        Err(d) => return (Vec::new(), d),
    };
    let mut diagnostics = Diagnostics::new();
    let mut organizations = Vec::new();
    for item in FactReader::new(&input) {
        match item {
            Ok(text) => match text.parse() {
                Ok(org) => organizations.push(org),
                Err(errors) => diagnostics.extend(errors),
            },
            Err(problem) => diagnostics.append(problem.diagnostics),
        }
    }
    (organizations, diagnostics)
}
