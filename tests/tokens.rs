//! The fact lexers, as data: every file under `tests/tokens/ron/` and
//! `tests/tokens/json/` is read by its format's lexer, and its tokens — kind,
//! byte range and text, one per line — are the snapshot
//! (`snapshots/tokens/`). Any change in how a fact file is cut into tokens
//! shows here first.

mod support;

use std::fmt::Write;

use rules::facts::tokens::{Format, tokenize};

fn tokens(format: Format, text: &str) -> String {
    let mut out = String::new();
    for token in tokenize(format, text) {
        let kind = format!("{:?}", token.kind);
        let _ = writeln!(
            out,
            "{kind:<22} {:>3}..{:<3} {}",
            token.start,
            token.end,
            token.text(text).escape_debug()
        );
    }
    out
}

fn run(folder: &str, format: Format) {
    support::for_each_case(&format!("tests/tokens/{folder}"), "tokens", |name, path| {
        let text = std::fs::read_to_string(path).expect("a text file");
        insta::assert_snapshot!(format!("{folder}-{name}"), tokens(format, &text));
    });
}

#[test]
fn ron() {
    run("ron", Format::Ron);
}

#[test]
fn json() {
    run("json", Format::Json);
}

/// Every prefix of a text lexes to what the whole does, up to where the
/// prefix ends: a buffer that ends anywhere (the splitter reads in pieces)
/// never changes a token, it only asks for more.
#[test]
fn a_token_cut_by_the_end_of_a_buffer_asks_for_more() {
    use rules::facts::tokens::{Kind, Lexed, lex};
    for folder in ["ron", "json"] {
        let format = if folder == "ron" {
            Format::Ron
        } else {
            Format::Json
        };
        for path in support::entries(format!("tests/tokens/{folder}")) {
            let text = std::fs::read_to_string(&path).expect("a text file");
            let whole = tokenize(format, &text);
            for cut in 0..=text.len() {
                let bytes = &text.as_bytes()[..cut];
                let mut at = 0;
                for expected in &whole {
                    match lex(format, bytes, at, false) {
                        Lexed::NeedMore => break,
                        Lexed::Token(t) => {
                            assert_eq!(
                                &t,
                                expected,
                                "{}: cut at {cut}, a token differs",
                                path.display()
                            );
                            assert!(t.kind != Kind::End);
                            at = t.end;
                        }
                    }
                }
            }
        }
    }
}
