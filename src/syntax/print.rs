//! Syntax tree → canonical text. One spelling for each construct, so that the
//! text of a requirement in an explanation is the same however it was written,
//! and so that `rules fmt` has one layout to produce.

use super::tree::*;
use crate::duration::Duration;
use crate::number;
use crate::source::{Node, Span};

/// `revenue azure via [dpor, tpor] >= $15,000 (developing $10,000) over 12 months`
pub fn performance(p: &Performance) -> String {
    let mut out = measured(p);
    if let Some(via) = &p.via {
        out.push_str(&format!(" via {}", name_list(&via.node)));
    }
    out.push(' ');
    out.push_str(&threshold(p));
    out
}

/// `revenue azure`: what is measured.
fn measured(p: &Performance) -> String {
    format!("{} {}", p.metric.node, name(&p.workload))
}

/// `>= $15,000 (developing $10,000) over 12 months`
fn threshold(p: &Performance) -> String {
    let mut out = format!(">= {}", amount(&p.threshold));
    if let Some(developing) = &p.developing {
        out.push_str(&format!(" (developing {})", amount(developing)));
    }
    if let Some(months) = &p.window_months {
        out.push_str(&format!(
            " over {} {}",
            months.node,
            if months.node == 1 { "month" } else { "months" }
        ));
    }
    out
}

/// `[dpor, "some association"]`
fn name_list(names: &[Node<String>]) -> String {
    let names: Vec<String> = names.iter().map(|n| name(n)).collect();
    format!("[{}]", names.join(", "))
}

/// `2 people certified in all ["70-496", "70-498"] of which 1 certified in ["CSM"]`
pub fn skill(s: &Skill) -> String {
    let mut out = format!(
        "{} {}",
        people(s.count.node),
        qualification(&s.qualification, None)
    );
    if let Some(of_which) = &s.of_which {
        out.push(' ');
        out.push_str(&self::of_which(of_which));
    }
    out
}

/// `of which 1 certified in ["CSM"]`
pub fn of_which(o: &OfWhich) -> String {
    format!(
        "{} {}",
        of_which_count(o),
        qualification(&o.qualification, None)
    )
}

/// `2 people`, `1 person`
fn people(count: u32) -> String {
    format!(
        "{} {}",
        number::grouped(count.into()),
        if count == 1 { "person" } else { "people" }
    )
}

/// `of which 1`
fn of_which_count(o: &OfWhich) -> String {
    format!("of which {}", number::grouped(o.count.node.into()))
}

