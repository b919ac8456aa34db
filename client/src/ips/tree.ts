/** The "Fly IPs" tree view: one node per fly.toml, its addresses below, and states that need a human. */
import * as vscode from "vscode";
import type { Ip } from "../../../server/src/service/ips";
import { checkAppName } from "../flyctl/commands";
import { entryFor } from "./discover";
import { appNode, childrenOf, type AppEntry, type AppState, type ViewNode } from "./model";
import type { IpOperations } from "./operations";

export class FlyNode extends vscode.TreeItem {
  constructor(
    readonly view: ViewNode,
    readonly entry: AppEntry,
    readonly ip?: Ip,
  ) {
    super(view.label, view.collapsible ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = view.id;
    this.description = view.description;
    this.tooltip = view.tooltip ? new vscode.MarkdownString(view.tooltip) : undefined;
    this.iconPath = new vscode.ThemeIcon(view.icon, view.iconColor ? new vscode.ThemeColor(view.iconColor) : undefined);
    this.contextValue = view.contextValue;
    if (view.command) this.command = view.command;
  }
}

export class FlyIpsProvider implements vscode.TreeDataProvider<FlyNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FlyNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private entries: AppEntry[] = [];
  private readonly states = new Map<string, AppState>();
  private readonly ips = new Map<string, Ip[]>();
  private loading: Promise<void> | undefined;

  constructor(
    private readonly ops: () => IpOperations,
    private readonly sendIps: (uri: string, ips: Ip[] | null) => void,
  ) {}

  dispose(): void {
    this.emitter.dispose();
  }

  get apps(): readonly AppEntry[] {
    return this.entries;
  }

  addressesOf(uri: string): Ip[] | undefined {
    return this.ips.get(uri);
  }

  /** Reads the workspace's fly.toml files again, then every app's addresses. */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const files = await vscode.workspace.findFiles("**/{fly.toml,fly.*.toml}", "**/{node_modules,.git}/**", 200);
    const entries: AppEntry[] = [];
    for (const f of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      let text = "";
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
      } catch {
        continue;
      }
      entries.push(entryFor(f.toString(), vscode.workspace.asRelativePath(f), text));
    }
    this.entries = entries;
    for (const e of entries) this.states.set(e.uri, { kind: "loading" });
    this.emitter.fire(undefined);
    // a monorepo has dozens of apps: at most a few flyctl processes at a time
    const queue = [...entries];
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) await this.loadApp(e);
    }));
  }

  /** Called by the operations: the app's addresses were read. */
  update(app: string, ips: Ip[] | null): void {
    for (const e of this.entries.filter((x) => x.app === app)) {
      if (ips) {
        this.states.set(e.uri, { kind: "ok", ips });
        this.ips.set(e.uri, ips);
      }
      this.sendIps(e.uri, ips);
    }
    this.emitter.fire(undefined);
  }

  private async loadApp(e: AppEntry): Promise<void> {
    if (!e.app) {
      this.states.set(e.uri, { kind: "error", failure: "no-app", message: "no app name" });
      this.sendIps(e.uri, null);
      return;
    }
    try {
      checkAppName(e.app);
    } catch (err) {
      this.states.set(e.uri, { kind: "error", failure: "failed", message: (err as Error).message });
      return;
    }
    const r = await this.ops().list(e.app);
    this.states.set(e.uri, r.ok ? { kind: "ok", ips: r.value } : { kind: "error", failure: r.kind, message: r.message });
    if (!r.ok) this.sendIps(e.uri, null);
    this.emitter.fire(undefined);
  }

  getTreeItem(n: FlyNode): vscode.TreeItem {
    return n;
  }

  getChildren(parent?: FlyNode): FlyNode[] {
    if (!parent) return this.entries.map((e) => new FlyNode(appNode(e, this.states.get(e.uri) ?? { kind: "loading" }), e));
    if (parent.ip || !parent.view.collapsible) return [];
    const state = this.states.get(parent.entry.uri) ?? { kind: "loading" };
    const ips = state.kind === "ok" ? state.ips : [];
    return childrenOf(parent.entry, state).map((v) => new FlyNode(v, parent.entry, ips.find((ip) => v.id.endsWith(`:${ip.Type}:${ip.Address}`))));
  }
}
