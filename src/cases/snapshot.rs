//! Approved snapshots on disk: where each organization's lives, what it
//! holds, and the file around it.
//!
//! One file per organization, `SNAPSHOTS/RULES/CASES/ORG.snap`: RULES and
//! CASES are the rule set's and the case folder's paths as given (each made
//! one folder name: `/` becomes `+`), ORG the organization's id, so that
//! organizations of different case folders and rule sets never share a file.
//! Characters that are not letters, digits, `-`, `_` or `.` are written
//! `%XX` (`%2B` for a `+`), so names stay portable and never collide.
//!
//! The file is in insta's format — a `---` header naming where it came from,
//! then the snapshot — so that `cargo test` (tests/samples.rs) checks the
//! same files and `cargo insta review` can review them. Its content: the
//! verdict (what `rules test` compares for *outcome* changes), the text
//! explanation, and the JSON explanation (what the old numbers are read
//! back from).

use std::path::{Component, Path, PathBuf};

use crate::explain;
use crate::outcome::OrgOutcome;
use crate::verdict::Verdict;

/// Where the JSON explanation begins in a snapshot.
pub const JSON_MARK: &str = "\n--- JSON\n";
/// Where the text explanation begins in a snapshot.
const TEXT_MARK: &str = "\n--- explanation\n";

/// The folder of a case folder's snapshots under a rule set.
pub fn folder(snapshots: &Path, rules: &Path, case: &Path) -> PathBuf {
    snapshots.join(key(rules)).join(key(case))
}

/// The file of one organization's snapshot in `folder`.
pub fn file(folder: &Path, org: &str) -> PathBuf {
    folder.join(format!("{}.snap", escape(org)))
}

/// The organization a snapshot file is named after.
pub fn org_of(file: &Path) -> Option<String> {
    let stem = file.file_name()?.to_str()?.strip_suffix(".snap")?;
    unescape(stem)
}

/// A path as one folder name: its parts joined by `+` (a path inside the
/// working folder is taken relative to it).
fn key(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::CurDir => None,
            Component::ParentDir => Some("..".to_string()),
            Component::RootDir => Some(String::new()),
            Component::Prefix(p) => Some(escape(&p.as_os_str().to_string_lossy())),
            Component::Normal(part) => Some(escape(&part.to_string_lossy())),
        })
        .collect();
    let joined = parts.join("+");
    // `.`, `..` and hidden names are not folder names to make.
    match joined.strip_prefix('.') {
        Some(rest) => format!("%2E{rest}"),
        None if joined.is_empty() => "%2E".to_string(),
        None => joined,
    }
}

/// Letters, digits, `-`, `_` and `.` as they are; every other byte `%XX`;
/// a leading `.` too, so no name is hidden, `.` or `..`.
pub fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, byte) in name.bytes().enumerate() {
        let plain =
            byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' || (byte == b'.' && i > 0);
        if plain {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn unescape(name: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(name.len());
    let mut rest = name.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// What an organization's snapshot holds.
pub fn content(outcome: &OrgOutcome) -> String {
    let json: serde_json::Value = serde_json::from_str(&explain::json::to_json(outcome))
        .expect("the JSON explanation parses");
    format!(
        "{}{TEXT_MARK}{}{JSON_MARK}{}\n",
        Verdict::from(outcome).to_text(),
        explain::text::to_text(outcome, false),
        serde_json::to_string_pretty(&json).expect("JSON prints")
    )
}

/// A snapshot file read: its header's `source`, and its content.
pub struct Stored {
    pub source: Option<String>,
    pub content: String,
}

/// Splits a snapshot file into header and content (a file without a header
/// is all content).
pub fn parse(file: &str) -> Stored {
    let file = file.strip_prefix('\u{feff}').unwrap_or(file);
    let mut lines = file.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Stored {
            source: None,
            content: file.to_string(),
        };
    }
    let mut source = None;
    let mut offset = file.find('\n').map_or(file.len(), |i| i + 1);
    for line in lines {
        offset += line.len();
        let line = line.trim_end();
        if line == "---" {
            return Stored {
                source,
                content: file[offset..].to_string(),
            };
        }
        if let Some(value) = line.strip_prefix("source:") {
            source = Some(unquote(value.trim()));
        }
    }
    // A header never closed: nothing after it.
    Stored {
        source,
        content: String::new(),
    }
}

/// Whether two snapshot contents are the same as insta compares them: line
/// endings and trailing white space aside.
pub fn same(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n").trim_end().to_string()
}

/// The file as insta writes it: the header (`source`, `input_file`), `---`,
/// the content without trailing white space, a newline.
pub fn render(source: &str, input_file: &Path, content: &str) -> String {
    format!(
        "---\nsource: {}\ninput_file: {}\n---\n{}\n",
        yaml_string(source),
        yaml_string(&input_file.to_string_lossy().replace('\\', "/")),
        normalize(content)
    )
}

/// Plain when YAML reads it back as the same string, else double-quoted.
fn yaml_string(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./ ".contains(c))
        && !value.starts_with([' ', '-', '.'])
        && !value.ends_with(' ');
    if plain {
        value.to_string()
    } else {
        serde_json::to_string(value).expect("a string serializes")
    }
}

fn unquote(value: &str) -> String {
    serde_json::from_str::<String>(value).unwrap_or_else(|_| value.to_string())
}

/// The JSON explanation a snapshot holds, if it holds one that parses.
pub fn json(content: &str) -> Option<serde_json::Value> {
    let content = content.replace("\r\n", "\n");
    let at = content.rfind(JSON_MARK)?;
    serde_json::from_str(&content[at + JSON_MARK.len()..]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_collide_and_read_back() {
        assert_eq!(escape("contoso"), "contoso");
        assert_eq!(escape("a/b c"), "a%2Fb%20c");
        assert_eq!(escape(".hidden"), "%2Ehidden");
        assert_eq!(escape("a+b"), "a%2Bb");
        for id in ["contoso", "a/b c", ".x", "tailspin.toys", "ünï", "%41"] {
            let f = file(Path::new("s"), id);
            assert_eq!(org_of(&f).as_deref(), Some(id));
        }
        assert_eq!(key(Path::new("rules/")), "rules");
        assert_eq!(key(Path::new("./examples")), "examples");
        assert_eq!(key(Path::new("tests/cases")), "tests+cases");
        assert_eq!(key(Path::new("..")), "%2E.");
        assert_eq!(key(Path::new(".")), "%2E");
        assert_ne!(
            folder(Path::new("s"), Path::new("a/b"), Path::new("c")),
            folder(Path::new("s"), Path::new("a"), Path::new("b/c"))
        );
    }

    #[test]
    fn files_read_back_as_insta_reads_them() {
        let text = render("rules test", Path::new("examples/a b.ron"), "x\ny\n\n");
        assert_eq!(
            text,
            "---\nsource: rules test\ninput_file: examples/a b.ron\n---\nx\ny\n"
        );
        let stored = parse(&text);
        assert_eq!(stored.source.as_deref(), Some("rules test"));
        assert!(same(&stored.content, "x\ny"));
        assert!(same(&parse(&text.replace('\n', "\r\n")).content, "x\ny\n"));
        assert_eq!(parse("no header\n").content, "no header\n");
        let quoted = render("a: b", Path::new("-x"), "z");
        assert!(quoted.starts_with("---\nsource: \"a: b\"\ninput_file: \"-x\"\n"));
        assert_eq!(parse(&quoted).source.as_deref(), Some("a: b"));
    }
}
