/**
 * Quick fixes that are commands of the VS Code client, not edits: each asks the user first in the client (release
 * public IPs, pick the app, allocate a billed IPv4, move secrets to Fly). Offered only to a client that has them.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from "vscode-languageserver/node";
import { COMMANDS } from "../../../core/protocol";

/** By rule: the action's title and the command it runs with the config file's URI. */
const BY_RULE: Record<string, { title: string; command: string; named: string; preferred?: boolean }> = {
  "private-app-has-public-ips": {
    title: "Release the public IPs of this app…",
    command: COMMANDS.releasePublic,
    named: "Release public IPs",
  },
  "app-name-missing": { title: "Pick the app of this fly.toml…", command: COMMANDS.pickApp, named: "Pick the app", preferred: true },
  // a dedicated IPv4 is billed: the client's command asks first, and says so
  "service-needs-dedicated-ipv4": {
    title: "Allocate a dedicated IPv4 for this app (billed monthly)…",
    command: COMMANDS.allocateDedicatedV4,
    named: "Allocate a dedicated IPv4",
  },
};
const MOVE = "Move to Fly secrets";

const action = (
  title: string,
  diagnostics: Diagnostic[],
  command: { title: string; command: string; arguments: unknown[] },
  preferred?: boolean,
): CodeAction => ({
  title,
  kind: CodeActionKind.QuickFix,
  diagnostics,
  ...(preferred ? { isPreferred: true } : {}),
  command,
});

/**
 * The client's quick fixes for the diagnostics of a request. `secretRanges`: where env-secret-like reports in the
 * whole document, for "Move all…" (asked only when there is such a diagnostic here).
 */
export function clientActions(doc: TextDocument, diagnostics: Diagnostic[], secretRanges: () => Range[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const diag of diagnostics) {
    const fix = BY_RULE[String(diag.code)];
    if (fix) out.push(action(fix.title, [diag], { title: fix.named, command: fix.command, arguments: [doc.uri] }, fix.preferred));
  }
  // secrets out of fly.toml: a plan the client shows first, never part of fix all
  const secrets = diagnostics.filter((x) => x.code === "env-secret-like");
  if (secrets.length) {
    const keyOf = (r: Range) => doc.getText(r).replace(/^["']|["']$/g, "");
    for (const diag of secrets)
      out.push(
        action(`Move ${keyOf(diag.range)} to Fly secrets…`, [diag], {
          title: MOVE,
          command: COMMANDS.moveSecrets,
          arguments: [doc.uri, [keyOf(diag.range)]],
        }),
      );
    const all = secretRanges().map(keyOf);
    if (all.length > 1)
      out.push(
        action(`Move all ${all.length} secret-looking values of [env] to Fly secrets…`, secrets, {
          title: MOVE,
          command: COMMANDS.moveSecrets,
          arguments: [doc.uri, all],
        }),
      );
  }
  return out;
}
