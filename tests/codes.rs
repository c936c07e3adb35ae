//! Every diagnostic code names one kind of problem: two kinds under one
//! code could not be told apart by the code (in tests, in `--deny`, in
//! `# allow(...)`). Reads every `code(...)` in the sources under `src/`,
//! rule-text and fact-file codes alike.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn every_code_names_one_kind_of_problem() {
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in rust_files(&support::root().join("src")) {
        let text = std::fs::read_to_string(&file).expect("read a source file");
        let name = file
            .strip_prefix(support::root())
            .unwrap_or(&file)
            .display();
        for (code, line) in codes(&text) {
            places
                .entry(code)
                .or_default()
                .push(format!("{name}:{line}"));
        }
    }
    // So that a change in how codes are written cannot pass unnoticed.
    assert!(places.len() > 40, "found only {} codes", places.len());
    assert!(
        places.keys().filter(|c| c.starts_with("facts::")).count() > 20,
        "the fact-file codes were not found"
    );
    let shared: Vec<String> = places
        .iter()
        .filter(|(_, at)| at.len() > 1)
        .map(|(code, at)| format!("{code}: {}", at.join(", ")))
        .collect();
    assert!(
        shared.is_empty(),
        "codes used more than once:\n{}",
        shared.join("\n")
    );
}

#[test]
fn codes_are_found_wherever_the_attribute_puts_them() {
    let text = "#[diagnostic(code(rules::a))]\n\
                #[diagnostic(\n    code(lint::b),\n    severity(Warning)\n)]\n\
                // not a code: code(...), code(s)\n";
    assert_eq!(
        codes(text),
        [("rules::a".to_string(), 1), ("lint::b".to_string(), 3)]
    );
    let matched = "Kind::A => \"facts::a\",\nKind::B => \"facts::b\",\n\"a string\"";
    assert_eq!(
        codes(matched),
        [("facts::a".to_string(), 1), ("facts::b".to_string(), 2)]
    );
}

/// Each `code(path::name)` in `text`, and each code written as a string
/// (`"facts::truncated"`, where a kind's codes are a `match`), with its line.
fn codes(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('"') {
        let rest = &text[at + 1..];
        let Some(end) = rest.find('"') else { continue };
        let code = &rest[..end];
        let known_prefix = ["facts::", "rules::", "lint::", "input::", "output::"]
            .iter()
            .any(|p| code.starts_with(p));
        let is_path = known_prefix
            && code.split("::").count() == 2
            && code.split("::").all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            });
        if is_path && !text[..at].ends_with("code(") {
            let line = text[..at].matches('\n').count() + 1;
            found.push((code.to_string(), line));
        }
    }
    for (at, _) in text.match_indices("code(") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[at + "code(".len()..];
        let Some(end) = rest.find(')') else { continue };
        let code = &rest[..end];
        let is_path = code.contains("::")
            && code.split("::").all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            });
        if is_path {
            let line = text[..at].matches('\n').count() + 1;
            found.push((code.to_string(), line));
        }
    }
    found
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}
