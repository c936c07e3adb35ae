//! The workspace as the server holds it: the rule set of the workspace
//! folder (every `.rules` file under its `rules/` folder, or under the
//! folder itself when it has none; or what `--rules` names), the documents
//! the editor has open (their text wins over the disk's), and the analyses
//! made from them. A `.rules` document open outside the rule set is
//! analysed on its own, as `rules check FILE` would check it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use lsp_types::{Diagnostic, PublishDiagnosticsParams, Url};

use super::analysis::{Analysis, Input, path_of};
use crate::files;
use crate::syntax::tree::RuleFile;

/// A document the editor has open.
struct Document {
    text: String,
    version: i32,
}

pub struct Workspace {
    /// The workspace folder: file names are given from it.
    folder: Option<PathBuf>,
    /// The rule set: a folder of `.rules` files, or one file.
    rules: Option<PathBuf>,
    documents: BTreeMap<Url, Document>,
    /// The rule set, analysed.
    set: Analysis,
    /// Open documents outside the rule set, each analysed on its own.
    loose: BTreeMap<Url, Analysis>,
    /// Each file's latest tree that parsed, for the names it declares and
    /// uses while it is being edited and does not parse.
    last_good: HashMap<Url, RuleFile>,
    /// The diagnostics the editor was last sent, by file.
    published: HashMap<Url, Vec<Diagnostic>>,
    /// The messages without a place the editor was last told.
    told: Vec<String>,
}

/// A file's read error, naming the file as diagnostics name it (as
/// `rules check` run in the workspace folder would).
fn named(error: files::FileError, name: &str) -> files::FileError {
    use files::FileError;
    let name = name.to_string();
    match error {
        FileError::NotUtf8 { src, span, .. } => FileError::NotUtf8 {
            src: crate::source::SourceFile::new(name.clone(), src.text()),
            name,
            span,
        },
        FileError::Unreadable { reason, .. } => FileError::Unreadable { path: name, reason },
        FileError::NotFound { help, .. } => FileError::NotFound { path: name, help },
        FileError::Device { .. } => FileError::Device { path: name },
        FileError::Pipe { why, .. } => FileError::Pipe { path: name, why },
        other => other,
    }
}

/// What the editor is to be told after an analysis.
#[derive(Default)]
pub struct Changes {
    pub diagnostics: Vec<PublishDiagnosticsParams>,
    /// Problems with no place in a file (a folder without rule files), when
    /// they differ from the last ones told.
    pub messages: Vec<String>,
}

impl Workspace {
    /// The workspace of `folder`; `rules` names the rule set (relative to
    /// the folder), else it is the folder's `rules/`, else the folder.
    pub fn new(folder: Option<PathBuf>, rules: Option<PathBuf>) -> Workspace {
        let base = folder
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let rules = match (rules, &folder) {
            (Some(rules), _) => Some(base.join(rules)),
            (None, Some(folder)) if folder.join("rules").is_dir() => Some(folder.join("rules")),
            (None, Some(folder)) => Some(folder.clone()),
            (None, None) => None,
        };
        Workspace {
            folder,
            rules,
            documents: BTreeMap::new(),
            set: Analysis::new(Vec::new(), None),
            loose: BTreeMap::new(),
            last_good: HashMap::new(),
            published: HashMap::new(),
            told: Vec::new(),
        }
    }

    pub fn rules(&self) -> Option<&Path> {
        self.rules.as_deref()
    }

    pub fn open(&mut self, uri: Url, text: String, version: i32) {
        self.documents.insert(uri, Document { text, version });
    }

    /// Replaces an open document's text; a document not open is opened.
    pub fn change(&mut self, uri: Url, text: String, version: i32) {
        self.open(uri, text, version);
    }

    /// The editor closed a document: the disk's text counts again.
    pub fn close(&mut self, uri: &Url) {
        self.documents.remove(uri);
    }

    /// The analysis that holds `uri`, and the file's index in it.
    pub fn lookup(&self, uri: &Url) -> Option<(&Analysis, usize)> {
        if let Some(i) = self.set.file(uri) {
            return Some((&self.set, i));
        }
        let loose = self.loose.get(uri)?;
        Some((loose, loose.file(uri)?))
    }

    /// The trees whose names completion offers for `analysis`: each file's
    /// tree, or its latest one that parsed while it does not.
    pub fn name_sources<'a>(&'a self, analysis: &'a Analysis) -> Vec<&'a RuleFile> {
        analysis
            .files
            .iter()
            .filter_map(|f| f.tree.as_ref().or_else(|| self.last_good.get(&f.uri)))
            .collect()
    }

