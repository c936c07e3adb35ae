//! `rules fmt`: one canonical layout for rule files, keeping every comment.
//!
//! # Layout
//!
//! - Four spaces of indentation per block; one item per line; `{` ends the
//!   line that opens a block and `}` stands alone on the line that closes it.
//!   A block with nothing in it (and no comment inside) is written `name {}`.
//! - `settings { ... }` holds one setting per line; durations agree with
//!   their count (`1 hour`, `24 hours`).
//! - `competency ID "Title" {`, then its levels in the order written. A level
//!   holds its paths in the order written, then its `benefits [...]` line
//!   (moved after the paths if it was written before them). A path holds
//!   `unique people` first (moved there if written later), then its
//!   requirements, each spelled by [`print::requirement`]: money as
//!   `$15,000`, `15000 USD` as `$15,000`, identifiers bare and other names
//!   quoted, lists as `["a", "b"]` without a trailing comma, parentheses only
//!   where the grouping needs them, one per line unless it is too wide (see
//!   below).
//! - `override ...` one per line.
//! - Blank lines: exactly one between top-level items (counted from the
//!   first comment line before an item), except between two overrides in a
//!   row, which keep the user's grouping like lines in a block. Inside a
//!   block, where the user left one or more blank lines between two lines
//!   (items or comment lines), one blank line is kept; never right after a
//!   `{` or right before a `}`. Elsewhere none; blank lines at the start and
//!   end of the file go.
//! - Lines end in `\n` (CRLF files become LF, a byte-order mark goes), no
//!   line ends in spaces, and the text ends in exactly one newline (an empty
//!   file stays empty).
//!
//! # Wide items
//!
//! Lines are at most [`LINE_WIDTH`] (100) characters, indentation included
//! and a trailing comment not counted. A requirement or a `benefits` list is
//! laid out by these steps, in order, until it fits
//! ([`print::requirement_lines`], [`print::benefits_lines`]):
//!
//! 1. On one line, if it fits and none of its lists holds a comment (such a
//!    list, and every group of terms around it, counts as too wide).
//! 2. Else a requirement is broken:
//!    - a performance requirement before `>=`: `>= $15,000 ...` goes on a
//!      continuation line four spaces deeper;
//!    - a skill requirement before `of which`, if it has one (a
//!      continuation line four spaces deeper); then each qualification (the
//!      one before `of which` and the one after it) is laid out from the
//!      outside in: a group of terms joined by `or` (or by `and`) that does
//!      not fit on the rest of its line is broken before every one of its
//!      `or`s (`and`s). Each continuation line starts with the word,
//!      `or certified in [...]`, four spaces deeper than the requirement
//!      for the outermost group (eight after `of which`) and four more for a
//!      group inside it, in parentheses, whose `(` and `)` stay with its
//!      first and last terms. A group that fits stays on one line: terms
//!      joined by `and` are kept together unless they are too long.
//! 3. A list that still does not fit on the rest of its line, or that
//!    holds a comment, is exploded: `[` ends the line, each item goes on a
//!    line of its own four spaces deeper with a comma after it (the last one
//!    too), and `]` goes on a line of its own at the indentation of the line
//!    that opened the list, followed only by any `)` that closes a group.
//!    A `benefits` list that does not fit on one line with `benefits` is
//!    exploded the same way. An empty list stays `[]` unless a comment is
//!    inside it.
//!
//! Whatever cannot be broken further (a single long item of a list, a long
//! workload name before `via`) stays wider than the limit. Blank lines the
//! user left between the items of an exploded list are kept like those
//! between items of a block (never right after `[` or before `]`); never
//! before a continuation line.
//!
//! The two moves above (benefits last, `unique people` first) change the
//! order of the syntax tree but not its meaning: a level's benefits and a
//! path's `unique people` do not depend on where they stand. The safety check
//! compares trees after putting the original in the same order
//! ([`in_layout_order`]).
//!
//! # Comments
//!
//! Comments are not in the syntax tree; they are found in the source text (a
//! `#` outside a string starts one) and placed by byte position against the
//! lines of the layout. Each line of the layout stands for a range of source
//! code: a block's opening (`path p "T" {`, from the keyword to the `{`), its
//! closing `}`, or one whole item (a setting, a requirement, a `benefits`
//! list, an override), or one line of an item broken over several: the code
//! from where that line starts (`or`, `of which`, `>=`, a list item, `]`) to
//! where the next one starts; a list item without its comma. Then:
//!
//! - A comment after code on its source line is a trailing comment: it ends
//!   the layout line of that code. Trailing comments of consecutive lines at
//!   the same depth, or of the same item broken over several lines, are
//!   aligned one space after the longest of those lines (a lone one gets
//!   one space: `}  # x` becomes `} # x`); a blank line or a line without a
//!   comment starts a new run.
//! - A comment on a line of its own goes on a line of its own before the next
//!   layout line, indented like it. Before a `}` it stays inside the block,
//!   indented one level deeper than the `}`; after the last item of the file
//!   it stays at the end of the file.
//! - A comment inside the code of one layout line (a requirement spread over
//!   several lines with comments between its parts that the layout puts on
//!   one line, or a comment between `path p` and its `{`) cannot stay where
//!   it was, since that code becomes one line: it moves onto its own line
//!   just before that line (several keep their order).
//! - Comments inside a list (between its `[` and `]`) stay in the list: such
//!   a list is always exploded, one item per line, so each of its comments
//!   has a line to go to by the rules above. A comment after code on its
//!   source line ends the line of the last item before it, after the comma
//!   (several items written on one line are not kept together: the comment
//!   goes with the last of them); a comment on a line of its own stays on a
//!   line of its own before the next item, or before the `]`, indented like
//!   the items; one right after `[` ends the line of the `[`.
//! - Comment text is kept as written, less any spaces at its end.
//!
//! # Safety
//!
//! As Cedar's formatter does, [`format_source`] re-parses its own output and
//! compares it with the original: the syntax trees must be equal (spans
//! aside) and the comments must be the same multiset of texts. If not, it
//! returns an error rather than text that would change the rules.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::Diagnostic;
use thiserror::Error;

