/**
 * Quick fixes that are commands of the VS Code client, not edits: each asks the user first in the client (release
 * public IPs, pick the app, allocate a billed IPv4, move secrets to Fly). Offered only to a client that has them.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from "vscode-languageserver/node";
import { COMMANDS } from "../../../core/protocol";
import { RULES } from "../service";
import type { RuleDefinition } from "../service/rules/rule";

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
    // the rule's definition names its client command (clientFix)
    const fix = (RULES as Record<string, RuleDefinition>)[String(diag.code)]?.clientFix;
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
