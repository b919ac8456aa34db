/** The editor features: hover, completion, code actions (and resolving "fix all"), formatting, symbols, folding. */
import { CodeActionKind, LSPErrorCodes, ResponseError, type Range } from "vscode-languageserver/node";
import { CLIENT_COMMANDS } from "../../../core/protocol";
import { FormatError } from "../service";
import { aroundOf, docFor, type ServerState } from "./state";

export function registerFeatures(state: ServerState): void {
  const { connection, service } = state;
  const liveOf = (uri: string) => state.live.get(uri) ?? null;

  connection.onHover((p) => {
    const d = docFor(state, p.textDocument.uri);
    return d ? service.hover(d, p.position, liveOf(d.uri), aroundOf(state, d.uri)) : null;
  });

  connection.onCompletion((p) => {
    const d = docFor(state, p.textDocument.uri);
    return d ? service.complete(d, p.position, { snippets: state.client.snippetSupport }) : null;
  });

  connection.onCodeAction((p) => {
    const d = docFor(state, p.textDocument.uri);
    if (!d) return [];
    const actions = service.codeActions(d, p.range, {
      ips: liveOf(d.uri),
      only: p.context.only,
      lazyFixAll: state.client.resolvesEdits,
      around: aroundOf(state, d.uri),
    });
    // releasing IPs is not an edit: the VS Code client has a command for it (with its confirmation)
    const wantsQuickFix = !p.context.only || p.context.only.some((k) => k.startsWith(CodeActionKind.QuickFix));
    if (state.client.clientCommands && wantsQuickFix) {
      for (const diag of p.context.diagnostics.filter((x) => x.code === "private-app-has-public-ips")) {
        actions.push({
          title: "Release the public IPs of this app…",
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          command: { title: "Release public IPs", command: CLIENT_COMMANDS.releasePublic, arguments: [d.uri] },
        });
      }
      for (const diag of p.context.diagnostics.filter((x) => x.code === "app-name-missing")) {
        actions.push({
          title: "Pick the app of this fly.toml…",
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: true,
          command: { title: "Pick the app", command: CLIENT_COMMANDS.pickApp, arguments: [d.uri] },
        });
      }
      // secrets out of fly.toml: a plan the client shows first, never part of fix all
      const secretDiags = p.context.diagnostics.filter((x) => x.code === "env-secret-like");
      if (secretDiags.length) {
        const keyOf = (r: Range) => d.getText(r).replace(/^["']|["']$/g, "");
        const all = service
          .validate(d, liveOf(d.uri), aroundOf(state, d.uri))
          .filter((x) => x.code === "env-secret-like")
          .map((x) => keyOf(x.range));
        for (const diag of secretDiags)
          actions.push({
            title: `Move ${keyOf(diag.range)} to Fly secrets…`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diag],
            command: { title: "Move to Fly secrets", command: CLIENT_COMMANDS.moveSecrets, arguments: [d.uri, [keyOf(diag.range)]] },
          });
        if (all.length > 1)
          actions.push({
            title: `Move all ${all.length} secret-looking values of [env] to Fly secrets…`,
            kind: CodeActionKind.QuickFix,
            diagnostics: secretDiags,
            command: { title: "Move to Fly secrets", command: CLIENT_COMMANDS.moveSecrets, arguments: [d.uri, all] },
          });
      }
      // a dedicated IPv4 is billed: the client's command asks first, and says so
      for (const diag of p.context.diagnostics.filter((x) => x.code === "service-needs-dedicated-ipv4")) {
        actions.push({
          title: "Allocate a dedicated IPv4 for this app (billed monthly)…",
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          command: { title: "Allocate a dedicated IPv4", command: CLIENT_COMMANDS.allocateDedicatedV4, arguments: [d.uri] },
        });
      }
    }
    return actions;
  });

  // "fix all" is computed when it is picked, on the document as it is then
  connection.onCodeActionResolve((action) => {
    const uri = (action.data as { fixAll?: string } | undefined)?.fixAll;
    const d = uri ? docFor(state, uri) : undefined;
    if (d) action.edit = service.fixAllEdit(d, liveOf(d.uri), aroundOf(state, d.uri)) ?? { changes: {} };
    return action;
  });

  async function format(uri: string, options: { tabSize: number; insertSpaces: boolean }, range?: Range) {
    const d = docFor(state, uri);
    if (!d) return null;
    const version = d.version;
    try {
      const edits = await service.format(d, options, range);
      if (state.documents.get(uri)?.version !== version)
        throw new ResponseError(LSPErrorCodes.ContentModified, "fly.toml changed while it was being formatted");
      return edits;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      const message = e instanceof FormatError ? e.message : `formatting failed: ${(e as Error).message}`;
      throw new ResponseError(LSPErrorCodes.RequestFailed, `fly.toml: ${message}`);
    }
  }
  connection.onDocumentFormatting((p) => format(p.textDocument.uri, p.options));
  connection.onDocumentRangeFormatting((p) => format(p.textDocument.uri, p.options, p.range));

  connection.onDocumentSymbol((p) => {
    const d = docFor(state, p.textDocument.uri);
    return d ? service.symbols(d) : [];
  });
  connection.onFoldingRanges((p) => {
    const d = docFor(state, p.textDocument.uri);
    return d ? service.folding(d) : [];
  });
}
