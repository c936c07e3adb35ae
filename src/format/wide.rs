//! Items too wide for one line.
//!
//! Lines are at most [`LINE_WIDTH`](super::LINE_WIDTH) (100) characters,
//! indentation included and a trailing comment not counted. A requirement or
//! a `benefits` list is laid out by these steps, in order, until it fits
//! ([`requirement_lines`], [`benefits_lines`]), from the same pieces as its
//! one-line spelling in [`print`]:
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

use std::ops::Range;

use crate::source::{Loc, Node};
use crate::syntax::print::{self, Parent};
use crate::syntax::tree::{Qualification, Requirement, WorkloadSetDef};

/// One line of an item laid out over several lines by [`requirement_lines`]
/// or [`benefits_lines`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ItemLine {
    /// Indentation in levels of four spaces, relative to the item's first line.
    pub depth: usize,
    pub text: String,
    /// A byte offset in the source between the last code of the line before
    /// and the first code of this one, taken from the tree's places: where
    /// the source is cut to find the code each line stands for. 0 for the
    /// first line.
    pub from: usize,
    /// Where the line's code ends in the source when that is before the
    /// next line's cut: the end of a list item, so that its comma (which
    /// may come later) is part of no line.
    pub to: Option<usize>,
    pub role: LineRole,
    /// The line ends with the `[` of an exploded list.
    pub opens: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LineRole {
    /// The item's first line.
    First,
    /// A line that goes on with the item: `or ...`, `and ...`,
    /// `of which ...`, `>= ...`.
    Continuation,
    /// One item of an exploded list, with its comma.
    ListItem,
    /// The `]` of an exploded list (and any `)` after it).
    Close,
}

/// Which lists must be exploded whatever their width (`rules fmt`: those
/// with a comment inside), by the place of the list node.
pub(super) type KeepOpen<'a> = &'a dyn Fn(&Loc) -> bool;

/// A requirement as the lines `rules fmt` writes, for a first line that
/// starts at column `indent`: [`requirement`] on one line if that fits in
/// `width` columns and no list in it is to be kept open; else broken before
/// `>=` (a performance requirement) or before `of which` and then, group by
/// group from the outside in, before the `or`s or `and`s of any group that
/// does not fit; a list that still does not fit is exploded.
pub(super) fn requirement_lines(
    r: &Requirement,
    indent: usize,
    width: usize,
    keep_open: KeepOpen,
) -> Vec<ItemLine> {
    let one_line = print::requirement(r);
    let mut out = ItemLayout::new(indent, width, keep_open);
    let open_list = match r {
        Requirement::Performance(p) => p.via.as_ref().is_some_and(|via| keep_open(&via.loc)),
        Requirement::Attested(a) => keep_open(&a.codes.loc),
        Requirement::Requires(_) | Requirement::Entities(_) | Requirement::Growth(_) => false,
        Requirement::Skill(s) => {
            out.holds_open_list(&s.qualification)
                || s.of_which
                    .as_ref()
                    .is_some_and(|o| out.holds_open_list(&o.qualification))
        }
    };
    if !open_list && out.fits(one_line.chars().count()) {
        out.push_str(&one_line);
        return out.lines;
    }
    match r {
        Requirement::Performance(p) => {
            out.push_str(&print::measured(p));
            let mut cut = p.workload.loc.end;
            if let Some(via) = &p.via {
                out.push_str(" via ");
                let names: Vec<_> = via
                    .iter()
                    .map(|n| (print::name(n), n.loc.range()))
                    .collect();
                out.list(&names, &via.loc, 0);
                cut = via.loc.end;
            }
            if let Some(offer) = &p.offer {
                out.push_str(" ");
                out.push_str(&print::offer_filter(offer));
                cut = offer.loc.end;
            }
            out.line(1, &print::threshold(p), cut, LineRole::Continuation);
        }
        Requirement::Attested(a) => {
            let head = print::attested(a);
            let head = &head[..head.find('[').unwrap_or(head.len())];
            out.push_str(head);
            let codes: Vec<_> = a
                .codes
                .iter()
                .map(|c| (print::string(c), c.loc.range()))
                .collect();
            out.list(&codes, &a.codes.loc, 0);
        }
        // One line each, however long: their parts read best together.
        Requirement::Requires(_) | Requirement::Entities(_) | Requirement::Growth(_) => {
            out.push_str(&one_line)
        }
        Requirement::Skill(s) => {
            out.push_str(&print::people(s.count.node));
            out.push_str(" ");
            out.qualification(&s.qualification, None, 1, 0);
            if let Some(o) = &s.of_which {
                out.line(
                    1,
                    &print::of_which_count(o),
                    o.loc.start,
                    LineRole::Continuation,
                );
                out.push_str(" ");
                out.qualification(&o.qualification, None, 2, 0);
            }
        }
    }
    out.lines
}

/// `benefits [...]` as the lines `rules fmt` writes: one line if it fits in
/// `width` from column `indent` and the list is not to be kept open, else
/// the list exploded.
pub(super) fn benefits_lines(
    list: &Node<Vec<Node<String>>>,
    indent: usize,
    width: usize,
    keep_open: KeepOpen,
) -> Vec<ItemLine> {
    let one_line = print::benefits(list);
    let mut out = ItemLayout::new(indent, width, keep_open);
    if !keep_open(&list.loc) && out.fits(one_line.chars().count()) {
        out.push_str(&one_line);
        return out.lines;
    }
    out.push_str("benefits ");
    let items: Vec<_> = list
        .iter()
        .map(|b| (print::string(b), b.loc.range()))
        .collect();
    out.list(&items, &list.loc, 0);
    out.lines
}

