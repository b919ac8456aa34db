/** Autostop / autostart, per service ([http_service] and each [[services]]). */
import { insertKey, quote, removeEntry, replace, setKey } from "../../../../core/edits";
import { getEntry, getValue, type TableNode, type ValueNode } from "../../../../core/tree";
import type { Service } from "../flyctl-view";
import { autostopOf, groupsOf, intValue, servicesOf, guestFor } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import { SUSPEND_MAX_MEMORY_MB } from "../../../../schemas/facts";
import { defineRule, ENUM_FIX_CASES } from "./rule";
import { walkSchema } from "./shape";

const AUTOSTOP = "https://fly.io/docs/launch/autostop-autostart/";

/** The rules of this family, one definition each (rule.ts says what each field means). */
export const AUTOSTOP_RULES = [
  defineRule({
    id: "autostop-invalid-value",
    cases: ENUM_FIX_CASES,
    severity: "error",
    docs: AUTOSTOP + "#configure-autostop-autostart",
    title: "auto_stop_machines is not off/stop/suspend/true/false",
    group: "autostop",
    fixSafety: "unsafe",
    what: '`auto_stop_machines` is not "off", "stop", "suspend", true or false (`"on"`, `"yes"`…).',
    why:
      'flyctl rejects the file. The fix offers "stop" or "off" (unsafe: it picks what the app does), or the same value ' +
      "spelt the right way (safe).",
    check: walkSchema,
  }),
  defineRule({
    id: "autostop-legacy-bool",
    severity: "hint",
    docs: AUTOSTOP + "#configure-autostop-autostart",
    title: "auto_stop_machines as a legacy boolean",
    group: "autostop",
    fixSafety: "safe",
    what: '`auto_stop_machines = true` or `false`: the legacy boolean form, read as "stop" and "off".',
    why:
      "It still works, but a reader has to know the old meaning, and the docs write the string. The fix writes the " +
      "string, which means the same.",
    check: legacyBools,
  }),
  defineRule({
    id: "autostop-without-autostart",
    cases: {
      down: { when: "min_machines_running is 0: once every Machine stopped, the app is down until the next deploy", severity: "error" },
      shrinks: { when: "min_machines_running keeps some Machines running: capacity only shrinks to it", severity: "warning" },
    },
    privateWhy: "without it, once idle Machines stop, Flycast requests never start them again",
    severity: "warning",
    docs: "https://fly.io/docs/reference/fly-proxy-autostop-autostart/#how-fly-proxy-behaves-without-autostart-autostop",
    title: "Autostop on and autostart off: Machines never come back",
    group: "autostop",
    fixSafety: "unsafe",
    what: "Autostop is on and `auto_start_machines = false`.",
    why:
      "Fly Proxy stops idle Machines and never starts them again: when `min_machines_running` is 0 the app ends up " +
      "down (an error), otherwise capacity only shrinks (a warning).",
    check: autostopsWithoutAutostart,
  }),
  defineRule({
    id: "min-machines-without-autostop",
    severity: "warning",
    docs: AUTOSTOP + "#minimum-number-of-machines-running",
    title: "min_machines_running has no effect without autostop",
    group: "autostop",
    fixSafety: "unsafe",
    what: "`min_machines_running` above 0 while autostop is off.",
    why: "It has no effect: nothing is stopped anyway. Remove it, or turn autostop on.",
    check: minMachinesSettings,
  }),
  defineRule({
    id: "min-machines-primary-region",
    severity: "warning",
    docs: AUTOSTOP + "#minimum-number-of-machines-running",
    title: "min_machines_running without primary_region",
    group: "autostop",
    fixSafety: "unsafe",
    what: "`min_machines_running` above 0, and the file has no `primary_region`.",
    why:
      "`min_machines_running` only counts Machines in `primary_region`, so it keeps nothing running. Add " +
      "`primary_region` with the code of the app's main region.",
    check: minMachinesSettings,
  }),
  defineRule({
    id: "min-machines-negative",
    severity: "error",
    docs: AUTOSTOP + "#minimum-number-of-machines-running",
    title: "min_machines_running is negative or not an integer",
    group: "autostop",
    fixSafety: "none",
    what: "`min_machines_running` is negative or not a whole number.",
    why: "A negative count means nothing and a fraction is not a count; use 0 or more.",
    check: [walkSchema, minMachinesSettings],
  }),
  defineRule({
    id: "autostop-misplaced",
    severity: "warning",
    docs: AUTOSTOP + "#configure-autostop-autostart",
    title: "Autostop/autostart keys outside a service are ignored",
    group: "autostop",
    fixSafety: "unsafe",
    what:
      "`auto_stop_machines`, `auto_start_machines` or `min_machines_running` outside `[http_service]` or a " +
      "`[[services]]` entry (at the top level, in `[deploy]`, in a concurrency table…).",
    why:
      "flyctl ignores it there, so the app does not autostop as written. The fix moves it into the only service " +
      "(unsafe: it then takes effect).",
    check: walkSchema,
  }),
  defineRule({
    id: "autostop-conflict",
    severity: "warning",
    docs: AUTOSTOP,
    title: "Services of one process group disagree on auto_stop_machines",
    group: "autostop",
    fixSafety: "none",
    what: "Services of one process group disagree on `auto_stop_machines`.",
    why:
      "Fly Proxy applies the most restrictive one to the group's Machines, so one of the settings is not what happens. " +
      "Make them the same.",
    check: autostopConflicts,
  }),
  defineRule({
    id: "suspend-limits",
    severity: "warning",
    docs: "https://fly.io/docs/reference/suspend-resume/#requirements",
    title: "suspend with swap, a GPU or more than 2 GB",
    group: "autostop",
    fixSafety: "safe",
    what: '`auto_stop_machines = "suspend"` on Machines that cannot suspend (swap, a GPU, or more than 2 GB of memory).',
    why: 'Fly silently stops them instead, so they start cold. The fix writes "stop", which is what happens anyway.',
    check: suspendsBeyondLimits,
  }),
];

