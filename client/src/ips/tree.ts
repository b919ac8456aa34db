/**
 * The "Fly Apps" tree view: one node per app (its config files named on it) with three sections, its addresses,
 * its Machines and its volumes, each loaded on its own (the addresses never wait for the Machines), at most four
 * flyctl processes at a time across the view; and the states that need a human.
 */
import * as vscode from "vscode";
import { FLY_TOML_GLOB } from "../../../core/files";
import type { FlyctlResult } from "../../../core/flyctl/client";
import { checkAppName } from "../../../core/flyctl/commands";
import { exposureOf, type Ip } from "../../../core/ips";
import { countByState, isAppMachine, type AppState as LiveState, type Machine, type Secret, type Volume } from "../../../core/live";
import {
  checkNodes,
  machineChildren,
  machineNode,
  machinesSummary,
  partWords,
  secretChildren,
  sectionNode,
  volumeChildren,
  type PartState,
  type Section,
} from "../live/model";
import type { MachineOperations } from "../live/operations";
import type { SecretOperations } from "../secrets/operations";
import { groupApps } from "./discover";
import {
  appNode,
  appWithoutFlyctl,
  childrenOf,
  EXPOSURE_WORDS,
  VIEW_WIDE,
  viewWideNodes,
  type AppEntry,
  type AddressesState,
  type ViewNode,
} from "./model";
import type { IpOperations } from "./operations";

export class FlyNode extends vscode.TreeItem {
  constructor(
    readonly view: ViewNode,
    readonly entry: AppEntry,
    readonly extra: { ip?: Ip; machine?: Machine; machines?: Machine[]; section?: Section; volume?: Volume } = {},
  ) {
    super(
      view.label,
      !view.collapsible
        ? vscode.TreeItemCollapsibleState.None
        : view.collapsed
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.Expanded,
    );
    this.id = view.id;
    this.description = view.description;
    this.tooltip = view.tooltip ? new vscode.MarkdownString(view.tooltip) : undefined;
    this.iconPath = new vscode.ThemeIcon(view.icon, view.iconColor ? new vscode.ThemeColor(view.iconColor) : undefined);
    this.contextValue = view.contextValue;
    // vscode.open takes a Uri: the plain data of the view names it by its string
    if (view.command)
      this.command =
        view.command.command === "vscode.open" && typeof view.command.arguments?.[0] === "string"
          ? { ...view.command, arguments: [vscode.Uri.parse(view.command.arguments[0])] }
          : view.command;
  }

  get ip(): Ip | undefined {
    return this.extra.ip;
  }

  get machine(): Machine | undefined {
    return this.extra.machine;
  }

  get volume(): Volume | undefined {
    return this.extra.volume;
  }
}

/** A failure that is the same for every app (flyctl missing, not logged in): shown once, as the view's welcome. */
export interface ViewWide {
  kind: "not-logged-in" | "not-installed";
  message: string;
}

/** The parts of an app's state that the Machine and secret operations read (the addresses have theirs). */
interface LiveParts {
  machines: Machine[];
  volumes: Volume[];
  secrets: Secret[];
}

