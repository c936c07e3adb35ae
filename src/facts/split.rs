//! A fact file → the text of each of its organizations, read a buffer at a
//! time so that memory holds one organization, not the whole file.
//!
//! A file holds one organization, a list of them (`[...]`), or, in JSON,
//! objects one after another (JSON Lines). The splitter reads the file's
//! tokens and follows its brackets; each organization becomes its own
//! [`SourceFile`] excerpt that still reports the file's lines and columns.
//!
//! A broken organization stops that organization only. In a RON list, an
//! `Organization(` met inside another organization begins the next one (the
//! one before was never closed); in JSON objects one after another, so does
//! a `{` at the start of a line. Problems of the file as a whole (a list
//! never closed, something after it) are [`SplitProblem`]s, by offset.

use std::io::Read;
use std::sync::Arc;

use super::tokens::{Bracket, Format, Kind, Lexed, Token, lex};
use crate::source::SourceFile;

/// One organization's text.
pub struct Piece {
    pub source: Arc<SourceFile>,
    /// The next organization began before this one was closed.
    pub cut: bool,
}

/// What is wrong with a file beyond any one organization, by byte offset in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitProblem {
    /// The file ends before the list's `]`; the list opened at `open`.
    ListUnclosed { open: usize, end: usize },
    /// Something that is not an organization where one was due.
    Unexpected {
        at: usize,
        len: usize,
        after_list: bool,
    },
    /// `[,` or `, ,`: an organization is missing before the comma.
    MissingItem { at: usize },
    /// Two organizations with no comma between them; the second begins at `at`.
    MissingComma { at: usize },
    /// The file is written in the other fact format (JSON named `.ron`, RON
    /// named `.json`), from `at`.
    OtherFormat { at: usize, len: usize },
    /// The file is a rule file, from `at`.
    RuleFile { at: usize, len: usize },
    /// A `#` or `//` comment where the format has none.
    Comment { at: usize, len: usize },
    /// An organization's bytes are not UTF-8, from `at`.
    NotUtf8 { at: usize },
    /// No organization at all.
    Empty { list: bool },
    /// The file could not be read to its end.
    Io,
}

enum Begins {
    Yes,
    No,
    /// More bytes had to be read first.
    ReadAgain,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// Nothing significant seen yet.
    Undecided,
    /// `[ ... ]`; depth 1 between items.
    List,
    /// RON, not a list: the whole file is one organization.
    Single,
    /// JSON values one after another; depth 0 between them.
    Stream,
    /// After the list's `]`: only blanks and comments may follow.
    AfterList,
    Done,
}

/// Where the organization being read starts.
#[derive(Clone, Copy)]
struct Start {
    /// Index in the buffer.
    at: usize,
    line: usize,
    column: usize,
}

const READ_SIZE: usize = 1 << 16;

pub struct Splitter<R> {
    name: String,
    format: Format,
    reader: R,
    buf: Vec<u8>,
    /// Offset in the file of `buf[0]`.
    base: usize,
    /// The next byte to read tokens from.
    pos: usize,
    eof: bool,
    shape: Shape,
    depth: usize,
    item: Option<Start>,
    /// The end of the last token of the organization being read.
    item_end: usize,
    /// Where the list's `[` is, in the file.
    list_open: usize,
    /// A problem found together with an organization, handed out next.
    pending: Option<SplitProblem>,
    found: usize,
    lines: Lines,
}