use crate::diagnostics::Diagnostics;
use crate::files;
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::lexer::{Lexer, Token, TokenKind};
use crate::syntax::print::{self, Role};
use crate::syntax::tree::{CompetencyDef, Item, LevelDef, LevelItem, PathDef, PathItem, RuleFile};
use crate::syntax::{SyntaxError, parse_rule_file};

const INDENT: &str = "    ";

/// The widest a line may be, in characters, indentation included (a
/// trailing comment does not count). Wider items are broken over several
/// lines (see the module comment); a single list item or a line that cannot
/// be broken may still be wider.
pub const LINE_WIDTH: usize = 100;

/// Why a rule file was not formatted.
#[derive(Debug, Error, Diagnostic)]
pub enum FormatError {
    /// The input does not parse; the parser's own diagnostics say why.
    #[error("`{name}` has syntax errors, so it was not formatted")]
    #[diagnostic(code(rules::syntax))]
    Syntax {
        name: String,
        #[related]
        errors: Vec<SyntaxError>,
    },

    /// The safety net caught a formatting that would change the rules.
    #[error("formatting `{name}` would change its meaning, so it was left as it is: {detail}")]
    #[diagnostic(
        code(rules::format_changed_meaning),
        help("this is a bug in `rules fmt`; please report it with the file")
    )]
    ChangedMeaning { name: String, detail: String },

    /// The safety net caught a formatting that would lose or alter a comment.
    #[error("formatting `{name}` would lose or alter a comment, so it was left as it is: {detail}")]
    #[diagnostic(
        code(rules::format_lost_comment),
        help("this is a bug in `rules fmt`; please report it with the file")
    )]
    ChangedComments { name: String, detail: String },
}

