//! `rules lsp` driven as an editor drives it: JSON-RPC over the standard
//! input and output of the built binary (`lsp/client.rs`), with the
//! server's answers kept as snapshots in `snapshots/lsp/`.
//!
//! - A session over the shipped `rules/`: its diagnostics are `rules
//!   check`'s (none), then hover, definition, references, completion,
//!   formatting, document symbols, and a change that breaks a file and one
//!   that mends it.
//! - Diagnostics against `rules check` on a copy of the rules with
//!   mistakes: the same codes at the same places, file by file.
//! - Bad input: a half-typed file, a file that is not UTF-8, files outside
//!   the rule set, unknown methods, malformed parameters: answered, never
//!   a crash, and the session ends with status 0.

mod lsp {
    pub mod client;
}
mod support;

use std::collections::BTreeMap;
use std::path::Path;

use lsp::client::{Client, file_uri};
use serde_json::{Value, json};

/// The editor's position (0-based line, UTF-16 character) of the `n`th
/// (from 0) occurrence of `needle` in `text`, `shift` characters into it.
fn position(text: &str, needle: &str, n: usize, shift: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("`{needle}` occurs fewer than {} times", n + 1))
        .0
        + shift;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// A session and its transcript: each request, what it asked, the answer.
struct Session {
    client: Client,
    transcript: String,
}

impl Session {
    fn ask(&mut self, what: &str, method: &str, params: Value) -> Value {
        let response = self.client.request(method, params);
        let shown = match response.get("result") {
            Some(result) => self.client.show(result),
            None => format!("error {}", self.client.show(&response["error"])),
        };
        self.transcript
            .push_str(&format!("## {what}\n--> {method}\n{shown}\n\n"));
        response
    }

    fn note(&mut self, text: &str) {
        self.transcript.push_str(&format!("## {text}\n\n"));
    }
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(support::root().join("snapshots").join("lsp"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text_document(uri: &str) -> Value {
    json!({"textDocument": {"uri": uri}})
}

fn at(uri: &str, position: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": position})
}

fn open(client: &mut Client, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "rules", "version": 1, "text": text}}),
    );
}

fn change(client: &mut Client, uri: &str, version: i32, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

/// The labels of a completion answer, in order.
fn labels(response: &Value) -> Vec<String> {
    response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("a list of completions: {response}"))
        .iter()
        .map(|item| item["label"].as_str().expect("label").to_string())
        .collect()
}

// ------------------------------------------------------------- diagnostics

/// One diagnostic as both sides can say it: code, file, line, column (1-based),
/// and the first line of the message.
type Said = (String, String, usize, usize, String);

/// What `rules check PATH` (run in `folder`) reports, read from its output.
fn check_says(folder: &Path, path: &str) -> Vec<Said> {
    let run = support::rules(["check", path]).dir(folder).run();
    let lines: Vec<&str> = run.stderr.lines().collect();
    let mut said = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line
            .strip_prefix("  × ")
            .or_else(|| line.strip_prefix("  ⚠ "))
        else {
            continue;
        };
        // The code stands alone on a line above, a blank line between.
        let code = lines[..i]
            .iter()
            .rev()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
            .expect("a code")
            .to_string();
        let place = lines[i + 1..]
            .iter()
            .find_map(|l| l.trim().strip_prefix("╭─["))
            .and_then(|p| p.strip_suffix(']'))
            .expect("a place");
        let mut parts = place.rsplitn(3, ':');
        let column = parts.next().unwrap().parse().unwrap();
        let line = parts.next().unwrap().parse().unwrap();
        let file = parts.next().unwrap().to_string();
        said.push((code, file, line, column, message.trim().to_string()));
    }
    said.sort();
    said
}

/// What the server published, said the same way (files by their path from `folder`).
fn server_says(folder: &Path, published: &BTreeMap<String, Vec<Value>>) -> Vec<Said> {
    let prefix = format!("{}/", file_uri(folder));
    let mut said = Vec::new();
    for (uri, list) in published {
        let file = uri.strip_prefix(&prefix).expect("a file of the workspace");
        for d in list {
            let message = d["message"].as_str().unwrap();
            said.push((
                d["code"].as_str().expect("a code").to_string(),
                file.to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() as usize + 1,
                d["range"]["start"]["character"].as_u64().unwrap() as usize + 1,
                message.lines().next().unwrap().to_string(),
            ));
        }
    }
    said.sort();
    said
}

