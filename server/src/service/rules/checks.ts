/** Health checks and shutdown (kill_timeout). */
import { replace } from "../../../../core/edits";
import { formatDuration, parseGoDuration } from "../text";
import { getEntry, getTable, getValue, tablesOf, type TableNode, type ValueNode } from "../../../../core/tree";
import { servicesOf } from "../view";
import { fix, type RuleContext } from "./context";
import { KILL_TIMEOUT_MAX_NS } from "./shape";

/** A check duration in ns, reading bare numbers in `unit`; undefined when unset or unreadable. */
function durationNs(v: ValueNode | undefined, unit: "ms" | "s"): number | undefined {
  if (!v) return undefined;
  if (v.type === "integer" || v.type === "float") return Math.trunc(Number(v.value) * (unit === "ms" ? 1e6 : 1e9));
  if (v.type === "string" && v.value !== "") return parseGoDuration(String(v.value));
  return undefined;
}

const SECOND = 1e9;
const MINUTE = 60e9;

export function checkRules(ctx: RuleContext): void {
  const { root } = ctx;

  // check-duration-clamped (flyctl's validateSingleServiceCheckDuration)
  for (const s of servicesOf(root)) {
    const lists: [TableNode[], string, boolean][] =
      s.kind === "http_service"
        ? [[tablesOf(s.table.entries.get("checks")?.value), "HTTP", false]]
        : [
            [tablesOf(s.table.entries.get("tcp_checks")?.value), "TCP", true],
            [tablesOf(s.table.entries.get("http_checks")?.value), "HTTP", true],
          ];
    for (const [checks, kind, msNumbers] of lists) {
      for (const c of checks) {
        for (const key of ["interval", "timeout", "grace_period"] as const) {
          const v = getValue(c, key);
          if (!v || (!msNumbers && v.type !== "string")) continue;
          const ns = durationNs(v, "ms");
          if (ns === undefined) continue;
          const what = key === "grace_period" ? "a grace period" : `an ${key === "interval" ? "interval" : "timeout"}`.replace("an timeout", "a timeout");
          if (key === "grace_period" ? ns > 0 && ns < SECOND : ns < SECOND) {
            ctx.report("check-duration-clamped", v.span, `This ${kind} check has ${what} of ${formatDuration(ns)}, under 1 second: flyctl raises it to 1s; write at least "1s".`);
          } else if (ns > MINUTE) {
            ctx.report("check-duration-clamped", v.span, `This ${kind} check has ${what} of ${formatDuration(ns)}, over 1 minute: flyctl lowers it to 1m; write at most "1m".`);
          }
        }
      }
    }
  }

  // toplevel-check-invalid (flyctl's validateChecksSection, and the conversion-time port check)
  const checks = root.entries.get("checks")?.value;
  const hasHttpService = !!getTable(root, "http_service");
  if (checks?.kind === "table") {
    for (const [name, e] of checks.entries) {
      if (e.value.kind !== "table") continue;
      const c = e.value;
      if (!getEntry(c, "type")) {
        ctx.report("toplevel-check-invalid", e.keySpan, `Check '${name}' has no \`type\`: flyctl rejects it ("Missing or invalid check type, must be 'http' or 'tcp'"); add \`type = "http"\` or \`type = "tcp"\`.`);
      }
      if (!getEntry(c, "port") && !hasHttpService) {
        ctx.report("toplevel-check-invalid", e.keySpan, `Check '${name}' has no \`port\` and there is no [http_service] to take it from, so the deploy fails; add \`port = <the port to check>\`.`);
      }
      const interval = durationNs(getValue(c, "interval"), "ms");
      if (interval !== undefined && interval < 2 * SECOND) {
        ctx.report("toplevel-check-invalid", getValue(c, "interval")!.span, `Check '${name}' interval is too short: ${formatDuration(interval)}, the minimum is 2 seconds (flyctl rejects it).`, {
          fixes: [fix('Change to "2s"', [replace(getValue(c, "interval")!.span, '"2s"')])],
        });
      }
      const timeout = durationNs(getValue(c, "timeout"), "ms");
      if (timeout !== undefined && timeout > MINUTE) {
        ctx.report("toplevel-check-invalid", getValue(c, "timeout")!.span, `Check '${name}' timeout is too long: ${formatDuration(timeout)}, the maximum is 60 seconds (flyctl rejects it).`, {
          fixes: [fix('Change to "60s"', [replace(getValue(c, "timeout")!.span, '"60s"')])],
        });
      }
    }
  }

  // kill-timeout-too-long: a bare number is seconds here
  const kt = getValue(root, "kill_timeout");
  const ktNs = durationNs(kt, "s");
  if (kt && ktNs !== undefined && (ktNs > KILL_TIMEOUT_MAX_NS || ktNs < 0)) {
    const is = kt.type === "string" ? formatDuration(ktNs) : `${formatDuration(ktNs)} (a bare number is seconds)`;
    ctx.report("kill-timeout-too-long", kt.span, ktNs < 0 ? "`kill_timeout` cannot be negative." : `kill_timeout is ${is}, but Fly allows at most 5 minutes (300 s); use "5m" or less.`, {
      fixes: ktNs > 0 ? [fix('Change to "5m"', [replace(kt.span, '"5m"')])] : [],
    });
  }
}
