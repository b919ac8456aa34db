/** The app's Machines and volumes in the "Fly Apps" view, as plain data (like ips/model.ts for its addresses). */
import type { FailureKind } from "../../../core/flyctl/client";
import {
  checksWords,
  countByState,
  failsACheck,
  groupOf,
  isAppMachine,
  secretWords,
  stateWords,
  type Machine,
  type Secret,
  type Volume,
} from "../../../core/live";
import { plural } from "../../../core/words";
import { failureWords, type AppEntry, type ViewNode } from "../ips/model";
import { COMMANDS } from "../../../core/protocol";

/** A part of an app as the view holds it (its addresses, Machines, volumes, secrets): loading, read, or why not. */
export type PartState<T, F extends string = FailureKind> =
  { kind: "loading" } | { kind: "ok"; value: T } | { kind: "error"; failure: F; message: string };

export type Section = "ips" | "machines" | "volumes" | "secrets";

/** Icons by state, in VS Code's codicons; a state not listed here gets the question mark and its own word. */
const STATE_ICONS: Record<string, [string, string?]> = {
  started: ["vm-running", "charts.green"],
  stopped: ["vm-outline"],
  suspended: ["debug-pause", "charts.blue"],
  created: ["vm-outline"],
  failed: ["error", "problemsErrorIcon.foreground"],
  launch_failed: ["error", "problemsErrorIcon.foreground"],
  destroyed: ["trash"],
};
const TRANSIENT = new Set(["starting", "stopping", "suspending", "restarting", "updating", "replacing", "creating", "destroying"]);

export function stateIcon(state: string): [string, string?] {
  if (TRANSIENT.has(state)) return ["loading~spin"];
  return STATE_ICONS[state] ?? ["question"];
}

/** "3 minutes ago", "2 days ago" (or the raw text when it is not a date). */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  const [n, unit] =
    s < 60
      ? [s, "second"]
      : s < 3600
        ? [Math.round(s / 60), "minute"]
        : s < 86400
          ? [Math.round(s / 3600), "hour"]
          : [Math.round(s / 86400), "day"];
  return n === 0 ? "just now" : `${n} ${unit}${n === 1 ? "" : "s"} ago`;
}

/** "2 Machines: 1 started, 1 stopped" (the app node's summary), with how many fail a check; undefined while unknown. */
export function machinesSummary(state: PartState<Machine[]> | undefined): string | undefined {
  if (state?.kind !== "ok") return undefined;
  const mine = state.value.filter(isAppMachine);
  if (!mine.length) return "no Machines";
  const failing = mine.filter(failsACheck).length;
  return `${plural(mine.length, "Machine")}: ${countByState(mine)}${failing ? `; ${failing} failing a check` : ""}`;
}

const CHECK_ICONS: Record<string, [string, string]> = {
  passing: ["pass", "testing.iconPassed"],
  warning: ["warning", "problemsWarningIcon.foreground"],
  critical: ["error", "problemsErrorIcon.foreground"],
};

/** A Machine's health checks, one row each: its status with an icon, the output on hover. */
export function checkNodes(entry: AppEntry, m: Machine): ViewNode[] {
  return [...(m.checks ?? [])]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => {
      const [icon, iconColor] = CHECK_ICONS[c.status] ?? ["question", "disabledForeground"];
      const output = (c.output ?? "").trim();
      const firstLine = output.split("\n")[0];
      return {
        id: `check:${entry.uri}:${m.id}:${c.name}`,
        label: c.name,
        // Go's errors end with their reason ("…:8080: connect: connection refused"): a long line keeps its end
        description: [c.status, firstLine.length > 60 ? `…${firstLine.slice(-57)}` : firstLine].filter(Boolean).join(" · "),
        tooltip: [
          `**${c.name}**: ${c.status} on ${m.name || m.id}`,
          output ? `\`\`\`\n${output.slice(0, 2000)}\n\`\`\`` : "(no output)",
          c.updated_at ? `Checked ${c.updated_at}` : "",
        ]
          .filter(Boolean)
          .join("\n\n"),
        icon,
        iconColor,
        contextValue: `flyCheck.${c.status}`,
        collapsible: false,
      };
    });
}

