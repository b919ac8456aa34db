/** Health checks and shutdown (kill_timeout). */
import { replace } from "../../../../core/edits";
import { formatDuration, parseGoDuration } from "../text";
import { getEntry, getTable, getValue, tablesOf, type TableNode, type ValueNode } from "../../../../core/tree";
import { groupsOf, processNames, servicesOf } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import { KILL_TIMEOUT_MAX_NS, SERVICE_CHECK_CLAMP_NS, TOPLEVEL_CHECK_LIMITS_NS } from "../../../../schemas/facts";
import { cfg } from "../../../../schemas/meta";
import { defineRule, ENUM_FIX_CASES } from "./rule";
import { walkSchema } from "./shape";

/** The rules of this family, one definition each (rule.ts says what each field means). */
export const CHECKS_RULES = [
  defineRule({
    id: "check-duration-clamped",
    severity: "warning",
    docs: cfg("services-http_checks"),
    title: "A service check duration flyctl clamps to 1 s–1 min",
    group: "checks",
    fixSafety: "none",
    what: "A service health check interval or timeout under 1 second or over 1 minute.",
    why: "flyctl clamps it (and warns), so the check does not run as written.",
    check: serviceCheckDurations,
  }),
  defineRule({
    id: "toplevel-check-invalid",
    cases: ENUM_FIX_CASES,
    severity: "error",
    docs: cfg("the-checks-section"),
    title: "A [checks.x] flyctl rejects",
    group: "checks",
    fixSafety: "safe",
    what:
      "A `[checks.<name>]` flyctl rejects: no `type`, no `port` and no `[http_service]` to take it from, an interval " +
      "under 2 seconds or a timeout over 60 seconds.",
    why: "flyctl rejects the file. The fixes write the nearest allowed duration.",
    check: [walkSchema, topLevelChecks],
  }),
  defineRule({
    id: "kill-signal-invalid",
    cases: ENUM_FIX_CASES,
    severity: "error",
    docs: cfg("kill_signal-option"),
    title: "kill_signal is not a signal name",
    group: "other",
    fixSafety: "unsafe",
    what: "`kill_signal` is not one of the signal names flyctl accepts.",
    why: "flyctl rejects the file. The fix writes the name in its `SIG…` upper-case form when that is what was meant.",
    check: walkSchema,
  }),
  defineRule({
    id: "kill-timeout-too-long",
    severity: "error",
    docs: cfg("kill_timeout-option"),
    title: "kill_timeout above 300 s",
    group: "other",
    fixSafety: "safe",
    what: "`kill_timeout` above the 5 minutes Fly allows (or negative).",
    why: 'Fly allows at most 5 minutes to stop a Machine. The fix writes "5m".',
    check: killTimeout,
  }),
];

/** A check duration in ns, reading bare numbers in `unit`; undefined when unset or unreadable. */
function durationNs(v: ValueNode | undefined, unit: "ms" | "s"): number | undefined {
  if (!v) return undefined;
  if (v.type === "integer" || v.type === "float") return Math.trunc(Number(v.value) * (unit === "ms" ? 1e6 : 1e9));
  if (v.type === "string" && v.value !== "") return parseGoDuration(String(v.value));
  return undefined;
}

/** The health-check and shutdown family: service checks, top-level [checks], kill_timeout. */
/** check-duration-clamped (flyctl's validateSingleServiceCheckDuration). */
function serviceCheckDurations(ctx: RuleContext): void {
  for (const s of servicesOf(ctx.root)) {
    const lists: [TableNode[], string, boolean][] =
      s.kind === "http_service"
        ? [[tablesOf(getEntry(s.table, "checks")?.value), "HTTP", false]]
        : [
            [tablesOf(getEntry(s.table, "tcp_checks")?.value), "TCP", true],
            [tablesOf(getEntry(s.table, "http_checks")?.value), "HTTP", true],
          ];
    for (const [checks, kind, msNumbers] of lists) {
      for (const c of checks) {
        for (const key of ["interval", "timeout", "grace_period"] as const) {
          const v = getValue(c, key);
          if (!v || (!msNumbers && v.type !== "string")) continue;
          const ns = durationNs(v, "ms");
          if (ns === undefined) continue;
          const what =
            key === "grace_period"
              ? "a grace period"
              : `an ${key === "interval" ? "interval" : "timeout"}`.replace("an timeout", "a timeout");
          if (key === "grace_period" ? ns > 0 && ns < SERVICE_CHECK_CLAMP_NS.min : ns < SERVICE_CHECK_CLAMP_NS.min) {
            ctx.report(
              "check-duration-clamped",
              v.span,
              `This ${kind} check has ${what} of ${formatDuration(ns)}, under 1 second: flyctl raises it to 1s; write at least "1s".`,
            );
          } else if (ns > SERVICE_CHECK_CLAMP_NS.max) {
            ctx.report(
              "check-duration-clamped",
              v.span,
              `This ${kind} check has ${what} of ${formatDuration(ns)}, over 1 minute: flyctl lowers it to 1m; write at most "1m".`,
            );
          }
        }
      }
    }
  }
}

