/**
 * The app as it runs: its Machines (`flyctl machines list --json`) and volumes (`flyctl volumes list --json`),
 * snake_case as flyctl prints them (flyctl's machine/list.go, volumes/list.go). Only the fields the view and the rules
 * read.
 */
import type { Ip } from "./ips";

/**
 * A Machine as `flyctl machines list --json` prints it: the type of live-list.ts's schema, written once (a type-only
 * import: zod stays out of the bundles that only need the type).
 */
export type Machine = import("zod").output<typeof import("./live-list").MachineSchema>;

/** One service a Machine carries. fly-go writes autostop as false (off), true (stop) or "suspend". */
export type MachineService = NonNullable<NonNullable<NonNullable<Machine["config"]>["services"]>[number]>;

/** A health-check result of a Machine (service checks are named `servicecheck-…`; fly-go's machine_types.go). */
export type MachineCheck = NonNullable<Machine["checks"]>[number];

/** A Machine's checks in a few words: "2/2 passing", "1/2 passing, 1 critical"; undefined when it has none. */
export function checksWords(m: Machine): string | undefined {
  const checks = m.checks ?? [];
  if (!checks.length) return undefined;
  const passing = checks.filter((c) => c.status === "passing").length;
  const rest = ["warning", "critical"]
    .map((s) => [s, checks.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return [`${passing}/${checks.length} passing`, ...rest].join(", ");
}

/** Whether a Machine fails a check (warning or critical). */
export const failsACheck = (m: Machine): boolean => (m.checks ?? []).some((c) => c.status !== "passing");

/** A volume as `flyctl volumes list --json` prints it (the type of live-list.ts's schema). */
export type Volume = import("zod").output<typeof import("./live-list").VolumeSchema>;

/** A Fly secret as `flyctl secrets list --json` prints it: never its value (flyctl's secrets/list.go). */
export interface Secret {
  name: string;
  digest?: string;
  /** Deployed, Staged, Partial or Unknown; absent for apps with more than 100 Machines. */
  status?: string;
}

/** A secret's status in words. */
export function secretWords(s: Secret): string {
  switch (s.status) {
    case "Deployed":
      return "deployed";
    case "Staged":
      return "staged: takes effect at the next deploy";
    case "Partial":
      return "on some Machines: deploy to set it on all";
    default:
      return s.status ? s.status.toLowerCase() : "";
  }
}

/** What the client knows of an app beside its file: each part null while unknown (not loaded, or it failed). */
export interface AppState {
  ips: Ip[] | null;
  machines: Machine[] | null;
  volumes: Volume[] | null;
  secrets: Secret[] | null;
}

export const UNKNOWN_STATE: AppState = { ips: null, machines: null, volumes: null, secrets: null };

/** Process groups flyctl gives Machines that are not the app's own: release commands, consoles, test Machines. */
const SYSTEM_GROUPS = new Set(["fly_app_release_command", "fly_app_console", "fly_app_test_machine_command"]);

/** The Machine's process group (`fly_process_group`, or the legacy `process_group`); "" when it has none. */
export function groupOf(m: Machine): string {
  const md = m.config?.metadata ?? {};
  return md.fly_process_group ?? md.process_group ?? "";
}

/** A Machine the app's deploys manage: not a release-command, console or test Machine, not destroyed. */
export function isAppMachine(m: Machine): boolean {
  return !SYSTEM_GROUPS.has(groupOf(m)) && m.state !== "destroyed" && m.state !== "destroying";
}

/** autostop as fly.toml words it: "off", "stop" or "suspend" (undefined: not set). */
export function autostopWord(v: boolean | string | undefined): "off" | "stop" | "suspend" | undefined {
  if (v === undefined) return undefined;
  if (v === false || v === "off") return "off";
  if (v === true || v === "stop") return "stop";
  if (v === "suspend") return "suspend";
  return undefined;
}

/** The words of a state, for rows and messages; unknown states come as they are. */
const STATE_WORDS: Record<string, string> = {
  created: "created (never started)",
  starting: "starting…",
  stopping: "stopping…",
  suspending: "suspending…",
  restarting: "restarting…",
  updating: "updating…",
  replacing: "replacing…",
  creating: "creating…",
  destroying: "destroying…",
  launch_failed: "failed to launch",
};

/** The states flyctl machine start / stop are offered from (flyctl's machine/start.go, stop.go: the API refuses the others). */
export const STARTABLE = ["stopped", "suspended", "created", "failed"];
export const STOPPABLE = ["started", "starting", "suspended", "failed"];

export function stateWords(state: string): string {
  return STATE_WORDS[state] ?? state;
}

/** "2 started, 1 stopped" (states in a stable order: running first). */
export function countByState(machines: readonly Machine[]): string {
  const order = ["started", "starting", "stopping", "stopped", "suspending", "suspended", "created", "failed"];
  const counts = new Map<string, number>();
  for (const m of machines) counts.set(m.state, (counts.get(m.state) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
}

/** What the service takes beside a text: the addresses alone (as before), or the app's state, parts missing meaning unknown. */
export type Live = readonly Ip[] | null | Partial<AppState>;

export function liveOf(live: Live | undefined): AppState {
  if (!live) return UNKNOWN_STATE;
  if (Array.isArray(live)) return { ips: [...live], machines: null, volumes: null, secrets: null };
  const s = live as Partial<AppState>;
  return { ips: s.ips ?? null, machines: s.machines ?? null, volumes: s.volumes ?? null, secrets: s.secrets ?? null };
}