/// `workloads NAME = [...]`, on one line if it fits, else its list exploded.
pub(super) fn workload_set_lines(
    set: &WorkloadSetDef,
    indent: usize,
    width: usize,
    keep_open: KeepOpen,
) -> Vec<ItemLine> {
    let one_line = print::workload_set(set);
    let mut out = ItemLayout::new(indent, width, keep_open);
    if !keep_open(&set.workloads.loc) && out.fits(one_line.chars().count()) {
        out.push_str(&one_line);
        return out.lines;
    }
    out.push_str(&format!("workloads {} = ", set.name.node));
    let items: Vec<_> = set
        .workloads
        .iter()
        .map(|w| (print::name(&w.node), w.loc.range()))
        .collect();
    out.list(&items, &set.workloads.loc, 0);
    out.lines
}

/// Lines being laid out; text is added at the end of the last one.
struct ItemLayout<'a> {
    lines: Vec<ItemLine>,
    indent: usize,
    width: usize,
    keep_open: KeepOpen<'a>,
}

impl ItemLayout<'_> {
    fn new<'a>(indent: usize, width: usize, keep_open: KeepOpen<'a>) -> ItemLayout<'a> {
        ItemLayout {
            lines: vec![ItemLine {
                depth: 0,
                text: String::new(),
                from: 0,
                to: None,
                role: LineRole::First,
                opens: false,
            }],
            indent,
            width,
            keep_open,
        }
    }

    fn last(&mut self) -> &mut ItemLine {
        self.lines.last_mut().expect("a layout has a first line")
    }

    fn push_str(&mut self, text: &str) {
        self.last().text.push_str(text);
    }

    fn line(&mut self, depth: usize, text: &str, from: usize, role: LineRole) {
        self.lines.push(ItemLine {
            depth,
            text: text.to_string(),
            from,
            to: None,
            role,
            opens: false,
        });
    }

    /// Whether `more` characters still fit on the last line.
    fn fits(&self, more: usize) -> bool {
        let line = self.lines.last().expect("a layout has a first line");
        self.indent + 4 * line.depth + line.text.chars().count() + more <= self.width
    }

    fn holds_open_list(&self, q: &Node<Qualification>) -> bool {
        match &q.node {
            Qualification::Term(t) => (self.keep_open)(&t.codes.loc),
            Qualification::And(parts) | Qualification::Or(parts) => {
                parts.iter().any(|p| self.holds_open_list(p))
            }
        }
    }

    /// `q` from the end of the last line. Continuation lines of a group
    /// that is broken go at depth `cont`, those of groups inside it one
    /// level deeper; `after` characters (closing parentheses) will follow.
    fn qualification(
        &mut self,
        q: &Node<Qualification>,
        parent: Option<Parent>,
        cont: usize,
        after: usize,
    ) {
        let one_line = print::qualification(q, parent);
        if !self.holds_open_list(q) && self.fits(one_line.chars().count() + after) {
            self.push_str(&one_line);
            return;
        }
        match &q.node {
            Qualification::Term(t) => {
                self.push_str(&print::term_head(t));
                let codes: Vec<_> = t
                    .codes
                    .iter()
                    .map(|c| (print::string(c), c.loc.range()))
                    .collect();
                self.list(&codes, &t.codes.loc, after);
            }
            Qualification::And(parts) | Qualification::Or(parts) => {
                let (kind, separator) = print::group(q);
                let parens = print::parenthesized(kind, parent);
                if parens {
                    self.push_str("(");
                }
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        let word = &separator[1..];
                        self.line(cont, word, parts[i - 1].loc.end, LineRole::Continuation);
                    }
                    let last = i + 1 == parts.len();
                    let part_after = if last { after + usize::from(parens) } else { 0 };
                    self.qualification(part, Some(kind), cont + 1, part_after);
                }
                if parens {
                    self.push_str(")");
                }
            }
        }
    }

    /// A list from the end of the last line: `[a, b]` if it fits (with
    /// `after` characters after it) and is not to be kept open; else `[`
    /// ends the line, each item with a comma on a line one level deeper,
    /// and `]` on a line at the depth of the line that opened it. An empty
    /// list stays `[]` unless kept open. `items` are the texts and the
    /// place of each item in the source.
    fn list(&mut self, items: &[(String, Range<usize>)], list: &Loc, after: usize) {
        let texts: Vec<&str> = items.iter().map(|(text, _)| text.as_str()).collect();
        let one_line = format!("[{}]", texts.join(", "));
        let keep_open = (self.keep_open)(list);
        if !keep_open && (items.is_empty() || self.fits(one_line.chars().count() + after)) {
            self.push_str(&one_line);
            return;
        }
        self.push_str("[");
        self.last().opens = true;
        let depth = self.last().depth;
        for (text, item) in items {
            self.line(
                depth + 1,
                &format!("{text},"),
                item.start,
                LineRole::ListItem,
            );
            self.last().to = Some(item.end);
        }
        // The list's place ends with its `]`.
        self.line(depth, "]", list.end - 1, LineRole::Close);
    }
}