impl FormatError {
    /// As a list to print: syntax errors one by one, as `rules check` shows them.
    pub fn into_diagnostics(self) -> Diagnostics {
        match self {
            FormatError::Syntax { errors, .. } => Diagnostics::from(errors),
            other => {
                let mut d = Diagnostics::new();
                d.push(other);
                d
            }
        }
    }
}

/// The canonical text of one rule file, or why there is none.
pub fn format_source(source: &Arc<SourceFile>) -> Result<String, FormatError> {
    let name = source.name().to_string();
    let tree = parse(source)?;
    let text = source.text();
    let scan = scan(text);
    let formatted = layout(text, &scan, &tree).map_err(|detail| FormatError::ChangedMeaning {
        name: name.clone(),
        detail,
    })?;
    verify_parsed(&name, &tree, text, formatted.as_str())?;
    Ok(formatted)
}

/// The safety check of [`format_source`], on its own: `formatted` must parse
/// to the same tree as `original` (in layout order) and hold the same
/// comments. Public so that the check itself can be tested.
pub fn verify(original: &Arc<SourceFile>, formatted: &str) -> Result<(), FormatError> {
    let tree = parse(original)?;
    verify_parsed(original.name(), &tree, original.text(), formatted)
}

/// The texts of every comment in `text` (a `#` outside a string, to the end
/// of the line), in order, without the spaces at their end.
pub fn comments(text: &str) -> Vec<String> {
    let scan = scan(text);
    scan.comments
        .iter()
        .map(|c| text[c.start..c.end].to_string())
        .collect()
}

/// The tree with each level's benefits after its paths and each path's
/// `unique people` first: the order the layout writes them in. Neither move
/// changes the meaning (see the module comment).
pub fn in_layout_order(file: &RuleFile) -> RuleFile {
    let mut file = file.clone();
    for item in &mut file.items {
        let Item::Competency(competency) = item else {
            continue;
        };
        for level in &mut competency.node.levels {
            // Stable sorts: paths keep their order, as do repeated items.
            level
                .node
                .items
                .sort_by_key(|i| matches!(i, LevelItem::Benefits(_)));
            for level_item in &mut level.node.items {
                if let LevelItem::Path(path) = level_item {
                    path.node
                        .items
                        .sort_by_key(|i| !matches!(i, PathItem::UniquePeople(_)));
                }
            }
        }
    }
    file
}

/// A unified diff of `old` → `new` with `--- a/NAME` and `+++ b/NAME`
/// headers, three lines of context; empty when the texts are equal.
///
/// The diff is the smallest one when it can be found within a second;
/// past that (a 10 MB file whose every line changes would take minutes),
/// a larger but still correct one.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(1))
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// One rule file read and formatted (not yet written).
pub struct FormattedFile {
    pub path: PathBuf,
    pub source: Arc<SourceFile>,
    pub formatted: String,
}

impl FormattedFile {
    /// Whether formatting changes the file.
    pub fn changed(&self) -> bool {
        self.formatted != self.source.text()
    }

    /// What formatting would change, as a unified diff.
    pub fn diff(&self) -> String {
        unified_diff(self.source.name(), self.source.text(), &self.formatted)
    }
}

/// Reads and formats every rule file at `root` (a folder, walked
/// recursively, or one file). Files that cannot be read or formatted are
/// left out and reported in the diagnostics; the others are returned.
pub fn format_path(root: &Path) -> (Vec<FormattedFile>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let paths = match files::collect(root, "rules", "rule files") {
        Ok(paths) => paths,
        Err(e) => {
            diagnostics.push(e);
            return (Vec::new(), diagnostics);
        }
    };
    let mut formatted = Vec::new();
    for path in paths {
        let source = match files::read_text(&path) {
            Ok(source) => source,
            Err(e) => {
                diagnostics.push(e);
                continue;
            }
        };
        match format_source(&source) {
            Ok(text) => formatted.push(FormattedFile {
                path,
                source,
                formatted: text,
            }),
            Err(e) => diagnostics.append(e.into_diagnostics()),
        }
    }
    (formatted, diagnostics)
}

