/** The "Fly IPs" tree view: one node per app (its config files named on it), its addresses below, and states that need a human. */
import * as vscode from "vscode";
import { FLY_TOML_GLOB } from "../../../core/files";
import type { Ip } from "../../../core/ips";
import { checkAppName } from "../../../core/flyctl/commands";
import { groupApps } from "./discover";
import { appNode, childrenOf, VIEW_WIDE, viewWideNodes, type AppEntry, type AppState, type ViewNode } from "./model";
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

/** A failure that is the same for every app (flyctl missing, not logged in): shown once, as the view's welcome. */
export interface ViewWide {
  kind: "not-logged-in" | "not-installed";
  message: string;
}

export class FlyIpsProvider implements vscode.TreeDataProvider<FlyNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FlyNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private entries: AppEntry[] = [];
  /** Per app (its first file's URI): the last state read, kept while a refresh runs so rows never blank out. */
  private readonly states = new Map<string, AppState>();
  private readonly refreshing = new Set<string>();
  private viewWide: ViewWide | undefined;
  private loading: Promise<void> | undefined;
  private again: Promise<void> | undefined;
  private discoveredOnce = false;
  private discovery: Promise<void> = Promise.resolve();

  constructor(
    private readonly ops: () => IpOperations,
    private readonly sendIps: (uri: string, ips: Ip[] | null) => void,
    private readonly onViewWide: (v: ViewWide | undefined) => void = () => undefined,
  ) {}

  dispose(): void {
    this.emitter.dispose();
  }

  get apps(): readonly AppEntry[] {
    return this.entries;
  }

  /** The app a config file belongs to. */
  entryOf(uri: string): AppEntry | undefined {
    return this.entries.find((e) => e.files.some((f) => f.uri === uri));
  }

  addressesOf(entry: AppEntry): Ip[] | undefined {
    const s = this.states.get(entry.uri);
    return s?.kind === "ok" ? s.ips : undefined;
  }

  /** Resolves once the workspace's config files have been read (a command run at start-up waits for them). */
  discovered(): Promise<void> {
    return this.discovery;
  }

  /** Reads the workspace's config files again, then every app's addresses (one flyctl call per app). */
  refresh(): Promise<void> {
    // asked again while loading (a setting changed, a file was saved): load once more when this load ends
    if (this.loading) return (this.again ??= this.loading.then(() => ((this.again = undefined), this.refresh())));
    this.loading = this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async discover(): Promise<AppEntry[]> {
    const found = await vscode.workspace.findFiles(FLY_TOML_GLOB, "**/{node_modules,.git}/**", 200);
    const files = [];
    for (const f of found) {
      try {
        files.push({
          uri: f.toString(),
          relative: vscode.workspace.asRelativePath(f),
          text: new TextDecoder().decode(await vscode.workspace.fs.readFile(f)),
        });
      } catch {
        continue;
      }
    }
    return groupApps(files);
  }

  private async load(): Promise<void> {
    const discovery = this.discover();
    // the first discovery is what commands wait for; later ones keep the old entries until they are done
    if (!this.discoveredOnce)
      this.discovery = discovery.then(
        () => undefined,
        () => undefined,
      );
    this.discoveredOnce = true;
    this.entries = await discovery;
    for (const e of this.entries) this.refreshing.add(e.uri);
    this.emitter.fire(undefined);
    // a monorepo has dozens of apps: at most a few flyctl processes at a time
    const queue = [...this.entries];
    const wide: ViewWide[] = [];
    await Promise.all(
      Array.from({ length: Math.min(4, queue.length) }, async () => {
        for (let e = queue.shift(); e; e = queue.shift()) {
          const w = await this.loadApp(e);
          if (w) wide.push(w);
        }
      }),
    );
    const apps = this.entries.filter((e) => e.app).length;
    // only when every app failed the same way is it the view's problem (one app may be of another account)
    this.setViewWide(apps > 0 && wide.length === apps && wide.every((w) => w.kind === wide[0].kind) ? wide[0] : undefined);
  }

  private setViewWide(v: ViewWide | undefined): void {
    this.viewWide = v;
    this.onViewWide(v);
    this.emitter.fire(undefined);
  }

  /** Called by the operations: the app's addresses were read. */
  update(app: string, ips: Ip[] | null): void {
    for (const e of this.entries.filter((x) => x.app === app)) {
      if (ips) this.states.set(e.uri, { kind: "ok", ips });
      for (const f of e.files) this.sendIps(f.uri, ips);
    }
    if (ips && this.viewWide) this.setViewWide(undefined);
    this.emitter.fire(undefined);
  }

  private async loadApp(e: AppEntry): Promise<ViewWide | undefined> {
    const done = (state: AppState) => {
      this.states.set(e.uri, state);
      this.refreshing.delete(e.uri);
      if (state.kind !== "ok") for (const f of e.files) this.sendIps(f.uri, null);
      this.emitter.fire(undefined);
    };
    if (!e.app) return void done({ kind: "error", failure: "no-app", message: "no app name" });
    try {
      checkAppName(e.app);
    } catch (err) {
      return void done({ kind: "error", failure: "failed", message: (err as Error).message });
    }
    const r = await this.ops().list(e.app);
    done(r.ok ? { kind: "ok", ips: r.value } : { kind: "error", failure: r.kind, message: r.message });
    return !r.ok && VIEW_WIDE.includes(r.kind) ? { kind: r.kind as ViewWide["kind"], message: r.message } : undefined;
  }

  getTreeItem(n: FlyNode): vscode.TreeItem {
    return n;
  }

  getChildren(parent?: FlyNode): FlyNode[] {
    // not logged in: the view's welcome says it once, with its button; flyctl missing: once, at the top
    if (this.viewWide?.kind === "not-logged-in") return [];
    if (this.viewWide)
      return parent ? [] : viewWideNodes(this.viewWide.message).map((v) => new FlyNode(v, { uri: "view", relative: "", files: [] }));
    if (!parent)
      return this.entries.map(
        (e) =>
          new FlyNode(appNode(e, this.states.get(e.uri) ?? { kind: "loading" }, this.refreshing.has(e.uri) && this.states.has(e.uri)), e),
      );
    if (parent.ip || !parent.view.collapsible) return [];
    const state = this.states.get(parent.entry.uri) ?? { kind: "loading" };
    const ips = state.kind === "ok" ? state.ips : [];
    return childrenOf(parent.entry, state).map(
      (v) =>
        new FlyNode(
          v,
          parent.entry,
          ips.find((ip) => v.id.endsWith(`:${ip.Type}:${ip.Address}`)),
        ),
    );
  }
}
