/** The commands of the extension (category "Fly"). */
import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type { Ip } from "../../server/src/service/ips";
import { withAppName } from "./appFile";
import { deployCommand } from "./deploy";
import type { Flyctl } from "./flyctl/client";
import type { AppEntry } from "./ips/model";
import type { IpOperations } from "./ips/operations";
import type { FlyIpsProvider, FlyNode } from "./ips/tree";
import { vscodeUi } from "./vscodeUi";

interface Context {
  provider: FlyIpsProvider;
  ops: () => IpOperations;
  flyctl: () => Flyctl;
  client: () => LanguageClient | undefined;
}

async function pickEntry(c: Context, node?: FlyNode): Promise<AppEntry | undefined> {
  if (node) return node.entry;
  const apps = c.provider.apps.filter((e) => e.app);
  if (apps.length <= 1) return apps[0] ?? (void vscode.window.showWarningMessage("No fly.toml with an app name in this workspace."), undefined);
  const pick = await vscode.window.showQuickPick(apps.map((e) => ({ label: e.app!, description: e.relative, e })), { placeHolder: "Which app?" });
  return pick?.e;
}

async function pickAddress(c: Context, entry: AppEntry, filter: (ip: Ip) => boolean): Promise<string | undefined> {
  const ips = (c.provider.addressesOf(entry.uri) ?? []).filter(filter);
  if (!ips.length) return void vscode.window.showInformationMessage(`No such address on ${entry.app}.`), undefined;
  return (await vscode.window.showQuickPick(ips.map((ip) => ({ label: ip.Address, description: ip.Type })), { placeHolder: "Which address?" }))?.label;
}

/** Applies the language server's "fix all" to a fly.toml (with the app's new addresses) and saves it. */
async function fixWithServer(c: Context, uri: vscode.Uri, ips: Ip[]): Promise<number> {
  const doc = await vscode.workspace.openTextDocument(uri);
  c.provider.update(c.provider.apps.find((e) => e.uri === uri.toString())?.app ?? "", ips);
  const before = doc.getText();
  const end = doc.positionAt(before.length);
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, new vscode.Range(new vscode.Position(0, 0), end), "source.fixAll.flyToml", 1)) ?? [];
  const fix = actions.find((a) => a.kind?.value === "source.fixAll.flyToml" && a.edit);
  if (!fix?.edit) return 0;
  await vscode.workspace.applyEdit(fix.edit);
  await doc.save();
  const after = doc.getText().split("\n");
  const was = before.split("\n");
  return Math.max(1, after.filter((l, i) => l !== was[i]).length);
}

function openDeployTerminal(c: Context, entry: AppEntry): void {
  const file = vscode.Uri.parse(entry.uri).fsPath;
  const terminal = vscode.window.createTerminal({ name: `fly deploy ${entry.app ?? ""}`.trim(), cwd: dirname(file) });
  terminal.show();
  // typed, not run: the user reviews it and presses Enter
  terminal.sendText(deployCommand(c.flyctl().locate(), basename(file)), false);
}

export function registerCommands(context: vscode.ExtensionContext, c: Context): void {
  const reg = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg("flyToml.ips.refresh", () => c.provider.refresh());

  reg("flyToml.ips.copyAddress", async (node?: FlyNode) => {
    const address = node?.ip?.Address ?? (await (async () => {
      const e = await pickEntry(c);
      return e && pickAddress(c, e, () => true);
    })());
    if (!address) return;
    await vscode.env.clipboard.writeText(address);
    void vscode.window.setStatusBarMessage(`Copied ${address}`, 3000);
  });

  reg("flyToml.ips.release", async (node?: FlyNode) => {
    const entry = await pickEntry(c, node);
    if (!entry?.app) return;
    const address = node?.ip?.Address ?? (await pickAddress(c, entry, (ip) => !ip.Type.startsWith("egress")));
    if (address) await c.ops().release(entry.app, address);
  });

  reg("flyToml.ips.releasePublic", async (node?: FlyNode | string) => {
    // from the view (a node), or from the quick fix of private-app-has-public-ips (the fly.toml's URI)
    const entry = typeof node === "string" ? c.provider.apps.find((e) => e.uri === node) : await pickEntry(c, node);
    if (entry?.app) await c.ops().releasePublic(entry.app);
  });

  reg("flyToml.ips.allocatePrivate", async (node?: FlyNode) => {
    const entry = await pickEntry(c, node);
    if (entry?.app) await c.ops().allocatePrivate(entry.app);
  });

  reg("flyToml.makePrivate", async (node?: FlyNode | vscode.Uri) => {
    let entry: AppEntry | undefined;
    if (node instanceof vscode.Uri) entry = c.provider.apps.find((e) => e.uri === node.toString());
    else entry = await pickEntry(c, node);
    if (!entry?.app) return void vscode.window.showWarningMessage("Pick an app with a fly.toml first (the Fly IPs view lists them).");
    const e = entry;
    await c.ops().makePrivate(e.app!, (ips) => fixWithServer(c, vscode.Uri.parse(e.uri), ips), () => openDeployTerminal(c, e));
  });

  reg("flyToml.ips.pickApp", async (uriOrNode?: string | FlyNode) => {
    const uri = typeof uriOrNode === "string" ? uriOrNode : uriOrNode?.entry.uri ?? (await pickEntry(c))?.uri;
    if (!uri) return;
    const r = await vscodeUi.progress("Listing your Fly apps", () => c.ops().apps());
    if (!r.ok) return void vscode.window.showErrorMessage(`Could not list your apps: ${r.message}`);
    const pick = await vscode.window.showQuickPick(r.value.map((a) => ({ label: a.name, description: a.org })), { placeHolder: "Which app does this fly.toml belong to?" });
    if (!pick) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(new vscode.Position(0, 0), doc.positionAt(doc.getText().length)), withAppName(doc.getText(), pick.label));
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    await c.provider.refresh();
  });

  reg("flyToml.login", () => {
    const located = c.flyctl().locate();
    if (!located.found) return void vscode.window.showErrorMessage(located.reason, "Set the flyctl path").then((x) => x && vscode.commands.executeCommand("flyToml.setFlyctlPath"));
    // flyctl itself is the terminal's process: no shell in between
    const t = vscode.window.createTerminal({ name: "Fly login", shellPath: located.path, shellArgs: ["auth", "login"] });
    t.show();
    const sub = vscode.window.onDidCloseTerminal((closed) => {
      if (closed === t) {
        sub.dispose();
        void c.provider.refresh();
      }
    });
  });

  reg("flyToml.setFlyctlPath", () => vscode.commands.executeCommand("workbench.action.openSettings", "flyToml.flyctlPath"));

  reg("flyToml.deploy", async (node?: FlyNode) => {
    const entry = await pickEntry(c, node);
    if (entry) openDeployTerminal(c, entry);
  });

  reg("flyToml.restartServer", async () => {
    await c.client()?.restart();
  });

  reg("flyToml.openFlyToml", async () => {
    const entry = c.provider.apps[0];
    if (entry) await vscode.window.showTextDocument(vscode.Uri.parse(entry.uri));
    else void vscode.window.showInformationMessage("There is no fly.toml in this workspace yet: `fly launch` writes one.");
  });

}