// ------------------------------------------------------------------ safety

/// Both the original and the formatted text are parsed as the same file id:
/// the tree records it, and only the meaning should differ if anything does.
const FILE: FileId = FileId(0);

fn parse(source: &Arc<SourceFile>) -> Result<RuleFile, FormatError> {
    parse_rule_file(FILE, source).map_err(|errors| FormatError::Syntax {
        name: source.name().to_string(),
        errors,
    })
}

fn verify_parsed(
    name: &str,
    tree: &RuleFile,
    original: &str,
    formatted: &str,
) -> Result<(), FormatError> {
    let changed = |detail: String| FormatError::ChangedMeaning {
        name: name.to_string(),
        detail,
    };
    let reparsed_source = SourceFile::new(format!("{name} (formatted)"), formatted);
    let reparsed = parse_rule_file(FILE, &reparsed_source).map_err(|errors| {
        let first = errors.first().map_or(String::new(), |e| e.to_string());
        changed(format!("the formatted text does not parse ({first})"))
    })?;
    let expected = in_layout_order(tree);
    if expected != reparsed {
        let at = expected
            .items
            .iter()
            .zip(&reparsed.items)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.items.len().min(reparsed.items.len()));
        return Err(changed(format!(
            "top-level item {} reads differently after formatting",
            at + 1
        )));
    }
    let mut before = comments(original);
    let mut after = comments(formatted);
    before.sort();
    after.sort();
    if before != after {
        let lost = before.iter().find(|c| !after.contains(c));
        let detail = match lost {
            Some(c) => format!("`{c}` would be lost"),
            None => format!("{} comments before, {} after", before.len(), after.len()),
        };
        return Err(FormatError::ChangedComments {
            name: name.to_string(),
            detail,
        });
    }
    Ok(())
}

// ------------------------------------------------------------------- scan

/// A comment in the source: `#` up to the end of its line, less trailing spaces.
struct Comment {
    start: usize,
    end: usize,
    /// Only whitespace before it on its line.
    own_line: bool,
}

/// The source as the lexer reads it: its code tokens, to find where code
/// begins and ends in a range, and its comments.
struct Scan {
    code: Vec<Token>,
    comments: Vec<Comment>,
}

fn scan(text: &str) -> Scan {
    let mut code = Vec::new();
    let mut comments = Vec::new();
    // Only whitespace since the last line end (or the start of the file).
    let mut line_blank = true;
    for token in Lexer::new(text) {
        match token.kind {
            TokenKind::Comment => comments.push(Comment {
                start: token.start,
                end: token.start + token.text(text).trim_end().len(),
                own_line: line_blank,
            }),
            TokenKind::LineEnd => line_blank = true,
            TokenKind::Space => {}
            _ => {
                line_blank = false;
                code.push(token);
            }
        }
    }
    Scan { code, comments }
}

impl Scan {
    /// The first byte of code in `start..end`.
    fn first_code(&self, start: usize, end: usize) -> Option<usize> {
        let i = self.code.partition_point(|t| t.end <= start);
        let token = self.code.get(i).filter(|t| t.start < end)?;
        Some(token.start.max(start))
    }

    /// The end of the last code in `start..end`.
    fn last_code_end(&self, start: usize, end: usize) -> Option<usize> {
        let i = self.code.partition_point(|t| t.start < end);
        let token = self.code[..i].last().filter(|t| t.end > start)?;
        Some(token.end.min(end))
    }

    /// The first code token in `start..end` that is the punctuation `punct`.
    fn find_punct(&self, text: &str, start: usize, end: usize, punct: &str) -> Option<usize> {
        let i = self.code.partition_point(|t| t.end <= start);
        self.code[i..]
            .iter()
            .take_while(|t| t.start < end)
            .find(|t| t.is_punct(text, punct))
            .map(|t| t.start.max(start))
    }
}

