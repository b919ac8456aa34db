/** Custom protocol between the VS Code client and the language server (both sides import this file). */
import type { Ip } from "./service/ips";

export const SET_IPS_METHOD = "flyToml/setIps";

export interface SetIpsParams {
  uri: string;
  /** One element per address of `fly ips list --json`; null means unknown. */
  ips: Ip[] | null;
}

/** Settings under `flyToml` (workspace/configuration), also accepted as initializationOptions. */
export interface ServerSettings {
  /** Set by the VS Code client in its initialization options: it has the Fly commands (release public IPs…). */
  clientCommands?: boolean;
  /** Rule groups to report (all when missing). */
  diagnostics?: Partial<Record<"syntax" | "flycast" | "autostop" | "concurrency" | "services" | "checks" | "processes" | "other", boolean>>;
}
