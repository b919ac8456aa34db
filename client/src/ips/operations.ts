/**
 * What the IP commands do, with the user interface passed in: release one address, release every public one,
 * allocate a Flycast address, and make an app private (the Flycast blueprint as one plan).
 *
 * Nothing changes without consent: every command reads first, shows what it will do, and changes nothing when
 * the user cancels, presses Escape or closes a dialog. flyctl stops at the first address it cannot release, so
 * after any release the list is read again and the user is told what really happened.
 */
import type { Flyctl, FlyctlResult } from "../../../core/flyctl/client";
import {
  appsList,
  ipsAllocateDedicatedV4,
  ipsAllocatePrivate,
  ipsAllocatePublicV6,
  ipsList,
  ipsRelease,
  networkProblem,
  orgProblem,
  orgsList,
  type FlyctlCommand,
} from "../../../core/flyctl/commands";
import { isPrivate, isPublic, type Ip } from "../../../core/ips";
import { plural } from "../../../core/words";

interface PickItem<T> {
  label: string;
  description?: string;
  value: T;
}

export interface Ui {
  /** A modal dialog; resolves to the action chosen, or undefined for Cancel, Escape or closing it. */
  confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined>;
  /** Free text, checked as it is typed; undefined when the user cancels. */
  input(o: { prompt: string; placeHolder?: string; validate?: (value: string) => string | undefined }): Promise<string | undefined>;
  /** One of the items; undefined when the user cancels. */
  pick<T>(items: PickItem<T>[], placeHolder: string): Promise<T | undefined>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  /** Runs a long task with visible progress that the user can cancel. */
  progress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T>;
}