// ----------------------------------------------------------------- layout

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `path p "T" {`: from the keyword to the `{`; or a line of an item
    /// that ends with the `[` of an exploded list.
    Open,
    /// A block's `}`, or the `]` of an exploded list.
    Close,
    /// One whole item on one line, or any other line of an item.
    Leaf,
}

/// One line of the layout and the source code it stands for.
struct Unit {
    start: usize,
    end: usize,
    depth: usize,
    text: String,
    kind: Kind,
    /// An opening whose block is empty: it and its `}` may share a line.
    empty: bool,
    /// The first line of a top-level item.
    starts_item: bool,
    /// A line that goes on with an item (`or ...`, `of which ...`): never
    /// a blank line before it.
    continues: bool,
    /// The item this line is part of: the index of the item's first unit.
    item: usize,
}

/// Builds the lines of the layout from the tree. Units are created in
/// source order (the order of the tree); the returned index lists give the
/// order they are written in.
struct Builder<'a> {
    text: &'a str,
    scan: &'a Scan,
    units: Vec<Unit>,
}

type Built = Result<Vec<usize>, String>;

impl Builder<'_> {
    /// The span less the whitespace and comments at its ends (a rule's span
    /// can end with the whitespace and comments after its last token).
    fn code_range(&self, span: Span) -> Result<(usize, usize), String> {
        self.code_between(span.start as usize, span.end as usize)
    }

    /// The bytes `start..end` less the whitespace and comments at their ends.
    fn code_between(&self, start: usize, end: usize) -> Result<(usize, usize), String> {
        let first = self.scan.first_code(start, end);
        let last = self.scan.last_code_end(start, end);
        match (first, last) {
            (Some(first), Some(last)) => Ok((first, last)),
            _ => Err(format!("no code at bytes {start}..{end}")),
        }
    }

    fn push(&mut self, start: usize, end: usize, depth: usize, text: String, kind: Kind) -> usize {
        self.units.push(Unit {
            start,
            end,
            depth,
            text,
            kind,
            empty: false,
            starts_item: false,
            continues: false,
            item: self.units.len(),
        });
        self.units.len() - 1
    }

    fn leaf(&mut self, span: Span, depth: usize, text: String) -> Result<usize, String> {
        let (start, end) = self.code_range(span)?;
        Ok(self.push(start, end, depth, text, Kind::Leaf))
    }

    /// Whether a list (by the span of its node, which ends with its `]`)
    /// has a comment between its `[` and its `]`.
    fn holds_comment(&self, list: Span) -> bool {
        let (start, end) = (list.start as usize, list.end as usize);
        let Some(open) = self.scan.find_punct(self.text, start, end, "[") else {
            return false;
        };
        let comments = &self.scan.comments;
        let after = comments.partition_point(|c| c.start <= open);
        comments.get(after).is_some_and(|c| c.start < end)
    }

    /// An item laid out over one or more lines, standing for the code in
    /// `start..end`: each line for the code from its cut to the next (a
    /// list item only to its own end: its comma belongs to no line, so that
    /// a comment before the comma stays with the item).
    fn lines(&mut self, start: usize, end: usize, depth: usize, lines: Vec<print::Line>) -> Built {
        let mut units = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let from = if i == 0 { start } else { line.from as usize };
            let next = lines.get(i + 1).map_or(end, |next| next.from as usize);
            let to = line.to.map_or(next, |to| to as usize);
            if from < start || to > next || next > end {
                return Err(format!("a line outside its item at bytes {from}..{to}"));
            }
            let (first, last) = self.code_between(from, to)?;
            if line.role == Role::Close && self.text.as_bytes()[first] != b']' {
                return Err(format!("no `]` at byte {first}"));
            }
            let kind = match line.role {
                Role::Close => Kind::Close,
                _ if line.opens => Kind::Open,
                _ => Kind::Leaf,
            };
            let unit = self.push(first, last, depth + line.depth, line.text.clone(), kind);
            self.units[unit].continues = line.role == Role::Continuation;
            self.units[unit].item = units.first().copied().unwrap_or(unit);
            units.push(unit);
        }
        Ok(units)
    }

    /// An opening from `start` through the `{` that follows `after`.
    fn open(
        &mut self,
        start: usize,
        after: usize,
        depth: usize,
        header: String,
        empty: bool,
    ) -> Result<usize, String> {
        let brace = self
            .scan
            .first_code(after, self.text.len())
            .filter(|&i| self.text.as_bytes()[i] == b'{')
            .ok_or_else(|| format!("no `{{` after byte {after}"))?;
        let unit = self.push(start, brace + 1, depth, format!("{header} {{"), Kind::Open);
        self.units[unit].empty = empty;
        Ok(unit)
    }

    /// The `}` that ends a block's span.
    fn close(&mut self, span: Span, depth: usize) -> Result<usize, String> {
        let (_, end) = self.code_range(span)?;
        if self.text.as_bytes().get(end - 1) != Some(&b'}') {
            return Err(format!("no `}}` at byte {}", end - 1));
        }
        Ok(self.push(end - 1, end, depth, "}".to_string(), Kind::Close))
    }

    fn file(&mut self, file: &RuleFile) -> Built {
        let mut order = Vec::new();
        let mut previous: Option<&Item> = None;
        for item in &file.items {
            let first = self.units.len();
            let units = match item {
                Item::Settings(settings) => {
                    let start = settings.span.start as usize;
                    let mut units = vec![self.open(
                        start,
                        start + "settings".len(),
                        0,
                        "settings".to_string(),
                        settings.entries.is_empty(),
                    )?];
                    for entry in &settings.entries {
                        units.push(self.leaf(entry.span, 1, print::setting(entry))?);
                    }
                    units.push(self.close(settings.span, 0)?);
                    units
                }
                Item::Competency(competency) => self.competency(competency, competency.span)?,
                Item::Override(o) => vec![self.leaf(o.span, 0, print::override_item(o))?],
            };
            // A run of overrides reads like a table: it keeps the user's grouping.
            let in_run = matches!(
                (previous, item),
                (Some(Item::Override(_)), Item::Override(_))
            );
            if let Some(unit) = self.units.get_mut(first) {
                unit.starts_item = !in_run;
            }
            previous = Some(item);
            order.extend(units);
        }
        Ok(order)
    }

    fn competency(&mut self, c: &CompetencyDef, span: Span) -> Built {
        let mut units = vec![self.open(
            span.start as usize,
            c.title.span.end as usize,
            0,
            print::competency_header(c),
            c.levels.is_empty(),
        )?];
        for level in &c.levels {
            units.extend(self.level(level, level.span)?);
        }
        units.push(self.close(span, 0)?);
        Ok(units)
    }

    fn level(&mut self, level: &LevelDef, span: Span) -> Built {
        let mut units = vec![self.open(
            span.start as usize,
            level.level.span.end as usize,
            1,
            level.level.node.keyword().to_string(),
            level.items.is_empty(),
        )?];
        // Benefits go after the paths.
        let mut benefits = Vec::new();
        for item in &level.items {
            match item {
                LevelItem::Path(path) => units.extend(self.path(path, path.span)?),
                LevelItem::Benefits(list) => {
                    // The node's span is the list; the line starts at `benefits`.
                    let (list_start, end) = self.code_range(list.span)?;
                    let start = self.keyword_before(list_start, "benefits")?;
                    let keep_open = |span| self.holds_comment(span);
                    let lines =
                        print::benefits_lines(list, 2 * INDENT.len(), LINE_WIDTH, &keep_open);
                    benefits.extend(self.lines(start, end, 2, lines)?);
                }
            }
        }
        units.extend(benefits);
        units.push(self.close(span, 1)?);
        Ok(units)
    }

    fn path(&mut self, path: &PathDef, span: Span) -> Built {
        let after = path.title.as_ref().map_or(path.id.span.end, |t| t.span.end);
        let mut units = vec![self.open(
            span.start as usize,
            after as usize,
            2,
            print::path_header(path),
            path.items.is_empty(),
        )?];
        // `unique people` goes first.
        let mut requirements = Vec::new();
        for item in &path.items {
            match item {
                PathItem::UniquePeople(marker) => {
                    units.push(self.leaf(marker.span, 3, "unique people".to_string())?)
                }
                PathItem::Requirement(r) => {
                    let keep_open = |span| self.holds_comment(span);
                    let lines =
                        print::requirement_lines(r, 3 * INDENT.len(), LINE_WIDTH, &keep_open);
                    let (start, end) = self.code_range(r.span)?;
                    requirements.extend(self.lines(start, end, 3, lines)?);
                }
            }
        }
        units.extend(requirements);
        units.push(self.close(span, 2)?);
        Ok(units)
    }

    /// The start of `keyword`, the last code before `pos`.
    fn keyword_before(&self, pos: usize, keyword: &str) -> Result<usize, String> {
        let end = self.scan.last_code_end(0, pos);
        match end {
            Some(end)
                if end >= keyword.len()
                    && self.text.get(end - keyword.len()..end) == Some(keyword) =>
            {
                Ok(end - keyword.len())
            }
            _ => Err(format!("no `{keyword}` before byte {pos}")),
        }
    }
}

