/** The live picture in a hover: the Machines of a service's process groups, by state and region. */
import { countByState, isAppMachine, groupOf, type Machine } from "../../../core/live";
import { getValue, type TableNode } from "../../../core/tree";
import { autostopOf, groupsOf, servicesOf } from "./view";

const KEYS = new Set(["auto_stop_machines", "min_machines_running"]);

/** Markdown for a hover on `auto_stop_machines` / `min_machines_running` of a service, when the Machines are known. */
export function livePicture(
  root: TableNode,
  path: readonly (string | number)[],
  offset: number,
  machines: Machine[] | null,
): string | undefined {
  if (!machines || !KEYS.has(String(path[path.length - 1]))) return undefined;
  const service = servicesOf(root).find((s) => s.table.span[0] <= offset && offset <= s.table.span[1]);
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
  return [`**Live** (from \`flyctl machines list\`):`, ...lines, note].filter(Boolean).join("\n");
}
