//! The rule-text lexer as data. Every `tests/lexer/*.rules` is read into
//! tokens; the snapshot in `snapshots/lexer/` lists them, one a line: byte
//! range, kind and text. Each case must also be covered by its tokens
//! without gaps or overlaps.

mod support;

use std::fmt::Write;

use rules::syntax::lexer::{TokenKind, tokenize};

#[test]
fn lexer_cases() {
    support::for_each_case("tests/lexer", "lexer", |name, path| {
        let bytes = std::fs::read(path).expect("read the case");
        let text = String::from_utf8(bytes).expect("cases are UTF-8");
        let tokens = tokenize(&text);

        let mut end = 0;
        for token in &tokens {
            assert_eq!(
                token.start, end,
                "{name}: a gap or an overlap before {token:?}"
            );
            assert!(token.end > token.start, "{name}: an empty token {token:?}");
            end = token.end;
        }
        assert_eq!(end, text.len(), "{name}: the tokens stop before the end");

        let mut listing = String::new();
        for token in &tokens {
            let kind = match token.kind {
                TokenKind::String {
                    closed,
                    invalid_escape,
                } => {
                    let mut kind = format!("String, {}", if closed { "closed" } else { "open" });
                    if let Some((start, end)) = invalid_escape {
                        write!(kind, ", invalid escape {start}..{end}").unwrap();
                    }
                    kind
                }
                other => format!("{other:?}"),
            };
            let range = format!("{}..{}", token.start, token.end);
            writeln!(listing, "{range:<9} {kind:<13} {:?}", token.text(&text)).unwrap();
        }
        if listing.is_empty() {
            listing.push_str("no tokens\n");
        }
        insta::assert_snapshot!(name, listing);
    });
}
