//! Document symbols, the editor's outline of a file: `settings` and its
//! settings, each competency with its levels and their paths and its score
//! (tracks, categories, metrics), and each override.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use super::analysis::SourceEntry;
use super::workspace::Workspace;
use crate::source::{Loc, Node};
use crate::syntax::print;
use crate::syntax::tree::{
    CategoryDef, Item, LevelItem, ScoreDef, ScoreItem, ScoreMetricDef, TrackItem,
};

pub fn document_symbols(
    workspace: &Workspace,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let (analysis, file) = workspace.lookup(&params.text_document.uri)?;
    let entry = &analysis.files[file];
    let tree = entry.tree.as_ref()?;
    let symbol = |name: String, detail: Option<String>, kind, whole: &Loc, id: &Loc, children| {
        symbol(entry, name, detail, kind, whole, id, children)
    };
    let mut out = Vec::new();
    for item in &tree.items {
        match item {
            Item::Settings(block) => {
                let children = block
                    .entries
                    .iter()
                    .map(|s| {
                        let value = print::setting(s)[s.name.node.len()..].trim().to_string();
                        let kind = SymbolKind::PROPERTY;
                        symbol(
                            s.name.node.clone(),
                            Some(value),
                            kind,
                            &s.loc,
                            &s.name.loc,
                            vec![],
                        )
                    })
                    .collect();
                let keyword = block.loc.first("settings".len());
                let kind = SymbolKind::NAMESPACE;
                out.push(symbol(
                    "settings".into(),
                    None,
                    kind,
                    &block.loc,
                    &keyword,
                    children,
                ));
            }
            Item::Competency(c) => {
                let levels = c
                    .levels
                    .iter()
                    .map(|level| {
                        let paths = level
                            .items
                            .iter()
                            .filter_map(|i| match i {
                                LevelItem::Path(p) => Some(p),
                                LevelItem::Benefits(_) => None,
                            })
                            .map(|p| {
                                let title = p.title.as_ref().map(|t| t.node.clone());
                                let kind = SymbolKind::FUNCTION;
                                symbol(p.id.node.clone(), title, kind, &p.loc, &p.id.loc, vec![])
                            })
                            .collect();
                        let name = level.level.node.keyword().to_string();
                        let kind = SymbolKind::STRUCT;
                        symbol(name, None, kind, &level.loc, &level.level.loc, paths)
                    })
                    .collect();
                let mut children: Vec<DocumentSymbol> = levels;
                for score in &c.scores {
                    children.push(score_symbol(entry, score));
                }
                let title = Some(c.title.node.clone());
                let kind = SymbolKind::CLASS;
                out.push(symbol(
                    c.id.node.clone(),
                    title,
                    kind,
                    &c.loc,
                    &c.id.loc,
                    children,
                ));
            }
            Item::WorkloadSet(set) => {
                let members: Vec<&str> =
                    set.workloads.node.iter().map(|w| w.node.as_str()).collect();
                let detail = Some(format!("[{}]", members.join(", ")));
                out.push(symbol(
                    format!("workloads {}", set.name.node),
                    detail,
                    SymbolKind::ENUM,
                    &set.loc,
                    &set.name.loc,
                    vec![],
                ));
            }
            Item::Retired(r) => {
                let through = r.accepted_through.as_ref().map_or(r.on.node, |d| d.node);
                let detail = Some(format!("retired {}, accepted through {through}", r.on.node));
                out.push(symbol(
                    format!("retired {}", print::string(&r.code.node)),
                    detail,
                    SymbolKind::CONSTANT,
                    &r.loc,
                    &r.code.loc,
                    vec![],
                ));
            }
            Item::Override(o) => {
                let name = format!(
                    "override {} {} {}",
                    print::string(&o.org.node),
                    o.competency.node,
                    o.level.node
                );
                let detail = Some(format!("until {}", o.until.node));
                let kind = SymbolKind::EVENT;
                out.push(symbol(
                    name,
                    detail,
                    kind,
                    &o.loc,
                    &o.competency.loc,
                    vec![],
                ));
            }
        }
    }
    Some(DocumentSymbolResponse::Nested(out))
}

/// A score with its tracks, categories and metrics, each named by its id
/// with its title as the detail.
fn score_symbol(entry: &SourceEntry, score: &Node<ScoreDef>) -> DocumentSymbol {
    let named = |id: &Node<String>, title: &Option<Node<String>>, kind, whole: &Loc, children| {
        let title = title.as_ref().map(|t| t.node.clone());
        symbol(
            entry,
            id.node.clone(),
            title,
            kind,
            whole,
            &id.loc,
            children,
        )
    };
    let metric = |m: &Node<ScoreMetricDef>| {
        named(&m.node.id, &m.node.title, SymbolKind::FIELD, &m.loc, vec![])
    };
    let category = |c: &Node<CategoryDef>| {
        let metrics = c.node.metrics.iter().map(metric).collect();
        named(
            &c.node.id,
            &c.node.title,
            SymbolKind::MODULE,
            &c.loc,
            metrics,
        )
    };
    let mut children = Vec::new();
    for item in &score.node.items {
        match item {
            ScoreItem::Track(t) => {
                let items = t
                    .node
                    .items
                    .iter()
                    .map(|i| match i {
                        TrackItem::Category(c) => category(c),
                        TrackItem::Metric(m) => metric(m),
                    })
                    .collect();
                let kind = SymbolKind::NAMESPACE;
                children.push(named(&t.node.id, &t.node.title, kind, &t.loc, items));
            }
            ScoreItem::Category(c) => children.push(category(c)),
            ScoreItem::Metric(m) => children.push(metric(m)),
            _ => {}
        }
    }
    let s = &score.node;
    let kind = SymbolKind::OBJECT;
    let name = format!("score {}", s.id.node);
    let title = s.title.as_ref().map(|t| t.node.clone());
    symbol(entry, name, title, kind, &score.loc, &s.id.loc, children)
}

fn symbol(
    entry: &SourceEntry,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    whole: &Loc,
    id: &Loc,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    #[expect(deprecated, reason = "the protocol's type still has the field")]
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: entry.lines.range(entry.text(), whole.range()),
        selection_range: entry.lines.range(entry.text(), id.range()),
        children: (!children.is_empty()).then_some(children),
    }
}
