/** The fly.toml VS Code extension: the language server, the "Fly Apps" view (addresses, Machines, volumes) and its commands. */
import * as vscode from "vscode";
import { FLY_TOML_GLOB } from "../../core/files";
import type { LanguageClient } from "vscode-languageclient/node";
import { registerCommands } from "./commands";
import { registerPlanDocuments } from "./configEdits";
import { offerSchema, otherTomlExtension } from "./coexistence";
import { Flyctl } from "../../core/flyctl/client";
import { IpOperations } from "./ips/operations";
import { FlyAppsProvider, type ViewWide } from "./ips/tree";
import { Limiter } from "./live/limiter";
import { MachineOperations } from "./live/operations";
import { SecretOperations } from "./secrets/operations";
import { LiveRefresh } from "./live/refresh";
import { createLanguageClient, AppStateSync } from "./languageClient";
import { vscodeUi } from "./vscodeUi";
import { vscodeTasks } from "./vscodeTasks";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("fly.toml");
  context.subscriptions.push(output);
  const log = (line: string) => output.appendLine(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

  // flyctl is found afresh for every command, so a changed setting or a new install is picked up; every process
  // the extension starts (the view's lists, the commands, their re-lists) shares one limit of four at a time
  const processes = new Limiter(4);
  const flyctl = () =>
    new Flyctl({
      setting: vscode.workspace.getConfiguration("flyToml").get<string>("flyctlPath"),
      trusted: vscode.workspace.isTrusted,
      timeoutMs: (vscode.workspace.getConfiguration("flyToml").get<number>("flyctlTimeoutSeconds") ?? 30) * 1000,
      log,
      queue: (task) => processes.run(task),
    });

  // which flyctl is used, and its version: said once, and again only when another one is found
  let announced: string | undefined;
  const announceFlyctl = async () => {
    const f = flyctl();
    const located = f.locate();
    const key = located.found ? located.path : located.reason;
    if (key === announced) return;
    announced = key;
    log(await f.describe());
  };

  client = createLanguageClient(context, output, otherTomlExtension);
  const sync = new AppStateSync(client);
  // built for every use, so the tree and the commands always see the current flyctl setting
  const ops = (): IpOperations => new IpOperations(flyctl(), vscodeUi, { changed: (app, ips) => provider.update(app, ips) });
  // not logged in: said once for the whole view, as its welcome message with the Log in button
  const viewWide = (w: ViewWide | undefined) =>
    void vscode.commands.executeCommand("setContext", "flyToml.notLoggedIn", w?.kind === "not-logged-in");
  const live = (): MachineOperations =>
    new MachineOperations(flyctl(), vscodeUi, {
      machinesChanged: (app, machines) => provider.updateLive(app, "machines", machines),
      volumesChanged: (app, volumes) => provider.updateLive(app, "volumes", volumes),
    });
  const secrets = (): SecretOperations =>
    new SecretOperations(flyctl(), vscodeUi, { secretsChanged: (app, list) => provider.updateLive(app, "secrets", list) });
  const provider: FlyAppsProvider = new FlyAppsProvider(ops, live, secrets, (uri, parts) => sync.set(uri, parts), viewWide);
  const view = vscode.window.createTreeView("flyToml.apps", { treeDataProvider: provider, showCollapseAll: true });
  const refresher = new LiveRefresh(provider, view);

  context.subscriptions.push(provider, view, refresher);
  registerPlanDocuments(context);
  const launchedKey = "flyToml.launchedPrivate";
  const launched = {
    has: (app: string) => (context.workspaceState.get<string[]>(launchedKey) ?? []).includes(app),
    add: async (app: string) =>
      context.workspaceState.update(launchedKey, [...(context.workspaceState.get<string[]>(launchedKey) ?? []), app]),
  };
  registerCommands(context, { provider, ops, live, secrets, flyctl, client: () => client, tasks: vscodeTasks(flyctl), launched });

  const watcher = vscode.workspace.createFileSystemWatcher(FLY_TOML_GLOB);
  // which flyctl (and its version) is said after the view's lists, so its extra process never delays them
  const reload = () => void provider.refresh().then(announceFlyctl);
  context.subscriptions.push(watcher, watcher.onDidCreate(reload), watcher.onDidDelete(reload), watcher.onDidChange(reload));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("flyToml.flyctlPath")) reload();
      if (e.affectsConfiguration("flyToml.live.refreshSeconds")) refresher.configure();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(reload),
  );

  try {
    await client.start();
  } catch (e) {
    log(`the language server did not start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage("The fly.toml language server did not start; see the fly.toml output.");
  }
  reload();
  void offerSchema(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