    /// Whether the file at `path` belongs to the rule set.
    fn in_rule_set(&self, path: &Path) -> bool {
        let Some(rules) = &self.rules else {
            return false;
        };
        if rules.is_dir() {
            path.starts_with(rules) && path.extension().is_some_and(|e| e == "rules")
        } else {
            path == rules
        }
    }

    /// The name diagnostics give a file: its path from the workspace folder.
    fn name(&self, path: &Path) -> String {
        let shown = self
            .folder
            .as_deref()
            .and_then(|folder| path.strip_prefix(folder).ok())
            .unwrap_or(path);
        files::display(shown)
    }

    /// An input for the file at `path` (or a document without a path).
    fn input(&self, uri: Url, path: Option<&Path>) -> Input {
        let name = path.map_or_else(|| uri.to_string(), |p| self.name(p));
        match self.documents.get(&uri) {
            Some(document) => Input {
                uri,
                name,
                read: Ok(document.text.clone()),
                read_as: None,
                version: Some(document.version),
            },
            None => {
                let path = path.expect("a file not open has a path");
                let read = files::read_text(path)
                    .map(|s| s.text().to_string())
                    .map_err(|e| named(e, &name));
                Input {
                    uri,
                    read,
                    read_as: Some(name.clone()),
                    name,
                    version: None,
                }
            }
        }
    }

    /// Analyses the rule set and every open document outside it again, and
    /// says what the editor is to be told.
    pub fn analyse(&mut self) -> Changes {
        self.set = self.analyse_rule_set();
        let loose: Vec<Url> = self
            .documents
            .keys()
            .filter(|uri| self.set.file(uri).is_none())
            .filter(|uri| path_of(uri).is_none_or(|p| !self.in_rule_set(&p)))
            .cloned()
            .collect();
        self.loose = loose
            .into_iter()
            .map(|uri| {
                let path = path_of(&uri);
                let input = self.input(uri.clone(), path.as_deref());
                (uri, Analysis::new(vec![input], None))
            })
            .collect();
        for analysis in std::iter::once(&self.set).chain(self.loose.values()) {
            for file in &analysis.files {
                if let Some(tree) = &file.tree {
                    self.last_good.insert(file.uri.clone(), tree.clone());
                }
            }
        }
        self.changes()
    }

    fn analyse_rule_set(&self) -> Analysis {
        let Some(rules) = &self.rules else {
            return Analysis::new(Vec::new(), None);
        };
        let (mut paths, mut walk) = match files::collect(rules, &["rules"], "rule files") {
            Ok(paths) => (paths, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        // Documents of the rule set not yet on disk.
        for uri in self.documents.keys() {
            if let Some(path) = path_of(uri) {
                if self.in_rule_set(&path) && !paths.contains(&path) {
                    paths.push(path);
                    walk = walk.filter(|e| !matches!(e, files::FileError::NoFiles { .. }));
                }
            }
        }
        paths.sort();
        let inputs = paths
            .iter()
            .filter_map(|path| {
                let uri = Url::from_file_path(path).ok()?;
                Some(self.input(uri, Some(path)))
            })
            .collect();
        Analysis::new(inputs, walk)
    }

    /// The diagnostics that changed since they were last published (a file
    /// that left every analysis gets an empty list), and new messages.
    fn changes(&mut self) -> Changes {
        let mut now: BTreeMap<&Url, (&Vec<Diagnostic>, Option<i32>)> = BTreeMap::new();
        let mut messages = Vec::new();
        for analysis in std::iter::once(&self.set).chain(self.loose.values()) {
            for file in &analysis.files {
                let diagnostics = &analysis.diagnostics[&file.uri];
                now.insert(&file.uri, (diagnostics, file.version));
            }
            messages.extend(analysis.unplaced.iter().cloned());
        }
        let mut changes = Changes::default();
        for (uri, (diagnostics, version)) in &now {
            if self.published.get(*uri) != Some(*diagnostics) {
                changes.diagnostics.push(PublishDiagnosticsParams {
                    uri: (*uri).clone(),
                    diagnostics: (*diagnostics).clone(),
                    version: *version,
                });
            }
        }
        let mut gone: Vec<&Url> = self
            .published
            .keys()
            .filter(|uri| !now.contains_key(uri))
            .collect();
        gone.sort();
        for uri in gone {
            changes.diagnostics.push(PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: Vec::new(),
                version: None,
            });
        }
        self.published = now
            .into_iter()
            .map(|(uri, (diagnostics, _))| (uri.clone(), diagnostics.clone()))
            .collect();
        if messages != self.told {
            self.told = messages.clone();
            changes.messages = messages;
        }
        changes
    }
}
