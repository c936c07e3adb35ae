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
use std::io::{BufRead, BufReader};
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
    current: Option<(Splitter<BufReader<File>>, usize)>,
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
                Ok(file) => {
                    let reader = BufReader::with_capacity(1 << 16, file);
                    self.current = Some((Splitter::new(&path, reader), 0));
                }
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
/// by item, anything else as one organization.
pub(crate) struct Splitter<R> {
    name: String,
    path: PathBuf,
    reader: R,
    lexer: Lexer,
    mode: Mode,
    /// Inside the list: 1 between items, more inside an item.
    depth: usize,
    /// The item being read, and where it started (line, column in characters).
    item: Option<(Vec<u8>, usize, usize)>,
    /// The last byte of a buffer, held back until the next byte is known.
    carry: Option<u8>,
    line: usize,
    column: usize,
    at_start: bool,
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

impl<R: BufRead> Splitter<R> {
    pub(crate) fn new(path: &Path, reader: R) -> Self {
        Splitter {
            name: files::display(path),
            path: path.to_path_buf(),
            reader,
            lexer: Lexer::default(),
            mode: Mode::Undecided,
            depth: 0,
            item: Some((Vec::new(), 0, 0)),
            carry: None,
            line: 0,
            column: 0,
            at_start: true,
        }
    }

    /// The next organization; `None` when the file has no more.
    pub(crate) fn next_organization(&mut self) -> Result<Option<Arc<SourceFile>>, Problem> {
        loop {
            if self.mode == Mode::Done {
                return Ok(None);
            }
            let buf = self.reader.fill_buf().map_err(|_| Problem::Io)?;
            if buf.is_empty() {
                // The end: settle the held-back byte, then the file.
                if let Some(byte) = self.carry.take() {
                    if let Some(found) = self.step(byte, None)? {
                        return Ok(Some(found));
                    }
                }
                return self.finish();
            }
            let mut start = 0;
            if self.at_start {
                self.at_start = false;
                if buf.starts_with(b"\xef\xbb\xbf") {
                    start = 3;
                }
            }
            let buf = buf.to_vec();
            let len = buf.len();
            if let Some(byte) = self.carry.take() {
                if let Some(found) = self.step(byte, buf.get(start).copied())? {
                    // Nothing of this buffer was used yet but the byte-order mark.
                    self.reader.consume(start);
                    return Ok(Some(found));
                }
            }
            for i in start..len {
                let next = buf.get(i + 1).copied();
                if next.is_none() {
                    self.carry = Some(buf[i]);
                    break;
                }
                if let Some(found) = self.step(buf[i], next)? {
                    // What follows stays in the reader for the next call.
                    self.reader.consume(i + 1);
                    return Ok(Some(found));
                }
            }
            self.reader.consume(len);
        }
    }

    fn finish(&mut self) -> Result<Option<Arc<SourceFile>>, Problem> {
        let mode = self.mode;
        self.mode = Mode::Done;
        match mode {
            Mode::Single => {
                let (bytes, _, _) = self.item.take().unwrap_or_default();
                let text = String::from_utf8(bytes).map_err(|_| Problem::NotUtf8)?;
                Ok(Some(SourceFile::new(self.name.clone(), text)))
            }
            Mode::Undecided => Ok(None),
            Mode::AfterList | Mode::Done => Ok(None),
            Mode::List => Err(Problem::Unclosed),
        }
    }

    /// One byte (with the next, when known). Returns an organization when one ends here.
    fn step(&mut self, byte: u8, next: Option<u8>) -> Result<Option<Arc<SourceFile>>, Problem> {
        let class = self.lexer.feed(byte, next);
        let (line, column) = (self.line, self.column);
        // Columns count characters: skip UTF-8 continuation bytes.
        if byte == b'\n' {
            self.line += 1;
            self.column = 0;
        } else if byte & 0xC0 != 0x80 {
            self.column += 1;
        }
        let trivia =
            class == Class::Comment || (class == Class::Code && byte.is_ascii_whitespace());
        match self.mode {
            Mode::Undecided => {
                if let Some((bytes, _, _)) = &mut self.item {
                    bytes.push(byte);
                }
                if !trivia {
                    if class == Class::Code && byte == b'[' {
                        self.mode = Mode::List;
                        self.depth = 1;
                        self.item = None;
                    } else {
                        self.mode = Mode::Single;
                    }
                }
                Ok(None)
            }
            Mode::Single => {
                if let Some((bytes, _, _)) = &mut self.item {
                    bytes.push(byte);
                }
                Ok(None)
            }
            Mode::AfterList => {
                if trivia {
                    Ok(None)
                } else {
                    Err(Problem::Unexpected)
                }
            }
            Mode::Done => Ok(None),
            Mode::List => self.list_byte(byte, class, trivia, line, column),
        }
    }

