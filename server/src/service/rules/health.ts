/**
 * Health checks, live: the checks Fly runs on the Machines (`flyctl machines list --json`, `checks[]`) against the
 * file. A check refused or timing out on a service's port on every started Machine of its group is the live
 * proof that the app does not listen where Fly Proxy forwards.
 */
import { groupOf, isAppMachine, type Machine, type MachineCheck } from "../../../../core/live";
import { getValue } from "../../../../core/tree";
import { plural } from "../../../../core/words";
import { evidenceWords } from "./around";
import { groupsOf, intValue, servicesOf } from "../flyctl-view";
import type { RuleContext } from "./context";
import { defineRule } from "./rule";

export const HEALTH_RULES = [
  defineRule({
    id: "app-not-listening",
    needs: ["machines"],
    reads: ["files"],
    severity: "warning",
    docs: "https://fly.io/docs/getting-started/troubleshooting/#your-app-isnt-listening-on-the-right-address",
    title: "Health checks find nothing listening on internal_port",
    group: "checks",
    fixSafety: "none",
    what:
      "Every started Machine of the service's process group fails a health check on `internal_port` with a refused or " +
      "timed-out connection (live, from `flyctl machines list`). When the Dockerfile or start command shows where the " +
      "app listens instead, the message says so.",
    why: "The app is not listening on `0.0.0.0:<internal_port>`, so Fly Proxy (and a private app's Flycast requests) " + "reaches nothing.",
    check: failingChecks,
  }),
];

/** A check's output that says the connection failed: refused, or timed out (Go's net errors as Fly reports them). */
const UNREACHABLE = /connection refused|i\/o timeout|timed? ?out|deadline exceeded|no route to host/i;

/** The check of a Machine that failed to connect to the port, if any. */
function refusedOn(m: Machine, port: number): MachineCheck | undefined {
  return (m.checks ?? []).find(
    (c) =>
      c.status !== "passing" &&
      UNREACHABLE.test(c.output ?? "") &&
      (new RegExp(`-${port}$`).test(c.name) || new RegExp(`:${port}\\b`).test(c.output ?? "")),
  );
}

function failingChecks(ctx: RuleContext): void {
  if (!ctx.machines) return;
  const machines = ctx.machines.filter(isAppMachine);
  for (const s of servicesOf(ctx.root)) {
    const v = getValue(s.table, "internal_port");
    const port = intValue(v);
    if (!v || port === undefined) continue;
    for (const group of groupsOf(ctx.root, s.table)) {
      const started = machines.filter((m) => m.state === "started" && groupOf(m) === group);
      const failed = started.map((m) => refusedOn(m, port));
      if (!started.length || failed.some((c) => !c)) continue;
      const first = failed[0]!;
      const what = /refused/i.test(first.output ?? "") ? "connection refused" : "timed out";
      const listen = ctx.appStart()?.listen(group);
      const where =
        listen && (listen.host || listen.port)
          ? ` ${evidenceWords(listen.command)} starts ${listen.spec.name} on ${listen.host?.value ?? "?"}:${listen.port?.value ?? "?"}.`
          : "";
      ctx.report(
        "app-not-listening",
        v.span,
        `The app is not listening on 0.0.0.0:${port}: check ${first.name} fails on ${plural(started.length, "started Machine")} of ` +
          `${group} (${what}).${where} Make the app listen on 0.0.0.0:${port}, or set internal_port to the port it listens on.`,
        listen ? { related: [{ ...listen.command, message: `${listen.spec.name} is started here` }] } : undefined,
      );
      break;
    }
  }
}
