/**
 * What the IP commands do, with the user interface passed in: release one address, release every public one,
 * allocate a Flycast address, and make an app private (the Flycast blueprint as one guided action).
 * flyctl stops at the first address it cannot release, so after any release the list is read again and the
 * user is told what really happened.
 */
import type { Flyctl, FlyctlResult } from "../flyctl/client";
import { appsList, ipsAllocatePrivate, ipsList, ipsRelease } from "../flyctl/commands";
import { isPrivate, isPublic, type Ip } from "../../../server/src/service/ips";

export interface Ui {
  /** A modal confirmation; resolves true only for the named action. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** Free text; undefined when the user cancels. */
  input(prompt: string, placeHolder?: string): Promise<string | undefined>;
  pick(items: string[], placeHolder: string): Promise<string | undefined>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  /** Runs a long task with visible progress that the user can cancel. */
  progress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T>;
}

export interface Hooks {
  /** The app's addresses changed (or were read): refresh the view and tell the language server. */
  changed(app: string, ips: Ip[] | null): void;
}

export interface ReleaseOutcome {
  requested: string[];
  released: string[];
  /** The list read after the release, when it could be read. */
  after: Ip[] | null;
  error?: string;
}

export class IpOperations {
  constructor(
    private readonly flyctl: Flyctl,
    private readonly ui: Ui,
    private readonly hooks: Hooks,
  ) {}

  async list(app: string, signal?: AbortSignal): Promise<FlyctlResult<Ip[]>> {
    const r = await this.flyctl.exec(ipsList(app), { signal });
    this.hooks.changed(app, r.ok ? r.value : null);
    return r;
  }

  /** Runs the release and re-reads the list, whatever happened. */
  private async releaseAndReread(app: string, addresses: string[], signal: AbortSignal): Promise<ReleaseOutcome> {
    const r = await this.flyctl.exec(ipsRelease(app, addresses), { signal });
    const reread = await this.list(app);
    const after = reread.ok ? reread.value : null;
    const still = new Set((after ?? []).map((ip) => ip.Address));
    const released = after ? addresses.filter((a) => !still.has(a)) : r.ok ? r.value : [];
    return { requested: addresses, released, after, error: r.ok ? undefined : r.message };
  }

  private async report(app: string, o: ReleaseOutcome): Promise<void> {
    const kept = o.requested.filter((a) => !o.released.includes(a));
    if (!o.error && !kept.length) {
      await this.ui.info(`Released ${o.released.join(", ")} from ${app}.`);
      return;
    }
    const done = o.released.length ? `Released ${o.released.join(", ")}; ` : "";
    await this.ui.error(`${done}${kept.length ? `${kept.join(", ")} ${kept.length === 1 ? "is" : "are"} still allocated to ${app}` : ""}${o.error ? ` — flyctl: ${o.error}` : ""}`);
  }

  async release(app: string, address: string): Promise<ReleaseOutcome | undefined> {
    const ok = await this.ui.confirm(`Release ${address} from ${app}?`, "The address goes back to Fly.io and cannot be got back. Anything that reaches the app through it stops working.", "Release");
    if (!ok) return undefined;
    const o = await this.ui.progress(`Releasing ${address} from ${app}`, (signal) => this.releaseAndReread(app, [address], signal));
    await this.report(app, o);
    return o;
  }

  async releasePublic(app: string): Promise<ReleaseOutcome | undefined> {
    const listed = await this.ui.progress(`Reading the addresses of ${app}`, (signal) => this.list(app, signal));
    if (!listed.ok) {
      await this.ui.error(`Could not read the addresses of ${app}: ${listed.message}`);
      return undefined;
    }
    const pub = listed.value.filter(isPublic).map((ip) => ip.Address);
    if (!pub.length) {
      await this.ui.info(`${app} has no public IP addresses.`);
      return undefined;
    }
    const ok = await this.ui.confirm(
      `Release ${pub.length === 1 ? "the public address" : `all ${pub.length} public addresses`} of ${app}?`,
      `${pub.join("\n")}\n\nThe app will no longer be reachable from the internet${listed.value.some(isPrivate) ? "; it stays reachable over Flycast" : ""}.`,
      "Release",
    );
    if (!ok) return undefined;
    const o = await this.ui.progress(`Releasing the public addresses of ${app}`, (signal) => this.releaseAndReread(app, pub, signal));
    await this.report(app, o);
    return o;
  }

