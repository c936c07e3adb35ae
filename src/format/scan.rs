//! What the formatter reads from the source besides the syntax tree: where
//! its code is (to cut the source into the code each line stands for) and
//! its comments, both as the lexer finds them.

use crate::syntax::lexer::{Lexer, Token, TokenKind};

/// The texts of every comment in `text` (a `#` outside a string, to the end
/// of the line), in order, without the spaces at their end.
pub fn comments(text: &str) -> Vec<String> {
    let scan = scan(text);
    scan.comments
        .iter()
        .map(|c| c.text(text).to_string())
        .collect()
}

/// A comment in the source: `#` up to the end of its line, less trailing spaces.
pub(super) struct Comment {
    pub start: usize,
    pub end: usize,
    /// Only whitespace before it on its line.
    pub own_line: bool,
}

impl Comment {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// The source as the lexer reads it: its code tokens, to find where code
/// begins and ends in a range, and its comments.
pub(super) struct Scan {
    code: Vec<Token>,
    pub comments: Vec<Comment>,
}

pub(super) fn scan(text: &str) -> Scan {
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
    pub fn first_code(&self, start: usize, end: usize) -> Option<usize> {
        let i = self.code.partition_point(|t| t.end <= start);
        let token = self.code.get(i).filter(|t| t.start < end)?;
        Some(token.start.max(start))
    }

    /// The end of the last code in `start..end`.
    pub fn last_code_end(&self, start: usize, end: usize) -> Option<usize> {
        let i = self.code.partition_point(|t| t.start < end);
        let token = self.code[..i].last().filter(|t| t.end > start)?;
        Some(token.end.min(end))
    }

    /// The first code token in `start..end` that is the punctuation `punct`.
    pub fn find_punct(&self, text: &str, start: usize, end: usize, punct: &str) -> Option<usize> {
        let i = self.code.partition_point(|t| t.end <= start);
        self.code[i..]
            .iter()
            .take_while(|t| t.start < end)
            .find(|t| t.is_punct(text, punct))
            .map(|t| t.start.max(start))
    }
}
