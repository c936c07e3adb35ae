//! Where each comment goes. Comments are not in the syntax tree; they are
//! found in the source text (a `#` outside a string starts one) and placed
//! by byte position against the lines of the layout. Each line of the layout
//! stands for a range of source code: a block's opening (`path p "T" {`,
//! from the keyword to the `{`), its closing `}`, or one whole item (a
//! setting, a requirement, a `benefits` list, an override), or one line of
//! an item broken over several: the code from where that line starts (`or`,
//! `of which`, `>=`, a list item, `]`) to where the next one starts; a list
//! item without its comma. Then:
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

use super::lines::LayoutLine;
use super::scan::Comment;

/// Where each comment goes, by line of the layout.
pub(super) struct Placement {
    /// Comments on lines of their own before each line: (comment, moved
    /// from inside the line's code).
    pub leading: Vec<Vec<(usize, bool)>>,
    /// The comment that ends each line.
    pub trailing: Vec<Option<usize>>,
    /// Comments after the last line.
    pub end_of_file: Vec<usize>,
}

/// Places `comments` (in source order) against `lines` (in source order,
/// without overlaps).
pub(super) fn place(lines: &[LayoutLine], comments: &[Comment]) -> Placement {
    let mut placement = Placement {
        leading: lines.iter().map(|_| Vec::new()).collect(),
        trailing: vec![None; lines.len()],
        end_of_file: Vec::new(),
    };
    for (index, comment) in comments.iter().enumerate() {
        // `next` is the first line whose code ends after the comment starts.
        let next = lines.partition_point(|l| l.end <= comment.start);
        if next < lines.len() && lines[next].start < comment.start {
            placement.leading[next].push((index, true));
            continue;
        }
        // After code on its line: that code is the end of the line before.
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
