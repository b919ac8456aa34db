/** The custom protocol of the VS Code client: the app's addresses (flyToml/setIps) and Make private's fixes. */
import { LSPErrorCodes, ResponseError } from "vscode-languageserver/node";
import {
  PRIVATE_FIXES_METHOD,
  SET_IPS_METHOD,
  type PrivateFixesParams,
  type PrivateFixesResult,
  type SetIpsParams,
} from "../../../core/protocol";
import { isIpList, type ServerState } from "./state";

export function registerFlyProtocol(state: ServerState): void {
  const { connection, documents } = state;

  connection.onNotification(SET_IPS_METHOD, (params: SetIpsParams) => {
    if (!params || typeof params.uri !== "string") return;
    if (params.ips !== null && !isIpList(params.ips)) {
      connection.console.warn(
        `fly-toml: ${SET_IPS_METHOD} for ${params.uri} ignored: ips must be an array from \`fly ips list --json\` or null`,
      );
      return;
    }
    state.ips.set(params.uri, params.ips);
    const doc = documents.get(params.uri);
    if (doc) void state.validate(doc);
  });

  connection.onRequest(PRIVATE_FIXES_METHOD, (p: PrivateFixesParams): PrivateFixesResult => {
    const text = typeof p?.text === "string" ? p.text : documents.get(p?.uri)?.getText();
    if (text === undefined) throw new ResponseError(LSPErrorCodes.RequestFailed, `fly.toml: ${p?.uri} is not open and no text was given`);
    if (!isIpList(p.ips)) throw new ResponseError(LSPErrorCodes.RequestFailed, "fly.toml: ips must be an array from `fly ips list --json`");
    return state.service.privateAppFixes(text, p.ips);
  });
}
