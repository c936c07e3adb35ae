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
//!   requirements, each spelled by
//!   [`print::requirement`](crate::syntax::print::requirement): money as
//!   `$15,000`, `15000 USD` as `$15,000`, identifiers bare and other names
//!   quoted, lists as `["a", "b"]` without a trailing comma, parentheses only
//!   where the grouping needs them, one per line unless it is too wide
//!   (`wide.rs` says how those are broken).
//! - `override ...` one per line.
//! - Blank lines: exactly one between top-level items (counted from the
//!   first comment line before an item), except between two overrides, two
//!   retired codes or two one-line workload sets in a row, which keep the
//!   user's grouping like lines in a block. Inside a
//!   block, where the user left one or more blank lines between two lines
//!   (items or comment lines), one blank line is kept; never right after a
//!   `{` or right before a `}`. Elsewhere none; blank lines at the start and
//!   end of the file go.
//! - Lines end in `\n` (CRLF files become LF, a byte-order mark goes), no
//!   line ends in spaces, and the text ends in exactly one newline (an empty
//!   file stays empty).
//!
//! The formatter in steps, one file each: `lines.rs` turns the tree into
//! the lines of the layout, each with the source code it stands for
//! (`wide.rs` lays out the items too wide for one line); `comments.rs`
//! places every comment (`scan.rs` finds them, and the code, with the
//! lexer); `writer.rs` writes the lines with blank lines and aligned
//! trailing comments; `verify.rs` re-parses the result (see [`verify`]);
//! `unified_diff.rs` shows what `rules fmt --check` would change.

mod comments;
mod error;
mod lines;
mod scan;
mod unified_diff;
mod verify;
mod wide;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use error::{CommentChange, FormatError, FormatErrorKind, MeaningChange};
pub use scan::comments;
pub use unified_diff::unified_diff;
pub use verify::{in_layout_order, verify};

use crate::diagnostics::Diagnostics;
use crate::files;
use crate::problem::Problem;
use crate::source::{Loc, SourceFile};
use crate::syntax::tree::RuleFile;
use scan::{Scan, scan};
use verify::{parse, verify_parsed};

pub(crate) const INDENT: &str = "    ";

/// The widest a line may be, in characters, indentation included (a
/// trailing comment does not count). Wider items are broken over several
/// lines (see the module comment); a single list item or a line that cannot
/// be broken may still be wider.
pub const LINE_WIDTH: usize = 100;

/// The canonical text of one rule file, or why there is none.
pub fn format_source(source: &Arc<SourceFile>) -> Result<String, FormatError> {
    let tree = parse(source)?;
    format_parsed(source, &tree).map(|formatted| formatted.text)
}

/// A rule file formatted, with what checking the result found anyway: its
/// text as a source of its own, and its syntax tree (the source and tree
/// given, when formatting changed nothing).
pub struct Formatted {
    pub text: String,
    pub source: Arc<SourceFile>,
    pub tree: RuleFile,
}

/// [`format_source`] given the tree of `source` (parsed already), handing
/// back the tree of the formatted text too, so that a caller who goes on to
/// check or format it again need not parse it again.
pub fn format_parsed(source: &Arc<SourceFile>, tree: &RuleFile) -> Result<Formatted, FormatError> {
    let text = source.text();
    let scan = scan(text);
    let formatted = layout(text, &scan, tree).map_err(|detail| {
        let why = MeaningChange::Layout(detail);
        Problem::new(
            FormatErrorKind::ChangedMeaning { why },
            Loc::new(source, 0..0),
        )
    })?;
    // Text already in the canonical layout formats to itself: the safety
    // check could only parse the same text again, to the same tree.
    if formatted == text {
        return Ok(Formatted {
            text: formatted,
            source: source.clone(),
            tree: tree.clone(),
        });
    }
    let before = scan.comments.iter().map(|c| c.text(text).to_string());
    let (reparsed_source, reparsed) = verify_parsed(source, tree, before.collect(), &formatted)?;
    Ok(Formatted {
        text: formatted,
        source: reparsed_source,
        tree: reparsed,
    })
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
    let paths = match files::collect(root, &["rules"], "rule files") {
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

/// The layout of `tree`, with the comments of `text` in their places; or
/// why the tree and the text do not fit together (a bug, caught here).
fn layout(text: &str, scan: &Scan, tree: &RuleFile) -> Result<String, String> {
    let layout = lines::file_layout(text, scan, tree)?;
    let placement = comments::place(&layout.lines, &scan.comments);
    Ok(writer::write(text, &layout, &scan.comments, &placement))
}
