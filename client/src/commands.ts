/** The commands of the extension (category "Fly"). */
import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type { Ip } from "../../core/ips";
import { lineEdits } from "../../core/linediff";
import { hasServices, withAppName } from "./appFile";
import { configEdits } from "./configEdits";
import { flyctlInvocation } from "./deploy";
import { DeployOperations, type DeployTarget } from "./launch/deploy";
import { LaunchOperations } from "./launch/operations";
import type { TaskRunner } from "./launch/tasks";
import type { Flyctl } from "../../core/flyctl/client";
import type { Located } from "../../core/flyctl/locate";
import { appUrl, dashboardUrl, pickItems, type AppEntry, type PickPurpose } from "./ips/model";
import { exposureOf } from "../../core/ips";
import type { IpOperations } from "./ips/operations";
import type { MachineOperations } from "./live/operations";
import { STARTABLE, stateWords, STOPPABLE, type Machine } from "../../core/live";
import type { FlyAppsProvider, FlyNode } from "./ips/tree";
import { vscodeUi } from "./vscodeUi";
import { editBuffer } from "./bufferEdit";
import { envEntries } from "./secrets/env";
import type { SecretOperations } from "./secrets/operations";
import { stepContextKey, stepsOfAllocate, stepsOfMakePrivate, stepsOfRelease, type WalkthroughStep } from "./walkthroughSteps";
import { COMMANDS } from "../../core/protocol";

/** Checks the walkthrough's steps whose action completed. */
function markDone(steps: WalkthroughStep[]): void {
  for (const step of steps) void vscode.commands.executeCommand("setContext", stepContextKey(step), true);
}

interface Context {
  provider: FlyAppsProvider;
  tasks: TaskRunner;
  /** The apps launched private here (Launch a private app): their first deploy carries --flycast. */
  launched: { has(app: string): boolean; add(app: string): Promise<void> };
  ops: () => IpOperations;
  live: () => MachineOperations;
  secrets: () => SecretOperations;
  flyctl: () => Flyctl;
  client: () => LanguageClient | undefined;
}

/** The app of the active editor's file, if it is one of the workspace's config files. */
function activeEntry(c: Context): AppEntry | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  return uri ? c.provider.entryOf(uri) : undefined;
}

/**
 * The app a command is for: the node it was run on, or one picked, each shown with its exposure, the apps the
 * action is for first (the active editor's first among them). Escape: undefined, silently.
 */
async function pickEntry(c: Context, node?: FlyNode | vscode.Uri | string, purpose: PickPurpose = "any"): Promise<AppEntry | undefined> {
  if (node instanceof vscode.Uri || typeof node === "string") return entryOfFile(c, node.toString());
  if (node) return node.entry;
  await c.provider.discovered();
  const named = c.provider.apps.filter((e) => e.app);
  const exposure = (e: AppEntry) => exposureOf(c.provider.addressesOf(e));
  const items = pickItems(named, exposure, purpose, activeEntry(c));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      purpose === "releasePublic" && named.length
        ? "No app of this workspace has public addresses to release."
        : c.provider.apps.length
          ? "No config file of this workspace names its app (the app key); pick it in the Fly Apps view."
          : "There is no fly.toml in this workspace yet: fly launch writes one.",
    );
    return undefined;
  }
  if (items.length === 1) return items[0].value;
  return vscodeUi.pick(items, purpose === "makePrivate" ? "Which app should become private?" : "Which app?");
}

/** The app of a config file (a quick fix names it by its URI); a file new since the last look is looked for again. */
async function entryOfFile(c: Context, uri: string): Promise<AppEntry | undefined> {
  await c.provider.discovered();
  const normal = vscode.Uri.parse(uri).toString();
  const found = c.provider.entryOf(normal) ?? c.provider.entryOf(uri);
  if (found) return found;
  await c.provider.refresh();
  return c.provider.entryOf(normal) ?? c.provider.entryOf(uri);
}

async function pickAddress(c: Context, entry: AppEntry, filter: (ip: Ip) => boolean): Promise<string | undefined> {
  const ips = (c.provider.addressesOf(entry) ?? []).filter(filter);
  if (!ips.length) return (void vscode.window.showInformationMessage(`No such address on ${entry.app}.`), undefined);
  return vscodeUi.pick(
    ips.map((ip) => ({ label: ip.Address, description: ip.Type, value: ip.Address })),
    "Which address?",
  );
}

