/**
 * The file against the app as it runs: its Machines and volumes (`flyctl machines list` / `volumes list`). Every rule
 * here is silent while that state is unknown.
 */
import { autostopWord, groupOf, isAppMachine, type Machine, type MachineService } from "../../../../core/live";
import { getEntry, getValue, tablesOf, type Node, type Span, type TableNode, type ValueNode } from "../../../../core/tree";
import { cfg } from "../../../../schemas/meta";
import {
  describeGuest,
  guestFor,
  vmSpan,
  autostopOf,
  groupsOf,
  headerSpan,
  intValue,
  mountTables,
  parseSizeGb,
  processNames,
  servicesOf,
  type Service,
} from "../flyctl-view";
import type { RuleContext } from "./context";
import { defineRule } from "./rule";
import { plural } from "../../../../core/words";

export const LIVE_RULES = [
  defineRule({
    id: "min-machines-unmet",
    needs: ["machines"],
    severity: "warning",
    docs: "https://fly.io/docs/launch/autostop-autostart/#configure-autostop-autostart",
    title: "min_machines_running asks for more Machines than exist",
    group: "autostop",
    fixSafety: "none",
    what:
      "A service with autostop asks Fly Proxy to keep `min_machines_running` Machines running in `primary_region`, but " +
      "fewer Machines of its process group exist there (live, from `flyctl machines list`).",
    why: "Autostop never creates Machines, so the minimum is not kept; the message gives the `fly scale count` command " + "that does.",
    check: minMachinesUnmet,
  }),
  defineRule({
    id: "process-group-no-machines",
    needs: ["machines"],
    severity: "info",
    docs: cfg("the-processes-section"),
    title: "A process group with no Machine",
    group: "processes",
    fixSafety: "none",
    what: "A `[processes]` group that no Machine of the app belongs to (live).",
    why: "Its command runs nowhere until a deploy or `fly scale count` creates one.",
    check: groupsWithoutMachines,
  }),
  defineRule({
    id: "live-config-drift",
    needs: ["machines"],
    severity: "info",
    docs: "https://fly.io/docs/launch/deploy/",
    title: "The running Machines carry another value than the file",
    group: "other",
    fixSafety: "none",
    what:
      "What the running Machines carry in their services (autostop, autostart, `min_machines_running`, " +
      "`internal_port`, `force_https`) or their size differs from fly.toml, or they lack a service the file gives " +
      "their group, or still carry one it no longer gives (live).",
    why: "The file is applied by the next `fly deploy`; until then the Machines do what they carry, so the file is not " + "what runs.",
    check: drift,
  }),
  defineRule({
    id: "volume-missing",
    cases: { "first-deploy": { when: "the app has no Machine yet: its first deploy creates the volume", severity: "info" } },
    needs: ["volumes", "machines"],
    severity: "warning",
    docs: cfg("the-mounts-section"),
    title: "A [[mounts]] source with no volume to attach",
    group: "other",
    fixSafety: "none",
    what:
      "A `[[mounts]]` whose volumes are missing (live, from `flyctl volumes list`): Machines without a volume in their " +
      "region, a group with no Machine and no unattached volume, a Machine holding a volume of another name.",
    why:
      "flyctl's deploy fails for it: a warning with the `fly volume create` command. Where the first deploy creates " +
      "the volume itself, an info that says what it will create.",
    check: volumesMissing,
  }),
];

/** The app's own Machines (not those flyctl runs for a release command or a console); null while unknown. */
const appMachines = (ctx: RuleContext): Machine[] | null => ctx.machines?.filter(isAppMachine) ?? null;

function primaryRegion(root: TableNode): string | undefined {
  const v = getValue(root, "primary_region");
  return v?.type === "string" && v.value ? String(v.value) : undefined;
}

function minMachinesUnmet(ctx: RuleContext): void {
  const machines = appMachines(ctx);
  if (!machines) return;
  const region = primaryRegion(ctx.root);
  if (!region) return; // min-machines-primary-region says it
  for (const s of servicesOf(ctx.root)) {
    const v = getValue(s.table, "min_machines_running");
    const min = intValue(v);
    const autostop = autostopOf(s.table);
    // without autostop nothing is stopped, and min-machines-without-autostop says so
    if (!v || min === undefined || min <= 0 || (autostop !== "stop" && autostop !== "suspend")) continue;
    for (const group of groupsOf(ctx.root, s.table)) {
      const here = machines.filter((m) => groupOf(m) === group && m.region === region).length;
      if (here >= min) continue;
      ctx.report(
        "min-machines-unmet",
        v.span,
        `\`min_machines_running = ${min}\` asks Fly Proxy to keep ${plural(min, "Machine")} of group '${group}' running in ${region} ` +
          `(primary_region), but ${here === 0 ? "none exists" : `only ${here} exist${here === 1 ? "s" : ""}`} there, and autostop ` +
          `never creates Machines; create ${min - here === 1 ? "the missing one" : "the missing ones"} with ` +
          `\`fly scale count ${min} --region ${region} --process-group ${group}\`.`,
      );
    }
  }
}

