//! Writing the lines of the layout: indentation, the blank lines kept from
//! the source, and trailing comments aligned in runs.

use super::INDENT;
use super::comments::Placement;
#[cfg(doc)]
use super::lines::LayoutLine;
use super::lines::{FileLayout, LineKind};
use super::scan::Comment;

/// The text of `layout`, with the comments of `text` where `placement` puts them.
pub(super) fn write(
    text: &str,
    layout: &FileLayout,
    comments: &[Comment],
    placement: &Placement,
) -> String {
    let lines = &layout.lines;
    let order = &layout.order;
    let comment = |index: usize| comments[index].text(text);
    let mut writer = LineWriter {
        lines: Vec::new(),
        after_open: false,
    };
    let mut written = vec![false; lines.len()];
    for (position, &index) in order.iter().enumerate() {
        if written[index] {
            continue;
        }
        written[index] = true;
        let line = &lines[index];
        let mut first_line = true;
        let mut moved_any = false;
        for &(c, moved) in &placement.leading[index] {
            let source_blank = if moved {
                // Only the first moved comment takes the place of the line.
                !moved_any && blank_before(text, line.start)
            } else {
                blank_before(text, comments[c].start)
            };
            let blank = (line.starts_item && first_line) || source_blank;
            // Before a `}` or a `]`: inside the block or the list.
            let depth = line.depth + usize::from(line.kind == LineKind::Close);
            writer.line(depth, None, comment(c), None, blank, false);
            moved_any |= moved;
            first_line = false;
        }
        let blank = match line.kind {
            LineKind::Close => false,
            _ if line.starts_item && first_line => true,
            _ if moved_any || line.continues => false,
            _ => blank_before(text, line.start),
        };
        // An empty block on one line, unless a comment needs it open.
        let close = order.get(position + 1).copied().filter(|&next| {
            line.empty
                && lines[next].kind == LineKind::Close
                && placement.trailing[index].is_none()
                && placement.leading[next].is_empty()
        });
        match close {
            Some(close) => {
                written[close] = true;
                let trailing = placement.trailing[close].map(comment);
                writer.line(
                    line.depth,
                    Some(line.item),
                    &format!("{}}}", line.text),
                    trailing,
                    blank,
                    false,
                );
            }
            None => {
                let trailing = placement.trailing[index].map(comment);
                writer.line(
                    line.depth,
                    Some(line.item),
                    &line.text,
                    trailing,
                    blank,
                    line.kind == LineKind::Open,
                );
            }
        }
    }
    for &c in &placement.end_of_file {
        let blank = blank_before(text, comments[c].start);
        writer.line(0, None, comment(c), None, blank, false);
    }
    writer.finish()
}

/// One line of output: code or a comment, with a comment at its end.
struct OutputLine<'a> {
    depth: usize,
    /// The item a line of code belongs to (see [`LayoutLine::item`]).
    item: Option<usize>,
    text: String,
    trailing: Option<&'a str>,
    blank_before: bool,
}

/// Collects output lines and the blank lines between them.
struct LineWriter<'a> {
    lines: Vec<OutputLine<'a>>,
    /// The last line written opened a block.
    after_open: bool,
}

impl<'a> LineWriter<'a> {
    fn line(
        &mut self,
        depth: usize,
        item: Option<usize>,
        text: &str,
        trailing: Option<&'a str>,
        blank: bool,
        opens: bool,
    ) {
        self.lines.push(OutputLine {
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
        let width = |l: &OutputLine| INDENT.len() * l.depth + l.text.chars().count();
        let mut column = 0;
        for (i, line) in lines.iter().enumerate() {
            let joins = |a: &OutputLine, b: &OutputLine| {
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