impl<R: Read> Splitter<R> {
    pub fn new(name: String, format: Format, reader: R) -> Self {
        Splitter {
            name,
            format,
            reader,
            buf: Vec::with_capacity(READ_SIZE),
            base: 0,
            pos: 0,
            eof: false,
            shape: Shape::Undecided,
            depth: 0,
            item: None,
            item_end: 0,
            list_open: 0,
            pending: None,
            found: 0,
            lines: Lines::default(),
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The next organization, or a problem of the file; `None` at its end.
    pub fn next_piece(&mut self) -> Option<Result<Piece, SplitProblem>> {
        loop {
            if let Some(problem) = self.pending.take() {
                return Some(Err(problem));
            }
            if self.shape == Shape::Done {
                return None;
            }
            let token = match lex(self.format, &self.buf, self.pos, self.eof) {
                Lexed::Token(token) => token,
                Lexed::NeedMore => {
                    if let Err(problem) = self.refill() {
                        self.shape = Shape::Done;
                        return Some(Err(problem));
                    }
                    continue;
                }
            };
            if let Some(out) = self.step(token) {
                return out;
            }
        }
    }

    /// Handles one token; `Some` when it ends something to hand out.
    fn step(&mut self, t: Token) -> Option<Option<Result<Piece, SplitProblem>>> {
        let at = self.base + t.start;
        match self.shape {
            Shape::Done => Some(None),
            Shape::Undecided => {
                match t.kind {
                    Kind::End => {
                        self.shape = Shape::Done;
                        return Some(Some(Err(SplitProblem::Empty { list: false })));
                    }
                    Kind::Open(Bracket::Square) => {
                        self.shape = Shape::List;
                        self.depth = 1;
                        self.list_open = at;
                        self.pos = t.end;
                    }
                    _ if self.written_in_other_format(t) => {
                        self.shape = Shape::Done;
                        return Some(Some(Err(SplitProblem::OtherFormat {
                            at,
                            len: t.end - t.start,
                        })));
                    }
                    Kind::Name if is_rule_keyword(&self.buf[t.start..t.end]) => {
                        self.shape = Shape::Done;
                        return Some(Some(Err(SplitProblem::RuleFile {
                            at,
                            len: t.end - t.start,
                        })));
                    }
                    _ if self.format == Format::Ron => {
                        // One organization: the whole file, read to its end.
                        self.shape = Shape::Single;
                        self.begin(t.start);
                        self.pos = t.start;
                    }
                    _ => {
                        self.shape = Shape::Stream;
                        self.pos = t.start;
                    }
                }
                None
            }
            Shape::Single => {
                if t.kind == Kind::End {
                    self.shape = Shape::Done;
                    self.item_end = t.start;
                    return Some(Some(self.emit(false)));
                }
                self.pos = t.end;
                None
            }
            Shape::AfterList => {
                self.shape = Shape::Done;
                match t.kind {
                    Kind::End => Some(None),
                    _ => Some(Some(Err(SplitProblem::Unexpected {
                        at,
                        len: t.end - t.start,
                        after_list: true,
                    }))),
                }
            }
            Shape::List | Shape::Stream => self.in_sequence(t),
        }
    }

    /// A token of a list, or of JSON values one after another.
    fn in_sequence(&mut self, t: Token) -> Option<Option<Result<Piece, SplitProblem>>> {
        let at = self.base + t.start;
        let list = self.shape == Shape::List;
        let between = usize::from(list);
        if t.kind == Kind::End {
            self.shape = Shape::Done;
            if self.item.is_some() {
                // Cut inside an organization: it says what is left open, and
                // the list's own `]` is not worth a second message.
                if list && self.depth == between {
                    self.pending = Some(SplitProblem::ListUnclosed {
                        open: self.list_open,
                        end: at,
                    });
                }
                return Some(Some(self.emit(false)));
            }
            return Some(match (list, self.found) {
                (true, _) => Some(Err(SplitProblem::ListUnclosed {
                    open: self.list_open,
                    end: at,
                })),
                (false, 0) => Some(Err(SplitProblem::Empty { list: false })),
                (false, _) => None,
            });
        }
        if self.item.is_some() {
            match self.begins_next(t) {
                Begins::No => {}
                // More bytes were read: the token is read again.
                Begins::ReadAgain => return None,
                Begins::Yes => {
                    // Inside this organization's brackets, it was never
                    // closed; after them, the comma between the two is missing.
                    let cut = self.depth > between;
                    let piece = self.emit(cut);
                    if !cut {
                        self.pending = Some(SplitProblem::MissingComma { at });
                    }
                    // RON's name begins the next organization (its bracket
                    // comes next); JSON's `{` is its bracket.
                    self.depth = between + usize::from(matches!(t.kind, Kind::Open(_)));
                    self.begin(t.start);
                    self.item_end = t.end;
                    self.pos = t.end;
                    return Some(Some(piece));
                }
            }
        }
        self.pos = t.end;
        if self.depth == between {
            match t.kind {
                Kind::Comma if list => {
                    return Some(Some(match self.item {
                        Some(_) => self.emit(false),
                        None => Err(SplitProblem::MissingItem { at }),
                    }));
                }
                Kind::Close(Bracket::Square) if list => {
                    self.shape = Shape::AfterList;
                    if self.item.is_some() {
                        return Some(Some(self.emit(false)));
                    }
                    if self.found == 0 {
                        return Some(Some(Err(SplitProblem::Empty { list: true })));
                    }
                    return None;
                }
                Kind::ForeignComment if self.item.is_none() => {
                    return Some(Some(Err(SplitProblem::Comment {
                        at,
                        len: t.end - t.start,
                    })));
                }
                Kind::Close(_) | Kind::Comma | Kind::Colon if self.item.is_none() => {
                    return Some(Some(Err(SplitProblem::Unexpected {
                        at,
                        len: t.end - t.start,
                        after_list: false,
                    })));
                }
                _ => {}
            }
        }
        if self.item.is_none() {
            self.begin(t.start);
        }
        self.item_end = t.end;
        match t.kind {
            Kind::Open(_) => self.depth += 1,
            Kind::Close(_) if self.depth > between => {
                self.depth -= 1;
                // A JSON value one after another ends with its closing bracket.
                if !list && self.depth == 0 {
                    return Some(Some(self.emit(false)));
                }
            }
            _ if !list && self.depth == 0 => {
                // A JSON stream of something other than objects: hand it to
                // the reader, which says what it expected.
                return Some(Some(self.emit(false)));
            }
            _ => {}
        }
        None
    }

    /// Whether `t` begins an organization: RON's `Organization(`, or a JSON
    /// `{` at the very start of a line of values one after another.
    fn begins_next(&mut self, t: Token) -> Begins {
        match (self.format, t.kind) {
            (Format::Ron, Kind::Name) if &self.buf[t.start..t.end] == b"Organization" => {
                // The token after it decides; it may need more bytes.
                match lex(self.format, &self.buf, t.end, self.eof) {
                    Lexed::Token(next) if next.kind == Kind::Open(Bracket::Round) => Begins::Yes,
                    Lexed::Token(_) => Begins::No,
                    Lexed::NeedMore => {
                        self.pos = t.start;
                        match self.refill() {
                            Ok(()) => Begins::ReadAgain,
                            Err(_) => Begins::No,
                        }
                    }
                }
            }
            (Format::Json, Kind::Open(Bracket::Curly)) if self.shape == Shape::Stream => {
                if t.start == 0 || self.buf[t.start - 1] == b'\n' {
                    Begins::Yes
                } else {
                    Begins::No
                }
            }
            _ => Begins::No,
        }
    }

    /// Whether the first token says the text is in the other format: a
    /// JSON `{` in a RON file, a RON `Organization(` or `(` in a JSON file.
    fn written_in_other_format(&self, t: Token) -> bool {
        match (self.format, t.kind) {
            (Format::Ron, Kind::Open(Bracket::Curly)) => true,
            (Format::Json, Kind::Open(Bracket::Round)) => true,
            (Format::Json, Kind::Name) => &self.buf[t.start..t.end] == b"Organization",
            _ => false,
        }
    }

    fn begin(&mut self, at: usize) {
        let (line, column) = self.lines.at(&self.buf, at);
        self.item = Some(Start { at, line, column });
        self.item_end = at;
    }

    /// Hands out the organization read so far.
    fn emit(&mut self, cut: bool) -> Result<Piece, SplitProblem> {
        let start = self.item.take().expect("an organization is being read");
        self.found += 1;
        let bytes = &self.buf[start.at..self.item_end.max(start.at)];
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Piece {
                source: SourceFile::excerpt(self.name.clone(), text, start.line, start.column),
                cut,
            }),
            Err(e) => Err(SplitProblem::NotUtf8 {
                at: self.base + start.at + e.valid_up_to(),
            }),
        }
    }

