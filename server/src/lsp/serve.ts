/**
 * The language server's wiring, whatever carries it: stdio, IPC or a socket in Node (server.ts), a web worker in
 * vscode.dev and github.dev (browser-server.ts). What only a disk gives is passed in by the host.
 */
import { TextDocument } from "vscode-languageserver-textdocument";
import { TextDocuments, type Connection } from "vscode-languageserver/node";
import { registerDiagnostics, validator } from "./diagnostics";
import { registerFeatures } from "./features";
import { registerFlyProtocol } from "./fly";
import { registerSettings } from "./settings";
import type { AroundHost, ServerState } from "./state";
import { createLanguageService, RULES } from "../service";
import type { Formatter } from "../service/format";

interface ServerHost {
  /** TOML formatting (taplo in a worker thread); without it formatting answers that none is available. */
  formatter?: Formatter;
  /** The files around fly.toml on disk; without a disk, nothing around it. */
  around: AroundHost;
  /** A file's bytes on disk (to say that a fly.toml is not UTF-8); without a disk, undefined. */
  readBytes?: (path: string) => Uint8Array | undefined;
  shutdown?: () => void;
}

export function serve(connection: Connection, host: ServerHost): ServerState {
  const state: ServerState = {
    connection,
    documents: new TextDocuments(TextDocument),
    // a rule group that is off is neither shown nor fixed in bulk; TOML syntax errors that another extension
    // reports are not shown twice
    service: createLanguageService({
      formatter: host.formatter,
      clientCommands: () => state.client.clientCommands,
      shown: (rule) =>
        state.settings.diagnostics?.[RULES[rule].group] !== false &&
        !(rule === "toml-syntax" && state.settings.syntaxErrorsElsewhere === true),
    }),
    client: { snippetSupport: false, clientCommands: false, resolvesEdits: false, configurationSupport: false, watchesFiles: false },
    around: host.around,
    readBytes: host.readBytes,
    formats: host.formatter !== undefined,
    settings: {},
    live: new Map(),
    validate: async () => undefined,
  };
  const settings = registerSettings(state);
  state.validate = validator(state, settings.ready);
  registerDiagnostics(state);
  registerFeatures(state);
  registerFlyProtocol(state);
  connection.onShutdown(() => host.shutdown?.());
  state.documents.listen(connection);
  connection.listen();
  return state;
}
