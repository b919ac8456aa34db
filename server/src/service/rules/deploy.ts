/**
 * What `fly deploy` does beyond `fly config validate`: it flattens the config per process group and converts it to a
 * Machine config (internal/appconfig/processgroups.go Flatten, machines.go updateMachineConfig, computeToGuest,
 * ToTestMachineConfig; internal/containerconfig; internal/command/deploy). What fails there is an error that says
 * "fly deploy fails"; what a deploy silently resets, or warns about, is said before it happens.
 */
import { insertKey, removeEntry } from "../../../../core/edits";
import { getEntry, getTable, getValue, tablesOf, type TableNode } from "../../../../core/tree";
import { cfg } from "../../../../schemas/meta";
import { describeGuest, guestFor, headerSpan, processNames, servicesOf, vmSpan, vmTables } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import type { RuleInfo } from "./rule";

export const DEPLOY_RULES = {
  "machine-check-no-command": {
    severity: "error",
    docs: cfg("services-machine_checks"),
    title: "A machine check without a command",
    group: "checks",
    fix: "none",
    description:
      "A `machine_checks` item (top level, `[http_service]` or `[[services]]`) with no `command`: `fly config validate` passes it, " +
      'but `fly deploy` fails when it creates the test Machine ("missing command for test machine", machines.go ' +
      "ToTestMachineConfig).",
  },
  "machine-config-invalid": {
    needs: ["files"],
    severity: "error",
    docs: "https://fly.io/docs/machines/flyctl/fly-machine-run/",
    title: "machine_config that fly deploy cannot use",
    group: "other",
    fix: "none",
    description:
      "`machine_config` (or `[experimental] machine_config`, which wins) must be JSON inline (starting with `{`) or the path of " +
      "a `.json` file. `fly deploy` fails when it is neither, when the file is missing or is not JSON, when `container` names " +
      "no container of it, or when a container other than the one that gets the built image has no `image` " +
      "(internal/config/machine.go ParseConfig, internal/containerconfig). The file is read beside fly.toml.",
  },
  "deploy-option-ignored": {
    cases: {
      "no-strategy": { when: "[deploy] names no strategy: flyctl warns, though its default (rolling) uses the value", severity: "info" },
    },
    severity: "warning",
    docs: cfg("picking-a-deployment-strategy"),
    title: "A [deploy] option the strategy ignores",
    group: "other",
    fix: "safe",
    description:
      "`max_unavailable` works with the rolling and canary strategies only: with `bluegreen` or `immediate` `fly deploy` warns " +
      "and ignores it. Without a `strategy` it prints the same warning although the default rolling strategy does use the value " +
      '(an info, with a fix that writes `strategy = "rolling"`, which changes nothing else).',
  },
  "vm-memory-conflict": {
    severity: "warning",
    docs: cfg("the-vm-section"),
    title: "[[vm]] memory and memory_mb disagree",
    group: "other",
    fix: "safe",
    description:
      "A `[[vm]]` sets both `memory` and `memory_mb` to different sizes. flyctl applies `memory`, then copies `memory_mb` over it " +
      "(machines.go computeToGuest), so `memory_mb` wins; the fix removes `memory`, which changes nothing.",
  },
  "vm-resets-on-deploy": {
    severity: "hint",
    docs: cfg("the-vm-section"),
    title: "[[vm]] leaves CPUs or memory to the default size",
    group: "other",
    fix: "none",
    description:
      "A `[[vm]]` without `size` that sets only one of CPUs and memory: on every `fly deploy` the other comes from the default size " +
      "(shared-cpu-1x: 1 shared CPU, 256 MB), undoing what `fly scale vm` or `fly scale memory` set (flyctl issue 4544). The " +
      "message says which values the Machines get; with the live Machines known, live-config-drift says which ones change.",
  },
} as const satisfies Record<string, RuleInfo>;

export function deployRules(ctx: RuleContext): void {
  machineChecks(ctx);
  machineConfig(ctx);
  strategyOptions(ctx);
  vmSizes(ctx);
}

/** Every machine_checks table flyctl runs: services' (http_service included) and the top-level ones. */
function machineChecks(ctx: RuleContext): void {
  const tables = [
    ...servicesOf(ctx.root).flatMap((s) => tablesOf(getEntry(s.table, "machine_checks")?.value).map((t) => ({ t, s: s.table }))),
    ...tablesOf(getEntry(ctx.root, "machine_checks")?.value).map((t) => ({ t, s: ctx.root })),
  ];
  for (const { t, s } of tables) {
    const command = getEntry(t, "command")?.value;
    if (command && !(command.kind === "array" && command.items.length === 0)) continue;
    const entry = getEntry(s, "machine_checks")!;
    ctx.report(
      "machine-check-no-command",
      command ? getEntry(t, "command")!.keySpan : headerSpan(t, entry),
      'This machine check has no command: fly deploy fails when it creates the test Machine ("missing command for test ' +
        'machine"); add `command = ["…"]`, the test to run.',
    );
  }
}

