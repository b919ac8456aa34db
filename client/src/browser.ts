/**
 * The extension in vscode.dev and github.dev: the language server in a web worker, so diagnostics, hover,
 * completion, quick fixes, fix all, symbols and folding work on fly.toml in the browser. What needs flyctl or a
 * disk (the Fly Apps view and its commands, the files around fly.toml) is not offered there (package.json's when
 * clauses on `flyToml.web`, set here, and `virtualWorkspace`), nor formatting (taplo's module is built for Node).
 * (`isWeb` would not do: code-server's workbench is a web page too, with the Node extension host behind it.)
 */
import * as vscode from "vscode";
import { LanguageClient, type LanguageClientOptions } from "vscode-languageclient/browser";
import { documentSelector } from "../../core/files";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  void vscode.commands.executeCommand("setContext", "flyToml.web", true);
  const worker = new Worker(vscode.Uri.joinPath(context.extensionUri, "dist", "browser-server.js").toString(true));
  const options: LanguageClientOptions = {
    documentSelector: documentSelector(true),
    initializationOptions: { ...vscode.workspace.getConfiguration("flyToml") },
  };
  client = new LanguageClient("flyToml", "fly.toml", options, worker);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
