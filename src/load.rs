//! Rule files → checked rule set: read every `*.rules` file of a folder (or
//! one file), parse each, then check them together.

use std::path::Path;
use std::sync::Arc;

use crate::check;
use crate::diagnostics::Diagnostics;
use crate::files::{self, FileError};
use crate::ruleset::RuleSet;
use crate::source::SourceFile;
use crate::syntax::{self, tree::RuleFile};

/// Loads the rule set at `path`: a folder (every `.rules` file under it, in
/// path order) or a single file.
pub fn load_rule_set(path: &Path) -> Result<RuleSet, Diagnostics> {
    let sources = read_rule_files(path)?;
    let (trees, diagnostics) = parse_all(&sources);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    check::check(&trees, sources).map_err(|errors| {
        if path.is_file() {
            Diagnostics::from(defined_beside(path, errors))
        } else {
            Diagnostics::from(errors)
        }
    })
}

/// A file checked on its own may name competencies that the other files of
/// its folder define: say so, and how to check them together.
fn defined_beside(file: &Path, mut errors: Vec<check::CheckError>) -> Vec<check::CheckError> {
    let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty()) else {
        return errors;
    };
    let unknown =
        |e: &check::CheckError| matches!(&e.kind, check::CheckErrorKind::UnknownCompetency { .. });
    if !errors.iter().any(unknown) {
        return errors;
    }
    // The other rule files of the same folder, parsed as far as they parse.
    let Ok(sources) = read_rule_files(folder) else {
        return errors;
    };
    let sources: Vec<_> = sources
        .into_iter()
        .filter(|s| Path::new(s.name()).parent() == Some(folder))
        .collect();
    let mut defined: Vec<(String, String)> = Vec::new();
    for source in sources.iter().filter(|s| Path::new(s.name()) != file) {
        if let Ok(tree) = syntax::parse_rule_file(source) {
            for item in &tree.items {
                if let crate::syntax::tree::Item::Competency(c) = item {
                    defined.push((c.id.node.clone(), source.name().to_string()));
                }
            }
        }
    }
    for error in errors.iter_mut() {
        if let check::CheckErrorKind::UnknownCompetency { id, meant } = &mut error.kind {
            let whole = files::display(folder);
            if let Some((_, elsewhere)) = defined.iter().find(|(d, _)| d == id) {
                *meant = Some(check::Suggestion::Otherwise(format!(
                    "`{id}` is defined in `{elsewhere}`, but `{}` was checked on its own: check the \
                     whole rule set with `rules check {whole}`",
                    files::display(file),
                )));
            } else if let (Some(check::Suggestion::Otherwise(_)), Some(close)) = (
                &meant,
                crate::suggest::did_you_mean(id, defined.iter().map(|(d, _)| d.as_str())),
            ) {
                let elsewhere = &defined.iter().find(|(d, _)| d == close).expect("found").1;
                *meant = Some(check::Suggestion::Otherwise(format!(
                    "did you mean `{close}`, defined in `{elsewhere}`? check the whole rule set \
                     with `rules check {whole}`"
                )));
            }
        }
    }
    errors
}

/// Reads the rule files at `path` without parsing them.
pub fn read_rule_files(path: &Path) -> Result<Vec<Arc<SourceFile>>, Diagnostics> {
    let fact_file = path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| crate::facts::read::EXTENSIONS.contains(&e));
    if fact_file {
        let mut d = Diagnostics::new();
        d.push(FileError::FactFileAsRules {
            path: files::display(path),
        });
        return Err(d);
    }
    let paths = files::collect(path, &["rules"], "rule files").map_err(|e| {
        let mut d = Diagnostics::new();
        d.push(with_rules_help(e));
        d
    })?;
    let mut diagnostics = Diagnostics::new();
    let mut sources = Vec::new();
    for p in paths {
        match files::read_text(&p) {
            Ok(source) => sources.push(source),
            Err(e) => diagnostics.push(e),
        }
    }
    if diagnostics.is_empty() {
        Ok(sources)
    } else {
        Err(diagnostics)
    }
}