/** machine_config and container, as containerconfig.ParseContainerConfig reads them. */
function machineConfig(ctx: RuleContext): void {
  const { root } = ctx;
  // a compose file takes precedence: machine_config is not read then
  if (getEntry(getTable(root, "build"), "compose")) return;
  const experimental = getValue(getTable(root, "experimental"), "machine_config");
  const top = getValue(root, "machine_config");
  const source = experimental?.type === "string" && experimental.value !== "" ? experimental : top;
  if (source?.type !== "string" || source.value === "") return;
  const value = String(source.value);
  const fail = (why: string) => ctx.report("machine-config-invalid", source.span, `fly deploy fails: ${why}.`);
  let json: string;
  if (value.startsWith("{")) json = value;
  else if (value.endsWith(".json")) {
    if (!ctx.around) return;
    const file = ctx.around.read(value);
    // flyctl opens it from the directory fly deploy runs in, which is fly.toml's when deploying from here
    if (!file) return fail(`the machine config file ${value} does not exist beside fly.toml (or cannot be read)`);
    json = file.text;
  } else return fail(`machine_config is neither JSON (starting with "{") nor a path ending in .json ("invalid machine config source")`);
  let config: unknown;
  try {
    config = JSON.parse(json);
  } catch (e) {
    return fail(`the machine config ${value.startsWith("{") ? "" : `in ${value} `}is not valid JSON (${(e as Error).message})`);
  }
  const containers = isObject(config) && Array.isArray(config.containers) ? config.containers.filter(isObject) : [];
  if (!containers.length) return;
  const named = getValue(root, "container");
  const wanted = named?.type === "string" && named.value !== "" ? String(named.value) : undefined;
  let selected = containers.find((c) => c.name === (wanted ?? "app"));
  if (!selected && wanted) {
    const names = containers.map((c) => (typeof c.name === "string" ? `"${c.name}"` : "(unnamed)")).join(", ");
    ctx.report(
      "machine-config-invalid",
      named!.span,
      `fly deploy fails: the machine config has no container "${wanted}" ("container not found"); its containers are ${names}.`,
    );
    return;
  }
  selected ??= containers[0];
  for (const c of containers) {
    if (c === selected || (typeof c.image === "string" && c.image !== "")) continue;
    fail(
      `container "${String(c.name ?? "")}" of the machine config has no image; every container but the one that gets the built image needs one`,
    );
    return;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** internal/command/deploy/deploy.go: "max-unavailable set for non-rolling strategy '%s', ignoring". */
function strategyOptions(ctx: RuleContext): void {
  const deploy = getTable(ctx.root, "deploy");
  const max = getEntry(deploy, "max_unavailable");
  if (!deploy || !max) return;
  const strategy = getValue(deploy, "strategy");
  const name = strategy?.type === "string" ? String(strategy.value) : "";
  if (name === "rolling" || name === "canary") return;
  const said = `"Warning: max-unavailable set for non-rolling strategy '${name}', ignoring"`;
  if (!strategy)
    ctx.report(
      "deploy-option-ignored",
      max.keySpan,
      `fly deploy prints ${said} because [deploy] names no strategy, though its default, rolling, does use max_unavailable; ` +
        'write `strategy = "rolling"` to say so.',
      { case: "no-strategy", fixes: [fix('Add strategy = "rolling"', [insertKey(ctx.text, deploy, 'strategy = "rolling"')])] },
    );
  else if (name === "bluegreen" || name === "immediate")
    ctx.report(
      "deploy-option-ignored",
      max.keySpan,
      `The ${name} strategy does not use max_unavailable: fly deploy prints ${said} and goes on without it; remove it.`,
      { fixes: [fix("Remove max_unavailable", [removeEntry(ctx.text, max)])] },
    );
}

/** What computeToGuest gives each [[vm]]'s groups: memory against memory_mb, and values left to the default size. */
function vmSizes(ctx: RuleContext): void {
  const { names } = processNames(ctx.root);
  for (const t of vmTables(ctx.root)) {
    const memory = getEntry(t, "memory");
    const guest = guestFor(ctx.root, t);
    if (!guest) continue;
    if (memory && guest.memoryFrom === "memory_mb" && guest.memoryMbOfMemory !== undefined && guest.memoryMbOfMemory !== guest.memoryMb)
      ctx.report(
        "vm-memory-conflict",
        memory.keySpan,
        `memory is ${guest.memoryMbOfMemory} MB but memory_mb = ${guest.memoryMb} wins (flyctl copies memory_mb over memory), so ` +
          `the Machines get ${guest.memoryMb} MB; remove the one you do not mean.`,
        { fixes: [fix("Remove memory (memory_mb wins anyway)", [removeEntry(ctx.text, memory)])] },
      );
    const defaulted = [!guest.cpusSet && "the CPUs", guest.memoryFrom === "size" && "the memory"].filter((x): x is string => !!x);
    if (!guest.sizeSet && defaulted.length) {
      ctx.report(
        "vm-resets-on-deploy",
        vmSpan(ctx.root, t),
        `On every fly deploy the Machines of ${groupsOfVm(ctx.root, t, names)} get ${describeGuest(guest)}: ${defaulted.join(" and ")} ` +
          `from the default size ${guest.size}, which undoes a \`fly scale vm\` or \`fly scale memory\`. Set ` +
          `${guest.cpusSet ? "`memory`" : guest.memoryFrom === "size" ? "`size`, or `cpus` and `memory`," : "`size` or `cpus`"} here ` +
          `to choose.`,
      );
    }
  }
}

/** "group 'app'" or "groups 'web', 'worker'": the groups a [[vm]] applies to (ComputeForGroup's choice). */
function groupsOfVm(root: TableNode, t: TableNode, names: string[]): string {
  const mine = names.filter((g) => guestFor(root, undefined, g)?.table === t);
  const list = (mine.length ? mine : names).map((g) => `'${g}'`).join(", ");
  return `${mine.length > 1 ? "groups" : "group"} ${list}`;
}