type AutostopValue = { value: string; node: ValueNode };

const serviceName = (s: Service) => (s.kind === "http_service" ? "[http_service]" : "this [[services]]");

function legacyBools(ctx: RuleContext): void {
  for (const s of servicesOf(ctx.root)) legacyBool(ctx, s.table);
}

function autostopsWithoutAutostart(ctx: RuleContext): void {
  for (const s of servicesOf(ctx.root)) withoutAutostart(ctx, s.table, serviceName(s));
}

function minMachinesSettings(ctx: RuleContext): void {
  for (const s of servicesOf(ctx.root)) minMachines(ctx, s.table);
}

function suspendsBeyondLimits(ctx: RuleContext): void {
  for (const s of servicesOf(ctx.root)) suspendLimits(ctx, s.table, serviceName(s));
}

/** The autostop settings of the services of each process group. */
function autostopConflicts(ctx: RuleContext): void {
  const byGroup = new Map<string, AutostopValue[]>();
  for (const s of servicesOf(ctx.root)) {
    const stopNode = getValue(s.table, "auto_stop_machines");
    const autostop = autostopOf(s.table);
    if (stopNode && autostop)
      for (const g of groupsOf(ctx.root, s.table)) byGroup.set(g, [...(byGroup.get(g) ?? []), { value: autostop, node: stopNode }]);
  }
  conflicts(ctx, byGroup);
}

function legacyBool(ctx: RuleContext, t: TableNode): void {
  const stopNode = getValue(t, "auto_stop_machines");
  if (stopNode?.type !== "boolean") return;
  const canon = stopNode.value ? "stop" : "off";
  ctx.report(
    "autostop-legacy-bool",
    stopNode.span,
    `\`auto_stop_machines = ${stopNode.raw}\` is the legacy boolean form, read as "${canon}"; write \`"${canon}"\`.`,
    {
      fixes: [fix(`Change to "${canon}"`, [replace(stopNode.span, `"${canon}"`)])],
    },
  );
}

function withoutAutostart(ctx: RuleContext, t: TableNode, name: string): void {
  const autostop = autostopOf(t);
  const startNode = getValue(t, "auto_start_machines");
  if (!(autostop === "stop" || autostop === "suspend") || startNode?.value !== false) return;
  const severe = !intValue(getValue(t, "min_machines_running"));
  ctx.report(
    "autostop-without-autostart",
    startNode.span,
    severe
      ? `${name} stops idle Machines (auto_stop_machines = ${getValue(t, "auto_stop_machines")!.raw}) but never starts them again, and ` +
          `min_machines_running is 0: once they stop, the app is down until the next deploy; set \`auto_start_machines = true\`.`
      : `${name} stops idle Machines but never starts them again, so capacity only shrinks to min_machines_running; set ` +
          `\`auto_start_machines = true\`.`,
    { case: severe ? "down" : "shrinks", fixes: [fix("Set auto_start_machines = true", [replace(startNode.span, "true")])] },
  );
}