/// Where each comment goes, by unit.
struct Placement {
    /// Comment lines before the unit's line: (comment, moved from inside the unit).
    leading: Vec<Vec<(usize, bool)>>,
    trailing: Vec<Option<usize>>,
    end_of_file: Vec<usize>,
}

fn place(units: &[Unit], comments: &[Comment]) -> Placement {
    let mut placement = Placement {
        leading: units.iter().map(|_| Vec::new()).collect(),
        trailing: vec![None; units.len()],
        end_of_file: Vec::new(),
    };
    for (index, comment) in comments.iter().enumerate() {
        // Units are in source order and do not overlap: `next` is the first
        // unit that ends after the comment starts.
        let next = units.partition_point(|u| u.end <= comment.start);
        if next < units.len() && units[next].start < comment.start {
            placement.leading[next].push((index, true));
            continue;
        }
        // After code on its line: that code is the end of the unit before.
        if !comment.own_line && next > 0 && placement.trailing[next - 1].is_none() {
            placement.trailing[next - 1] = Some(index);
            continue;
        }
        match placement.leading.get_mut(next) {
            Some(leading) => leading.push((index, false)),
            None => placement.end_of_file.push(index),
        }
    }
    placement
}

/// One line of output: code or a comment, with a comment at its end.
struct Line<'a> {
    depth: usize,
    /// The item a line of code belongs to (see [`Unit::item`]).
    item: Option<usize>,
    text: String,
    trailing: Option<&'a str>,
    blank_before: bool,
}