    /// Drops what is no longer needed from the front of the buffer and reads more.
    fn refill(&mut self) -> Result<(), SplitProblem> {
        if self.eof {
            return Ok(());
        }
        let keep = match self.shape {
            // One organization: keep it all.
            Shape::Single => 0,
            _ => self.item.map_or(self.pos, |s| s.at).min(self.pos),
        };
        if keep > 0 {
            self.lines.at(&self.buf, keep);
            self.buf.drain(..keep);
            self.base += keep;
            self.pos -= keep;
            self.lines.counted -= keep;
            self.item_end = self.item_end.saturating_sub(keep);
            if let Some(start) = &mut self.item {
                start.at -= keep;
            }
        }
        let old = self.buf.len();
        self.buf.resize(old + READ_SIZE, 0);
        let read = loop {
            match self.reader.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.buf.truncate(old);
                    return Err(SplitProblem::Io);
                }
            }
        };
        self.buf.truncate(old + read);
        if read == 0 {
            self.eof = true;
        }
        if self.base == 0 && old == 0 && self.buf.starts_with(b"\xef\xbb\xbf") {
            // A byte-order mark is not part of the text, nor of its columns.
            self.pos = 3;
            self.lines.counted = 3;
        }
        Ok(())
    }
}

/// The words that begin the items of a rule file.
fn is_rule_keyword(word: &[u8]) -> bool {
    matches!(word, b"competency" | b"settings" | b"override")
}

