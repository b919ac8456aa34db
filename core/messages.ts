/**
 * The custom messages between the VS Code client and the language server, as typed constants both sides import
 * (vscode-eslint's shared protocol): a sender or a handler with the wrong parameters does not compile. Kept apart
 * from protocol.ts so the CLI's bundle never loads vscode-jsonrpc.
 */
import { NotificationType, RequestType } from "vscode-jsonrpc/lib/common/messages";
import type { PrivateFixesParams, PrivateFixesResult, SetAppStateParams } from "./protocol";

/** The app's live state for one config file (addresses, Machines, volumes, secrets); see SetAppStateParams. */
export const SetAppState = new NotificationType<SetAppStateParams>("flyToml/setAppState");

/** What "Make app private" would change in a fly.toml, without changing it. */
export const PrivateFixes = new RequestType<PrivateFixesParams, PrivateFixesResult, void>("flyToml/privateFixes");
