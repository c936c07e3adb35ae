//! Fact files → one organization's text at a time.
//!
//! A file holds one `Organization(...)` or a list `[Organization(...), ...]`.
//! Lists are read incrementally, a buffer at a time, by a lexical pass that
//! knows only strings, comments and brackets: memory holds one organization,
//! not the whole list, however long it is. Each organization becomes its own
//! [`SourceFile`] excerpt that still reports the file's line numbers. When
//! the lexical pass meets something it cannot make sense of, the file is read
//! whole and the problem is described precisely.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::SourceSpan;

use super::error::FactError;
use super::parse::unclosed_bracket;
use crate::diagnostics::Diagnostics;
use crate::files;
use crate::source::SourceFile;

/// The text of one organization, and its place in the batch.
pub struct OrgText {
    pub source: Arc<SourceFile>,
    /// Position in the batch: list order within a file, files by name.
    pub position: usize,
}

/// Every organization of a TARGET (a file or a folder of `.ron` files), in order.
pub struct FactReader {
    files: std::vec::IntoIter<PathBuf>,
    current: Option<(Splitter<File>, usize)>,
    position: usize,
}

impl FactReader {
    pub fn open(target: &Path) -> Result<FactReader, Diagnostics> {
        let paths = files::collect(target, "ron", "fact files")
            .and_then(|paths| {
                // Batches read every file twice.
                paths.iter().try_for_each(|p| {
                    files::refuse_pipe(
                        p,
                        "the facts are read once to find which organization keeps each \
                         person, then again to evaluate them; save them to a file first",
                    )
                })?;
                Ok(paths)
            })
            .map_err(|e| {
                let mut d = Diagnostics::new();
                d.push(e);
                d
            })?;
        Ok(FactReader {
            files: paths.into_iter(),
            current: None,
            position: 0,
        })
    }
}

/// A file that could not be read or split, and why.
pub struct FileProblem {
    /// The file's name, as organizations read from it are named.
    pub file: String,
    pub diagnostics: Diagnostics,
}

impl Iterator for FactReader {
    /// An organization's text, or the problems of a file that has none to give.
    type Item = Result<OrgText, FileProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((splitter, count)) = &mut self.current {
                let path = splitter.path.clone();
                match splitter.next_organization() {
                    Ok(Some(source)) => {
                        *count += 1;
                        let position = self.position;
                        self.position += 1;
                        return Some(Ok(OrgText { source, position }));
                    }
                    // A file without a single organization is a mistake worth saying.
                    Ok(None) if *count == 0 => {
                        self.current = None;
                        return Some(Err(describe(&path, Problem::Empty)));
                    }
                    Ok(None) => self.current = None,
                    Err(problem) => {
                        self.current = None;
                        return Some(Err(describe(&path, problem)));
                    }
                }
            }
            let path = self.files.next()?;
            match File::open(&path) {
                Ok(file) => self.current = Some((Splitter::new(&path, file), 0)),
                Err(_) => return Some(Err(describe(&path, Problem::Io))),
            }
        }
    }
}

/// What went wrong while splitting a list, by byte offset in the file.
#[derive(Debug)]
pub(crate) enum Problem {
    /// The list (or an organization in it) is not closed before the end.
    Unclosed,
    /// Something that is not an organization where one was expected.
    Unexpected,
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// No organization at all.
    Empty,
    Io,
}

/// Reads the whole file to describe a problem precisely (rare, so the
/// memory is spent only then).
fn describe(path: &Path, problem: Problem) -> FileProblem {
    FileProblem {
        file: files::display(path),
        diagnostics: diagnose(path, problem),
    }
}

fn diagnose(path: &Path, problem: Problem) -> Diagnostics {
    let mut d = Diagnostics::new();
    let source = match files::read_text(path) {
        Ok(source) => source,
        Err(e) => {
            d.push(e);
            return d;
        }
    };
    let text = source.text();
    let end = text.trim_end().len();
    match problem {
        Problem::Unclosed => {
            let unclosed = unclosed_bracket(text);
            let list_open = text.find('[').unwrap_or(0);
            d.push(FactError::Truncated {
                src: source.clone(),
                span: SourceSpan::new(end.into(), 0),
                unclosed: unclosed.map(|(i, _)| SourceSpan::new(i.into(), 1)),
                open: unclosed.map_or('[', |(_, c)| c),
                what: if unclosed.is_none_or(|(i, _)| i == list_open) {
                    "the list"
                } else {
                    "the organization"
                },
            });
        }
        Problem::Empty => d.push(FactError::NoOrganization {
            src: source.clone(),
            span: SourceSpan::new(0.into(), end),
        }),
        Problem::Unexpected | Problem::NotUtf8 | Problem::Io => {
            // ron reads the whole text and says what it expected.
            match super::parse::parse_list_for_diagnostics(&source) {
                Some(error) => d.push(error),
                None => d.push(FactError::NoOrganization {
                    src: source.clone(),
                    span: SourceSpan::new(0.into(), end),
                }),
            }
        }
    }
    d
}

