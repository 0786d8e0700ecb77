// A minimal VS Code extension that starts `dockhand server` for Dockerfiles. Settings under
// `dockhand.*` reach the server through `workspace/configuration` (section `dockhand`).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("dockhand").get("path", "dockhand");
  client = new LanguageClient(
    "dockhand",
    "dockhand",
    { command, args: ["server"] },
    {
      documentSelector: [{ language: "dockerfile" }],
      synchronize: { configurationSection: "dockhand" },
    }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
