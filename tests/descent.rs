//! The parser's two readings held to each other (`src/syntax/parser/descent.rs`):
//! wherever the hand-written reading gives a tree, pest must give the same
//! tree, every place included; and every rule file of the repository, and
//! every rule file the structure-aware generator prints, must be read by the
//! hand-written reading, or parsing valid text would quietly fall back to
//! pest's speed.
//!
//! The texts: every `.rules` file of the repository and, for each, the
//! broken and reshaped texts made from it token by token (cut off before a
//! token; a token left out, doubled, or replaced with another; blanks
//! changed to comments), and generated rule sets (`tests/arb/`), broken
//! tokens included. `DESCENT_ALL=1` makes every variant of every token
//! (a few hundred thousand texts; run it with `--release`), and
//! `STRUCTURED_INPUTS=N` more generated rule sets.

mod arb;
mod support;

use std::path::{Path, PathBuf};

use rules::source::SourceFile;
use rules::syntax::lexer::{TokenKind, tokenize};
use rules::syntax::parser::{parse_rule_file_by_descent, parse_rule_file_with_pest};

/// The tree and every place of it, as `{:+?}` shows them.
fn shown(tree: &rules::syntax::tree::RuleFile) -> String {
    format!("{tree:+?}")
}

#[derive(Default)]
struct Tally {
    texts: usize,
    by_descent: usize,
    by_pest: usize,
}

/// Whether descent read `text`; panics if its tree is not pest's.
fn agree(text: &str, tally: &mut Tally) -> bool {
    let source = SourceFile::new("descent.rules", text);
    let fast = parse_rule_file_by_descent(&source);
    let slow = parse_rule_file_with_pest(&source);
    tally.texts += 1;
    tally.by_pest += usize::from(slow.is_ok());
    let Some(fast) = fast else {
        return false;
    };
    tally.by_descent += 1;
    match slow {
        Ok(slow) => assert_eq!(
            shown(&fast),
            shown(&slow),
            "the two readings give different trees for:\n{text}"
        ),
        Err(errors) => panic!(
            "descent reads text pest refuses ({:?}):\n{text}",
            errors[0].kind
        ),
    }
    true
}

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in support::entries(dir) {
        let name = entry.file_name().map(|n| n.to_string_lossy().to_string());
        if entry.is_dir() {
            if !matches!(name.as_deref(), Some("target" | "fuzz")) {
                rule_files(&entry, out);
            }
        } else if entry.extension().is_some_and(|e| e == "rules") {
            out.push(entry);
        }
    }
}

/// The texts made from `text` at its `i`th token: broken, or only reshaped.
fn variants(text: &str, start: usize, end: usize) -> Vec<String> {
    let (before, token, after) = (&text[..start], &text[start..end], &text[end..]);
    vec![
        before.to_string(),
        format!("{before}{after}"),
        format!("{before}{token} {token}{after}"),
        format!("{before}x{after}"),
        format!("{before}\"q\"{after}"),
        format!("{before} 7 {after}"),
        format!("{before}({after}"),
        format!("{before},{after}"),
        format!("{before}{token}#c\n{after}"),
        format!("{before}{token}\t\r\n  {after}"),
    ]
}

#[test]
fn descent_gives_pest_tree_on_repository_rule_files_and_their_variants() {
    let all = std::env::var("DESCENT_ALL").is_ok_and(|v| v == "1");
    let mut files = Vec::new();
    rule_files(&support::root(), &mut files);
    assert!(files.len() > 100, "the repository's rule files: {files:?}");
    let mut whole = Tally::default();
    let mut broken = Tally::default();
    for file in &files {
        // A hostile input or two is not UTF-8: no parser sees those.
        let Ok(text) = String::from_utf8(std::fs::read(file).expect("a rule file")) else {
            continue;
        };
        let pest_reads =
            parse_rule_file_with_pest(&SourceFile::new("f.rules", text.as_str())).is_ok();
        let descent_reads = agree(&text, &mut whole);
        assert_eq!(
            pest_reads,
            descent_reads,
            "{}: pest {} it, descent {}",
            file.display(),
            if pest_reads { "reads" } else { "refuses" },
            if descent_reads { "reads" } else { "does not" },
        );
        let tokens = tokenize(&text);
        let step = if all { 1 } else { 1 + tokens.len() / 12 };
        for (i, token) in tokens.iter().enumerate() {
            if i % step != 0 || token.kind == TokenKind::LineEnd {
                continue;
            }
            for variant in variants(&text, token.start, token.end) {
                agree(&variant, &mut broken);
            }
        }
    }
    eprintln!(
        "{} rule files: pest reads {}, descent {}; {} variants: pest reads {}, descent {}",
        whole.texts,
        whole.by_pest,
        whole.by_descent,
        broken.texts,
        broken.by_pest,
        broken.by_descent
    );
    // The variants must exercise both sides: most reshaped texts parse.
    assert!(
        broken.by_descent * 10 > broken.texts,
        "too few variants read"
    );
}

#[test]
fn descent_gives_pest_tree_on_generated_rule_sets() {
    let inputs: usize = std::env::var("STRUCTURED_INPUTS")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(300);
    let mut rng = support::SplitMix64(0x5eed_d35c);
    let mut tally = Tally::default();
    let mut valid = 0;
    for _ in 0..inputs {
        let len = 64 + (rng.next() % 2048) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let mut u = arbitrary::Unstructured::new(&bytes);
        let Ok(spec) = arb::rule_spec(&mut u) else {
            continue;
        };
        let text = spec.text();
        let read = agree(&text, &mut tally);
        if spec.broken.is_none() {
            valid += 1;
            assert!(read, "descent does not read a generated rule set:\n{text}");
        }
    }
    eprintln!(
        "{} generated rule sets ({valid} valid): pest reads {}, descent {}",
        tally.texts, tally.by_pest, tally.by_descent
    );
    assert!(valid * 2 > inputs, "too few rule sets generated");
}
