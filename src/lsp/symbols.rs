//! Document symbols, the editor's outline of a file: `settings` and its
//! settings, each competency with its levels and their paths, and each
//! override.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use super::analysis::SourceEntry;
use super::workspace::Workspace;
use crate::source::Loc;
use crate::syntax::print;
use crate::syntax::tree::{Item, LevelItem};

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
                let title = Some(c.title.node.clone());
                let kind = SymbolKind::CLASS;
                out.push(symbol(
                    c.id.node.clone(),
                    title,
                    kind,
                    &c.loc,
                    &c.id.loc,
                    levels,
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
