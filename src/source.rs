//! Source text and locations.
//!
//! Every syntax-tree node and every diagnostic points back into a file through
//! a [`Loc`]: the file it came from and a byte range in it. [`Node`] pairs a
//! value with its place; equality ignores the place, so two rule sets compare
//! equal when they mean the same thing, wherever they were written.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// One file of text as the user wrote it, with the name we show for it; or
/// an excerpt of a larger file (one organization of a long list), which
/// still reports the line numbers of the whole file.
pub struct SourceFile {
    name: String,
    text: String,
    /// Lines of the whole file before this text starts.
    first_line: usize,
}

impl SourceFile {
    /// A byte-order mark at the start is dropped: editors on Windows add one,
    /// and it is not part of what the user wrote.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Arc::new(SourceFile {
            name: name.into(),
            text,
            first_line: 0,
        })
    }

    /// An excerpt that starts `first_line` lines into the file `name`, with
    /// `column` characters of its first line before it. The excerpt's first
    /// line is padded with spaces so columns match the file's.
    pub fn excerpt(
        name: impl Into<String>,
        text: &str,
        first_line: usize,
        column: usize,
    ) -> Arc<Self> {
        let mut padded = String::with_capacity(column + text.len());
        padded.extend(std::iter::repeat_n(' ', column));
        padded.push_str(text);
        Arc::new(SourceFile {
            name: name.into(),
            text: padded,
            first_line,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = self.first_line + before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

/// The widest line a diagnostic shows whole, in bytes. miette pads each
/// underline to its column with a format width, which must fit in a `u16`:
/// a label 65,536 characters into a line panics. Longer lines are shown as
/// a window around the span.
const WIDEST_LINE: usize = 1000;

/// How much of a long line a window shows on each side of the span.
const WINDOW_MARGIN: usize = 60;

impl SourceFile {
    /// When the span's line is too long to show whole: the span's line cut
    /// to a window around the span (`margin` bytes each side, and the span's
    /// first `WIDEST_LINE` bytes at most), without context lines. `None`
    /// when the line can be shown whole.
    fn window(&self, span: &SourceSpan, margin: usize) -> Option<MietteSpanContents<'_>> {
        let text = self.text.as_str();
        let start = span.offset().min(text.len());
        let end = (start + span.len()).min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if line_end - line_start <= WIDEST_LINE {
            return None;
        }
        let from = floor_boundary(text, start.saturating_sub(margin).max(line_start));
        let span_end = end.min(start + WIDEST_LINE).min(line_end);
        let to = ceil_boundary(text, (span_end + margin).min(line_end));
        let line = text[..from].matches('\n').count();
        Some(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            self.first_line + line,
            from - line_start,
            1,
        ))
    }
}

/// The nearest character boundary at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The nearest character boundary at or after `i`.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // Without context, miette asks where the span starts (the header's
        // file:line:column): the window then starts at the span.
        let margin = if context_lines_before == 0 {
            0
        } else {
            WINDOW_MARGIN
        };
        if let Some(window) = self.window(span, margin) {
            return Ok(Box::new(window));
        }
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette counts every line from the start of the text in
        // `line_count`, so two labels far apart in a long file looked as if
        // their snippets overlapped and everything between them was drawn:
        // count the lines the contents hold.
        let line_count = inner.data().iter().filter(|b| **b == b'\n').count() + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            self.first_line + inner.line(),
            inner.column(),
            line_count,
        )))
    }
}

/// A place in an input: the file and a byte range in it. Every problem
/// reported points at one (Cedar's `Loc`); comparing places compares where
/// they are, not what the text says.
#[derive(Clone)]
pub struct Loc {
    pub src: Arc<SourceFile>,
    pub start: usize,
    pub end: usize,
}

impl Loc {
    pub fn new(src: &Arc<SourceFile>, range: std::ops::Range<usize>) -> Loc {
        Loc {
            src: src.clone(),
            start: range.start,
            end: range.end,
        }
    }

    /// Where a text ends, for "the file ends here": just after its last
    /// character that is not blank, or that character itself when nothing
    /// follows it (a place past the end of the text cannot be drawn).
    pub fn end_of(src: &Arc<SourceFile>) -> Loc {
        let text = src.text();
        let end = text.trim_end().len();
        if end < text.len() || end == 0 {
            return Loc::new(src, end..end);
        }
        let last = text[..end].chars().next_back().map_or(0, char::len_utf8);
        Loc::new(src, end - last..end)
    }

    /// The same file, another range.
    pub fn with(&self, range: std::ops::Range<usize>) -> Loc {
        Loc::new(&self.src, range)
    }

    /// The first `len` bytes of the place (all of it when it is shorter):
    /// the keyword that starts an item, without the whole block.
    pub fn first(&self, len: usize) -> Loc {
        self.with(self.start..(self.start + len).min(self.end))
    }

    /// The byte range in the file.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The text the place covers.
    pub fn text(&self) -> &str {
        self.src.text().get(self.start..self.end).unwrap_or("")
    }

    /// 1-based line and column (in characters) of the start.
    pub fn line_col(&self) -> (usize, usize) {
        self.src.line_col(self.start)
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Whether both places are in the same file.
    pub fn same_file(&self, other: &Loc) -> bool {
        Arc::ptr_eq(&self.src, &other.src)
    }
}

impl From<&Loc> for SourceSpan {
    fn from(loc: &Loc) -> SourceSpan {
        SourceSpan::new(loc.start.into(), loc.len())
    }
}

impl PartialEq for Loc {
    fn eq(&self, other: &Self) -> bool {
        self.same_file(other) && self.start == other.start && self.end == other.end
    }
}

impl Eq for Loc {}

/// `file:line:column`, as users read it.
impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, column) = self.line_col();
        write!(f, "{}:{line}:{column}", self.src.name())
    }
}

impl fmt::Debug for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// A value of the syntax tree and where it was written.
///
/// Equality and hashing look only at the value, so rule sets can be compared
/// for meaning (the formatter relies on this to prove it changed nothing).
#[derive(Clone)]
pub struct Node<T> {
    pub node: T,
    pub loc: Loc,
}

impl<T> Node<T> {
    pub fn new(node: T, loc: Loc) -> Node<T> {
        Node { node, loc }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Node<U> {
        Node {
            node: f(self.node),
            loc: self.loc,
        }
    }
}

impl<T: PartialEq> PartialEq for Node<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Node<T> {}

impl<T: Hash> Hash for Node<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.node.hash(state);
    }
}

/// Shows the value only: snapshots of a parsed rule set read as its meaning.
/// With `{:+?}`, each value is followed by its place in bytes (`@3..9`):
/// how a test tells apart two parses that differ only in places.
impl<T: fmt::Debug> fmt::Debug for Node<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)?;
        if f.sign_plus() {
            write!(f, " @{}..{}", self.loc.start, self.loc.end)?;
        }
        Ok(())
    }
}

impl<T: fmt::Display> fmt::Display for Node<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)
    }
}

impl<T> std::ops::Deref for Node<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}