/// Reads the rule files at `path` as they were at git `revision`: the
/// rules folder (or file) of the working tree, at another commit.
pub fn read_rule_files_at_revision(
    revision: &str,
    path: &Path,
) -> Result<Vec<Arc<SourceFile>>, Diagnostics> {
    let fail = |reason: String| {
        let mut d = Diagnostics::new();
        d.push(FileError::Git {
            revision: revision.to_string(),
            path: files::display(path),
            reason,
        });
        d
    };
    let absolute = std::fs::canonicalize(path).map_err(|e| fail(e.to_string()))?;
    let folder = if absolute.is_dir() {
        absolute.clone()
    } else {
        absolute.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let top = git(&folder, &["rev-parse", "--show-toplevel"]).map_err(fail)?;
    let top = Path::new(top.trim());
    let relative = absolute
        .strip_prefix(std::fs::canonicalize(top).unwrap_or(top.to_path_buf()))
        .map_err(|_| fail("it is not inside the repository".to_string()))?
        .to_string_lossy()
        .replace('\\', "/");
    let listing = git(
        top,
        &["ls-tree", "-r", "--name-only", revision, "--", &relative],
    )
    .map_err(fail)?;
    let mut names: Vec<&str> = listing.lines().filter(|n| n.ends_with(".rules")).collect();
    names.sort_unstable();
    if names.is_empty() {
        return Err(fail(
            "there are no `.rules` files there at that revision".to_string(),
        ));
    }
    names
        .into_iter()
        .map(|name| {
            let text = git(top, &["show", &format!("{revision}:{name}")]).map_err(fail)?;
            Ok(SourceFile::new(format!("{revision}:{name}"), text))
        })
        .collect()
}

/// Runs git and returns what it printed, or what went wrong, in its words.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("git could not be run ({e})"))?;
    if output.status.success() {
        String::from_utf8(output.stdout)
            .map_err(|_| "git printed text that is not UTF-8".to_string())
    } else {
        let message = String::from_utf8_lossy(&output.stderr);
        let first = message.lines().next().unwrap_or("git failed").trim();
        Err(first.trim_start_matches("fatal: ").to_string())
    }
}

/// Parses and checks rule files already in memory (from disk, or from git).
pub fn check_sources(sources: Vec<Arc<SourceFile>>) -> Result<RuleSet, Diagnostics> {
    let (trees, diagnostics) = parse_all(&sources);
    // A file that does not parse would make checking the rest misleading
    // (an override naming a competency in it would look unknown).
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    check_parsed(&trees, sources)
}

/// Checks rule files already parsed: `trees[i]` is the tree of `sources[i]`.
pub fn check_parsed(
    trees: &[RuleFile],
    sources: Vec<Arc<SourceFile>>,
) -> Result<RuleSet, Diagnostics> {
    check::check(trees, sources).map_err(Diagnostics::from)
}

/// Parses every file, collecting the syntax errors of all of them.
pub fn parse_all(sources: &[Arc<SourceFile>]) -> (Vec<RuleFile>, Diagnostics) {
    use rayon::prelude::*;
    let mut trees = Vec::new();
    let mut diagnostics = Diagnostics::new();
    // Files parse on their own: side by side when there are several.
    let parsed: Vec<_> = if sources.len() > 1 {
        sources.par_iter().map(syntax::parse_rule_file).collect()
    } else {
        sources.iter().map(syntax::parse_rule_file).collect()
    };
    for parsed in parsed {
        match parsed {
            Ok(tree) => trees.push(tree),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    (trees, diagnostics)
}

fn with_rules_help(error: FileError) -> FileError {
    match error {
        FileError::NotFound { path, .. } => FileError::NotFound {
            help: Some(
                "name the rule set, a folder of `.rules` files or one file \
                 (`rules check PATH`, `rules eval --rules PATH`), or run from a folder that holds `rules/`"
                    .to_string(),
            ),
            path,
        },
        other => other,
    }
}