/// The server's messages are wrapped by `rules check` at 100 columns: the
/// first line of each must begin the other's.
fn assert_same(check: &[Said], server: &[Said]) {
    let key = |s: &Said| (s.0.clone(), s.1.clone(), s.2, s.3);
    assert_eq!(
        check.iter().map(key).collect::<Vec<_>>(),
        server.iter().map(key).collect::<Vec<_>>(),
        "`rules check` and the server report different problems"
    );
    for (c, s) in check.iter().zip(server) {
        assert!(s.4.starts_with(&c.4), "`{}` vs `{}`", c.4, s.4);
    }
}

// ------------------------------------------------------------- the sessions

#[test]
fn a_session_over_the_shipped_rules() {
    let root = support::root();
    let mut client = Client::start(&root, &[]);
    let capabilities = client.initialize(Value::Null);
    let mut s = Session {
        transcript: format!("## initialize\n{}\n\n", client.show(&capabilities)),
        client,
    };
    s.client.sync();
    let published = s.client.diagnostics();
    let files = support::entries("rules");
    assert_eq!(published.len(), files.len(), "one list per rule file");
    assert_same(&check_says(&root, "rules"), &server_says(&root, &published));
    assert!(published.values().all(Vec::is_empty), "{published:?}");
    s.note(&format!(
        "diagnostics: {} files of rules/, none with a problem (as `rules check rules` says)",
        published.len()
    ));

    let cloud = s.client.uri("rules/cloud-platform.rules");
    let cloud_text = read(&root.join("rules/cloud-platform.rules"));
    let overrides = s.client.uri("rules/overrides.rules");
    let overrides_text = read(&root.join("rules/overrides.rules"));
    open(&mut s.client, &cloud, &cloud_text);

    let p = position(&cloud_text, "cloud_platform", 0, 3);
    s.ask(
        "hover: a competency id",
        "textDocument/hover",
        at(&cloud, p),
    );
    let p = position(&cloud_text, "revenue azure", 0, 2);
    s.ask("hover: a requirement", "textDocument/hover", at(&cloud, p));
    let p = position(&cloud_text, "1 person certified", 0, 4);
    s.ask(
        "hover: a skill requirement",
        "textDocument/hover",
        at(&cloud, p),
    );
    let p = position(&cloud_text, "70-533", 0, 2);
    s.ask("hover: a code", "textDocument/hover", at(&cloud, p));
    let p = position(&cloud_text, "tpor", 0, 1);
    s.ask("hover: an association", "textDocument/hover", at(&cloud, p));
    let p = position(&cloud_text, "silver", 0, 1);
    s.ask("hover: a level", "textDocument/hover", at(&cloud, p));
    let p = position(&cloud_text, "azure_consumption", 0, 1);
    s.ask("hover: a path", "textDocument/hover", at(&cloud, p));
    let p = position(&cloud_text, "# Cloud", 0, 3);
    s.ask("hover: a comment", "textDocument/hover", at(&cloud, p));

    let p = position(&overrides_text, "\"tailspin\"", 0, 2);
    s.ask(
        "hover: an override's organization",
        "textDocument/hover",
        at(&overrides, p),
    );
    let p = position(&overrides_text, "2027-03-31", 0, 2);
    s.ask(
        "hover: an override's date",
        "textDocument/hover",
        at(&overrides, p),
    );
    let program = s.client.uri("rules/program.rules");
    let program_text = read(&root.join("rules/program.rules"));
    let p = position(&program_text, "renewal grace 30", 0, 2);
    s.ask("hover: a setting", "textDocument/hover", at(&program, p));
    let p = position(&cloud_text, "azure via", 0, 1);
    s.ask("hover: a workload", "textDocument/hover", at(&cloud, p));

    // A workload set: hover lists its workloads; definition is its declaration.
    let productivity = s.client.uri("rules/cloud-productivity.rules");
    let productivity_text = read(&root.join("rules/cloud-productivity.rules"));
    let p = position(&productivity_text, "usage office_365", 0, 8);
    s.ask(
        "hover: a workload set",
        "textDocument/hover",
        at(&productivity, p.clone()),
    );
    s.ask(
        "definition: a workload set, declared with `workloads`",
        "textDocument/definition",
        at(&productivity, p),
    );
    // A retired code: hover says until when it counts.
    let retired = s.client.uri("rules/retired-exams.rules");
    let retired_text = read(&root.join("rules/retired-exams.rules"));
    let p = position(&retired_text, "\"70-534\"", 0, 2);
    s.ask(
        "hover: a retired code",
        "textDocument/hover",
        at(&retired, p),
    );

    let p = position(&overrides_text, "windows_and_devices silver", 0, 2);
    s.ask(
        "definition: an override's competency",
        "textDocument/definition",
        at(&overrides, p.clone()),
    );
    let p2 = position(&overrides_text, "windows_and_devices silver", 0, 21);
    s.ask(
        "definition: an override's level",
        "textDocument/definition",
        at(&overrides, p2),
    );
    let p = position(&cloud_text, "tpor", 0, 1);
    s.ask(
        "definition: an association, declared in settings",
        "textDocument/definition",
        at(&cloud, p),
    );
    let windows = read(&root.join("rules/windows-and-devices.rules"));
    let windows_uri = s.client.uri("rules/windows-and-devices.rules");
    let p = position(&windows, "windows_and_devices", 0, 1);
    let mut params = at(&windows_uri, p);
    params["context"] = json!({"includeDeclaration": true});
    s.ask(
        "references: a competency, from its declaration",
        "textDocument/references",
        params,
    );
    let p = position(&cloud_text, "70-533", 0, 1);
    let mut params = at(&cloud, p);
    params["context"] = json!({"includeDeclaration": false});
    s.ask("references: a code", "textDocument/references", params);

    // Completion where a new line of a path starts, after a metric, in a
    // `via` list, in a code list; in an override.
    let p = position(&cloud_text, "            revenue azure", 0, 12);
    s.ask(
        "completion: the start of a requirement",
        "textDocument/completion",
        at(&cloud, p),
    );
    let p = position(&cloud_text, "azure via", 0, 0);
    let r = s.client.request("textDocument/completion", at(&cloud, p));
    let workloads = labels(&r);
    assert!(workloads.contains(&"azure".to_string()), "{workloads:?}");
    assert!(
        workloads.contains(&"office_365".to_string()),
        "{workloads:?}"
    );
    s.note(&format!(
        "completion after `revenue`: the workloads used: {}",
        workloads.join(", ")
    ));
    let p = position(&cloud_text, "tpor]", 0, 0);
    s.ask(
        "completion: in a via list, the declared associations",
        "textDocument/completion",
        at(&cloud, p),
    );
    let p = position(&cloud_text, "\"70-533\"", 0, 3);
    let r = s.client.request("textDocument/completion", at(&cloud, p));
    let codes = labels(&r);
    assert!(codes.contains(&"70-533".to_string()) && codes.contains(&"MB2-716".to_string()));
    assert!(
        !codes.iter().any(|c| c.starts_with("Technical Assessment")),
        "assessments: {codes:?}"
    );
    let edit = &r["result"][0]["textEdit"];
    s.note(&format!(
        "completion in a `certified in` list: {} codes, each replacing the whole string: {}",
        codes.len(),
        edit
    ));
    let p = position(&overrides_text, "windows_and_devices silver", 0, 0);
    let r = s
        .client
        .request("textDocument/completion", at(&overrides, p));
    let ids = labels(&r);
    assert_eq!(ids.len(), 18, "the 18 competencies: {ids:?}");
    assert!(ids.contains(&"cloud_platform".to_string()));
    let p = position(&overrides_text, "silver until", 0, 0);
    s.ask(
        "completion: an override's level: those the competency defines",
        "textDocument/completion",
        at(&overrides, p),
    );

    s.ask(
        "formatting: the file is formatted already",
        "textDocument/formatting",
        json!({"textDocument": {"uri": cloud}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    s.ask(
        "document symbols",
        "textDocument/documentSymbol",
        text_document(&cloud),
    );

    // A change that breaks the file, then one that only misplaces it.
    let broken = cloud_text.replace("1 person certified", "1 peple certified");
    change(&mut s.client, &cloud, 2, &broken);
    s.client.sync();
    let published = s.client.diagnostics();
    s.note(&format!(
        "didChange with `peple`: published {}",
        s.client.show(&json!(published))
    ));
    let messy = cloud_text.replace(
        "revenue azure via [dpor, tpor] >= $15,000 (developing $10,000) over 12 months",
        "revenue   azure via [dpor,tpor]>=15000 USD  (developing $10,000) over 12 months",
    );
    change(&mut s.client, &cloud, 3, &messy);
    s.ask(
        "formatting: a messy line, through rules fmt's own code",
        "textDocument/formatting",
        json!({"textDocument": {"uri": cloud}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let published = s.client.diagnostics();
    assert_eq!(
        published.len(),
        1,
        "only the mended file changes: {published:?}"
    );
    assert!(published[&cloud].is_empty());
    s.note("the messy text checks clean: the file's diagnostics are cleared");

    let exit = s.client.shutdown();
    assert_eq!(exit.status, 0, "{}", exit.stderr);
    snapshot("shipped-rules", &s.transcript);
}

#[test]
fn a_session_over_the_points_programs() {
    let root = support::root();
    let mut client = Client::start(&root, &["--rules", "rules-solutions-partner"]);
    let capabilities = client.initialize(Value::Null);
    let mut s = Session {
        transcript: format!("## initialize\n{}\n\n", client.show(&capabilities)),
        client,
    };
    s.client.sync();
    let published = s.client.diagnostics();
    assert!(published.values().all(Vec::is_empty), "{published:?}");

    let security = s.client.uri("rules-solutions-partner/security.rules");
    let text = read(&root.join("rules-solutions-partner/security.rules"));
    open(&mut s.client, &security, &text);
    // What is hovered, where (a text and how far into it), what hover must say.
    let places: [(&str, &str, usize, &[&str]); 8] = [
        (
            "a score's id",
            "score pcs",
            7,
            &[
                "pass 70",
                "every metric above 0",
                "Solutions Partner for Security",
            ],
        ),
        (
            "a category's id",
            "category skilling",
            11,
            &["up to 40 points"],
        ),
        (
            "a metric's id",
            "metric intermediate",
            9,
            // No `max` is written: the maximum is what `check` works out.
            &[
                "up to 40 points",
                "no points at all unless",
                "40 points: 6 people certified in",
            ],
        ),
        (
            "a metric that does not apply",
            "metric advanced",
            9,
            &["n/a"],
        ),
        (
            "a `per` line's metric",
            "metric usage_growth",
            9,
            &["for every whole step"],
        ),
        (
            "a requirement in a points line",
            "6 people certified",
            2,
            &["at least 6 people"],
        ),
        (
            "a code in a points line",
            "SC-300",
            2,
            &["score metric `intermediate`"],
        ),
        (
            "a gate's code",
            "only if 2 people certified in [\"AZ-500",
            32,
            &["used by"],
        ),
    ];
    for (what, needle, shift, says) in places {
        let p = position(&text, needle, 0, shift);
        let answer = s.ask(
            &format!("hover: {what}"),
            "textDocument/hover",
            at(&security, p),
        );
        let said = answer["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default();
        for words in says {
            assert!(
                said.contains(words),
                "hover on {what} says `{words}`: {said}"
            );
        }
    }
    s.ask(
        "document symbols: the score, its categories and metrics",
        "textDocument/documentSymbol",
        text_document(&security),
    );

    // Tracks: the same metric ids in each, told apart by the track.
    let business = s
        .client
        .uri("rules-solutions-partner/business-applications.rules");
    let text = read(&root.join("rules-solutions-partner/business-applications.rules"));
    open(&mut s.client, &business, &text);
    let p = position(&text, "track enterprise \"", 0, 7);
    let answer = s.ask(
        "hover: a track chosen by a condition",
        "textDocument/hover",
        at(&business, p),
    );
    let said = answer["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(said.contains("counts when"), "{said}");

    let exit = s.client.shutdown();
    assert_eq!(exit.status, 0, "{}", exit.stderr);
    snapshot("points-programs", &s.transcript);
}

/// Copies the shipped rule set into a scratch workspace.
fn workspace_with_shipped_rules(name: &str) -> std::path::PathBuf {
    let folder = support::scratch(name);
    for file in support::entries(support::root().join("rules")) {
        let name = file.file_name().expect("a name");
        support::write(&folder.join("rules").join(name), &read(&file));
    }
    folder
}

/// Rewrites `file` of the workspace, replacing `from` (which must occur) with `to`.
fn edit(folder: &Path, file: &str, from: &str, to: &str) {
    let path = folder.join(file);
    let text = read(&path);
    assert!(text.contains(from), "`{from}` is not in {file}");
    support::write(&path, &text.replacen(from, to, 1));
}

#[test]
fn diagnostics_are_those_of_rules_check() {
    let folder = workspace_with_shipped_rules("lsp-diagnostics");
    let mut client = Client::start(&folder, &[]);
    client.initialize(Value::Null);
    client.sync();
    assert!(client.diagnostics().values().all(Vec::is_empty));
    let mut said = String::new();
    let mut compare = |client: &mut Client, stage: &str| {
        client.notify("workspace/didChangeWatchedFiles", json!({"changes": []}));
        client.sync();
        let published = client.diagnostics();
        let check = check_says(&folder, "rules");
        let server = server_says(&folder, &published);
        assert!(!check.is_empty(), "{stage}: `rules check` finds nothing");
        assert_same(&check, &server);
        said.push_str(&format!("## {stage}\n"));
        for (uri, list) in &published {
            for d in list {
                said.push_str(&format!(
                    "{} {}:{}: {}\n",
                    d["code"].as_str().unwrap(),
                    uri.rsplit('/').next().unwrap(),
                    d["range"]["start"]["line"].as_u64().unwrap() + 1,
                    d["message"].as_str().unwrap().replace('\n', "\n    "),
                ));
                for related in d["relatedInformation"].as_array().into_iter().flatten() {
                    said.push_str(&format!(
                        "    related {}:{}: {}\n",
                        related["location"]["uri"]
                            .as_str()
                            .unwrap()
                            .rsplit('/')
                            .next()
                            .unwrap(),
                        related["location"]["range"]["start"]["line"]
                            .as_u64()
                            .unwrap()
                            + 1,
                        related["message"].as_str().unwrap(),
                    ));
                }
            }
        }
        said.push('\n');
    };

    // Errors of the whole rule set, in two files.
    edit(
        &folder,
        "rules/overrides.rules",
        "windows_and_devices silver",
        "windows_and_device silver",
    );
    edit(
        &folder,
        "rules/cloud-platform.rules",
        "via [dpor, tpor]",
        "via [dpor, tpr]",
    );
    edit(
        &folder,
        "rules/devops.rules",
        "competency devops",
        "competency cloud_platform",
    );
    compare(
        &mut client,
        "errors of the rule set (unknown competency, undeclared association, a competency defined twice)",
    );

    // Mended; lint warnings instead, which `--deny warnings` can refuse.
    edit(
        &folder,
        "rules/overrides.rules",
        "windows_and_device silver",
        "windows_and_devices silver",
    );
    edit(
        &folder,
        "rules/cloud-platform.rules",
        "via [dpor, tpr]",
        "via [dpor, tpor]",
    );
    edit(
        &folder,
        "rules/devops.rules",
        "competency cloud_platform",
        "competency devops",
    );
    edit(
        &folder,
        "rules/cloud-platform.rules",
        "\"70-533\",",
        "\"70-533\",\n\"70-533\",",
    );
    edit(
        &folder,
        "rules/cloud-platform.rules",
        "(developing $10,000)",
        "(developing $20,000)",
    );
    compare(
        &mut client,
        "lint warnings (a code listed twice, a developing threshold above the developed one)",
    );

    // Syntax errors in two files hide the rest, as they do for `rules check`.
    edit(
        &folder,
        "rules/cloud-crm.rules",
        "1 person certified",
        "1 peple certified",
    );
    std::fs::write(folder.join("rules/zz-new.rules"), "// a comment\n").unwrap();
    compare(&mut client, "syntax errors, one in a new file");

    let exit = client.shutdown();
    assert_eq!(exit.status, 0, "{}", exit.stderr);
    snapshot("diagnostics", &said);
}

/// A small rule set: one file that checks clean, and one whose comment
/// holds a byte that is not UTF-8.
const GOOD: &str = "settings {\n    associations [dpor, tpor]\n}\n\ncompetency good \"Good\" {\n    silver {\n        path p {\n            revenue azure via [dpor] >= $1,000\n            1 person certified in [\"AZ-104\"]\n        }\n    }\n}\n";

#[test]
fn bad_input_never_crashes_the_server() {
    let folder = support::scratch("lsp-bad-input");
    support::write(&folder.join("rules/good.rules"), GOOD);
    let latin1 = b"# caf\xe9\ncompetency latin \"Latin\" {\n    gold {\n        path p {\n            usage azure >= 5\n        }\n    }\n}\n";
    std::fs::write(folder.join("rules/latin1.rules"), latin1).unwrap();
    support::write(
        &folder.join("other/loose.rules"),
        "override \"x\" nowhere gold until 2030-01-01 because \"r\"\n",
    );

    let client = Client::start(&folder, &[]);
    let mut s = Session {
        transcript: String::new(),
        client,
    };
    let good = s.client.uri("rules/good.rules");
    let latin = s.client.uri("rules/latin1.rules");
    s.ask(
        "a request before `initialize`",
        "textDocument/hover",
        at(&good, json!({"line": 0, "character": 0})),
    );
    s.client.initialize(Value::Null);
    s.client.sync();
    let published = s.client.diagnostics();
    assert_same(
        &check_says(&folder, "rules"),
        &server_says(&folder, &published),
    );
    s.note(&format!(
        "a file that is not UTF-8: as `rules check` says it\n{}",
        s.client.show(&json!(published))
    ));
    s.ask(
        "hover in it",
        "textDocument/hover",
        at(&latin, json!({"line": 1, "character": 12})),
    );
    s.ask(
        "formatting it",
        "textDocument/formatting",
        json!({"textDocument": {"uri": latin}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    // The editor shows it with the byte replaced; its text wins over the disk's.
    open(&mut s.client, &latin, &String::from_utf8_lossy(latin1));
    s.client.sync();
    let published = s.client.diagnostics();
    assert!(published.values().all(Vec::is_empty), "{published:?}");
    s.note("opened in the editor, as the editor decoded it: every diagnostic cleared");

    // A half-typed file.
    let half = "settings {\n    associations [dpor, tpor]\n}\n\ncompetency good \"Good\" {\n    silver {\n        path p {\n            revenue azure via [dp";
    open(&mut s.client, &good, GOOD);
    change(&mut s.client, &good, 2, half);
    s.client.sync();
    let published = s.client.diagnostics();
    s.note(&format!(
        "a half-typed file\n{}",
        s.client.show(&json!(published))
    ));
    let end = position(half, "via [dp", 0, 7);
    let r = s
        .client
        .request("textDocument/completion", at(&good, end.clone()));
    assert_eq!(labels(&r), ["dpor", "tpor"], "{r}");
    s.note(&format!(
        "completion at its end, in the `via` list: {}",
        s.client.show(&r["result"][0])
    ));
    s.ask(
        "hover at its end",
        "textDocument/hover",
        at(&good, end.clone()),
    );
    s.ask(
        "definition at its end",
        "textDocument/definition",
        at(&good, end.clone()),
    );
    s.ask(
        "document symbols of it",
        "textDocument/documentSymbol",
        text_document(&good),
    );
    s.ask(
        "formatting it",
        "textDocument/formatting",
        json!({"textDocument": {"uri": good}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    // Every position of the half-typed text, and past its end, is answered.
    for line in 0..10 {
        for character in [0, 3, 11, 30, 200] {
            let p = json!({"line": line, "character": character});
            for method in [
                "textDocument/hover",
                "textDocument/completion",
                "textDocument/definition",
            ] {
                let r = s.client.request(method, at(&good, p.clone()));
                assert!(r.get("result").is_some(), "{method} at {p}: {r}");
            }
        }
    }
    s.note("hover, completion and definition answered at 50 positions, some past the end");

    // Files outside the rule set.
    let never = s.client.uri("other/never-opened.rules");
    s.ask(
        "hover in a file never opened, outside the rule set",
        "textDocument/hover",
        at(&never, json!({"line": 0, "character": 0})),
    );
    s.ask(
        "formatting it",
        "textDocument/formatting",
        json!({"textDocument": {"uri": never}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    s.ask(
        "its symbols",
        "textDocument/documentSymbol",
        text_document(&never),
    );
    let loose = s.client.uri("other/loose.rules");
    open(
        &mut s.client,
        &loose,
        &read(&folder.join("other/loose.rules")),
    );
    s.client.sync();
    let published = s.client.diagnostics();
    s.note(&format!(
        "a file opened outside the rule set: checked on its own\n{}",
        s.client.show(&json!(published))
    ));
    s.ask(
        "hover on the unknown competency it names",
        "textDocument/hover",
        at(&loose, json!({"line": 0, "character": 15})),
    );
    open(
        &mut s.client,
        "untitled:Untitled-1",
        "competency draft \"Draft\" {\n    silver {}\n}\n",
    );
    s.client.sync();
    let published = s.client.diagnostics();
    s.note(&format!(
        "a document with no file yet\n{}",
        s.client.show(&json!(published))
    ));
    s.ask(
        "hover in it",
        "textDocument/hover",
        at("untitled:Untitled-1", json!({"line": 0, "character": 13})),
    );

    // Unknown methods and malformed messages.
    s.ask("an unknown request", "rules/frobnicate", json!({}));
    s.client.notify("rules/poke", json!({"anything": [1, 2]}));
    s.client.notify("$/cancelRequest", json!({"id": 99}));
    s.client
        .notify("textDocument/didOpen", json!({"textDocument": 5}));
    s.ask(
        "parameters of the wrong shape",
        "textDocument/hover",
        json!({"textDocument": 5}),
    );
    s.client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    s.client
        .send_raw(b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc");
    s.client.send_raw(b"no header at all\r\n\r\n");
    s.client.sync();
    let logged: Vec<String> = s
        .client
        .take("window/logMessage")
        .iter()
        .map(|n| n["params"]["message"].as_str().unwrap().to_string())
        .collect();
    s.note(&format!(
        "unknown notifications, bad parameters and malformed messages: logged, skipped\n{}",
        s.client.show(&json!(logged))
    ));
    s.ask(
        "still answering",
        "textDocument/hover",
        at(&latin, json!({"line": 1, "character": 12})),
    );

    let response = s.client.request("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null);
    s.ask(
        "a request after `shutdown`",
        "textDocument/hover",
        at(&good, json!({"line": 0, "character": 0})),
    );
    s.client.notify("exit", Value::Null);
    let exit = s.client.wait();
    assert_eq!(exit.status, 0, "{}", exit.stderr);
    snapshot("bad-input", &s.transcript);
}

#[test]
fn exit_without_shutdown_is_status_1_and_a_closed_input_ends_the_server() {
    let folder = support::scratch("lsp-exit");
    support::write(&folder.join("rules/good.rules"), GOOD);
    let mut client = Client::start(&folder, &[]);
    client.initialize(Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().status, 1);

    let mut client = Client::start(&folder, &[]);
    client.initialize(Value::Null);
    client.sync();
    assert_eq!(client.wait().status, 1, "the editor went away");
}

#[test]
fn the_rule_set_can_be_named() {
    let folder = support::scratch("lsp-named-rules");
    support::write(&folder.join("policy/good.rules"), GOOD);
    support::write(&folder.join("rules/other.rules"), "competency x \"X\" {}\n");
    for (args, options) in [
        (vec!["--rules", "policy"], Value::Null),
        (vec![], json!({"rules": "policy"})),
    ] {
        let mut client = Client::start(&folder, &args);
        client.initialize(options);
        client.sync();
        let published = client.diagnostics();
        let files: Vec<&String> = published.keys().collect();
        assert_eq!(files, [&client.uri("policy/good.rules")], "{args:?}");
        assert!(published.values().all(Vec::is_empty));
        assert_eq!(client.shutdown().status, 0);
    }
}

#[test]
fn completion_offers_what_may_come_where_the_cursor_is() {
    let folder = workspace_with_shipped_rules("lsp-completion");
    let mut client = Client::start(&folder, &[]);
    client.initialize(Value::Null);
    let path = "    silver {\n        path p {\n            ";
    let cases: &[(&str, String)] = &[
        ("top level", "|".into()),
        ("top level, a word begun", "comp|".into()),
        ("in a comment", "# comp|".into()),
        ("in a title", "competency x \"Ti|".into()),
        ("in a competency", "competency x \"X\" {\n    |\n}".into()),
        (
            "in a level",
            "competency x \"X\" {\n    silver {\n        |".into(),
        ),
        ("in a path", format!("competency x \"X\" {{\n{path}|")),
        (
            "in a path, a word begun",
            format!("competency x \"X\" {{\n{path}rev|"),
        ),
        (
            "after a metric",
            format!("competency x \"X\" {{\n{path}revenue |"),
        ),
        (
            "after a workload",
            format!("competency x \"X\" {{\n{path}revenue azure |"),
        ),
        (
            "in a via list",
            format!("competency x \"X\" {{\n{path}revenue azure via [|"),
        ),
        (
            "in a via list, after a comma",
            format!("competency x \"X\" {{\n{path}revenue azure via [dpor, |"),
        ),
        (
            "after a via list",
            format!("competency x \"X\" {{\n{path}revenue azure via [dpor] |"),
        ),
        (
            "after the threshold",
            format!("competency x \"X\" {{\n{path}revenue azure >= $1,000 |"),
        ),
        (
            "after `(`",
            format!("competency x \"X\" {{\n{path}revenue azure >= $1,000 (|"),
        ),
        (
            "after the developing threshold",
            format!("competency x \"X\" {{\n{path}revenue azure >= $1,000 (developing $500) |"),
        ),
        (
            "after `over 12`",
            format!("competency x \"X\" {{\n{path}revenue azure >= $1,000 over 12 |"),
        ),
        ("after a count", format!("competency x \"X\" {{\n{path}2 |")),
        ("after `1`", format!("competency x \"X\" {{\n{path}1 |")),
        (
            "after `people`",
            format!("competency x \"X\" {{\n{path}2 people |"),
        ),
        (
            "after `certified`",
            format!("competency x \"X\" {{\n{path}2 people certified |"),
        ),
        (
            "after `in`",
            format!("competency x \"X\" {{\n{path}2 people certified in |"),
        ),
        (
            "in an assessed list",
            format!("competency x \"X\" {{\n{path}2 people assessed in [|"),
        ),
        (
            "after a code list",
            format!("competency x \"X\" {{\n{path}2 people certified in [\"AZ-104\"] |"),
        ),
        (
            "after `of`",
            format!("competency x \"X\" {{\n{path}2 people certified in [\"AZ-104\"] of |"),
        ),
        (
            "after `of which 1`",
            format!("competency x \"X\" {{\n{path}2 people certified in [\"AZ-104\"] of which 1 |"),
        ),
        (
            "on a continuation line",
            format!(
                "competency x \"X\" {{\n{path}2 people certified in [\"AZ-104\"]\n                or |"
            ),
        ),
        ("in a settings block", "settings {\n    |\n}".into()),
        (
            "after `subscription`",
            "settings {\n    subscription |\n}".into(),
        ),
        (
            "after a duration's count",
            "settings {\n    renewal grace 30 |\n}".into(),
        ),
        (
            "in the associations declared",
            "settings {\n    associations [|\n}".into(),
        ),
        ("after `override`", "override |".into()),
        (
            "after an override's organization",
            "override \"tailspin\" |".into(),
        ),
        (
            "after an override's competency",
            "override \"tailspin\" devops |".into(),
        ),
        (
            "after an override's level",
            "override \"tailspin\" devops silver |".into(),
        ),
        (
            "after an override's date",
            "override \"tailspin\" devops silver until 2027-01-01 |".into(),
        ),
        (
            "after a closed block",
            "competency x \"X\" {\n    silver {\n        path p {\n        }\n    }\n    |".into(),
        ),
        ("in a designation", "designation x \"X\" {\n    |\n}".into()),
        (
            "in a score",
            "designation x \"X\" {\n    score s max 10 {\n        |".into(),
        ),
        (
            "after a track's title",
            "designation x \"X\" {\n    score s max 10 {\n        track t \"T\" |".into(),
        ),
        (
            "after a track's `when`",
            "designation x \"X\" {\n    score s max 10 {\n        track t when |".into(),
        ),
        (
            "in a score's metric",
            "designation x \"X\" {\n    score s max 10 {\n        metric m {\n            |".into(),
        ),
    ];
    let uri = client.uri("rules/typing.rules");
    let mut said = String::new();
    for (version, (name, text)) in cases.iter().enumerate() {
        let cursor = text.find('|').expect("a cursor");
        let typed = text.replacen('|', "", 1);
        if version == 0 {
            open(&mut client, &uri, &typed);
        } else {
            change(&mut client, &uri, version as i32 + 1, &typed);
        }
        let before = &typed[..cursor];
        let line = before.rsplit('\n').next().unwrap();
        let p = json!({"line": before.matches('\n').count(), "character": line.chars().count()});
        let r = client.request("textDocument/completion", at(&uri, p));
        let labels = labels(&r);
        let shown = if labels.len() > 12 {
            format!("{} … ({} in all)", labels[..12].join(", "), labels.len())
        } else {
            labels.join(", ")
        };
        said.push_str(&format!("{name}: {shown}\n"));
        if let Some(first) = r["result"].get(0) {
            let edit = &first["textEdit"];
            let start = edit["range"]["start"]["character"].as_u64().unwrap() as usize;
            let end = edit["range"]["end"]["character"].as_u64().unwrap() as usize;
            let replaced: String = line.chars().skip(start).take(end - start).collect();
            said.push_str(&format!(
                "    the first replaces `{replaced}` with {}\n",
                edit["newText"]
            ));
        }
    }
    assert_eq!(client.shutdown().status, 0);
    snapshot("completion", &said);
}

#[test]
fn an_editor_that_can_watch_files_is_asked_to_watch_the_rule_files() {
    let folder = support::scratch("lsp-watch");
    support::write(&folder.join("rules/good.rules"), GOOD);
    let mut client = Client::start(&folder, &[]);
    let watching = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    client.initialize_with(Value::Null, watching);
    client.sync();
    let asked = client.take("client/registerCapability");
    assert_eq!(asked.len(), 1, "{asked:?}");
    let registration = &asked[0]["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registration["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.rules"
    );
    // A file written on disk, reported as the editor reports it: checked.
    support::write(
        &folder.join("rules/more.rules"),
        "competency good \"Again\" {}\n",
    );
    let uri = client.uri("rules/more.rules");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 1}]}),
    );
    client.sync();
    let published = client.diagnostics();
    let codes: Vec<&str> = published[&uri]
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["rules::duplicate_competency", "rules::no_levels"]);
    let again = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    assert_eq!(client.shutdown().status, 0);
}