export class FlyAppsProvider implements vscode.TreeDataProvider<FlyNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FlyNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private entries: AppEntry[] = [];
  /** Per app (its first file's URI): the last state of each part, kept while a refresh runs so rows never blank out. */
  private readonly states = new Map<string, AddressesState>();
  private readonly parts: { [K in keyof LiveParts]: Map<string, PartState<LiveParts[K]>> } = {
    machines: new Map(),
    volumes: new Map(),
    secrets: new Map(),
  };
  private readonly refreshing = new Set<string>();
  /** Apps (by name) a deploy of this window is running for. */
  private readonly deploying = new Set<string>();
  private viewWide: ViewWide | undefined;
  private loading: Promise<void> | undefined;
  private again: Promise<void> | undefined;
  private machinesLoading: Promise<void> | undefined;
  private discoveredOnce = false;
  private discovery: Promise<void> = Promise.resolve();

  constructor(
    private readonly ops: () => IpOperations,
    private readonly live: () => MachineOperations,
    private readonly secrets: () => SecretOperations,
    private readonly send: (uri: string, parts: Partial<LiveState>) => void,
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
    return s?.kind === "ok" ? s.value : undefined;
  }

  machinesOf(entry: AppEntry): Machine[] | undefined {
    const s = this.parts.machines.get(entry.uri);
    return s?.kind === "ok" ? s.value : undefined;
  }

  /** Resolves once the workspace's config files have been read (a command run at start-up waits for them). */
  discovered(): Promise<void> {
    return this.discovery;
  }

  /** Reads the workspace's config files again, then every app's addresses, Machines and volumes. */
  refresh(): Promise<void> {
    // asked again while loading (a setting changed, a file was saved): load once more when this load ends
    if (this.loading) return (this.again ??= this.loading.then(() => ((this.again = undefined), this.refresh())));
    this.loading = this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Lists every app's Machines again (the live refresh), unless a listing is still running. */
  refreshMachines(): Promise<void> {
    if (this.loading || this.machinesLoading) return this.machinesLoading ?? this.loading ?? Promise.resolve();
    const apps = this.entries.filter((e) => e.app && this.parts.machines.has(e.uri));
    this.machinesLoading = Promise.all(apps.map((e) => this.loadPart(e, "machines"))).then(() => void (this.machinesLoading = undefined));
    return this.machinesLoading;
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
    // the view's title offers Launch a private app while the workspace has no fly.toml
    void vscode.commands.executeCommand("setContext", "flyToml.hasApps", this.entries.length > 0);
    for (const e of this.entries) this.refreshing.add(e.uri);
    this.emitter.fire(undefined);
    // every app's addresses are asked for first, then the Machines, then the volumes (flyctl's queue keeps the order)
    const addresses = Promise.all(this.entries.map((e) => this.loadApp(e)));
    const named = this.entries.filter((e) => e.app && isAppName(e.app));
    const rest = Promise.all((["machines", "volumes", "secrets"] as const).flatMap((part) => named.map((e) => this.loadPart(e, part))));
    const wide = (await addresses).filter((w): w is ViewWide => !!w);
    const apps = this.entries.filter((e) => e.app).length;
    // only when every app failed the same way is it the view's problem (one app may be of another account)
    this.setViewWide(apps > 0 && wide.length === apps && wide.every((w) => w.kind === wide[0].kind) ? wide[0] : undefined);
    await rest;
  }

  private setViewWide(v: ViewWide | undefined): void {
    this.viewWide = v;
    this.onViewWide(v);
    this.emitter.fire(undefined);
  }

  /** A deploy of the app started (true) or ended (false): its row says "deploying…" meanwhile. */
  setDeploying(app: string, on: boolean): void {
    if (on) this.deploying.add(app);
    else this.deploying.delete(app);
    this.emitter.fire(undefined);
  }

  /** Called by the operations: the app's addresses were read. */
  update(app: string, ips: Ip[] | null): void {
    for (const e of this.entries.filter((x) => x.app === app)) {
      if (ips) this.states.set(e.uri, { kind: "ok", value: ips });
      for (const f of e.files) this.send(f.uri, { ips });
    }
    if (ips && this.viewWide) this.setViewWide(undefined);
    this.emitter.fire(undefined);
  }

  /** Called by the Machine operations: the app's Machines (or volumes) were read. */
  updateLive<K extends keyof LiveParts>(app: string, part: K, value: LiveParts[K] | null): void {
    for (const e of this.entries.filter((x) => x.app === app)) {
      if (value) this.parts[part].set(e.uri, { kind: "ok", value });
      for (const f of e.files) this.send(f.uri, { [part]: value });
    }
    this.emitter.fire(undefined);
  }

  private async loadApp(e: AppEntry): Promise<ViewWide | undefined> {
    const done = (state: AddressesState) => {
      this.states.set(e.uri, state);
      this.refreshing.delete(e.uri);
      if (state.kind !== "ok") for (const f of e.files) this.send(f.uri, { ips: null });
      this.emitter.fire(undefined);
    };
    if (!e.app) return void done({ kind: "error", failure: "no-app", message: "no app name" });
    try {
      checkAppName(e.app);
    } catch (err) {
      return void done({ kind: "error", failure: "failed", message: (err as Error).message });
    }
    const r = await this.ops().list(e.app!);
    done(r.ok ? { kind: "ok", value: r.value } : { kind: "error", failure: r.kind, message: r.message });
    return !r.ok && VIEW_WIDE.includes(r.kind) ? { kind: r.kind as ViewWide["kind"], message: r.message } : undefined;
  }

  /** Lists the app's Machines, volumes or secrets; the operations' hook stores what was read (updateLive). */
  private async loadPart(e: AppEntry, part: keyof LiveParts): Promise<void> {
    const list: Record<keyof LiveParts, () => Promise<FlyctlResult<unknown>>> = {
      machines: () => this.live().machines(e.app!),
      volumes: () => this.live().volumes(e.app!),
      secrets: () => this.secrets().list(e.app!),
    };
    const r = await list[part]();
    if (r.ok) return;
    // a failed refresh keeps the rows it had only while they can still be true (a timeout); other failures say so
    if (!(r.kind === "timed-out" && this.parts[part].get(e.uri)?.kind === "ok"))
      this.parts[part].set(e.uri, { kind: "error", failure: r.kind, message: r.message });
    this.emitter.fire(undefined);
  }

  getTreeItem(n: FlyNode): vscode.TreeItem {
    return n;
  }

  getChildren(parent?: FlyNode): FlyNode[] {
    // not logged in: the view's welcome says it once, with its button; flyctl missing: once, at the top
    if (this.viewWide?.kind === "not-logged-in") return [];
    // flyctl missing: said once at the top, and the apps stay listed with their config files (nothing to load)
    if (this.viewWide) {
      if (parent) return [];
      const top = viewWideNodes(this.viewWide.message).map((v) => new FlyNode(v, { uri: "view", relative: "", files: [] }));
      return [...top, ...this.entries.map((e) => new FlyNode(appWithoutFlyctl(e), e))];
    }
    if (!parent) return this.entries.map((e) => this.appRow(e));
    const e = parent.entry;
    if (!parent.view.collapsible) return [];
    if (parent.extra.machines) return parent.extra.machines.map((m) => new FlyNode(machineNode(e, m, false), e, { machine: m }));
    if (parent.extra.machine) return checkNodes(e, parent.extra.machine).map((v) => new FlyNode(v, e));
    if (parent.extra.section) return this.sectionChildren(e, parent.extra.section);
    if (parent.view.id.startsWith("app:")) return this.sections(e);
    return [];
  }

  private appRow(e: AppEntry): FlyNode {
    const ips = this.states.get(e.uri) ?? { kind: "loading" };
    return new FlyNode(
      appNode(
        e,
        ips,
        this.refreshing.has(e.uri) && this.states.has(e.uri),
        machinesSummary(this.parts.machines.get(e.uri)),
        !!e.app && this.deploying.has(e.app),
      ),
      e,
    );
  }

  private sections(e: AppEntry): FlyNode[] {
    const ips = this.states.get(e.uri) ?? { kind: "loading" };
    // an app the view cannot ask about (no name, not found…) shows only why, under its addresses
    if (!e.app || (ips.kind === "error" && ips.failure !== "timed-out" && ips.failure !== "cancelled" && ips.failure !== "failed"))
      return childrenOf(e, ips).map((v) => new FlyNode(v, e));
    const ipWords =
      ips.kind === "ok"
        ? ips.value.length
          ? EXPOSURE_WORDS[exposureOf(ips.value)]
          : "none"
        : ips.kind === "loading"
          ? "loading…"
          : "needs attention";
    const machines = this.parts.machines.get(e.uri);
    const volumes = this.parts.volumes.get(e.uri);
    const secrets = this.parts.secrets.get(e.uri);
    // a part that is known to be empty is one row that says so, with nothing to open
    const noMachines = machines?.kind === "ok" && !machines.value.some(isAppMachine);
    const noVolumes = volumes?.kind === "ok" && !volumes.value.length;
    return [
      new FlyNode(sectionNode(e, "ips", ipWords, ips.kind === "ok" && exposureOf(ips.value) === "private"), e, { section: "ips" }),
      new FlyNode(
        noMachines
          ? { ...sectionNode(e, "machines", "none: fly deploy creates them"), collapsible: false }
          : sectionNode(
              e,
              "machines",
              partWords(machines, (ms) => countByState(ms.filter(isAppMachine))),
            ),
        e,
        { section: "machines" },
      ),
      new FlyNode(
        noVolumes
          ? { ...sectionNode(e, "volumes", "none"), collapsible: false }
          : sectionNode(
              e,
              "volumes",
              partWords(volumes, (v) => `${v.length}`),
            ),
        e,
        { section: "volumes" },
      ),
      // closed until opened (names only; the tree stays short), and nothing to open when there are none
      new FlyNode(
        secrets?.kind === "ok" && !secrets.value.length
          ? { ...sectionNode(e, "secrets", "none"), collapsible: false }
          : {
              ...sectionNode(
                e,
                "secrets",
                partWords(secrets, (v) => `${v.length}`),
              ),
              collapsed: true,
            },
        e,
        { section: "secrets" },
      ),
    ];
  }

  private sectionChildren(e: AppEntry, section: Section): FlyNode[] {
    if (section === "ips") {
      const state = this.states.get(e.uri) ?? { kind: "loading" };
      const ips = state.kind === "ok" ? state.value : [];
      return childrenOf(e, state).map((v) => new FlyNode(v, e, { ip: ips.find((ip) => v.id.endsWith(`:${ip.Type}:${ip.Address}`)) }));
    }
    if (section === "machines")
      return machineChildren(e, this.parts.machines.get(e.uri)).map(
        (c) => new FlyNode(c.node, e, { machine: c.machine, machines: c.machines }),
      );
    if (section === "secrets") return secretChildren(e, this.parts.secrets.get(e.uri)).map((v) => new FlyNode(v, e));
    const volumes = this.parts.volumes.get(e.uri);
    const known = volumes?.kind === "ok" ? volumes.value : [];
    return volumeChildren(e, volumes, this.machinesOf(e)).map(
      (v) => new FlyNode(v, e, { volume: known.find((x) => v.id === `volume:${e.uri}:${x.id}`) }),
    );
  }
}

function isAppName(app: string): boolean {
  try {
    checkAppName(app);
    return true;
  } catch {
    return false;
  }
}