/** A part of an app; the Addresses' icon follows the app's exposure (a lock when only private). */
export function sectionNode(entry: AppEntry, section: Section, description: string, privateOnly = false): ViewNode {
  const [label, icon] = {
    ips: ["Addresses", privateOnly ? "lock" : "globe"],
    machines: ["Machines", "vm"],
    volumes: ["Volumes", "database"],
    secrets: ["Secrets", "key"],
  }[section];
  return {
    id: `sec:${entry.uri}:${section}`,
    label,
    description,
    icon,
    contextValue: `flySection.${section}`,
    collapsible: true,
  };
}

/** What a section says of itself on its row: "loading…", "2 started, 1 stopped", "needs attention". */
export function partWords<T>(state: PartState<T[]> | undefined, count: (v: T[]) => string): string {
  if (!state || state.kind === "loading") return "loading…";
  if (state.kind === "error") return state.failure === "cancelled" ? "not loaded" : "needs attention";
  return count(state.value);
}

export function machineNode(entry: AppEntry, m: Machine, showGroup: boolean, now = Date.now()): ViewNode {
  const [icon, iconColor] = stateIcon(m.state);
  const group = groupOf(m);
  const unreachable = m.host_status !== undefined && m.host_status !== "ok";
  const changed = ago(m.updated_at, now);
  const checks = checksWords(m);
  return {
    id: `machine:${entry.uri}:${m.id}`,
    label: m.name || m.id,
    description: [stateWords(m.state), checks, m.region, showGroup ? group : "", changed, unreachable ? "host unreachable" : ""]
      .filter(Boolean)
      .join(" · "),
    tooltip: [
      `**${m.name || m.id}** \`${m.id}\``,
      `State: **${stateWords(m.state)}**${unreachable ? " (its host could not be reached: the state may be stale)" : ""}`,
      `Region: ${m.region ?? "?"} · process group: ${group || "(none)"}`,
      checks ? `Health checks: ${checks}` : "",
      m.updated_at ? `Last changed ${changed} (${m.updated_at})` : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
    icon,
    iconColor,
    // the state decides which of Start and Stop the row offers
    contextValue: `flyMachine.${m.state}`,
    // its health checks are rows under it, closed until opened
    collapsible: (m.checks ?? []).length > 0,
    collapsed: true,
  };
}

function groupNode(entry: AppEntry, group: string, machines: Machine[]): ViewNode {
  return {
    id: `group:${entry.uri}:${group}`,
    label: group || "(no process group)",
    description: `${machines.length} · ${countByState(machines)}`,
    icon: "symbol-namespace",
    contextValue: "flyProcessGroup",
    collapsible: true,
  };
}

function message(entry: AppEntry, section: Section, key: string, label: string, icon = "info"): ViewNode {
  return { id: `msg:${entry.uri}:${section}:${key}`, label, icon, contextValue: "flyMessage", collapsible: false, tooltip: label };
}

const retry = (entry: AppEntry, section: Section): ViewNode => ({
  id: `act:${entry.uri}:${section}:retry`,
  label: "Retry",
  icon: "refresh",
  contextValue: "flyAction",
  command: { command: COMMANDS.refresh, title: "Retry" },
  collapsible: false,
});

/** The rows of a failed part: the same words as for the addresses. */
function failure(entry: AppEntry, section: Section, state: { failure: FailureKind; message: string }): ViewNode[] {
  if (state.failure === "cancelled")
    return [{ ...retry(entry, section), label: `Load the ${section === "machines" ? "Machines" : section}` }];
  const { label, icon } = failureWords(entry, state.failure, state.message);
  const explain = message(entry, section, "explain", label, icon);
  // logging in and picking the app are offered once, under the addresses
  return state.failure === "app-not-found" || state.failure === "not-logged-in" ? [explain] : [explain, retry(entry, section)];
}

/**
 * The Machines section: one row per Machine, grouped by process group when there are several; release-command and
 * console Machines are not shown (they come and go with deploys).
 */
export function machineChildren(
  entry: AppEntry,
  state: PartState<Machine[]> | undefined,
  now = Date.now(),
): { node: ViewNode; machines?: Machine[]; machine?: Machine }[] {
  if (!state || state.kind === "loading") return [{ node: message(entry, "machines", "loading", "Loading Machines…", "loading~spin") }];
  if (state.kind === "error") return failure(entry, "machines", state).map((node) => ({ node }));
  const mine = state.value.filter(isAppMachine);
  if (!mine.length)
    return [{ node: message(entry, "machines", "none", "No Machines: fly deploy creates them (fly scale count adds more).") }];
  const groups = [...new Set(mine.map(groupOf))].sort();
  // one group: its name on every row; several: a node per group, which names it
  if (groups.length === 1) return mine.map((m) => ({ node: machineNode(entry, m, true, now), machine: m }));
  return groups.map((g) => {
    const ms = mine.filter((m) => groupOf(m) === g);
    return { node: groupNode(entry, g, ms), machines: ms };
  });
}

export function volumeNode(entry: AppEntry, v: Volume, machines: Machine[] | undefined): ViewNode {
  const attached = v.attached_machine_id
    ? (machines?.find((m) => m.id === v.attached_machine_id)?.name ?? v.attached_machine_id)
    : undefined;
  return {
    id: `volume:${entry.uri}:${v.id}`,
    label: v.name,
    description: [`${v.size_gb ?? "?"} GB`, v.region, attached ? `attached to ${attached}` : "unattached"].filter(Boolean).join(" · "),
    tooltip: [
      `**${v.name}** \`${v.id}\``,
      // "created" is a volume's ordinary state: only the others are worth saying
      `${v.size_gb ?? "?"} GB, region ${v.region ?? "?"}${v.state && v.state !== "created" ? ` (${v.state.replace(/_/g, " ")})` : ""}`,
      attached ? `Attached to ${attached}` : "Unattached: the next deploy or `fly scale count` can use it",
    ].join("\n\n"),
    icon: "database",
    iconColor: attached ? undefined : "disabledForeground",
    contextValue: "flyVolume",
    collapsible: false,
  };
}

export function volumeChildren(entry: AppEntry, state: PartState<Volume[]> | undefined, machines?: Machine[]): ViewNode[] {
  if (!state || state.kind === "loading") return [message(entry, "volumes", "loading", "Loading volumes…", "loading~spin")];
  if (state.kind === "error") return failure(entry, "volumes", state);
  if (!state.value.length) return [message(entry, "volumes", "none", "No volumes.")];
  return [...state.value]
    .sort((a, b) => a.name.localeCompare(b.name) || (a.region ?? "").localeCompare(b.region ?? ""))
    .map((v) => volumeNode(entry, v, machines));
}

/** The app's Fly secrets: names and where they are (deployed, staged…), never values (flyctl never prints them). */
export function secretChildren(entry: AppEntry, state: PartState<Secret[]> | undefined): ViewNode[] {
  if (!state || state.kind === "loading") return [message(entry, "secrets", "loading", "Loading secrets…", "loading~spin")];
  if (state.kind === "error") return failure(entry, "secrets", state);
  if (!state.value.length) return [message(entry, "secrets", "none", "No secrets: Move to Fly secrets on an [env] value sets one.")];
  return [...state.value]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((x) => ({
      id: `secret:${entry.uri}:${x.name}`,
      label: x.name,
      description: secretWords(x),
      tooltip: `**${x.name}**${x.status ? `: ${secretWords(x)}` : ""}\n\nA Fly secret: its value is never shown.${x.digest ? ` Digest \`${x.digest}\`.` : ""}`,
      icon: "key",
      iconColor: x.status === "Staged" || x.status === "Partial" ? "problemsWarningIcon.foreground" : undefined,
      contextValue: "flySecret",
      collapsible: false,
    }));
}