/** flyctl as it is found, or (not found) the reason, with a button to set its path; undefined then. */
async function flyctlFound(c: Context): Promise<Extract<Located, { found: true }> | undefined> {
  const located = c.flyctl().locate();
  if (located.found) return located;
  const pick = await vscode.window.showErrorMessage(located.reason, "Set the flyctl path");
  if (pick) await vscode.commands.executeCommand(COMMANDS.setFlyctlPath);
  return undefined;
}

/** Deploys an app's config file as a task, after its plan (Deploy, the walkthrough, after Make private or a secret move). */
async function deploy(c: Context, entry: AppEntry): Promise<void> {
  if (!entry.app)
    return void vscode.window.showInformationMessage(`${entry.relative} names no app: pick the app first (Fly: Pick the app).`);
  if (!(await flyctlFound(c))) return;
  const uri = vscode.Uri.parse(entry.uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  const target: DeployTarget = {
    app: entry.app,
    dir: dirname(uri.fsPath),
    configName: basename(uri.fsPath),
    relative: entry.relative,
    ips: c.provider.addressesOf(entry),
    machines: c.provider.machinesOf(entry),
    hasServices: hasServices(doc.getText()),
    // the only sure sign before a first deploy: the Flycast rules need a Flycast address, which such an app does not
    // have yet, and the [env] ones are about the apps it calls (a public app may call private ones)
    privateBecause: c.launched.has(entry.app) ? "it was launched here as a private app" : undefined,
  };
  if (doc.isDirty) await doc.save();
  const ops = new DeployOperations(vscodeUi, c.tasks, {
    deploying: (app, on) => c.provider.setDeploying(app, on),
    refresh: () => c.provider.refresh(),
  });
  if ((await ops.deploy(target)) === true) markDone(["deploy"]);
}

/** Sets `app` in a config file: in the editor's buffer (undoable), saved only if it had no unsaved changes. */
async function setAppName(uri: string, app: string): Promise<void> {
  await editBuffer(uri, (text) => lineEdits(text, withAppName(text, app)));
}

type Register = (id: string, fn: (...args: never[]) => unknown) => void;

export function registerCommands(context: vscode.ExtensionContext, c: Context): void {
  const reg: Register = (id, fn) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  registerIpCommands(reg, c);
  registerMachineCommands(reg, c);
  registerAppCommands(reg, c);
  registerSetupCommands(reg, c, context);
  registerSecretCommands(reg, c);
}

/** Secrets out of fly.toml: the quick fix of env-secret-like, or the command with the [env] values to choose. */
function registerSecretCommands(reg: Register, c: Context): void {
  reg(COMMANDS.moveSecrets, async (uriArg?: string | vscode.Uri, names?: string[]) => {
    const uri = uriArg?.toString() ?? vscode.window.activeTextEditor?.document.uri.toString();
    const entry = uri ? await entryOfFile(c, uri) : undefined;
    if (!uri || !entry) return void vscode.window.showInformationMessage("Open a fly.toml of this workspace to move its secrets.");
    if (!entry.app)
      return void vscode.window.showInformationMessage(`${entry.relative} names no app: pick the app first (Fly: Pick the app).`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const text = doc.getText();
    let chosen = names;
    if (!chosen?.length) {
      // the [env] values to choose from, the ones reported as secrets already ticked
      const flagged = new Set(
        vscode.languages
          .getDiagnostics(doc.uri)
          .filter((d) => d.code === "env-secret-like")
          .map((d) => doc.getText(d.range).replace(/^["']|["']$/g, "")),
      );
      const picked = await vscode.window.showQuickPick(
        envEntries(text).map((e) => ({ label: e.name, description: `line ${e.line}`, picked: flagged.has(e.name) })),
        {
          canPickMany: true,
          placeHolder: `Which [env] values of ${entry.relative} become Fly secrets of ${entry.app}?`,
          ignoreFocusOut: true,
        },
      );
      chosen = picked?.map((p) => p.label);
    }
    if (!chosen?.length) return;
    const relative = entry.files.find((f) => f.uri === uri)?.relative ?? entry.relative;
    const outcome = await c.secrets().move(
      entry.app,
      { uri, relative, text, dirty: doc.isDirty },
      chosen,
      (file, before, spans) => editBuffer(file, () => spans.map((span) => ({ span, newText: "" })), before),
      () => void deploy(c, entry),
    );
    if (outcome) void c.provider.refresh();
  });
}

/** The addresses: refresh, copy, release, allocate, make private. */
function registerIpCommands(reg: Register, c: Context): void {
  reg(COMMANDS.refresh, () => c.provider.refresh());
  reg(COMMANDS.copyAddress, async (node?: FlyNode) => {
    const address =
      node?.ip?.Address ??
      (await (async () => {
        const e = await pickEntry(c);
        return e && pickAddress(c, e, () => true);
      })());
    if (!address) return;
    await vscode.env.clipboard.writeText(address);
    void vscode.window.setStatusBarMessage(`Copied ${address}`, 3000);
  });
  reg(COMMANDS.release, async (node?: FlyNode) => {
    const entry = await pickEntry(c, node);
    if (!entry?.app) return;
    const address = node?.ip?.Address ?? (await pickAddress(c, entry, (ip) => !ip.Type.startsWith("egress")));
    if (address) await c.ops().release(entry.app, address);
  });
  // from the view (a node), the palette, or the quick fix of private-app-has-public-ips (the config file's URI)
  reg(COMMANDS.releasePublic, async (node?: FlyNode | string) => {
    const entry = await pickEntry(c, node, "releasePublic");
    if (entry?.app) markDone(stepsOfRelease(await c.ops().releasePublic(entry.app)));
  });
  reg(COMMANDS.allocatePrivate, async (node?: FlyNode) => {
    const entry = await pickEntry(c, node, "makePrivate");
    if (entry?.app) markDone(stepsOfAllocate(await c.ops().allocatePrivate(entry.app)));
  });
  // from the view (the app or its Addresses), the palette, or service-needs-dedicated-ipv4's quick fix (a config file's URI)
  reg(COMMANDS.allocateDedicatedV4, async (node?: FlyNode | string) => {
    const entry = await pickEntry(c, node);
    if (entry?.app) await c.ops().allocateDedicatedV4(entry.app);
  });
  reg(COMMANDS.allocatePublicV6, async (node?: FlyNode) => {
    const entry = await pickEntry(c, node);
    if (entry?.app) await c.ops().allocatePublicV6(entry.app, c.provider.addressesOf(entry));
  });
  reg(COMMANDS.makePrivate, async (node?: FlyNode | vscode.Uri) => {
    const entry = await pickEntry(c, node, "makePrivate");
    if (!entry?.app) return;
    markDone(stepsOfMakePrivate(await c.ops().makePrivate(entry.app, configEdits(entry.files, c.client), () => void deploy(c, entry))));
  });
}

/** The Machine of a command: the row it was run on, or one picked among those the view knows (only those in `states`). */
async function pickMachine(
  c: Context,
  node: FlyNode | undefined,
  states?: string[],
): Promise<{ app: string; m: Machine; all: Machine[] } | undefined> {
  if (node?.machine && node.entry.app)
    return { app: node.entry.app, m: node.machine, all: c.provider.machinesOf(node.entry) ?? [node.machine] };
  const entry = await pickEntry(c, node);
  if (!entry?.app) return undefined;
  const machines = (c.provider.machinesOf(entry) ?? []).filter((m) => !states || states.includes(m.state));
  if (!machines.length) {
    void vscode.window.showInformationMessage(
      `No Machine of ${entry.app} to choose${states ? ` (none is ${states.join(" or ")})` : ""}; Refresh the Fly Apps view to list them again.`,
    );
    return undefined;
  }
  const m = await vscodeUi.pick(
    machines.map((x) => ({ label: x.name || x.id, description: `${x.id} · ${stateWords(x.state)} · ${x.region ?? ""}`, value: x })),
    `Which Machine of ${entry.app}?`,
  );
  return m ? { app: entry.app, m, all: c.provider.machinesOf(entry) ?? [m] } : undefined;
}

/** The Machines: start, stop (each asked first), copy the id. */
function registerMachineCommands(reg: Register, c: Context): void {
  reg(COMMANDS.machineStart, async (node?: FlyNode) => {
    const picked = await pickMachine(c, node, STARTABLE);
    if (picked) await c.live().start(picked.app, picked.m, picked.all);
  });
  reg(COMMANDS.machineStop, async (node?: FlyNode) => {
    const picked = await pickMachine(c, node, STOPPABLE);
    if (picked) await c.live().stop(picked.app, picked.m, picked.all);
  });
  reg(COMMANDS.machineCopyId, async (node?: FlyNode) => {
    const picked = await pickMachine(c, node);
    if (!picked) return;
    await vscode.env.clipboard.writeText(picked.m.id);
    void vscode.window.setStatusBarMessage(`Copied ${picked.m.id}`, 3000);
  });
}

/** The app's config files: pick the app, deploy, open the walkthrough's fly.toml. */
function registerAppCommands(reg: Register, c: Context): void {
  reg(COMMANDS.pickApp, async (uriOrNode?: string | FlyNode) => {
    const uri = typeof uriOrNode === "string" ? uriOrNode : (uriOrNode?.entry.uri ?? (await pickEntry(c))?.uri);
    if (!uri) return;
    const r = await vscodeUi.progress("Listing your Fly apps", () => c.ops().apps());
    if (!r.ok) return void (r.kind !== "cancelled" && vscode.window.showErrorMessage(`Could not list your apps: ${r.message}`));
    const app = await vscodeUi.pick(
      r.value.map((a) => ({ label: a.name, description: a.org, value: a.name })),
      "Which app does this fly.toml belong to?",
    );
    if (!app) return;
    await setAppName(uri, app);
    await c.provider.refresh();
  });
  reg(COMMANDS.deploy, async (node?: FlyNode) => {
    const entry = await pickEntry(c, node);
    if (entry) await deploy(c, entry);
  });
  reg(COMMANDS.launchPrivate, () => launchPrivate(c));
  reg(COMMANDS.openAppUrl, async (node?: FlyNode) => {
    const entry = await pickEntry(c, node);
    if (!entry?.app) return;
    const target = appUrl(entry.app, c.provider.addressesOf(entry));
    if (!target)
      return void vscode.window.showInformationMessage(
        `${entry.app} has no addresses yet (or they are not loaded): there is no URL to open. The first fly deploy allocates them.`,
      );
    // a .flycast address answers only on the organization's private network (WireGuard): said, then opened
    if (target.private)
      void vscode.window.setStatusBarMessage(`${target.url} answers only on your organization's private network (WireGuard)`, 8000);
    await vscode.env.openExternal(vscode.Uri.parse(target.url));
  });
  reg(COMMANDS.openDashboard, async (node?: FlyNode) => {
    const entry = await pickEntry(c, node);
    if (entry?.app) await vscode.env.openExternal(vscode.Uri.parse(dashboardUrl(entry.app)));
  });
  reg(COMMANDS.volumeCopyId, async (node?: FlyNode) => {
    const id = node?.volume?.id;
    if (!id) return;
    await vscode.env.clipboard.writeText(id);
    void vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
  });
  // the app's row: its first config file; the walkthrough's "Open fly.toml": the active app's, else the first app's
  // fly.toml (before fly.staging.toml)
  reg(COMMANDS.openFlyToml, async (node?: FlyNode) => {
    // several apps and none in the active editor: ask which, rather than open one of them silently
    const entry = node?.entry ?? activeEntry(c) ?? (c.provider.apps.length > 1 ? await pickEntry(c, undefined, "any") : c.provider.apps[0]);
    if (entry) {
      await vscode.window.showTextDocument(vscode.Uri.parse(entry.uri));
      markDone(["open"]);
    } else void vscode.window.showInformationMessage("There is no fly.toml in this workspace yet: fly launch writes one.");
  });
}

/** flyctl and the server: log in, the flyctl path, restart. */
function registerSetupCommands(reg: Register, c: Context, context: vscode.ExtensionContext): void {
  reg(COMMANDS.login, async () => {
    const located = await flyctlFound(c);
    if (!located) return;
    // in the user's own shell, so the terminal stays open and flyctl's answer can be read
    const t = vscode.window.createTerminal({ name: "Fly login" });
    t.show();
    const line = `${flyctlInvocation(located)} auth login`;
    const refreshOnEnd = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.terminal === t) {
        refreshOnEnd.dispose();
        void c.provider.refresh();
      }
    });
    const refreshOnClose = vscode.window.onDidCloseTerminal((closed) => {
      if (closed === t) {
        refreshOnClose.dispose();
        refreshOnEnd.dispose();
        void c.provider.refresh();
      }
    });
    context.subscriptions.push(refreshOnEnd, refreshOnClose);
    t.sendText(line, true);
  });
  // machine-scoped: in a remote window (code-server, SSH, WSL, Codespaces) the User tab has no such setting ("No
  // Settings Found"), it is set in the Remote tab (VS Code's openRemoteSettings takes the same query)
  reg(COMMANDS.setFlyctlPath, () =>
    vscode.env.remoteName
      ? vscode.commands.executeCommand("workbench.action.openRemoteSettings", { query: "flyToml.flyctlPath" })
      : vscode.commands.executeCommand("workbench.action.openSettings", "flyToml.flyctlPath"),
  );
  reg(COMMANDS.restartServer, async () => {
    await c.client()?.restart();
  });
}

/** The folders a new app can be launched in: the workspace's folders and their subfolders, those without fly.toml. */
async function launchFolders(): Promise<{ label: string; description?: string; value: string }[]> {
  const items: { label: string; description?: string; value: string }[] = [];
  const hasFlyToml = async (dir: vscode.Uri) => {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, "fly.toml"));
      return true;
    } catch {
      return false;
    }
  };
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (!(await hasFlyToml(f.uri))) items.push({ label: f.name, description: "the workspace folder", value: f.uri.fsPath });
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(f.uri);
    } catch {
      continue;
    }
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      if (type !== vscode.FileType.Directory || name.startsWith(".") || name === "node_modules") continue;
      const dir = vscode.Uri.joinPath(f.uri, name);
      if (!(await hasFlyToml(dir))) items.push({ label: vscode.workspace.asRelativePath(dir), value: dir.fsPath });
      if (items.length >= 50) break;
    }
  }
  // "": chosen in the folder dialog
  items.push({ label: "Another folder…", value: "" });
  return items;
}

