//! Every feature on every prefix of a rule file, and on files with a
//! character dropped or doubled: a file being typed is each of these in
//! turn, and none may make the server fail.

use lsp_types::{
    CompletionParams, DocumentFormattingParams, DocumentSymbolParams, FormattingOptions,
    GotoDefinitionParams, HoverParams, PartialResultParams, Position, ReferenceContext,
    ReferenceParams, TextDocumentIdentifier, TextDocumentPositionParams, Url,
    WorkDoneProgressParams,
};

use super::workspace::Workspace;
use super::{completion, formatting, hover, navigation, symbols};

/// Opens `text` as an unsaved document and asks every feature about it at
/// a few places, the end included.
fn every_feature(workspace: &mut Workspace, uri: &Url, text: &str, version: i32) {
    workspace.change(uri.clone(), text.to_string(), version);
    workspace.analyse();
    let lines = text.lines().count() as u32;
    let document = TextDocumentIdentifier::new(uri.clone());
    for position in [
        Position::new(0, 0),
        Position::new(lines / 2, 13),
        Position::new(lines.saturating_sub(1), 40),
        Position::new(lines, 0),
        Position::new(lines + 5, 99),
    ] {
        let at = TextDocumentPositionParams::new(document.clone(), position);
        let work = WorkDoneProgressParams::default();
        let partial = PartialResultParams::default();
        hover::hover(
            workspace,
            HoverParams {
                text_document_position_params: at.clone(),
                work_done_progress_params: work.clone(),
            },
        );
        navigation::definition(
            workspace,
            GotoDefinitionParams {
                text_document_position_params: at.clone(),
                work_done_progress_params: work.clone(),
                partial_result_params: partial.clone(),
            },
        );
        navigation::references(
            workspace,
            ReferenceParams {
                text_document_position: at.clone(),
                work_done_progress_params: work.clone(),
                partial_result_params: partial.clone(),
                context: ReferenceContext {
                    include_declaration: true,
                },
            },
        );
        completion::complete(
            workspace,
            CompletionParams {
                text_document_position: at,
                work_done_progress_params: work.clone(),
                partial_result_params: partial,
                context: None,
            },
        );
    }
    symbols::document_symbols(
        workspace,
        DocumentSymbolParams {
            text_document: document.clone(),
            work_done_progress_params: WorkDoneProgressParams::default(),
            partial_result_params: PartialResultParams::default(),
        },
    );
    let _ = formatting::format(
        workspace,
        DocumentFormattingParams {
            text_document: document,
            options: FormattingOptions::default(),
            work_done_progress_params: WorkDoneProgressParams::default(),
        },
    );
}

fn boundaries(text: &str, step: usize) -> impl Iterator<Item = usize> + '_ {
    (0..=text.len())
        .step_by(step)
        .filter(|&i| text.is_char_boundary(i))
}

#[test]
fn every_prefix_and_every_slip_of_a_rule_file_is_answered() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut workspace = Workspace::new(None, None);
    let uri = Url::parse("untitled:typing").expect("a URI");
    let mut version = 0;
    for file in [
        "rules/cloud-platform.rules",
        "rules/devops.rules",
        "rules/overrides.rules",
        "rules/program.rules",
    ] {
        let text = std::fs::read_to_string(root.join(file)).expect("a shipped rule file");
        for cut in boundaries(&text, 7) {
            version += 1;
            every_feature(&mut workspace, &uri, &text[..cut], version);
        }
        for at in boundaries(&text, 19).filter(|&i| i < text.len()) {
            let width = text[at..].chars().next().map_or(1, char::len_utf8);
            let dropped = format!("{}{}", &text[..at], &text[at + width..]);
            let doubled = format!("{}{}", &text[..at + width], &text[at..]);
            for slipped in [dropped, doubled] {
                version += 1;
                every_feature(&mut workspace, &uri, &slipped, version);
            }
        }
    }
}