/// Collects output lines and the blank lines between them.
struct Writer<'a> {
    lines: Vec<Line<'a>>,
    /// The last line written opened a block.
    after_open: bool,
}

impl<'a> Writer<'a> {
    fn line(
        &mut self,
        depth: usize,
        item: Option<usize>,
        text: &str,
        trailing: Option<&'a str>,
        blank: bool,
        opens: bool,
    ) {
        self.lines.push(Line {
            depth,
            item,
            text: text.to_string(),
            trailing,
            blank_before: blank && !self.lines.is_empty() && !self.after_open,
        });
        self.after_open = opens;
    }

    /// The text. Trailing comments of consecutive lines at the same depth
    /// or of the same item are aligned one space after the longest of those
    /// lines.
    fn finish(self) -> String {
        let mut out = String::new();
        let lines = &self.lines;
        let width = |l: &Line| INDENT.len() * l.depth + l.text.chars().count();
        let mut column = 0;
        for (i, line) in lines.iter().enumerate() {
            let joins = |a: &Line, b: &Line| {
                !b.blank_before
                    && (a.depth == b.depth || a.item.is_some() && a.item == b.item)
                    && a.trailing.is_some()
                    && b.trailing.is_some()
            };
            if line.trailing.is_some() && (i == 0 || !joins(&lines[i - 1], line)) {
                // The first line of a run: measure the run.
                let mut end = i + 1;
                while end < lines.len() && joins(&lines[end - 1], &lines[end]) {
                    end += 1;
                }
                column = lines[i..end].iter().map(width).max().unwrap_or(0);
            }
            if line.blank_before {
                out.push('\n');
            }
            for _ in 0..line.depth {
                out.push_str(INDENT);
            }
            out.push_str(&line.text);
            if let Some(comment) = line.trailing {
                out.extend(std::iter::repeat_n(' ', column - width(line) + 1));
                out.push_str(comment);
            }
            out.push('\n');
        }
        out
    }
}