/// Splits a fact file into its organizations, incrementally: a list item
/// by item, anything else as one organization. It keeps its own buffer, so
/// that an item is one slice of it (copied once, when it ends), and jumps
/// through strings and comments rather than stepping byte by byte: splitting
/// is done twice per batch and must cost little next to parsing.
pub(crate) struct Splitter<R> {
    name: String,
    path: PathBuf,
    reader: R,
    /// Bytes read and not yet handed out.
    buf: Vec<u8>,
    /// The next byte to look at.
    pos: usize,
    /// Where the item being read starts in `buf`, with its line and column.
    item: Option<(usize, usize, usize)>,
    state: LexState,
    mode: Mode,
    /// Inside the list: 1 between items, more inside an item.
    depth: usize,
    lines: Lines,
    eof: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Nothing significant seen yet: the bytes are kept in case the file is one organization.
    Undecided,
    List,
    Single,
    /// After the list's `]`: only blanks and comments may follow.
    AfterList,
    Done,
}

/// Where the lexical pass is: in code, or inside a literal or a comment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LexState {
    Code,
    String,
    Char,
    LineComment,
    BlockComment(u32),
}

/// Lines and columns, counted only up to where they are asked for.
#[derive(Default)]
struct Lines {
    /// Bytes of the buffer before this offset are counted.
    counted: usize,
    /// Newlines before `counted`.
    lines: usize,
    /// Characters since the last newline, at `counted`.
    column: usize,
}

impl Lines {
    /// The line and column (from 0) of `buf[at]`, counting on from where it was.
    fn at(&mut self, buf: &[u8], at: usize) -> (usize, usize) {
        let span = &buf[self.counted..at];
        let newlines = memchr::memchr_iter(b'\n', span).count();
        if newlines > 0 {
            self.lines += newlines;
            let last = memchr::memrchr(b'\n', span).map_or(0, |i| i + 1);
            self.column = characters(&span[last..]);
        } else {
            self.column += characters(span);
        }
        self.counted = at;
        (self.lines, self.column)
    }
}