function groupsWithoutMachines(ctx: RuleContext): void {
  const machines = appMachines(ctx);
  if (!machines) return;
  const procs = getEntry(ctx.root, "processes")?.value;
  if (procs?.kind !== "table") return;
  const groups = new Set(machines.map(groupOf));
  for (const e of procs.entries.values()) {
    if (groups.has(e.key)) continue;
    const others = [...groups].filter(Boolean).sort();
    ctx.report(
      "process-group-no-machines",
      e.keySpan,
      `No Machine of the app belongs to process group '${e.key}'${others.length ? ` (the Machines are in ${others.map((g) => `'${g}'`).join(", ")})` : " (the app has no Machines)"}, ` +
        `so its command runs nowhere; the next \`fly deploy\` creates one, or \`fly scale count 1 --process-group ${e.key}\`.`,
    );
  }
}

type Setting = "auto_stop_machines" | "auto_start_machines" | "min_machines_running" | "internal_port" | "force_https";

/** A setting of a fly.toml service as flyctl copies it into a Machine's service (undefined: not set), in fly.toml words. */
function fileValue(s: Service, key: Setting, port?: TableNode): string | undefined {
  const t = s.table;
  switch (key) {
    case "auto_stop_machines":
      return autostopOf(t) && JSON.stringify(autostopOf(t));
    case "auto_start_machines": {
      const v = getValue(t, key);
      return v?.type === "boolean" ? String(v.value) : undefined;
    }
    case "min_machines_running":
      return String(intValue(getValue(t, key)) ?? 0);
    case "internal_port": {
      const n = intValue(getValue(t, key));
      return n === undefined ? undefined : String(n);
    }
    case "force_https": {
      const v = getValue(port ?? t, key);
      return String(v?.type === "boolean" ? v.value : false);
    }
  }
}

/** The same setting as a Machine carries it. */
function machineValue(ms: MachineService | undefined, key: Setting, s: Service, portIndex?: number): string | undefined {
  if (!ms) return undefined;
  switch (key) {
    case "auto_stop_machines": {
      const w = autostopWord(ms.autostop);
      return w && JSON.stringify(w);
    }
    case "auto_start_machines":
      return ms.autostart === undefined ? undefined : String(ms.autostart);
    case "min_machines_running":
      return String(ms.min_machines_running ?? 0);
    case "internal_port":
      return ms.internal_port === undefined ? undefined : String(ms.internal_port);
    case "force_https":
      // [http_service] becomes ports 80 (with its force_https) and 443; [[services.ports]] keep their order
      return s.kind === "http_service"
        ? String((ms.ports ?? []).some((p) => p.force_https === true))
        : String(ms.ports?.[portIndex ?? 0]?.force_https === true);
  }
}

/** flyctl gives each Machine the services of its group, in file order ([http_service] first): match them by position. */
function drift(ctx: RuleContext): void {
  const machines = appMachines(ctx);
  if (!machines) return;
  const services = servicesOf(ctx.root);
  for (const group of processNames(ctx.root).names) {
    const mine = machines.filter((m) => groupOf(m) === group && m.config);
    if (!mine.length) continue;
    const forGroup = services.filter((s) => groupsOf(ctx.root, s.table).includes(group));
    forGroup.forEach((s, i) => {
      const carried = mine.map((m) => m.config?.services?.[i]);
      serviceMissing(ctx, s, group, carried);
      const keys: Setting[] = ["auto_stop_machines", "auto_start_machines", "min_machines_running", "internal_port"];
      for (const key of keys) compare(ctx, s, group, key, carried, getEntry(s.table, key)?.value);
      if (s.kind === "http_service") compare(ctx, s, group, "force_https", carried, getEntry(s.table, "force_https")?.value);
      else
        tablesOf(getEntry(s.table, "ports")?.value).forEach((port, p) => {
          const v = getEntry(port, "force_https")?.value;
          if (v) compare(ctx, s, group, "force_https", carried, v, port, p);
        });
    });
    servicesGone(ctx, group, mine, forGroup);
    guestDrift(ctx, group, mine);
  }
}