/** min-machines-negative, min-machines-without-autostop, min-machines-primary-region. */
function minMachines(ctx: RuleContext, t: TableNode): void {
  const { root, text } = ctx;
  const minEntry = getEntry(t, "min_machines_running");
  const min = intValue(getValue(t, "min_machines_running"));
  if (min === undefined || !minEntry) return;
  if (min < 0 && minEntry.value.kind === "value")
    ctx.report("min-machines-negative", minEntry.value.span, "`min_machines_running` cannot be negative; use 0 or more.");
  if (min <= 0) return;
  const stopNode = getValue(t, "auto_stop_machines");
  const autostop = autostopOf(t);
  const on = autostop === "stop" || autostop === "suspend";
  // an invalid auto_stop_machines (of any type) is reported on its own; do not pile on
  const stopEntry = getEntry(t, "auto_stop_machines");
  if (!on && !(stopEntry && autostop === undefined) && !(stopEntry && !stopEntry.kv)) {
    ctx.report(
      "min-machines-without-autostop",
      minEntry.keySpan,
      `\`min_machines_running = ${min}\` has no effect while auto_stop_machines is ${stopNode ? stopNode.raw : "unset (off)"}: nothing ` +
        `is stopped anyway; remove it, or turn autostop on with \`auto_stop_machines = "stop"\`.`,
      {
        fixes: [
          fix("Remove min_machines_running", [removeEntry(text, minEntry)]),
          fix(
            'Set auto_stop_machines = "stop"',
            [setKey(text, t, "auto_stop_machines", stopNode ? quote("stop", stopNode.type === "string" ? stopNode : undefined) : '"stop"')],
            false,
          ),
        ],
      },
    );
  }
  if (!getEntry(root, "primary_region")) {
    ctx.report(
      "min-machines-primary-region",
      minEntry.keySpan,
      "`min_machines_running` only counts Machines in `primary_region`, and this file has none; add `primary_region` with your " +
        "main region's code.",
      {
        fixes: [fix("Add primary_region (fill in your region)", [insertKey(text, root, 'primary_region = ""')], false)],
      },
    );
  }
}

function suspendLimits(ctx: RuleContext, t: TableNode, name: string): void {
  const { root } = ctx;
  const stopNode = getValue(t, "auto_stop_machines");
  if (autostopOf(t) !== "suspend" || !stopNode) return;
  const reasons: string[] = [];
  if (getEntry(root, "swap_size_mb")) reasons.push("swap is configured (swap_size_mb)");
  for (const g of groupsOf(root, t)) {
    // a [[vm]] that cannot be read is vm-invalid's; without one the Machines keep their size
    const vm = guestFor(root, undefined, g);
    if (vm?.gpu) reasons.push(`process group ${g} has a GPU`);
    if (vm && vm.memoryMb > SUSPEND_MAX_MEMORY_MB)
      reasons.push(`process group ${g} has ${vm.memoryMb} MB of memory (suspend needs ${SUSPEND_MAX_MEMORY_MB / 1024} GB or less)`);
  }
  if (!reasons.length) return;
  ctx.report(
    "suspend-limits",
    stopNode.span,
    `Machines of ${name} cannot suspend because ${[...new Set(reasons)].join(" and ")}; Fly silently stops them instead, so say ` +
      `\`"stop"\`.`,
    {
      fixes: [fix('Change to "stop"', [replace(stopNode.span, quote("stop", stopNode))])],
    },
  );
}

function conflicts(ctx: RuleContext, byGroup: Map<string, AutostopValue[]>): void {
  for (const [group, list] of byGroup) {
    const first = list[0];
    for (const other of list.slice(1)) {
      if (other.value === first.value) continue;
      ctx.report(
        "autostop-conflict",
        other.node.span,
        `Services of process group ${group} disagree on auto_stop_machines ("${first.value}" and "${other.value}"); Fly Proxy applies ` +
          `the most restrictive one to the group's Machines, so make them the same.`,
      );
    }
  }
}
