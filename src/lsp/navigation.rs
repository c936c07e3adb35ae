//! Go to definition and find references: both look up the symbol of the
//! element under the cursor (`index.rs`) and list the places of the rule
//! set with the same symbol: its declarations, or every place. An
//! override's competency and level lead to the competency and its level;
//! a competency id anywhere to its declaration; an association in a `via`
//! list to `settings { associations [...] }`.

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, ReferenceParams};

use super::analysis::Analysis;
use super::index::{self, Symbol};
use super::workspace::Workspace;

pub fn definition(
    workspace: &Workspace,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let at = params.text_document_position_params;
    let (analysis, symbol) = symbol_at(workspace, &at.text_document.uri, at.position)?;
    let found = places(analysis, &symbol, |declares| declares);
    (!found.is_empty()).then_some(GotoDefinitionResponse::Array(found))
}

pub fn references(workspace: &Workspace, params: ReferenceParams) -> Option<Vec<Location>> {
    let at = params.text_document_position;
    let (analysis, symbol) = symbol_at(workspace, &at.text_document.uri, at.position)?;
    let with_declarations = params.context.include_declaration;
    Some(places(analysis, &symbol, |declares| {
        with_declarations || !declares
    }))
}

/// The symbol at a position of a file, and the analysis it belongs to.
fn symbol_at<'w>(
    workspace: &'w Workspace,
    uri: &lsp_types::Url,
    position: lsp_types::Position,
) -> Option<(&'w Analysis, Symbol)> {
    let (analysis, file) = workspace.lookup(uri)?;
    let entry = &analysis.files[file];
    let offset = entry.lines.offset(entry.text(), position);
    let symbol = index::at(&entry.elements, offset)?.subject.symbol()?;
    Some((analysis, symbol))
}

/// Every place of `symbol` in the rule set whose being a declaration
/// `keep` accepts, in file order, then text order.
fn places(analysis: &Analysis, symbol: &Symbol, keep: impl Fn(bool) -> bool) -> Vec<Location> {
    let mut found = Vec::new();
    for file in &analysis.files {
        for element in &file.elements {
            if keep(element.declares) && element.subject.symbol().as_ref() == Some(symbol) {
                let range = file.lines.range(file.text(), element.range.clone());
                found.push(Location::new(file.uri.clone(), range));
            }
        }
    }
    found
}
