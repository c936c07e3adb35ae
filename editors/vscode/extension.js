// The client: starts `rules lsp` (the `rules` binary on PATH, or the one the
// `rules.server.path` setting names) for the workspace, and hands it every
// `.rules` document. Everything else is the server's: diagnostics, hover,
// completion, definitions, references, formatting and symbols.

"use strict";

const path = require("path");
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverOptions() {
  const settings = vscode.workspace.getConfiguration("rules");
  let command = settings.get("server.path") || "rules";
  // A relative path with a folder in it is taken from the workspace folder.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder && command.includes(path.sep) && !path.isAbsolute(command)) {
    command = path.join(folder, command);
  }
  const args = ["lsp"];
  const ruleSet = settings.get("ruleSet");
  if (ruleSet) {
    args.push("--rules", ruleSet);
  }
  return { command, args, options: folder ? { cwd: folder } : {} };
}

async function start() {
  client = new LanguageClient("rules", "Rules", serverOptions(), {
    documentSelector: [
      { scheme: "file", language: "rules" },
      { scheme: "untitled", language: "rules" },
    ],
    synchronize: {
      // The server reads files that are not open from disk: tell it when they change.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.rules"),
    },
  });
  try {
    await client.start();
  } catch (error) {
    const command = serverOptions().command;
    vscode.window.showErrorMessage(
      `Rules: could not start \`${command} lsp\` (${error.message}). Install the rules binary ` +
        "on PATH, or set `rules.server.path` to it."
    );
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("rules.restartServer", async () => {
      if (client) {
        await client.stop();
      }
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("rules")) {
        await vscode.commands.executeCommand("rules.restartServer");
      }
    })
  );
  await start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