/** toplevel-check-invalid (flyctl's validateChecksSection, and the conversion-time port check). */
function topLevelChecks(ctx: RuleContext): void {
  const { root } = ctx;
  const checks = getEntry(root, "checks")?.value;
  if (checks?.kind === "table") {
    for (const [name, e] of checks.entries) {
      if (e.value.kind !== "table") continue;
      const c = e.value;
      if (!getEntry(c, "type")) {
        ctx.report(
          "toplevel-check-invalid",
          e.keySpan,
          `Check '${name}' has no \`type\`: flyctl rejects it ("Missing or invalid check type, must be 'http' or 'tcp'"); add \`type = ` +
            `"http"\` or \`type = "tcp"\`.`,
        );
      }
      if (!getEntry(c, "port")) {
        // machines.go updateMachineConfig, after Flatten: the port comes from the [http_service] of the check's own group
        const http = getTable(root, "http_service");
        const served = http ? groupsOf(root, http) : [];
        // (a group that does not exist gets no Machine, so nothing fails for it: unknown-process-group says so)
        const { names } = processNames(root);
        const without = groupsOf(root, c).filter((g) => names.includes(g) && !served.includes(g));
        if (without.length)
          ctx.report(
            "toplevel-check-invalid",
            e.keySpan,
            http
              ? `Check '${name}' has no \`port\`, and [http_service] does not serve its group '${without[0]}' to take it from: fly deploy ` +
                  `fails ("Check '${name}' for process group '${without[0]}' has no port set and the group has no http_service to take ` +
                  `it from"); add \`port = <the port to check>\`.`
              : `Check '${name}' has no \`port\` and there is no [http_service] to take it from, so fly deploy fails; add ` +
                  `\`port = <the port to check>\`.`,
          );
      }
      const interval = durationNs(getValue(c, "interval"), "ms");
      if (interval !== undefined && interval < TOPLEVEL_CHECK_LIMITS_NS.minInterval) {
        ctx.report(
          "toplevel-check-invalid",
          getValue(c, "interval")!.span,
          `Check '${name}' interval is too short: ${formatDuration(interval)}, the minimum is 2 seconds (flyctl rejects it).`,
          {
            fixes: [fix('Change to "2s"', [replace(getValue(c, "interval")!.span, '"2s"')])],
          },
        );
      }
      const timeout = durationNs(getValue(c, "timeout"), "ms");
      if (timeout !== undefined && timeout > TOPLEVEL_CHECK_LIMITS_NS.maxTimeout) {
        ctx.report(
          "toplevel-check-invalid",
          getValue(c, "timeout")!.span,
          `Check '${name}' timeout is too long: ${formatDuration(timeout)}, the maximum is 60 seconds (flyctl rejects it).`,
          {
            fixes: [fix('Change to "60s"', [replace(getValue(c, "timeout")!.span, '"60s"')])],
          },
        );
      }
    }
  }
}

/** kill-timeout-too-long: a bare number is seconds here. */
function killTimeout(ctx: RuleContext): void {
  const kt = getValue(ctx.root, "kill_timeout");
  const ktNs = durationNs(kt, "s");
  if (kt && ktNs !== undefined && (ktNs > KILL_TIMEOUT_MAX_NS || ktNs < 0)) {
    const is = kt.type === "string" ? formatDuration(ktNs) : `${formatDuration(ktNs)} (a bare number is seconds)`;
    ctx.report(
      "kill-timeout-too-long",
      kt.span,
      ktNs < 0
        ? "`kill_timeout` cannot be negative."
        : `kill_timeout is ${is}, but Fly allows at most 5 minutes (300 s); use "5m" or less.`,
      {
        fixes: ktNs > 0 ? [fix('Change to "5m"', [replace(kt.span, '"5m"')])] : [],
      },
    );
  }
}