/// Whether the whitespace just before `pos` holds a blank line.
fn blank_before(text: &str, pos: usize) -> bool {
    let before = &text.as_bytes()[..pos];
    let newlines = before
        .iter()
        .rev()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .filter(|b| **b == b'\n')
        .count();
    newlines >= 2
}

fn layout(text: &str, scan: &Scan, tree: &RuleFile) -> Result<String, String> {
    let mut builder = Builder {
        text,
        scan,
        units: Vec::new(),
    };
    let order = builder.file(tree)?;
    let units = builder.units;
    if units.windows(2).any(|w| w[0].end > w[1].start) {
        return Err("the parts of the file overlap".to_string());
    }
    let placement = place(&units, &scan.comments);
    let comment = |index: usize| {
        let c = &scan.comments[index];
        &text[c.start..c.end]
    };

    let mut writer = Writer {
        lines: Vec::new(),
        after_open: false,
    };
    let mut written = vec![false; units.len()];
    for (position, &index) in order.iter().enumerate() {
        if written[index] {
            continue;
        }
        written[index] = true;
        let unit = &units[index];
        let mut first_line = true;
        let mut moved_any = false;
        for &(c, moved) in &placement.leading[index] {
            let source_blank = if moved {
                // Only the first moved comment takes the place of the line.
                !moved_any && blank_before(text, unit.start)
            } else {
                blank_before(text, scan.comments[c].start)
            };
            let blank = (unit.starts_item && first_line) || source_blank;
            // Before a `}` or a `]`: inside the block or the list.
            let depth = unit.depth + usize::from(unit.kind == Kind::Close);
            writer.line(depth, None, comment(c), None, blank, false);
            moved_any |= moved;
            first_line = false;
        }
        let blank = match unit.kind {
            Kind::Close => false,
            _ if unit.starts_item && first_line => true,
            _ if moved_any || unit.continues => false,
            _ => blank_before(text, unit.start),
        };
        // An empty block on one line, unless a comment needs it open.
        let close = order.get(position + 1).copied().filter(|&next| {
            unit.empty
                && units[next].kind == Kind::Close
                && placement.trailing[index].is_none()
                && placement.leading[next].is_empty()
        });
        match close {
            Some(close) => {
                written[close] = true;
                let trailing = placement.trailing[close].map(comment);
                writer.line(
                    unit.depth,
                    Some(unit.item),
                    &format!("{}}}", unit.text),
                    trailing,
                    blank,
                    false,
                );
            }
            None => {
                let trailing = placement.trailing[index].map(comment);
                writer.line(
                    unit.depth,
                    Some(unit.item),
                    &unit.text,
                    trailing,
                    blank,
                    unit.kind == Kind::Open,
                );
            }
        }
    }
    for &c in &placement.end_of_file {
        let blank = blank_before(text, scan.comments[c].start);
        writer.line(0, None, comment(c), None, blank, false);
    }
    Ok(writer.finish())
}
