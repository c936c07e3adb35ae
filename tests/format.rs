//! `rules fmt` as data. Every `tests/format/*.rules` is formatted; the
//! snapshot in `snapshots/format/` holds the result, and each case must also
//! be idempotent, mean the same as its input and keep its comments. Then
//! every rule file of the repository goes through the same round trip, and
//! the command itself is run on temporary copies.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rules::diagnostics::Style;
use rules::format::{self, CommentChange, FormatError, FormatErrorKind, MeaningChange};
use rules::source::SourceFile;
use rules::syntax::lexer::{Lexer, TokenKind};
use rules::syntax::parse_rule_file;
use support::Run;

#[test]
fn format_cases() {
    support::for_each_case("tests/format", "format", |name, path| {
        let source = read(path);
        let formatted = format::format_source(&source)
            .unwrap_or_else(|e| panic!("{name} should format, but:\n{}", render(e)));
        insta::assert_snapshot!(name, formatted);
        assert_round_trip(&source, &formatted);
        if name.starts_with("formatted-") {
            assert_eq!(formatted, source.text(), "{name} is already formatted");
        }
    });
}

/// Every `.rules` file of the tests: those that parse format with a round
/// trip; those that do not are refused with the parser's diagnostics. (The
/// shipped rules are a program manager's to change: CI formats them with
/// `rules fmt --check rules/`, no test reads them.)
#[test]
fn every_rule_file_of_the_tests_round_trips() {
    let mut files = Vec::new();
    rule_files(&support::root().join("tests"), &mut files);
    assert!(files.len() > 50, "found only {} rule files", files.len());
    let mut formatted_count = 0;
    // The hostile corpus holds a rule file that is not UTF-8, on purpose.
    let not_text = support::root().join("tests/cases/hostile/not-utf8-rules/case.rules");
    for path in files.iter().filter(|p| **p != not_text) {
        let source = read(path);
        let parses = parse_rule_file(&source).is_ok();
        match format::format_source(&source) {
            Ok(formatted) => {
                assert!(
                    parses,
                    "{} does not parse but was formatted",
                    path.display()
                );
                assert_round_trip(&source, &formatted);
                formatted_count += 1;
            }
            Err(e) => match &e.kind {
                FormatErrorKind::Syntax { errors } => {
                    assert!(!parses, "{} parses but was refused", path.display());
                    assert!(!errors.is_empty());
                }
                _ => panic!("{}: {}", path.display(), render(e)),
            },
        }
    }
    assert!(
        formatted_count > 30,
        "formatted only {formatted_count} files"
    );
}

/// Comments and whitespace dropped at random between the tokens of every
/// format case, and random edits that may break the syntax: formatting
/// never panics, and whatever parses formats with a full round trip.
#[test]
fn random_comments_and_edits_round_trip_or_fail_cleanly() {
    let mut files = Vec::new();
    rule_files(&support::root().join("tests/format"), &mut files);
    rule_files(&support::root().join("tests/rules/valid"), &mut files);
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    for path in &files {
        let text = read(path).text().to_string();
        let gaps = gaps_between_tokens(&text);
        for round in 0..12 {
            // Comments, own-line and trailing, and odd whitespace between tokens.
            let mut mutated = text.clone();
            let mut chosen: Vec<usize> = (0..4)
                .filter_map(|_| gaps.get(random.below(gaps.len().max(1))).copied())
                .collect();
            chosen.sort_unstable();
            chosen.dedup();
            for (k, &at) in chosen.iter().enumerate().rev() {
                let insert = match random.below(4) {
                    0 => format!(" # c{round}.{k}\n"),
                    1 => format!("\n\n  # c{round}.{k}\r\n\t"),
                    2 => "\r\n\n\t ".to_string(),
                    _ => format!("#c{round}.{k}   \n"),
                };
                mutated.insert_str(at, &insert);
            }
            let source = SourceFile::new(path.display().to_string(), mutated.clone());
            match format::format_source(&source) {
                Ok(formatted) => assert_round_trip(&source, &formatted),
                Err(e) => panic!("{mutated:?} should format, but:\n{}", render(e)),
            }

            // Any edit at all: no panic, and a round trip when it parses.
            let mut edited = text.clone();
            let boundaries: Vec<usize> = (0..=edited.len())
                .filter(|&i| edited.is_char_boundary(i))
                .collect();
            let at = boundaries[random.below(boundaries.len())];
            let pieces = [
                "#", "\"", "\\", "{", "}", "[", "]", "(", ")", "\n", " ", "$", ",", "1",
            ];
            if random.below(2) == 0 {
                edited.insert_str(at, pieces[random.below(pieces.len())]);
            } else if let Some(c) = edited[at..].chars().next() {
                edited.replace_range(at..at + c.len_utf8(), "");
            }
            let source = SourceFile::new(path.display().to_string(), edited);
            if let Ok(formatted) = format::format_source(&source) {
                assert_round_trip(&source, &formatted);
            }
        }
    }
}

