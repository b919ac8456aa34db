/** The custom protocol of the VS Code client (core/messages.ts): the app's state and Make private's fixes. */
import { LSPErrorCodes, ResponseError } from "vscode-languageserver/node";
import { UNKNOWN_STATE } from "../../../core/live";
import { PrivateFixes, SetAppState } from "../../../core/messages";
import type { SetAppStateParams } from "../../../core/protocol";
import { isIpList, isMachineList, isSecretList, isVolumeList, type ServerState } from "./state";

export function registerFlyProtocol(state: ServerState): void {
  const { connection, documents } = state;

  connection.onNotification(SetAppState, (params) => {
    if (!params || typeof params.uri !== "string") return;
    const checks: [keyof SetAppStateParams, (v: unknown) => boolean, string][] = [
      ["ips", isIpList, "`fly ips list --json`"],
      ["machines", isMachineList, "`fly machines list --json`"],
      ["volumes", isVolumeList, "`fly volumes list --json`"],
      ["secrets", isSecretList, "`fly secrets list --json`"],
    ];
    for (const [part, ok, from] of checks) {
      const v = params[part];
      if (v !== undefined && v !== null && !ok(v)) {
        connection.console.warn(`fly-toml: ${SetAppState.method} for ${params.uri} ignored: ${part} must be an array from ${from} or null`);
        return;
      }
    }
    update(params.uri, params);
  });

  function update(uri: string, parts: Omit<SetAppStateParams, "uri">): void {
    const before = state.live.get(uri) ?? UNKNOWN_STATE;
    const next = { ...before };
    if (parts.ips !== undefined) next.ips = parts.ips;
    if (parts.machines !== undefined) next.machines = parts.machines;
    if (parts.volumes !== undefined) next.volumes = parts.volumes;
    if (parts.secrets !== undefined) next.secrets = parts.secrets;
    state.live.set(uri, next);
    const doc = documents.get(uri);
    if (doc) void state.validate(doc);
  }

  connection.onRequest(PrivateFixes, (p) => {
    const text = typeof p?.text === "string" ? p.text : documents.get(p?.uri)?.getText();
    if (text === undefined) throw new ResponseError(LSPErrorCodes.RequestFailed, `fly.toml: ${p?.uri} is not open and no text was given`);
    if (!isIpList(p.ips)) throw new ResponseError(LSPErrorCodes.RequestFailed, "fly.toml: ips must be an array from `fly ips list --json`");
    return state.service.privateAppFixes(text, p.ips);
  });
}