/// Lines and columns, counted only up to where they are asked for.
#[derive(Default)]
struct Lines {
    /// Bytes of the buffer before this index are counted.
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

/// Splits a text already in memory: each organization, or the problems.
pub fn split_text(name: &str, format: Format, text: &str) -> Vec<Result<Piece, SplitProblem>> {
    let mut splitter = Splitter::new(name.to_string(), format, text.as_bytes());
    std::iter::from_fn(|| splitter.next_piece()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes per read, to put buffer
    /// boundaries everywhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Each piece's text (or problem), read `step` bytes at a time.
    fn pieces(
        format: Format,
        text: &str,
        step: usize,
    ) -> Vec<Result<(String, bool), SplitProblem>> {
        let reader = Trickle {
            bytes: text.as_bytes(),
            step,
        };
        let mut splitter = Splitter::new("t".to_string(), format, reader);
        std::iter::from_fn(|| splitter.next_piece())
            .map(|p| p.map(|p| (p.source.text().trim().to_string(), p.cut)))
            .collect()
    }

    /// The same pieces whatever the size of the reads.
    fn same_at_every_step(format: Format, text: &str) -> Vec<Result<(String, bool), SplitProblem>> {
        let whole = pieces(format, text, 1 << 20);
        for step in 1..12 {
            assert_eq!(pieces(format, text, step), whole, "reads of {step}");
        }
        whole
    }

    fn ok(text: &str) -> Result<(String, bool), SplitProblem> {
        Ok((text.to_string(), false))
    }

    #[test]
    fn a_single_organization_is_the_whole_file() {
        assert_eq!(
            same_at_every_step(Format::Ron, "// head\nOrganization(id: \"a\") // tail\n"),
            vec![ok("Organization(id: \"a\") // tail")]
        );
    }

    #[test]
    fn list_items_are_split_at_top_level_commas_whatever_the_strings_and_comments() {
        let text = "// header [\n[\n  Organization(id: \"a,]\", people: [P(x: 1), P(x: 2)]), // one, ]\n  Organization(id: r#\"b\")\"# /* ) */),\n]\n";
        assert_eq!(
            same_at_every_step(Format::Ron, text),
            vec![
                ok("Organization(id: \"a,]\", people: [P(x: 1), P(x: 2)])"),
                ok("Organization(id: r#\"b\")\"# /* ) */)"),
            ]
        );
    }

    #[test]
    fn items_keep_their_line_and_column_in_the_file() {
        let text = "// été\n[\n  Organization(id: \"a\"),\n    Organization(id: \"é\"), Organization(id: \"c\")]";
        for step in 1..8 {
            let reader = Trickle {
                bytes: text.as_bytes(),
                step,
            };
            let mut splitter = Splitter::new("t".to_string(), Format::Ron, reader);
            let places: Vec<(usize, usize)> = std::iter::from_fn(|| splitter.next_piece())
                .map(|p| {
                    let source = p.expect("a piece").source;
                    source.line_col(source.text().find('O').unwrap())
                })
                .collect();
            assert_eq!(places, vec![(3, 3), (4, 5), (4, 28)], "reads of {step}");
        }
    }

    #[test]
    fn json_arrays_and_json_lines_split_alike() {
        let array = "[{\"id\": \"a\", \"people\": [{\"id\": \"}\"}]},\n {\"id\": \"b\"}]";
        let lines = "{\"id\": \"a\", \"people\": [{\"id\": \"}\"}]}\n{\"id\": \"b\"}\n";
        let expected = vec![
            ok("{\"id\": \"a\", \"people\": [{\"id\": \"}\"}]}"),
            ok("{\"id\": \"b\"}"),
        ];
        assert_eq!(same_at_every_step(Format::Json, array), expected);
        assert_eq!(same_at_every_step(Format::Json, lines), expected);
    }

    #[test]
    fn a_broken_organization_stops_only_itself() {
        let text = "[\n  Organization(id: \"a\", people: [\n  Organization(id: \"b\")\n  Organization(id: \"c\"),\n]";
        assert_eq!(
            same_at_every_step(Format::Ron, text),
            vec![
                Ok(("Organization(id: \"a\", people: [".to_string(), true)),
                ok("Organization(id: \"b\")"),
                Err(SplitProblem::MissingComma { at: 62 }),
                ok("Organization(id: \"c\")"),
            ]
        );
        let lines = "{\"id\": \"a\", \"people\": [\n{\"id\": \"b\"}\n";
        assert_eq!(
            same_at_every_step(Format::Json, lines),
            vec![
                Ok(("{\"id\": \"a\", \"people\": [".to_string(), true)),
                ok("{\"id\": \"b\"}"),
            ]
        );
    }

    #[test]
    fn problems_of_the_whole_file_are_reported_by_place() {
        assert_eq!(
            same_at_every_step(Format::Ron, "[Organization(id: \"a\")"),
            vec![
                ok("Organization(id: \"a\")"),
                Err(SplitProblem::ListUnclosed { open: 0, end: 22 })
            ]
        );
        assert_eq!(
            same_at_every_step(Format::Ron, "[Organization(id: \"a\")] extra"),
            vec![
                ok("Organization(id: \"a\")"),
                Err(SplitProblem::Unexpected {
                    at: 24,
                    len: 5,
                    after_list: true
                })
            ]
        );
        assert_eq!(
            same_at_every_step(Format::Ron, "[, Organization(id: \"a\")]"),
            vec![
                Err(SplitProblem::MissingItem { at: 1 }),
                ok("Organization(id: \"a\")")
            ]
        );
        assert_eq!(
            same_at_every_step(Format::Ron, "[ /* none */ ]"),
            vec![Err(SplitProblem::Empty { list: true })]
        );
        assert_eq!(
            same_at_every_step(Format::Ron, "{\"id\": \"a\"}"),
            vec![Err(SplitProblem::OtherFormat { at: 0, len: 1 })]
        );
    }

    #[test]
    fn long_lists_are_read_across_buffer_boundaries() {
        let one = "Organization(id: \"x\", name: \"a \\\" quoted ] name\"),\n";
        let text = format!("[\n{}]", one.repeat(5000));
        let found = pieces(Format::Ron, &text, 7);
        assert_eq!(found.len(), 5000);
        assert!(found.iter().all(|p| p.as_ref().is_ok_and(|(_, cut)| !cut)));
    }
}
