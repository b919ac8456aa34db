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
import { defineRule } from "./rule";

export const DEPLOY_RULES = [
  defineRule({
    id: "machine-check-no-command",
    severity: "error",
    docs: cfg("services-machine_checks"),
    title: "A machine check without a command",
    group: "checks",
    fixSafety: "none",
    what: "A `machine_checks` item (top level, `[http_service]` or `[[services]]`) with no `command`.",
    why:
      '`fly config validate` passes it, but `fly deploy` fails when it creates the test Machine ("missing command for ' +
      'test machine", machines.go ToTestMachineConfig).',
    check: machineChecks,
  }),
  defineRule({
    id: "machine-config-invalid",
    reads: ["files"],
    severity: "error",
    docs: "https://fly.io/docs/machines/flyctl/fly-machine-run/",
    title: "machine_config that fly deploy cannot use",
    group: "other",
    fixSafety: "none",
    what:
      "`machine_config` (or `[experimental] machine_config`, which wins) that is neither JSON inline (starting with " +
      "`{`) nor the path of a `.json` file beside fly.toml that is JSON; or whose `container` names no container of " +
      "it, or has a container other than the one that gets the built image without an `image`.",
    why: "`fly deploy` fails (internal/config/machine.go ParseConfig, internal/containerconfig).",
    check: machineConfig,
  }),
  defineRule({
    id: "deploy-option-ignored",
    cases: {
      "no-strategy": { when: "[deploy] names no strategy: flyctl warns, though its default (rolling) uses the value", severity: "info" },
    },
    severity: "warning",
    docs: cfg("picking-a-deployment-strategy"),
    title: "A [deploy] option the strategy ignores",
    group: "other",
    fixSafety: "safe",
    what: "`max_unavailable` with the `bluegreen` or `immediate` strategy, or with no `strategy`.",
    why:
      "It works with the rolling and canary strategies only: otherwise `fly deploy` warns and ignores it. Without a " +
      "`strategy` it prints the same warning although the default rolling strategy does use the value (an info, with a " +
      'fix that writes `strategy = "rolling"`, which changes nothing else).',
    check: strategyOptions,
  }),
  defineRule({
    id: "vm-memory-conflict",
    severity: "warning",
    docs: cfg("the-vm-section"),
    title: "[[vm]] memory and memory_mb disagree",
    group: "other",
    fixSafety: "safe",
    what: "A `[[vm]]` sets both `memory` and `memory_mb` to different sizes.",
    why:
      "flyctl applies `memory`, then copies `memory_mb` over it (machines.go computeToGuest), so `memory_mb` wins and " +
      "`memory` misleads; the fix removes `memory`, which changes nothing.",
    check: memoryConflicts,
  }),
  defineRule({
    id: "vm-resets-on-deploy",
    severity: "hint",
    docs: cfg("the-vm-section"),
    title: "[[vm]] leaves CPUs or memory to the default size",
    group: "other",
    fixSafety: "none",
    what: "A `[[vm]]` without `size` that sets only one of CPUs and memory.",
    why:
      "On every `fly deploy` the other comes from the default size (shared-cpu-1x: 1 shared CPU, 256 MB), undoing what " +
      "`fly scale vm` or `fly scale memory` set (flyctl issue 4544). The message says which values the Machines get; " +
      "with the live Machines known, live-config-drift says which ones change.",
    check: resetsOnDeploy,
  }),
];

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

/** computeToGuest copies memory_mb over memory: where both are set to different sizes, memory says nothing. */
function memoryConflicts(ctx: RuleContext): void {
  for (const t of vmTables(ctx.root)) {
    const memory = getEntry(t, "memory");
    const guest = guestFor(ctx.root, t);
    if (!guest || !memory || guest.memoryFrom !== "memory_mb" || guest.memoryMbOfMemory === undefined) continue;
    if (guest.memoryMbOfMemory === guest.memoryMb) continue;
    ctx.report(
      "vm-memory-conflict",
      memory.keySpan,
      `memory is ${guest.memoryMbOfMemory} MB but memory_mb = ${guest.memoryMb} wins (flyctl copies memory_mb over memory), so ` +
        `the Machines get ${guest.memoryMb} MB; remove the one you do not mean.`,
      { fixes: [fix("Remove memory (memory_mb wins anyway)", [removeEntry(ctx.text, memory)])] },
    );
  }
}

function resetsOnDeploy(ctx: RuleContext): void {
  const { names } = processNames(ctx.root);
  for (const t of vmTables(ctx.root)) {
    const guest = guestFor(ctx.root, t);
    if (!guest || guest.sizeSet) continue;
    const defaulted = [!guest.cpusSet && "the CPUs", guest.memoryFrom === "size" && "the memory"].filter((x): x is string => !!x);
    if (!defaulted.length) continue;
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

/** "group 'app'" or "groups 'web', 'worker'": the groups a [[vm]] applies to (ComputeForGroup's choice). */
function groupsOfVm(root: TableNode, t: TableNode, names: readonly string[]): string {
  const mine = names.filter((g) => guestFor(root, undefined, g)?.table === t);
  const list = (mine.length ? mine : names).map((g) => `'${g}'`).join(", ");
  return `${mine.length > 1 ? "groups" : "group"} ${list}`;
}
