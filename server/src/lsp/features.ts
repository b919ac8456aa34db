/** The editor features: hover, completion, code actions (and resolving "fix all"), formatting, symbols, folding. */
import { CodeActionKind, LSPErrorCodes, ResponseError, type Range } from "vscode-languageserver/node";
import { FormatError } from "../service";
import { clientActions } from "./client-actions";
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
      live: liveOf(d.uri),
      only: p.context.only,
      lazyFixAll: state.client.resolvesEdits,
      around: aroundOf(state, d.uri),
    });
    // releasing IPs, picking the app…: not edits, the VS Code client has a command for each (asked first there)
    const wantsQuickFix = !p.context.only || p.context.only.some((k) => k.startsWith(CodeActionKind.QuickFix));
    if (state.client.clientCommands && wantsQuickFix)
      actions.push(
        ...clientActions(d, p.context.diagnostics, () =>
          service
            .validate(d, liveOf(d.uri), aroundOf(state, d.uri))
            .filter((x) => x.code === "env-secret-like")
            .map((x) => x.range),
        ),
      );
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