  async allocatePrivate(app: string, ask = true): Promise<string | undefined> {
    let org: string | undefined;
    let network: string | undefined;
    if (ask) {
      org = await this.ui.input("Organization that may reach the Flycast address (empty: the app's own)", "personal");
      if (org === undefined) return undefined;
      network = await this.ui.input("Network of the Flycast address (empty: the organization's default)", "");
      if (network === undefined) return undefined;
    }
    let cmd;
    try {
      cmd = ipsAllocatePrivate(app, { org: org || undefined, network: network || undefined });
    } catch (e) {
      await this.ui.error((e as Error).message);
      return undefined;
    }
    const r = await this.ui.progress(cmd.title, (signal) => this.flyctl.exec(cmd, { signal }));
    await this.list(app);
    if (!r.ok) {
      await this.ui.error(`Could not allocate a Flycast address: ${r.message}`);
      return undefined;
    }
    await this.ui.info(`${app} now has the Flycast address ${r.value}: reach it at http://${app}.flycast from the private network.`);
    return r.value;
  }

  /** The app names the account can see, for "Pick the app". */
  async apps(): Promise<FlyctlResult<{ name: string; org?: string }[]>> {
    return this.flyctl.exec(appsList());
  }

  /**
   * The Flycast blueprint: a Flycast address if there is none, the public ones released (after confirmation),
   * fly.toml fixed, and the deploy hint. Returns what it did, for the caller and the tests.
   */
  async makePrivate(app: string, fixFile: (ips: Ip[]) => Promise<number>, deploy: () => void): Promise<{ allocated?: string; released: string[]; fixes: number; private: boolean } | undefined> {
    const listed = await this.ui.progress(`Reading the addresses of ${app}`, (signal) => this.list(app, signal));
    if (!listed.ok) {
      await this.ui.error(`Could not read the addresses of ${app}: ${listed.message}`);
      return undefined;
    }
    let ips = listed.value;
    let allocated: string | undefined;
    if (!ips.some(isPrivate)) {
      const cmd = ipsAllocatePrivate(app);
      const r = await this.ui.progress(cmd.title, (signal) => this.flyctl.exec(cmd, { signal }));
      if (!r.ok) {
        await this.ui.error(`Could not allocate a Flycast address for ${app}: ${r.message}`);
        return undefined;
      }
      allocated = r.value;
      const again = await this.list(app);
      if (again.ok) ips = again.value;
    }
    let released: string[] = [];
    const pub = ips.filter(isPublic).map((ip) => ip.Address);
    if (pub.length) {
      const ok = await this.ui.confirm(`Release the public addresses of ${app}?`, `${pub.join("\n")}\n\nA private app must not be reachable from the internet.`, "Release");
      if (ok) {
        const o = await this.ui.progress(`Releasing the public addresses of ${app}`, (signal) => this.releaseAndReread(app, pub, signal));
        released = o.released;
        if (o.after) ips = o.after;
        if (o.error || o.released.length < pub.length) await this.report(app, o);
      }
    }
    const fixes = await fixFile(ips);
    const isPriv = ips.some(isPrivate) && !ips.some(isPublic);
    const summary = isPriv
      ? `${app} is private: reach it at http://${app}.flycast.${fixes ? ` fly.toml was fixed (${fixes} change${fixes === 1 ? "" : "s"}).` : ""} Run \`fly deploy\` so the app runs with it.`
      : `${app} still has public addresses.${fixes ? ` fly.toml was fixed (${fixes} change${fixes === 1 ? "" : "s"}).` : ""} Run \`fly deploy\` to apply fly.toml.`;
    const choice = await (isPriv ? this.ui.info(summary, "Run fly deploy") : this.ui.warn(summary, "Run fly deploy"));
    if (choice === "Run fly deploy") deploy();
    return { allocated, released, fixes, private: isPriv };
  }
}