/// Characters in UTF-8 bytes: every byte that is not a continuation byte.
fn characters(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// Bytes that matter to structure outside strings and comments.
fn is_structural(byte: u8) -> bool {
    matches!(
        byte,
        b'"' | b'\'' | b'/' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b','
    )
}

const READ_SIZE: usize = 1 << 16;

impl<R: std::io::Read> Splitter<R> {
    pub(crate) fn new(path: &Path, reader: R) -> Self {
        Splitter {
            name: files::display(path),
            path: path.to_path_buf(),
            reader,
            buf: Vec::with_capacity(READ_SIZE),
            pos: 0,
            item: None,
            state: LexState::Code,
            mode: Mode::Undecided,
            depth: 0,
            lines: Lines::default(),
            eof: false,
        }
    }

    /// The next organization; `None` when the file has no more.
    pub(crate) fn next_organization(&mut self) -> Result<Option<Arc<SourceFile>>, Problem> {
        loop {
            if self.mode == Mode::Done {
                return Ok(None);
            }
            // Every byte looked at has the next one in view (for `//` and `/*`),
            // except at the very end.
            if !self.eof && self.pos + 1 >= self.buf.len() {
                self.refill()?;
                continue;
            }
            if self.pos >= self.buf.len() {
                return self.finish();
            }
            let buf = std::mem::take(&mut self.buf);
            let found = self.scan(&buf);
            self.buf = buf;
            if let Some(organization) = found? {
                return Ok(Some(organization));
            }
        }
    }

    /// Drops what is no longer needed from the front of the buffer and reads more.
    fn refill(&mut self) -> Result<(), Problem> {
        // Until the file's shape is known, and for a single organization, keep everything.
        let keep = match self.mode {
            Mode::Undecided | Mode::Single => 0,
            _ => self.item.map_or(self.pos, |(start, _, _)| start),
        };
        if keep > 0 {
            self.lines.at(&self.buf, keep);
            self.buf.drain(..keep);
            self.pos -= keep;
            self.lines.counted -= keep;
            if let Some((start, _, _)) = &mut self.item {
                *start -= keep;
            }
        }
        let old = self.buf.len();
        self.buf.resize(old + READ_SIZE, 0);
        let read = loop {
            match self.reader.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(Problem::Io),
            }
        };
        self.buf.truncate(old + read);
        if read == 0 {
            self.eof = true;
        }
        if old == 0 && self.mode == Mode::Undecided && self.buf.starts_with(b"\xef\xbb\xbf") {
            // A byte-order mark is not part of the text, nor of its columns.
            self.pos = 3;
            self.lines.counted = 3;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<Option<Arc<SourceFile>>, Problem> {
        let mode = self.mode;
        self.mode = Mode::Done;
        match mode {
            Mode::Single => {
                let bytes = std::mem::take(&mut self.buf);
                let text = String::from_utf8(bytes).map_err(|_| Problem::NotUtf8)?;
                Ok(Some(SourceFile::new(self.name.clone(), text)))
            }
            Mode::List => Err(Problem::Unclosed),
            Mode::Undecided | Mode::AfterList | Mode::Done => Ok(None),
        }
    }

    /// Looks at `buf[pos..]` (all but the last byte, unless the file has
    /// ended); returns an organization when one ends.
    fn scan(&mut self, buf: &[u8]) -> Result<Option<Arc<SourceFile>>, Problem> {
        let limit = if self.eof { buf.len() } else { buf.len() - 1 };
        let mut i = self.pos;
        while i < limit {
            match self.state {
                LexState::String => match memchr::memchr2(b'"', b'\\', &buf[i..limit]) {
                    Some(k) if buf[i + k] == b'\\' => i += k + 2,
                    Some(k) => {
                        self.state = LexState::Code;
                        i += k + 1;
                    }
                    None => i = limit,
                },
                LexState::Char => {
                    match buf[i] {
                        b'\\' => i += 1,
                        b'\'' | b'\n' => self.state = LexState::Code,
                        _ => {}
                    }
                    i += 1;
                }
                LexState::LineComment => match memchr::memchr(b'\n', &buf[i..limit]) {
                    Some(k) => {
                        self.state = LexState::Code;
                        i += k + 1;
                    }
                    None => i = limit,
                },
                LexState::BlockComment(depth) => {
                    match memchr::memchr2(b'*', b'/', &buf[i..limit]) {
                        Some(k) => {
                            let at = i + k;
                            match (buf[at], buf.get(at + 1).copied()) {
                                (b'*', Some(b'/')) if depth == 1 => {
                                    self.state = LexState::Code;
                                    i = at + 2;
                                }
                                (b'*', Some(b'/')) => {
                                    self.state = LexState::BlockComment(depth - 1);
                                    i = at + 2;
                                }
                                (b'/', Some(b'*')) => {
                                    self.state = LexState::BlockComment(depth + 1);
                                    i = at + 2;
                                }
                                _ => i = at + 1,
                            }
                        }
                        None => i = limit,
                    }
                }
                LexState::Code => {
                    let byte = buf[i];
                    if byte.is_ascii_whitespace() {
                        i += 1;
                        continue;
                    }
                    if byte == b'/' {
                        match buf.get(i + 1) {
                            Some(b'/') => {
                                self.state = LexState::LineComment;
                                i += 2;
                                continue;
                            }
                            Some(b'*') => {
                                self.state = LexState::BlockComment(1);
                                i += 2;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    // Something significant: what it means depends on where we are.
                    match self.mode {
                        Mode::Undecided if byte == b'[' => {
                            self.mode = Mode::List;
                            self.depth = 1;
                            i += 1;
                            continue;
                        }
                        Mode::Undecided | Mode::Single | Mode::Done => {
                            // One organization: read it whole.
                            self.mode = Mode::Single;
                            self.pos = buf.len();
                            return Ok(None);
                        }
                        Mode::AfterList => return Err(Problem::Unexpected),
                        Mode::List => {}
                    }
                    if self.depth == 1 && matches!(byte, b',' | b']') {
                        if byte == b']' {
                            self.mode = Mode::AfterList;
                        }
                        let ended = self.item.take();
                        self.pos = i + 1;
                        return match ended {
                            Some((start, line, column)) => {
                                let text = std::str::from_utf8(&buf[start..i])
                                    .map_err(|_| Problem::NotUtf8)?;
                                let name = self.name.clone();
                                Ok(Some(SourceFile::excerpt(
                                    name,
                                    text.trim_end(),
                                    line,
                                    column,
                                )))
                            }
                            // `[,` or `, ,`: an organization is missing.
                            None if byte == b',' => Err(Problem::Unexpected),
                            None => Ok(None),
                        };
                    }
                    if self.item.is_none() {
                        let (line, column) = self.lines.at(buf, i);
                        self.item = Some((i, line, column));
                    }
                    match byte {
                        b'"' => self.state = LexState::String,
                        b'\'' => self.state = LexState::Char,
                        b'(' | b'[' | b'{' => self.depth += 1,
                        b')' | b']' | b'}' if self.depth > 1 => self.depth -= 1,
                        b')' | b'}' => return Err(Problem::Unexpected),
                        b',' | b'/' => {}
                        _ => {
                            // Plain code (names, numbers): on to the next byte that matters.
                            i += 1;
                            while i < limit
                                && !is_structural(buf[i])
                                && !buf[i].is_ascii_whitespace()
                            {
                                i += 1;
                            }
                            continue;
                        }
                    }
                    i += 1;
                }
            }
        }
        self.pos = i.min(buf.len());
        Ok(None)
    }
}

/// Splits text already in memory: each organization's excerpt, or what is wrong.
pub fn split_text(name: &str, text: &str) -> Result<Vec<Arc<SourceFile>>, String> {
    let mut splitter = Splitter::new(Path::new(name), text.as_bytes());
    let mut out = Vec::new();
    loop {
        match splitter.next_organization() {
            Ok(Some(source)) => out.push(source),
            Ok(None) => return Ok(out),
            Err(problem) => return Err(format!("{problem:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<String> {
        split_text("t.ron", text)
            .unwrap()
            .iter()
            .map(|s| s.text().trim().to_string())
            .collect()
    }

    #[test]
    fn a_single_organization_is_the_whole_file() {
        assert_eq!(
            items("Organization(id: \"a\")"),
            vec!["Organization(id: \"a\")"]
        );
    }

    #[test]
    fn list_items_are_split_at_top_level_commas() {
        let text = "// header [\n[\n  Organization(id: \"a,]\", people: [P(x: 1), P(x: 2)]), // one, ]\n  Organization(id: \"b\" /* ) */),\n]\n";
        assert_eq!(
            items(text),
            vec![
                "Organization(id: \"a,]\", people: [P(x: 1), P(x: 2)])",
                "Organization(id: \"b\" /* ) */)"
            ]
        );
    }

    #[test]
    fn items_keep_their_line_and_column_in_the_file() {
        let sources = split_text(
            "t.ron",
            "[\n  Organization(id: \"a\"),\n    Organization(id: \"b\")]",
        )
        .unwrap();
        assert_eq!(
            sources[1].line_col(sources[1].text().find('O').unwrap()),
            (3, 5)
        );
    }

    #[test]
    fn problems_are_reported() {
        assert!(split_text("t.ron", "  [Organization(id: \"a\")").is_err());
        assert!(split_text("t.ron", "[Organization(id: \"a\")] extra").is_err());
        assert!(split_text("t.ron", "[, Organization(id: \"a\")]").is_err());
    }

    #[test]
    fn an_empty_list_has_no_items() {
        assert!(items("[ /* none */ ]").is_empty());
    }

    #[test]
    fn a_list_item_that_is_not_a_record_is_kept_for_ron_to_reject() {
        assert_eq!(items("[\"text\"]"), vec!["\"text\""]);
    }

    /// A reader that hands out at most `step` bytes per read, to put buffer
    /// boundaries everywhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn comments_split_across_buffers_are_still_comments() {
        let text = "[ Organization(id: \"a\"), // ] ,\n /* ( */ Organization(id: \"b\") ]";
        for step in 1..8 {
            let reader = Trickle {
                bytes: text.as_bytes(),
                step,
            };
            let mut splitter = Splitter::new(Path::new("t.ron"), reader);
            let mut found = Vec::new();
            while let Some(source) = splitter.next_organization().unwrap() {
                found.push(source.text().trim().to_string());
            }
            assert_eq!(found.len(), 2, "reads of {step}: {found:?}");
        }
    }

    #[test]
    fn line_and_column_survive_buffer_boundaries() {
        let text = "// été\n[\n  Organization(id: \"a\"),\n    Organization(id: \"é\"), Organization(id: \"c\")]";
        for step in 1..6 {
            let mut splitter = Splitter::new(
                Path::new("t.ron"),
                Trickle {
                    bytes: text.as_bytes(),
                    step,
                },
            );
            let mut places = Vec::new();
            while let Some(source) = splitter.next_organization().unwrap() {
                places.push(source.line_col(source.text().find('O').unwrap()));
            }
            assert_eq!(places, vec![(3, 3), (4, 5), (4, 28)], "reads of {step}");
        }
    }

    #[test]
    fn long_lists_are_read_across_buffer_boundaries() {
        let one = "Organization(id: \"x\", name: \"a \\\" quoted ] name\"),\n";
        let text = format!("[\n{}]", one.repeat(5000));
        let reader = Trickle {
            bytes: text.as_bytes(),
            step: 7,
        };
        let mut splitter = Splitter::new(Path::new("t.ron"), reader);
        let mut count = 0;
        while splitter.next_organization().unwrap().is_some() {
            count += 1;
        }
        assert_eq!(count, 5000);
    }
}