interface Hooks {
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

/** What "Make app private" would change in one config file of the app. */
export interface FilePlan {
  uri: string;
  relative: string;
  /** The text planned on (the editor's buffer) and the text it becomes. */
  before: string;
  after: string;
  /** The fixes, by title, on the line of their finding, and why a private app needs each. */
  fixes: { title: string; line: number; why: string }[];
  /** The buffer has unsaved changes: it is edited and left unsaved. */
  dirty: boolean;
  /** Why the file is left as it is. */
  problem?: string;
}

export interface AppliedFile {
  uri: string;
  relative: string;
  before: string;
  /** Lines changed (a real line diff of the buffer before and after). */
  changedLines: number;
  saved: boolean;
}

/** The config files of an app, as the editor has them (buffers, not disk). */
export interface ConfigEdits {
  /** What each config file of the app would become once the app has these addresses; changes nothing. */
  plan(futureIps: Ip[]): Promise<FilePlan[]>;
  /** Shows the planned changes (a diff of each file) and asks again; true: go ahead. Changes nothing. */
  review(app: string, plans: FilePlan[]): Promise<boolean>;
  /** Applies the plans to the buffers (undoable). Undefined: a buffer changed since its plan, nothing was applied. */
  apply(plans: FilePlan[]): Promise<AppliedFile[] | undefined>;
}

export interface PrivateOutcome {
  allocated?: string;
  released: string[];
  files: AppliedFile[];
  private: boolean;
}

const REVIEW = "Review file changes…";
const ALLOCATE_BILLED = "Allocate (billed)";
const MAKE_PRIVATE = "Make private";
/** The address the plan is computed against, before flyctl allocates the real one. */
export const PLANNED_FLYCAST: Ip = { ID: "", Address: "fdaa::", Type: "private_v6" };

/** The plan as the modal shows it: plain sentences, one step a line. */
export function planDetail(app: string, o: { allocate: boolean; release: string[]; plans: FilePlan[] }, action = MAKE_PRIVATE): string {
  const lines: string[] = ["This will, in order:"];
  if (o.allocate) {
    lines.push(
      `• allocate a private Flycast IPv6 address, so the app is reached at http://${app}.flycast from your organization's ` +
        "private network;",
    );
  }
  if (o.release.length) {
    const which = o.release.length === 1 ? "its public address" : `its ${o.release.length} public addresses`;
    lines.push(`• release ${which}: ${o.release.join(", ")} (the app stops being reachable from the internet);`);
  }
  // one bullet a file, one sub-bullet a fix (dialogs drop leading spaces, so the marks carry the structure)
  for (const p of o.plans.filter((x) => x.after !== x.before)) {
    lines.push(`• change ${p.relative}${p.dirty ? " (it has unsaved changes: it is edited in the editor and left unsaved)" : ""}:`);
    for (const f of p.fixes) lines.push(`   ◦ line ${f.line}: ${f.title} (${f.why})`);
  }
  for (const p of o.plans.filter((x) => x.problem)) lines.push(`• leave ${p.relative} as it is: ${p.problem}.`);
  for (const p of o.plans.filter((x) => x.after === x.before && !x.problem))
    lines.push(`• leave ${p.relative} as it is: it needs no change.`);
  lines.push("", `Other problems in these files stay for you to fix. Nothing changes until you choose ${action}.`);
  return lines.join("\n");
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

  /** What a release left behind, in words: "Released a; b is still allocated to api (flyctl: …)". */
  private static releaseWords(app: string, o: ReleaseOutcome): string {
    const kept = o.requested.filter((a) => !o.released.includes(a));
    const done = o.released.length ? `Released ${o.released.join(", ")}${kept.length ? "; " : "."}` : "";
    const left = kept.length ? `${kept.join(", ")} ${kept.length === 1 ? "is" : "are"} still allocated to ${app}` : "";
    return `${done}${left}${o.error ? ` (flyctl: ${o.error})` : ""}${left ? "." : ""}`;
  }

  private async report(app: string, o: ReleaseOutcome): Promise<void> {
    const kept = o.requested.filter((a) => !o.released.includes(a));
    if (!o.error && !kept.length) await this.ui.info(`Released ${o.released.join(", ")} from ${app}.`);
    else await this.ui.error(IpOperations.releaseWords(app, o));
  }

  async release(app: string, address: string): Promise<ReleaseOutcome | undefined> {
    const ok = await this.ui.confirm(
      `Release ${address} from ${app}?`,
      "The address goes back to Fly.io, and anything that reaches the app through it stops working. Allocating again gives a different " +
        "address.",
      "Release",
    );
    if (ok !== "Release") return undefined;
    const o = await this.ui.progress(`Releasing ${address} from ${app}`, (signal) => this.releaseAndReread(app, [address], signal));
    await this.report(app, o);
    return o;
  }

  async releasePublic(app: string): Promise<ReleaseOutcome | undefined> {
    const listed = await this.ui.progress(`Reading the addresses of ${app}`, (signal) => this.list(app, signal));
    if (!listed.ok) {
      if (listed.kind !== "cancelled") await this.ui.error(`Could not read the addresses of ${app}: ${listed.message}`);
      return undefined;
    }
    const pub = listed.value.filter(isPublic).map((ip) => ip.Address);
    if (!pub.length) {
      await this.ui.info(`${app} has no public IP addresses.`);
      return undefined;
    }
    const ok = await this.ui.confirm(
      `Release ${pub.length === 1 ? "the public address" : `all ${pub.length} public addresses`} of ${app}?`,
      `${pub.join("\n")}\n\nThe app will no longer be reachable from the ` +
        `internet${listed.value.some(isPrivate) ? "; it stays reachable over Flycast" : ""}.`,
      "Release",
    );
    if (ok !== "Release") return undefined;
    const o = await this.ui.progress(`Releasing the public addresses of ${app}`, (signal) => this.releaseAndReread(app, pub, signal));
    await this.report(app, o);
    return o;
  }

  /** Asks for the organization (from flyctl orgs list) and the network, shows the plan, then allocates. */
  async allocatePrivate(app: string): Promise<string | undefined> {
    const orgs = await this.ui.progress("Listing your organizations", (signal) => this.flyctl.exec(orgsList(), { signal }));
    if (!orgs.ok && orgs.kind === "cancelled") return undefined;
    const org = orgs.ok
      ? await this.ui.pick(
          [
            { label: "The app's own organization", description: "the default", value: "" },
            ...orgs.value.map((o) => ({ label: o.slug, description: o.name, value: o.slug })),
          ],
          "Which organization's private network may reach the Flycast address?",
        )
      : await this.ui.input({
          prompt: "Organization whose private network may reach the Flycast address (empty: the app's own)",
          validate: orgProblem,
        });
    if (org === undefined) return undefined;
    const network = await this.ui.input({
      prompt: "Network of the Flycast address (empty: the organization's default network)",
      placeHolder: "default network",
      validate: networkProblem,
    });
    if (network === undefined) return undefined;
    let cmd;
    try {
      cmd = ipsAllocatePrivate(app, { org: org || undefined, network: network || undefined });
    } catch (e) {
      await this.ui.error((e as Error).message);
      return undefined;
    }
    const ok = await this.ui.confirm(
      `Allocate a private Flycast IPv6 address for ${app}?`,
      `Organization: ${org || "the app's own"}\nNetwork: ${network || "the organization's default"}\n\nThe app becomes reachable at ` +
        `http://${app}.flycast from that network. Its public addresses are not changed.`,
      "Allocate",
    );
    if (ok !== "Allocate") return undefined;
    const r = await this.ui.progress(cmd.title, (signal) => this.flyctl.exec(cmd, { signal }));
    await this.list(app);
    if (!r.ok) {
      await this.ui.error(`Could not allocate a Flycast address: ${r.message}`);
      return undefined;
    }
    await this.ui.info(`${app} now has the Flycast address ${r.value}: reach it at http://${app}.flycast from the private network.`);
    return r.value;
  }

  /** A dedicated IPv4 (billed monthly, said before anything happens): asked in a modal, Cancel runs nothing. */
  async allocateDedicatedV4(app: string): Promise<string | undefined> {
    const ok = await this.ui.confirm(
      `Allocate a dedicated IPv4 address for ${app}? It is billed monthly.`,
      "Fly.io bills a dedicated IPv4 every month (flyctl says $2/mo) until it is released. It serves what the shared IPv4 cannot: " +
        "UDP and raw TCP on any port. Nothing is allocated until you choose Allocate (billed).",
      ALLOCATE_BILLED,
    );
    if (ok !== ALLOCATE_BILLED) return undefined;
    return this.allocatePublic(app, ipsAllocateDedicatedV4(app), "a dedicated IPv4 address, billed monthly");
  }

  /** A public IPv6 (free): the app becomes reachable from the internet over IPv6. */
  async allocatePublicV6(app: string, ips?: readonly Ip[] | null): Promise<string | undefined> {
    const priv = ips?.some(isPrivate) && !ips.some(isPublic);
    const ok = await this.ui.confirm(
      `Allocate a public IPv6 address for ${app}?`,
      `${app}'s services become reachable from the internet over IPv6${priv ? ": the app is private now, and would not be any more" : ""}. ` +
        "A public IPv6 is free. Nothing is allocated until you choose Allocate.",
      "Allocate",
    );
    if (ok !== "Allocate") return undefined;
    return this.allocatePublic(app, ipsAllocatePublicV6(app), "a public IPv6 address");
  }

  private async allocatePublic(app: string, cmd: FlyctlCommand<string>, what: string): Promise<string | undefined> {
    const r = await this.ui.progress(cmd.title, (signal) => this.flyctl.exec(cmd, { signal }));
    // a cancelled allocation may still have happened on Fly.io's side: the view shows the list as it is
    await this.list(app);
    if (!r.ok) {
      if (r.kind !== "cancelled") await this.ui.error(`Could not allocate ${what} for ${app}: ${r.message}`);
      return undefined;
    }
    await this.ui.info(`${app} now has ${r.value}, ${what}.`);
    return r.value;
  }

  /** The app names the account can see, for "Pick the app". */
  async apps(): Promise<FlyctlResult<{ name: string; org?: string }[]>> {
    return this.flyctl.exec(appsList());
  }

  /**
   * The Flycast blueprint as one plan: read the addresses, work out the fly.toml edits, show it all in one
   * dialog (with a diff of the file changes on request), and only then allocate a Flycast address (first, so the
   * app is never unreachable), release the public ones, and edit the files. Cancel at any step changes nothing;
   * when the app does not end up private, the files are not edited.
   */
  async makePrivate(app: string, edits: ConfigEdits, deploy: () => void): Promise<PrivateOutcome | undefined> {
    const plan = await this.planPrivate(app, edits);
    if ("done" in plan) return plan.done;
    const { allocate, release, plans, changing } = plan;
    const choice = await this.ui.confirm(
      `Make ${app} private?`,
      planDetail(app, { allocate, release, plans }),
      MAKE_PRIVATE,
      ...(changing.length ? [REVIEW] : []),
    );
    if (choice !== MAKE_PRIVATE && choice !== REVIEW) return undefined;
    if (choice === REVIEW && !(await edits.review(app, changing))) return undefined;
    const run = await this.runPrivate(app, edits, plan);
    return this.privateOutcome(app, run, deploy);
  }

  /** Reads the addresses and works out the file edits; changes nothing. `done`: nothing to do, or it failed (said). */
  private async planPrivate(
    app: string,
    edits: ConfigEdits,
  ): Promise<{ done: PrivateOutcome | undefined } | { allocate: boolean; release: string[]; plans: FilePlan[]; changing: FilePlan[] }> {
    const listed = await this.ui.progress(`Reading the addresses of ${app}`, (signal) => this.list(app, signal));
    if (!listed.ok) {
      if (listed.kind !== "cancelled") await this.ui.error(`Could not read the addresses of ${app}: ${listed.message}`);
      return { done: undefined };
    }
    const ips = listed.value;
    const allocate = !ips.some(isPrivate);
    const release = ips.filter(isPublic).map((ip) => ip.Address);
    const future = [...ips.filter((ip) => !isPublic(ip)), ...(allocate ? [PLANNED_FLYCAST] : [])];
    let plans: FilePlan[];
    try {
      plans = await edits.plan(future);
    } catch (e) {
      await this.ui.error(`Could not work out the changes to ${app}'s config files: ${(e as Error).message}`);
      return { done: undefined };
    }
    const changing = plans.filter((p) => p.after !== p.before);
    if (!allocate && !release.length && !changing.length) {
      await this.ui.info(`${app} is already private (only a Flycast address), and its config files need no change.`);
      return { done: { released: [], files: [], private: true } };
    }
    return { allocate, release, plans, changing };
  }

  /** Allocates first (the app is never unreachable), releases, then edits the files: one progress notification. */
  private async runPrivate(
    app: string,
    edits: ConfigEdits,
    { allocate, release, changing }: { allocate: boolean; release: string[]; changing: FilePlan[] },
  ) {
    // one progress notification for every step (VS Code drops a toast that comes too soon after several others)
    return this.ui.progress(`Making ${app} private`, async (signal, report) => {
      let allocated: string | undefined;
      if (allocate) {
        report("allocating a Flycast address…");
        const r = await this.flyctl.exec(ipsAllocatePrivate(app), { signal });
        if (!r.ok) {
          // a cancelled allocation may still have happened on Fly.io's side: the view shows the list as it is
          await this.list(app);
          return { failed: `Could not allocate a Flycast address for ${app}: ${r.message}. Nothing else was changed.` };
        }
        allocated = r.value;
      }
      let outcome: ReleaseOutcome | undefined;
      if (release.length) {
        report("releasing the public addresses…");
        outcome = await this.releaseAndReread(app, release, signal);
      }
      const after = outcome ? outcome.after : await this.list(app).then((r) => (r.ok ? r.value : null));
      const released = outcome?.released ?? [];
      if (!after || !after.some(isPrivate) || after.some(isPublic)) {
        const done = allocated ? `Allocated the Flycast address ${allocated}. ` : "";
        const why = outcome ? IpOperations.releaseWords(app, outcome) : "The addresses could not be read again.";
        return {
          allocated,
          released,
          failed:
            `${app} is not private yet. ${done}${why} The config files were not changed: release the public addresses, then make ` +
            `the app private again.`,
        };
      }
      report("editing the config files…");
      return { allocated, released, applied: changing.length ? await edits.apply(changing) : [] };
    });
  }

  /** What happened, said: the failure, the files changed meanwhile, or the summary with Run fly deploy. */
  private async privateOutcome(
    app: string,
    run: Awaited<ReturnType<IpOperations["runPrivate"]>>,
    deploy: () => void,
  ): Promise<PrivateOutcome | undefined> {
    const { allocated, released = [], applied } = run;
    if (run.failed) {
      await this.ui.error(run.failed);
      return allocated || released.length ? { allocated, released, files: [], private: false } : undefined;
    }
    if (!applied) {
      // a buffer changed while flyctl ran: its plan no longer fits, and a guess is not what the user agreed to
      await this.ui.warn(
        `${app} is private: reach it at http://${app}.flycast. Its config files changed while the addresses were being changed, so they ` +
          `were not edited; their problems are shown in the editor, each with a quick fix.`,
      );
      return { allocated, released, files: [], private: true };
    }
    const files = applied;
    const changed = files.filter((f) => f.changedLines > 0);
    const fileWords = changed.map((f) => `${f.relative} (${plural(f.changedLines, "line")}${f.saved ? "" : ", not saved"})`).join(" and ");
    const summary = `${app} is private: reach it at http://${app}.flycast from your organization's network.${
      changed.length
        ? ` Changed ${fileWords}. Run fly deploy so the app runs with the new configuration.`
        : " Its config files needed no change."
    }`;
    const pick = await this.ui.info(summary, ...(changed.length ? ["Run fly deploy"] : []));
    if (pick === "Run fly deploy") deploy();
    return { allocated, released, files, private: true };
  }
}
