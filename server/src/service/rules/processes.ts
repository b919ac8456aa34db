/** Process groups and commands. */
import { insertKey, quote, replace } from "../../../../core/edits";
import { nearest, shlexError } from "../text";
import { getEntry, getValue, stringsOf, tablesOf, type TableNode } from "../../../../core/tree";
import { defaultProcess, headerSpan, processNames, servicesOf } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import { cfg } from "../../../../schemas/meta";
import { defineRule } from "./rule";

/** The rules of this family, one definition each (rule.ts says what each field means). */
export const PROCESS_RULES = [
  defineRule({
    id: "service-processes-missing",
    // with one process group there is nothing to choose
    cases: { "one-group": { when: "[processes] defines one group, so the fix has nothing to choose", fixSafety: "safe" } },
    severity: "error",
    docs: cfg("the-processes-section"),
    title: "A service without processes while [processes] exists",
    group: "processes",
    fixSafety: "unsafe",
    what: "The file defines `[processes]` and a service has no `processes`.",
    why: "flyctl rejects the file. The fix adds the first process group (safe when there is only one).",
    check: serviceProcessesMissing,
  }),
  defineRule({
    id: "unknown-process-group",
    cases: {
      rejected: { when: "flyctl rejects the file for it", severity: "error" },
      ignored: { when: "flyctl accepts it, and the section applies to no Machine", severity: "warning" },
    },
    severity: "error",
    docs: cfg("the-processes-section"),
    title: "A processes entry naming no process group",
    group: "processes",
    fixSafety: "unsafe",
    what: "A `processes` entry that names no group of `[processes]` (or anything but `app` without `[processes]`).",
    why:
      "flyctl rejects services and restarts that do (an error); `[[vm]]`, `[[mounts]]`, `[checks.*]`, `[[files]]` and " +
      "`[[metrics]]` it accepts, and they silently apply to no Machine (a warning).",
    check: unknownProcessGroups,
  }),
  defineRule({
    id: "command-unbalanced-quotes",
    severity: "error",
    docs: cfg("the-processes-section"),
    title: "A command that does not split as shell words",
    group: "processes",
    fixSafety: "none",
    what: "A `[processes]` command, `release_command` or `console_command` that does not split as shell words (an unclosed " + "quote).",
    why: "flyctl splits commands as shell words and rejects one that does not split.",
    check: unbalancedQuotes,
  }),
];

const SCOPED = ["mounts", "mount", "vm", "compute", "computes", "restart", "metrics", "metric", "files"];

/** flyctl D1. */
function serviceProcessesMissing(ctx: RuleContext): void {
  const { root, text } = ctx;
  const { names, explicit } = processNames(root);
  if (explicit) {
    for (const s of servicesOf(root)) {
      if (getEntry(s.table, "processes")) continue;
      const group = defaultProcess(root);
      ctx.report(
        "service-processes-missing",
        headerSpan(s.table, s.entry),
        `Service has no processes set but app has ${names.length} processes defined; set \`processes\` to the group(s) that serve it, ` +
          `e.g. \`processes = ["${group}"]\`.`,
        {
          case: names.length === 1 ? "one-group" : undefined,
          fixes: [fix(`Add processes = ["${group}"]`, [insertKey(text, s.table, `processes = ["${group}"]`)])],
        },
      );
    }
  }
}

/**
 * flyctl D2 and I1; the others flyctl does not check but they match nothing. flyctl checks the names only in
 * services and [[restart]]; elsewhere the item quietly applies to no Machine.
 */
function unknownProcessGroups(ctx: RuleContext): void {
  const { root } = ctx;
  const { names, explicit } = processNames(root);
  const unknownGroups = (t: TableNode, where: string, rejected: boolean): void => {
    for (const v of stringsOf(getEntry(t, "processes")?.value)) {
      const name = String(v.value);
      if (names.includes(name)) continue;
      const offered = nearest(name, names, 3);
      const choices = offered.length ? offered : names;
      const known = explicit
        ? `[processes] defines only ${names.map((x) => `'${x}'`).join(", ")}`
        : "without a [processes] section the only group is 'app'";
      const consequence = rejected ? "flyctl rejects the file" : "flyctl accepts it, and the section applies to no Machine";
      const remedy = explicit ? `use one of those or add '${name}' to [processes]` : 'use "app" or define [processes]';
      ctx.report("unknown-process-group", v.span, `${where} names process group '${name}', but ${known}: ${consequence}; ${remedy}.`, {
        case: rejected ? "rejected" : "ignored",
        fixes: choices.slice(0, 5).map((c) => fix(`Change to "${c}"`, [replace(v.span, quote(c, v))], choices.length === 1)),
      });
    }
  };
  for (const s of servicesOf(root)) unknownGroups(s.table, s.kind === "http_service" ? "[http_service]" : "[[services]]", true);
  for (const k of SCOPED) for (const t of tablesOf(getEntry(root, k)?.value)) unknownGroups(t, `[[${k}]]`, k === "restart");
  const checks = getEntry(root, "checks")?.value;
  if (checks?.kind === "table")
    for (const e of checks.entries.values()) if (e.value.kind === "table") unknownGroups(e.value, `[checks.${e.key}]`, false);
}

/** flyctl B1, E, G. */
function unbalancedQuotes(ctx: RuleContext): void {
  const { root } = ctx;
  const commands: [import("../../../../core/tree").ValueNode | undefined, string][] = [
    [getValue(root, "deploy", "release_command"), "release_command"],
    [getValue(root, "console_command"), "console_command"],
  ];
  const procs = getEntry(root, "processes")?.value;
  if (procs?.kind === "table")
    for (const e of procs.entries.values()) if (e.value.kind === "value") commands.push([e.value, `the '${e.key}' process command`]);
  for (const [v, what] of commands) {
    if (v?.type !== "string") continue;
    const err = shlexError(String(v.value));
    if (err)
      ctx.report("command-unbalanced-quotes", v.span, `${what} does not split as shell words (${err}); close the quote or escape it.`);
  }
}