/// Byte offsets of whitespace outside strings and comments, as the lexer
/// reads them: places where more whitespace or a comment can go without
/// changing the tokens.
fn gaps_between_tokens(text: &str) -> Vec<usize> {
    let mut gaps = Vec::new();
    let mut after_comment = false;
    for token in Lexer::new(text) {
        if matches!(token.kind, TokenKind::Space | TokenKind::LineEnd) {
            for (i, c) in token.text(text).char_indices() {
                // For pest, the `\r` of a comment's line end is the comment's.
                if !(after_comment && c == '\r') {
                    gaps.push(token.start + i);
                }
            }
        }
        after_comment = token.kind == TokenKind::Comment;
    }
    gaps
}

/// xorshift64: reproducible without another crate.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Formatting again changes nothing; the output parses to the same tree
/// (in layout order) and holds the same comments.
fn assert_round_trip(source: &Arc<SourceFile>, formatted: &str) {
    let name = source.name();
    let again = format::format_source(&SourceFile::new(name, formatted))
        .unwrap_or_else(|e| panic!("{name}: the output does not format:\n{}", render(e)));
    assert_eq!(again, formatted, "{name}: formatting is not idempotent");

    let original = parse_rule_file(source).expect("the input parses");
    let reparsed = parse_rule_file(&SourceFile::new(name, formatted))
        .unwrap_or_else(|_| panic!("{name}: the output does not parse"));
    assert_eq!(
        format::in_layout_order(&original),
        reparsed,
        "{name}: the output means something else"
    );

    let mut before = format::comments(source.text());
    let mut after = format::comments(formatted);
    before.sort();
    after.sort();
    assert_eq!(before, after, "{name}: comments were lost or changed");

    assert!(
        formatted.is_empty() || formatted.ends_with('\n') && !formatted.ends_with("\n\n"),
        "{name}: the output should end in exactly one newline"
    );
    for line in formatted.lines() {
        assert_eq!(line, line.trim_end(), "{name}: trailing spaces in {line:?}");
        assert!(
            !line.starts_with('\t'),
            "{name}: tab indentation in {line:?}"
        );
    }
}

#[test]
fn syntax_errors_are_the_parsers_diagnostics() {
    let source = SourceFile::new(
        "broken.rules",
        "competency x \"X\" { silver { path p { 1 persons certified in [\"a\"] } } }\n",
    );
    let Err(error) = format::format_source(&source) else {
        panic!("a file with a syntax error was formatted");
    };
    let text = render(error);
    assert!(text.contains("rules::syntax"), "{text}");
    assert!(text.contains("broken.rules:1:"), "{text}");
}

#[test]
fn the_safety_check_refuses_a_change_of_meaning() {
    let source = SourceFile::new(
        "meaning.rules",
        "competency x \"X\" { silver { path p { revenue azure >= $15,000 } } }\n",
    );
    let changed = "competency x \"X\" {\n    silver {\n        path p {\n            \
                   revenue azure >= $1,500\n        }\n    }\n}\n";
    let error = format::verify(&source, changed).expect_err("a changed threshold");
    assert!(matches!(
        error.kind,
        FormatErrorKind::ChangedMeaning {
            why: MeaningChange::Item(1)
        }
    ));
    assert_eq!(error.loc.line_col(), (1, 1), "the item that changed");
    assert!(render(error).contains("rules::format_changed_meaning"));

    let unparsable = "competency x \"X\" {\n";
    let error = format::verify(&source, unparsable).expect_err("output that does not parse");
    assert!(matches!(
        error.kind,
        FormatErrorKind::ChangedMeaning {
            why: MeaningChange::Unparsable(_)
        }
    ));
}

#[test]
fn the_safety_check_refuses_a_lost_comment() {
    let source = SourceFile::new(
        "comment.rules",
        "# keep me\noverride \"o\" c gold until 2027-01-01 because \"r\"\n",
    );
    let lost = "override \"o\" c gold until 2027-01-01 because \"r\"\n";
    let error = format::verify(&source, lost).expect_err("a lost comment");
    assert!(matches!(
        &error.kind,
        FormatErrorKind::ChangedComments {
            why: CommentChange::Lost(comment)
        } if comment == "# keep me"
    ));
    assert_eq!(error.loc.line_col(), (1, 1), "where the comment was");
    assert!(render(error).contains("rules::format_lost_comment"));
    // The formatter's own output passes.
    let formatted = format::format_source(&source).expect("formats");
    assert!(format::verify(&source, &formatted).is_ok());
}