    fn list_byte(
        &mut self,
        byte: u8,
        class: Class,
        trivia: bool,
        line: usize,
        column: usize,
    ) -> Result<Option<Arc<SourceFile>>, Problem> {
        if self.depth == 1 && class == Class::Code && matches!(byte, b',' | b']') {
            let ended = self.item.take();
            if byte == b']' {
                self.mode = Mode::AfterList;
            }
            return match ended {
                Some((bytes, line, column)) => {
                    let text = String::from_utf8(bytes).map_err(|_| Problem::NotUtf8)?;
                    Ok(Some(SourceFile::excerpt(
                        self.name.clone(),
                        text.trim_end(),
                        line,
                        column,
                    )))
                }
                // `[,` or `, ,`: an item is missing.
                None if byte == b',' => Err(Problem::Unexpected),
                None => Ok(None),
            };
        }
        if self.item.is_none() {
            if trivia {
                return Ok(None);
            }
            self.item = Some((Vec::new(), line, column));
        }
        if let Some((bytes, _, _)) = &mut self.item {
            bytes.push(byte);
        }
        if class == Class::Code {
            match byte {
                b'(' | b'[' | b'{' => self.depth += 1,
                b')' | b']' | b'}' if self.depth > 1 => self.depth -= 1,
                b')' | b'}' => return Err(Problem::Unexpected),
                _ => {}
            }
        }
        Ok(None)
    }
}

/// What a byte is part of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Code,
    /// Inside a string or character literal, quotes included.
    Literal,
    Comment,
}

/// Strings, characters and comments, byte by byte, so brackets inside them
/// are not taken for structure.
#[derive(Default)]
struct Lexer {
    state: LexState,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum LexState {
    #[default]
    Code,
    String {
        escaped: bool,
    },
    Char {
        escaped: bool,
    },
    LineComment,
    /// Nesting depth, and the previous byte (to see `*/` and `/*`).
    BlockComment {
        depth: u32,
        last: u8,
    },
    /// The `/` that opens a comment; the next byte says which kind.
    Slash,
}

impl Lexer {
    /// Feeds one byte, with the next one when it is known.
    fn feed(&mut self, byte: u8, next: Option<u8>) -> Class {
        use LexState::*;
        match self.state {
            Code => match byte {
                b'"' => {
                    self.state = String { escaped: false };
                    Class::Literal
                }
                b'\'' => {
                    self.state = Char { escaped: false };
                    Class::Literal
                }
                b'/' if matches!(next, Some(b'/' | b'*')) => {
                    self.state = Slash;
                    Class::Comment
                }
                _ => Class::Code,
            },
            Slash => {
                self.state = if byte == b'/' {
                    LineComment
                } else {
                    BlockComment { depth: 1, last: 0 }
                };
                Class::Comment
            }
            String { escaped } => {
                self.state = match (escaped, byte) {
                    (true, _) => String { escaped: false },
                    (false, b'\\') => String { escaped: true },
                    (false, b'"') => Code,
                    _ => String { escaped: false },
                };
                Class::Literal
            }
            Char { escaped } => {
                self.state = match (escaped, byte) {
                    (true, _) => Char { escaped: false },
                    (false, b'\\') => Char { escaped: true },
                    (false, b'\'') | (false, b'\n') => Code,
                    _ => Char { escaped: false },
                };
                Class::Literal
            }
            LineComment => {
                if byte == b'\n' {
                    self.state = Code;
                }
                Class::Comment
            }
            BlockComment { depth, last } => {
                self.state = match (last, byte) {
                    (b'*', b'/') if depth == 1 => Code,
                    (b'*', b'/') => BlockComment {
                        depth: depth - 1,
                        last: 0,
                    },
                    (b'/', b'*') => BlockComment {
                        depth: depth + 1,
                        last: 0,
                    },
                    _ => BlockComment { depth, last: byte },
                };
                Class::Comment
            }
        }
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

    #[test]
    fn comments_split_across_buffers_are_still_comments() {
        let text = "[ Organization(id: \"a\"), // ] ,\n /* ( */ Organization(id: \"b\") ]";
        for capacity in 1..8 {
            let reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
            let mut splitter = Splitter::new(Path::new("t.ron"), reader);
            let mut found = Vec::new();
            while let Some(source) = splitter.next_organization().unwrap() {
                found.push(source.text().trim().to_string());
            }
            assert_eq!(found.len(), 2, "buffer of {capacity}: {found:?}");
        }
    }

    #[test]
    fn long_lists_are_read_across_buffer_boundaries() {
        let one = "Organization(id: \"x\", name: \"a \\\" quoted ] name\"),\n";
        let text = format!("[\n{}]", one.repeat(5000));
        let reader = std::io::BufReader::with_capacity(7, text.as_bytes());
        let mut splitter = Splitter::new(Path::new("t.ron"), reader);
        let mut count = 0;
        while splitter.next_organization().unwrap().is_some() {
            count += 1;
        }
        assert_eq!(count, 5000);
    }
}
