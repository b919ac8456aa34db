/** Autostop / autostart, per service ([http_service] and each [[services]]). */
import { insertKey, quote, removeEntry, replace, setKey } from "../../../../core/edits";
import { getEntry, getValue } from "../../../../core/tree";
import { autostopOf, groupsOf, intValue, servicesOf, vmFor } from "../view";
import { fix, type RuleContext } from "./context";

export function autostopRules(ctx: RuleContext): void {
  const { root, text } = ctx;
  const services = servicesOf(root);
  const byGroup = new Map<string, { value: string; node: import("../../../../core/tree").ValueNode }[]>();

  for (const s of services) {
    const t = s.table;
    const name = s.kind === "http_service" ? "[http_service]" : "this [[services]]";
    const stopNode = getValue(t, "auto_stop_machines");
    const autostop = autostopOf(t);
    const startNode = getValue(t, "auto_start_machines");
    const minEntry = getEntry(t, "min_machines_running");
    const min = intValue(getValue(t, "min_machines_running"));

    if (stopNode?.type === "boolean") {
      const canon = stopNode.value ? "stop" : "off";
      ctx.report("autostop-legacy-bool", stopNode.span, `\`auto_stop_machines = ${stopNode.raw}\` is the legacy boolean form, read as "${canon}"; write \`"${canon}"\`.`, {
        fixes: [fix(`Change to "${canon}"`, [replace(stopNode.span, `"${canon}"`)])],
      });
    }

    const on = autostop === "stop" || autostop === "suspend";
    if (on && startNode?.value === false) {
      const severe = !min;
      ctx.report(
        "autostop-without-autostart",
        startNode.span,
        severe
          ? `${name} stops idle Machines (auto_stop_machines = ${stopNode!.raw}) but never starts them again, and min_machines_running is 0: once they stop, the app is down until the next deploy; set \`auto_start_machines = true\`.`
          : `${name} stops idle Machines but never starts them again, so capacity only shrinks to min_machines_running; set \`auto_start_machines = true\`.`,
        { severity: severe ? "error" : "warning", fixes: [fix("Set auto_start_machines = true", [replace(startNode.span, "true")])] },
      );
    }

    if (min !== undefined && min < 0 && minEntry?.value.kind === "value") {
      ctx.report("min-machines-negative", minEntry.value.span, "`min_machines_running` cannot be negative; use 0 or more.");
    }

    if (min !== undefined && min > 0 && minEntry) {
      // an invalid auto_stop_machines (of any type) is reported on its own; do not pile on
      const stopEntry = getEntry(t, "auto_stop_machines");
      if (!on && !(stopEntry && autostop === undefined) && !(stopEntry && !stopEntry.kv)) {
        ctx.report(
          "min-machines-without-autostop",
          minEntry.keySpan,
          `\`min_machines_running = ${min}\` has no effect while auto_stop_machines is ${stopNode ? stopNode.raw : "unset (off)"}: nothing is stopped anyway; remove it, or turn autostop on with \`auto_stop_machines = "stop"\`.`,
          {
            fixes: [
              fix("Remove min_machines_running", [removeEntry(text, minEntry)]),
              fix('Set auto_stop_machines = "stop"', [setKey(text, t, "auto_stop_machines", stopNode ? quote("stop", stopNode.type === "string" ? stopNode : undefined) : '"stop"')], false),
            ],
          },
        );
      }
      if (!root.entries.has("primary_region")) {
        ctx.report(
          "min-machines-primary-region",
          minEntry.keySpan,
          "`min_machines_running` only counts Machines in `primary_region`, and this file has none; add `primary_region` with your main region's code.",
          { fixes: [fix("Add primary_region (fill in your region)", [insertKey(text, root, 'primary_region = ""')], false)] },
        );
      }
    }

    if (autostop === "suspend" && stopNode) {
      const reasons: string[] = [];
      if (root.entries.has("swap_size_mb")) reasons.push("swap is configured (swap_size_mb)");
      for (const g of groupsOf(root, t)) {
        const vm = vmFor(root, g);
        if (vm.gpu) reasons.push(`process group ${g} has a GPU`);
        if (vm.memoryMb !== undefined && vm.memoryMb > 2048) reasons.push(`process group ${g} has ${vm.memoryMb} MB of memory (suspend needs 2 GB or less)`);
      }
      if (reasons.length) {
        ctx.report("suspend-limits", stopNode.span, `Machines of ${name} cannot suspend because ${[...new Set(reasons)].join(" and ")}; Fly silently stops them instead, so say \`"stop"\`.`, {
          fixes: [fix('Change to "stop"', [replace(stopNode.span, quote("stop", stopNode))])],
        });
      }
    }

    if (stopNode && autostop) for (const g of groupsOf(root, t)) {
      const list = byGroup.get(g) ?? [];
      list.push({ value: autostop, node: stopNode });
      byGroup.set(g, list);
    }
  }

  for (const [group, list] of byGroup) {
    const first = list[0];
    for (const other of list.slice(1)) {
      if (other.value !== first.value) {
        ctx.report(
          "autostop-conflict",
          other.node.span,
          `Services of process group ${group} disagree on auto_stop_machines ("${first.value}" and "${other.value}"); Fly Proxy applies the most restrictive one to the group's Machines, so make them the same.`,
        );
      }
    }
  }
}