/** Launch a private app: a folder without fly.toml, then LaunchOperations; afterwards fly.toml opens and its fixes are offered. */
async function launchPrivate(c: Context): Promise<void> {
  if (!(await flyctlFound(c))) return;
  if (!vscode.workspace.workspaceFolders?.length)
    return void vscode.window.showInformationMessage("Open the folder of the app first: fly launch writes fly.toml there.");
  let folder = await vscodeUi.pick(await launchFolders(), "Launch a private app in which folder? (it gets the fly.toml)");
  if (folder === "") {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: "Launch here" });
    folder = chosen?.[0]?.fsPath;
  }
  if (!folder) return;
  const folderUri = vscode.Uri.file(folder);
  const flyToml = vscode.Uri.joinPath(folderUri, "fly.toml");
  try {
    await vscode.workspace.fs.stat(flyToml);
    return void vscode.window.showInformationMessage(
      `${vscode.workspace.asRelativePath(flyToml)} exists already: that app is launched. Make it private, or deploy it, from the Fly Apps view.`,
    );
  } catch {
    // no fly.toml: the folder is free for a new app
  }
  const ops = new LaunchOperations(c.flyctl(), vscodeUi, c.tasks);
  const app = await ops.launchPrivate({ path: folder, relative: vscode.workspace.asRelativePath(folderUri, true) || folder });
  if (!app) return;
  await c.launched.add(app);
  markDone(["launch"]);
  await vscode.window.showTextDocument(flyToml);
  await c.provider.refresh();
  const entry = c.provider.entryOf(flyToml.toString());
  if (!entry) return;
  await ops.prepareForPrivate(app, configEdits(entry.files, c.client));
}