/**
 * The size the next deploy gives the group (machines.go computeToGuest, from its [[vm]]) against the one its Machines
 * have: `fly scale vm` / `fly scale memory` are undone by a deploy whose [[vm]] says otherwise (flyctl issue 4544).
 * Without a [[vm]] for the group a deploy keeps each Machine's size: nothing to compare.
 */
function guestDrift(ctx: RuleContext, group: string, mine: Machine[]): void {
  const g = guestFor(ctx.root, undefined, group);
  if (!g) return;
  const counts = new Map<string, number>();
  let known = 0;
  for (const m of mine) {
    const guest = m.config?.guest;
    if (!guest || guest.cpus === undefined || guest.memory_mb === undefined) continue;
    known++;
    const now = { cpus: guest.cpus, cpuKind: guest.cpu_kind ?? g.cpuKind, memoryMb: guest.memory_mb };
    if (now.cpus === g.cpus && now.cpuKind === g.cpuKind && now.memoryMb === g.memoryMb) continue;
    const words = describeGuest(now);
    counts.set(words, (counts.get(words) ?? 0) + 1);
  }
  if (!counts.size) return;
  const have = [...counts.entries()].map(([w, n]) => `${machinesWord(n, known)} ${n === 1 ? "has" : "have"} ${w}`).join(", ");
  ctx.report(
    "live-config-drift",
    vmSpan(ctx.root, g.table),
    `The next \`fly deploy\` gives the Machines of group '${group}' ${describeGuest(g)} from this [[vm]], but ${have} now ` +
      `(\`fly scale vm\` or \`fly scale memory\`?): the deploy changes ${counts.size === 1 && known === [...counts.values()][0] ? "them" : "those"}. ` +
      `Write the size you want to keep here.`,
  );
}

const machinesWord = (n: number, total: number) =>
  n === total ? (total === 1 ? "its one Machine" : `all ${total} Machines`) : `${n} of ${total} Machines`;

/** A service the file gives the group that (some of) its Machines do not carry: added since the last deploy. */
function serviceMissing(ctx: RuleContext, s: Service, group: string, carried: (MachineService | undefined)[]): void {
  const without = carried.filter((c) => !c).length;
  if (!without) return;
  ctx.report(
    "live-config-drift",
    headerSpan(s.table, s.entry),
    `The running Machines of group '${group}' do not carry this service yet (${machinesWord(without, carried.length)} ` +
      `without it): Fly Proxy sends them no traffic for it until the next \`fly deploy\` applies the file.`,
  );
}

/** Services the group's Machines carry beyond the file's: removed from the file since the last deploy. */
function servicesGone(ctx: RuleContext, group: string, mine: Machine[], forGroup: Service[]): void {
  const extra = mine.flatMap((m) => (m.config?.services ?? []).slice(forGroup.length));
  if (!extra.length) return;
  const holders = mine.filter((m) => (m.config?.services?.length ?? 0) > forGroup.length).length;
  const ports = [...new Set(extra.map((x) => x.internal_port).filter((p) => p !== undefined))].sort((a, b) => a! - b!);
  // where the group is named, else the last service of the group, else the app's name
  const procs = getEntry(ctx.root, "processes")?.value;
  const key = procs?.kind === "table" ? procs.entries.get(group)?.keySpan : undefined;
  const last = forGroup.at(-1);
  const span = key ?? (last ? headerSpan(last.table, last.entry) : (getEntry(ctx.root, "app")?.keySpan ?? [0, 0]));
  ctx.report(
    "live-config-drift",
    span,
    `The running Machines of group '${group}' still carry ${extra.length === holders ? "a service" : "services"} the file no ` +
      `longer gives it (${machinesWord(holders, mine.length)}${ports.length ? `, internal_port ${ports.join(", ")}` : ""}): ` +
      `Fly Proxy still routes to them for it until the next \`fly deploy\` removes it.`,
  );
}