#[test]
fn comments_are_found_outside_strings_only() {
    let text = "competency c \"a # b \\\" # c\" { # real\n  # own line   \n}";
    assert_eq!(format::comments(text), ["# real", "# own line"]);
}

#[test]
fn unified_diff_has_headers_and_hunks() {
    let diff = format::unified_diff("rules/x.rules", "a\nb\nc\n", "a\nB\nc\n");
    assert_eq!(
        diff,
        "--- a/rules/x.rules\n+++ b/rules/x.rules\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
    );
    assert_eq!(format::unified_diff("x", "same\n", "same\n"), "");
}

// --------------------------------------------------------------------- CLI

const UNFORMATTED: &str = "# keep me\ncompetency x \"X\" { silver { path p { 1 person certified in [\"a\"] } } }  # and me\n";
const FORMATTED: &str = "# keep me\ncompetency x \"X\" {\n    silver {\n        path p {\n            \
                         1 person certified in [\"a\"]\n        }\n    }\n} # and me\n";
const BROKEN: &str =
    "competency x \"X\" { silver { path p { 1 persons certified in [\"a\"] } } }\n";

/// A fresh folder for one test, with a way to put files in it.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        TempDir(support::scratch(&format!("fmt-{test}")))
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        support::write(&path, text);
        path
    }
}

fn rules(args: &[&str], dir: &Path) -> Run {
    support::rules(args).dir(dir).run()
}

#[test]
fn fmt_check_on_an_unformatted_file_prints_a_diff_and_fails() {
    let dir = TempDir::new("check-unformatted");
    let path = dir.file("x.rules", UNFORMATTED);
    let output = rules(&["fmt", "--check", "x.rules"], &dir.0);
    assert_eq!(output.status, 1, "{}", output.stderr);
    let diff = output.stdout;
    assert!(diff.contains("--- a/x.rules"), "{diff}");
    assert!(diff.contains("+++ b/x.rules"), "{diff}");
    assert!(
        diff.contains("+            1 person certified in [\"a\"]"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        UNFORMATTED,
        "--check wrote the file"
    );
}

#[test]
fn fmt_check_on_a_formatted_file_succeeds_quietly() {
    let dir = TempDir::new("check-formatted");
    dir.file("x.rules", FORMATTED);
    let output = rules(&["fmt", "--check", "x.rules"], &dir.0);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.stdout, "");
}

#[test]
fn fmt_rewrites_files_that_change_in_the_default_folder() {
    let dir = TempDir::new("rewrite");
    std::fs::create_dir_all(dir.0.join("rules/nested")).unwrap();
    let unformatted = dir.file("rules/nested/a.rules", UNFORMATTED);
    let formatted = dir.file("rules/b.rules", FORMATTED);
    let output = rules(&["fmt"], &dir.0);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.stdout, "formatted 1 file (1 already formatted)\n");
    assert_eq!(std::fs::read_to_string(unformatted).unwrap(), FORMATTED);
    assert_eq!(std::fs::read_to_string(formatted).unwrap(), FORMATTED);
    // Now everything is formatted.
    let output = rules(&["fmt", "--check"], &dir.0);
    assert_eq!(output.status, 0, "{}", output.stdout);
}

#[test]
fn fmt_leaves_a_file_with_a_syntax_error_untouched() {
    let dir = TempDir::new("syntax-error");
    let broken = dir.file("broken.rules", BROKEN);
    let fine = dir.file("fine.rules", UNFORMATTED);
    let output = rules(&["fmt", "."], &dir.0);
    assert_eq!(output.status, 1);
    let errors = output.stderr;
    assert!(errors.contains("broken.rules:1:"), "{errors}");
    assert!(errors.contains("rules::syntax"), "{errors}");
    assert_eq!(std::fs::read_to_string(broken).unwrap(), BROKEN);
    // The valid file beside it is still formatted.
    assert_eq!(std::fs::read_to_string(fine).unwrap(), FORMATTED);

    let output = rules(&["fmt", "--check", "broken.rules"], &dir.0);
    assert_eq!(output.status, 1);
    assert_eq!(output.stdout, "");
    assert!(output.stderr.contains("rules::syntax"));
}

#[test]
fn fmt_on_a_missing_path_fails() {
    let dir = TempDir::new("missing");
    let output = rules(&["fmt", "nowhere"], &dir.0);
    assert_eq!(output.status, 1);
    assert!(
        output.stderr.contains("`nowhere` does not exist"),
        "{}",
        output.stderr
    );
}

// ----------------------------------------------------------------- helpers

fn read(path: &Path) -> Arc<SourceFile> {
    rules::files::read_text(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn render(error: FormatError) -> String {
    error.into_diagnostics().render(Style::PLAIN)
}

/// Every `.rules` file under `dir`, recursively; nothing if it does not exist.
fn rule_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rule_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rules") {
            found.push(path);
        }
    }
}
