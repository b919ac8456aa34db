/** The live picture in a hover: the Machines of a service's process groups, by state and region. */
import { countByState, isAppMachine, groupOf, type Machine } from "../../../core/live";
import { getValue, type Node, type TableNode } from "../../../core/tree";
import { autostopOf, groupsOf, serviceAround } from "./flyctl-view";

const KEYS = new Set(["auto_stop_machines", "min_machines_running"]);

/** Markdown for a hover on `auto_stop_machines` / `min_machines_running` of a service, when the Machines are known. */
export function livePicture(
  root: TableNode,
  path: readonly string[],
  at: { offset: number; node?: Node },
  machines: Machine[] | null,
): string | undefined {
  if (!machines || !KEYS.has(path[path.length - 1])) return undefined;
  const service = serviceAround(root, at.node, at.offset);
  if (!service) return undefined;
  const primary = getValue(root, "primary_region");
  const region = primary?.type === "string" ? String(primary.value) : undefined;
  const lines: string[] = [];
  for (const group of groupsOf(root, service.table)) {
    const mine = machines.filter((m) => isAppMachine(m) && groupOf(m) === group);
    if (!mine.length) {
      lines.push(`- group \`${group}\`: no Machines`);
      continue;
    }
    const regions = [...new Set(mine.map((m) => m.region ?? "?"))].sort(
      (a, b) => Number(b === region) - Number(a === region) || a.localeCompare(b),
    );
    const byRegion = regions.map((r) => {
      const here = mine.filter((m) => (m.region ?? "?") === r);
      return `${r}${r === region ? " (primary)" : ""}: ${countByState(here)}`;
    });
    lines.push(`- group \`${group}\`: ${mine.length} Machine${mine.length === 1 ? "" : "s"} — ${byRegion.join("; ")}`);
  }
  const autostop = autostopOf(service.table);
  const note =
    autostop === "stop" || autostop === "suspend"
      ? `Fly Proxy ${autostop === "suspend" ? "suspends" : "stops"} idle Machines down to \`min_machines_running\` in the primary region and to 0 elsewhere; it never creates Machines.`
      : "";
  // the note is a paragraph of its own, not the end of the last list item
  return [`**Live** (from \`flyctl machines list\`):`, ...lines, ...(note ? ["", note] : [])].join("\n");
}

const CHECK_KEYS = new Set(["checks", "http_checks", "tcp_checks", "machine_checks"]);
const MAX_CHECK_LINES = 8;

/**
 * Markdown for a hover on a service's `internal_port` or one of its check sections, or on a top-level `[checks]`:
 * each Machine's health checks as Fly last ran them.
 */
export function checksPicture(
  root: TableNode,
  path: readonly string[],
  at: { offset: number; node?: Node },
  machines: Machine[] | null,
): string | undefined {
  if (!machines) return undefined;
  const onPort = path[path.length - 1] === "internal_port";
  if (!onPort && !path.some((p) => CHECK_KEYS.has(p))) return undefined;
  const service = serviceAround(root, at.node, at.offset);
  const groups = service ? new Set(groupsOf(root, service.table)) : undefined;
  const mine = machines.filter((m) => isAppMachine(m) && (!groups || groups.has(groupOf(m))) && m.checks?.length);
  if (!mine.length) return undefined;
  // a service's own checks are named servicecheck-…; the top-level ones by their [checks.<name>]
  const lines: string[] = [];
  for (const m of mine)
    for (const c of m.checks ?? []) {
      if (service ? !c.name.startsWith("servicecheck-") : c.name.startsWith("servicecheck-")) continue;
      const out = (c.output ?? "").trim().split("\n")[0];
      lines.push(
        `- ${m.name || m.id} (${m.state}): \`${c.name}\` **${c.status}**${out ? ` — ${out.length > 80 ? `${out.slice(0, 77)}…` : out}` : ""}`,
      );
    }
  if (!lines.length) return undefined;
  const more = lines.length - MAX_CHECK_LINES;
  return [
    "**Health checks, live** (from `flyctl machines list`):",
    ...lines.slice(0, MAX_CHECK_LINES),
    ...(more > 0 ? [`- … and ${more} more`] : []),
  ].join("\n");
}
