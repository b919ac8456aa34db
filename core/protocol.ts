/** The protocol between the VS Code client and the language server: command ids, message shapes (both sides import this file; the typed messages are in messages.ts). */
import type { RuleGroup } from "./groups";
import type { Ip } from "./ips";
import type { Machine, Secret, Volume } from "./live";

/** The code action kind of "fix all" (safe fixes), under source.fixAll so editors' fix-on-save runs it. */
export const FIX_ALL_KIND = "source.fixAll.flyToml";

/**
 * Every command of the VS Code client, by its id in package.json (a test checks they are the same): the client
 * registers them, the server's code actions name some.
 */
export const COMMANDS = {
  refresh: "flyToml.apps.refresh",
  copyAddress: "flyToml.ips.copyAddress",
  release: "flyToml.ips.release",
  releasePublic: "flyToml.ips.releasePublic",
  allocatePrivate: "flyToml.ips.allocatePrivate",
  allocateDedicatedV4: "flyToml.ips.allocateDedicatedV4",
  allocatePublicV6: "flyToml.ips.allocatePublicV6",
  makePrivate: "flyToml.makePrivate",
  pickApp: "flyToml.pickApp",
  login: "flyToml.login",
  setFlyctlPath: "flyToml.setFlyctlPath",
  launchPrivate: "flyToml.launchPrivate",
  deploy: "flyToml.deploy",
  restartServer: "flyToml.restartServer",
  openFlyToml: "flyToml.openFlyToml",
  openAppUrl: "flyToml.openAppUrl",
  openDashboard: "flyToml.openDashboard",
  machineStart: "flyToml.machine.start",
  machineStop: "flyToml.machine.stop",
  machineCopyId: "flyToml.machine.copyId",
  volumeCopyId: "flyToml.volume.copyId",
  moveSecrets: "flyToml.secrets.move",
} as const;

/**
 * The app's live state for one config file (messages.ts SetAppState): any of its parts, each as flyctl lists it
 * (`fly ips list`, `fly machines list`, `fly volumes list`, all --json); a part left out stays as it was, null means
 * unknown.
 */
export interface SetAppStateParams {
  uri: string;
  ips?: Ip[] | null;
  machines?: Machine[] | null;
  volumes?: Volume[] | null;
  /** `fly secrets list --json`: names and statuses, never values. */
  secrets?: Secret[] | null;
}

/** The request of messages.ts PrivateFixes: what "Make app private" would change in a fly.toml, without changing it. */ export interface PrivateFixesParams {
  uri: string;
  /** The text to plan on (the editor's buffer); the open document's text when missing. */
  text?: string;
  /** The addresses the app will have once the plan has run. */
  ips: Ip[];
}

export interface PrivateFixesResult {
  /** The text with the fixes applied (the same text when nothing changes). */
  text: string;
  /** Each fix, by its title, on the line (1-based) of its finding, and why a private app needs it. */
  fixes: { rule: string; title: string; line: number; why: string }[];
  /** Why the file is left as it is (it does not parse…). */
  problem?: string;
}

/** Settings under `flyToml` (workspace/configuration), also accepted as initializationOptions. */
export interface ServerSettings {
  /** Set by the VS Code client in its initialization options: it has the Fly commands (release public IPs…). */
  clientCommands?: boolean;
  /** Rule groups to report (all when missing). */
  diagnostics?: Partial<Record<RuleGroup, boolean>>;
  /**
   * Set by the VS Code client when Even Better TOML (taplo) is installed: it reports TOML syntax errors itself,
   * so toml-syntax is left to it. Every fly.toml rule (unknown keys, types, values…) is still reported.
   */
  syntaxErrorsElsewhere?: boolean;
}
