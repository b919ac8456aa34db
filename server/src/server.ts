/** The language server: the fly.toml language service behind LSP (stdio, node-ipc or socket, from argv). */
import { pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { createConnection, ProposedFeatures, TextDocuments, type Connection } from "vscode-languageserver/node";
import { registerDiagnostics, validator } from "./lsp/diagnostics";
import { registerFeatures } from "./lsp/features";
import { registerFlyProtocol } from "./lsp/fly";
import { registerSettings } from "./lsp/settings";
import type { ServerState } from "./lsp/state";
import { createLanguageService, RULES } from "./service";
import { TaploFormatter } from "./taplo/client";
import { AroundCache } from "./around-disk";

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const taplo = new TaploFormatter();
  const state: ServerState = {
    connection,
    documents: new TextDocuments(TextDocument),
    // a rule group that is off is neither shown nor fixed in bulk; TOML syntax errors that another extension
    // reports are not shown twice
    service: createLanguageService({
      formatter: taplo.format,
      clientCommands: () => state.client.clientCommands,
      shown: (rule) =>
        state.settings.diagnostics?.[RULES[rule].group] !== false &&
        !(rule === "toml-syntax" && state.settings.syntaxErrorsElsewhere === true),
    }),
    client: { snippetSupport: false, clientCommands: false, resolvesEdits: false, configurationSupport: false, watchesFiles: false },
    // a file around fly.toml that the client syncs (an open Dockerfile buffer) is read as the editor has it
    around: new AroundCache(
      (line) => connection.console.log(line),
      (path) => state.documents.get(pathToFileURL(path).toString())?.getText(),
    ),
    settings: {},
    live: new Map(),
    validate: async () => undefined,
  };
  const settings = registerSettings(state);
  state.validate = validator(state, settings.ready);
  registerDiagnostics(state);
  registerFeatures(state);
  registerFlyProtocol(state);
  connection.onShutdown(() => taplo.stop());
  state.documents.listen(connection);
  connection.listen();
  return connection;
}