/// A requirement on one line, however long: explanations quote it. `rules
/// fmt` lays out wide ones with [`requirement_lines`].
pub fn requirement(r: &Requirement) -> String {
    match r {
        Requirement::Performance(p) => performance(p),
        Requirement::Skill(s) => skill(s),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Parent {
    And,
    Or,
}

/// `and` binds tighter than `or`. Parentheses are written where the tree
/// needs them: an `or` under an `and`, and any group nested in a group of
/// its own kind (which only parentheses can produce).
fn qualification(q: &Qualification, parent: Option<Parent>) -> String {
    match q {
        Qualification::Term(t) => term(t),
        Qualification::And(parts) | Qualification::Or(parts) => {
            let (kind, separator) = group(q);
            let text = join(parts, separator, kind);
            if parenthesized(kind, parent) {
                format!("({text})")
            } else {
                text
            }
        }
    }
}

/// The kind of an `and` or `or` group and the words between its parts.
fn group(q: &Qualification) -> (Parent, &'static str) {
    match q {
        Qualification::Or(_) => (Parent::Or, " or "),
        _ => (Parent::And, " and "),
    }
}

/// Whether a group of `kind` under `parent` needs parentheses.
fn parenthesized(kind: Parent, parent: Option<Parent>) -> bool {
    match kind {
        Parent::And => parent == Some(Parent::And),
        Parent::Or => parent.is_some(),
    }
}

fn join(parts: &[Node<Qualification>], separator: &str, parent: Parent) -> String {
    parts
        .iter()
        .map(|p| qualification(p, Some(parent)))
        .collect::<Vec<_>>()
        .join(separator)
}

fn term(t: &Term) -> String {
    format!(
        "{}{}",
        term_head(t),
        string_list(t.codes.iter().map(|c| c.node.as_str()))
    )
}

/// `certified in `, `assessed in all `: a term up to its list.
fn term_head(t: &Term) -> String {
    format!(
        "{} in {}",
        t.class.keyword(),
        if t.all { "all " } else { "" }
    )
}

/// `["a", "b"]`
pub fn string_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(string).collect();
    format!("[{}]", items.join(", "))
}

/// A quoted string with `"` and `\` escaped.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A workload or association: bare when it is a plain identifier, else quoted.
pub fn name(text: &str) -> String {
    if is_identifier(text) && text != "via" {
        text.to_string()
    } else {
        string(text)
    }
}

pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn amount(a: &Amount) -> String {
    number::amount(a.value, a.is_money)
}

/// `24 hours`, `1 month`: the unit agrees with the count.
pub fn duration(d: &Duration) -> String {
    format!("{} {}", d.count, d.unit.word(d.count))
}

/// `association wait 24 hours`, `subscription until year end`
pub fn setting(s: &Setting) -> String {
    let value = match s.value.node {
        SettingValue::Duration(d) => duration(&d),
        SettingValue::UntilYearEnd => "until year end".to_string(),
    };
    format!("{} {}", s.name.node, value)
}

/// `competency cloud_platform "Cloud Platform"` (the block's `{` is the layout's).
pub fn competency_header(c: &CompetencyDef) -> String {
    format!("competency {} {}", c.id.node, string(&c.title.node))
}

/// `path consumption "Azure consumption"`, or `path skills` without a title.
pub fn path_header(p: &PathDef) -> String {
    match &p.title {
        Some(title) => format!("path {} {}", p.id.node, string(&title.node)),
        None => format!("path {}", p.id.node),
    }
}

/// `benefits ["50 advisory hours", "10 support incidents"]`
pub fn benefits(list: &[Node<String>]) -> String {
    format!(
        "benefits {}",
        string_list(list.iter().map(|b| b.node.as_str()))
    )
}

/// `override "contoso" cloud_platform gold until 2027-06-30 because "..."`
pub fn override_item(o: &OverrideDef) -> String {
    format!(
        "override {} {} {} until {} because {}",
        string(&o.org.node),
        o.competency.node,
        o.level.node.keyword(),
        o.until.node.format("%Y-%m-%d"),
        string(&o.reason.node)
    )
}

// ------------------------------------------------------------ wide items
//
// `rules fmt` writes an item on one line when it fits; these functions lay
// out the ones that do not, from the same pieces as the one-line text above.
// The rules are described in the module comment of `crate::format`.

/// One line of an item laid out over several lines by [`requirement_lines`]
/// or [`benefits_lines`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Indentation in levels of four spaces, relative to the item's first line.
    pub depth: usize,
    pub text: String,
    /// A byte offset in the source between the last code of the line before
    /// and the first code of this one, taken from the tree's spans: where
    /// the source is cut to find the code each line stands for. 0 for the
    /// first line.
    pub from: u32,
    /// Where the line's code ends in the source when that is before the
    /// next line's cut: the end of a list item, so that its comma (which
    /// may come later) is part of no line.
    pub to: Option<u32>,
    pub role: Role,
    /// The line ends with the `[` of an exploded list.
    pub opens: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
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
/// with a comment inside), by the span of the list node.
pub type KeepOpen<'a> = &'a dyn Fn(Span) -> bool;

/// A requirement as the lines `rules fmt` writes, for a first line that
/// starts at column `indent`: [`requirement`] on one line if that fits in
/// `width` columns and no list in it is to be kept open; else broken before
/// `>=` (a performance requirement) or before `of which` and then, group by
/// group from the outside in, before the `or`s or `and`s of any group that
/// does not fit; a list that still does not fit is exploded.
pub fn requirement_lines(
    r: &Requirement,
    indent: usize,
    width: usize,
    keep_open: KeepOpen,
) -> Vec<Line> {
    let one_line = requirement(r);
    let mut out = Layout::new(indent, width, keep_open);
    let open_list = match r {
        Requirement::Performance(p) => p.via.as_ref().is_some_and(|via| keep_open(via.span)),
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
            out.push_str(&measured(p));
            let mut cut = p.workload.span.end;
            if let Some(via) = &p.via {
                out.push_str(" via ");
                let names: Vec<_> = via.iter().map(|n| (name(n), n.span)).collect();
                out.list(&names, via.span, 0);
                cut = via.span.end;
            }
            out.line(1, &threshold(p), cut, Role::Continuation);
        }
        Requirement::Skill(s) => {
            out.push_str(&people(s.count.node));
            out.push_str(" ");
            out.qualification(&s.qualification, None, 1, 0);
            if let Some(o) = &s.of_which {
                out.line(1, &of_which_count(o), o.span.start, Role::Continuation);
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
pub fn benefits_lines(
    list: &Node<Vec<Node<String>>>,
    indent: usize,
    width: usize,
    keep_open: KeepOpen,
) -> Vec<Line> {
    let one_line = benefits(list);
    let mut out = Layout::new(indent, width, keep_open);
    if !keep_open(list.span) && out.fits(one_line.chars().count()) {
        out.push_str(&one_line);
        return out.lines;
    }
    out.push_str("benefits ");
    let items: Vec<_> = list.iter().map(|b| (string(b), b.span)).collect();
    out.list(&items, list.span, 0);
    out.lines
}

/// Lines being laid out; text is added at the end of the last one.
struct Layout<'a> {
    lines: Vec<Line>,
    indent: usize,
    width: usize,
    keep_open: KeepOpen<'a>,
}

impl Layout<'_> {
    fn new<'a>(indent: usize, width: usize, keep_open: KeepOpen<'a>) -> Layout<'a> {
        Layout {
            lines: vec![Line {
                depth: 0,
                text: String::new(),
                from: 0,
                to: None,
                role: Role::First,
                opens: false,
            }],
            indent,
            width,
            keep_open,
        }
    }

    fn last(&mut self) -> &mut Line {
        self.lines.last_mut().expect("a layout has a first line")
    }

    fn push_str(&mut self, text: &str) {
        self.last().text.push_str(text);
    }

    fn line(&mut self, depth: usize, text: &str, from: u32, role: Role) {
        self.lines.push(Line {
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
            Qualification::Term(t) => (self.keep_open)(t.codes.span),
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
        let one_line = qualification(q, parent);
        if !self.holds_open_list(q) && self.fits(one_line.chars().count() + after) {
            self.push_str(&one_line);
            return;
        }
        match &q.node {
            Qualification::Term(t) => {
                self.push_str(&term_head(t));
                let codes: Vec<_> = t.codes.iter().map(|c| (string(c), c.span)).collect();
                self.list(&codes, t.codes.span, after);
            }
            Qualification::And(parts) | Qualification::Or(parts) => {
                let (kind, separator) = group(q);
                let parens = parenthesized(kind, parent);
                if parens {
                    self.push_str("(");
                }
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        let word = &separator[1..];
                        self.line(cont, word, parts[i - 1].span.end, Role::Continuation);
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
    /// span of each item in the source.
    fn list(&mut self, items: &[(String, Span)], span: Span, after: usize) {
        let texts: Vec<&str> = items.iter().map(|(text, _)| text.as_str()).collect();
        let one_line = format!("[{}]", texts.join(", "));
        let keep_open = (self.keep_open)(span);
        if !keep_open && (items.is_empty() || self.fits(one_line.chars().count() + after)) {
            self.push_str(&one_line);
            return;
        }
        self.push_str("[");
        self.last().opens = true;
        let depth = self.last().depth;
        for (text, item) in items {
            self.line(depth + 1, &format!("{text},"), item.start, Role::ListItem);
            self.last().to = Some(item.end);
        }
        // The list's span ends with its `]`.
        self.line(depth, "]", span.end - 1, Role::Close);
    }
}