function compare(
  ctx: RuleContext,
  s: Service,
  group: string,
  key: Setting,
  carried: (MachineService | undefined)[],
  node: Node | undefined,
  port?: TableNode,
  portIndex?: number,
): void {
  const want = fileValue(s, key, port);
  const counts = new Map<string, number>();
  for (const ms of carried) {
    // a Machine without this service at all is a different drift (a service added since the last deploy): not a value to compare
    if (!ms) continue;
    const got = machineValue(ms, key, s, portIndex) ?? "unset";
    if (got !== (want ?? "unset")) counts.set(got, (counts.get(got) ?? 0) + 1);
  }
  if (!counts.size) return;
  const total = carried.filter(Boolean).length;
  const carriedWords = [...counts.entries()].map(
    ([v, n]) => `${machinesWord(n, total)} ${v === "unset" ? `without ${key}` : `with ${key} = ${v}`}`,
  );
  const span: Span = node ? node.span : headerSpan(s.table, s.entry);
  ctx.report(
    "live-config-drift",
    span,
    `The running Machines of group '${group}' differ from fly.toml here: ${carriedWords.join(", ")}, while the file says ` +
      `${want === undefined ? `nothing (${key} unset)` : `${key} = ${want}`}; the next \`fly deploy\` applies the file.`,
  );
}

function volumesMissing(ctx: RuleContext): void {
  const machines = appMachines(ctx);
  if (!machines) return;
  const { root } = ctx;
  const vols = ctx.volumes;
  if (!vols) return;
  const firstOf = new Map<string, { table: TableNode; source: ValueNode }>();
  for (const t of mountTables(root)) {
    const source = getValue(t, "source");
    if (source?.type !== "string" || !source.value) continue;
    for (const g of groupsOf(root, t)) if (!firstOf.has(g)) firstOf.set(g, { table: t, source });
  }
  // what the deploy may attach: unattached volumes on a reachable host (deploy's setVolumes)
  const unattached = vols.filter((v) => !v.attached_machine_id && (v.host_status === undefined || v.host_status === "ok"));
  const region = primaryRegion(root);
  for (const [group, { table, source }] of firstOf) {
    const name = String(source.value);
    const mine = machines.filter((m) => groupOf(m) === group);
    const free = unattached.filter((v) => v.name === name);
    if (mine.length) {
      const other = mine.find((m) => m.config?.mounts?.[0]?.name && m.config.mounts[0].name !== name);
      if (other) {
        ctx.report(
          "volume-missing",
          source.span,
          `Machine ${other.id} of group '${group}' has the volume '${other.config!.mounts![0].name}' attached, and flyctl cannot swap ` +
            `it for '${name}': the next \`fly deploy\` fails ("can't update the attached volume"). Keep the source '${other.config!.mounts![0].name}', or replace the Machine.`,
        );
        continue;
      }
      // a Machine without a volume is replaced by one in the same region, which needs an unattached volume there
      const needs = new Map<string, number>();
      for (const m of mine) if (!m.config?.mounts?.length) needs.set(m.region ?? "", (needs.get(m.region ?? "") ?? 0) + 1);
      const missing = [...needs.entries()]
        .map(([r, n]) => [r, n - free.filter((v) => v.region === r).length] as const)
        .filter(([, n]) => n > 0);
      if (!missing.length) continue;
      ctx.report(
        "volume-missing",
        source.span,
        `Machines of group '${group}' have no '${name}' volume and there is no unattached one to give them ` +
          `(${missing.map(([r, n]) => `${n} in ${r}`).join(", ")}), so the next \`fly deploy\` fails; create ` +
          `${missing.map(([r, n]) => `\`fly volume create ${name} -r ${r} -n ${n}\``).join(" and ")}.`,
      );
      continue;
    }
    if (free.length) continue;
    if (machines.length) {
      ctx.report(
        "volume-missing",
        source.span,
        `Group '${group}' has no Machine yet, and a new Machine needs an unattached '${name}' volume, of which there is none: the ` +
          `next \`fly deploy\` fails; create it with \`fly volume create ${name}${region ? ` -r ${region}` : ""}\`.`,
      );
      continue;
    }
    // no Machine at all: the app's first deploy provisions one volume per group in primary_region
    const size = volumeSize(root, table, group);
    ctx.report(
      "volume-missing",
      source.span,
      `No '${name}' volume exists yet. On the app's first deploy \`fly deploy\` creates one (${size} GB` +
        `${region ? ` in ${region}` : ""}) for group '${group}'; if the app was deployed before and has no Machines now, the deploy ` +
        `fails until you run \`fly volume create ${name}${region ? ` -r ${region}` : ""}\`.`,
      { case: "first-deploy" },
    );
  }
}

/** The size the first deploy gives a volume: initial_size, else 100 GB for GPU Machines, else 1 GB. */
function volumeSize(root: TableNode, mount: TableNode, group: string): number {
  const initial = getValue(mount, "initial_size");
  const gb =
    initial?.type === "string" ? parseSizeGb(String(initial.value)) : initial?.type === "integer" ? Number(initial.value) : undefined;
  if (gb) return gb;
  return guestFor(root, undefined, group)?.gpu ? 100 : 1;
}
